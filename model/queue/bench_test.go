package queue

import (
	"strconv"
	"testing"
)

// sink keeps the compiler from discarding benchmarked results.
var sink float64

func BenchmarkErlangC1000(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = ErlangC(1000, 950)
	}
}

func BenchmarkResponseQuantile(b *testing.B) {
	for _, bb := range []struct {
		name string
		q    MMc
	}{
		{"c=1", MMc{Servers: 1, Arrival: 700, Service: 0.001}},
		{"c=8", MMc{Servers: 8, Arrival: 7000, Service: 0.001}},
		{"c=64", MMc{Servers: 64, Arrival: 60000, Service: 0.001}},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sink = bb.q.ResponseQuantile(0.99)
			}
		})
	}
}

func BenchmarkCheHitRatioClasses(b *testing.B) {
	b.ReportAllocs()
	classes := []Class{{Items: 655360, Probability: 0.9}, {Items: 12451840, Probability: 0.1}}
	for b.Loop() {
		sink, _ = CheHitRatioClasses(classes, 524288)
	}
}

func BenchmarkCheTwoLevel(b *testing.B) {
	b.ReportAllocs()
	classes := []Class{{Items: 655360, Probability: 0.9}, {Items: 12451840, Probability: 0.1}}
	for b.Loop() {
		sink, _ = CheTwoLevel(classes, 524288, 3*524288)
	}
}

func BenchmarkKthQuantile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = KthQuantile(4, aurora, 0.99)
	}
}

func BenchmarkKthMean(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = KthMean(4, aurora)
	}
}

func BenchmarkMVA(b *testing.B) {
	b.ReportAllocs()
	demands := []float64{0.001, 0.0005, 0.0002, 0.0003}
	for b.Loop() {
		sink, _ = MVA(demands, 0, 256)
	}
}

func BenchmarkMVACenters(b *testing.B) {
	// A pgbench-like network: CPU cores, WAL flush, a hot-row lock, a
	// storage device with 16 channels and a network delay.
	centers := func(cores int) []Center {
		return []Center{
			{Demand: 0.001 * float64(cores), Servers: cores},
			{Demand: 0.0004},
			{Demand: 0.0002},
			{Demand: 0.002, Servers: 16},
			{Demand: 0.002, Delay: true},
		}
	}
	for _, bb := range []struct {
		name    string
		cores   int
		clients int
	}{
		{"c=8/N=64 exact", 8, 64},
		{"c=64/N=256 exact", 64, 256},
		{"c=64/N=1000 Schweitzer", 64, 1000},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			cs := centers(bb.cores)
			for b.Loop() {
				sink, _, _ = MVACenters(cs, 0, bb.clients)
			}
		})
	}
}

func BenchmarkMVAThroughputs(b *testing.B) {
	b.ReportAllocs()
	cs := []Center{{Demand: 0.064, Servers: 64}, {Demand: 0.0004}, {Demand: 0.002, Delay: true}}
	for b.Loop() {
		xs := MVAThroughputs(cs, 0, 2000)
		sink = xs[len(xs)-1]
	}
}

// BenchmarkFiniteSourceRowWait is the hot row's wait of a closed load at
// the model's most clients, 10,000, on one hot row and on ten, every
// client but the thinking ones at the rows (a = 0.1: the mode far out).
func BenchmarkFiniteSourceRowWait(b *testing.B) {
	for _, rows := range []int{1, 10} {
		b.Run("rows="+strconv.Itoa(rows), func(b *testing.B) {
			for b.Loop() {
				sink, _, _ = FiniteSourceRowWait(rows, 9999, 0.1)
			}
		})
	}
}
