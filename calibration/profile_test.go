package calibration_test

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// builtinNames are the profiles the brief and doc.go promise.
var builtinNames = []string{"aws-gp3", "aws-io2", "azure-premium-v2", "lecture", "local-nvme"}

func TestNames(t *testing.T) {
	got := calibration.Names()
	if !slices.Equal(got, builtinNames) {
		t.Errorf("Names() = %q, want %q", got, builtinNames)
	}
}

func TestBuiltinsValidate(t *testing.T) {
	for _, name := range calibration.Names() {
		t.Run(name, func(t *testing.T) {
			p, ok := calibration.Lookup(name)
			if !ok {
				t.Fatalf("Lookup(%q) not found", name)
			}
			if p.Name != name {
				t.Errorf("Lookup(%q).Name = %q, want %q", name, p.Name, name)
			}
			if p.Description == "" {
				t.Errorf("Lookup(%q).Description is empty", name)
			}
			if err := p.Validate(); err != nil {
				t.Errorf("Lookup(%q).Validate() = %v, want nil", name, err)
			}
		})
	}
}

func TestLookupReturnsCopy(t *testing.T) {
	for _, name := range calibration.Names() {
		t.Run(name, func(t *testing.T) {
			first, _ := calibration.Lookup(name)
			want, _ := calibration.Lookup(name)

			first.Values.Local.FsyncLatency = 123 * model.Millisecond
			first.Values.Prices.Date = "1999"
			first.Sources["local_fsync_latency_us"] = "mutated"
			delete(first.Sources, "vcpus")
			if err := first.Set("network_iops", 4321); err != nil {
				t.Fatal(err)
			}

			got, _ := calibration.Lookup(name)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Lookup(%q) after mutating an earlier copy = %+v, want %+v", name, got, want)
			}
		})
	}
}

func TestLookupUnknown(t *testing.T) {
	got, ok := calibration.Lookup("gp2")
	if ok || !reflect.DeepEqual(got, calibration.Profile{}) {
		t.Errorf("Lookup(%q) = %+v, %v, want zero Profile, false", "gp2", got, ok)
	}
}

func TestDefault(t *testing.T) {
	want, _ := calibration.Lookup("lecture")
	if got := calibration.Default(); !reflect.DeepEqual(got, want) {
		t.Errorf("Default() = %+v, want Lookup(\"lecture\") %+v", got, want)
	}
}

// TestSources checks that every field of every built-in profile names its
// source with a calibration.md confidence tag, and that no source is stray.
func TestSources(t *testing.T) {
	names := []string{"prices_date"}
	for _, f := range calibration.Fields() {
		names = append(names, f.Name)
	}
	for _, profile := range calibration.Names() {
		p, _ := calibration.Lookup(profile)
		for _, field := range names {
			src := p.Sources[field]
			if src == "" {
				t.Errorf("%s: Sources[%q] is empty", profile, field)
				continue
			}
			if !strings.HasPrefix(src, "P") && !strings.HasPrefix(src, "S") &&
				!strings.HasPrefix(src, "D") && !strings.HasPrefix(src, "U") {
				t.Errorf("%s: Sources[%q] = %q, want a P/S/D/U tag first", profile, field, src)
			}
		}
		if got, want := len(p.Sources), len(names); got != want {
			t.Errorf("%s: len(Sources) = %d, want %d (one per field)", profile, got, want)
		}
	}
}

