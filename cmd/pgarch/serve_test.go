package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgarch/pgarch/api"
	"github.com/pgarch/pgarch/openapi"
)

// TestServeSameAsCLI checks that `pgarch evaluate -o json`, POST
// /v1/evaluate and GET /v1/evaluate give the same numbers for one input.
func TestServeSameAsCLI(t *testing.T) {
	const request = `{"workload":{"reads_per_sec":5000,"writes_per_sec":1500,"clients":64,"think_time_ms":5,"hot_rows":100},` +
		`"profile":{"name":"aws-io2","rtt_cross_zone_ms":1.5},` +
		`"architectures":["single-node",{"id":"hot-standby","sync_commit":"remote_write"},"network-attached-storage"]}`
	const query = "/v1/evaluate?reads_per_sec=5000&writes_per_sec=1500&clients=64&think_time_ms=5&hot_rows=100" +
		"&profile=aws-io2&rtt_cross_zone_ms=1.5&architectures=single-node,hot-standby,network-attached-storage" +
		"&hot-standby.sync_commit=remote_write"

	var cli, stderr bytes.Buffer
	if err := run(context.Background(), []string{"evaluate", "-f", "-", "-o", "json"}, strings.NewReader(request), &cli, &stderr); err != nil {
		t.Fatalf("pgarch evaluate: %v\n%s", err, stderr.String())
	}
	srv, err := api.NewServer(api.Config{SwaggerJSON: openapi.SwaggerJSON})
	if err != nil {
		t.Fatal(err)
	}
	post := httptest.NewRequest("POST", "/v1/evaluate", strings.NewReader(request))
	post.Header.Set("Content-Type", "application/json")
	pw := httptest.NewRecorder()
	srv.ServeHTTP(pw, post)
	gw := httptest.NewRecorder()
	srv.ServeHTTP(gw, httptest.NewRequest("GET", query, nil))
	if pw.Code != 200 || gw.Code != 200 {
		t.Fatalf("POST = %d, GET = %d, want 200s: %s %s", pw.Code, gw.Code, pw.Body, gw.Body)
	}
	want := decodeJSON(t, cli.Bytes())
	for name, got := range map[string][]byte{"POST": pw.Body.Bytes(), "GET": gw.Body.Bytes()} {
		if diff := sameJSON(decodeJSON(t, got), want, ""); diff != "" {
			t.Errorf("%s /v1/evaluate differs from pgarch evaluate -o json at %s", name, diff)
		}
	}
}

func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decode: %v: %.200s", err, b)
	}
	return v
}

// sameJSON returns the first path where two decoded JSON values differ
// (numbers within a relative 1e-12), or "".
func sameJSON(a, b any, at string) string {
	switch a := a.(type) {
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return at
		}
		for k, v := range a {
			if d := sameJSON(v, bm[k], at+"/"+k); d != "" {
				return d
			}
		}
		return ""
	case []any:
		bs, ok := b.([]any)
		if !ok || len(a) != len(bs) {
			return at
		}
		for i := range a {
			if d := sameJSON(a[i], bs[i], at+"/"+strconv.Itoa(i)); d != "" {
				return d
			}
		}
		return ""
	case float64:
		bf, ok := b.(float64)
		if !ok || math.Abs(a-bf) > 1e-12*math.Max(math.Abs(a), math.Abs(bf)) {
			return at
		}
		return ""
	}
	if a != b {
		return at
	}
	return ""
}

// TestServeGracefulShutdown starts `pgarch serve` on a free port, checks
// /livez, then cancels the context (as SIGINT does) and expects a clean
// return.
func TestServeGracefulShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := make(chan string, 1)
	done := make(chan error, 1)
	var logs bytes.Buffer
	t.Setenv("PGARCH_ADDR", "127.0.0.1:0") // the default of -addr
	go func() {
		done <- serve(ctx, []string{"-shutdown-timeout", "5s"}, &logs, func(a string) { addr <- a })
	}()
	var base string
	select {
	case a := <-addr:
		if !strings.HasPrefix(a, "127.0.0.1:") {
			t.Fatalf("serve listens on %s, want 127.0.0.1 from PGARCH_ADDR", a)
		}
		base = "http://" + a
	case err := <-done:
		t.Fatalf("serve: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	for _, path := range []string{"/livez", "/readyz", "/openapi.json", "/v1/evaluate?format=txt&field=single-node.read.p99_ms"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d, want 200: %s", path, resp.StatusCode, body)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v after cancel, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of cancel")
	}
	if !strings.Contains(logs.String(), `"msg":"request"`) || !strings.Contains(logs.String(), `"msg":"stopped"`) {
		t.Errorf("logs lack request or stop lines:\n%s", logs.String())
	}
}

func TestServeUsage(t *testing.T) {
	err := run(context.Background(), []string{"serve", "-addr"}, nil, io.Discard, io.Discard)
	if _, ok := err.(usageError); !ok {
		t.Errorf("serve -addr (no value) = %v, want a usage error", err)
	}
}

// TestServeCacheFlags checks that cache bounds outside their ranges are
// usage errors, before the server listens.
func TestServeCacheFlags(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "-cache-entries", "-1"},
		{"serve", "-cache-entries", "2000000"},
		{"serve", "-cache-mb", "0"},
		{"serve", "-cache-mb", "100000"},
	} {
		err := run(context.Background(), args, nil, io.Discard, io.Discard)
		if _, ok := err.(usageError); !ok {
			t.Errorf("%v = %v, want a usage error", args, err)
		}
	}
}
