//! The data layer. Handlers only see `Store`, chosen at start-up from the `DATABASE_URL`
//! scheme, and await its calls:
//! - SQLite (`sqlite://`): rusqlite is blocking, so each call runs on the worker's blocking
//!   thread pool through `web::block` and the async worker never waits on SQLite;
//! - PostgreSQL (`postgresql://`, `postgres://`): tokio-postgres is async, so each call runs
//!   on the worker itself, with a connection from a deadpool-postgres pool.

mod postgres;
mod sqlite;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use actix_web::web;
use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;

use crate::input::{Page, TaskInput};
use crate::timing::DbTime;

use self::postgres::PostgresStore;
use self::sqlite::SqliteStore;

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
    Sqlite(Arc<SqliteStore>),
    Postgres(PostgresStore),
}

impl Store {
    /// Opens the store that `DATABASE_URL` names, with at most `pool_size` connections, and
    /// checks that the database has the `tasks` table, so that a bad URL or a missing schema
    /// fails at start-up instead of on the first request.
    pub async fn open(database_url: &str, pool_size: usize) -> Result<Self, String> {
        if let Some(path) = database_url.strip_prefix("sqlite://") {
            // sqlite:///abs/path.db and sqlite:////abs/path.db both name /abs/path.db.
            let path = format!("/{}", path.trim_start_matches('/'));
            let pool_size = u32::try_from(pool_size)
                .map_err(|_| format!("pool size {pool_size} is too large"))?;
            return Ok(Store::Sqlite(Arc::new(SqliteStore::open(
                &path, pool_size,
            )?)));
        }
        if database_url.starts_with("postgresql://") || database_url.starts_with("postgres://") {
            return Ok(Store::Postgres(
                PostgresStore::open(database_url, pool_size).await?,
            ));
        }
        Err(format!(
            "unsupported DATABASE_URL scheme in {:?}: expected sqlite:// or postgresql://",
            database_url.split("://").next().unwrap_or_default()
        ))
    }

    // Each call adds its time inside the driver to `timer` (the request's `Server-Timing: db`).

    pub async fn create(
        &self,
        input: TaskInput,
        now: DateTime<Utc>,
        timer: &DbTime,
    ) -> Result<Task, StoreError> {
        match self {
            Store::Sqlite(db) => {
                let now = render_timestamp(&now);
                blocking(db, timer, move |db, spent| db.create(&input, &now, spent)).await
            }
            Store::Postgres(db) => db.create(&input, now, timer).await,
        }
    }

    pub async fn get(&self, id: i64, timer: &DbTime) -> Result<Option<Task>, StoreError> {
        match self {
            Store::Sqlite(db) => blocking(db, timer, move |db, spent| db.get(id, spent)).await,
            Store::Postgres(db) => db.get(id, timer).await,
        }
    }

    pub async fn list(&self, page: Page, timer: &DbTime) -> Result<Vec<Task>, StoreError> {
        match self {
            Store::Sqlite(db) => blocking(db, timer, move |db, spent| db.list(page, spent)).await,
            Store::Postgres(db) => db.list(page, timer).await,
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
                blocking(db, timer, move |db, spent| {
                    db.replace(id, &input, &now, spent)
                })
                .await
            }
            Store::Postgres(db) => db.replace(id, &input, now, timer).await,
        }
    }

    pub async fn delete(&self, id: i64, timer: &DbTime) -> Result<bool, StoreError> {
        match self {
            Store::Sqlite(db) => blocking(db, timer, move |db, spent| db.delete(id, spent)).await,
            Store::Postgres(db) => db.delete(id, timer).await,
        }
    }
}

/// Runs one blocking SQLite call on the worker's blocking thread pool. The call sums its
/// time inside rusqlite into a local `Duration` on the blocking thread, which comes back with
/// the result and is added to the request's `db` here, on the worker.
async fn blocking<T, F>(db: &Arc<SqliteStore>, timer: &DbTime, call: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce(&SqliteStore, &mut Duration) -> Result<T, StoreError> + Send + 'static,
{
    let db = Arc::clone(db);
    let (result, spent) = web::block(move || {
        let mut spent = Duration::ZERO;
        let result = call(&db, &mut spent);
        (result, spent)
    })
    .await
    .map_err(|_| StoreError::Unavailable("the blocking thread pool is gone".to_owned()))?;
    timer.add(spent);
    result
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
