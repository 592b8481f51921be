package model_test

import (
	"bufio"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/model"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// notHOT gives w's updates a freshly loaded table's, at fillfactor 100:
// each page's first update finds no room for its new version, which goes
// to another page, and writes an index leaf (2 pages dirtied and 2 rows
// appended a transaction, with the history row), about twice the WAL of
// the default's HOT updates: the log a scenario of a full link, a busy
// volume or a checkpoint's surge is built on.
func notHOT(w *model.Workload) { w.PagesWrittenPerTxn, w.RowsInsertedPerTxn = 2, 2 }

// resultRun is one line of a validation/results file: a run's name and
// its numbers (a field that is not one, such as an LSN, reads as NaN).
type resultRun struct {
	name string
	v    []float64
}

// readResults reads validation/results/<file>, a validation script's
// measurement: its settings (a name and one number, such as "clk_tck 100")
// and its runs (a name and more numbers), comments left out.
func readResults(t *testing.T, file string) (settings map[string]float64, runs []resultRun) {
	t.Helper()
	name := filepath.Join("..", "validation", "results", file)
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("the measurement in %s: %v", name, err)
	}
	defer f.Close()
	settings = map[string]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		v := make([]float64, len(fs)-1)
		for i, s := range fs[1:] {
			if v[i], err = strconv.ParseFloat(s, 64); err != nil {
				v[i] = math.NaN()
			}
		}
		if len(v) == 1 {
			settings[fs[0]] = v[0]
		} else {
			runs = append(runs, resultRun{fs[0], v})
		}
	}
	return settings, runs
}

// jitteredAckMean is the exact mean of the k-th smallest of n i.i.d.
// acknowledgements, each a round trip of mean trip whose random part is
// an exponential of mean j (rtt_jitter_ms) and a persist exponential of
// mean f: trip − j + ∫ P(fewer than k of n are done by t) dt, the
// survival of each Exp(j) + Exp(f) being (j·e^(−t/j) − f·e^(−t/f))/(j − f)
// (hypoexponential, j ≠ f), integrated by the midpoint rule over 40 means.
func jitteredAckMean(n, k int, trip, j, f model.Time) float64 {
	a, b := float64(j), float64(f)
	h := (a + b) / 4000
	sum := 0.0
	for t := h / 2; t < 40*(a+b); t += h {
		s := (a*math.Exp(-t/a) - b*math.Exp(-t/b)) / (a - b)
		p := 0.0
		for i := range k { // exactly i of n done by t
			p += binomial(n, i) * math.Pow(1-s, float64(i)) * math.Pow(s, float64(n-i))
		}
		sum += p * h
	}
	return float64(trip-j) + sum
}

func binomial(n, k int) float64 {
	c := 1.0
	for i := range k {
		c = c * float64(n-i) / float64(i+1)
	}
	return c
}
