package main

import (
	"context"
	"database/sql/driver"
	"time"
)

// The Server-Timing db span is measured at the database/sql driver boundary: the line between
// database/sql (and GORM above it) and the driver (go-sqlite3, pgx). timedConnector wraps the
// driver's connector so that every call into the driver made for a request — executing a
// statement, fetching each row, closing rows, BEGIN, COMMIT, ROLLBACK — adds the time from
// just before the call to its return to that request's requestTiming. What GORM does around
// those calls (building SQL, reflection, scanning into the model) and waiting for a pooled
// connection (database/sql) happen outside them and are not db.
//
// A call finds its request through the context.Context that GORM passes down
// (db.WithContext(r.Context())). The calls that take no context — Rows.Next, Rows.Close,
// Tx.Commit, Tx.Rollback — are timed against the request whose context opened the rows or
// began the transaction. Calls without a request (start-up) are not timed.

// timedConnector is a driver.Connector whose connections time their driver calls.
type timedConnector struct {
	driver.Connector
}

func (c timedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &timedConn{conn: conn}, nil
}

// timedConn forwards every interface database/sql looks for to the driver's connection.
type timedConn struct {
	conn driver.Conn
}

var (
	_ driver.ConnBeginTx        = (*timedConn)(nil)
	_ driver.ConnPrepareContext = (*timedConn)(nil)
	_ driver.ExecerContext      = (*timedConn)(nil)
	_ driver.QueryerContext     = (*timedConn)(nil)
	_ driver.NamedValueChecker  = (*timedConn)(nil)
	_ driver.SessionResetter    = (*timedConn)(nil)
	_ driver.Validator          = (*timedConn)(nil)
	_ driver.Pinger             = (*timedConn)(nil)
)

func (c *timedConn) Close() error { return c.conn.Close() }

// Prepare and Begin are the pre-context forms; database/sql uses the Context ones below.
func (c *timedConn) Prepare(query string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), query)
}

func (c *timedConn) Begin() (driver.Tx, error) {
	return c.BeginTx(context.Background(), driver.TxOptions{})
}

func (c *timedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	timing, start := timingFrom(ctx), time.Now()
	var stmt driver.Stmt
	var err error
	if preparer, ok := c.conn.(driver.ConnPrepareContext); ok {
		stmt, err = preparer.PrepareContext(ctx, query)
	} else {
		stmt, err = c.conn.Prepare(query)
	}
	timing.addDB(start)
	if err != nil {
		return nil, err
	}
	return &timedStmt{stmt: stmt, timing: timing}, nil
}

func (c *timedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	timing, start := timingFrom(ctx), time.Now()
	var tx driver.Tx
	var err error
	if beginner, ok := c.conn.(driver.ConnBeginTx); ok {
		tx, err = beginner.BeginTx(ctx, opts)
	} else {
		tx, err = c.conn.Begin() //nolint:staticcheck // the driver has only the old form
	}
	timing.addDB(start)
	if err != nil {
		return nil, err
	}
	return &timedTx{tx: tx, timing: timing}, nil
}

func (c *timedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	execer, ok := c.conn.(driver.ExecerContext)
	if !ok {
		return nil, driver.ErrSkip // database/sql then prepares the statement instead
	}
	timing, start := timingFrom(ctx), time.Now()
	result, err := execer.ExecContext(ctx, query, args)
	timing.addDB(start)
	return result, err
}

func (c *timedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	queryer, ok := c.conn.(driver.QueryerContext)
	if !ok {
		return nil, driver.ErrSkip
	}
	timing, start := timingFrom(ctx), time.Now()
	rows, err := queryer.QueryContext(ctx, query, args)
	timing.addDB(start)
	if err != nil {
		return nil, err
	}
	return &timedRows{rows: rows, timing: timing}, nil
}

// CheckNamedValue lets the driver convert arguments itself (pgx takes its own types);
// driver.ErrSkip falls back to database/sql's default conversion.
func (c *timedConn) CheckNamedValue(value *driver.NamedValue) error {
	if checker, ok := c.conn.(driver.NamedValueChecker); ok {
		return checker.CheckNamedValue(value)
	}
	return driver.ErrSkip
}

