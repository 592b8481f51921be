package calibration_test

import (
	"encoding/json"
	"errors"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// marshalMap returns p's JSON form decoded into a map.
func marshalMap(t *testing.T, p calibration.Profile) map[string]any {
	t.Helper()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("MarshalJSON(%s) = %v", p.Name, err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("MarshalJSON(%s) wrote invalid JSON: %v", p.Name, err)
	}
	return m
}

// TestJSONRoundTrip checks that every built-in profile survives
// MarshalJSON → UnmarshalJSON exactly (values are compared bit for bit:
// nothing is computed, so no tolerance applies).
func TestJSONRoundTrip(t *testing.T) {
	for _, name := range calibration.Names() {
		t.Run(name, func(t *testing.T) {
			want, _ := calibration.Lookup(name)
			b, err := json.Marshal(want)
			if err != nil {
				t.Fatalf("MarshalJSON = %v", err)
			}
			var got calibration.Profile
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatalf("UnmarshalJSON(MarshalJSON) = %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("round trip = %+v, want %+v", got, want)
			}
		})
	}
}

// TestMarshalShape checks the flat public form: name, description, every
// catalogue field, prices_date and sources, nothing else.
func TestMarshalShape(t *testing.T) {
	m := marshalMap(t, calibration.Default())
	want := []string{"description", "name", "prices_date", "sources"}
	for _, f := range calibration.Fields() {
		want = append(want, f.Name)
	}
	slices.Sort(want)
	if got := slices.Sorted(maps.Keys(m)); !slices.Equal(got, want) {
		t.Errorf("MarshalJSON keys = %q, want %q", got, want)
	}
	if got, want := m["local_fsync_latency_us"], 10.0; got != want { // lecture: 10 µs, in public µs
		t.Errorf("MarshalJSON local_fsync_latency_us = %v, want %v", got, want)
	}
	if got, want := m["memory_gb"], 64.0; got != want { // r6i.2xlarge, calibration.md §8.2
		t.Errorf("MarshalJSON memory_gb = %v, want %v", got, want)
	}
}

// TestMarshalOrder checks that fields come in catalogue order.
func TestMarshalOrder(t *testing.T) {
	b, err := json.Marshal(calibration.Default())
	if err != nil {
		t.Fatal(err)
	}
	last := strings.Index(string(b), `"description"`)
	for _, f := range calibration.Fields() {
		i := strings.Index(string(b), `"`+f.Name+`":`)
		if i < last {
			t.Errorf("MarshalJSON: %q at byte %d, before its predecessor at %d", f.Name, i, last)
		}
		last = i
	}
}

func TestMarshalNaN(t *testing.T) {
	p := calibration.Default()
	p.Values.RTT.SameZone = model.Time(math.NaN())
	_, err := json.Marshal(p)
	var pe *model.ParamError
	if !errors.As(err, &pe) || pe.Field != "rtt_same_zone_ms" {
		t.Errorf("MarshalJSON with NaN rtt_same_zone_ms = %v, want a ParamError for that field", err)
	}
}

func TestUnmarshalOverride(t *testing.T) {
	var got calibration.Profile
	in := `{"name":"aws-gp3","network_fsync_latency_us":800}`
	if err := json.Unmarshal([]byte(in), &got); err != nil {
		t.Fatalf("Unmarshal(%s) = %v", in, err)
	}
	want, _ := calibration.Lookup("aws-gp3")
	want.Values.Network.FsyncLatency = 800 * model.Microsecond // the override, µs → s
	want.Sources["network_fsync_latency_us"] = "override"
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Unmarshal(%s) = %+v, want aws-gp3 with only that field changed %+v", in, got, want)
	}
}

func TestUnmarshalValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want func() calibration.Profile
	}{
		{"empty object is the default", `{}`, calibration.Default},
		{"no name starts from lecture", `{"network_iops":16000}`, func() calibration.Profile {
			p := calibration.Default()
			p.Values.Network.IOPS = 16000
			p.Sources["network_iops"] = "override"
			return p
		}},
		// The price given stays; the others follow the node's size
		// (TestNodePricesFollowTheNodesSize), in either order.
		{"a price given before the size stays", `{"node_usd_per_hour":2,"vcpus":16}`, func() calibration.Profile {
			p := calibration.Default()
			if err := errors.Join(p.Set("vcpus", 16), p.Set("node_usd_per_hour", 2)); err != nil {
				panic(err)
			}
			return p
		}},
		{"description and date", `{"name":"aws-io2","description":"mine","prices_date":"2026-11"}`, func() calibration.Profile {
			p, _ := calibration.Lookup("aws-io2")
			p.Description = "mine"
			p.Values.Prices.Date = "2026-11"
			p.Sources["prices_date"] = "override"
			return p
		}},
		{"sources given win over override", `{"name":"local-nvme","local_read_latency_us":80,"sources":{"local_read_latency_us":"P: fio on my box"}}`, func() calibration.Profile {
			p, _ := calibration.Lookup("local-nvme")
			p.Values.Local.ReadLatency = 80 * model.Microsecond
			p.Sources["local_read_latency_us"] = "P: fio on my box"
			return p
		}},
		{"null leaves the profile alone", `null`, func() calibration.Profile { return calibration.Profile{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got calibration.Profile
			if err := json.Unmarshal([]byte(tt.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s) = %v", tt.in, err)
			}
			if want := tt.want(); !reflect.DeepEqual(got, want) {
				t.Errorf("Unmarshal(%s) = %+v, want %+v", tt.in, got, want)
			}
		})
	}
}

