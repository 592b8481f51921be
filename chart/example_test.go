package chart_test

import (
	"bytes"
	"fmt"
	"log"
	"math"

	"github.com/pgarch/pgarch/chart"
)

// A hockey-stick chart: the mean response time R = S/(1−ρ), ρ = λ·S, of
// two M/M/1 servers against the arrival rate λ, on log axes. Past
// saturation (ρ ≥ 1) R is +Inf, a gap: the line stops there, and the
// saturation load 1/S is marked and named in the legend.
func ExampleFigure_Write() {
	fig := chart.Figure{
		Title:  "Mean latency against load",
		XLabel: "transactions per second",
		YLabel: "mean latency (ms)",
		LogX:   true,
		LogY:   true,
	}
	for _, srv := range []struct {
		name    string
		service float64 // mean service time S, seconds
	}{
		{"local NVMe", 100e-6},
		{"network-attached", 1000e-6},
	} {
		s := chart.Series{Name: srv.name, Saturation: 1 / srv.service}
		for load := 100.0; load <= 20000; load *= 1.25 {
			rho := load * srv.service
			ms := math.Inf(1)
			if rho < 1 {
				ms = 1000 * srv.service / (1 - rho)
			}
			s.X, s.Y = append(s.X, load), append(s.Y, ms)
		}
		fig.Series = append(fig.Series, s)
	}

	var svg bytes.Buffer // an http.ResponseWriter or *os.File in practice
	if err := fig.Write(&svg, chart.SVG); err != nil {
		log.Fatal(err)
	}
	fmt.Println(bytes.HasPrefix(svg.Bytes(), []byte("<?xml")))
	fmt.Println(bytes.Contains(svg.Bytes(), []byte("network-attached, saturates at 1000")))
	// Output:
	// true
	// true
}
