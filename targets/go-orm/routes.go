// This file is the same in targets/go-raw and targets/go-orm (the pair differs in data
// access only): copy it over the other one after a change. The data access is each
// target's taskStore (store.go).

package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strconv"
)

// taskStore is the data access the handlers call, one method per operation. Each target
// implements it its own way (go-raw: prepared SQL statements; go-orm: GORM). A method
// returns an apiError for what the client is answered with (errNotFound; a value the
// database refused, refusedByDatabase) and any other error for a failure (a logged 500).
type taskStore interface {
	List(ctx context.Context, limit, offset int64) ([]Task, error)
	Create(ctx context.Context, input taskInput) (Task, error)
	Read(ctx context.Context, id int64) (Task, error)
	// Replace is a full replace of title, description and completed, with a new updated_at.
	Replace(ctx context.Context, id int64, input taskInput) (Task, error)
	Delete(ctx context.Context, id int64) error
}

// api serves the Task API from a store.
type api struct{ store taskStore }

// newRouter is the whole HTTP surface: a Go 1.22+ ServeMux in the Server-Timing middleware.
// ServeMux would answer a known path with an unserved method itself (405 and a correct
// Allow), and an unknown path (404), but with a text/plain body; the contract wants the
// JSON error body, so each path also has a method-less pattern — less specific than the
// ones with a method, so it gets exactly the methods they do not serve (OPTIONS, TRACE,
// PATCH, PROPFIND, …), before anything reads the body — and "/" answers every other path.
// A pattern with GET also serves HEAD (net/http then drops the body).
func newRouter(store taskStore) http.Handler {
	a := api{store: store}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", a.health)
	mux.HandleFunc("/health", methodNotAllowed("GET, HEAD"))
	mux.HandleFunc("GET /tasks", a.listTasks)
	mux.HandleFunc("POST /tasks", a.createTask)
	mux.HandleFunc("/tasks", methodNotAllowed("GET, HEAD, POST"))
	mux.HandleFunc("GET /tasks/{id}", a.readTask)
	mux.HandleFunc("PUT /tasks/{id}", a.replaceTask)
	mux.HandleFunc("DELETE /tasks/{id}", a.deleteTask)
	mux.HandleFunc("/tasks/{id}", methodNotAllowed("GET, HEAD, PUT, DELETE"))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, apiError{http.StatusNotFound, "no such route"})
	})
	return serverTiming(mux)
}

func (a api) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (a api) listTasks(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := parsePaging(r.URL.Query())
	if err != nil {
		writeError(w, r, err)
		return
	}
	tasks, err := a.store.List(r.Context(), limit, offset)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, tasks)
}

func (a api) createTask(w http.ResponseWriter, r *http.Request) {
	input, err := readTaskInput(w, r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	task, err := a.store.Create(r.Context(), input)
	if err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/tasks/"+strconv.FormatInt(task.ID, 10))
	writeJSON(w, http.StatusCreated, &task)
}

func (a api) readTask(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		writeError(w, r, errNotFound)
		return
	}
	task, err := a.store.Read(r.Context(), id)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, &task)
}

func (a api) replaceTask(w http.ResponseWriter, r *http.Request) {
	// The body is checked before the id, as in the other targets (frameworks that validate
	// bodies before the handler runs): PUT /tasks/abc with a malformed body is a 400.
	input, err := readTaskInput(w, r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		writeError(w, r, errNotFound)
		return
	}
	task, err := a.store.Replace(r.Context(), id, input)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, &task)
}

func (a api) deleteTask(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		writeError(w, r, errNotFound)
		return
	}
	if err := a.store.Delete(r.Context(), id); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func methodNotAllowed(allow string) http.HandlerFunc {
	problem := apiError{http.StatusMethodNotAllowed, "method not allowed; allowed: " + allow}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, r, problem)
	}
}

// apiError is an error response of the contract: a status and {"error": message}.
type apiError struct {
	status  int
	message string
}

func (e apiError) Error() string { return e.message }

func badRequest(message string) apiError { return apiError{http.StatusBadRequest, message} }

var errNotFound = apiError{http.StatusNotFound, "task not found"}

// refusedByDatabase is the answer to a value the database refused (a CHECK or other
// constraint, a data exception): a 400, not a 500. The input rules catch every such value
// first, so this is a safety net, not a path taken.
func refusedByDatabase(cause error) apiError {
	return badRequest("the database refused the value: " + cause.Error())
}

// writeError answers an apiError with its status and any other error with a logged 500.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var known apiError
	if !errors.As(err, &known) {
		log.Printf("%s %s: %v", r.Method, r.URL.Path, err)
		known = apiError{http.StatusInternalServerError, "internal server error"}
	}
	writeJSON(w, known.status, map[string]string{"error": known.message})
}

// writeJSON encodes the whole body before it sends the status line, so Server-Timing's
// `app` (which ends at WriteHeader) includes the encoding. With Content-Length set here,
// net/http never switches a large list to chunked encoding.
func writeJSON(w http.ResponseWriter, status int, body any) {
	data, err := json.Marshal(body)
	if err != nil {
		log.Printf("encoding a response: %v", err)
		status, data = http.StatusInternalServerError, []byte(`{"error":"internal server error"}`)
	}
	header := w.Header()
	header.Set("Content-Type", "application/json")
	header.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