func (c *timedConn) ResetSession(ctx context.Context) error {
	if resetter, ok := c.conn.(driver.SessionResetter); ok {
		return resetter.ResetSession(ctx)
	}
	return nil
}

func (c *timedConn) IsValid() bool {
	if validator, ok := c.conn.(driver.Validator); ok {
		return validator.IsValid()
	}
	return true
}

func (c *timedConn) Ping(ctx context.Context) error {
	if pinger, ok := c.conn.(driver.Pinger); ok {
		return pinger.Ping(ctx)
	}
	return nil
}

// timedTx times COMMIT and ROLLBACK for the request that began the transaction.
type timedTx struct {
	tx     driver.Tx
	timing *requestTiming
}

func (t *timedTx) Commit() error {
	start := time.Now()
	err := t.tx.Commit()
	t.timing.addDB(start)
	return err
}

func (t *timedTx) Rollback() error {
	start := time.Now()
	err := t.tx.Rollback()
	t.timing.addDB(start)
	return err
}

// timedRows times fetching each row and closing the result (go-sqlite3 steps the statement
// in Next and resets it in Close; pgx reads the rows off the wire in Next).
type timedRows struct {
	rows   driver.Rows
	timing *requestTiming
}

func (r *timedRows) Columns() []string { return r.rows.Columns() }

func (r *timedRows) Next(dest []driver.Value) error {
	start := time.Now()
	err := r.rows.Next(dest)
	r.timing.addDB(start)
	return err
}

func (r *timedRows) Close() error {
	start := time.Now()
	err := r.rows.Close()
	r.timing.addDB(start)
	return err
}

// timedStmt is only used if database/sql prepares a statement (GORM's PrepareStmt mode, or a
// driver without ExecerContext/QueryerContext); neither happens in this server, but a
// prepared statement must be timed like any other call.
type timedStmt struct {
	stmt   driver.Stmt
	timing *requestTiming // of the request that prepared it, for the pre-context forms
}

func (s *timedStmt) Close() error  { return s.stmt.Close() }
func (s *timedStmt) NumInput() int { return s.stmt.NumInput() }

func (s *timedStmt) Exec(args []driver.Value) (driver.Result, error) {
	start := time.Now()
	result, err := s.stmt.Exec(args) //nolint:staticcheck // required by driver.Stmt
	s.timing.addDB(start)
	return result, err
}

func (s *timedStmt) Query(args []driver.Value) (driver.Rows, error) {
	start := time.Now()
	rows, err := s.stmt.Query(args) //nolint:staticcheck // required by driver.Stmt
	s.timing.addDB(start)
	if err != nil {
		return nil, err
	}
	return &timedRows{rows: rows, timing: s.timing}, nil
}

func (s *timedStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	execer, ok := s.stmt.(driver.StmtExecContext)
	if !ok {
		values, err := namedToValues(args)
		if err != nil {
			return nil, err
		}
		return s.Exec(values)
	}
	timing, start := timingFrom(ctx), time.Now()
	result, err := execer.ExecContext(ctx, args)
	timing.addDB(start)
	return result, err
}

func (s *timedStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	queryer, ok := s.stmt.(driver.StmtQueryContext)
	if !ok {
		values, err := namedToValues(args)
		if err != nil {
			return nil, err
		}
		return s.Query(values)
	}
	timing, start := timingFrom(ctx), time.Now()
	rows, err := queryer.QueryContext(ctx, args)
	timing.addDB(start)
	if err != nil {
		return nil, err
	}
	return &timedRows{rows: rows, timing: timing}, nil
}

func namedToValues(named []driver.NamedValue) ([]driver.Value, error) {
	values := make([]driver.Value, len(named))
	for i, arg := range named {
		if arg.Name != "" {
			return nil, driver.ErrSkip
		}
		values[i] = arg.Value
	}
	return values, nil
}
