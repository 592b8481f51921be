package model_test

import (
	"math"
	"testing"

	"github.com/pgarch/pgarch/model"
)

// TestCheckpointMerging checks the checkpoint's merged writes against the
// closed form (engine.go, checkpointIOs): the checkpointer writes in block
// order and hands every 32 buffers to the kernel as contiguous ranges, so
// over a table whose pages are each dirty with probability ρ a written
// page starts an I/O when its predecessor is clean or it starts a batch of
// 32: (1 − ρ) + ρ/32 I/Os per page written.
func TestCheckpointMerging(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.DataSize, w.WorkingSet = 8*model.GB, 8*model.GB // one popularity class
	// The heap pages, which writes dirty: the data's but its primary key's
	// leaves, 20/0.9 B a row against the heap's row + 28 B (leafShare).
	heap, leaf := float64(w.RowBytes)+28, 20/0.9
	pages := float64(w.DataSize/model.PageSize) * heap / (heap + leaf)
	const cycle = 300.0 // s
	for _, c := range []struct {
		name    string
		touches float64 // u·t/P: updates per page in a cycle
		ckpt    float64
		rho     float64 // the dirty pages' density at the checkpoint
	}{
		{"sparse", 0.001, 1, -math.Expm1(-0.001)},
		{"half", math.Ln2, 1, 0.5},
		{"dense", 50, 1, -math.Expm1(-50)},
		// Every page dirtied, half of them still dirty at the checkpoint.
		{"half left", 50, 0.5, -0.5 * math.Expm1(-50)},
	} {
		want := (1 - c.rho) + c.rho/32
		ios, written := model.CheckpointIOs(w, p, c.touches*pages/cycle, cycle, c.ckpt)
		if got := ios / written; math.Abs(got-want) > 1e-6*want {
			t.Errorf("%s: %.6g I/Os per page written, want %.6g", c.name, got, want)
		}
	}
}
