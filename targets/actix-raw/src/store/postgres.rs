//! PostgreSQL through tokio-postgres (async, no TLS: loopback only) and a deadpool-postgres
//! pool shared by the Actix workers. Every statement is parameterised and prepared once per
//! connection (`prepare_cached`, deadpool-postgres's per-connection statement cache); writes
//! return the row with `RETURNING`, so each request is one round trip once warm.
//!
//! Connections are opened on demand, up to `DATABASE_POOL_SIZE`, by the worker whose request
//! needed one, and kept for the whole run. Each connection's I/O task runs on the Tokio
//! runtime of the worker that opened it; a request on the other worker reaches it through
//! tokio-postgres's channel. The server is PostgreSQL's own: no in-process write gate (it
//! has row locks and MVCC, unlike SQLite's single writer).

use std::time::Duration;

use chrono::{DateTime, Utc};
use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, PoolError, RecyclingMethod};
use tokio_postgres::config::Host;
use tokio_postgres::{NoTls, Row};

use super::{render_timestamp, StoreError, Task};
use crate::input::{Page, TaskInput};
use crate::timing::DbTime;

macro_rules! columns {
    () => {
        "id, title, description, completed, created_at, updated_at"
    };
}

const CHECK_TABLE: &str = concat!("SELECT ", columns!(), " FROM tasks LIMIT 0");
// created_at and updated_at are the same millisecond-truncated moment; `id` is the identity
// column's (GENERATED ALWAYS: never sent).
const INSERT: &str = concat!(
    "INSERT INTO tasks (title, description, completed, created_at, updated_at) ",
    "VALUES ($1, $2, $3, $4, $4) RETURNING ",
    columns!()
);
const SELECT_ONE: &str = concat!("SELECT ", columns!(), " FROM tasks WHERE id = $1");
const SELECT_PAGE: &str = concat!(
    "SELECT ",
    columns!(),
    " FROM tasks ORDER BY id LIMIT $1 OFFSET $2"
);
const UPDATE: &str = concat!(
    "UPDATE tasks SET title = $1, description = $2, completed = $3, updated_at = $4 ",
    "WHERE id = $5 RETURNING ",
    columns!()
);
const DELETE: &str = "DELETE FROM tasks WHERE id = $1";

/// Only for opening a connection (the URL may set its own `connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub struct PostgresStore {
    pool: Pool,
}

impl PostgresStore {
    pub async fn open(database_url: &str, pool_size: usize) -> Result<Self, String> {
        let mut config: tokio_postgres::Config = database_url
            .parse()
            .map_err(|error| format!("cannot parse the PostgreSQL DATABASE_URL: {error}"))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        // Named without the password, which the URL may carry.
        let name = describe(&config);

        // Fast recycling: a connection going back to the pool is checked only for being
        // closed, with no extra query per request.
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(pool_size)
            .build()
            .map_err(|error| format!("cannot build the PostgreSQL connection pool: {error}"))?;

        // Open one connection first so that a wrong URL, a server that is down or a missing
        // table fails at start-up with PostgreSQL's own message, not on the first request.
        let client = pool
            .get()
            .await
            .map_err(|error| format!("cannot connect to PostgreSQL {name}: {}", explain(&error)))?;
        client.prepare(CHECK_TABLE).await.map_err(|error| {
            format!(
                "PostgreSQL {name} has no usable tasks table: {}",
                explain(&error)
            )
        })?;
        // Then close it: its I/O task runs on the start-up runtime, not on a worker. The
        // pool opens its connections from the workers, on demand.
        drop(Object::take(client));

        Ok(Self { pool })
    }

    async fn client(&self) -> Result<Object, StoreError> {
        self.pool.get().await.map_err(StoreError::from)
    }

    // Each call awaits its driver calls (`prepare_cached`, which is deadpool-postgres's
    // per-connection cache in front of tokio-postgres's `prepare` and needs no round trip
    // once warm, and the query with its rows) inside `timer.measure`: the request's
    // `Server-Timing: db`. Waiting for a pooled connection (`client()`) is not in it, nor is
    // turning rows into `Task`s.

