// This file is the same in targets/go-raw and targets/go-orm (the pair differs in data
// access only): copy it over the other one after a change.

package main

import (
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/mattn/go-sqlite3"
)

// statementLog is the statement log of spec/README.md (CRUDBENCH_SQL_LOG): one line per
// statement SQLite runs, from SQLite's own trace hook (sqlite3_trace_v2, SQLITE_TRACE_STMT)
// as go-sqlite3 exposes it, so it includes transaction control (BEGIN, COMMIT) whoever
// sends it. It is installed only when the variable is set, so timed rounds run without it.
//
// go-sqlite3 compiles its trace support only with the sqlite_trace build tag, which the
// prepare step passes (target.json).
type statementLog struct {
	mu   sync.Mutex
	file *os.File
}

func openStatementLog(path string) (*statementLog, error) {
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("CRUDBENCH_SQL_LOG: %w", err)
	}
	return &statementLog{file: file}, nil
}

// install is go-sqlite3's ConnectHook: it runs on every new connection, after the DSN's
// pragmas, so those (run once when a connection opens) are not in the log.
func (l *statementLog) install(conn *sqlite3.SQLiteConn) error {
	return conn.SetTrace(&sqlite3.TraceConfig{
		Callback:  l.record,
		EventMask: sqlite3.TraceStmt,
	})
}

// record writes the line straight to the file (no buffer), so it is there before the
// response is sent.
func (l *statementLog) record(info sqlite3.TraceInfo) int {
	line := strings.ReplaceAll(strings.ReplaceAll(info.StmtOrTrigger, "\r", " "), "\n", " ") + "\n"
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.file.WriteString(line)
	return 0
}
