package main

import (
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"strconv"
)

// api serves the Task API from a store.
type api struct{ store *store }

// routes is the whole HTTP surface. Go's ServeMux would answer a known path with an
// unserved method itself (405 and a correct Allow), and an unknown path (404), but with
// a text/plain body; the contract wants the JSON error body, so each path also has a
// method-less pattern — less specific than the ones with a method, so it gets only the
// methods they do not serve — and "/" answers every other path. A pattern with GET also
// serves HEAD (net/http then discards the body).
func (a api) routes() http.Handler {
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
		writeError(w, apiError{http.StatusNotFound, "no such route"})
	})
	return serverTiming(mux)
}

func (a api) health(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (a api) listTasks(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := parsePaging(r.URL.Query())
	if err != nil {
		writeError(w, err)
		return
	}
	tasks, err := a.store.List(r.Context(), limit, offset)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, tasks)
}

func (a api) createTask(w http.ResponseWriter, r *http.Request) {
	input, err := readTaskInput(w, r)
	if err != nil {
		writeError(w, err)
		return
	}
	task, err := a.store.Create(r.Context(), input)
	if err != nil {
		writeError(w, err)
		return
	}
	w.Header().Set("Location", "/tasks/"+strconv.FormatInt(task.ID, 10))
	writeJSON(w, http.StatusCreated, task)
}

func (a api) readTask(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		writeError(w, errNotFound)
		return
	}
	task, err := a.store.Read(r.Context(), id)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, task)
}

func (a api) replaceTask(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		writeError(w, errNotFound)
		return
	}
	input, err := readTaskInput(w, r)
	if err != nil {
		writeError(w, err)
		return
	}
	task, err := a.store.Replace(r.Context(), id, input)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, task)
}

func (a api) deleteTask(w http.ResponseWriter, r *http.Request) {
	id, ok := parseID(r.PathValue("id"))
	if !ok {
		writeError(w, errNotFound)
		return
	}
	if err := a.store.Delete(r.Context(), id); err != nil {
		writeError(w, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func methodNotAllowed(allow string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, apiError{http.StatusMethodNotAllowed, r.Method + " is not allowed here; allowed: " + allow})
	}
}

// apiError is an error with the status it is answered with.
type apiError struct {
	status  int
	message string
}

func (e apiError) Error() string { return e.message }

func badRequest(message string) apiError { return apiError{http.StatusBadRequest, message} }

var errNotFound = apiError{http.StatusNotFound, "task not found"}

// writeError answers an apiError with its status and any other error with a logged 500.
func writeError(w http.ResponseWriter, err error) {
	var known apiError
	if !errors.As(err, &known) {
		log.Printf("internal error: %v", err)
		known = apiError{http.StatusInternalServerError, "internal server error"}
	}
	writeJSON(w, known.status, map[string]string{"error": known.message})
}

// writeJSON encodes the body first, so the status line (and with it Server-Timing's `app`)
// comes after the encoding.
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
	w.Write(data)
}
