package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// openStore opens GORM on the database DATABASE_URL names, through a database/sql pool of
// at most poolSize connections whose driver calls are timed for Server-Timing (timeddriver.go).
func openStore(ctx context.Context, databaseURL string, poolSize int, sqlLogPath string) (*store, error) {
	var (
		connector driver.Connector
		dialect   func(*sql.DB) gorm.Dialector
		err       error
	)
	switch {
	case strings.HasPrefix(databaseURL, "sqlite://"):
		connector, err = sqliteConnector(databaseURL, sqlLogPath)
		dialect = func(pool *sql.DB) gorm.Dialector { return sqlite.New(sqlite.Config{Conn: pool}) }
	case strings.HasPrefix(databaseURL, "postgresql://"), strings.HasPrefix(databaseURL, "postgres://"):
		connector, err = postgresConnector(databaseURL)
		dialect = func(pool *sql.DB) gorm.Dialector { return postgres.New(postgres.Config{Conn: pool}) }
	default:
		return nil, errors.New("DATABASE_URL must start with sqlite:// or postgresql://")
	}
	if err != nil {
		return nil, err
	}

	pool := sql.OpenDB(timedConnector{connector})
	pool.SetMaxOpenConns(poolSize)
	// database/sql keeps only 2 idle connections by default: with more in use, returning one
	// would close it and the next request would open a new one.
	pool.SetMaxIdleConns(poolSize)

	db, err := gorm.Open(dialect(pool), &gorm.Config{
		// Errors only: GORM's default logger would also print every slow statement and
		// every "record not found", which here is an ordinary 404.
		Logger: logger.New(log.Default(), logger.Config{
			LogLevel:                  logger.Error,
			IgnoreRecordNotFoundError: true,
		}),
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("opening the database: %w", err)
	}
	// Fail at start-up, with the database's own message, if the schema is missing.
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.WithContext(ctx).Limit(1).Find(&[]Task{}).Error; err != nil {
		pool.Close()
		return nil, fmt.Errorf("reading the tasks table: %w", err)
	}
	return newStore(db, pool), nil
}

// sqliteConnector opens go-sqlite3 connections on the file of sqlite:///abs/path.db (or
// sqlite:////abs/path.db), each with the pragmas of spec/README.md set through go-sqlite3's
// DSN parameters when the connection opens.
func sqliteConnector(databaseURL, sqlLogPath string) (driver.Connector, error) {
	path := "/" + strings.TrimLeft(strings.TrimPrefix(databaseURL, "sqlite://"), "/")
	if path == "/" || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("DATABASE_URL %q does not name a database file", databaseURL)
	}
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("the SQLite database must exist with the schema: %w", err)
	}
	dsn := path + "?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_foreign_keys=on"
	sqliteDriver := &sqlite3.SQLiteDriver{}
	if sqlLogPath != "" {
		statementLog, err := openStatementLog(sqlLogPath)
		if err != nil {
			return nil, err
		}
		sqliteDriver.ConnectHook = statementLog.install
	}
	return dsnConnector{dsn: dsn, drv: sqliteDriver}, nil // timeddriver.go
}

// postgresConnector is pgx's database/sql connector for the URL, as gorm.io/driver/postgres
// would open it itself (libpq-style URL, pgx's defaults: statements prepared and cached per
// connection).
func postgresConnector(databaseURL string) (driver.Connector, error) {
	config, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err) // pgx's message never includes the password
	}
	if config.ConnectTimeout == 0 {
		config.ConnectTimeout = 10 * time.Second
	}
	return stdlib.GetConnector(*config), nil
}

// isRefused reports whether the database refused a value: a CHECK or other
// constraint (SQLite's SQLITE_CONSTRAINT, PostgreSQL's SQLSTATE class 23) or a PostgreSQL
// data exception (class 22). GORM's TranslateError maps only some of these (not SQLite's
// CHECK), so the drivers' errors are read directly.
func isRefused(err error) bool {
	var sqliteErr sqlite3.Error
	if errors.As(err, &sqliteErr) {
		return sqliteErr.Code == sqlite3.ErrConstraint
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return strings.HasPrefix(pgErr.Code, "23") || strings.HasPrefix(pgErr.Code, "22")
	}
	return false
}