// TestLectureFigures pins the lecture's figures (seed notes: "Higher disk
// latency (esp for writes 10 µs -> 1000 µs)", "Lower IOPS (1M -> 10k
// IOPS)"); the lecture gives one latency per device. Exact equality: these
// are stored constants, not results of arithmetic.
func TestLectureFigures(t *testing.T) {
	v := calibration.Default().Values
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"local read latency", float64(v.Local.ReadLatency), float64(10 * model.Microsecond)},         // lecture: 10 µs
		{"local write latency", float64(v.Local.WriteLatency), float64(10 * model.Microsecond)},       // lecture: 10 µs
		{"local fsync latency", float64(v.Local.FsyncLatency), float64(10 * model.Microsecond)},       // lecture: 10 µs
		{"local IOPS", float64(v.Local.IOPS), 1e6},                                                    // lecture: 1M IOPS
		{"network read latency", float64(v.Network.ReadLatency), float64(1000 * model.Microsecond)},   // lecture: 1000 µs
		{"network write latency", float64(v.Network.WriteLatency), float64(1000 * model.Microsecond)}, // lecture: 1000 µs
		{"network fsync latency", float64(v.Network.FsyncLatency), float64(1000 * model.Microsecond)}, // lecture: 1000 µs
		{"network IOPS", float64(v.Network.IOPS), 1e4},                                                // lecture: 10k IOPS
		{"vCPUs", float64(v.Node.VCPUs), 8},                                                           // r6i.2xlarge, calibration.md §8.2
		{"same-host RTT", float64(v.RTT.SameHost), float64(0.02 * model.Millisecond)},                 // calibration.md §3.1, in public ms
		{"same-zone RTT", float64(v.RTT.SameZone), float64(0.2 * model.Millisecond)},                  // calibration.md §3.2
		{"cross-zone RTT", float64(v.RTT.CrossZone), float64(1 * model.Millisecond)},                  // calibration.md §3.2
		{"cross-region RTT", float64(v.RTT.CrossRegion), float64(15 * model.Millisecond)},             // cloudping us-east-1↔us-east-2, §3.3
		{"failure detection", float64(v.Recovery.FailureDetection), 30},                               // Patroni ttl, calibration.md §6.6
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("lecture %s = %g, want %g", tt.name, tt.got, tt.want)
		}
	}
}

// TestProfileFigures pins a few defining figures of the other profiles, so a
// slip in builtin.go shows up by name.
func TestProfileFigures(t *testing.T) {
	tests := []struct {
		profile, field string
		want           float64
	}{
		{"local-nvme", "local_read_latency_us", 75},               // MODEL.md §2.2 measurement
		{"local-nvme", "local_fsync_latency_us", 30},              // calibration.md §1.2, §9
		{"local-nvme", "local_iops", 142000},                      // harmonic 50/50 of 200k/110k, calibration.md §1.1
		{"local-nvme", "local_node_usd_per_hour", 0.69},           // i4i.2xlarge, calibration.md §8.2 (U)
		{"aws-gp3", "network_read_latency_us", 250},               // PlanetScale EBS round trip, calibration.md §2.1
		{"aws-gp3", "network_fsync_latency_us", 1000},             // calibration.md §9 "keep 1 ms for gp3"
		{"aws-gp3", "network_iops", 3000},                         // gp3 baseline, calibration.md §2.1
		{"aws-gp3", "network_bandwidth_mb_per_sec", 131.072},      // 125 MiB/s, calibration.md §2.1
		{"aws-gp3", "network_storage_usd_per_gb_month", 0.08},     // calibration.md §8.1
		{"aws-io2", "network_fsync_latency_us", 400},              // calibration.md §0.1 "use 0.4 ms"
		{"aws-io2", "network_baseline_iops", 0},                   // io2 has no free IOPS, §8.1
		{"aws-io2", "network_iops_usd_per_month", 0.065},          // calibration.md §8.1
		{"aws-io2", "network_storage_usd_per_gb_month", 0.125},    // calibration.md §8.1
		{"azure-premium-v2", "network_iops", 3000},                // Premium SSD v2 baseline, §2.2
		{"azure-premium-v2", "network_bandwidth_mb_per_sec", 125}, // Premium SSD v2 baseline, §2.2
		{"azure-premium-v2", "node_usd_per_hour", 0.504},          // E8s_v3, calibration.md §8.2
	}
	for _, tt := range tests {
		p, _ := calibration.Lookup(tt.profile)
		if got := publicValue(t, p, tt.field); got != tt.want {
			t.Errorf("%s %s = %g, want %g", tt.profile, tt.field, got, tt.want)
		}
	}
}

// publicValue reads one field in its public unit through the JSON form.
func publicValue(t *testing.T, p calibration.Profile, field string) float64 {
	t.Helper()
	m := marshalMap(t, p)
	v, ok := m[field].(float64)
	if !ok {
		t.Fatalf("MarshalJSON has no number %q", field)
	}
	return v
}

