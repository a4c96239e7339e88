//! The C frontend and code generator: lang-c parse, types, lowering to Cranelift, SysV ABI, object emission (being written; see issue 4).
