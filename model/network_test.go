package model_test

import (
	"errors"
	"testing"

	"github.com/pgarch/pgarch/model"
)

// simulated are the architectures with explicit sizes, as the simulation
// tests use them (model/sim).
func simulated() []model.Architecture {
	return []model.Architecture{
		{ID: model.SingleNode}, {ID: model.NetworkAttachedStorage}, {ID: model.ReadReplicas, Replicas: 2},
		{ID: model.HotStandby}, {ID: model.DBMSOptimizedStorage, Sized: true}, {ID: model.Sharded, Workers: 4},
		{ID: model.ActiveActive, Nodes: 3}, {ID: model.DistributedSQL, Nodes: 5},
	}
}

// The routes of a Network never bring a CPU or device more work than the
// closed form charges it (the background fills the rest): otherwise the
// routes and the closed form's loads would disagree.
func TestNetworkRouteLoad(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	w.ReadRate, w.WriteRate, w.HotRows = 3000, 1000, 10
	w.AnalyticalRate, w.ScanPerQuery = 4, 64*model.MB // 256 MB/s: within Aurora's link, which its scans cross
	for _, a := range simulated() {
		t.Run(string(a.ID), func(t *testing.T) {
			n, err := a.Network(w, p, model.DefaultRequirements())
			if err != nil {
				t.Fatalf("Network: %v", err)
			}
			if len(n.Classes) != 3 || n.Classes[0].Rate != w.ReadRate || n.Classes[1].Rate != w.WriteRate || n.Classes[2].Rate != w.AnalyticalRate {
				t.Errorf("classes = %+v, want read at %v, write at %v, analytical at %v", n.Classes, w.ReadRate, w.WriteRate, w.AnalyticalRate)
			}
			for _, s := range n.Stations {
				busy := float64(s.Utilization) * float64(s.Servers)
				switch s.Discipline {
				case model.TokenBucket:
					// A bucket's load is tokens a second: the routes' visits
					// and the background's I/Os.
					busy = float64(s.Utilization) * float64(s.TokenRate)
					if got := s.RouteLoad + float64(s.Background); s.RouteLoad > busy*(1+1e-9) || !within(got, busy, 1e-9) {
						t.Errorf("%s: routes take %.6g tokens/s and the background %.6g, the closed form %.6g", s.Name, s.RouteLoad, float64(s.Background), busy)
					}
					continue
				case model.FCFS, model.ProcessorSharing:
				default:
					continue
				}
				// 10⁻⁹: rounding of the same sums taken in another order.
				if s.RouteLoad > busy*(1+1e-9) {
					t.Errorf("%s: routes bring %.6g busy servers, the closed form charges %.6g", s.Name, s.RouteLoad, busy)
				}
				got := s.RouteLoad + float64(s.Background)*float64(s.BackgroundService)
				if !within(got, busy, 1e-9) {
					t.Errorf("%s: routes + background = %.6g busy servers, want the closed form's %.6g", s.Name, got, busy)
				}
			}
		})
	}
}

func TestNetworkNotSimulated(t *testing.T) {
	p := lecture(t)
	w := model.DefaultWorkload()
	for _, tc := range []struct {
		name string
		a    model.Architecture
		w    model.Workload
	}{
		{"neon", model.Architecture{ID: model.DBMSOptimizedStorage, Variant: model.Neon, Sized: true}, w},
		{"remote_apply", model.Architecture{ID: model.HotStandby, SyncCommit: model.SyncRemoteApply}, w},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.a.Network(tc.w, p, model.DefaultRequirements()); !errors.Is(err, model.ErrNotSimulated) {
				t.Errorf("Network error = %v, want ErrNotSimulated", err)
			}
		})
	}
	if _, err := (model.Architecture{ID: model.Sharded}).Network(w, p, model.DefaultRequirements()); !errors.Is(err, model.ErrOutOfRange) {
		t.Errorf("Network(sharded, auto-sized) error = %v, want ErrOutOfRange", err)
	}
}
