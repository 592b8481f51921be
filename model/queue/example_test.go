package queue_test

import (
	"fmt"

	"github.com/pgarch/pgarch/model/queue"
)

// The R package ErlangC's README example: 100 calls in 30 minutes, an
// average handling time of 180 s and 14 agents, that is 10 Erlangs.
func ExampleErlangC() {
	fmt.Printf("P(wait) = %.4g\n", queue.ErlangC(14, 10))
	fmt.Printf("P(block) without a waiting line = %.4g\n", queue.ErlangB(14, 10))
	// Output:
	// P(wait) = 0.1741
	// P(block) without a waiting line = 0.05682
}

// PDQ's "Bank Model": 4 tellers, 0.35 customers per minute, 10 minutes
// per customer (rates per second and times in seconds).
func ExampleMMc() {
	q := queue.MMc{Servers: 4, Arrival: 0.35 / 60, Service: 10 * 60}
	fmt.Printf("utilisation %.4g\n", q.Utilization())
	fmt.Printf("mean wait %.4g min\n", q.Wait()/60)
	fmt.Printf("mean response %.4g min\n", q.Response()/60)
	fmt.Printf("p50 %.4g min, p99 %.4g min\n", q.ResponseQuantile(0.5)/60, q.ResponseQuantile(0.99)/60)
	// Output:
	// utilisation 0.875
	// mean wait 14.76 min
	// mean response 24.76 min
	// p50 18.98 min, p99 99.84 min
}

// Jain's Example 34.2: a CPU and two disks with demands of 2, 3 and 1 s,
// 4 s of think time, 5 users.
func ExampleMVA() {
	x, r := queue.MVA([]float64{2, 3, 1}, 4, 5)
	fmt.Printf("X = %.4g/s, R = %.4g s\n", x, r)
	// Output:
	// X = 0.2898/s, R = 13.26 s
}

// A pgbench-like closed benchmark: 8 cores with 1 ms of CPU per
// transaction each, a 0.5 ms WAL flush, a 2 ms network round trip, and 10
// clients without think time: just past the knee at about 10.5 clients.
func ExampleMVACenters() {
	centers := []queue.Center{
		{Demand: 0.008, Servers: 8},  // CPU
		{Demand: 0.0005, Servers: 1}, // WAL flush
		{Demand: 0.002, Delay: true}, // network
	}
	x, r, per := queue.MVACenters(centers, 0, 10)
	fmt.Printf("X = %.4g/s, R = %.4g ms, CPU %.4g ms\n", x, r*1e3, per[0]*1e3)
	// Output:
	// X = 892/s, R = 11.21 ms, CPU 8.392 ms
}

// shared_buffers of 4 GiB (524,288 pages of 8 kB) in front of a 12 GiB
// page cache, for a 100 GiB database whose hottest 5 % of pages get 90 %
// of the reads.
func ExampleCheTwoLevel() {
	pages := 100.0 * (1 << 30) / 8192
	classes := []queue.Class{
		{Items: 0.05 * pages, Probability: 0.9},
		{Items: 0.95 * pages, Probability: 0.1},
	}
	hit1, hit2 := queue.CheTwoLevel(classes, 524288, 3*524288)
	fmt.Printf("shared_buffers %.4g, page cache %.4g, disk %.4g\n", hit1, hit2, 1-hit1-hit2)
	// Output:
	// shared_buffers 0.6085, page cache 0.2982, disk 0.09326
}

// The commit latency of Aurora's 4-of-6 quorum: two storage nodes in the
// writer's zone, four in two other zones (times in seconds).
func ExampleKthQuantile() {
	nodes := []queue.ShiftedExp{
		{Shift: 0.0002, Mean: 0.0003}, {Shift: 0.0002, Mean: 0.0003},
		{Shift: 0.0010, Mean: 0.0005}, {Shift: 0.0010, Mean: 0.0005},
		{Shift: 0.0012, Mean: 0.0005}, {Shift: 0.0012, Mean: 0.0005},
	}
	fmt.Printf("mean %.4g ms, p99 %.4g ms\n", queue.KthMean(4, nodes)*1e3, queue.KthQuantile(4, nodes, 0.99)*1e3)
	// Output:
	// mean 1.403 ms, p99 2.09 ms
}
