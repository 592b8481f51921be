package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// indentCases are JSON texts whose indentation has a special case: empty
// and nested containers, strings with escapes, quotes, brackets and HTML,
// space between tokens and after the value, and deep nesting.
var indentCases = []string{
	`{}`, `[]`, `{"a":{}}`, `{"a":[]}`, `[[]]`, `[{}]`, `[[],{}]`, `[[[1]]]`,
	`1`, `-1.5e-7`, `"x"`, `true`, `null`, `""`,
	`{"a":1,"b":[1,2,{"c":null}],"d":"e"}`,
	`{"s":"quote \" backslash \\ slash \/ brackets [{,:}] \u003chtml\u003e \u0026 \n\t\u2028"}`,
	`["\\",  "\\\"", "\"\\"]`,
	` { "a" : [ 1 , 2 ] , "b" : { } , "c" : [ ] } `,
	"\t\r\n[1]\n",
	`{"k":"v"}` + "\n",
	"1 \n",
	`{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":{"k":{"l":{"m":{"n":{"o":{"p":{"q":{"r":{"s":{"t":{"u":{"v":{"w":{"x":{"y":{"z":{"A":{"B":{"C":{"D":{"E":{"F":{"G":{"H":[1,2]}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}`,
	`{"ünïcödé":"日本語","\u00e9":"é"}`,
}

// TestAppendIndent checks appendIndent against json.Indent, appending to
// a non-empty slice, at the top level and deeper.
func TestAppendIndent(t *testing.T) {
	for _, src := range indentCases {
		for depth := range 3 {
			checkIndent(t, []byte(src), depth)
		}
	}
}

// TestAppendIndentResponses checks appendIndent against json.Indent on
// the real responses of every JSON endpoint.
func TestAppendIndentResponses(t *testing.T) {
	s := newTestServer(t)
	for _, target := range jsonTargets {
		w := do(s, "GET", target, "", "")
		if w.Code != 200 {
			t.Fatalf("GET %s = %d: %s", target, w.Code, w.Body)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, w.Body.Bytes()); err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		checkIndent(t, compact.Bytes(), 0)
		checkIndent(t, w.Body.Bytes(), 0)
		checkIndent(t, compact.Bytes(), 1)
	}
}

// checkIndent compares appendIndent(src, depth) with json.Indent with a
// prefix of depth indents.
func checkIndent(t *testing.T, src []byte, depth int) {
	t.Helper()
	var want bytes.Buffer
	want.WriteString("dst")
	if err := json.Indent(&want, src, strings.Repeat("  ", depth), "  "); err != nil {
		t.Fatalf("json.Indent(%q): %v", src, err)
	}
	got := appendIndent([]byte("dst"), src, depth)
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("appendIndent(%.200q, %d)\n got %.300q\nwant %.300q", src, depth, got, want.Bytes())
	}
}

// FuzzAppendIndent checks that appendIndent writes what json.Indent does
// for every valid JSON text.
func FuzzAppendIndent(f *testing.F) {
	for _, src := range indentCases {
		f.Add([]byte(src), uint8(0))
	}
	f.Fuzz(func(t *testing.T, src []byte, depth uint8) {
		if !json.Valid(src) {
			return
		}
		checkIndent(t, src, int(depth%4))
	})
}

func BenchmarkAppendIndent(b *testing.B) {
	s := newTestServer(b)
	w := do(s, "POST", "/v1/evaluate", jsonType, benchRequest)
	var compact bytes.Buffer
	if err := json.Compact(&compact, w.Body.Bytes()); err != nil {
		b.Fatal(err)
	}
	src := compact.Bytes()
	b.Run("appendIndent", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		var dst []byte
		for b.Loop() {
			dst = appendIndent(dst[:0], src, 0)
		}
	})
	b.Run("json.Indent", func(b *testing.B) {
		b.SetBytes(int64(len(src)))
		var dst bytes.Buffer
		for b.Loop() {
			dst.Reset()
			if err := json.Indent(&dst, src, "", "  "); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// jsonTargets are GET requests answered with JSON by every JSON endpoint.
var jsonTargets = []string{
	"/v1/evaluate",
	"/v1/evaluate?reads_per_sec=20000&writes_per_sec=2000&profile=aws-gp3&network_fsync_latency_us=800&architectures=single-node,hot-standby&hot-standby.sync_commit=remote_apply",
	"/v1/evaluate?writes_per_sec=1e6&profile=local-nvme",
	"/v1/recommend?writes_per_sec=2000&rpo_seconds=0&survive=zone",
	"/v1/recommend?p99_write_ms=0.001",
	"/v1/sweep?vary=writes_per_sec&from=100&to=50000&points=5&scale=log",
	"/v1/architectures",
	"/v1/profiles",
	"/v1/profiles/aws-gp3",
	"/livez",
	"/readyz",
}
