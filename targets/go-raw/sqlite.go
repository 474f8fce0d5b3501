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
		log, err := os.OpenFile(sqlLog, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("CRUDBENCH_SQL_LOG: %w", err)
		}
		drv.ConnectHook = func(conn *sqlite3.SQLiteConn) error {
			return conn.SetTrace(&sqlite3.TraceConfig{Callback: statementLogger(log), EventMask: sqlite3.TraceStmt})
		}
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

// statementLogger appends one line per statement SQLite starts running (sqlite3_trace_v2's
// SQLITE_TRACE_STMT, which mattn/go-sqlite3 exposes with the sqlite_trace build tag). The
// file is unbuffered, so each line is written before the statement's response is sent.
func statementLogger(log *os.File) sqlite3.TraceUserCallback {
	return func(info sqlite3.TraceInfo) int {
		log.WriteString(strings.ReplaceAll(info.StmtOrTrigger, "\n", " ") + "\n")
		return 0
	}
}