    pub async fn create(
        &self,
        input: &TaskInput,
        now: DateTime<Utc>,
        timer: &DbTime,
    ) -> Result<Task, StoreError> {
        let client = self.client().await?;
        let row = timer
            .measure(async {
                let statement = client.prepare_cached(INSERT).await?;
                client
                    .query_one(
                        &statement,
                        &[&input.title, &input.description, &input.completed, &now],
                    )
                    .await
            })
            .await?;
        Ok(to_task(&row)?)
    }

    pub async fn get(&self, id: i64, timer: &DbTime) -> Result<Option<Task>, StoreError> {
        let client = self.client().await?;
        let row = timer
            .measure(async {
                let statement = client.prepare_cached(SELECT_ONE).await?;
                client.query_opt(&statement, &[&id]).await
            })
            .await?;
        Ok(row.as_ref().map(to_task).transpose()?)
    }

    pub async fn list(&self, page: Page, timer: &DbTime) -> Result<Vec<Task>, StoreError> {
        let client = self.client().await?;
        let rows = timer
            .measure(async {
                let statement = client.prepare_cached(SELECT_PAGE).await?;
                client.query(&statement, &[&page.limit, &page.offset]).await
            })
            .await?;
        Ok(rows.iter().map(to_task).collect::<Result<Vec<_>, _>>()?)
    }

    pub async fn replace(
        &self,
        id: i64,
        input: &TaskInput,
        now: DateTime<Utc>,
        timer: &DbTime,
    ) -> Result<Option<Task>, StoreError> {
        let client = self.client().await?;
        let row = timer
            .measure(async {
                let statement = client.prepare_cached(UPDATE).await?;
                client
                    .query_opt(
                        &statement,
                        &[
                            &input.title,
                            &input.description,
                            &input.completed,
                            &now,
                            &id,
                        ],
                    )
                    .await
            })
            .await?;
        Ok(row.as_ref().map(to_task).transpose()?)
    }

    pub async fn delete(&self, id: i64, timer: &DbTime) -> Result<bool, StoreError> {
        let client = self.client().await?;
        let deleted = timer
            .measure(async {
                let statement = client.prepare_cached(DELETE).await?;
                client.execute(&statement, &[&id]).await
            })
            .await?;
        Ok(deleted > 0)
    }
}

/// `timestamptz` comes back as `DateTime<Utc>` and is rendered as the API shows it, so rows
/// written by anyone (e.g. with the schema's `date_trunc('milliseconds', now())` defaults)
/// read the same.
fn to_task(row: &Row) -> Result<Task, tokio_postgres::Error> {
    Ok(Task {
        id: row.try_get(0)?,
        title: row.try_get(1)?,
        description: row.try_get(2)?,
        completed: row.try_get(3)?,
        created_at: render_timestamp(&row.try_get::<_, DateTime<Utc>>(4)?),
        updated_at: render_timestamp(&row.try_get::<_, DateTime<Utc>>(5)?),
    })
}

/// `user@host:port/dbname`, without a password.
fn describe(config: &tokio_postgres::Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(host)) => host.clone(),
        #[cfg(unix)]
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}@{host}:{port}/{}",
        config.get_user().unwrap_or_default(),
        config.get_dbname().unwrap_or_default()
    )
}

/// An error with its causes: tokio-postgres's own message is only "db error" or "error
/// connecting to server"; PostgreSQL's message is its source.
fn explain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        // deadpool's message already ends with its cause's.
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(error: tokio_postgres::Error) -> Self {
        // Class 23 (integrity constraint violation: the CHECKs on title and description) and
        // class 22 (data exception, e.g. a string the server's encoding cannot hold) mean
        // the values were refused: the request's fault, not the server's.
        match error.code().map(|state| state.code()) {
            Some(code) if code.starts_with("23") || code.starts_with("22") => StoreError::Rejected,
            _ => StoreError::Unavailable(explain(&error)),
        }
    }
}

impl From<PoolError> for StoreError {
    fn from(error: PoolError) -> Self {
        match error {
            PoolError::Backend(error) => error.into(),
            other => StoreError::Unavailable(explain(&other)),
        }
    }
}
