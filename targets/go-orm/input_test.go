// This file is the same in targets/go-raw and targets/go-orm, as input.go is.

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
	cases := map[string]taskInput{
		`{"title":"x"}`: {Title: "x"},
		`{"title":"x","description":"d","completed":true,"id":5,"Title":"ignored","TITLE":1}`: {Title: "x", Description: "d", Completed: true},
		`{"title":"a","title":"last","completed":false}`:                                      {Title: "last"},
		`{"title":"😀 \ud83d\ude00","description":"a\ud83d\ude00b"}`:                           {Title: "😀 😀", Description: "a😀b"},
		`{"title":"` + strings.Repeat("😀", 200) + `"}`:                                        {Title: strings.Repeat("😀", 200)},
		`{"title":"x","description":"` + strings.Repeat("d", 2000) + `"}`:                     {Title: "x", Description: strings.Repeat("d", 2000)},
		// An escaped backslash followed by "u…" is text, not an escape.
		`{"title":"back\\u005c","description":"\\ud800"}`: {Title: `back\u005c`, Description: `\ud800`},
	}
	for body, want := range cases {
		got, err := parseTaskInput([]byte(body))
		if err != nil || got != want {
			t.Errorf("%.60s: got %+v, %v; want %+v", body, got, err, want)
		}
	}
}

func TestParseTaskInputRejects(t *testing.T) {
	for _, body := range []string{
		``, `{"title": `, `[]`, `"title"`, `42`, `null`, `{}`, `{"title":""}`,
		`{"title":"` + strings.Repeat("t", 201) + `"}`,
		`{"title":"` + strings.Repeat("😀", 201) + `"}`,
		`{"title":"x","description":"` + strings.Repeat("d", 2001) + `"}`,
		`{"title":123}`, `{"title":null}`, `{"title":["x"]}`,
		`{"title":"x","completed":"true"}`, `{"title":"x","completed":1}`, `{"title":"x","completed":null}`,
		`{"title":"x","description":5}`, `{"title":"x","description":null}`,
		`{"title":"a\u0000b"}`, `{"title":"x","description":"\u0000"}`,
		`{"title":"a\ud800b"}`, `{"title":"x","description":"\udfff"}`, `{"title":"\ud800\ud800"}`, `{"title":"\ud800"}`,
		`{"title":"\ud800\\udc00"}`,
		"{\"title\":\"\xff\"}",
		`{"title":"x"} trailing`,
	} {
		if got, err := parseTaskInput([]byte(body)); statusOf(err) != http.StatusBadRequest {
			t.Errorf("%.60q: got %+v, %v; want 400", body, got, err)
		}
	}
}

func TestParseID(t *testing.T) {
	for segment, want := range map[string]int64{"1": 1, "007": 7, "9223372036854775807": 9223372036854775807} {
		if got, ok := parseID(segment); !ok || got != want {
			t.Errorf("%q: got %d, %v", segment, got, ok)
		}
	}
	for _, segment := range []string{"", "abc", "0", "-1", "+5", "+1", "1.5", " 1", "9223372036854775808", "99999999999999999999", "١"} {
		if got, ok := parseID(segment); ok {
			t.Errorf("%q: got %d, want no task", segment, got)
		}
	}
}

func TestParsePaging(t *testing.T) {
	good := map[string][2]int64{
		"": {100, 0}, "limit=1&offset=0": {1, 0}, "limit=1000": {1000, 0}, "offset=9007199254740991": {100, 9007199254740991},
		"limit=1000&offset=9007199254740991": {1000, 9007199254740991},
	}
	for query, want := range good {
		values, _ := url.ParseQuery(query)
		if limit, offset, err := parsePaging(values); err != nil || [2]int64{limit, offset} != want {
			t.Errorf("%q: got %d, %d, %v", query, limit, offset, err)
		}
	}
	for _, query := range []string{
		"limit=abc", "limit=1.5", "limit=", "limit=0", "limit=1001", "limit=-1", "limit=+5", "limit=1&limit=2",
		"offset=-1", "offset=abc", "offset=", "offset=9007199254740992", "offset=9223372036854775806", "offset=99999999999999999999",
	} {
		values, _ := url.ParseQuery(query)
		if _, _, err := parsePaging(values); statusOf(err) != http.StatusBadRequest {
			t.Errorf("%q: got %v, want 400", query, err)
		}
	}
}
