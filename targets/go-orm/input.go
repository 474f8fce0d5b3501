package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The input rules of spec/README.md ("Tasks", "Ids in paths", "Listing") in one place.
const (
	maxBodyBytes       = 65536
	maxTitleChars      = 200
	maxDescriptionChar = 2000
	defaultLimit       = 100
	maxLimit           = 1000
	// 2^53−1 (spec/README.md, "Listing"): the largest offset every JSON parser holds exactly,
	// so all targets draw the line in the same place although an int64 would hold more.
	maxOffset = 9007199254740991
)

// taskInput is a validated POST or PUT body. PUT is a full replace, so a missing optional
// field takes the same default as on create.
type taskInput struct {
	Title       string
	Description string
	Completed   bool
}

// apiError is an error response of the contract: a status and {"error": message}.
type apiError struct {
	status  int
	message string
}

func (e *apiError) Error() string { return e.message }

func badRequest(message string) *apiError { return &apiError{http.StatusBadRequest, message} }

// readTaskInput reads and validates the body of a POST or PUT: 415, 413 or 400 when it is
// not a task.
func readTaskInput(w http.ResponseWriter, r *http.Request) (taskInput, *apiError) {
	if mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mediaType != "application/json" {
		return taskInput{}, &apiError{http.StatusUnsupportedMediaType, "Content-Type must be application/json"}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return taskInput{}, &apiError{http.StatusRequestEntityTooLarge, "request body is larger than 65536 bytes"}
		}
		return taskInput{}, badRequest("could not read the request body")
	}
	return parseTaskInput(body)
}

// parseTaskInput validates a JSON body. The object is decoded into raw fields rather than a
// struct because encoding/json would blur what the contract keeps apart: a struct matches
// keys case-insensitively ("Title"), reads null as "missing", and a bool field silently
// keeps false for null; and it turns an unpaired surrogate escape ("\ud800") into U+FFFD.
func parseTaskInput(body []byte) (taskInput, *apiError) {
	if !utf8.Valid(body) {
		return taskInput{}, badRequest("request body is not valid UTF-8")
	}
	var fields map[string]json.RawMessage // a repeated key keeps its last value
	if err := json.Unmarshal(body, &fields); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return taskInput{}, badRequest("request body must be a JSON object")
		}
		return taskInput{}, badRequest("request body is not valid JSON")
	}
	if fields == nil { // the body was null
		return taskInput{}, badRequest("request body must be a JSON object")
	}

	input := taskInput{}
	rawTitle, ok := fields["title"]
	if !ok {
		return taskInput{}, badRequest("title is required")
	}
	var problem *apiError
	if input.Title, problem = stringField("title", rawTitle); problem != nil {
		return taskInput{}, problem
	}
	if raw, ok := fields["description"]; ok {
		if input.Description, problem = stringField("description", raw); problem != nil {
			return taskInput{}, problem
		}
	}
	if raw, ok := fields["completed"]; ok {
		switch string(raw) {
		case "true":
			input.Completed = true
		case "false":
			input.Completed = false
		default: // null, 0, 1, "true": wrong types
			return taskInput{}, badRequest("completed must be a boolean")
		}
	}

	if n := utf8.RuneCountInString(input.Title); n < 1 || n > maxTitleChars {
		return taskInput{}, badRequest("title must be 1 to 200 characters")
	}
	if utf8.RuneCountInString(input.Description) > maxDescriptionChar {
		return taskInput{}, badRequest("description must be at most 2000 characters")
	}
	// SQLite's length() stops at U+0000, so such a string cannot be stored faithfully.
	if strings.IndexByte(input.Title, 0) >= 0 || strings.IndexByte(input.Description, 0) >= 0 {
		return taskInput{}, badRequest("title and description must not contain NUL (U+0000)")
	}
	return input, nil
}

// stringField decodes a JSON string value; null or any other type is a wrong type.
func stringField(name string, raw json.RawMessage) (string, *apiError) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", badRequest(name + " must be a string")
	}
	if hasUnpairedSurrogate(raw) {
		return "", badRequest(name + " must be valid Unicode (no unpaired surrogates)")
	}
	var value string
	if err := json.Unmarshal(raw, &value); err != nil {
		return "", badRequest(name + " must be a string")
	}
	return value, nil
}

// hasUnpairedSurrogate reports whether a JSON string literal has a \uD800–\uDFFF escape that
// is not a high surrogate followed by a low one. Such an escape names no Unicode character.
func hasUnpairedSurrogate(literal []byte) bool {
	if !bytes.Contains(literal, []byte(`\u`)) {
		return false
	}
	for i := 0; i < len(literal); i++ {
		if literal[i] != '\\' {
			continue
		}
		i++ // the escaped character
		if i >= len(literal) || literal[i] != 'u' {
			continue
		}
		unit, ok := hexUnit(literal, i+1)
		if !ok {
			return false // malformed: json.Unmarshal rejects it
		}
		i += 4
		switch {
		case unit >= 0xDC00 && unit <= 0xDFFF:
			return true // a low surrogate with no high one before it
		case unit >= 0xD800 && unit <= 0xDBFF:
			if i+6 >= len(literal) || literal[i+1] != '\\' || literal[i+2] != 'u' {
				return true
			}
			low, ok := hexUnit(literal, i+3)
			if !ok || low < 0xDC00 || low > 0xDFFF {
				return true
			}
			i += 6
		}
	}
	return false
}

// hexUnit parses the 4 hex digits at literal[at:].
func hexUnit(literal []byte, at int) (uint16, bool) {
	if at+4 > len(literal) {
		return 0, false
	}
	value, err := strconv.ParseUint(string(literal[at:at+4]), 16, 16)
	return uint16(value), err == nil
}

// parseTaskID reads an id path segment: a positive decimal integer within signed 64-bit
// range. Anything else names no task (false → 404).
func parseTaskID(segment string) (int64, bool) {
	if segment == "" || !allDigits(segment) {
		return 0, false // ParseInt alone would accept a sign ("+5")
	}
	id, err := strconv.ParseInt(segment, 10, 64)
	return id, err == nil && id >= 1
}

// parsePage reads ?limit=&offset= (each at most once, plain decimal digits, in range).
func parsePage(query url.Values) (limit, offset int64, problem *apiError) {
	limit, ok := boundedInteger(query["limit"], defaultLimit, 1, maxLimit)
	if !ok {
		return 0, 0, badRequest("limit must be an integer from 1 to 1000")
	}
	offset, ok = boundedInteger(query["offset"], 0, 0, maxOffset)
	if !ok {
		return 0, 0, badRequest("offset must be an integer from 0 to 9007199254740991")
	}
	return limit, offset, nil
}

func boundedInteger(values []string, fallback, low, high int64) (int64, bool) {
	switch len(values) {
	case 0:
		return fallback, true
	case 1: // ?limit=1&limit=2 is ambiguous: rejected like any bad value
	default:
		return 0, false
	}
	raw := values[0]
	if raw == "" || !allDigits(raw) {
		return 0, false
	}
	value, err := strconv.ParseInt(raw, 10, 64)
	return value, err == nil && value >= low && value <= high
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
