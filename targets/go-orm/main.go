// Command crudbench-go-orm serves the crudbench Task API (spec/openapi.yaml) with net/http's
// ServeMux and GORM, on SQLite or PostgreSQL as DATABASE_URL says.
package main

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

const (
	defaultPoolSize = 4
	// crudbench sends SIGKILL 5 s after SIGTERM; in-flight requests get most of that.
	shutdownTimeout = 4 * time.Second
)

func main() {
	log.SetFlags(log.LstdFlags | log.LUTC)
	if err := run(); err != nil {
		log.Fatalf("crudbench-go-orm: %v", err)
	}
}

func run() error {
	poolSize, err := poolSizeFromEnv()
	if err != nil {
		return err
	}
	databaseURL := os.Getenv("DATABASE_URL")
	if databaseURL == "" {
		return errors.New("DATABASE_URL is not set (sqlite:///abs/path.db or postgresql://user@host:port/db)")
	}
	db, err := openDatabase(databaseURL, poolSize, os.Getenv("CRUDBENCH_SQL_LOG"))
	if err != nil {
		return err
	}
	defer closeDatabase(db)

	host, port := os.Getenv("HOST"), os.Getenv("PORT")
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = "8080"
	}
	server := &http.Server{
		Addr:              net.JoinHostPort(host, port),
		Handler:           newRouter(db),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- server.ListenAndServe() }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	return server.Shutdown(shutdownCtx)
}

// poolSizeFromEnv reads DATABASE_POOL_SIZE: the most database connections this process opens.
func poolSizeFromEnv() (int, error) {
	raw := os.Getenv("DATABASE_POOL_SIZE")
	if raw == "" {
		return defaultPoolSize, nil
	}
	size, err := strconv.Atoi(raw)
	if err != nil || size < 1 {
		return 0, errors.New("DATABASE_POOL_SIZE must be a positive integer, got " + strconv.Quote(raw))
	}
	return size, nil
}
