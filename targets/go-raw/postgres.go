package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

var postgresDialect = dialect{
	queries: queries{
		create:  "INSERT INTO tasks (title, description, completed, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		read:    "SELECT id, title, description, completed, created_at, updated_at FROM tasks WHERE id = $1",
		list:    "SELECT id, title, description, completed, created_at, updated_at FROM tasks ORDER BY id LIMIT $1 OFFSET $2",
		replace: "UPDATE tasks SET title = $1, description = $2, completed = $3, updated_at = $4 WHERE id = $5 RETURNING created_at",
		remove:  "DELETE FROM tasks WHERE id = $1",
	},
	// timestamptz, sent in pgx's binary format: the session's TimeZone does not matter.
	bindTime: func(t time.Time) any { return t },
	isRefused: func(err error) bool {
		var pgErr *pgconn.PgError
		// SQLSTATE class 22 (data exception) and 23 (integrity constraint violation).
		return errors.As(err, &pgErr) && (strings.HasPrefix(pgErr.Code, "22") || strings.HasPrefix(pgErr.Code, "23"))
	},
}

// openPostgres opens DATABASE_URL=postgresql://user@host:port/db with pgx through its
// database/sql driver (github.com/jackc/pgx/v5/stdlib).
func openPostgres(ctx context.Context, databaseURL string, poolSize int) (*store, error) {
	connector, err := stdlib.GetDefaultDriver().(driver.DriverContext).OpenConnector(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	db := sql.OpenDB(timedConnector{connector})
	s, err := newStore(ctx, db, postgresDialect, poolSize)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}
