//! SQLite through Diesel's `SqliteConnection` (bundled SQLite) and an r2d2 pool. Every query
//! is Diesel's DSL; Diesel binds the values and keeps each statement prepared once per
//! connection (its statement cache). Create and replace return the row with `RETURNING`, so
//! every request is one statement.

use std::fs::OpenOptions;
use std::sync::Arc;

use diesel::prelude::*;

use super::{ConnectionSetup, Db, Task};
use crate::input::{Page, TaskInput};
use crate::models::sqlite::{NewTask, TaskChanges, TaskRow};
use crate::schema::sqlite::tasks;

/// The settings of spec/README.md, run on every connection the pool opens.
/// journal_mode=WAL is persistent and already set by crudbench; repeating it is a no-op.
const PRAGMAS: &[&str] = &[
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA foreign_keys = ON",
];

pub fn open(path: &str, pool_size: u32) -> Result<Db<SqliteConnection>, String> {
    let sql_log = match std::env::var("CRUDBENCH_SQL_LOG") {
        Ok(log_path) => Some(Arc::new(
            OpenOptions::new()
                .create(true)
                .append(true)
                .open(&log_path)
                .map_err(|error| format!("cannot open CRUDBENCH_SQL_LOG {log_path}: {error}"))?,
        )),
        Err(_) => None,
    };
    let setup = ConnectionSetup {
        sql_log,
        session: PRAGMAS,
    };
    Db::open(&file_uri(path), pool_size, setup, true, check_table)
        .map_err(|error| format!("SQLite database {path}: {error}"))
}

/// The URI Diesel opens: `mode=rw`, because Diesel would otherwise create a missing file
/// (the harness creates it, with the schema). The path's `%`, `?` and `#` are escaped, the
/// characters that have a meaning in an SQLite URI.
fn file_uri(path: &str) -> String {
    let mut uri = String::from("file:");
    for c in path.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            c => uri.push(c),
        }
    }
    uri.push_str("?mode=rw");
    uri
}

fn check_table(conn: &mut SqliteConnection) -> QueryResult<()> {
    tasks::table
        .select(TaskRow::as_select())
        .limit(0)
        .load(conn)
        .map(drop)
}

impl From<TaskRow> for Task {
    fn from(row: TaskRow) -> Self {
        Task {
            id: row.id,
            title: row.title,
            description: row.description,
            completed: row.completed,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

// The operations: plain blocking Diesel calls, run by `Db::run` on a blocking thread.

pub fn create(conn: &mut SqliteConnection, input: &TaskInput, now: &str) -> QueryResult<Task> {
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

pub fn get(conn: &mut SqliteConnection, id: i64) -> QueryResult<Option<Task>> {
    tasks::table
        .find(id)
        .select(TaskRow::as_select())
        .first(conn)
        .optional()
        .map(|row| row.map(Task::from))
}

pub fn list(conn: &mut SqliteConnection, page: Page) -> QueryResult<Vec<Task>> {
    tasks::table
        .order(tasks::id.asc())
        .limit(page.limit)
        .offset(page.offset)
        .select(TaskRow::as_select())
        .load(conn)
        .map(|rows| rows.into_iter().map(Task::from).collect())
}

pub fn replace(
    conn: &mut SqliteConnection,
    id: i64,
    input: &TaskInput,
    now: &str,
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

pub fn delete(conn: &mut SqliteConnection, id: i64) -> QueryResult<bool> {
    diesel::delete(tasks::table.find(id))
        .execute(conn)
        .map(|deleted| deleted > 0)
}

#[cfg(test)]
mod tests {
    use super::file_uri;

    #[test]
    fn file_uris_escape_what_sqlite_would_read_as_uri_syntax() {
        assert_eq!(file_uri("/tmp/a.db"), "file:/tmp/a.db?mode=rw");
        assert_eq!(file_uri("/tmp/100%?#.db"), "file:/tmp/100%25%3f%23.db?mode=rw");
    }
}
