//! The data layer. Handlers only see `Store`, chosen at start-up from the `DATABASE_URL`
//! scheme, and await its calls. Diesel's connections are blocking on both backends, so every
//! call runs on the worker's blocking thread pool through `web::block` with a connection from
//! an r2d2 pool (Diesel's `r2d2::ConnectionManager`), and the async workers never wait on the
//! database:
//! - SQLite (`sqlite://`): `SqliteConnection` (bundled SQLite), see `sqlite.rs`;
//! - PostgreSQL (`postgresql://`, `postgres://`): `PgConnection` (bundled libpq), see
//!   `postgres.rs`.

mod db_clock;
mod postgres;
mod sqlite;

use std::fmt;
use std::fs::File;
use std::sync::{Arc, Mutex, PoisonError};

use actix_web::web;
use chrono::{DateTime, SubsecRound, Utc};
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, R2D2Connection};
use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};
use diesel::{PgConnection, SqliteConnection};
use serde::Serialize;

use crate::input::{Page, TaskInput};
use crate::timing::DbTime;

use self::db_clock::DbClock;

/// RFC 3339 UTC with exactly three fractional digits and a `Z`: 2026-11-26T10:17:07.123Z.
const TIMESTAMP_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

/// A task as the API returns it; field order is the JSON field order of the contract.
#[derive(Debug, Serialize)]
pub struct Task {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub completed: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug)]
pub enum StoreError {
    /// The database refused the values (a constraint): the request's fault.
    Rejected,
    /// The database could not serve the request: the server's fault.
    Unavailable(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Rejected => f.write_str("constraint violation"),
            StoreError::Unavailable(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<DieselError> for StoreError {
    fn from(error: DieselError) -> Self {
        match error {
            // The CHECKs on title and description (or another constraint) the input rules did
            // not catch: the values were refused, the request's fault, not the server's.
            DieselError::DatabaseError(
                DatabaseErrorKind::CheckViolation
                | DatabaseErrorKind::NotNullViolation
                | DatabaseErrorKind::UniqueViolation
                | DatabaseErrorKind::ForeignKeyViolation,
                _,
            ) => StoreError::Rejected,
            other => StoreError::Unavailable(other.to_string()),
        }
    }
}

/// The moment of a write, truncated to milliseconds (as JavaScript's `toISOString`): the
/// precision of the JSON, so what is stored is exactly what the response shows.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(3)
}

/// A timestamp as the API shows it (sub-millisecond digits, if any, are cut off).
pub fn render_timestamp(at: &DateTime<Utc>) -> String {
    at.format(TIMESTAMP_FORMAT).to_string()
}

pub enum Store {
    Sqlite(Arc<Db<SqliteConnection>>),
    Postgres(Arc<Db<PgConnection>>),
}

impl Store {
    /// Opens the store that `DATABASE_URL` names, with `pool_size` connections, and checks
    /// that the database has the `tasks` table, so that a bad URL or a missing schema fails at
    /// start-up instead of on the first request.
    pub fn open(database_url: &str, pool_size: usize) -> Result<Self, String> {
        let pool_size =
            u32::try_from(pool_size).map_err(|_| format!("pool size {pool_size} is too large"))?;
        if let Some(path) = database_url.strip_prefix("sqlite://") {
            // sqlite:///abs/path.db and sqlite:////abs/path.db both name /abs/path.db.
            let path = format!("/{}", path.trim_start_matches('/'));
            return Ok(Store::Sqlite(Arc::new(sqlite::open(&path, pool_size)?)));
        }
        if database_url.starts_with("postgresql://") || database_url.starts_with("postgres://") {
            return Ok(Store::Postgres(Arc::new(postgres::open(
                database_url,
                pool_size,
            )?)));
        }
        Err(format!(
            "unsupported DATABASE_URL scheme in {:?}: expected sqlite:// or postgresql://",
            database_url.split("://").next().unwrap_or_default()
        ))
    }

    // Each call adds its time inside Diesel's driver calls to `timer` (the request's
    // `Server-Timing: db`).

    pub async fn create(
        &self,
        input: TaskInput,
        now: DateTime<Utc>,
        timer: &DbTime,
    ) -> Result<Task, StoreError> {
        match self {
            Store::Sqlite(db) => {
                let now = render_timestamp(&now);
                db.write(timer, move |conn| sqlite::create(conn, &input, &now))
                    .await
            }
            Store::Postgres(db) => {
                db.write(timer, move |conn| postgres::create(conn, &input, now))
                    .await
            }
        }
    }

    pub async fn get(&self, id: i64, timer: &DbTime) -> Result<Option<Task>, StoreError> {
        match self {
            Store::Sqlite(db) => db.read(timer, move |conn| sqlite::get(conn, id)).await,
            Store::Postgres(db) => db.read(timer, move |conn| postgres::get(conn, id)).await,
        }
    }

    pub async fn list(&self, page: Page, timer: &DbTime) -> Result<Vec<Task>, StoreError> {
        match self {
            Store::Sqlite(db) => db.read(timer, move |conn| sqlite::list(conn, page)).await,
            Store::Postgres(db) => db.read(timer, move |conn| postgres::list(conn, page)).await,
        }
    }

    pub async fn replace(
        &self,
        id: i64,
        input: TaskInput,
        now: DateTime<Utc>,
        timer: &DbTime,
    ) -> Result<Option<Task>, StoreError> {
        match self {
            Store::Sqlite(db) => {
                let now = render_timestamp(&now);
                db.write(timer, move |conn| sqlite::replace(conn, id, &input, &now))
                    .await
            }
            Store::Postgres(db) => {
                db.write(timer, move |conn| postgres::replace(conn, id, &input, now))
                    .await
            }
        }
    }

    pub async fn delete(&self, id: i64, timer: &DbTime) -> Result<bool, StoreError> {
        match self {
            Store::Sqlite(db) => db.write(timer, move |conn| sqlite::delete(conn, id)).await,
            Store::Postgres(db) => db.write(timer, move |conn| postgres::delete(conn, id)).await,
        }
    }
}

/// One backend: an r2d2 pool of Diesel connections and, on SQLite, the write gate.
pub struct Db<C: R2D2Connection + 'static> {
    pool: Pool<ConnectionManager<C>>,
    /// SQLite has one writer at a time; pooled connections racing for its write lock would
    /// wait in SQLite's busy handler, which sleeps in steps of up to 100 ms. Writers take
    /// this gate first and queue here instead (as in actix-raw). Reads never take it (WAL
    /// readers do not block the writer). `None` on PostgreSQL, which has row locks.
    write_gate: Option<Mutex<()>>,
}

/// What every connection the pool opens gets before its first use (r2d2's customizer):
/// the `DbClock` instrumentation, then the backend's session settings.
#[derive(Debug)]
struct ConnectionSetup {
    sql_log: Option<Arc<File>>,
    /// Statements run once per connection (SQLite's PRAGMAs), each on its own so that the
    /// statement log has one line per statement.
    session: &'static [&'static str],
}