func TestSetValid(t *testing.T) {
	tests := []struct {
		name  string
		field string
		value float64
		get   func(model.Profile) float64
		want  float64
	}{
		{"fsync in µs", "network_fsync_latency_us", 800,
			func(v model.Profile) float64 { return float64(v.Network.FsyncLatency) }, 800e-6}, // 800 µs in s
		{"memory in GB", "memory_gb", 128,
			func(v model.Profile) float64 { return float64(v.Node.Memory) }, 128e9}, // model.GB is 10⁹ B
		{"RTT in ms", "rtt_cross_region_ms", 70,
			func(v model.Profile) float64 { return float64(v.RTT.CrossRegion) }, 0.07}, // transatlantic, calibration.md §3.3
		{"bandwidth in MB/s", "local_bandwidth_mb_per_sec", 2000,
			func(v model.Profile) float64 { return float64(v.Local.Bandwidth) }, 2e9}, // 2,000 MB/s in B/s
		{"integer field", "vcpus", 16,
			func(v model.Profile) float64 { return float64(v.Node.VCPUs) }, 16}, // the value set; ints are unscaled
		{"range minimum", "usl_sigma", 0,
			func(v model.Profile) float64 { return v.Node.USLSigma }, 0}, // usl_sigma range [0, 1], unscaled
		{"range maximum", "shared_buffers_fraction", 0.95,
			func(v model.Profile) float64 { return float64(v.Node.SharedBuffers) }, 0.95}, // shared_buffers_fraction max, unscaled
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := calibration.Default()
			if err := p.Set(tt.field, tt.value); err != nil {
				t.Fatalf("Set(%q, %g) = %v, want nil", tt.field, tt.value, err)
			}
			if got := tt.get(p.Values); math.Abs(got-tt.want) > 1e-12*math.Abs(tt.want) {
				t.Errorf("after Set(%q, %g): model value = %g, want %g", tt.field, tt.value, got, tt.want)
			}
			if got, want := p.Sources[tt.field], "override"; got != want {
				t.Errorf("after Set(%q, %g): Sources[%q] = %q, want %q", tt.field, tt.value, tt.field, got, want)
			}
		})
	}
}

func TestSetInvalid(t *testing.T) {
	tests := []struct {
		name    string
		field   string
		value   float64
		wantErr error
	}{
		{"unknown field", "disk_latency_us", 10, model.ErrUnknown},
		{"string field", "prices_date", 2025, model.ErrUnknown},
		{"NaN", "local_read_latency_us", math.NaN(), model.ErrOutOfRange},
		{"+Inf", "network_iops", math.Inf(1), model.ErrOutOfRange},
		{"negative", "rtt_same_zone_ms", -0.2, model.ErrOutOfRange},
		{"zero vcpus", "vcpus", 0, model.ErrOutOfRange},
		{"non-integral vcpus", "vcpus", 8.5, model.ErrOutOfRange},
		{"non-integral count", "maintenance_io_concurrency", 1.5, model.ErrOutOfRange},
		{"above max", "shared_buffers_fraction", 1.5, model.ErrOutOfRange},
		{"below sanity min", "rtt_cross_zone_ms", 0.1, model.ErrOutOfRange}, // calibration.md §3.2: warn below 0.25 ms
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := calibration.Default()
			before := calibration.Default()
			err := p.Set(tt.field, tt.value)
			checkParamError(t, err, tt.field, tt.wantErr)
			if !reflect.DeepEqual(p, before) {
				t.Errorf("Set(%q, %g) failed but changed the profile", tt.field, tt.value)
			}
		})
	}
}

func TestValidateInvalid(t *testing.T) {
	tests := []struct {
		name      string
		mutate    func(*model.Profile)
		wantField string
	}{
		{"NaN latency", func(v *model.Profile) { v.Local.ReadLatency = model.Time(math.NaN()) }, "local_read_latency_us"},
		{"zero vcpus", func(v *model.Profile) { v.Node.VCPUs = 0 }, "vcpus"},
		{"negative IOPS", func(v *model.Profile) { v.Network.IOPS = -1 }, "network_iops"},
		{"negative price", func(v *model.Profile) { v.Prices.NodePerHour = -0.5 }, "node_usd_per_hour"},
		{"reserve above memory", func(v *model.Profile) { v.Node.OSReserve = 100 * model.GB }, "os_reserve_gb"},
		{"bad month", func(v *model.Profile) { v.Prices.Date = "2025-13" }, "prices_date"},
		{"empty date", func(v *model.Profile) { v.Prices.Date = "" }, "prices_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := calibration.Default()
			tt.mutate(&p.Values)
			checkParamError(t, p.Validate(), tt.wantField, model.ErrOutOfRange)
		})
	}
}

