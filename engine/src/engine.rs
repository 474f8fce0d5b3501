//! Runs batches: each request in turn on the kept-alive connection, timed on its own.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use crate::connection::{Connection, Deadline};
use crate::http::{self, Frame};
use crate::protocol::{
    Answer, Batch, Cause, Completed, Failed, Failure, Flag, Outcome, PlannedRequest,
};

/// Big enough that a Task API response never grows it; it grows (and stays grown) if one does.
const READ_BUFFER_BYTES: usize = 64 * 1024;

/// One target address and at most one open connection to it. Several connections later
/// means several engines (one process each), so this stays single-connection and simple.
pub struct Engine {
    addr: SocketAddr,
    /// `Host` header value: the address as given (`[::1]:8080` for IPv6).
    host: String,
    connection: Option<Connection>,
    /// Reused by every request: the timed path allocates only for a response that outgrows it.
    read_buf: Vec<u8>,
    write_buf: Vec<u8>,
}

impl Engine {
    pub fn new(addr: SocketAddr) -> Engine {
        Engine {
            addr,
            host: addr.to_string(),
            connection: None,
            read_buf: vec![0; READ_BUFFER_BYTES],
            write_buf: Vec::with_capacity(4096),
        }
    }

    pub fn run(&mut self, batch: &Batch) -> Answer {
        let timeout = Duration::from_millis(batch.timeout_ms);
        let mut connections_opened = 0;
        let mut results = Vec::with_capacity(batch.requests.len());
        let mut failures_in_a_row = 0;
        for request in &batch.requests {
            let outcome = self.execute(request, timeout, &mut connections_opened);
            failures_in_a_row = if matches!(outcome, Outcome::Failed(_)) {
                failures_in_a_row + 1
            } else {
                0
            };
            results.push(outcome);
            if batch
                .stop_after_failures
                .is_some_and(|limit| failures_in_a_row >= limit)
            {
                break;
            }
        }
        Answer {
            batch: batch.batch,
            connections_opened,
            results,
        }
    }

    fn execute(
        &mut self,
        request: &PlannedRequest,
        timeout: Duration,
        opened: &mut u32,
    ) -> Outcome {
        http::encode_request(&mut self.write_buf, request, &self.host);
        if let Err(failed) = self.ensure_connection(timeout, opened) {
            return Outcome::Failed(failed);
        }
        let conn = self.connection.as_mut().expect("a connection just ensured");
        let reused = conn.is_reused();
        if let Err(e) = conn.arm(timeout) {
            self.connection = None;
            let failure = Failure::new(Cause::Closed, format!("cannot set socket timeouts: {e}"));
            return Outcome::Failed(failed(failure, Duration::ZERO, reused));
        }
        conn.count_request();

        // The timed region: one write of the whole request, then reading one response.
        let start = Instant::now();
        let deadline = Deadline {
            at: start + timeout,
            after: timeout,
        };
        let exchange = match conn.write_all(&self.write_buf, deadline) {
            Ok(()) => http::read_response(conn, &mut self.read_buf, request.is_head(), deadline),
            Err(e) => Err(write_failure(e, deadline)),
        };
        let elapsed = start.elapsed();

        let outcome = exchange.and_then(|frame| {
            self.complete(&frame, elapsed, reused)
                .map(|c| (c, frame.keep_alive))
        });
        match outcome {
            Ok((completed, keep_alive)) => {
                if !keep_alive || request.asks_close() {
                    self.connection = None;
                }
                Outcome::Completed(completed)
            }
            // The connection's state is unknown after any failure: never send on it again.
            Err(failure) => {
                self.connection = None;
                Outcome::Failed(failed(failure, elapsed, reused))
            }
        }
    }

    /// Keeps the open connection if it is still usable, else opens one (before the clock).
    fn ensure_connection(&mut self, timeout: Duration, opened: &mut u32) -> Result<(), Failed> {
        if let Some(conn) = self.connection.as_mut() {
            if conn.is_idle_and_open() {
                return Ok(());
            }
            self.connection = None;
        }
        let start = Instant::now();
        match Connection::open(self.addr, timeout) {
            Ok(conn) => {
                self.connection = Some(conn);
                *opened += 1;
                Ok(())
            }
            Err(e) => {
                let message = format!("cannot connect to {}: {e}", self.addr);
                Err(failed(
                    Failure::new(Cause::Connect, message),
                    start.elapsed(),
                    false,
                ))
            }
        }
    }

    fn complete(
        &self,
        frame: &Frame,
        elapsed: Duration,
        reused: bool,
    ) -> Result<Completed, Failure> {
        let response = http::into_owned(frame, &self.read_buf)?;
        Ok(Completed {
            ok: Flag,
            status: response.status,
            headers: response.headers,
            body: response.body,
            elapsed_ns: nanos(elapsed),
            reused,
        })
    }
}

fn write_failure(error: std::io::Error, deadline: Deadline) -> Failure {
    use std::io::ErrorKind::{TimedOut, WouldBlock};
    match error.kind() {
        WouldBlock | TimedOut => Failure::new(
            Cause::Timeout,
            format!("request not sent within {} ms", deadline.after.as_millis()),
        ),
        _ => Failure::new(Cause::Closed, format!("cannot send the request: {error}")),
    }
}

fn failed(failure: Failure, elapsed: Duration, reused: bool) -> Failed {
    Failed {
        ok: Flag,
        cause: failure.cause,
        message: failure.message,
        elapsed_ns: nanos(elapsed),
        reused,
    }
}

fn nanos(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX)
}