impl<C: R2D2Connection> CustomizeConnection<C, diesel::r2d2::Error> for ConnectionSetup {
    fn on_acquire(&self, conn: &mut C) -> Result<(), diesel::r2d2::Error> {
        conn.set_instrumentation(DbClock::new(self.sql_log.clone()));
        for statement in self.session {
            conn.batch_execute(statement)?;
        }
        Ok(())
    }
}

impl<C: R2D2Connection + Send + 'static> Db<C> {
    /// Opens one connection first, so that a wrong URL, a server that is down or a missing
    /// table fails at start-up with the database's own message (`check`), then the pool.
    fn open(
        url: &str,
        pool_size: u32,
        setup: ConnectionSetup,
        write_gate: bool,
        check: fn(&mut C) -> QueryResult<()>,
    ) -> Result<Self, String> {
        let manager = ConnectionManager::<C>::new(url);
        let mut conn = diesel::r2d2::ManageConnection::connect(&manager)
            .map_err(|error| format!("cannot connect: {error}"))?;
        setup
            .on_acquire(&mut conn)
            .map_err(|error| format!("cannot set up a connection: {error}"))?;
        check(&mut conn).map_err(|error| format!("no usable tasks table: {error}"))?;
        drop(conn);

        // r2d2 opens all `pool_size` connections now (min_idle defaults to max_size).
        let pool = Pool::builder()
            .max_size(pool_size)
            // Diesel's pool example pings on every checkout (`SELECT 1`): a second statement
            // per request that actix-raw does not run either. A broken connection is still
            // dropped when it is returned (Diesel's `has_broken`).
            .test_on_check_out(false)
            // Keep the same connections (and their prepared statements) for the whole run.
            .idle_timeout(None)
            .max_lifetime(None)
            .connection_customizer(Box::new(setup))
            .build(manager)
            .map_err(|error| format!("cannot open the connection pool: {error}"))?;
        Ok(Self {
            pool,
            write_gate: write_gate.then(|| Mutex::new(())),
        })
    }

    async fn read<T, F>(self: &Arc<Self>, timer: &DbTime, call: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut C) -> QueryResult<T> + Send + 'static,
    {
        self.run(timer, false, call).await
    }

    async fn write<T, F>(self: &Arc<Self>, timer: &DbTime, call: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut C) -> QueryResult<T> + Send + 'static,
    {
        self.run(timer, true, call).await
    }

    /// Runs one blocking Diesel call on the worker's blocking thread pool with a pooled
    /// connection. The connection's `DbClock` sums the call's time inside Diesel's driver
    /// calls on the blocking thread; that comes back with the result and is added to the
    /// request's `db` here, on the worker. Waiting for the write gate or for a connection is
    /// not in it.
    async fn run<T, F>(self: &Arc<Self>, timer: &DbTime, write: bool, call: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut C) -> QueryResult<T> + Send + 'static,
    {
        let db = Arc::clone(self);
        let (result, spent) = web::block(move || {
            // Taken before the connection, so writers waiting for their turn hold none. The
            // gate guards no data, so a panic while holding it leaves nothing inconsistent.
            let _turn = match (&db.write_gate, write) {
                (Some(gate), true) => Some(gate.lock().unwrap_or_else(PoisonError::into_inner)),
                _ => None,
            };
            let mut pooled = db
                .pool
                .get()
                .map_err(|error| StoreError::Unavailable(error.to_string()))?;
            let conn: &mut C = &mut pooled;
            DbClock::reset(conn);
            let result = call(conn);
            Ok::<_, StoreError>((result, DbClock::spent(conn)))
        })
        .await
        .map_err(|_| StoreError::Unavailable("the blocking thread pool is gone".to_owned()))??;
        timer.add(spent);
        Ok(result?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn timestamps_have_three_fractional_digits() {
        let at = Utc.with_ymd_and_hms(2026, 11, 26, 10, 17, 7).unwrap()
            + chrono::Duration::nanoseconds(123_987_654);
        assert_eq!(render_timestamp(&at), "2026-11-26T10:17:07.123Z");
        assert_eq!(
            render_timestamp(&at.trunc_subsecs(3)),
            "2026-11-26T10:17:07.123Z"
        );
        let whole = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(render_timestamp(&whole), "2026-01-02T03:04:05.000Z");

        let now = now();
        assert_eq!(now.timestamp_subsec_nanos() % 1_000_000, 0);
        assert_eq!(
            render_timestamp(&now).len(),
            "2026-11-26T10:17:07.123Z".len()
        );
    }
}