func TestValidateJoinsErrors(t *testing.T) {
	p := calibration.Default()
	p.Values.Node.VCPUs = 0
	p.Values.Network.IOPS = -1
	err := p.Validate()
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var pe *model.ParamError
		if errors.As(e, &pe) {
			fields = append(fields, pe.Field)
		}
	}
	if want := []string{"vcpus", "network_iops"}; !slices.Equal(fields, want) {
		t.Errorf("Validate() fields = %q, want %q", fields, want)
	}
}

// checkParamError fails unless err is a *model.ParamError for field wrapping
// want.
func checkParamError(t *testing.T, err error, field string, want error) {
	t.Helper()
	var pe *model.ParamError
	if !errors.As(err, &pe) {
		t.Fatalf("error = %v, want a *model.ParamError", err)
	}
	if pe.Field != field {
		t.Errorf("ParamError.Field = %q, want %q (error %v)", pe.Field, field, err)
	}
	if !errors.Is(err, want) {
		t.Errorf("error = %v, want errors.Is %v", err, want)
	}
}

// A node of another size is that size of the built-in's instance family,
// whose memory, list prices and baseline network bandwidth are
// proportional to size (an r6i.8xlarge has 32 vCPUs and 256 GiB, costs
// four r6i.2xlarge and has four times its 3.125 Gbps: AWS EC2 On-Demand
// pricing, "Network specifications"):
// four times the cores cost four times as much, and so does the memory that
// goes with them, but not twice; a price given stays as given; a custom
// profile's prices are its own (review of 2026-11-26: four times the cores
// had cost nothing).
func TestNodePricesFollowTheNodesSize(t *testing.T) {
	p, _ := calibration.Lookup("aws-gp3")
	base0 := p.Values
	base := base0.Prices
	set := func(field string, v float64) {
		t.Helper()
		if err := p.Set(field, v); err != nil {
			t.Fatal(err)
		}
	}
	set("vcpus", 32)
	if got := p.Values.Prices; got.NodePerHour != 4*base.NodePerHour || got.LocalNodePerHour != 4*base.LocalNodePerHour || got.DisaggregatedNodePerHour != 4*base.DisaggregatedNodePerHour {
		t.Errorf("32 vCPUs: %v, %v, %v per hour; want four times %v, %v, %v", got.NodePerHour, got.LocalNodePerHour, got.DisaggregatedNodePerHour, base.NodePerHour, base.LocalNodePerHour, base.DisaggregatedNodePerHour)
	}
	if got, want := p.Values.Node.Memory, 4*base0.Node.Memory; got != want {
		t.Errorf("32 vCPUs: memory %v, want the family size's, four times %v", got, base0.Node.Memory)
	}
	set("memory_gb", 256)
	if got := p.Values.Prices.NodePerHour; got != 4*base.NodePerHour {
		t.Errorf("32 vCPUs and 256 GB: %v per hour, want four times %v", got, base.NodePerHour)
	}
	if got, want := p.Values.Node.NetworkBandwidth, 4*base0.Node.NetworkBandwidth; got != want {
		t.Errorf("32 vCPUs and 256 GB: network %v, want four times the built-in's, %v", got, want)
	}
	if src := p.Sources["node_usd_per_hour"]; !strings.Contains(src, "× 4") {
		t.Errorf("source %q: want the scaling named", src)
	}
	set("node_usd_per_hour", 1)
	set("vcpus", 64)
	if got := p.Values.Prices; got.NodePerHour != 1 || got.LocalNodePerHour != 8*base.LocalNodePerHour {
		t.Errorf("64 vCPUs with node_usd_per_hour given: %v and %v per hour; want 1 as given and eight times %v", got.NodePerHour, got.LocalNodePerHour, base.LocalNodePerHour)
	}
	// Smaller too, and memory alone: a quarter of the cores is a quarter
	// of the memory and the price; 100 GB needs 13 whole vCPUs at 8 per
	// 64 GB, priced as 13/8 of the node (review of 2026-11-26: a smaller
	// node kept the larger one's memory and price, and 100 GB was priced
	// for 12.5 vCPUs while given 8).
	q, _ := calibration.Lookup("aws-gp3")
	if err := q.Set("vcpus", 2); err != nil {
		t.Fatal(err)
	}
	if q.Values.Node.Memory != base0.Node.Memory/4 || q.Values.Prices.NodePerHour != base.NodePerHour/4 {
		t.Errorf("2 vCPUs: %v memory at %v an hour, want a quarter of %v and of %v", q.Values.Node.Memory, q.Values.Prices.NodePerHour, base0.Node.Memory, base.NodePerHour)
	}
	r, _ := calibration.Lookup("aws-gp3")
	if err := r.Set("memory_gb", 100); err != nil {
		t.Fatal(err)
	}
	if r.Values.Node.VCPUs != 13 || math.Abs(float64(r.Values.Prices.NodePerHour/base.NodePerHour)-13.0/8) > 1e-9 {
		t.Errorf("100 GB: %d vCPUs at %v an hour, want 13 at 13/8 of %v", r.Values.Node.VCPUs, r.Values.Prices.NodePerHour, base.NodePerHour)
	}
	custom := calibration.Profile{Name: "my-box", Values: p.Values}
	before := custom.Values.Prices
	if err := custom.Set("vcpus", 8); err != nil {
		t.Fatal(err)
	}
	if custom.Values.Prices != before {
		t.Errorf("a custom profile's prices changed with its vCPUs: %+v, want %+v", custom.Values.Prices, before)
	}
}