// TestUnmarshalCustom reads a complete profile under a new name, as a later
// calibration run would write it, without sources.
func TestUnmarshalCustom(t *testing.T) {
	m := marshalMap(t, calibration.Default())
	m["name"] = "my-box"
	m["local_fsync_latency_us"] = 45.0 // an arbitrary pg_test_fsync result
	delete(m, "sources")
	b, _ := json.Marshal(m)

	var got calibration.Profile
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal(custom) = %v", err)
	}
	want := calibration.Default()
	want.Name = "my-box"
	want.Values.Local.FsyncLatency = 45 * model.Microsecond
	for k := range want.Sources {
		want.Sources[k] = "override" // no sources given: every value is the caller's
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Unmarshal(custom) = %+v, want %+v", got, want)
	}
}

func TestUnmarshalInvalid(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantField string
		wantErr   error
	}{
		{"unknown key", `{"name":"aws-gp3","disk_latency_us":10}`, "disk_latency_us", model.ErrUnknown},
		{"unknown key in sources", `{"sources":{"fsync_ms":"x"}}`, "fsync_ms", model.ErrUnknown},
		{"out of range", `{"name":"aws-gp3","network_fsync_latency_us":1e9}`, "network_fsync_latency_us", model.ErrOutOfRange},
		{"negative", `{"rtt_same_host_ms":-0.02}`, "rtt_same_host_ms", model.ErrOutOfRange},
		{"non-integral vcpus", `{"vcpus":7.5}`, "vcpus", model.ErrOutOfRange},
		{"reserve not below memory", `{"memory_gb":16,"os_reserve_gb":16}`, "os_reserve_gb", model.ErrOutOfRange},
		{"bad date", `{"prices_date":"last year"}`, "prices_date", model.ErrOutOfRange},
		{"incomplete custom profile", `{"name":"my-box","vcpus":8}`, "memory_gb", calibration.ErrMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, _ := calibration.Lookup("local-nvme")
			before, _ := calibration.Lookup("local-nvme")
			err := json.Unmarshal([]byte(tt.in), &p)
			checkParamError(t, err, tt.wantField, tt.wantErr)
			if !reflect.DeepEqual(p, before) {
				t.Errorf("Unmarshal(%s) failed but changed the profile", tt.in)
			}
		})
	}
}

// TestUnmarshalWrongType covers values that are not of the field's JSON
// type; they name the field but wrap a JSON error, not a model sentinel.
func TestUnmarshalWrongType(t *testing.T) {
	tests := []struct {
		name, in, wantField string
	}{
		{"string for a number", `{"vcpus":"8"}`, "vcpus"},
		{"null for a number", `{"local_iops":null}`, "local_iops"},
		{"number for the name", `{"name":7}`, "name"},
		{"number for the date", `{"prices_date":2025}`, "prices_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p calibration.Profile
			err := json.Unmarshal([]byte(tt.in), &p)
			var pe *model.ParamError
			if !errors.As(err, &pe) || pe.Field != tt.wantField {
				t.Errorf("Unmarshal(%s) = %v, want a ParamError for %q", tt.in, err, tt.wantField)
			}
		})
	}
}

func TestUnmarshalMalformed(t *testing.T) {
	var p calibration.Profile
	if err := json.Unmarshal([]byte(`{"vcpus":`), &p); err == nil {
		t.Error("Unmarshal(truncated JSON) = nil, want an error")
	}
	if err := json.Unmarshal([]byte(`[1,2]`), &p); err == nil {
		t.Error("Unmarshal(array) = nil, want an error")
	}
}

// FuzzUnmarshalJSON checks that whatever UnmarshalJSON accepts is valid and
// round-trips through MarshalJSON.
func FuzzUnmarshalJSON(f *testing.F) {
	for _, name := range calibration.Names() {
		p, _ := calibration.Lookup(name)
		b, _ := json.Marshal(p)
		f.Add(b)
	}
	f.Add([]byte(`{"name":"aws-gp3","network_fsync_latency_us":800}`))
	f.Add([]byte(`{"vcpus":3,"rtt_cross_region_ms":70.5}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		var p calibration.Profile
		if err := json.Unmarshal(in, &p); err != nil || p.Name == "" {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("Unmarshal(%s) accepted an invalid profile: %v", in, err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("MarshalJSON after Unmarshal(%s) = %v", in, err)
		}
		var q calibration.Profile
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatalf("Unmarshal(MarshalJSON) = %v for %s", err, b)
		}
		if !reflect.DeepEqual(p, q) {
			t.Fatalf("round trip of %s = %+v, want %+v", b, q, p)
		}
	})
}
