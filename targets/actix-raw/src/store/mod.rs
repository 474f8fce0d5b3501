//! The data layer behind one small, synchronous trait. Handlers only see `TaskStore` and run
//! its calls through `web::block`, so a PostgreSQL backend (e.g. the `postgres` crate with
//! its own pool) can be added as a second implementation chosen from `DATABASE_URL`
//! without touching the routes.

mod sqlite;

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::input::{Page, TaskInput};

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

/// Blocking data access. Each call takes a pooled connection for its duration, so callers
/// must run it off the async workers (`web::block`).
pub trait TaskStore: Send + Sync + 'static {
    fn create(&self, input: &TaskInput, now: &str) -> Result<Task, StoreError>;
    fn get(&self, id: i64) -> Result<Option<Task>, StoreError>;
    fn list(&self, page: Page) -> Result<Vec<Task>, StoreError>;
    fn replace(&self, id: i64, input: &TaskInput, now: &str) -> Result<Option<Task>, StoreError>;
    fn delete(&self, id: i64) -> Result<bool, StoreError>;
}

/// Opens the store that `DATABASE_URL` names. Only `sqlite://` is supported so far.
pub fn open(database_url: &str, pool_size: u32) -> Result<Arc<dyn TaskStore>, String> {
    if let Some(path) = database_url.strip_prefix("sqlite://") {
        // sqlite:///abs/path.db and sqlite:////abs/path.db both name /abs/path.db.
        let path = format!("/{}", path.trim_start_matches('/'));
        return Ok(Arc::new(sqlite::SqliteStore::open(&path, pool_size)?));
    }
    Err(format!(
        "unsupported DATABASE_URL {database_url:?}: this target supports sqlite only"
    ))
}
