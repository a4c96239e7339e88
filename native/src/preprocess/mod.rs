//! The C preprocessor (being written; see issue 4).
