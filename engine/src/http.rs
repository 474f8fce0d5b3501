//! One HTTP/1.1 exchange: the request encoded before the clock starts, the response read
//! while it runs, and turned into owned JSON-ready values after it stopped.
//!
//! While timed, the response lives only in the reused read buffer: the head is parsed in
//! place (httparse borrows it) and only what framing needs is kept, as offsets.

use std::io::{self, ErrorKind};
use std::ops::Range;

use crate::chunked::Dechunker;
use crate::connection::{Connection, Deadline};
use crate::head::{self, Framing, MAX_BODY_BYTES};
use crate::protocol::{Cause, Failure, PlannedRequest};

const MAX_HEAD_BYTES: usize = 1 << 20;

/// Writes the whole request, head and body, into `out`, so it leaves in one `write`.
pub fn encode_request(out: &mut Vec<u8>, request: &PlannedRequest, host: &str) {
    out.clear();
    for part in [
        &request.method,
        " ",
        &request.path,
        " HTTP/1.1\r\nHost: ",
        host,
        "\r\n",
    ] {
        out.extend_from_slice(part.as_bytes());
    }
    for (name, value) in &request.headers {
        for part in [name.as_str(), ": ", value, "\r\n"] {
            out.extend_from_slice(part.as_bytes());
        }
    }
    if let Some(body) = &request.body {
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        out.extend_from_slice(body.as_bytes());
    } else {
        out.extend_from_slice(b"\r\n");
    }
}

/// Where a complete response sits in the read buffer.
#[derive(Debug)]
pub struct Frame {
    pub head: Range<usize>,
    pub body: Range<usize>,
    /// The server will take another request on this connection.
    pub keep_alive: bool,
}

/// Reads exactly one response (skipping 1xx interim ones) into `buf`.
pub fn read_response(
    conn: &mut Connection,
    buf: &mut Vec<u8>,
    head_request: bool,
    deadline: Deadline,
) -> Result<Frame, Failure> {
    let mut filled = 0;
    let mut start = 0;
    let (head_end, framing, mut keep_alive) = loop {
        match head::parse(&buf[start..filled], head_request)? {
            Some(head) if (100..200).contains(&head.status) => start += head.len,
            Some(head) => break (start + head.len, head.framing, head.keep_alive),
            None => {
                if filled == buf.len() {
                    grow(buf, filled + 1, MAX_HEAD_BYTES)
                        .map_err(|_| malformed("response head larger than 1 MiB"))?;
                }
                match conn.read(&mut buf[filled..], deadline) {
                    Ok(0) if filled == 0 => {
                        return Err(closed("server closed the connection without responding"))
                    }
                    Ok(0) => {
                        return Err(closed(
                            "server closed the connection in the middle of the response head",
                        ))
                    }
                    Ok(n) => filled += n,
                    Err(e) => return Err(io_failure(e, deadline)),
                }
            }
        }
    };
    let (body, end) = match framing {
        Framing::Empty => (head_end..head_end, head_end),
        Framing::Length(length) => {
            let end = head_end + length as usize;
            grow(buf, end + 1, usize::MAX).expect("a buffer within the body limit");
            while filled < end {
                match conn.read(&mut buf[filled..], deadline) {
                    Ok(0) => {
                        let got = filled - head_end;
                        return Err(Failure::new(
                            Cause::LengthMismatch,
                            format!(
                                "server closed the connection after {got} of {length} body bytes"
                            ),
                        ));
                    }
                    Ok(n) => filled += n,
                    Err(e) => return Err(io_failure(e, deadline)),
                }
            }
            (head_end..end, end)
        }
        Framing::Chunked => {
            let mut chunker = Dechunker::new(head_end);
            while !chunker.advance(buf, filled)? {
                filled -= chunker.compact(buf, filled);
                // Room for the rest of the announced chunk, at least one byte.
                let need = filled as u64 + chunker.pending_data().max(1);
                if need - head_end as u64 > MAX_BODY_BYTES {
                    return Err(malformed("chunked body larger than 64 MiB"));
                }
                grow(buf, (need as usize).max(filled + 1), usize::MAX)
                    .expect("a buffer within the body limit");
                match conn.read(&mut buf[filled..], deadline) {
                    Ok(0) => {
                        return Err(closed(
                            "server closed the connection in the middle of a chunked body",
                        ))
                    }
                    Ok(n) => filled += n,
                    Err(e) => return Err(io_failure(e, deadline)),
                }
            }
            (head_end..chunker.body_end(), chunker.message_end())
        }
        Framing::UntilClose => {
            keep_alive = false;
            loop {
                if filled as u64 >= MAX_BODY_BYTES + head_end as u64 {
                    return Err(malformed("body larger than 64 MiB"));
                }
                grow(buf, filled + 1, usize::MAX).expect("a buffer within the body limit");
                match conn.read(&mut buf[filled..], deadline) {
                    Ok(0) => break,
                    Ok(n) => filled += n,
                    Err(e) => return Err(io_failure(e, deadline)),
                }
            }
            (head_end..filled, filled)
        }
    };
    if filled > end {
        return Err(malformed(format!(
            "{} bytes after the end of the response",
            filled - end
        )));
    }
    Ok(Frame {
        head: start..head_end,
        body,
        keep_alive,
    })
}

/// Makes `buf` at least `len` bytes long (doubling, so growth is rare), up to `limit`.
fn grow(buf: &mut Vec<u8>, len: usize, limit: usize) -> Result<(), ()> {
    if len > limit {
        return Err(());
    }
    if buf.len() < len {
        buf.resize(len.max(buf.len() * 2).min(limit.max(len)), 0);
    }
    Ok(())
}

/// A response as owned values, built after the clock stopped.
pub struct Owned {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

pub fn into_owned(frame: &Frame, buf: &[u8]) -> Result<Owned, Failure> {
    let (status, headers) = head::to_owned(&buf[frame.head.clone()]);
    let body = std::str::from_utf8(&buf[frame.body.clone()])
        .map_err(|e| Failure::new(Cause::InvalidUtf8, format!("body is not UTF-8: {e}")))?;
    Ok(Owned {
        status,
        headers,
        body: body.to_owned(),
    })
}

fn io_failure(error: io::Error, deadline: Deadline) -> Failure {
    match error.kind() {
        // SO_RCVTIMEO/SO_SNDTIMEO expiry is EAGAIN on Linux; `Deadline` says TimedOut.
        ErrorKind::WouldBlock | ErrorKind::TimedOut => Failure::new(
            Cause::Timeout,
            format!(
                "no complete response within {} ms",
                deadline.after.as_millis()
            ),
        ),
        _ => closed(format!("connection failed: {error}")),
    }
}

pub(crate) fn malformed(message: impl Into<String>) -> Failure {
    Failure::new(Cause::Malformed, message)
}

fn closed(message: impl Into<String>) -> Failure {
    Failure::new(Cause::Closed, message)
}
