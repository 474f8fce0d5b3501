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

const (
	maxBodyBytes      = 65536
	maxTitleLength    = 200
	maxDescriptionLen = 2000
	defaultLimit      = 100
	maxLimit          = 1000
	maxOffset         = 1<<53 - 1 // spec/README.md ("Listing"): exact in every JSON parser
)

// taskInput is a validated POST or PUT body: the fields a client may set.
type taskInput struct {
	Title       string
	Description string
	Completed   bool
}

// readTaskInput checks the media type, reads at most maxBodyBytes and validates the body
// by the rules of spec/README.md. A struct with json tags would not do: encoding/json
// matches keys case-insensitively ("TITLE" would set the title), takes null for a string
// as "leave it", and turns an unpaired surrogate escape into U+FFFD without a word.
func readTaskInput(w http.ResponseWriter, r *http.Request) (taskInput, error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return taskInput{}, apiError{http.StatusUnsupportedMediaType, "Content-Type must be application/json"}
	}
	tooLarge := apiError{http.StatusRequestEntityTooLarge, "request body is larger than 65536 bytes"}
	if r.ContentLength > maxBodyBytes {
		return taskInput{}, tooLarge
	}
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

func parseTaskInput(body []byte) (taskInput, error) {
	if !utf8.Valid(body) {
		return taskInput{}, badRequest("request body is not valid UTF-8")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var wrongType *json.UnmarshalTypeError
		if errors.As(err, &wrongType) {
			return taskInput{}, badRequest("request body must be a JSON object")
		}
		return taskInput{}, badRequest("malformed JSON: " + err.Error())
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
		default:
			return taskInput{}, badRequest("completed must be a boolean")
		}
	}
	return input, nil
}

// stringField decodes a JSON string that must be Unicode text without NUL.
func stringField(name string, raw json.RawMessage) (string, error) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", badRequest(name + " must be a string")
	}
	if hasLoneSurrogate(raw) {
		return "", badRequest(name + " contains an unpaired surrogate escape")
	}
	var value string
	if err := json.Unmarshal(raw, &value); err != nil {
		return "", badRequest(name + " must be a string")
	}
	if strings.IndexByte(value, 0) >= 0 {
		return "", badRequest(name + " must not contain NUL characters")
	}
	return value, nil
}

// hasLoneSurrogate reports whether a JSON string literal (already known to be valid JSON)
// escapes half of a UTF-16 surrogate pair, such as "\ud800": not Unicode text.
func hasLoneSurrogate(literal []byte) bool {
	if bytes.IndexByte(literal, '\\') < 0 {
		return false
	}
	for i := 0; i < len(literal); i++ {
		if literal[i] != '\\' {
			continue
		}
		i++
		if literal[i] != 'u' {
			continue
		}
		unit := hex4(literal[i+1 : i+5])
		i += 4
		switch {
		case unit >= 0xDC00 && unit <= 0xDFFF:
			return true
		case unit >= 0xD800 && unit <= 0xDBFF:
			if i+6 < len(literal) && literal[i+1] == '\\' && literal[i+2] == 'u' {
				if low := hex4(literal[i+3 : i+7]); low >= 0xDC00 && low <= 0xDFFF {
					i += 6
					continue
				}
			}
			return true
		}
	}
	return false
}

func hex4(digits []byte) int {
	value, _ := strconv.ParseUint(string(digits), 16, 16)
	return int(value)
}

// parseID reads a path segment as a task id: a positive decimal integer that fits a signed
// 64-bit integer. Anything else names no task.
func parseID(segment string) (int64, bool) {
	id, ok := parsePlainInteger(segment)
	return id, ok && id >= 1
}

// parsePaging reads ?limit=&offset=; a parameter that is present must be a plain decimal
// integer in range (an empty value is not).
func parsePaging(query url.Values) (limit, offset int64, err error) {
	limit, offset = defaultLimit, 0
	if query.Has("limit") {
		value, ok := parsePlainInteger(query.Get("limit"))
		if !ok || value < 1 || value > maxLimit {
			return 0, 0, badRequest("limit must be an integer from 1 to 1000")
		}
		limit = value
	}
	if query.Has("offset") {
		value, ok := parsePlainInteger(query.Get("offset"))
		if !ok || value > maxOffset {
			return 0, 0, badRequest("offset must be an integer from 0 to 9007199254740991")
		}
		offset = value
	}
	return limit, offset, nil
}

// parsePlainInteger accepts ASCII digits only: no sign, no spaces, no decimals.
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
