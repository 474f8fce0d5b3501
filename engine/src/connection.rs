//! One blocking TCP connection to the target, with a deadline on every read and write.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// A read or write may wait this much past the deadline rather than pay a `setsockopt` to
/// shrink the socket timeout by less: it keeps the syscall out of the usual timed read.
const SLACK: Duration = Duration::from_millis(1);

/// When a request must be finished, and the timeout it came from (for messages).
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    pub at: Instant,
    pub after: Duration,
}

impl Deadline {
    fn remaining(&self) -> io::Result<Duration> {
        match self.at.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Ok(left),
            _ => Err(ErrorKind::TimedOut.into()),
        }
    }
}

pub struct Connection {
    stream: TcpStream,
    /// Requests sent on this connection so far; the next one is `reused` when > 0.
    carried: u64,
    /// The socket's current timeouts, cached so unchanged ones cost no syscall.
    read_timeout: Duration,
    write_timeout: Duration,
}

impl Connection {
    pub fn open(addr: SocketAddr, timeout: Duration) -> io::Result<Connection> {
        let stream = TcpStream::connect_timeout(&addr, timeout)?;
        // Requests are written in one piece and answered before the next: Nagle's algorithm
        // could only hold a segment back waiting for an ACK.
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream,
            carried: 0,
            read_timeout: Duration::ZERO,
            write_timeout: Duration::ZERO,
        })
    }

    pub fn is_reused(&self) -> bool {
        self.carried > 0
    }

    pub fn count_request(&mut self) {
        self.carried += 1;
    }

    /// Whether a kept-alive connection can carry another request: the server has not
    /// closed it while idle and sent nothing unasked. Checked before the clock starts, so a
    /// server's idle timeout between batches costs a reconnect, not a failed request.
    pub fn is_idle_and_open(&mut self) -> bool {
        let mut probe = [0u8; 1];
        if self.stream.set_nonblocking(true).is_err() {
            return false;
        }
        let state = self.stream.peek(&mut probe);
        let restored = self.stream.set_nonblocking(false).is_ok();
        match state {
            Err(e) if e.kind() == ErrorKind::WouldBlock => restored,
            Ok(0) => false,
            Ok(_) => {
                eprintln!(
                    "crudbench-engine: unsolicited bytes on an idle connection; reconnecting"
                );
                false
            }
            Err(_) => false,
        }
    }

    /// Sets both socket timeouts to a request's full timeout, before its clock starts.
    pub fn arm(&mut self, timeout: Duration) -> io::Result<()> {
        if self.read_timeout != timeout {
            self.stream.set_read_timeout(Some(timeout))?;
            self.read_timeout = timeout;
        }
        if self.write_timeout != timeout {
            self.stream.set_write_timeout(Some(timeout))?;
            self.write_timeout = timeout;
        }
        Ok(())
    }

    /// Writes all of `bytes` by the deadline. A request fits one `write` in practice; the
    /// loop is for a server that stops reading.
    pub fn write_all(&mut self, mut bytes: &[u8], deadline: Deadline) -> io::Result<()> {
        while !bytes.is_empty() {
            let left = deadline.remaining()?;
            if self.write_timeout > left + SLACK {
                self.stream.set_write_timeout(Some(left))?;
                self.write_timeout = left;
            }
            match self.stream.write(bytes) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => bytes = &bytes[n..],
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// One `read` that returns by the deadline. Each call shrinks the socket timeout to
    /// what is left, so a server dripping a byte at a time cannot stretch the request.
    pub fn read(&mut self, buf: &mut [u8], deadline: Deadline) -> io::Result<usize> {
        loop {
            let left = deadline.remaining()?;
            if self.read_timeout > left + SLACK {
                self.stream.set_read_timeout(Some(left))?;
                self.read_timeout = left;
            }
            match self.stream.read(buf) {
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                other => return other,
            }
        }
    }
}
