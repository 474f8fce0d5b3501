//! Response heads: parsed in place in the read buffer, reduced to what framing and
//! keep-alive need while timed, copied out as strings after the clock stopped.

use crate::http::malformed;
use crate::protocol::{has_token, Failure};

const MAX_HEADERS: usize = 100;
/// Far above any Task API response; a bogus `Content-Length` must not allocate gigabytes.
pub const MAX_BODY_BYTES: u64 = 64 << 20;

/// What reading a response head tells about the rest of the message.
pub struct Head {
    pub len: usize,
    pub status: u16,
    pub framing: Framing,
    pub keep_alive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    Empty,
    Length(u64),
    Chunked,
    UntilClose,
}

/// Parses a head if `bytes` hold a whole one. Runs in the timed path: no allocation
/// unless the head is rejected.
pub fn parse(bytes: &[u8], head_request: bool) -> Result<Option<Head>, Failure> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut fields);
    let len = match response.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(malformed(format!("not an HTTP/1.x response head: {e}"))),
    };
    let status = response.code.unwrap_or_default();
    if status == 101 {
        return Err(malformed("101 Switching Protocols was not asked for"));
    }
    let (mut length, mut chunked, mut until_close) = (None, false, false);
    // HTTP/1.1 keeps the connection unless told to close; HTTP/1.0 closes unless told not to.
    let mut keep_alive = response.version == Some(1);
    for field in response.headers.iter() {
        let value = std::str::from_utf8(field.value).unwrap_or("");
        if field.name.eq_ignore_ascii_case("content-length") {
            let parsed = parse_length(value)?;
            if length.is_some_and(|seen| seen != parsed) {
                return Err(malformed("conflicting Content-Length headers"));
            }
            length = Some(parsed);
        } else if field.name.eq_ignore_ascii_case("transfer-encoding") {
            // Only a final `chunked` delimits the body; any other coding runs to the close.
            let last = value.rsplit(',').next().unwrap_or("").trim();
            chunked = last.eq_ignore_ascii_case("chunked");
            until_close = !chunked;
        } else if field.name.eq_ignore_ascii_case("connection") {
            if has_token(value, "close") {
                keep_alive = false;
            } else if has_token(value, "keep-alive") {
                keep_alive = true;
            }
        }
    }
    let bodiless = head_request || (100..200).contains(&status) || status == 204 || status == 304;
    let framing = match (bodiless, chunked || until_close, length) {
        (true, _, _) => Framing::Empty,
        // Both is how request smuggling starts (RFC 9112 §6.3): never guess which one holds.
        (false, true, Some(_)) => {
            return Err(malformed("both Transfer-Encoding and Content-Length"))
        }
        (false, true, None) if chunked => Framing::Chunked,
        (false, true, None) => Framing::UntilClose,
        (false, false, Some(length)) => Framing::Length(length),
        (false, false, None) => Framing::UntilClose,
    };
    Ok(Some(Head {
        len,
        status,
        framing,
        keep_alive,
    }))
}

fn parse_length(value: &str) -> Result<u64, Failure> {
    let digits = value.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(format!("invalid Content-Length {value:?}")));
    }
    match digits.parse::<u64>() {
        Ok(length) if length <= MAX_BODY_BYTES => Ok(length),
        _ => Err(malformed(format!(
            "Content-Length {digits} is over the 64 MiB limit"
        ))),
    }
}

/// Status and headers (names lowercased, in order) of a head that [`parse`] accepted.
pub fn to_owned(head: &[u8]) -> (u16, Vec<(String, String)>) {
    let mut fields = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut response = httparse::Response::new(&mut fields);
    response
        .parse(head)
        .expect("a head that parsed while timed");
    let headers = response
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    (response.code.unwrap_or_default(), headers)
}
