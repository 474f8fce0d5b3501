// Command crudbench-go-raw serves crudbench's Task API (spec/openapi.yaml) with net/http
// and raw SQL through database/sql: mattn/go-sqlite3 on SQLite, pgx on PostgreSQL.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

func run() error {
	poolSize, err := poolSizeFromEnv()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	s, err := openStore(ctx, os.Getenv("DATABASE_URL"), poolSize)
	if err != nil {
		return err
	}
	defer s.Close()

	server := &http.Server{
		Addr:    net.JoinHostPort(envOr("HOST", "127.0.0.1"), envOr("PORT", "8080")),
		Handler: api{store: s}.routes(),
	}
	failed := make(chan error, 1)
	go func() { failed <- server.ListenAndServe() }()
	select {
	case err := <-failed:
		return err
	case <-ctx.Done():
	}
	// SIGTERM: stop accepting, finish the requests in flight, within crudbench's 5 s.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openStore picks the database from the DATABASE_URL scheme.
func openStore(ctx context.Context, databaseURL string, poolSize int) (*store, error) {
	switch {
	case strings.HasPrefix(databaseURL, "sqlite://"):
		return openSQLite(ctx, databaseURL, poolSize, os.Getenv("CRUDBENCH_SQL_LOG"))
	case strings.HasPrefix(databaseURL, "postgresql://"), strings.HasPrefix(databaseURL, "postgres://"):
		return openPostgres(ctx, databaseURL, poolSize)
	case databaseURL == "":
		return nil, errors.New("DATABASE_URL is not set (sqlite:///abs/path.db or postgresql://user@host:port/db)")
	default:
		return nil, fmt.Errorf("DATABASE_URL: unsupported scheme in %q", strings.SplitN(databaseURL, ":", 2)[0])
	}
}

// poolSizeFromEnv is DATABASE_POOL_SIZE, the most connections the server opens (4 if unset).
func poolSizeFromEnv() (int, error) {
	raw := os.Getenv("DATABASE_POOL_SIZE")
	if raw == "" {
		return 4, nil
	}
	size, err := strconv.Atoi(raw)
	if err != nil || size < 1 {
		return 0, fmt.Errorf("DATABASE_POOL_SIZE must be a positive integer, not %q", raw)
	}
	return size, nil
}

func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
