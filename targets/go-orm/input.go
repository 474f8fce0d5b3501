// This file is the same in targets/go-raw and targets/go-orm (the pair differs in data
// access only): copy it over the other one after a change.

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
	maxBodyBytes      = 65536
	maxTitleLength    = 200
	maxDescriptionLen = 2000
	defaultLimit      = 100
	maxLimit          = 1000
	// 2^53−1 (spec/README.md, "Listing"): the largest offset every JSON parser holds exactly,
	// so all targets draw the line in the same place although an int64 would hold more.
	maxOffset = 1<<53 - 1
)

// taskInput is a validated POST or PUT body: the fields a client may set. PUT is a full
// replace, so a missing optional field takes the same default as on create.
type taskInput struct {
	Title       string
	Description string
	Completed   bool
}

// readTaskInput checks the media type, reads at most maxBodyBytes and validates the body
// by the rules of spec/README.md: 415, 413 or 400 (an apiError) when it is not a task.
func readTaskInput(w http.ResponseWriter, r *http.Request) (taskInput, error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return taskInput{}, apiError{http.StatusUnsupportedMediaType, "Content-Type must be application/json"}
	}
	tooLarge := apiError{http.StatusRequestEntityTooLarge, "request body is larger than 65536 bytes"}
	if r.ContentLength > maxBodyBytes { // declared too large: not read at all
		return taskInput{}, tooLarge
	}
	// A chunked body has no length: the reader stops it at the limit.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var maxBytes *http.MaxBytesError
		if errors.As(err, &maxBytes) {
			return taskInput{}, tooLarge
		}
		return taskInput{}, badRequest("could not read the request body")
	}
	return parseTaskInput(body)
}

// parseTaskInput validates a JSON body. The object is decoded into raw fields rather than a
// struct because encoding/json would blur what the contract keeps apart: a struct matches
// keys case-insensitively ("TITLE" would set the title), reads null as "leave it" (a bool
// stays false), and an unpaired surrogate escape ("\ud800") becomes U+FFFD without a word.
func parseTaskInput(body []byte) (taskInput, error) {
	if !utf8.Valid(body) {
		return taskInput{}, badRequest("request body is not valid UTF-8")
	}
	var fields map[string]json.RawMessage // a repeated key keeps its last value
	if err := json.Unmarshal(body, &fields); err != nil {
		var wrongType *json.UnmarshalTypeError
		if errors.As(err, &wrongType) {
			return taskInput{}, badRequest("request body must be a JSON object")
		}
		return taskInput{}, badRequest("request body is not valid JSON")
	}
	if fields == nil { // the body was `null`
		return taskInput{}, badRequest("request body must be a JSON object")
	}

	var input taskInput
	raw, ok := fields["title"]
	if !ok {
		return taskInput{}, badRequest("title is required")
	}
	title, err := stringField("title", raw)
	if err != nil {
		return taskInput{}, err
	}
	if n := utf8.RuneCountInString(title); n < 1 || n > maxTitleLength {
		return taskInput{}, badRequest("title must be 1 to 200 characters long")
	}
	input.Title = title

	if raw, ok := fields["description"]; ok {
		description, err := stringField("description", raw)
		if err != nil {
			return taskInput{}, err
		}
		if utf8.RuneCountInString(description) > maxDescriptionLen {
			return taskInput{}, badRequest("description must be at most 2000 characters long")
		}
		input.Description = description
	}

	if raw, ok := fields["completed"]; ok {
		switch string(raw) {
		case "true":
			input.Completed = true
		case "false":
		default: // null, 0, 1, "true": wrong types
			return taskInput{}, badRequest("completed must be a boolean")
		}
	}
	return input, nil
}

// stringField decodes a JSON string that must be Unicode text without NUL; null or any
// other type is a wrong type.
func stringField(name string, raw json.RawMessage) (string, error) {
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
	// SQLite's length() stops at U+0000, so such a string cannot be stored faithfully.
	if strings.IndexByte(value, 0) >= 0 {
		return "", badRequest(name + " must not contain NUL (U+0000)")
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

// parseID reads a path segment as a task id: a positive decimal integer that fits a signed
// 64-bit integer. Anything else names no task (false → 404).
func parseID(segment string) (int64, bool) {
	id, ok := parsePlainInteger(segment)
	return id, ok && id >= 1
}

// parsePaging reads ?limit=&offset=: a parameter that is present must be given once, as a
// plain decimal integer in range (an empty value is not; ?limit=1&limit=2 is ambiguous).
func parsePaging(query url.Values) (limit, offset int64, err error) {
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
	case 1:
	default:
		return 0, false
	}
	value, ok := parsePlainInteger(values[0])
	return value, ok && value >= low && value <= high
}

// parsePlainInteger accepts ASCII digits only (strconv.ParseInt alone would accept a sign,
// "+5") that fit an int64: no sign, no spaces, no decimals, not empty.
func parsePlainInteger(text string) (int64, bool) {
	if text == "" {
		return 0, false
	}
	for i := 0; i < len(text); i++ {
		if text[i] < '0' || text[i] > '9' {
			return 0, false
		}
	}
	value, err := strconv.ParseInt(text, 10, 64)
	return value, err == nil
}
