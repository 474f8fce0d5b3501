// Command crudbench-go-raw serves crudbench's Task API (spec/openapi.yaml) with net/http
// and raw SQL through database/sql: mattn/go-sqlite3 on SQLite, pgx on PostgreSQL.
//
// The web layer (main.go, routes.go, input.go, servertiming.go, timeddriver.go, sqllog.go)
// is the same file for file as go-orm's; the data access is this file, sqlite.go and
// postgres.go.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Task is a row of the tasks table as the API shows it.
type Task struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Completed   bool      `json:"completed"`
	CreatedAt   timestamp `json:"created_at"`
	UpdatedAt   timestamp `json:"updated_at"`
}

// timestamp is a time as the contract renders it: RFC 3339, UTC, milliseconds, "Z".
type timestamp string

const timestampLayout = "2006-01-02T15:04:05.000Z"

func newTimestamp(t time.Time) timestamp { return timestamp(t.UTC().Format(timestampLayout)) }

// Scan reads SQLite's TEXT (already in the contract's format) or PostgreSQL's timestamptz.
func (t *timestamp) Scan(src any) error {
	switch value := src.(type) {
	case string:
		*t = timestamp(value)
	case []byte:
		*t = timestamp(value)
	case time.Time:
		*t = newTimestamp(value)
	default:
		return fmt.Errorf("cannot read a timestamp from %T", src)
	}
	return nil
}

// openStore picks the database from the DATABASE_URL scheme.
func openStore(ctx context.Context, databaseURL string, poolSize int, sqlLog string) (*store, error) {
	switch {
	case strings.HasPrefix(databaseURL, "sqlite://"):
		return openSQLite(ctx, databaseURL, poolSize, sqlLog)
	case strings.HasPrefix(databaseURL, "postgresql://"), strings.HasPrefix(databaseURL, "postgres://"):
		return openPostgres(ctx, databaseURL, poolSize)
	default:
		return nil, fmt.Errorf("DATABASE_URL: unsupported scheme in %q", strings.SplitN(databaseURL, ":", 2)[0])
	}
}

// queries are the five statements, in the placeholder syntax of one database.
type queries struct {
	create, read, list, replace, remove string
}

// dialect is what differs between the databases beyond the SQL text.
type dialect struct {
	queries queries
	// bindTime is the parameter a timestamp is written as.
	bindTime func(time.Time) any
	// isRefused tells a value the database refused (a CHECK, a data exception) from a failure.
	isRefused func(error) bool
	// serialWrites: take an in-process lock around writes (SQLite's single writer).
	serialWrites bool
}

// store is go-raw's taskStore (routes.go): the Task API's statements, each prepared once
// (per pooled connection, by database/sql) and run as its own autocommit transaction: one
// statement per request.
type store struct {
	db                                  *sql.DB
	create, read, list, replace, remove *sql.Stmt
	dialect                             dialect
	writes                              sync.Mutex
}

var _ taskStore = (*store)(nil)

func newStore(ctx context.Context, db *sql.DB, d dialect, poolSize int) (*store, error) {
	db.SetMaxOpenConns(poolSize)
	db.SetMaxIdleConns(poolSize) // database/sql would otherwise close all but 2 idle ones
	s := &store{db: db, dialect: d}
	// Open the whole pool now, so that no request pays for a connection and a wrong
	// DATABASE_URL stops the server at start-up.
	conns := make([]*sql.Conn, 0, poolSize)
	for range poolSize {
		conn, err := db.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("connecting to the database: %w", err)
		}
		conns = append(conns, conn)
	}
	for _, conn := range conns {
		conn.Close()
	}
	// Preparing checks the schema: a missing table stops the server here.
	for _, p := range []struct {
		stmt  **sql.Stmt
		query string
	}{
		{&s.create, d.queries.create}, {&s.read, d.queries.read}, {&s.list, d.queries.list},
		{&s.replace, d.queries.replace}, {&s.remove, d.queries.remove},
	} {
		stmt, err := db.PrepareContext(ctx, p.query)
		if err != nil {
			return nil, fmt.Errorf("preparing %q: %w", p.query, err)
		}
		*p.stmt = stmt
	}
	return s, nil
}

func (s *store) Close() error { return s.db.Close() }

// lockWrites serialises writes on SQLite, where pooled connections racing for the one
// write lock would wait in SQLite's busy handler, which sleeps in growing steps. Taken
// before the statement, so it is not `db` time.
func (s *store) lockWrites() func() {
	if !s.dialect.serialWrites {
		return func() {}
	}
	s.writes.Lock()
	return s.writes.Unlock
}

func (s *store) Create(ctx context.Context, input taskInput) (Task, error) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	task := Task{Title: input.Title, Description: input.Description, Completed: input.Completed,
		CreatedAt: newTimestamp(now), UpdatedAt: newTimestamp(now)}
	unlock := s.lockWrites()
	defer unlock()
	stamp := s.dialect.bindTime(now)
	err := s.create.QueryRowContext(ctx, input.Title, input.Description, input.Completed, stamp, stamp).Scan(&task.ID)
	return task, s.refused(err)
}

func (s *store) Read(ctx context.Context, id int64) (Task, error) {
	var task Task
	err := s.read.QueryRowContext(ctx, id).Scan(&task.ID, &task.Title, &task.Description, &task.Completed, &task.CreatedAt, &task.UpdatedAt)
	return task, s.refused(err)
}

func (s *store) List(ctx context.Context, limit, offset int64) ([]Task, error) {
	rows, err := s.list.QueryContext(ctx, limit, offset)
	if err != nil {
		return nil, s.refused(err)
	}
	defer rows.Close()
	tasks := make([]Task, 0, min(limit, defaultLimit))
	for rows.Next() {
		var task Task
		if err := rows.Scan(&task.ID, &task.Title, &task.Description, &task.Completed, &task.CreatedAt, &task.UpdatedAt); err != nil {
			return nil, err
		}
		tasks = append(tasks, task)
	}
	return tasks, s.refused(rows.Err())
}

func (s *store) Replace(ctx context.Context, id int64, input taskInput) (Task, error) {
	now := time.Now().UTC().Truncate(time.Millisecond)
	task := Task{ID: id, Title: input.Title, Description: input.Description, Completed: input.Completed, UpdatedAt: newTimestamp(now)}
	unlock := s.lockWrites()
	defer unlock()
	err := s.replace.QueryRowContext(ctx, input.Title, input.Description, input.Completed, s.dialect.bindTime(now), id).Scan(&task.CreatedAt)
	return task, s.refused(err)
}

func (s *store) Delete(ctx context.Context, id int64) error {
	unlock := s.lockWrites()
	defer unlock()
	result, err := s.remove.ExecContext(ctx, id)
	if err != nil {
		return s.refused(err)
	}
	deleted, err := result.RowsAffected()
	if err != nil {
		return err
	}
	if deleted == 0 {
		return errNotFound
	}
	return nil
}

// refused maps "no row" to 404 and a value the database refused to 400 (refusedByDatabase).
func (s *store) refused(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return errNotFound
	case s.dialect.isRefused(err):
		return refusedByDatabase(err)
	default:
		return err
	}
}
