// This file is the same in targets/go-raw and targets/go-orm (the pair differs in data
// access only): copy it over the other one after a change.

package main

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

// serverTiming is the outermost handler: it starts the request's `app` clock, gives the
// request a dbClock (which the timed driver adds to), and writes
// `Server-Timing: db;dur=…, app;dur=…` when the handler sends the status line — after
// routing, validation, the database and JSON encoding (handlers encode before writing),
// before net/http writes the response. Parsing the request happened before it was called.
func serverTiming(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tw := &timingWriter{ResponseWriter: w, start: time.Now()}
		// Without the request's cancellation: every statement here is short, and a
		// cancellable context costs database/sql (and mattn/go-sqlite3) a watcher
		// goroutine per query.
		ctx := withDBClock(context.WithoutCancel(r.Context()), &tw.db)
		next.ServeHTTP(tw, r.WithContext(ctx))
	})
}

type timingWriter struct {
	http.ResponseWriter
	start       time.Time
	db          dbClock
	wroteHeader bool
}

func (w *timingWriter) WriteHeader(status int) {
	if !w.wroteHeader {
		w.wroteHeader = true
		app := time.Since(w.start)
		buf := make([]byte, 0, 40)
		buf = append(buf, "db;dur="...)
		buf = strconv.AppendFloat(buf, milliseconds(w.db.total()), 'f', 3, 64)
		buf = append(buf, ", app;dur="...)
		buf = strconv.AppendFloat(buf, milliseconds(app), 'f', 3, 64)
		w.Header().Set("Server-Timing", string(buf))
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *timingWriter) Write(body []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(body)
}

// Unwrap lets http.ResponseController reach net/http's own writer.
func (w *timingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func milliseconds(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
