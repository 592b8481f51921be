package api

import (
	"sync"
	"sync/atomic"
)

// lru is a least-recently-used cache from byte-string keys to values,
// bounded both in entries and in bytes: adding an entry evicts the least
// recently used ones until the cache holds at most maxEntries entries whose
// sizes sum to at most maxBytes. An entry larger than maxBytes is not kept.
// It is safe for concurrent use; values are shared by every reader, so they
// must not be changed once added.
type lru[V any] struct {
	maxEntries int
	maxBytes   int64

	mu    sync.Mutex
	index map[string]*lruEntry[V]
	// ring is the list's sentinel: ring.next is the most recently used
	// entry, ring.prev the least.
	ring  lruEntry[V]
	bytes int64

	evictions atomic.Uint64
}

type lruEntry[V any] struct {
	key        string
	value      V
	size       int64
	prev, next *lruEntry[V]
}

// newLRU returns an empty cache with the given bounds.
func newLRU[V any](maxEntries int, maxBytes int64) *lru[V] {
	c := &lru[V]{maxEntries: maxEntries, maxBytes: maxBytes, index: make(map[string]*lruEntry[V])}
	c.ring.prev, c.ring.next = &c.ring, &c.ring
	return c
}

// get returns the value stored under key and marks it most recently used.
func (c *lru[V]) get(key []byte) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.index[string(key)] // no copy of the key
	if !ok {
		var zero V
		return zero, false
	}
	c.unlink(e)
	c.pushFront(e)
	return e.value, true
}

// add stores value under key as the most recently used entry, counting
// size bytes for it (callers include the key's length), and evicts the
// least recently used entries beyond the bounds.
func (c *lru[V]) add(key string, value V, size int64) {
	if size > c.maxBytes || c.maxEntries <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.index[key]; ok {
		// Another request computed it meanwhile: the values are equal.
		c.unlink(e)
		c.pushFront(e)
		return
	}
	e := &lruEntry[V]{key: key, value: value, size: size}
	c.index[e.key] = e
	c.pushFront(e)
	c.bytes += size
	for len(c.index) > c.maxEntries || c.bytes > c.maxBytes {
		last := c.ring.prev
		c.unlink(last)
		delete(c.index, last.key)
		c.bytes -= last.size
		c.evictions.Add(1)
	}
}

func (c *lru[V]) unlink(e *lruEntry[V]) {
	e.prev.next, e.next.prev = e.next, e.prev
	e.prev, e.next = nil, nil
}

func (c *lru[V]) pushFront(e *lruEntry[V]) {
	e.prev, e.next = &c.ring, c.ring.next
	c.ring.next.prev = e
	c.ring.next = e
}

// len returns the number of entries and their total size in bytes.
func (c *lru[V]) len() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.index), c.bytes
}

// entryOverhead is the bytes one entry costs beyond its key and value: the
// index's slot, the list element and the entry itself, rounded up.
const entryOverhead = 256
