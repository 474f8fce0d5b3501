//! The JSON-lines protocol: one batch per stdin line, one answer per stdout line.
//!
//! Everything here runs outside the timed region: a batch is parsed and validated whole
//! before its first request is sent, and its answer is serialised after the last one.

use serde::{Deserialize, Serialize, Serializer};

/// One input line: requests to run in order on the engine's connection.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    /// Echoed in the answer, so the caller can pair answers with batches.
    pub batch: u64,
    /// Deadline of each request, from its first byte written to its last byte read.
    pub timeout_ms: u64,
    pub requests: Vec<PlannedRequest>,
    /// Stop after this many failed requests in a row; the answer then has fewer results than
    /// requests. Lets a stalled server cost a few timeouts instead of one per planned request.
    #[serde(default)]
    pub stop_after_failures: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedRequest {
    pub method: String,
    /// Origin form (`/tasks?limit=2`), sent as given: the caller encodes it.
    pub path: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// Sent byte for byte with a `Content-Length`. Absent = no body and no `Content-Length`;
    /// `""` = an empty body announced as `Content-Length: 0`.
    pub body: Option<String>,
}

/// A deadline is an `Instant` plus the timeout: a bound keeps that sum from overflowing.
const MAX_TIMEOUT_MS: u64 = 3_600_000;

/// Header names the engine writes itself: a caller's copy would contradict the framing.
const ENGINE_HEADERS: [&str; 3] = ["host", "content-length", "transfer-encoding"];

impl Batch {
    /// Parses and checks one input line. The error is the answer's `error` text.
    pub fn parse(line: &[u8]) -> Result<Batch, String> {
        let batch: Batch =
            serde_json::from_slice(line).map_err(|e| format!("bad request line: {e}"))?;
        if !(1..=MAX_TIMEOUT_MS).contains(&batch.timeout_ms) {
            return Err(format!(
                "timeout_ms must be 1 to {MAX_TIMEOUT_MS} (one hour)"
            ));
        }
        for (i, request) in batch.requests.iter().enumerate() {
            request.check().map_err(|e| format!("requests[{i}]: {e}"))?;
        }
        Ok(batch)
    }
}

impl PlannedRequest {
    /// Rejects anything that would let a field break out of its place in the request head
    /// (a CR/LF in a path or value would smuggle in headers or a second request).
    fn check(&self) -> Result<(), String> {
        if !is_token(&self.method) {
            return Err(format!("method {:?} is not an HTTP token", self.method));
        }
        let visible_ascii = self.path.bytes().all(|b| (0x21..=0x7e).contains(&b));
        if !self.path.starts_with('/') || !visible_ascii {
            return Err(format!(
                "path {:?} must start with / and hold only visible ASCII",
                self.path
            ));
        }
        for (name, value) in &self.headers {
            if !is_token(name) {
                return Err(format!("header name {name:?} is not an HTTP token"));
            }
            if ENGINE_HEADERS
                .iter()
                .any(|own| name.eq_ignore_ascii_case(own))
            {
                return Err(format!("header {name:?} is set by the engine"));
            }
            if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
                return Err(format!("header {name:?} has a CR, LF or NUL in its value"));
            }
        }
        Ok(())
    }

    pub fn is_head(&self) -> bool {
        self.method == "HEAD"
    }

    /// The caller may ask the server to close after this request.
    pub fn asks_close(&self) -> bool {
        self.headers.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("connection") && has_token(value, "close")
        })
    }
}

