package main

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func statusOf(err error) int {
	var api apiError
	if errors.As(err, &api) {
		return api.status
	}
	return 0
}

func TestParseTaskInputAcceptsAndDefaults(t *testing.T) {
	input, err := parseTaskInput([]byte(`{"title":"😀 x","id":5,"TITLE":1,"completed":true,"title":"last"}`))
	if err != nil {
		t.Fatal(err)
	}
	if input != (taskInput{Title: "last", Completed: true}) {
		t.Fatalf("got %+v", input)
	}
	input, err = parseTaskInput([]byte(`{"title":"` + strings.Repeat("😀", 200) + `","description":"a\ud83d\ude00b"}`))
	if err != nil || input.Description != "a😀b" {
		t.Fatalf("got %+v, %v", input, err)
	}
}

func TestParseTaskInputRejects(t *testing.T) {
	for _, body := range []string{
		`{"title": `, `[]`, `"title"`, `42`, `null`, `{}`, `{"title":""}`, `{"title":null}`,
		`{"title":123}`, `{"title":["x"]}`, `{"title":"x","completed":1}`, `{"title":"x","completed":"true"}`,
		`{"title":"x","completed":null}`, `{"title":"x","description":null}`, `{"title":"x","description":5}`,
		`{"title":"a\u0000b"}`, `{"title":"a\ud800b"}`, `{"title":"x","description":"\udfff"}`,
		`{"title":"\ud800\\udc00"}`, `{"title":"` + strings.Repeat("t", 201) + `"}`,
		`{"title":"x","description":"` + strings.Repeat("d", 2001) + `"}`, "{\"title\":\"\xff\"}",
	} {
		if _, err := parseTaskInput([]byte(body)); statusOf(err) != http.StatusBadRequest {
			t.Errorf("%.60s: got %v, want 400", body, err)
		}
	}
}

func TestEscapedBackslashIsNotASurrogate(t *testing.T) {
	input, err := parseTaskInput([]byte(`{"title":"\\ud800"}`))
	if err != nil || input.Title != `\ud800` {
		t.Fatalf("got %+v, %v", input, err)
	}
}

func TestParseID(t *testing.T) {
	for segment, want := range map[string]bool{"1": true, "9223372036854775807": true, "0": false, "-1": false,
		"+1": false, "1.5": false, "abc": false, "": false, "99999999999999999999": false, " 1": false} {
		if _, ok := parseID(segment); ok != want {
			t.Errorf("parseID(%q) = %v, want %v", segment, ok, want)
		}
	}
}

func TestParsePaging(t *testing.T) {
	limit, offset, err := parsePaging(url.Values{})
	if err != nil || limit != 100 || offset != 0 {
		t.Fatalf("defaults: %d %d %v", limit, offset, err)
	}
	limit, offset, err = parsePaging(url.Values{"limit": {"1000"}, "offset": {"9007199254740991"}})
	if err != nil || limit != 1000 || offset != 9007199254740991 {
		t.Fatalf("bounds: %d %d %v", limit, offset, err)
	}
	for _, query := range []string{"limit=abc", "limit=1.5", "limit=", "limit=0", "limit=1001", "limit=-1",
		"offset=-1", "offset=abc", "offset=9007199254740992", "offset=9223372036854775806"} {
		values, _ := url.ParseQuery(query)
		if _, _, err := parsePaging(values); statusOf(err) != http.StatusBadRequest {
			t.Errorf("%s: got %v, want 400", query, err)
		}
	}
}
