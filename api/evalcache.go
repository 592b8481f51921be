package api

import (
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
)

// The evaluation cache's default bounds (Config.CacheEntries and
// Config.CacheBytes). An evaluation of the eight architectures counts
// about 110 KB (key 25 KB, response 84 KB by memSize, which errs high: the
// response's heap is about 31 KB; TestMemSize logs both), so the byte
// bound binds first, at about 300 evaluations; ones of fewer architectures
// fit more, up to 1024.
const (
	DefaultCacheEntries = 1024
	DefaultCacheBytes   = 32 << 20 // 32 MiB
)

// evaluationCache memoises evaluations by their input. The engine is a
// pure function of the prepared request (input: workload, requirements,
// profile and architectures in the model's terms, every default filled
// in), so a hit answers exactly what a miss computes. Keying by the input
// rather than by the request's bytes lets a GET and a POST, or two
// spellings of one request, share an entry; the output format and field
// are not part of it, so a spreadsheet asking one evaluation for many
// cells computes it once, even when the cells ask at the same time: a
// request for an input another request is evaluating waits for that
// evaluation instead of running its own.
type evaluationCache struct {
	lru *lru[EvaluateResponse] // nil: off

	mu       sync.Mutex
	inflight map[string]*flight // evaluations running, by key

	// hits counts evaluations answered without running one (from the
	// cache or from a concurrent request's run); misses counts runs.
	hits, misses atomic.Uint64
}

// flight is one running evaluation that other requests may wait for.
type flight struct {
	done chan struct{} // closed when resp and err are set
	resp EvaluateResponse
	err  error
}

// errEvaluationPanicked is what requests waiting for an evaluation get if
// it panicked (its own request gets a 500 from the recover middleware).
var errEvaluationPanicked = errors.New("api: the evaluation panicked")

// newEvaluationCache returns a cache with the given bounds; entries < 0
// turns it off (every evaluation runs, nothing is kept).
func newEvaluationCache(entries int, bytes int64) *evaluationCache {
	if entries == 0 {
		entries = DefaultCacheEntries
	}
	if bytes == 0 {
		bytes = DefaultCacheBytes
	}
	c := &evaluationCache{inflight: make(map[string]*flight)}
	if entries > 0 {
		c.lru = newLRU[EvaluateResponse](entries, bytes)
	}
	return c
}

// evaluate returns in's evaluation from the cache, from a concurrent
// request evaluating the same input, or by running it and adding it.
func (c *evaluationCache) evaluate(in input) (EvaluateResponse, error) {
	if c.lru == nil {
		c.misses.Add(1)
		return in.run()
	}
	kb := keyBufferPool.Get().(*[]byte)
	key, err := in.appendKey((*kb)[:0])
	defer func() {
		if cap(key) <= maxPooledJSON {
			*kb = key[:0]
			keyBufferPool.Put(kb)
		}
	}()
	if err != nil {
		c.misses.Add(1)
		return in.run() // not cacheable; never so for the model's types
	}
	// Under mu, an input is either cached, in flight or neither: a run
	// adds its result before it leaves inflight.
	c.mu.Lock()
	if resp, ok := c.lru.get(key); ok {
		c.mu.Unlock()
		c.hits.Add(1)
		return resp, nil
	}
	if f, ok := c.inflight[string(key)]; ok {
		c.mu.Unlock()
		<-f.done
		c.hits.Add(1)
		return f.resp, f.err
	}
	f := &flight{done: make(chan struct{}), err: errEvaluationPanicked}
	k := string(key)
	c.inflight[k] = f
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.inflight, k)
		c.mu.Unlock()
		close(f.done)
	}()

	c.misses.Add(1)
	f.resp, f.err = in.run()
	if f.err == nil {
		c.lru.add(k, f.resp, int64(len(key))+memSize(reflect.ValueOf(f.resp))+entryOverhead)
	}
	return f.resp, f.err
}

// stats returns the cache's entries, their estimated size in bytes and
// the evictions so far.
func (c *evaluationCache) stats() (entries int, bytes int64, evictions uint64) {
	if c.lru == nil {
		return 0, 0, 0
	}
	entries, bytes = c.lru.len()
	return entries, bytes, c.lru.evictions.Load()
}

// appendKey appends the input's cache key: every field's key (see the
// package function appendKey), in order. TestInputKeyCoversInput fails
// when input gains a field this does not encode.
func (in input) appendKey(dst []byte) ([]byte, error) {
	var err error
	for _, v := range []any{in.w, in.r, in.prof, in.archs} {
		if dst, err = appendKey(dst, reflect.ValueOf(v)); err != nil {
			return dst, err
		}
	}
	return dst, nil
}

// memSize estimates the bytes of memory v takes, its own and everything it
// points to, for the cache's bound. Data that v shares with other values
// (strings of the built-in profiles and the catalogue, say) is counted at
// every reference, so the estimate errs high; so does each allocation's
// allowance for the allocator's rounding.
func memSize(v reflect.Value) int64 {
	return int64(v.Type().Size()) + heapSize(v, 0)
}

// alloc is the memory an allocation of n bytes takes: n, the rounding up
// to a size class (under 1/8 of n for objects over 16 bytes) and a bit.
func alloc(n int64) int64 {
	if n == 0 {
		return 0
	}
	return n + n/8 + 16
}

// heapSize is the memory v points to, beyond its own Type().Size() bytes.
func heapSize(v reflect.Value, depth int) int64 {
	if depth > maxKeyDepth {
		return 0
	}
	depth++
	switch v.Kind() {
	case reflect.String:
		return alloc(int64(v.Len()))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		return alloc(int64(e.Type().Size())) + heapSize(e, depth)
	case reflect.Struct:
		var n int64
		for i := range v.NumField() {
			n += heapSize(v.Field(i), depth)
		}
		return n
	case reflect.Array:
		var n int64
		for i := range v.Len() {
			n += heapSize(v.Index(i), depth)
		}
		return n
	case reflect.Slice:
		if v.IsNil() {
			return 0
		}
		n := alloc(int64(v.Cap()) * int64(v.Type().Elem().Size()))
		if !scalar(v.Type().Elem()) {
			for i := range v.Len() {
				n += heapSize(v.Index(i), depth)
			}
		}
		return n
	case reflect.Map:
		if v.IsNil() {
			return 0
		}
		// A map's table has a control byte per slot and at most 7 of 8
		// slots full; counting each entry twice plus a header covers it.
		t := v.Type()
		n := alloc(2*int64(v.Len())*int64(t.Key().Size()+t.Elem().Size()+1) + 64)
		kFree, vFree := scalar(t.Key()), scalar(t.Elem())
		if kFree && vFree {
			return n
		}
		var key, val reflect.Value
		reuse := v.CanInterface() // else SetIterKey refuses (see appendMapKey)
		if reuse {
			key, val = reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		}
		for it := v.MapRange(); it.Next(); {
			if reuse {
				key.SetIterKey(it)
				val.SetIterValue(it)
			} else {
				key, val = it.Key(), it.Value()
			}
			if !kFree {
				n += heapSize(key, depth)
			}
			if !vFree {
				n += heapSize(val, depth)
			}
		}
		return n
	}
	return 0
}

// scalar reports whether t is a number or a boolean, which points to
// nothing.
func scalar(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	}
	return false
}
