//! SQLite through rusqlite (bundled SQLite) and an r2d2 pool. Every statement is
//! parameterised and prepared once per connection (rusqlite's statement cache).
//!
//! Reads run in parallel on any pooled connection (WAL: readers never block the writer).
//! Writes also use pooled connections but pass one in-process gate first: SQLite allows a
//! single writer at a time, and pooled connections racing for the write lock would wait in
//! SQLite's busy handler, which sleeps in steps of up to 100 ms; the gate makes them queue
//! instead. busy_timeout still covers writers in other processes (e.g. the harness).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::{params, Connection, ErrorCode, OpenFlags, Row};

use super::{StoreError, Task};
use crate::input::{Page, TaskInput};
use crate::timing::measure_blocking;

macro_rules! columns {
    () => {
        "id, title, description, completed, created_at, updated_at"
    };
}

const CHECK_TABLE: &str = concat!("SELECT ", columns!(), " FROM tasks LIMIT 0");
const INSERT: &str = concat!(
    "INSERT INTO tasks (title, description, completed, created_at, updated_at) ",
    "VALUES (?1, ?2, ?3, ?4, ?4) RETURNING ",
    columns!()
);
const SELECT_ONE: &str = concat!("SELECT ", columns!(), " FROM tasks WHERE id = ?1");
const SELECT_PAGE: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM tasks ORDER BY id LIMIT ?1 OFFSET ?2"
);
const UPDATE: &str = concat!(
    "UPDATE tasks SET title = ?1, description = ?2, completed = ?3, updated_at = ?4 ",
    "WHERE id = ?5 RETURNING ",
    columns!()
);
const DELETE: &str = "DELETE FROM tasks WHERE id = ?1";

/// The settings of spec/README.md, applied to every connection the pool opens.
/// journal_mode=WAL is persistent and already set by crudbench; repeating it is a no-op.
const PRAGMAS: &str = "PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA busy_timeout = 5000;
PRAGMA foreign_keys = ON;";

struct ConnectionManager {
    path: PathBuf,
    /// CRUDBENCH_SQL_LOG (spec/README.md): one line per statement SQLite runs. Only set while
    /// crudbench counts statements, never during timed rounds.
    sql_log: Option<Arc<File>>,
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = Connection;
    type Error = rusqlite::Error;

    fn connect(&self) -> Result<Connection, rusqlite::Error> {
        // No SQLITE_OPEN_CREATE: the harness creates the file from spec/schema/sqlite.sql.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&self.path, flags)?;
        if let Some(log) = &self.sql_log {
            let log = Arc::clone(log);
            conn.trace_v2(
                TraceEventCodes::SQLITE_TRACE_STMT,
                Some(move |event: TraceEvent<'_>| {
                    if let TraceEvent::Stmt(_, sql) = event {
                        // One write per line: O_APPEND keeps lines whole across workers.
                        let _ =
                            (&*log).write_all(format!("{}\n", sql.replace('\n', " ")).as_bytes());
                    }
                }),
            )?;
        }
        conn.execute_batch(PRAGMAS)?;
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut Connection) -> Result<(), rusqlite::Error> {
        conn.execute_batch("")
    }

    fn has_broken(&self, _conn: &mut Connection) -> bool {
        false
    }
}

pub struct SqliteStore {
    pool: r2d2::Pool<ConnectionManager>,
    write_gate: Mutex<()>,
}

impl SqliteStore {
    pub fn open(path: &str, pool_size: u32) -> Result<Self, String> {
        let sql_log = match std::env::var("CRUDBENCH_SQL_LOG") {
            Ok(log_path) => Some(Arc::new(
                OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&log_path)
                    .map_err(|error| {
                        format!("cannot open CRUDBENCH_SQL_LOG {log_path}: {error}")
                    })?,
            )),
            Err(_) => None,
        };
        let manager = ConnectionManager {
            path: PathBuf::from(path),
            sql_log,
        };
        // Open one connection first so that a missing file or a missing table fails at
        // start-up with SQLite's own message instead of a pool timeout.
        let conn = r2d2::ManageConnection::connect(&manager)
            .map_err(|error| format!("cannot open SQLite database {path}: {error}"))?;
        conn.prepare(CHECK_TABLE).map_err(|error| {
            format!("SQLite database {path} has no usable tasks table: {error}")
        })?;
        drop(conn);

