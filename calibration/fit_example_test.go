package calibration_test

import (
	"fmt"
	"time"

	"github.com/pgarch/pgarch/calibration"
)

// ExampleFitUSL fits the select-only pgbench runs of
// calibration/testdata/pgbench-select-only.txt (2 cores shared by the
// database and pgbench: throughput peaks at 2 clients).
func ExampleFitUSL() {
	points := []calibration.Point{
		calibration.Measurement(1, 10281.001986, 97*time.Microsecond),
		calibration.Measurement(2, 14498.056553, 138*time.Microsecond),
		calibration.Measurement(4, 11969.124360, 334*time.Microsecond),
		calibration.Measurement(8, 8897.406681, 899*time.Microsecond),
	}
	f, err := calibration.FitUSL(points)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("σ = %.3f, κ = %.3f, λ = %.0f/s, R² = %.3f, peak at %.1f clients\n",
		f.Sigma, f.Kappa, float64(f.Lambda), f.R2, f.PeakClients())
	d, err := calibration.FitDemand(points, 2, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	// Output:
	// σ = 0.266, κ = 0.128, λ = 10577/s, R² = 0.932, peak at 2.4 clients
	// D=0.1243ms R₀²=0.9767 (n=2)
}
