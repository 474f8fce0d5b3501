//! The `tasks` table in Diesel's DSL, once per backend, matching spec/schema/sqlite.sql and
//! spec/schema/postgres.sql (what `diesel print-schema` would write, with the SQLite types
//! widened where noted). crudbench creates the tables; this server never does, and Diesel's
//! migrations are not used.
//!
//! Two `table!`s, not one: the column types differ (SQLite keeps timestamps as RFC 3339
//! text, PostgreSQL as `timestamptz`), and a Diesel query is typed by its table's columns.

/// spec/schema/sqlite.sql.
pub mod sqlite {
    diesel::table! {
        tasks (id) {
            // INTEGER PRIMARY KEY is SQLite's 64-bit rowid; print-schema would say `Integer`
            // (i32), but ids go up to 9223372036854775807.
            id -> BigInt,
            title -> Text,
            description -> Text,
            // INTEGER 0/1 (CHECK completed IN (0, 1)): Diesel's `Bool` is stored as 0/1.
            completed -> Bool,
            // RFC 3339 text, e.g. 2026-11-26T10:17:07.123Z, stored byte for byte.
            created_at -> Text,
            updated_at -> Text,
        }
    }
}

/// spec/schema/postgres.sql.
pub mod postgres {
    diesel::table! {
        tasks (id) {
            // BIGINT GENERATED ALWAYS AS IDENTITY: never written by the application.
            id -> Int8,
            title -> Text,
            description -> Text,
            completed -> Bool,
            created_at -> Timestamptz,
            updated_at -> Timestamptz,
        }
    }
}
