package sim_test

import (
	"fmt"

	"github.com/pgarch/pgarch/model"
	"github.com/pgarch/pgarch/model/sim"
)

// An M/M/1 queue at ρ = 0.5 with a 1 ms mean service: the exact mean
// response is S/(1 − ρ) = 2 ms (Kleinrock vol. 1, eq. 3.26); the run's
// estimate carries its 95 % interval.
func ExampleRun() {
	n := model.Network{
		Stations: []model.Station{{Name: "disk", Discipline: model.FCFS, Servers: 1}},
		Classes: []model.Class{{Name: "io", Rate: 500, Route: []model.Visit{
			{Kind: model.Serve, Station: 0, Mean: model.Millisecond},
		}}},
	}
	res, err := sim.Run(n, sim.Config{Seed: 1, Requests: 100_000})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := res.Classes[0]
	fmt.Printf("mean %.2f ± %.2f ms, utilisation %.2f\n", c.Mean.Value*1e3, c.Mean.HalfWidth*1e3, res.Stations[0].Utilization)
	// Output: mean 1.99 ± 0.03 ms, utilisation 0.50
}
