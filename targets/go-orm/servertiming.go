package main

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// requestTiming is one request's Server-Timing (spec/README.md): when the middleware
// started, and the time spent inside database driver calls so far.
type requestTiming struct {
	start time.Time
	// db is written by the timed driver (timeddriver.go). Atomic because database/sql may
	// close rows or roll back a transaction from its own goroutine when a context ends.
	db atomic.Int64
}

type timingKey struct{}

// timingFrom returns the request's timing, or nil outside a timed request (start-up).
func timingFrom(ctx context.Context) *requestTiming {
	timing, _ := ctx.Value(timingKey{}).(*requestTiming)
	return timing
}

// addDB adds one driver call's duration; a nil timing (no request) ignores it.
func (t *requestTiming) addDB(since time.Time) {
	if t != nil {
		t.db.Add(int64(time.Since(since)))
	}
}

// withServerTiming is the outermost middleware: the app span starts when net/http hands it
// the request and ends when the handler sends the status line and headers, which every
// handler here does only after its work is done and its body is serialised (writeJSON).
// The db span is the sum of the driver calls made with the request's context.
func withServerTiming(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		timing := &requestTiming{start: time.Now()}
		// Without the request's cancellation: every statement here is short, and a
		// cancellable context costs database/sql (and go-sqlite3) a watcher goroutine per
		// query.
		ctx := context.WithValue(context.WithoutCancel(r.Context()), timingKey{}, timing)
		next.ServeHTTP(&timingWriter{ResponseWriter: w, timing: timing}, r.WithContext(ctx))
	})
}

// timingWriter writes the Server-Timing header just before the response header is sent.
type timingWriter struct {
	http.ResponseWriter
	timing      *requestTiming
	wroteHeader bool
}

func (w *timingWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		app := time.Since(w.timing.start)
		w.Header().Set("Server-Timing", formatServerTiming(time.Duration(w.timing.db.Load()), app))
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *timingWriter) Write(body []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(body)
}

// Unwrap lets http.ResponseController reach the server's writer.
func (w *timingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// formatServerTiming renders "db;dur=0.041, app;dur=0.093": milliseconds, 3 decimals.
func formatServerTiming(db, app time.Duration) string {
	buf := make([]byte, 0, 40)
	buf = append(buf, "db;dur="...)
	buf = strconv.AppendFloat(buf, float64(db)/float64(time.Millisecond), 'f', 3, 64)
	buf = append(buf, ", app;dur="...)
	buf = strconv.AppendFloat(buf, float64(app)/float64(time.Millisecond), 'f', 3, 64)
	return string(buf)
}
