-- The one schema every target runs against on SQLite. crudbench creates a fresh database
-- file from this for every target run; targets never create or migrate tables.
CREATE TABLE tasks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    completed   INTEGER NOT NULL DEFAULT 0 CHECK (completed IN (0, 1)),
    -- RFC 3339 UTC with milliseconds, e.g. 2026-11-26T10:17:07.123Z
    created_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
