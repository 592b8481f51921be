package calibration

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pgarch/pgarch/model"
)

// Errors the fits return, wrapped with details. Check them with errors.Is.
// They are checked before gonum is called, which panics on empty or
// mismatched input instead.
var (
	// ErrTooFewPoints reports fewer measurements than a fit needs.
	ErrTooFewPoints = errors.New("calibration: too few points")
	// ErrInvalidPoint reports a measurement with a NaN, infinite, zero or
	// negative figure.
	ErrInvalidPoint = errors.New("calibration: invalid point")
	// ErrDuplicateClients reports two measurements at the same client count
	// (merge repeated runs first, e.g. by their mean).
	ErrDuplicateClients = errors.New("calibration: duplicate client count")
	// ErrSuperlinear reports throughput per client that rises with the
	// client count across the measurements (non-monotone efficiency): the
	// USL with σ, κ ≥ 0 cannot fit it, and it usually means a warm-up or
	// cache effect in the low-concurrency runs.
	ErrSuperlinear = errors.New("calibration: throughput per client rises with clients")
)

// Point is one closed-load measurement: Clients concurrent clients without
// think time (pgbench -c N) achieved Throughput at mean response time
// Latency.
type Point struct {
	// Clients is the closed population N.
	Clients int
	// Throughput is the completed transactions per second X(N).
	Throughput model.Rate
	// Latency is the mean response time R(N); 0 when not measured (Little's
	// law gives R = N/X − Z).
	Latency model.Time
}

// Measurement returns a Point from the figures pgbench prints: clients, tps
// and the latency average.
func Measurement(clients int, tps float64, latency time.Duration) Point {
	return Point{Clients: clients, Throughput: model.Rate(tps), Latency: model.Time(latency.Seconds())}
}

// checkPoints validates points for a fit needing at least min of them and
// returns a copy sorted by client count.
func checkPoints(points []Point, min int) ([]Point, error) {
	if len(points) < min {
		return nil, fmt.Errorf("%w: %d, need at least %d client counts", ErrTooFewPoints, len(points), min)
	}
	for i, p := range points {
		x, r := float64(p.Throughput), float64(p.Latency)
		switch {
		case p.Clients < 1:
			return nil, fmt.Errorf("%w: point %d: %d clients", ErrInvalidPoint, i, p.Clients)
		case !(x > 0) || math.IsInf(x, 0):
			return nil, fmt.Errorf("%w: point %d: throughput %g", ErrInvalidPoint, i, x)
		case !(r >= 0) || math.IsInf(r, 0):
			return nil, fmt.Errorf("%w: point %d: latency %g", ErrInvalidPoint, i, r)
		}
	}
	s := slices.Clone(points)
	slices.SortStableFunc(s, func(a, b Point) int { return a.Clients - b.Clients })
	for i := 1; i < len(s); i++ {
		if s[i].Clients == s[i-1].Clients {
			return nil, fmt.Errorf("%w: %d", ErrDuplicateClients, s[i].Clients)
		}
	}
	return s, nil
}
