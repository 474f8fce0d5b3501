-- The one schema every target runs against on PostgreSQL. crudbench creates a fresh
-- database from this for every target run; targets never create or migrate tables.
CREATE TABLE tasks (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title       TEXT        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description TEXT        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    completed   BOOLEAN     NOT NULL DEFAULT false,
    -- Targets write timestamps with millisecond precision and render them as
    -- 2026-11-26T10:17:07.123Z (UTC, three fractional digits).
    created_at  TIMESTAMPTZ NOT NULL DEFAULT date_trunc('milliseconds', now()),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT date_trunc('milliseconds', now())
);
