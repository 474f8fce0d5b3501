//! Diesel models of the `tasks` table (src/schema.rs), per backend: a row as read
//! (`Queryable` + `Selectable`, so queries select exactly these columns), a new row
//! (`Insertable`, without `id`: the database assigns it), and the changes of a PUT
//! (`AsChangeset`). Strings are borrowed from the validated request body, so binding them
//! copies nothing.

pub mod sqlite {
    use diesel::prelude::*;

    use crate::schema::sqlite::tasks;

    #[derive(Queryable, Selectable)]
    #[diesel(table_name = tasks, check_for_backend(diesel::sqlite::Sqlite))]
    pub struct TaskRow {
        pub id: i64,
        pub title: String,
        pub description: String,
        pub completed: bool,
        pub created_at: String,
        pub updated_at: String,
    }

    #[derive(Insertable)]
    #[diesel(table_name = tasks)]
    pub struct NewTask<'a> {
        pub title: &'a str,
        pub description: &'a str,
        pub completed: bool,
        pub created_at: &'a str,
        pub updated_at: &'a str,
    }

    /// PUT is a full replace: every field is a plain value (no `Option`, which
    /// `AsChangeset` would skip when `None`), so all of them are always set.
    #[derive(AsChangeset)]
    #[diesel(table_name = tasks)]
    pub struct TaskChanges<'a> {
        pub title: &'a str,
        pub description: &'a str,
        pub completed: bool,
        pub updated_at: &'a str,
    }
}

pub mod postgres {
    use chrono::{DateTime, Utc};
    use diesel::prelude::*;

    use crate::schema::postgres::tasks;

    #[derive(Queryable, Selectable)]
    #[diesel(table_name = tasks, check_for_backend(diesel::pg::Pg))]
    pub struct TaskRow {
        pub id: i64,
        pub title: String,
        pub description: String,
        pub completed: bool,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
    }

    #[derive(Insertable)]
    #[diesel(table_name = tasks)]
    pub struct NewTask<'a> {
        pub title: &'a str,
        pub description: &'a str,
        pub completed: bool,
        pub created_at: DateTime<Utc>,
        pub updated_at: DateTime<Utc>,
    }

    /// See the SQLite `TaskChanges`: a full replace.
    #[derive(AsChangeset)]
    #[diesel(table_name = tasks)]
    pub struct TaskChanges<'a> {
        pub title: &'a str,
        pub description: &'a str,
        pub completed: bool,
        pub updated_at: DateTime<Utc>,
    }
}
