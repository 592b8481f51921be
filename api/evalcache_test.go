package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pgarch/pgarch/model"
)

// TestMemSize checks that memSize errs high: the heap that cached
// evaluations take, measured, is under the sum of their estimates.
func TestMemSize(t *testing.T) {
	for _, body := range identityRequests {
		// Each evaluation from its own decoded request, as the cache's
		// entries are: none shares a profile's maps with another.
		fresh := func() input { return prepared(t, body) }
		const n = 50
		kept := make([]EvaluateResponse, n)
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		var err error
		for i := range kept {
			if kept[i], err = fresh().run(); err != nil {
				t.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		measured := int64(ms.HeapAlloc-before) / n
		estimate := memSize(reflect.ValueOf(kept[0]))
		key, _ := fresh().appendKey(nil)
		t.Logf("%.60s: measured %d B, estimated %d B (key %d B)", body, measured, estimate, len(key))
		if estimate < measured {
			t.Errorf("%s: memSize = %d B, under the %d B measured", body, estimate, measured)
		}
		runtime.KeepAlive(kept)
	}
}

// TestInputKeyCoversInput fails when input gains a field: add it to
// input.appendKey, or the cache would answer inputs that differ in it
// alike; ctx and budget say when an evaluation stops, not what it
// answers, and are left out.
func TestInputKeyCoversInput(t *testing.T) {
	var names []string
	for f := range reflect.TypeFor[input]().Fields() {
		names = append(names, f.Name)
	}
	if want := []string{"w", "r", "prof", "archs", "ctx", "budget"}; !slices.Equal(names, want) {
		t.Errorf("input's fields are %v; input.appendKey encodes %v, and leaves out ctx and budget", names, want[:4])
	}
}

// TestEvaluationCacheHit checks that an answer from the cache is byte for
// byte the answer computed afresh, in every format, that requests which
// differ only in format or field share an entry, and that so do a POST and
// a GET of one input; and that /metrics counts the hits and misses.
func TestEvaluationCacheHit(t *testing.T) {
	cached := newTestServer(t)
	fresh, err := NewServer(Config{CacheEntries: -1})
	if err != nil {
		t.Fatal(err)
	}
	formats := []string{"", "format=json", "format=csv", "format=tsv", "format=md",
		"format=txt&field=single-node.read.p99_ms", "format=txt&field=single-node.cost_usd_per_month.total"}
	get := "/v1/evaluate?reads_per_sec=20000&writes_per_sec=2000&client_rtt_ms=0.2&sessions=200&survive=zone&p99_write_ms=20&profile=aws-gp3&network_fsync_latency_us=800"
	answers := 0
	for _, body := range identityRequests {
		for _, format := range formats {
			for range 2 {
				target := "/v1/evaluate?" + format
				// One request id, which problem bodies carry.
				want := do(fresh, "POST", target, jsonType, body, "X-Request-Id", "r")
				got := do(cached, "POST", target, jsonType, body, "X-Request-Id", "r")
				answers++
				if got.Code != want.Code || got.Header().Get("Content-Type") != want.Header().Get("Content-Type") || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
					t.Fatalf("POST %s %s: cached %d %q, fresh %d %q", target, body, got.Code, got.Body, want.Code, want.Body)
				}
				if body == benchRequest { // the same input by GET
					target := get + "&" + format
					want, got := do(fresh, "GET", target, "", ""), do(cached, "GET", target, "", "")
					answers++
					if got.Code != 200 || !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) {
						t.Fatalf("GET %s: cached %d %q, fresh %d %q", target, got.Code, got.Body, want.Code, want.Body)
					}
				}
			}
		}
	}
	misses := len(identityRequests) // one per input
	if h, m := cached.evaluations.hits.Load(), cached.evaluations.misses.Load(); int(h) != answers-misses || int(m) != misses {
		t.Errorf("hits, misses = %d, %d; want %d, %d", h, m, answers-misses, misses)
	}
	metrics := do(cached, "GET", "/metrics", "", "").Body.String()
	for _, line := range []string{
		"pgarch_evaluation_cache_hits_total " + strconv.Itoa(answers-misses),
		"pgarch_evaluation_cache_misses_total " + strconv.Itoa(misses),
		"pgarch_evaluation_cache_entries " + strconv.Itoa(misses),
		"pgarch_evaluation_cache_evictions_total 0",
	} {
		if !strings.Contains(metrics, "\n"+line+"\n") {
			t.Errorf("/metrics lacks %q", line)
		}
	}
}

// TestEvaluationCacheBounds fills a small cache with distinct requests:
// it keeps to its bounds and counts what it drops.
func TestEvaluationCacheBounds(t *testing.T) {
	s, err := NewServer(Config{CacheEntries: 3})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if w := do(s, "GET", "/v1/evaluate?format=csv&reads_per_sec="+strconv.Itoa(1000+i), "", ""); w.Code != 200 {
			t.Fatalf("%d: %s", w.Code, w.Body)
		}
	}
	if n, _, e := s.evaluations.stats(); n != 3 || e != 2 {
		t.Errorf("entries, evictions = %d, %d; want 3, 2", n, e)
	}
	small, err := NewServer(Config{CacheBytes: 1000}) // under one evaluation
	if err != nil {
		t.Fatal(err)
	}
	do(small, "GET", "/v1/evaluate", "", "")
	if n, b, _ := small.evaluations.stats(); n != 0 || b != 0 {
		t.Errorf("a 1000-byte cache holds %d entries, %d bytes", n, b)
	}
}

