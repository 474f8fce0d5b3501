//! crudbench's native timing engine.
//!
//! Node plans the requests and judges the responses; this crate only sends them, one at a
//! time on a blocking keep-alive connection, and times each from the first byte written to
//! the last byte read. See `README.md` for the stdin/stdout protocol.

mod chunked;
mod connection;
mod engine;
mod head;
mod http;
pub mod protocol;

pub use engine::Engine;
