// This file is the same in targets/go-raw and targets/go-orm, as timeddriver.go is.

package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"testing"
	"time"
)

var errUnused = errors.New("not used by this test")

// slowDriver answers every query with one row after `delay`, spent in Rows.Next, the way
// pgx reads rows from the socket there.
type slowDriver struct{ delay time.Duration }

func (d slowDriver) Open(string) (driver.Conn, error) { return slowConn(d), nil }

type slowConn slowDriver

func (c slowConn) Prepare(string) (driver.Stmt, error) { return nil, errUnused }
func (c slowConn) Close() error                        { return nil }
func (c slowConn) Begin() (driver.Tx, error)           { return nil, errUnused }
func (c slowConn) PrepareContext(context.Context, string) (driver.Stmt, error) {
	return nil, errUnused
}
func (c slowConn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	return nil, errUnused
}
func (c slowConn) ExecContext(context.Context, string, []driver.NamedValue) (driver.Result, error) {
	return driver.RowsAffected(1), nil
}
func (c slowConn) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	return &slowRows{delay: c.delay}, nil
}

type slowRows struct {
	delay time.Duration
	done  bool
}

func (r *slowRows) Columns() []string { return []string{"n"} }
func (r *slowRows) Close() error      { return nil }
func (r *slowRows) Next(dest []driver.Value) error {
	if r.done {
		return io.EOF
	}
	time.Sleep(r.delay)
	r.done, dest[0] = true, int64(1)
	return nil
}

func TestDBClockCountsRowFetchingButNotPoolWaits(t *testing.T) {
	const delay = 5 * time.Millisecond
	db := sql.OpenDB(timedConnector{dsnConnector{"", slowDriver{delay}}})
	defer db.Close()
	db.SetMaxOpenConns(1)

	// Hold the only connection for 50 ms: the query below waits for it in database/sql.
	held, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		held.Close()
	}()

	var clock dbClock
	var n int64
	started := time.Now()
	if err := db.QueryRowContext(withDBClock(context.Background(), &clock), "SELECT 1").Scan(&n); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(started)
	if clock.total() < delay {
		t.Errorf("db = %v, want at least the %v spent fetching the row", clock.total(), delay)
	}
	if elapsed < 50*time.Millisecond || clock.total() > elapsed-40*time.Millisecond {
		t.Errorf("db = %v of %v: the wait for the pooled connection was counted", clock.total(), elapsed)
	}
}