// BenchmarkMemSize measures the size estimate of an evaluation, which
// every miss pays.
func BenchmarkMemSize(b *testing.B) {
	resp := evaluated(b, benchRequest)
	b.ReportAllocs()
	var n int64
	for b.Loop() {
		n = memSize(reflect.ValueOf(resp))
	}
	b.Log(n)
}

// TestEvaluationCacheConcurrent sends one new input from several
// goroutines at once, as a spreadsheet's cells do on a refresh: it is
// evaluated once, and every answer is the same (run with -race).
func TestEvaluationCacheConcurrent(t *testing.T) {
	s, err := NewServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	bodies := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			w := do(s, "GET", "/v1/evaluate?reads_per_sec=12345&format=csv", "", "")
			if w.Code != 200 {
				t.Errorf("%d: %s", w.Code, w.Body)
			}
			bodies[i] = w.Body.Bytes()
		})
	}
	wg.Wait()
	for i := range bodies {
		if !bytes.Equal(bodies[i], bodies[0]) {
			t.Errorf("answer %d differs from answer 0", i)
		}
	}
	if h, m := s.evaluations.hits.Load(), s.evaluations.misses.Load(); h != n-1 || m != 1 {
		t.Errorf("hits, misses = %d, %d; want %d, 1", h, m, n-1)
	}
}

// A recommendation's reevaluator answers an input it has evaluated from
// its memo, and any other afresh: a workload, an edit of the architecture
// or requirements that differ by one field each give their own result,
// and the same input again the same result as its first evaluation.
func TestReevaluatorMemoKeysEveryInput(t *testing.T) {
	in := prepared(t, `{"architectures":["read-replicas"],"profile":"aws-gp3"}`)
	re := in.reevaluator()
	base, err := re(0, in.w, in.r, nil)
	if err != nil {
		t.Fatal(err)
	}
	heavier := in.w
	heavier.WriteRate *= 2
	stricter := in.r
	stricter.TargetUtilization = 0.5
	for name, got := range map[string]func() (model.Result, error){
		"writes_per_sec ×2":      func() (model.Result, error) { return re(0, heavier, in.r, nil) },
		"replicas 5":             func() (model.Result, error) { return re(0, in.w, in.r, func(a *model.Architecture) { a.Replicas = 5 }) },
		"target_utilization 0.5": func() (model.Result, error) { return re(0, in.w, stricter, nil) },
	} {
		res, err := got()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if reflect.DeepEqual(res, base) {
			t.Errorf("%s: the base input's result, want its own", name)
		}
		if again, _ := got(); !reflect.DeepEqual(again, res) {
			t.Errorf("%s: a second evaluation differs from the first", name)
		}
	}
	if again, _ := re(0, in.w, in.r, nil); !reflect.DeepEqual(again, base) {
		t.Errorf("the base input again: a result other than its first")
	}
}

// A server stops a request's evaluations at its budget and answers 422,
// naming the architectures and the budget, for evaluate, recommend (GET
// and POST), sweep and the report: a budget of a nanosecond is over before
// the first solve. The same requests within the default budget succeed.
func TestBudgetStopsEvaluations(t *testing.T) {
	tight, err := NewServer(Config{Budget: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	roomy, err := NewServer(Config{})
	if err != nil {
		t.Fatal(err)
	}
	body := `{"architectures":["hot-standby"]}`
	for _, r := range []struct{ method, target, body string }{
		{"POST", "/v1/evaluate", body},
		{"GET", "/v1/evaluate?architectures=hot-standby", ""},
		{"POST", "/v1/recommend", body},
		{"GET", "/v1/recommend?architectures=hot-standby", ""},
		{"POST", "/v1/sweep", `{"architectures":["hot-standby"],"vary":{"field":"writes_per_sec","from":100,"to":1000,"points":3}}`},
		{"GET", "/v1/report?architectures=hot-standby", ""},
	} {
		ct := ""
		if r.body != "" {
			ct = jsonType
		}
		if w := do(roomy, r.method, r.target, ct, r.body); w.Code != http.StatusOK {
			t.Errorf("%s %s within the default budget: %d %s", r.method, r.target, w.Code, w.Body)
		}
		w := do(tight, r.method, r.target, ct, r.body)
		var p Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil || w.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s %s over budget: %d %s, want 422 and a problem", r.method, r.target, w.Code, w.Body)
			continue
		}
		if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Pointer+p.Errors[0].Parameter, "architectures") || !strings.Contains(p.Errors[0].Detail, "took more than the server's 1ns") {
			t.Errorf("%s %s over budget: errors %+v, want the architectures named with the budget", r.method, r.target, p.Errors)
		}
	}
}
