//! The in-memory linker, host symbol resolution, crash guard and entry call (being written; see issue 4).
