package model_test

import (
	"math"
	"testing"

	"github.com/pgarch/pgarch/model"
)

// TestCheckpointMerging checks the checkpoint's merged writes against the
// closed form of runs in a random dirty set (engine.go, checkpointIOs): a
// stretch of pages each dirty with probability ρ takes (1 − ρ)/(1 − ρ³²)
// I/Os per written page, because the checkpointer writes in block order
// and 32 adjacent 8 kB pages (256 KiB) leave as one I/O.
func TestCheckpointMerging(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.DataSize, w.WorkingSet = 8*model.GB, 8*model.GB // one popularity class
	pages := float64(w.DataSize / model.PageSize)
	const cycle = 300.0 // s
	for _, c := range []struct {
		name    string
		touches float64 // u·t/P: updates per page in a cycle
		ckpt    float64
		want    float64 // I/Os per page written
	}{
		// ρ = 1 − e^(−0.001): hardly two dirty pages touch.
		{"sparse", 0.001, 1, math.Exp(-0.001) / (1 - math.Pow(-math.Expm1(-0.001), 32))},
		// ρ = 1/2: (1 − ½)/(1 − 2⁻³²).
		{"half", math.Ln2, 1, 0.5 / (1 - math.Pow(0.5, 32))},
		// Every page dirty: one I/O per 32.
		{"dense", 50, 1, 1.0 / 32},
		// Every page dirtied, half of them still dirty at the checkpoint.
		{"half left", 50, 0.5, 0.5 / (1 - math.Pow(0.5, 32))},
	} {
		ios, written := model.CheckpointIOs(w, p, c.touches*pages/cycle, cycle, c.ckpt)
		if got := ios / written; math.Abs(got-c.want) > 1e-6*c.want {
			t.Errorf("%s: %.6g I/Os per page written, want %.6g", c.name, got, c.want)
		}
	}

	// A hot tenth of the pages takes 90 % of the updates. Clustered, the
	// hot pages are dense and merge; spread over the table, the dirty
	// pages are as sparse as the table's average and merge less.
	w.WorkingSet, w.HotAccess = 800*model.MB, 0.9
	u := 0.5 * pages / cycle
	w.HotRowsClustered = true
	together, _ := model.CheckpointIOs(w, p, u, cycle, 1)
	w.HotRowsClustered = false
	spread, written := model.CheckpointIOs(w, p, u, cycle, 1)
	if !(together < spread && spread < written) {
		t.Errorf("hot set: %.0f I/Os clustered, %.0f spread, %.0f pages: want clustered < spread < pages", together, spread, written)
	}
}
