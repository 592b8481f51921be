//go:build !race

package queue

// raceEnabled reports whether the race detector instruments this build.
const raceEnabled = false