// Resized is Set's vcpus on a copy: the copy's node, memory and price are
// the family size's (four times the r6i.2xlarge's at 32 vCPUs, as Set
// gives them), and the profile it came from keeps its own, sources too.
func TestResizedLeavesTheProfile(t *testing.T) {
	p, _ := calibration.Lookup("aws-gp3")
	want := p
	if err := want.Set("vcpus", 32); err != nil {
		t.Fatal(err)
	}
	p, _ = calibration.Lookup("aws-gp3")
	got, err := p.Resized(32)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Values, want.Values) || got.Sources["vcpus"] != want.Sources["vcpus"] {
		t.Errorf("Resized(32): node %+v, want Set's %+v", got.Values.Node, want.Values.Node)
	}
	if base, _ := calibration.Lookup("aws-gp3"); !reflect.DeepEqual(p, base) {
		t.Errorf("Resized changed its profile: vcpus %d, source %q", p.Values.Node.VCPUs, p.Sources["vcpus"])
	}
}

// No node exceeds its family's largest size (max_vcpus: 64 for Azure's
// Esv3, whose E64s_v3 ends it), and a larger node never has less of what
// follows its size than a smaller one: the lecture's local IOPS reach the
// field's 8M bound at 64 vCPUs and keep it at 128 (review of 2026-11-28:
// they fell back to the 8-vCPU node's 1M there).
func TestNodeSizesWithinTheFamily(t *testing.T) {
	az, _ := calibration.Lookup("azure-premium-v2")
	if _, err := az.Resized(128); err == nil {
		t.Error("azure-premium-v2 at 128 vCPUs: no error, want max_vcpus 64 to refuse it")
	}
	if _, err := az.Resized(64); err != nil {
		t.Errorf("azure-premium-v2 at 64 vCPUs: %v", err)
	}
	// Nor is it below the smallest (min_vcpus): Azure's Esv3 starts at
	// E2s_v3, R6i at r6i.large, 2 vCPUs (its local NVMe, Lsv3, at L8s_v3:
	// local_min_vcpus, which the model checks of options on local disks).
	if _, err := az.Resized(1); err == nil {
		t.Error("azure-premium-v2 at 1 vCPU: no error, want min_vcpus 2 to refuse it")
	}
	gp3, _ := calibration.Lookup("aws-gp3")
	if _, err := gp3.Resized(1); err == nil {
		t.Error("aws-gp3 at 1 vCPU: no error, want min_vcpus 2 to refuse it")
	}
	if p, err := gp3.Resized(2); err != nil || p.Values.Node.Memory != 16*model.GB {
		t.Errorf("aws-gp3 at 2 vCPUs: %v, memory %v; want r6i.large's 16 GB (the family's 64 GB over 4)", err, p.Values.Node.Memory)
	}
	lec, _ := calibration.Lookup("lecture")
	prev := lec.Values.Local.IOPS
	for _, n := range []int{16, 32, 64, 128} {
		p, err := lec.Resized(n)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Values.Local.IOPS; got < prev {
			t.Errorf("lecture at %d vCPUs: local IOPS %v, below the smaller node's %v", n, got, prev)
		}
		prev = p.Values.Local.IOPS
	}
}