/// RFC 9110 token: what a method or a header name may be made of.
fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether a comma-separated header value (`Connection`, `Transfer-Encoding`) lists `token`.
pub fn has_token(value: &str, token: &str) -> bool {
    value
        .split(',')
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

/// The answer to a batch.
#[derive(Debug, Serialize)]
pub struct Answer {
    pub batch: u64,
    /// Connections opened while running this batch; 0 when it all rode an existing one.
    pub connections_opened: u32,
    /// One per planned request, in order.
    pub results: Vec<Outcome>,
}

/// The answer to a line that is not a valid batch. `batch` is always `null`: the line
/// could not be trusted to name one.
#[derive(Debug, Serialize)]
pub struct Rejection {
    pub batch: Option<u64>,
    pub error: String,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Outcome {
    Completed(Completed),
    Failed(Failed),
}

/// A complete, well-framed HTTP response. Whether it is the *right* response is Node's call.
#[derive(Debug, Serialize)]
pub struct Completed {
    pub ok: Flag<true>,
    pub status: u16,
    /// Every header in order, names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// First byte written to last byte read.
    pub elapsed_ns: u64,
    /// The connection had carried a request before this one.
    pub reused: bool,
}

/// A request without a usable response. Never a sample: Node counts it as an error.
#[derive(Debug, Serialize)]
pub struct Failed {
    pub ok: Flag<false>,
    pub cause: Cause,
    pub message: String,
    /// Until the failure was seen; for `connect`, the time spent connecting.
    pub elapsed_ns: u64,
    pub reused: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    Connect,
    Timeout,
    Closed,
    Malformed,
    LengthMismatch,
    InvalidUtf8,
}

/// Why a request failed, before it is placed in a [`Failed`] with its timing.
#[derive(Debug)]
pub struct Failure {
    pub cause: Cause,
    pub message: String,
}

impl Failure {
    pub fn new(cause: Cause, message: impl Into<String>) -> Failure {
        Failure {
            cause,
            message: message.into(),
        }
    }
}

/// `ok` as a constant, so a `Completed` cannot say `false` nor a `Failed` say `true`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Flag<const B: bool>;

impl<const B: bool> Serialize for Flag<B> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bool(B)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(line: &str) -> String {
        Batch::parse(line.as_bytes()).unwrap_err()
    }

    #[test]
    fn accepts_the_documented_example() {
        let line = r#"{"batch": 7, "timeout_ms": 10000, "requests": [{"method": "POST", "path": "/tasks", "headers": [["content-type", "application/json"]], "body": "{\"title\":\"x\"}"}]}"#;
        let batch = Batch::parse(line.as_bytes()).unwrap();
        assert_eq!(
            batch.requests[0].headers,
            [("content-type".to_string(), "application/json".to_string())]
        );
        assert_eq!(batch.requests[0].body.as_deref(), Some(r#"{"title":"x"}"#));
    }

    #[test]
    fn rejects_lines_that_are_not_batches() {
        let get = r#"[{"method": "GET", "path": "/"}]"#;
        let cases = [
            (r#"{"batch": 1, "requests": []}"#.to_string(), "missing field `timeout_ms`"),
            (format!(r#"{{"batch": 1, "timeout_ms": 0, "requests": {get}}}"#), "timeout_ms must be 1 to"),
            (format!(r#"{{"batch": 1, "timeout_ms": 3600001, "requests": {get}}}"#), "timeout_ms must be 1 to"),
            (format!(r#"{{"batch": 1, "timeout_ms": 5, "requests": {get}, "x": 1}}"#), "unknown field `x`"),
            (r#"{"batch": 1, "timeout_ms": 5, "requests": [{"method": "G T", "path": "/"}]}"#.to_string(), "is not an HTTP token"),
            (r#"{"batch": 1, "timeout_ms": 5, "requests": [{"method": "GET", "path": "/a b"}]}"#.to_string(), "must start with /"),
            (r#"{"batch": 1, "timeout_ms": 5, "requests": [{"method": "GET", "path": "/", "headers": [["x", "a\r\nHost: evil"]]}]}"#.to_string(), "CR, LF or NUL"),
            (r#"{"batch": 1, "timeout_ms": 5, "requests": [{"method": "GET", "path": "/", "headers": [["Content-Length", "3"]]}]}"#.to_string(), "set by the engine"),
        ];
        for (line, expected) in cases {
            let error = error_of(&line);
            assert!(error.contains(expected), "{line} → {error}");
        }
    }
}
