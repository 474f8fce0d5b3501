// This file is the same in targets/go-raw and targets/go-orm (the pair differs in data
// access only): copy it over the other one after a change.

package main

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sync/atomic"
	"time"
)

// dbClock sums the time one request spends inside the database driver: the `db` of
// Server-Timing (spec/README.md). It is atomic only because database/sql may close a
// request's rows from its own goroutine when the context ends; otherwise one goroutine
// adds to it.
type dbClock struct{ nanos atomic.Int64 }

func (c *dbClock) since(start time.Time) {
	if c != nil {
		c.nanos.Add(int64(time.Since(start)))
	}
}

func (c *dbClock) total() time.Duration { return time.Duration(c.nanos.Load()) }

type dbClockKey struct{}

func withDBClock(ctx context.Context, clock *dbClock) context.Context {
	return context.WithValue(ctx, dbClockKey{}, clock)
}

// clockOf is the request's clock, or nil outside a request (start-up), which times nothing.
func clockOf(ctx context.Context) *dbClock {
	clock, _ := ctx.Value(dbClockKey{}).(*dbClock)
	return clock
}

// The timed* types wrap a database/sql driver (mattn/go-sqlite3, pgx's stdlib) so that
// every call into it — preparing, executing, fetching rows, closing them, BEGIN, COMMIT,
// ROLLBACK — adds its duration to the request's dbClock. database/sql has no hooks of its
// own; wrapping the driver is how Go's instrumentation libraries (otelsql, sqlhooks) do
// it. Time spent above the driver — in database/sql, above all waiting for a pooled
// connection, and in whatever calls database/sql (an ORM building SQL and scanning rows
// into its model) — is therefore not counted.
//
// A call finds its request through the context.Context it is given (the handlers pass the
// request's context down). The calls that take none — Rows.Next, Rows.Close, Tx.Commit,
// Tx.Rollback — are timed on the clock of the call that opened the rows or began the
// transaction. Calls without a request (start-up) are not timed.

// timedConnector opens timed connections.
type timedConnector struct{ driver.Connector }

func (t timedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := t.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	full, ok := conn.(contextConn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("driver connection %T lacks the context methods", conn)
	}
	return timedConn{full}, nil
}

// dsnConnector is a driver.Connector for a driver that has no connector of its own
// (database/sql keeps its equivalent unexported).
type dsnConnector struct {
	dsn string
	drv driver.Driver
}

func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }
func (c dsnConnector) Driver() driver.Driver                        { return c.drv }

// contextConn is what both drivers used here (mattn/go-sqlite3, pgx's stdlib) implement.
type contextConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
}

type timedConn struct{ contextConn }

func (c timedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	clock, start := clockOf(ctx), time.Now()
	stmt, err := c.contextConn.PrepareContext(ctx, query)
	clock.since(start)
	if err != nil {
		return nil, err
	}
	full, ok := stmt.(contextStmt)
	if !ok {
		stmt.Close()
		return nil, fmt.Errorf("driver statement %T lacks the context methods", stmt)
	}
	return timedStmt{full}, nil
}

func (c timedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	clock, start := clockOf(ctx), time.Now()
	tx, err := c.contextConn.BeginTx(ctx, opts)
	clock.since(start)
	if err != nil {
		return nil, err
	}
	return timedTx{tx, clock}, nil
}

func (c timedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	clock, start := clockOf(ctx), time.Now()
	result, err := c.contextConn.ExecContext(ctx, query, args)
	clock.since(start)
	return result, err
}

func (c timedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	clock, start := clockOf(ctx), time.Now()
	rows, err := c.contextConn.QueryContext(ctx, query, args)
	clock.since(start)
	if err != nil {
		return nil, err
	}
	return timedRows{rows, clock}, nil
}

// The optional interfaces database/sql looks for, passed through when the driver has them
// and answered as database/sql would answer their absence otherwise.

func (c timedConn) CheckNamedValue(value *driver.NamedValue) error {
	if checker, ok := c.contextConn.(driver.NamedValueChecker); ok {
		return checker.CheckNamedValue(value)
	}
	return driver.ErrSkip
}

func (c timedConn) ResetSession(ctx context.Context) error {
	if resetter, ok := c.contextConn.(driver.SessionResetter); ok {
		return resetter.ResetSession(ctx)
	}
	return nil
}

func (c timedConn) IsValid() bool {
	if validator, ok := c.contextConn.(driver.Validator); ok {
		return validator.IsValid()
	}
	return true
}

func (c timedConn) Ping(ctx context.Context) error {
	if pinger, ok := c.contextConn.(driver.Pinger); ok {
		clock, start := clockOf(ctx), time.Now()
		defer clock.since(start)
		return pinger.Ping(ctx)
	}
	return nil
}

type contextStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

type timedStmt struct{ contextStmt }

func (s timedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	clock, start := clockOf(ctx), time.Now()
	result, err := s.contextStmt.ExecContext(ctx, args)
	clock.since(start)
	return result, err
}

func (s timedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	clock, start := clockOf(ctx), time.Now()
	rows, err := s.contextStmt.QueryContext(ctx, args)
	clock.since(start)
	if err != nil {
		return nil, err
	}
	return timedRows{rows, clock}, nil
}

func (s timedStmt) CheckNamedValue(value *driver.NamedValue) error {
	if checker, ok := s.contextStmt.(driver.NamedValueChecker); ok {
		return checker.CheckNamedValue(value)
	}
	return driver.ErrSkip
}

// timedRows times fetching each row and closing (which, on PostgreSQL, reads the rest of
// the server's answer) on the clock of the request that ran the query.
type timedRows struct {
	driver.Rows
	clock *dbClock
}

func (r timedRows) Next(dest []driver.Value) error {
	start := time.Now()
	defer r.clock.since(start)
	return r.Rows.Next(dest)
}

func (r timedRows) Close() error {
	start := time.Now()
	defer r.clock.since(start)
	return r.Rows.Close()
}

type timedTx struct {
	driver.Tx
	clock *dbClock
}

func (t timedTx) Commit() error {
	start := time.Now()
	defer t.clock.since(start)
	return t.Tx.Commit()
}

func (t timedTx) Rollback() error {
	start := time.Now()
	defer t.clock.since(start)
	return t.Tx.Rollback()
}
