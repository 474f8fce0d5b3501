//! PostgreSQL through Diesel's `PgConnection` (libpq, compiled in by pq-sys's bundled build)
//! and an r2d2 pool. Every query is Diesel's DSL; Diesel prepares each statement once per
//! connection (its statement cache) and binds the values. Create and replace return the row
//! with `RETURNING`, so every request is one statement and one round trip once warm.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::{render_timestamp, ConnectionSetup, Db, Task};
use crate::input::{Page, TaskInput};
use crate::models::postgres::{NewTask, TaskChanges, TaskRow};
use crate::schema::postgres::tasks;

/// `database_url` goes to libpq as it is (`postgresql://USER[:PASSWORD]@HOST:PORT/DBNAME`,
/// with libpq's URL parameters). No TLS: the bundled libpq is built without OpenSSL, and
/// crudbench's server is on loopback. Errors are libpq's, which never show the password.
pub fn open(database_url: &str, pool_size: u32) -> Result<Db<PgConnection>, String> {
    // The statement log is SQLite's; on PostgreSQL the server counts statements
    // (pg_stat_statements). Diesel itself sets the session's time zone (UTC) and encoding
    // (UTF8) when it connects; no other session settings.
    let setup = ConnectionSetup {
        sql_log: None,
        session: &[],
    };
    Db::open(database_url, pool_size, setup, false, check_table)
        .map_err(|error| format!("PostgreSQL: {error}"))
}

fn check_table(conn: &mut PgConnection) -> QueryResult<()> {
    tasks::table
        .select(TaskRow::as_select())
        .limit(0)
        .load(conn)
        .map(drop)
}

/// `timestamptz` comes back as `DateTime<Utc>` and is rendered as the API shows it, so rows
/// written by anyone (e.g. with the schema's `date_trunc('milliseconds', now())` defaults)
/// read the same.
impl From<TaskRow> for Task {
    fn from(row: TaskRow) -> Self {
        Task {
            id: row.id,
            title: row.title,
            description: row.description,
            completed: row.completed,
            created_at: render_timestamp(&row.created_at),
            updated_at: render_timestamp(&row.updated_at),
        }
    }
}

// The operations: plain blocking Diesel calls, run by `Db::run` on a blocking thread.

pub fn create(
    conn: &mut PgConnection,
    input: &TaskInput,
    now: DateTime<Utc>,
) -> QueryResult<Task> {
    let new = NewTask {
        title: &input.title,
        description: &input.description,
        completed: input.completed,
        created_at: now,
        updated_at: now,
    };
    diesel::insert_into(tasks::table)
        .values(&new)
        .returning(TaskRow::as_returning())
        .get_result(conn)
        .map(Task::from)
}

pub fn get(conn: &mut PgConnection, id: i64) -> QueryResult<Option<Task>> {
    tasks::table
        .find(id)
        .select(TaskRow::as_select())
        .first(conn)
        .optional()
        .map(|row| row.map(Task::from))
}

pub fn list(conn: &mut PgConnection, page: Page) -> QueryResult<Vec<Task>> {
    tasks::table
        .order(tasks::id.asc())
        .limit(page.limit)
        .offset(page.offset)
        .select(TaskRow::as_select())
        .load(conn)
        .map(|rows| rows.into_iter().map(Task::from).collect())
}

pub fn replace(
    conn: &mut PgConnection,
    id: i64,
    input: &TaskInput,
    now: DateTime<Utc>,
) -> QueryResult<Option<Task>> {
    let changes = TaskChanges {
        title: &input.title,
        description: &input.description,
        completed: input.completed,
        updated_at: now,
    };
    diesel::update(tasks::table.find(id))
        .set(&changes)
        .returning(TaskRow::as_returning())
        .get_result(conn)
        .optional()
        .map(|row| row.map(Task::from))
}

pub fn delete(conn: &mut PgConnection, id: i64) -> QueryResult<bool> {
    diesel::delete(tasks::table.find(id))
        .execute(conn)
        .map(|deleted| deleted > 0)
}
