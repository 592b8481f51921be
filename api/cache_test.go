package api

import (
	"strconv"
	"sync"
	"testing"
)

// TestLRU checks the bounds, the order of eviction and its count.
func TestLRU(t *testing.T) {
	k := func(s string) []byte { return []byte(s) }
	c := newLRU[int](3, 100)
	c.add("a", 1, 10)
	c.add("b", 2, 10)
	c.add("c", 3, 10)
	if v, ok := c.get(k("a")); !ok || v != 1 { // a is now the most recent
		t.Fatalf("get(a) = %d, %v", v, ok)
	}
	c.add("d", 4, 10) // over 3 entries: b goes
	if _, ok := c.get(k("b")); ok {
		t.Error("b survived the entry bound")
	}
	c.add("e", 5, 85) // over 100 bytes: c and a go (10+10+10+85)
	for _, gone := range []string{"c", "a"} {
		if _, ok := c.get(k(gone)); ok {
			t.Errorf("%s survived the byte bound", gone)
		}
	}
	for _, kept := range []string{"d", "e"} {
		if _, ok := c.get(k(kept)); !ok {
			t.Errorf("%s was evicted", kept)
		}
	}
	c.add("huge", 6, 101)
	if _, ok := c.get(k("huge")); ok {
		t.Error("an entry over the byte bound was kept")
	}
	if n, b := c.len(); n != 2 || b != 95 {
		t.Errorf("len() = %d entries, %d bytes; want 2, 95", n, b)
	}
	if e := c.evictions.Load(); e != 3 {
		t.Errorf("evictions = %d, want 3", e)
	}
	off := newLRU[int](0, 100)
	off.add("a", 1, 1)
	if _, ok := off.get(k("a")); ok {
		t.Error("a cache of 0 entries kept one")
	}
}

// TestLRUConcurrent uses one cache from several goroutines (run with
// -race).
func TestLRUConcurrent(t *testing.T) {
	c := newLRU[int](8, 1<<20)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				key := []byte(strconv.Itoa((g + i) % 16))
				if v, ok := c.get(key); ok && strconv.Itoa(v) != string(key) {
					t.Errorf("get(%s) = %d", key, v)
				}
				n, _ := strconv.Atoi(string(key))
				c.add(string(key), n, 10)
			}
		})
	}
	wg.Wait()
	if n, b := c.len(); n != 8 || b != 80 {
		t.Errorf("len() = %d, %d; want 8, 80", n, b)
	}
}
