package sim_test

import (
	"fmt"
	"testing"

	"github.com/pgarch/pgarch/model"
)

func TestDevTmp(t *testing.T) {
	for _, prof := range []string{"lecture", "aws-gp3"} {
		p := builtin(t, prof)
		for _, n := range []int{50, 100, 200} {
			w := model.DefaultWorkload()
			w.Clients, w.ThinkTime, w.Sessions = n, 0, 400
			res, run := closedRun(t, model.Architecture{ID: model.NetworkAttachedStorage}, w, p, 60000)
			rd, _ := run.Class("read")
			wr, _ := run.Class("write")
			fmt.Printf("%s N=%d bn=%s X %.0f sim %.0f | read mean %.3f sim %.3f p99 %.3f sim %.3f | write mean %.3f sim %.3f p99 %.3f sim %.3f\n", prof, n, res.Bottleneck,
				float64(res.Throughput.Total), run.Throughput.Value,
				res.Read.Mean.Ms(), rd.Mean.Value*1e3, res.Read.P99.Ms(), rd.P99.Value*1e3,
				res.Write.Mean.Ms(), wr.Mean.Value*1e3, res.Write.P99.Ms(), wr.P99.Value*1e3)
		}
	}
}
