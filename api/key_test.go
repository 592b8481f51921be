package api

import (
	"errors"
	"maps"
	"reflect"
	"testing"

	"github.com/pgarch/pgarch/calibration"
)

// TestAppendKey checks that keys are equal for equal values, whatever
// their maps' order, and differ when any part of the value does.
func TestAppendKey(t *testing.T) {
	base := func() input { return prepared(t, identityRequests[4]) } // regions: a map in the workload
	key := func(in input) string {
		var b []byte
		for _, v := range []any{in.w, in.r, in.prof, in.archs} {
			var err error
			if b, err = appendKey(b, reflect.ValueOf(v)); err != nil {
				t.Fatal(err)
			}
		}
		return string(b)
	}
	want := key(base())
	for range 20 { // map iteration order varies from run to run
		if got := key(base()); got != want {
			t.Fatal("two equal inputs have different keys")
		}
	}
	changes := map[string]func(in *input){
		"workload rate":      func(in *input) { in.w.ReadRate++ },
		"workload map value": func(in *input) { in.w.ClientRegions["us-east-1"] = 0.6 },
		"workload map key": func(in *input) {
			in.w.ClientRegions["us-west-2"] = in.w.ClientRegions["us-east-1"]
			delete(in.w.ClientRegions, "us-east-1")
		},
		"requirement":    func(in *input) { in.r.Survive = append(in.r.Survive, "zone") },
		"nil to empty":   func(in *input) { in.r.Survive = []string{} },
		"profile value":  func(in *input) { in.prof.Values.Node.VCPUs++ },
		"profile source": func(in *input) { in.prof.Sources["vcpus"] += "!" },
		"profile region": func(in *input) { in.prof.Values.Regions["us-east-1"]["eu-central-1"]++ },
		"profile name":   func(in *input) { in.prof.Name = "x" },
		"negative zero":  func(in *input) { in.w.AnalyticalRate = -in.w.AnalyticalRate },
		"architecture":   func(in *input) { in.archs[0].Nodes = 5 },
		"architectures":  func(in *input) { in.archs = append(in.archs, in.archs[0]) },
		"string split":   func(in *input) { in.archs[0].Regions[0], in.archs[0].Regions[1] = "us-east-1eu", "-central-1" },
	}
	for name, change := range changes {
		in := base()
		in.prof.Values.Regions = maps.Clone(in.prof.Values.Regions)
		in.prof.Values.Regions["us-east-1"] = maps.Clone(in.prof.Values.Regions["us-east-1"])
		change(&in)
		if key(in) == want {
			t.Errorf("%s: the key did not change", name)
		}
	}
	for _, v := range []any{func() {}, make(chan int), struct{ A any }{1}} {
		if _, err := appendKey(nil, reflect.ValueOf(v)); !errors.Is(err, errNoKey) {
			t.Errorf("appendKey(%T) = %v, want errNoKey", v, err)
		}
	}
	type cycle struct{ Next *cycle }
	c := &cycle{}
	c.Next = c
	if _, err := appendKey(nil, reflect.ValueOf(c)); !errors.Is(err, errNoKey) {
		t.Errorf("appendKey(cycle) = %v, want errNoKey", err)
	}
}

// BenchmarkAppendKey measures the key of a built-in profile, the
// largest part of an evaluation's key (its sources).
func BenchmarkAppendKey(b *testing.B) {
	p, _ := calibration.Lookup("aws-gp3")
	var dst []byte
	b.ReportAllocs()
	for b.Loop() {
		var err error
		dst, err = appendKey(dst[:0], reflect.ValueOf(p))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Log(len(dst))
}