// A node whose price does not follow its size has no other size to offer:
// a built-in with node_usd_per_hour given, or a custom profile, whose
// max_vcpus (left out, as profiles saved before it) is its own vcpus
// (review of 2026-11-28: a 16-vCPU node came at the 8-vCPU one's price).
// A smaller node keeps its scaled fields within their ranges (aws-gp3's
// local IOPS at 2 vCPUs: 22,350 scaled, the field's 25,000 at least).
func TestResizedNeedsAPricedFamily(t *testing.T) {
	given, _ := calibration.Lookup("aws-gp3")
	if err := given.Set("node_usd_per_hour", 0.6); err != nil {
		t.Fatal(err)
	}
	if _, err := given.Resized(16); err == nil {
		t.Error("aws-gp3 with node_usd_per_hour given, at 16 vCPUs: no error, want one")
	}
	base, _ := calibration.Lookup("aws-gp3")
	raw := marshalMap(t, base)
	raw["name"] = "my-box"
	delete(raw, "max_vcpus")
	delete(raw, "sources")
	b, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	var custom calibration.Profile
	if err := json.Unmarshal(b, &custom); err != nil {
		t.Fatalf("a custom profile without max_vcpus: %v", err)
	}
	if custom.Values.Node.MaxVCPUs != custom.Values.Node.VCPUs {
		t.Errorf("custom max_vcpus %d, want its vcpus %d", custom.Values.Node.MaxVCPUs, custom.Values.Node.VCPUs)
	}
	if _, err := custom.Resized(16); err == nil {
		t.Error("a custom profile at 16 vCPUs: no error, want one")
	}
	if _, err := base.Resized(2); err != nil {
		t.Errorf("aws-gp3 at 2 vCPUs: %v", err)
	}
}

// An option's volumes are provisioned within what the volume type offers:
// gp3 from its 3,000 included IOPS to 16,000, io2 from 100 to 256,000
// (calibration.md §2.1), and no other IOPS where the profile gives no
// maximum.
func TestProvisioned(t *testing.T) {
	for _, c := range []struct {
		profile string
		iops    int
		ok      bool
	}{
		{"aws-gp3", 16000, true}, {"aws-gp3", 16001, false}, {"aws-gp3", 2000, false},
		{"aws-io2", 100, true}, {"aws-io2", 99, false}, {"aws-io2", 256000, true},
	} {
		p, _ := calibration.Lookup(c.profile)
		q, err := p.Provisioned(c.iops, 0)
		if ok := err == nil; ok != c.ok {
			t.Errorf("%s at %d IOPS: error %v, want ok %v", c.profile, c.iops, err, c.ok)
			continue
		}
		if c.ok && (int(q.Values.Network.IOPS) != c.iops || p.Values.Network.IOPS == q.Values.Network.IOPS) {
			t.Errorf("%s at %d IOPS: %v, the profile's %v", c.profile, c.iops, q.Values.Network.IOPS, p.Values.Network.IOPS)
		}
	}
	// io2's throughput follows its IOPS: 100 of them carry 0.256 MiB/s each,
	// 26.8 MB/s, under the instance's 312.5.
	io2, _ := calibration.Lookup("aws-io2")
	if q, err := io2.Provisioned(100, 0); err != nil || math.Abs(float64(q.Values.Network.Bandwidth/model.MBPerSecond)-26.8435456) > 1e-9 {
		t.Errorf("io2 at 100 IOPS: %v MB/s (%v), want 26.84", float64(q.Values.Network.Bandwidth/model.MBPerSecond), err)
	}
	p, _ := calibration.Lookup("aws-gp3")
	p.Values.Prices.NetworkMaxIOPS = 0
	if _, err := p.Provisioned(6000, 0); err == nil {
		t.Error("a profile without network_max_iops provisioned 6,000 IOPS, want an error")
	}
}