        let pool = r2d2::Pool::builder()
            .max_size(pool_size)
            .min_idle(Some(pool_size))
            .test_on_check_out(false)
            // Keep the same connections (and their prepared statements) for the whole run.
            .idle_timeout(None)
            .max_lifetime(None)
            .connection_timeout(Duration::from_secs(30))
            .build(manager)
            .map_err(|error| format!("cannot open the SQLite connection pool: {error}"))?;
        Ok(Self {
            pool,
            write_gate: Mutex::new(()),
        })
    }

    fn connection(&self) -> Result<r2d2::PooledConnection<ConnectionManager>, StoreError> {
        self.pool
            .get()
            .map_err(|error| StoreError::Unavailable(error.to_string()))
    }

    /// Taken before the connection, so writers waiting for their turn hold no connection.
    fn write_turn(&self) -> MutexGuard<'_, ()> {
        // The gate guards no data, so a panic while holding it leaves nothing inconsistent.
        self.write_gate
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Blocking calls: each takes a pooled connection for its duration, so `Store` runs them
/// through `web::block`, off the async workers. Each adds its time inside rusqlite
/// (`prepare_cached`, which is a cache lookup once warm, stepping the statement, reading the
/// rows, resetting the statement into the cache) to `spent`: the request's `Server-Timing:
/// db`. Waiting for the write gate or for a pooled connection is not in it.
impl SqliteStore {
    pub fn create(
        &self,
        input: &TaskInput,
        now: &str,
        spent: &mut Duration,
    ) -> Result<Task, StoreError> {
        let _turn = self.write_turn();
        let conn = self.connection()?;
        Ok(measure_blocking(spent, || {
            conn.prepare_cached(INSERT)?.query_row(
                params![input.title, input.description, input.completed, now],
                to_task,
            )
        })?)
    }

    pub fn get(&self, id: i64, spent: &mut Duration) -> Result<Option<Task>, StoreError> {
        let conn = self.connection()?;
        optional(measure_blocking(spent, || {
            conn.prepare_cached(SELECT_ONE)?
                .query_row(params![id], to_task)
        }))
    }

    pub fn list(&self, page: Page, spent: &mut Duration) -> Result<Vec<Task>, StoreError> {
        let conn = self.connection()?;
        Ok(measure_blocking(spent, || {
            let mut statement = conn.prepare_cached(SELECT_PAGE)?;
            let rows = statement.query_map(params![page.limit, page.offset], to_task)?;
            rows.collect::<Result<Vec<_>, _>>()
        })?)
    }

    pub fn replace(
        &self,
        id: i64,
        input: &TaskInput,
        now: &str,
        spent: &mut Duration,
    ) -> Result<Option<Task>, StoreError> {
        let _turn = self.write_turn();
        let conn = self.connection()?;
        optional(measure_blocking(spent, || {
            conn.prepare_cached(UPDATE)?.query_row(
                params![input.title, input.description, input.completed, now, id],
                to_task,
            )
        }))
    }

    pub fn delete(&self, id: i64, spent: &mut Duration) -> Result<bool, StoreError> {
        let _turn = self.write_turn();
        let conn = self.connection()?;
        Ok(measure_blocking(spent, || conn.prepare_cached(DELETE)?.execute(params![id]))? > 0)
    }
}

fn to_task(row: &Row<'_>) -> rusqlite::Result<Task> {
    Ok(Task {
        id: row.get(0)?,
        title: row.get(1)?,
        description: row.get(2)?,
        completed: row.get::<_, i64>(3)? != 0,
        created_at: row.get(4)?,
        updated_at: row.get(5)?,
    })
}

fn optional(result: rusqlite::Result<Task>) -> Result<Option<Task>, StoreError> {
    match result {
        Ok(task) => Ok(Some(task)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(ErrorCode::ConstraintViolation) => StoreError::Rejected,
            _ => StoreError::Unavailable(error.to_string()),
        }
    }
}
