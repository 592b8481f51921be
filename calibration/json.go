package calibration

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/pgarch/pgarch/model"
)

// MarshalJSON encodes p as one flat object in public units: "name",
// "description", every field of Fields in catalogue order, "prices_date",
// and "sources" (public field name → source).
//
//	{"name": "aws-gp3", "description": "…", "vcpus": 8, "memory_gb": 64, …,
//	 "prices_date": "2025", "sources": {"vcpus": "S: …", …}}
//
// A NaN or infinite field is an error (*model.ParamError, model.ErrOutOfRange).
func (p Profile) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	put := func(key string, v any) error {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		val, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("calibration: %s: %w", key, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(val)
		return nil
	}
	if err := put("name", p.Name); err != nil {
		return nil, err
	}
	if err := put("description", p.Description); err != nil {
		return nil, err
	}
	for i := range table {
		f := &table[i]
		v := f.get(&p.Values)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &model.ParamError{Field: f.Name, Err: model.ErrOutOfRange, Detail: "not a finite number"}
		}
		if err := put(f.Name, v); err != nil {
			return nil, err
		}
	}
	if err := put(pricesDateField, p.Values.Prices.Date); err != nil {
		return nil, err
	}
	sources := p.Sources
	if sources == nil {
		sources = map[string]string{}
	}
	if err := put("sources", sources); err != nil {
		return nil, err
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON decodes a profile in the form MarshalJSON writes. Two uses:
//
//   - Overrides: {"name": "aws-gp3", "network_fsync_latency_us": 800} starts
//     from the named built-in profile ("lecture" when "name" is absent) and
//     applies each given field as Set does, recording "override" as its
//     source.
//   - A complete custom profile (e.g. written by a calibration run): a name
//     that is not built in requires every field of Fields and "prices_date";
//     "description" and "sources" are optional.
//
// Sources given in "sources" replace the recorded ones key by key. The result
// is validated as Validate does. Errors are *model.ParamError naming the key:
// model.ErrUnknown for an unknown key, model.ErrOutOfRange for a bad value,
// ErrMissing for a field a custom profile lacks; several are joined. On error
// p is unchanged.
func (p *Profile) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("calibration: profile: %w", err)
	}

	name := defaultName
	if msg, ok := raw["name"]; ok {
		if err := decodeString(msg, &name); err != nil {
			return &model.ParamError{Field: "name", Detail: "want a string", Err: err}
		}
	}
	res, builtin := Lookup(name)
	var errs []error
	if !builtin {
		res = Profile{Name: name, Sources: make(map[string]string)}
		res.Values.Regions = regionRTTs() // the region matrix is not (yet) part of the JSON form
		errs = append(errs, missing(raw, name)...)
	}

	var sources map[string]string
	for _, key := range slices.Sorted(maps.Keys(raw)) {
		msg := raw[key]
		switch key {
		case "name":
		case "description":
			if err := decodeString(msg, &res.Description); err != nil {
				errs = append(errs, &model.ParamError{Field: key, Detail: "want a string", Err: err})
			}
		case pricesDateField:
			if err := decodeString(msg, &res.Values.Prices.Date); err != nil {
				errs = append(errs, &model.ParamError{Field: key, Detail: "want a string", Err: err})
			} else {
				res.Sources[key] = override
			}
		case "sources":
			if err := json.Unmarshal(msg, &sources); err != nil {
				errs = append(errs, &model.ParamError{Field: key, Detail: "want an object of strings", Err: err})
			}
		default:
			if _, ok := byName[key]; !ok {
				errs = append(errs, &model.ParamError{Field: key, Err: model.ErrUnknown, Detail: renamed[key]})
				continue
			}
			var v float64
			if err := decodeNumber(msg, &v); err != nil {
				errs = append(errs, &model.ParamError{Field: key, Detail: "want a number", Err: err})
				continue
			}
			if err := res.Set(key, v); err != nil {
				errs = append(errs, err)
			}
		}
	}
	for _, field := range []string{minVCPUs, maxVCPUs} {
		if _, given := raw[field]; !builtin && !given {
			// A custom node's family is not known: its own size is the
			// smallest and the largest (profiles saved before
			// min_vcpus and max_vcpus load as they did).
			f := byName[field]
			f.set(&res.Values, float64(res.Values.Node.VCPUs))
			res.Sources[field] = "D: a custom node's own vcpus, its instance family not known"
		}
	}
	for _, field := range slices.Sorted(maps.Keys(later)) {
		if _, given := raw[field]; !builtin && !given {
			l := later[field]
			f := byName[field]
			f.set(&res.Values, l.value(res.Values))
			res.Sources[field] = l.source
		}
	}
	for _, key := range slices.Sorted(maps.Keys(sources)) {
		if _, ok := byName[key]; !ok && key != pricesDateField {
			errs = append(errs, &model.ParamError{Field: key, Err: model.ErrUnknown, Detail: `key in "sources"`})
			continue
		}
		res.Sources[key] = sources[key]
	}
	if len(errs) == 0 {
		if err := res.Validate(); err != nil {
			return err
		}
		*p = res
		return nil
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// later are the fields added after custom profiles were first saved, with
// the value and source a custom profile saved without one loads with: as
// it was evaluated before the field (a review of 2026-11-28: profiles
// written by a calibration run stopped loading when fields were added).
var later = map[string]struct {
	value  func(model.Profile) float64
	source string
}{
	"network_max_iops": {func(model.Profile) float64 { return 0 },
		"D: 0, none but network_iops: a profile saved before network_max_iops"},
	"network_throughput_per_iops_mb_per_sec": {func(model.Profile) float64 { return 0 },
		"D: 0, no such bound: a profile saved before network_throughput_per_iops_mb_per_sec"},
	"network_max_bandwidth_mb_per_sec": {func(model.Profile) float64 { return 0 },
		"D: 0, none but network_bandwidth_mb_per_sec: a profile saved before network_max_bandwidth_mb_per_sec"},
	"local_min_vcpus": {func(model.Profile) float64 { return 0 },
		"D: 0, min_vcpus: a profile saved before local_min_vcpus"},
	"rtt_jitter_ms": {func(model.Profile) float64 { return 0 },
		"D: 0, round trips of constant length: a profile saved before rtt_jitter_ms"},
	"lone_node_detection_sec": {func(p model.Profile) float64 { return float64(p.Recovery.FailureDetection) },
		"D: failure_detection_sec's: a profile saved before lone_node_detection_sec"},
}

// missing returns an ErrMissing error for every field a custom profile named
// name does not give.
func missing(raw map[string]json.RawMessage, name string) []error {
	detail := fmt.Sprintf("profile %q is not built in, so every field is required", name)
	var errs []error
	for i := range table {
		if _, ok := raw[table[i].Name]; !ok && table[i].Name != maxVCPUs && later[table[i].Name].source == "" {
			errs = append(errs, &model.ParamError{Field: table[i].Name, Err: ErrMissing, Detail: detail})
		}
	}
	if _, ok := raw[pricesDateField]; !ok {
		errs = append(errs, &model.ParamError{Field: pricesDateField, Err: ErrMissing, Detail: detail})
	}
	return errs
}

// errNull reports a JSON null where a value is required.
var errNull = errors.New("null value")

// decodeString decodes a JSON string, rejecting null.
func decodeString(msg json.RawMessage, dst *string) error {
	if bytes.Equal(bytes.TrimSpace(msg), []byte("null")) {
		return errNull
	}
	return json.Unmarshal(msg, dst)
}

// decodeNumber decodes a JSON number, rejecting null.
func decodeNumber(msg json.RawMessage, dst *float64) error {
	if bytes.Equal(bytes.TrimSpace(msg), []byte("null")) {
		return errNull
	}
	return json.Unmarshal(msg, dst)
}
