//! Work in progress: see the open issue for graph-comms-http.
