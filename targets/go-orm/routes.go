package main

import (
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strconv"
	"sync"

	"gorm.io/gorm"
)

// newRouter is the Task API on a Go 1.22+ ServeMux, wrapped in the Server-Timing middleware.
func newRouter(db *gorm.DB) http.Handler {
	tasks := newTaskHandlers(db)
	mux := http.NewServeMux()
	// A GET pattern also serves HEAD; net/http drops the body of a HEAD response.
	mux.HandleFunc("GET /health", health)
	mux.HandleFunc("GET /tasks", tasks.list)
	mux.HandleFunc("POST /tasks", tasks.create)
	mux.HandleFunc("GET /tasks/{id}", tasks.read)
	mux.HandleFunc("PUT /tasks/{id}", tasks.replace)
	mux.HandleFunc("DELETE /tasks/{id}", tasks.remove)
	// ServeMux answers a method no pattern serves with 405 and an Allow header by itself, but
	// with a text/plain body. These patterns without a method are less specific than the ones
	// above, so they get exactly the other methods (OPTIONS, TRACE, PATCH, PROPFIND, ...) and
	// answer them in JSON, before anything reads the body.
	mux.Handle("/health", methodNotAllowed("GET, HEAD"))
	mux.Handle("/tasks", methodNotAllowed("GET, HEAD, POST"))
	mux.Handle("/tasks/{id}", methodNotAllowed("GET, HEAD, PUT, DELETE"))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, &apiError{http.StatusNotFound, "route not found"})
	})
	return withServerTiming(mux)
}

func health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func methodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, &apiError{http.StatusMethodNotAllowed, "method not allowed"})
	})
}

var errTaskNotFound = &apiError{http.StatusNotFound, "task not found"}

// taskHandlers serves /tasks with GORM. Every query runs with the request's context, which
// carries its Server-Timing to the timed driver (timeddriver.go). GORM wraps each write
// (Create, Updates, Delete) in a transaction of its own: BEGIN, the statement, COMMIT —
// its default, kept (SkipDefaultTransaction is off).
type taskHandlers struct {
	db *gorm.DB
	// writes serialises this process's writes on SQLite, which has one writer at a time:
	// pooled connections racing for its write lock would wait in SQLite's busy handler,
	// which sleeps in growing steps (up to 100 ms) instead of taking turns. Reads never take
	// it (in WAL mode readers do not block the writer). On PostgreSQL it does nothing.
	writes sync.Locker
}

func newTaskHandlers(db *gorm.DB) *taskHandlers {
	h := &taskHandlers{db: db, writes: noLock{}}
	if db.Dialector.Name() == "sqlite" {
		h.writes = &sync.Mutex{}
	}
	return h
}

type noLock struct{}

func (noLock) Lock()   {}
func (noLock) Unlock() {}

func (h *taskHandlers) create(w http.ResponseWriter, r *http.Request) {
	input, problem := readTaskInput(w, r)
	if problem != nil {
		writeError(w, problem)
		return
	}
	now := newTimestamp()
	task := Task{Title: input.Title, Description: input.Description, Completed: input.Completed, CreatedAt: now, UpdatedAt: now}
	// INSERT ... RETURNING "id": the database assigns it.
	h.writes.Lock()
	err := h.db.WithContext(r.Context()).Create(&task).Error
	h.writes.Unlock()
	if err != nil {
		databaseError(w, r, err)
		return
	}
	w.Header().Set("Location", "/tasks/"+strconv.FormatInt(task.ID, 10))
	writeJSON(w, http.StatusCreated, &task)
}

func (h *taskHandlers) list(w http.ResponseWriter, r *http.Request) {
	limit, offset, problem := parsePage(r.URL.Query())
	if problem != nil {
		writeError(w, problem)
		return
	}
	tasks := make([]Task, 0, min(limit, defaultLimit))
	if err := h.db.WithContext(r.Context()).Order("id").Limit(int(limit)).Offset(int(offset)).Find(&tasks).Error; err != nil {
		databaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, tasks)
}

func (h *taskHandlers) read(w http.ResponseWriter, r *http.Request) {
	id, ok := parseTaskID(r.PathValue("id"))
	if !ok {
		writeError(w, errTaskNotFound)
		return
	}
	var task Task
	if err := h.db.WithContext(r.Context()).First(&task, id).Error; err != nil {
		databaseError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, &task)
}

// replace is a full replace: load the task, assign all three fields (defaults included) and
// a new updated_at, and update exactly those columns.
func (h *taskHandlers) replace(w http.ResponseWriter, r *http.Request) {
	// The body is checked before the id, as in the other targets: PUT /tasks/abc with a
	// malformed body is a 400.
	input, problem := readTaskInput(w, r)
	if problem != nil {
		writeError(w, problem)
		return
	}
	id, ok := parseTaskID(r.PathValue("id"))
	if !ok {
		writeError(w, errTaskNotFound)
		return
	}
	db := h.db.WithContext(r.Context())
	var task Task
	if err := db.First(&task, id).Error; err != nil {
		databaseError(w, r, err)
		return
	}
	task.Title, task.Description, task.Completed = input.Title, input.Description, input.Completed
	task.UpdatedAt = newTimestamp()
	// Select names the columns so that zero values (an empty description, false) are written
	// too: Updates with a struct skips them otherwise.
	h.writes.Lock()
	result := db.Model(&task).Select("Title", "Description", "Completed", "UpdatedAt").Updates(&task)
	h.writes.Unlock()
	if result.Error != nil {
		databaseError(w, r, result.Error)
		return
	}
	if result.RowsAffected == 0 { // deleted by another request since First
		writeError(w, errTaskNotFound)
		return
	}
	writeJSON(w, http.StatusOK, &task)
}

func (h *taskHandlers) remove(w http.ResponseWriter, r *http.Request) {
	id, ok := parseTaskID(r.PathValue("id"))
	if !ok {
		writeError(w, errTaskNotFound)
		return
	}
	h.writes.Lock()
	result := h.db.WithContext(r.Context()).Delete(&Task{}, id)
	h.writes.Unlock()
	if result.Error != nil {
		databaseError(w, r, result.Error)
		return
	}
	if result.RowsAffected == 0 {
		writeError(w, errTaskNotFound)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// databaseError answers a failed GORM call: no row is a 404; a value the schema's CHECK
// constraints refuse is a 400 (validation rejects such input first: a safety net); anything
// else is logged and a 500.
func databaseError(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		writeError(w, errTaskNotFound)
	case refusedByDatabase(err):
		writeError(w, badRequest("task rejected by the database: "+err.Error()))
	default:
		log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
		writeError(w, &apiError{http.StatusInternalServerError, "internal server error"})
	}
}

func writeError(w http.ResponseWriter, problem *apiError) {
	writeJSON(w, problem.status, map[string]string{"error": problem.message})
}

// writeJSON serialises the whole body before sending the header, so the Server-Timing
// middleware's app span (which ends at WriteHeader) includes the serialisation.
func writeJSON(w http.ResponseWriter, status int, value any) {
	body, err := json.Marshal(value)
	if err != nil {
		log.Printf("encoding a response: %v", err)
		status, body = http.StatusInternalServerError, []byte(`{"error":"internal server error"}`)
	}
	header := w.Header()
	header.Set("Content-Type", "application/json")
	// Set here, net/http never switches a large list to chunked encoding.
	header.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
