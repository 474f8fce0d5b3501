// This file is the same in targets/go-raw and targets/go-orm (the pair differs in data
// access only): copy it over the other one after a change. Each target's openStore
// (store.go) opens its data access.

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
		log.Fatal(err)
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
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	s, err := openStore(ctx, databaseURL, poolSize, os.Getenv("CRUDBENCH_SQL_LOG"))
	if err != nil {
		return err
	}
	defer s.Close()

	server := &http.Server{
		Addr:              net.JoinHostPort(envOr("HOST", "127.0.0.1"), envOr("PORT", "8080")),
		Handler:           newRouter(s),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	failed := make(chan error, 1)
	go func() { failed <- server.ListenAndServe() }()
	select {
	case err := <-failed:
		return err
	case <-ctx.Done():
	}
	// SIGTERM: stop accepting, finish the requests in flight, within crudbench's 5 s.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// poolSizeFromEnv is DATABASE_POOL_SIZE, the most connections the server opens (4 if unset).
func poolSizeFromEnv() (int, error) {
	raw := os.Getenv("DATABASE_POOL_SIZE")
	if raw == "" {
		return defaultPoolSize, nil
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
