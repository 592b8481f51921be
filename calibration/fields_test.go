package calibration_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/calibration"
)

// dimensionless are the fields that carry no unit suffix: counts and
// coefficients (doc.go lists them).
var dimensionless = []string{"vcpus", "min_vcpus", "local_min_vcpus", "max_vcpus", "usl_sigma", "usl_kappa", "maintenance_io_concurrency"}

// unitSuffixes maps each name suffix to the units it may stand for, longest
// suffix first (STYLE.md §4.0.6: the unit people think in, as suffix).
var unitSuffixes = []struct {
	suffix string
	units  []string
}{
	{"_usd_per_mbs_month", []string{"USD/(MB/s)-month"}},
	{"_usd_per_gb_month", []string{"USD/GB-month"}},
	{"_usd_per_month", []string{"USD/month", "USD/IOPS-month"}},
	{"_usd_per_hour", []string{"USD/hour"}},
	{"_usd_per_million", []string{"USD/million"}},
	{"_usd_per_gb", []string{"USD/GB"}},
	{"_mb_per_sec", []string{"MB/s"}},
	{"_gbps", []string{"Gbps"}},
	{"_us_per_write_per_sec", []string{"µs per write/s"}},
	{"_fraction", []string{"fraction"}},
	{"_iops", []string{"IOPS"}},
	{"_sec", []string{"s"}},
	{"_ms", []string{"ms"}},
	{"_us", []string{"µs"}},
	{"_gb", []string{"GB"}},
	{"_mb", []string{"MB"}},
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestFields(t *testing.T) {
	fields := calibration.Fields()
	seen := make(map[string]bool)
	for _, f := range fields {
		if seen[f.Name] {
			t.Errorf("Fields(): %q listed twice", f.Name)
		}
		seen[f.Name] = true
		if !snakeCase.MatchString(f.Name) {
			t.Errorf("Fields(): %q is not snake_case", f.Name)
		}
		if f.Description == "" || f.Unit == "" {
			t.Errorf("Fields(): %q has no description or unit", f.Name)
		}
		if !(f.Min <= f.Default && f.Default <= f.Max) {
			t.Errorf("Fields(): %q default %g not in [%g, %g]", f.Name, f.Default, f.Min, f.Max)
		}
		if slices.Contains(dimensionless, f.Name) {
			continue
		}
		i := slices.IndexFunc(unitSuffixes, func(u struct {
			suffix string
			units  []string
		}) bool {
			return strings.HasSuffix(f.Name, u.suffix)
		})
		if i < 0 {
			t.Errorf("Fields(): %q has no unit suffix", f.Name)
			continue
		}
		if !slices.Contains(unitSuffixes[i].units, f.Unit) {
			t.Errorf("Fields(): %q has unit %q, want one of %q for suffix %s", f.Name, f.Unit, unitSuffixes[i].units, unitSuffixes[i].suffix)
		}
	}
	if seen["prices_date"] {
		t.Error("Fields() lists prices_date, want only numeric fields")
	}
	// 21 node, 7 + 8 device, 14 DBMS-optimised storage, 6 distributed SQL,
	// 5 RTT, 9 PostgreSQL, 7 recovery, 27 price fields
	// (model.Profile, all numeric fields).
	if got, want := len(fields), 104; got != want {
		t.Errorf("len(Fields()) = %d, want %d", got, want)
	}
}

// TestFieldsDefault checks that Default is the lecture profile's value.
func TestFieldsDefault(t *testing.T) {
	m := marshalMap(t, calibration.Default())
	for _, f := range calibration.Fields() {
		if got, want := f.Default, m[f.Name]; got != want {
			t.Errorf("Fields() %s Default = %v, want lecture's %v", f.Name, got, want)
		}
	}
}

// TestFieldsAreCopies checks that callers cannot change the catalogue.
func TestFieldsAreCopies(t *testing.T) {
	fs := calibration.Fields()
	fs[0].Max = -1
	if got := calibration.Fields()[0].Max; got == -1 {
		t.Errorf("Fields()[0].Max = %g after mutating an earlier result", got)
	}
}
