//! `DbClock`: the Diesel `Instrumentation` every pooled connection carries. Diesel calls it
//! around each statement it sends through its driver (`StartQuery` … `FinishQuery`, also for
//! `batch_execute`, which is how it sends `BEGIN`/`COMMIT`/`PRAGMA`), so it gives both:
//! - the request's `Server-Timing: db` (spec/README.md): the sum of those intervals;
//! - the statement log of CRUDBENCH_SQL_LOG (SQLite only): one line per `StartQuery`.
//!
//! It lives inside the connection (`Connection::set_instrumentation`), so each pooled
//! connection has its own and no lock or atomic is needed: the store resets it when a request
//! takes the connection and reads it when the request gives it back
//! (`Connection::instrumentation`, downcast to `DbClock`).

use std::fs::File;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::Connection;

#[derive(Debug, Default)]
pub struct DbClock {
    spent: Duration,
    started: Option<Instant>,
    /// CRUDBENCH_SQL_LOG, opened for appending. Only set while crudbench counts statements,
    /// never during timed rounds.
    sql_log: Option<Arc<File>>,
}

impl DbClock {
    pub fn new(sql_log: Option<Arc<File>>) -> Self {
        Self {
            sql_log,
            ..Self::default()
        }
    }

    /// Starts a request's count from zero.
    pub fn reset(conn: &mut impl Connection) {
        if let Some(clock) = conn.instrumentation().downcast_mut::<DbClock>() {
            clock.spent = Duration::ZERO;
        }
    }

    /// The time spent inside Diesel's driver calls since `reset`.
    pub fn spent(conn: &mut impl Connection) -> Duration {
        conn.instrumentation()
            .downcast_ref::<DbClock>()
            .map_or(Duration::ZERO, |clock| clock.spent)
    }
}

impl Instrumentation for DbClock {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { query, .. } => {
                if let Some(log) = &self.sql_log {
                    // Diesel's rendering of the statement: its SQL and its bind values.
                    let line = format!("{query}").replace('\n', " ") + "\n";
                    // One write per line: O_APPEND keeps lines whole across threads.
                    let _ = (&**log).write_all(line.as_bytes());
                }
                // After the log line, so that writing it is not counted as `db`.
                self.started = Some(Instant::now());
            }
            InstrumentationEvent::FinishQuery { .. } => {
                if let Some(started) = self.started.take() {
                    self.spent += started.elapsed();
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::connection::SimpleConnection;
    use diesel::{RunQueryDsl, SqliteConnection};

    #[test]
    fn times_and_logs_every_statement_diesel_runs() {
        let log_path = std::env::temp_dir().join(format!("db-clock-{}.log", std::process::id()));
        let log = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(true)
            .open(&log_path)
            .unwrap();
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.set_instrumentation(DbClock::new(Some(Arc::new(log))));

        conn.batch_execute("CREATE TABLE t (x INTEGER)").unwrap();
        DbClock::reset(&mut conn);
        assert_eq!(DbClock::spent(&mut conn), Duration::ZERO);
        conn.batch_execute("INSERT INTO t VALUES (1)").unwrap();
        diesel::sql_query("SELECT x FROM t\nWHERE x = 1").execute(&mut conn).unwrap();
        assert!(DbClock::spent(&mut conn) > Duration::ZERO);

        let lines = std::fs::read_to_string(&log_path).unwrap();
        std::fs::remove_file(&log_path).unwrap();
        let lines: Vec<&str> = lines.lines().collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[2].starts_with("SELECT x FROM t WHERE x = 1"), "{}", lines[2]);
    }

    #[test]
    fn a_connection_without_a_clock_reports_nothing() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        conn.batch_execute("SELECT 1").unwrap();
        DbClock::reset(&mut conn);
        assert_eq!(DbClock::spent(&mut conn), Duration::ZERO);
    }
}
