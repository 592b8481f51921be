//go:build race

package queue

// raceEnabled reports whether the race detector instruments this build: it
// makes some values escape, so allocation counts are not the product's.
const raceEnabled = true