// An option's volumes' throughput is provisioned within what the volume
// type offers: gp3 from its 125 MiB/s included to 1,000 MiB/s, at most
// 0.25 MiB/s per IOPS, so its 3,000 included IOPS carry 750 MiB/s and
// 1,000 MiB/s need 4,000 IOPS (AWS EBS docs, calibration.md §2.1);
// Premium SSD v2's 125 to 2,000 MB/s. The price counts what is above the
// included. io2's is not billed apart and follows its IOPS, 0.256 MiB/s
// each up to 4,000 MiB/s: never given, 16,000 IOPS carry 4,096 MiB/s,
// held at 4,000 = 4,194.304 MB/s.
func TestProvisionedBandwidth(t *testing.T) {
	const mib = 1.048576 // MB/s per MiB/s
	for _, c := range []struct {
		profile string
		iops    int
		mbs     float64
		ok      bool
	}{
		{"aws-gp3", 0, 750 * mib, true}, {"aws-gp3", 0, 751 * mib, false}, {"aws-gp3", 4000, 1000 * mib, true},
		{"aws-gp3", 16000, 1001 * mib, false}, {"aws-gp3", 0, 100, false},
		{"aws-io2", 0, 3000, false},
		{"azure-premium-v2", 8000, 2000, true}, {"azure-premium-v2", 0, 751, false},
	} {
		p, _ := calibration.Lookup(c.profile)
		q, err := p.Provisioned(c.iops, model.ByteRate(c.mbs)*model.MBPerSecond)
		if ok := err == nil; ok != c.ok {
			t.Errorf("%s at %d IOPS, %g MB/s: error %v, want ok %v", c.profile, c.iops, c.mbs, err, c.ok)
			continue
		}
		if c.ok && q.Values.Network.Bandwidth != model.ByteRate(c.mbs)*model.MBPerSecond {
			t.Errorf("%s at %g MB/s: %v", c.profile, c.mbs, q.Values.Network.Bandwidth)
		}
		var pe *model.ParamError
		if !c.ok && (!errors.As(err, &pe) || pe.Field != "volume_mb_per_sec" && pe.Field != "volume_iops") {
			t.Errorf("%s at %g MB/s: %v names no field", c.profile, c.mbs, err)
		}
	}
	io2, _ := calibration.Lookup("aws-io2")
	if q, err := io2.Provisioned(16000, 0); err != nil || q.Values.Network.Bandwidth != 4194.304*model.MBPerSecond {
		t.Errorf("io2 at 16,000 IOPS: %v MB/s (%v), want 4,194.304", float64(q.Values.Network.Bandwidth/model.MBPerSecond), err)
	}
}

// A custom profile saved before a field was added loads as it was
// evaluated then (a review of 2026-11-28: a calibration run's profile
// stopped loading when fields were added): no provisioning bounds, no
// local floor, round trips of constant length, and a lone node detected as
// the failover manager would.
func TestCustomProfileSavedBeforeLaterFields(t *testing.T) {
	base, _ := calibration.Lookup("aws-gp3")
	raw := marshalMap(t, base)
	raw["name"] = "saved-last-year"
	delete(raw, "sources")
	for _, f := range []string{"network_max_iops", "network_throughput_per_iops_mb_per_sec", "network_max_bandwidth_mb_per_sec", "local_min_vcpus", "lone_node_detection_sec", "rtt_jitter_ms"} {
		delete(raw, f)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	var old calibration.Profile
	if err := json.Unmarshal(b, &old); err != nil {
		t.Fatalf("a custom profile without the later fields: %v", err)
	}
	v := old.Values
	if v.Prices.NetworkMaxIOPS != 0 || v.Prices.NetworkMaxBandwidth != 0 || v.Node.LocalMinVCPUs != 0 || v.RTT.Jitter != 0 || v.Recovery.LoneNodeDetection != v.Recovery.FailureDetection ||
		!strings.HasPrefix(old.Sources["lone_node_detection_sec"], "D: ") {
		t.Errorf("loaded %+v, %+v, rtt_jitter_ms %v, lone node detection %v (%q): want none of the later bounds, no jitter and failure_detection_sec's detection", v.Prices, v.Node, v.RTT.Jitter, v.Recovery.LoneNodeDetection, old.Sources["lone_node_detection_sec"])
	}
	delete(raw, "memory_gb")
	if b, err = json.Marshal(raw); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &old); err == nil || !strings.Contains(err.Error(), "memory_gb") {
		t.Errorf("a custom profile without memory_gb: %v, want it missing", err)
	}
}
