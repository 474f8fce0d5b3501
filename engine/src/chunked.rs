//! `Transfer-Encoding: chunked`, decoded in place in the read buffer.
//!
//! Each chunk's data is moved left over the size lines before it, so the body ends up
//! contiguous right after the head without a second buffer: the timed path allocates
//! nothing for a chunked body that fits the read buffer.

use crate::protocol::{Cause, Failure};

/// Trailer fields are read (to find the end of the message) and dropped.
const MAX_TRAILERS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Size,
    Data(u64),
    DataEnd,
    Trailers,
    Done,
}

#[derive(Debug)]
pub struct Dechunker {
    state: State,
    /// Next raw byte to decode.
    pos: usize,
    /// End of the decoded body so far; the body starts where the head ended.
    body_end: usize,
}

impl Dechunker {
    pub fn new(body_start: usize) -> Dechunker {
        Dechunker {
            state: State::Size,
            pos: body_start,
            body_end: body_start,
        }
    }

    pub fn body_end(&self) -> usize {
        self.body_end
    }

    /// End of the raw message once [`Dechunker::advance`] returned true.
    pub fn message_end(&self) -> usize {
        self.pos
    }

    /// Decodes what `buf[..filled]` holds; true once the last chunk and trailers are in.
    pub fn advance(&mut self, buf: &mut [u8], filled: usize) -> Result<bool, Failure> {
        loop {
            let raw = &buf[self.pos..filled];
            match self.state {
                State::Size => {
                    // httparse reads an empty size line as 0; a size needs a digit.
                    match raw.first() {
                        None => return Ok(false),
                        Some(b) if !b.is_ascii_hexdigit() => {
                            return Err(bad("chunk size is not hexadecimal"))
                        }
                        Some(_) => {}
                    }
                    match httparse::parse_chunk_size(raw) {
                        Ok(httparse::Status::Complete((used, size))) => {
                            self.pos += used;
                            self.state = if size == 0 {
                                State::Trailers
                            } else {
                                State::Data(size)
                            };
                        }
                        Ok(httparse::Status::Partial) => return Ok(false),
                        Err(_) => return Err(bad("bad chunk size line")),
                    }
                }
                State::Data(left) => {
                    if raw.is_empty() {
                        return Ok(false);
                    }
                    let take = raw.len().min(usize::try_from(left).unwrap_or(usize::MAX));
                    buf.copy_within(self.pos..self.pos + take, self.body_end);
                    self.pos += take;
                    self.body_end += take;
                    let left = left - take as u64;
                    self.state = if left == 0 {
                        State::DataEnd
                    } else {
                        State::Data(left)
                    };
                }
                State::DataEnd => {
                    if raw.len() < 2 {
                        return Ok(false);
                    }
                    if &raw[..2] != b"\r\n" {
                        return Err(bad("chunk data longer than its size"));
                    }
                    self.pos += 2;
                    self.state = State::Size;
                }
                State::Trailers => {
                    let mut fields = [httparse::EMPTY_HEADER; MAX_TRAILERS];
                    match httparse::parse_headers(raw, &mut fields) {
                        Ok(httparse::Status::Complete((used, _))) => {
                            self.pos += used;
                            self.state = State::Done;
                        }
                        Ok(httparse::Status::Partial) => return Ok(false),
                        Err(e) => return Err(bad(&format!("bad trailer section: {e}"))),
                    }
                }
                State::Done => return Ok(true),
            }
        }
    }

    /// Bytes announced by the chunk being read that have not arrived: the body would need
    /// this much more room.
    pub fn pending_data(&self) -> u64 {
        match self.state {
            State::Data(left) => left,
            _ => 0,
        }
    }

    /// Drops decoded-away raw bytes (size lines) before reading more, so a body that fits
    /// the buffer never grows it. Returns how far the undecoded bytes moved left.
    pub fn compact(&mut self, buf: &mut [u8], filled: usize) -> usize {
        let gap = self.pos - self.body_end;
        if gap > 0 {
            buf.copy_within(self.pos..filled, self.body_end);
            self.pos = self.body_end;
        }
        gap
    }
}

fn bad(what: &str) -> Failure {
    Failure::new(Cause::Malformed, what)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `raw` to the decoder `step` bytes at a time, as a slow network would.
    fn decode(raw: &[u8], step: usize) -> Result<(Vec<u8>, usize), Failure> {
        let mut buf = raw.to_vec();
        let mut chunker = Dechunker::new(0);
        let mut filled = 0;
        while filled < raw.len() {
            filled = (filled + step).min(raw.len());
            if chunker.advance(&mut buf, filled)? {
                return Ok((buf[..chunker.body_end()].to_vec(), chunker.message_end()));
            }
        }
        Err(Failure::new(Cause::Closed, "incomplete"))
    }

    const SAMPLE: &[u8] = b"4;name=\"v\"\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nx-check: 1\r\n\r\n";

    #[test]
    fn decodes_extensions_and_trailers_at_every_split() {
        for step in 1..=SAMPLE.len() {
            let (body, end) = decode(SAMPLE, step).unwrap();
            assert_eq!(body, b"{\"a\":1}", "step {step}");
            assert_eq!(end, SAMPLE.len(), "step {step}");
        }
    }

    #[test]
    fn rejects_bad_syntax() {
        for raw in [
            &b"zz\r\nab\r\n0\r\n\r\n"[..],
            b"\r\n",
            b"2\r\nabc\r\n0\r\n\r\n",
            b"0\r\nno colon\r\n\r\n",
        ] {
            let failure = decode(raw, raw.len()).unwrap_err();
            assert_eq!(
                failure.cause,
                Cause::Malformed,
                "{:?}",
                String::from_utf8_lossy(raw)
            );
        }
    }
}
