package dist_test

import (
	"fmt"

	"github.com/pgarch/pgarch/model/dist"
)

// A point read: 0.1 ms of CPU plus an exponential 0.02 ms, and with
// probability 0.05 a 1 ms page read from storage. The branch stays a
// branch: a single gamma fit of the same mean and variance would put the
// median at 0.04 ms and the 95th percentile at 0.78 ms.
func ExampleMixture_Plus() {
	cpu := dist.ShiftedExp(0.1e-3, 0.02e-3)
	miss := dist.Branch(0.05, dist.Exp(1e-3), dist.Atom(0))
	read := cpu.Plus(miss)
	p50, p95, p99 := read.Percentiles()
	fmt.Printf("mean %.4g ms\n", 1e3*read.Mean())
	fmt.Printf("p50 %.4g ms, p95 %.4g ms, p99 %.4g ms\n", 1e3*p50, 1e3*p95, 1e3*p99)
	// Output:
	// mean 0.17 ms
	// p50 0.1149 ms, p95 0.2083 ms, p99 1.73 ms
}

// The sum of two exponentials of different means is represented exactly
// (a hypoexponential); its median solves 1 − (5e^(−t/5) − e^(−t))/4 = 1/2.
func ExampleMixture_Quantile() {
	m := dist.Exp(1e-3).Plus(dist.Exp(5e-3))
	fmt.Printf("%.6g ms\n", 1e3*m.Quantile(0.5))
	// Output:
	// 4.55524 ms
}

// A query fanned out to 8 shards waits for the slowest: its 99th
// percentile reads each shard at 0.99^(1/8) = 0.99874:
// 0.2 ms + 0.3 ms·(−ln(1 − 0.99874)) = 2.204 ms.
func ExampleMaxQuantile() {
	shard := dist.ShiftedExp(0.2e-3, 0.3e-3)
	fmt.Printf("one shard p99 %.4g ms\n", 1e3*shard.Quantile(0.99))
	fmt.Printf("slowest of 8 p99 %.4g ms\n", 1e3*dist.MaxQuantile(shard, 8, 0.99))
	// Output:
	// one shard p99 1.582 ms
	// slowest of 8 p99 2.204 ms
}

// A commit waits for 2 of 3 acknowledgements (the primary's own flush and
// two standbys at different distances), then a network round trip; KthOf
// returns a Mixture that adds to the rest of the path.
func ExampleKthOf() {
	acks := []dist.Mixture{
		dist.ShiftedExp(0.05e-3, 0.5e-3), // local WAL flush
		dist.ShiftedExp(0.5e-3, 0.2e-3),  // standby in the same region
		dist.ShiftedExp(20e-3, 1e-3),     // standby in another region
	}
	fmt.Printf("exact p99 %.3g ms\n", 1e3*dist.KthQuantile(2, acks, 0.99))
	commit := dist.KthOf(2, acks).Plus(dist.Atom(0.3e-3))
	fmt.Printf("commit p50 %.3g ms\n", 1e3*commit.Quantile(0.5))
	// Output:
	// exact p99 2.36 ms
	// commit p50 1.02 ms
}
