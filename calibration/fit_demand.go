package calibration

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"

	"github.com/pgarch/pgarch/model"
)

// DemandFit is a service demand per transaction fitted from closed-load
// measurements.
type DemandFit struct {
	// Demand is the time one transaction keeps a server busy (D in the
	// utilisation law U = X·D).
	Demand model.Time
	// R2 is R₀², the coefficient of determination of a regression through
	// the origin (stat.RNoughtSquared); 1 when one point was used.
	R2 float64
	// N is the number of measurements used.
	N int
}

// String reads like "D=0.181ms R₀²=0.9990 (n=2)".
func (f DemandFit) String() string {
	return fmt.Sprintf("D=%.4gms R₀²=%.4f (n=%d)", float64(f.Demand/model.Millisecond), f.R2, f.N)
}

// FitDemand estimates the service demand per transaction from closed-load
// measurements at client counts up to servers (the cores the clients and
// the database share), with think time z (0 for pgbench).
//
// While N ≤ servers no client waits for a server, so every client not
// thinking is in service: by Little's law X·Z clients think and the busy
// servers are U = N − X·Z. The utilisation law U = X·D (Lazowska et al.,
// Quantitative System Performance, §3.2) is then fitted by least squares
// through the origin,
//
//	N − X·Z = D·X
//
// with stat.LinearRegression(x, y, nil, true), and its quality is
// stat.RNoughtSquared, R² for regressions through the origin. Points above
// servers clients queue (U < N there), so they are left out rather than
// biasing D upwards; the regression rather than the single N = 1 point
// uses every queue-free measurement. D so measured is everything a
// transaction occupies a server with at zero load: the database's CPU, the
// client's own CPU when it runs on the same cores, and waits (round trips,
// I/O, the WAL flush) while the client holds its connection: an upper
// bound on the database's CPU demand.
//
// Special cases are:
//
//	no point with 1 ≤ N ≤ servers             → ErrTooFewPoints
//	NaN, infinite, zero or negative figures   → ErrInvalidPoint
//	a client count given twice                → ErrDuplicateClients
//	N − X·Z ≤ 0 (more think time than cycle)  → ErrInvalidPoint
func FitDemand(points []Point, servers int, z model.Time) (DemandFit, error) {
	pts, err := checkPoints(points, 1)
	if err != nil {
		return DemandFit{}, err
	}
	if !(z >= 0) || math.IsInf(float64(z), 0) {
		return DemandFit{}, fmt.Errorf("%w: think time %g s", ErrInvalidPoint, float64(z))
	}
	var xs, ys []float64
	for _, p := range pts {
		if p.Clients > servers {
			continue
		}
		u := float64(p.Clients) - float64(p.Throughput)*float64(z)
		if !(u > 0) {
			return DemandFit{}, fmt.Errorf("%w: %d clients at %g/s with think time %g s leave none busy", ErrInvalidPoint, p.Clients, float64(p.Throughput), float64(z))
		}
		xs = append(xs, float64(p.Throughput))
		ys = append(ys, u)
	}
	if len(xs) == 0 {
		return DemandFit{}, fmt.Errorf("%w: no measurement at %d clients or fewer (the servers)", ErrTooFewPoints, servers)
	}
	_, d := stat.LinearRegression(xs, ys, nil, true)
	r2 := 1.0
	if len(xs) > 1 {
		r2 = stat.RNoughtSquared(xs, ys, nil, d)
	}
	return DemandFit{Demand: model.Time(d), R2: r2, N: len(xs)}, nil
}
