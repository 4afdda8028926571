//! Work in progress: see issue 10.
