package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

var sqliteDialect = dialect{
	queries: queries{
		create:  "INSERT INTO tasks (title, description, completed, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
		read:    "SELECT id, title, description, completed, created_at, updated_at FROM tasks WHERE id = ?",
		list:    "SELECT id, title, description, completed, created_at, updated_at FROM tasks ORDER BY id LIMIT ? OFFSET ?",
		replace: "UPDATE tasks SET title = ?, description = ?, completed = ?, updated_at = ? WHERE id = ? RETURNING created_at",
		remove:  "DELETE FROM tasks WHERE id = ?",
	},
	// Stored as the contract's text, as spec/schema/sqlite.sql says.
	bindTime: func(t time.Time) any { return string(newTimestamp(t)) },
	isRefused: func(err error) bool {
		var sqliteErr sqlite3.Error
		return errors.As(err, &sqliteErr) && (sqliteErr.Code == sqlite3.ErrConstraint || sqliteErr.Code == sqlite3.ErrMismatch || sqliteErr.Code == sqlite3.ErrTooBig)
	},
	serialWrites: true,
}

// openSQLite opens DATABASE_URL=sqlite:///abs/path.db with mattn/go-sqlite3. Every pooled
// connection gets the pragmas of spec/README.md from the DSN (mattn runs them on open).
func openSQLite(ctx context.Context, databaseURL string, poolSize int, sqlLog string) (*store, error) {
	path := strings.TrimPrefix(databaseURL, "sqlite://")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("SQLite database (the server never creates it): %w", err)
	}
	drv := &sqlite3.SQLiteDriver{}
	if sqlLog != "" {
		statementLog, err := openStatementLog(sqlLog)
		if err != nil {
			return nil, err
		}
		drv.ConnectHook = statementLog.install // sqllog.go
	}
	dsn := path + "?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_foreign_keys=on"
	db := sql.OpenDB(timedConnector{dsnConnector{dsn, drv}})
	s, err := newStore(ctx, db, sqliteDialect, poolSize)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}
