package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/chart"
	"github.com/pgarch/pgarch/decide"
	"github.com/pgarch/pgarch/model"
)

// SweepRequest is an evaluation request plus the input to vary.
type SweepRequest struct {
	EvaluateRequest
	Vary Vary `json:"vary"`
	// Metrics to report per architecture and point (default write_p99_ms,
	// read_p99_ms, max_throughput_scale, cost_usd_per_month); the names
	// are the evaluate CSV's numeric columns.
	Metrics []string `json:"metrics,omitempty" example:"write_p99_ms,read_p99_ms"`
	// Resize re-sizes replicas, workers and nodes at every point instead of
	// keeping the sizes chosen once (sized_at).
	Resize bool `json:"resize,omitempty"`
}

// Vary is the swept input.
type Vary struct {
	// Field is a workload field (writes_per_sec, working_set_gb,
	// client_rtt_ms, sessions, …), a profile field (network_fsync_latency_us,
	// …) or load_scale, which multiplies every workload rate (a closed
	// load's clients).
	Field string `json:"field" example:"writes_per_sec"`
	// From and To bound the swept values, in the field's unit.
	From float64 `json:"from" example:"100"`
	To   float64 `json:"to" example:"200000"`
	// Points is the number of values, ends included (default 50; at most
	// 1000, and 8000 evaluations: points × architectures).
	Points int `json:"points,omitempty" validate:"omitempty,gte=2,lte=1000" example:"50"`
	// Scale spaces the values: linear (default) or log.
	Scale string `json:"scale,omitempty" validate:"omitempty,oneof=linear log" example:"log"`
}

// SweepResponse is one input varied: the chosen metrics per architecture
// and point, where each architecture saturates and where the recommendation
// changes.
type SweepResponse struct {
	ModelVersion string              `json:"model_version" example:"0.11.2"`
	Profile      calibration.Profile `json:"profile" swaggertype:"object"`
	// Workload is the request's at sized_at, every default filled in.
	Workload     Workload     `json:"workload"`
	Requirements Requirements `json:"requirements"`
	Vary         Vary         `json:"vary"`
	// SizedAt is the value of the swept field where replicas, workers and
	// nodes were sized and each option configured as recommend configures
	// it (a copy, network volumes, its node's size and volumes' IOPS: each
	// series' config says how): the query's own when the range holds it,
	// so that the sweep agrees there with recommend (with evaluate where
	// recommend configures nothing), else the first point.
	SizedAt float64 `json:"sized_at" example:"1"`
	// Resize tells whether the sizes were chosen at every point (true) or
	// at sized_at and held (false).
	Resize  bool     `json:"resize"`
	Metrics []string `json:"metrics" example:"write_p99_ms,read_p99_ms"`
	// X holds the swept values.
	X      []float64     `json:"x" example:"100,1000,10000"`
	Series []SweepSeries `json:"series"`
	// Recommended is the recommendation at each point (null: nothing
	// feasible).
	Recommended []*string `json:"recommended" extensions:"x-nullable" example:"single-node,single-node,sharded"`
	// Saturation maps each architecture to the smallest x where it
	// saturates (under a closed load: where its clients fill its ceiling,
	// the rest queueing in front; null: not within the range).
	Saturation map[string]*float64 `json:"saturation" extensions:"x-nullable"`
	// SaturationFallsBehind tells, per architecture with a saturation,
	// whether what saturates there is a copy's replication (an
	// active-active apply or decoding, a replay below remote_apply), the
	// requests still served.
	SaturationFallsBehind map[string]bool `json:"saturation_falls_behind"`
	// Crossovers are where the recommendation changes, located by bisection
	// to 1/1024 of a step (from/to null: nothing feasible).
	Crossovers []Crossover `json:"crossovers"`
	// SizeSteps are where a re-sized architecture's node count changes
	// (resize: true).
	SizeSteps []SizeStep `json:"size_steps"`

	ownSize bool // sized at the query's own value
	clients int  // the query's own clients (a closed load), the 1 of its load scale
}

// SweepSeries is one architecture's metrics along the sweep.
type SweepSeries struct {
	Architecture string `json:"architecture" example:"single-node"`
	// Config is the architecture at the first point, sizes included.
	Config ArchitectureSpec `json:"config"`
	// Values maps each metric to one value per point (null: saturated or
	// not applicable).
	Values map[string][]*float64 `json:"values" extensions:"x-nullable"`
	// Saturated tells, per point, whether the architecture saturates there.
	Saturated []bool `json:"saturated"`
	// FallsBehind tells, per point, whether what saturates there is a
	// copy's replication, the requests still served.
	FallsBehind []bool `json:"falls_behind"`
}

// saturates says how an architecture saturates at its saturation point:
// "saturates", or "falls behind" where a copy's replication does while the
// requests are served.
func (s SweepResponse) saturates(architecture string) string {
	if s.SaturationFallsBehind[architecture] {
		return "falls behind"
	}
	return "saturates"
}

// ends are the indices of the sweep's lowest and highest x (a sweep may
// run downward).
func (s SweepResponse) ends() (low, high int) {
	low, high = 0, len(s.X)-1
	if high > 0 && s.X[0] > s.X[high] {
		low, high = high, low
	}
	return low, high
}

// firstSaturated is the index of the first point, x growing, where the
// series saturates (−1: none).
func (s SweepResponse) firstSaturated(series SweepSeries) int {
	if len(s.X) == 0 || len(series.Saturated) != len(s.X) {
		return -1
	}
	low, high := s.ends()
	step := 1
	if low > high {
		step = -1
	}
	for i := low; i != high+step; i += step {
		if series.Saturated[i] {
			return i
		}
	}
	return -1
}

// Crossover is where the recommended architecture changes.
type Crossover struct {
	X    float64 `json:"x" example:"41000"`
	From *string `json:"from" extensions:"x-nullable" example:"single-node"`
	To   *string `json:"to" extensions:"x-nullable" example:"sharded"`
}

// SizeStep is where a re-sized architecture's node count changes.
type SizeStep struct {
	Architecture string  `json:"architecture" example:"read-replicas"`
	X            float64 `json:"x" example:"120000"`
	FromNodes    int     `json:"from_nodes" example:"3"`
	ToNodes      int     `json:"to_nodes" example:"4"`
}

// DefaultSweepMetrics are reported when a sweep names none; a closed
// load's add the cost per request/s, which its options are ranked by.
var DefaultSweepMetrics = []string{"write_p99_ms", "read_p99_ms", "max_throughput_scale", "cost_usd_per_month"}

// DefaultSweepPoints is a sweep's points when it names none.
const DefaultSweepPoints = 50

// maxSweepEvaluations bounds a sweep's work: the most points, each of the
// eight architectures.
var maxSweepEvaluations = decide.MaxPoints * len(model.IDs())

// loadScale is the pseudo-field that scales every workload rate.
const loadScale = "load_scale"

// DecodeSweep decodes a JSON sweep request strictly: unknown fields are
// errors.
func DecodeSweep(b []byte) (SweepRequest, error) {
	var req SweepRequest
	err := decodeStrict(b, &req)
	return req, err
}

// ParseSweep decodes and checks a sweep's body as POST /v1/sweep does
// (ParseRequest).
func ParseSweep(b []byte) (SweepRequest, error) {
	req, err := DecodeSweep(b)
	if err != nil {
		return req, bodyError(&decodeError{err}, b)
	}
	return req, bodyError(checked(req.EvaluateRequest, errors.Join(req.Profile.decodeErr(), requestValidator.Validate(&req))), b)
}

// Sweep varies one input of an evaluation and reports the chosen metrics,
// saturation points and crossovers. It is the one entry point of
// POST /v1/sweep and `pgarch sweep`.
func Sweep(req SweepRequest) (SweepResponse, error) {
	return sweepWithin(context.Background(), 0, req)
}

// sweepWithin is Sweep with its evaluations stopped after budget, or when
// ctx is done (a budget of 0: only then).
func sweepWithin(ctx context.Context, budget time.Duration, req SweepRequest) (SweepResponse, error) {
	in, err := prepare(req.EvaluateRequest)
	if err != nil {
		return SweepResponse{}, err
	}
	in, cancel := in.within(ctx, budget)
	defer cancel()
	v := req.Vary
	if v.Points == 0 {
		v.Points = DefaultSweepPoints
	}
	if n := len(in.archs); v.Points*n > maxSweepEvaluations {
		return SweepResponse{}, &model.ParamError{Field: "vary/points", Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%d points of %d architectures: at most %d evaluations a sweep (%d points here)", v.Points, n, maxSweepEvaluations, maxSweepEvaluations/n)}
	}
	if v.Scale == "" {
		v.Scale = string(decide.Linear)
	}
	metrics := req.Metrics
	if len(metrics) == 0 {
		metrics = DefaultSweepMetrics
		if in.w.Clients > 0 {
			metrics = append(slices.Clip(DefaultSweepMetrics), costPerRequest)
		}
	}
	for i, m := range metrics {
		if metric(m) == nil {
			return SweepResponse{}, &model.ParamError{Field: fmt.Sprintf("metrics/%d", i), Err: model.ErrUnknown, Detail: fmt.Sprintf("%q (one of: %s)", m, strings.Join(metricNames(), ", "))}
		}
		if slices.Index(metrics, m) < i {
			// Its rows twice would double a pivot table's sums (review of
			// 2026-11-27).
			return SweepResponse{}, &model.ParamError{Field: fmt.Sprintf("metrics/%d", i), Err: model.ErrOutOfRange, Detail: fmt.Sprintf("%q is listed twice", m)}
		}
	}
	set, integer, err := setter(req.EvaluateRequest, v.Field)
	if err != nil {
		return SweepResponse{}, err
	}
	if integer {
		// A whole-number field is evaluated at whole values: the ends are
		// the whole numbers inside the range (review of 2026-11-27:
		// sessions from 1 to 10.5 ended at 11).
		inward := func(x float64, up bool) float64 {
			if up {
				return math.Ceil(x)
			}
			return math.Floor(x)
		}
		up := v.From <= v.To
		v.From, v.To = inward(v.From, up), inward(v.To, !up)
		switch {
		case up && v.From > v.To || !up && v.From < v.To:
			return SweepResponse{}, &model.ParamError{Field: "vary/to", Err: model.ErrOutOfRange, Detail: fmt.Sprintf("%s takes whole values, and none lies between from and to", v.Field)}
		case v.From == v.To:
			return SweepResponse{}, &model.ParamError{Field: "vary/to", Err: model.ErrOutOfRange, Detail: fmt.Sprintf("%s takes whole values, and only %g lies between from and to: a sweep needs two", v.Field, v.From)}
		}
	}
	axis := decide.Axis{From: v.From, To: v.To, Points: v.Points, Scale: decide.Scale(v.Scale)}
	if _, err := axis.Values(); err != nil {
		field, detail := "vary", err.Error()
		var ae *decide.AxisError
		if errors.As(err, &ae) {
			field, detail = "vary/"+ae.Field, ae.Detail
		}
		return SweepResponse{}, &model.ParamError{Field: field, Err: model.ErrOutOfRange, Detail: detail}
	}
	for _, end := range []struct {
		name string
		x    float64
	}{{"vary/from", v.From}, {"vary/to", v.To}} { // the ends bound every point in between
		if _, err := set(in, end.x); err != nil {
			detail := err.Error()
			var pe *model.ParamError
			if errors.As(err, &pe) {
				detail = pe.Field + " " + strings.TrimPrefix(paramDetail(pe), "out of range: ")
			}
			return SweepResponse{}, &model.ParamError{Field: end.name, Err: model.ErrOutOfRange, Detail: fmt.Sprintf("at %s = %g: %s", v.Field, end.x, detail)}
		}
	}
	sizedAt, own := v.From, false
	if q, ok := in.value(v.Field); ok && min(v.From, v.To) <= q && q <= max(v.From, v.To) {
		// The query's own value: the sweep holds the sizes evaluate and
		// recommend choose (review of 2026-11-27: a report recommended
		// distributed SQL on 12 nodes sized at the first point of a
		// sessions sweep, and charted hot standby at the query's value).
		sizedAt, own = q, true
	}
	first, err := set(in, sizedAt)
	if err != nil {
		return SweepResponse{}, err
	}
	sized, err := first.evaluate(first.w, first.archs)
	if err != nil {
		return SweepResponse{}, err
	}
	// The options as the recommendation there configures them (a copy
	// outside the failures to survive, query_from_any_node, network
	// volumes, a larger or a smaller node: decide's Option.Configured),
	// held along the sweep as their sizes are, so that the sweep
	// recommends at that point what recommend does; a node sized down to
	// a light query's load saturates sooner as the swept load grows.
	configured := decide.Recommend(sized, first.w, first.r, first.reevaluator()).Options
	if err := in.outran(in.context().Err()); err != nil {
		return SweepResponse{}, err // a configuration unverified
	}
	archs := make([]model.Architecture, len(sized))
	for i, o := range configured {
		sized[i], archs[i] = o.Result, o.Result.Architecture
		if provisioning[v.Field] {
			// The volumes' range is what the sweep varies: IOPS provisioned
			// within it at one point may be outside it at another (review
			// of 2026-11-28: 100 IOPS held on io2 failed every point whose
			// network_baseline_iops was above them).
			archs[i].VolumeIOPS, archs[i].VolumeBandwidth = in.archs[i].VolumeIOPS, in.archs[i].VolumeBandwidth
		}
		if req.Resize {
			// Counts re-sized at every point; a larger node, chosen for
			// the query's load, is not held where the load is another
			// (review of 2026-11-28: 64 vCPUs held at 1,000 writes/s).
			archs[i] = in.archs[i]
			o.Configure(&archs[i])
			archs[i].VCPUs, archs[i].VolumeIOPS, archs[i].VolumeBandwidth = in.archs[i].VCPUs, in.archs[i].VolumeIOPS, in.archs[i].VolumeBandwidth
			archs[i].Nodes = in.archs[i].Nodes // an even spread's count (judgeEvenSpread) is a size too
		}
		// The series' config says the node and volumes held.
		sized[i].Architecture.VCPUs, sized[i].Architecture.VolumeIOPS, sized[i].Architecture.VolumeBandwidth = archs[i].VCPUs, archs[i].VolumeIOPS, archs[i].VolumeBandwidth
	}
	sw, err := decide.Run(axis, func(x float64) ([]model.Result, model.Workload, error) {
		at, err := set(in, x)
		if err != nil {
			return nil, model.Workload{}, err
		}
		results, err := at.evaluate(at.w, archs)
		return results, at.w, err
	}, in.r)
	if err != nil {
		return SweepResponse{}, err
	}
	if integer {
		sw.RoundX()
	}
	resp := newSweep(first, v, metrics, sized, sw)
	resp.SizedAt, resp.ownSize, resp.Resize = sizedAt, own, req.Resize
	resp.clients = in.w.Clients
	return resp, nil
}

// newSweep is the public form of a sweep.
func newSweep(first input, v Vary, metrics []string, sized []model.Result, sw decide.Sweep) SweepResponse {
	resp := SweepResponse{
		ModelVersion: ModelVersion, Profile: first.prof, Workload: echoWorkload(first.w), Requirements: echoRequirements(first.r),
		Vary: v, Metrics: metrics, X: make([]float64, len(sw.Points)), Recommended: make([]*string, len(sw.Points)),
		Saturation: map[string]*float64{}, SaturationFallsBehind: map[string]bool{}, Crossovers: []Crossover{}, SizeSteps: []SizeStep{},
	}
	labels := decide.Labels(sized)
	resp.Series = make([]SweepSeries, len(labels))
	for j, label := range labels {
		resp.Series[j] = SweepSeries{Architecture: label, Config: newResult(sized[j]).Config, Values: map[string][]*float64{}, Saturated: make([]bool, len(sw.Points)), FallsBehind: make([]bool, len(sw.Points))}
		for _, m := range metrics {
			resp.Series[j].Values[m] = make([]*float64, len(sw.Points))
		}
		resp.Saturation[label] = finite(sw.Saturation[label])
		if behind, ok := sw.FallsBehind[label]; ok {
			resp.SaturationFallsBehind[label] = behind
		}
	}
	for i, p := range sw.Points {
		resp.X[i] = p.X
		resp.Recommended[i] = label(p.Recommend.Recommended)
		for j, res := range p.Results {
			r := newResult(res)
			resp.Series[j].Saturated[i], resp.Series[j].FallsBehind[i] = res.Saturated, res.FallsBehind
			for _, m := range metrics {
				resp.Series[j].Values[m][i] = metric(m).value(r)
			}
		}
	}
	for _, c := range sw.Crossovers {
		resp.Crossovers = append(resp.Crossovers, Crossover{X: c.X, From: label(c.From), To: label(c.To)})
	}
	for _, s := range sw.SizeSteps {
		resp.SizeSteps = append(resp.SizeSteps, SizeStep{Architecture: s.Label, X: s.X, FromNodes: s.From, ToNodes: s.To})
	}
	return resp
}

// label is a recommendation's public form: null for none.
func label(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// metric returns the numeric column of that name, or nil.
func metric(name string) *column {
	for i, c := range columns {
		if c.name == name && c.value != nil {
			return &columns[i]
		}
	}
	return nil
}

// metricNames lists the numeric columns.
func metricNames() []string {
	var names []string
	for _, c := range columns {
		if c.value != nil {
			names = append(names, c.name)
		}
	}
	return names
}

// volumes describes the volumes an option is provisioned with where it
// gives its own ("12000 IOPS, 524 MB/s"); "" where it gives none.
func (c ArchitectureSpec) volumes() string {
	var v []string
	if c.VolumeIOPS > 0 {
		v = append(v, strconv.Itoa(c.VolumeIOPS)+" IOPS")
	}
	if c.VolumeMBPerSec > 0 {
		v = append(v, strconv.FormatFloat(c.VolumeMBPerSec, 'f', -1, 64)+" MB/s") // exact: what to give again
	}
	return strings.Join(v, ", ")
}

// provisioning are the profile fields that bound the IOPS and throughput
// a recommend provisions an option's volumes with
// (calibration.Profile.Provisioned).
var provisioning = map[string]bool{"network_iops": true, "network_baseline_iops": true, "network_max_iops": true,
	"network_bandwidth_mb_per_sec": true, "network_baseline_bandwidth_mb_per_sec": true, "network_max_bandwidth_mb_per_sec": true,
	"network_throughput_per_iops_mb_per_sec": true}

// setter returns how to set the swept field on a prepared input: a
// workload field by its JSON name (through the request, so that units and
// validation are the request's), a profile field, or load_scale.
func setter(req EvaluateRequest, field string) (set func(input, float64) (input, error), integer bool, err error) {
	fail := func(detail string) error {
		return &model.ParamError{Field: "vary/field", Err: model.ErrUnknown, Detail: detail}
	}
	switch {
	case field == "":
		return nil, false, fail("required: a workload field, a profile field or load_scale")
	case field == loadScale:
		return func(in input, x float64) (input, error) {
			if !(x > 0) { // the scaled rates' own ranges bound it above (Validate), and the clients' below
				return in, &model.ParamError{Field: "vary", Err: model.ErrOutOfRange, Detail: "load_scale must be above 0"}
			}
			if in.w.Clients > 0 {
				// A closed load's rates set only the mix: its clients are
				// the load (review of 2026-11-27: a load_scale sweep of 100
				// clients drew flat lines), whole ones, at least one and
				// at most model.MaxClients.
				c := math.Round(float64(in.w.Clients) * x)
				if !(c >= 1 && c <= model.MaxClients) {
					return in, &model.ParamError{Field: "vary", Err: model.ErrOutOfRange,
						Detail: fmt.Sprintf("load_scale %g makes %d clients %g: from 1 to %d", x, in.w.Clients, c, model.MaxClients)}
				}
				in.w.Clients = int(c)
				return in, in.w.Validate()
			}
			in.w.ReadRate, in.w.WriteRate, in.w.AnalyticalRate = in.w.ReadRate*model.Rate(x), in.w.WriteRate*model.Rate(x), in.w.AnalyticalRate*model.Rate(x)
			return in, in.w.Validate()
		}, false, nil
	}
	if f, ok := workloadField(field); ok {
		if f.Type != reflect.TypeFor[*float64]() && f.Type != reflect.TypeFor[*int]() {
			return nil, false, fail(fmt.Sprintf("%q is not numeric", field))
		}
		return func(in input, x float64) (input, error) {
			wl := req.Workload // a copy: the pointer set below is the copy's
			v := reflect.ValueOf(&wl).Elem().FieldByIndex(f.Index)
			if f.Type == reflect.TypeFor[*int]() {
				n := int(math.Round(x))
				v.Set(reflect.ValueOf(&n))
			} else {
				v.Set(reflect.ValueOf(&x))
			}
			w, err := wl.model()
			in.w = w
			return in, err
		}, f.Type == reflect.TypeFor[*int](), nil
	}
	if i := slices.IndexFunc(calibration.Fields(), func(f calibration.Field) bool { return f.Name == field }); i >= 0 {
		integer := calibration.Fields()[i].Integer
		return func(in input, x float64) (input, error) {
			if integer {
				x = math.Round(x) // a count, as the workload's are
			}
			// Set records the source, and reads which fields were given:
			// a copy of the request's map, unshared between points.
			in.prof.Sources = maps.Clone(in.prof.Sources)
			err := in.prof.Set(field, x)
			if err != nil {
				return in, err
			}
			return in, in.prof.Validate()
		}, integer, nil
	}
	return nil, false, fail(fmt.Sprintf("%q: not a workload field, a profile field or load_scale%s", field, nearest(field, sweepable())))
}

// sweepable lists the fields a sweep may vary: load_scale, the workload's
// numbers and the profile's.
func sweepable() []string {
	known := []string{loadScale}
	for name, k := range workloadParams {
		if k == number || k == integer {
			known = append(known, name)
		}
	}
	for _, f := range calibration.Fields() {
		known = append(known, f.Name)
	}
	return known
}

// workloadField returns the Workload field with that JSON name.
func workloadField(name string) (reflect.StructField, bool) {
	t := reflect.TypeFor[Workload]()
	for i := range t.NumField() {
		if f := t.Field(i); strings.Split(f.Tag.Get("json"), ",")[0] == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// Charts of a sweep (format=svg|png).
const (
	// LatencyChart draws a metric (by default the first) per architecture
	// against the swept input, saturation marked: the hockey stick.
	LatencyChart = "latency"
	// CrossoverChart draws a metric (by default cost) with the range where
	// each architecture is recommended shaded and the crossovers marked.
	CrossoverChart = "crossover"
)

// Figure draws a sweep as a chart: kind is LatencyChart or
// CrossoverChart, metric one of the sweep's metrics ("" = the kind's
// default).
func (s SweepResponse) Figure(kind, metricName string) (chart.Figure, error) {
	if kind == "" {
		kind = LatencyChart
	}
	if kind != LatencyChart && kind != CrossoverChart {
		return chart.Figure{}, &model.ParamError{Field: "chart", Err: model.ErrUnknown, Detail: fmt.Sprintf("%q (latency|crossover)", kind)}
	}
	if metricName == "" {
		metricName = s.Metrics[0]
		if kind == CrossoverChart && slices.Contains(s.Metrics, "cost_usd_per_month") {
			metricName = "cost_usd_per_month"
		}
		if kind == CrossoverChart && s.clients > 0 && slices.Contains(s.Metrics, costPerRequest) {
			metricName = costPerRequest // what a closed load's options are ranked by
		}
	}
	if !slices.Contains(s.Metrics, metricName) {
		return chart.Figure{}, &model.ParamError{Field: "metric", Err: model.ErrUnknown, Detail: fmt.Sprintf("%q is not among the sweep's metrics (%s)", metricName, strings.Join(s.Metrics, ", "))}
	}
	f := chart.Figure{
		Title:  fmt.Sprintf("%s vs %s (%s; %s)", metricName, s.Vary.Field, s.Profile.Name, s.sizes()),
		XLabel: s.xLabel(), YLabel: axisLabel(metricName),
		LogX: s.Vary.Scale == string(decide.Log),
		// Latencies span decades between idle and saturation, and so does
		// the cost per request/s between one client and thousands, whose
		// ratios (the recommendation's "under half") read as distances.
		LogY: strings.HasSuffix(metricName, "_ms") || metricName == costPerRequest,
		// Costs are compared by ratio (the recommendation's "under
		// half"): their axis starts at $0 (review of 2026-11-26: from
		// $501, $1400 against $510 looked ninety times as much).
		YFromZero: metricName == "cost_usd_per_month",
		YInteger:  metricName == "nodes", // a count: no tick at 1.5 (review of 2026-11-27)
	}
	drawn := false // a value to draw
	for _, series := range s.Series {
		ys := make([]float64, len(s.X))
		for i, v := range series.Values[metricName] {
			ys[i] = math.NaN()
			// A configuration that does not carry the load has no cost
			// to compare: its cost line ends where it saturates.
			if v != nil && !(isCost(metricName) && series.Saturated[i]) {
				ys[i], drawn = *v, true
			}
		}
		sat, label := s.saturationMark(series)
		// Its own node and volumes, held along the sweep (review of
		// 2026-11-28: 2-vCPU nodes were held and no chart said so).
		var held []string
		if n := series.Config.VCPUs; n > 0 {
			held = append(held, fmt.Sprintf("%d vCPUs", n))
		}
		if v := series.Config.volumes(); v != "" {
			held = append(held, v)
		}
		note := strings.Join(held, ", ")
		f.Series = append(f.Series, chart.Series{Name: series.Architecture, X: s.X, Y: ys, Saturation: sat, SaturationLabel: label, Note: note})
	}
	if kind == CrossoverChart {
		f.Title = fmt.Sprintf("Recommended by %s (%s; %s)", s.Vary.Field, s.Profile.Name, s.sizes())
		from := s.X[0]
		current := s.Recommended[0]
		for _, c := range s.Crossovers {
			f.Bands = append(f.Bands, band(from, c.X, current))
			f.Markers = append(f.Markers, chart.Marker{X: c.X, Label: decide.FormatNumber(c.X)})
			from, current = c.X, c.To
		}
		f.Bands = append(f.Bands, band(from, s.X[len(s.X)-1], current))
		f.Bands = f.Bands[:min(len(f.Bands), chart.MaxBands)]
		f.Markers = f.Markers[:min(len(f.Markers), chart.MaxMarkers)]
	}
	if !drawn {
		// Empty axes would read as a chart of nothing in particular
		// (review of 2026-11-27: write p99 of a workload without writes).
		f.Title += fmt.Sprintf(": no %s at any point (saturated, or no such requests)", metricName)
	}
	return f, nil
}

// saturationMark is where a series' chart marks its saturation and how
// its legend says it, as x grows (a sweep may run downward): "saturates
// at X" on the way up; "… or before", saturated from the lowest point
// (review: "saturates at 0.1" where it saturated at 0.076); and
// "saturated below X", saturated at the lowest point but not from X on, as an
// architecture short of sessions or memory recovers (review of
// 2026-11-26: "saturates at 5 or before" over a recovery at 36).
func (s SweepResponse) saturationMark(series SweepSeries) (float64, string) {
	x := s.Saturation[series.Architecture]
	if x == nil || len(series.Saturated) == 0 {
		return math.NaN(), ""
	}
	low, high := s.ends()
	verb := s.saturates(series.Architecture)
	switch {
	case !series.Saturated[low]:
		return *x, verb + " at " + decide.FormatNumber(*x) // as the sweep's text reads it
	case series.Saturated[high]:
		return *x, verb + " at " + decide.FormatNumber(*x) + " or before"
	}
	// The first point up from the lowest that carries the load.
	step := 1
	if low > high {
		step = -1
	}
	i := low
	for series.Saturated[i] {
		i += step
	}
	return s.X[i], "saturated below " + decide.FormatNumber(s.X[i])
}

// sizes says how the sweep's architectures were sized, for a chart's
// title (review of 2026-11-26: re-sized charts read as held ones).
func (s SweepResponse) sizes() string {
	if s.Resize {
		return "re-sized at every point"
	}
	return "sizes held from " + s.Vary.Field + " = " + decide.FormatNumber(s.SizedAt)
}

// band shades the range from–to where rec is recommended (nil: nothing
// feasible). Crossovers chain, each From the previous To, so the bands
// built from them meet and follow the recommendation point by point.
func band(from, to float64, rec *string) chart.Band {
	label := "none feasible"
	if rec != nil {
		label = *rec
	}
	return chart.Band{From: min(from, to), To: max(from, to), Label: label} // a sweep may run downward
}

// axisLabel turns a field name into an axis label with its unit:
// write_p99_ms → "write p99 (ms)".
// xLabel is the swept field's axis label; a load scale names the rates
// its 1 stands for, which a chart pasted elsewhere would otherwise lose
// (review of 2026-11-26).
func (s SweepResponse) xLabel() string {
	x := s.SizedAt // the scale the echoed workload is at
	if s.Vary.Field != loadScale || !(x > 0) {
		return axisLabel(s.Vary.Field)
	}
	w := s.Workload
	if s.clients > 0 {
		// The query's own count: the echoed one is rounded at sized_at
		// (review of 2026-11-27: 3 clients read "1 = 4 clients").
		return fmt.Sprintf("load scale (1 = %d clients)", s.clients)
	}
	return fmt.Sprintf("load scale (1 = %s reads/s, %s writes/s)", decide.FormatNumber(val(w.ReadsPerSec)/x), decide.FormatNumber(val(w.WritesPerSec)/x))
}

// isCost reports whether a metric is a cost: the monthly cost, or that
// per request/s.
func isCost(metric string) bool { return strings.HasSuffix(metric, "_usd_per_month") }

func axisLabel(name string) string {
	for _, u := range []struct{ suffix, unit string }{
		{"_per_sec", "/s"}, {"_usd_per_month", "USD/month"}, {"_ms", "ms"}, {"_us", "µs"}, {"_gb", "GB"}, {"_seconds", "s"}, {"_fraction", "fraction"},
	} {
		if base, ok := strings.CutSuffix(name, u.suffix); ok {
			return strings.ReplaceAll(base, "_", " ") + " (" + u.unit + ")"
		}
	}
	return strings.ReplaceAll(name, "_", " ")
}

// WriteSweepCSV writes a sweep in long form, one row per point,
// architecture and metric: x,architecture,metric,value (value empty when
// null), for spreadsheets' pivot tables; after each point's rows, one of
// metric "recommended" names the architecture recommended there.
func WriteSweepCSV(w io.Writer, s SweepResponse, sep rune) error {
	cw := newCSV(w, sep)
	if err := cw.Write([]string{"x", "architecture", "metric", "value"}); err != nil {
		return err
	}
	for i, x := range s.X {
		at := strconv.FormatFloat(x, 'f', -1, 64)
		for _, series := range s.Series {
			for _, m := range s.Metrics {
				value := ""
				if v := series.Values[m][i]; v != nil {
					value = strconv.FormatFloat(*v, 'f', -1, 64)
				}
				if err := cw.Write([]string{at, series.Architecture, m, value}); err != nil {
					return err
				}
			}
		}
		// The decision at the point, for a sheet to chart where it changes
		// (review of 2026-11-27: only JSON carried it): the recommended
		// architecture with value 1, "none" where nothing is feasible.
		if err := cw.Write([]string{at, orNone(s.Recommended[i]), "recommended", "1"}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteSweepTable writes a sweep for terminals: for each metric a table,
// one row per point with the recommendation and each architecture's value,
// then where each architecture saturates and where the recommendation
// changes.
func WriteSweepTable(w io.Writer, s SweepResponse) error {
	for k, m := range s.Metrics {
		if k > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s\n", m)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%s\trecommended\t", s.Vary.Field)
		for _, series := range s.Series {
			fmt.Fprintf(tw, "%s\t", series.Architecture)
		}
		fmt.Fprintln(tw)
		for i, x := range s.X {
			rec := "none"
			if r := s.Recommended[i]; r != nil {
				rec = *r
			}
			fmt.Fprintf(tw, "%s\t%s\t", decide.FormatNumber(x), rec)
			for _, series := range s.Series {
				cell := "—" // not applicable: no such class at this point
				switch v := series.Values[m][i]; {
				case v != nil && isCost(m) && series.Saturated[i]:
					// The cost at the load it carries, not the offered
					// one's, falls as the load grows past the ceiling
					// (per-I/O prices): the chart leaves it out too
					// (a practitioner's review of 2026-11-28).
					cell = "saturated"
				case v != nil:
					cell = decide.FormatNumber(*v)
				case series.Saturated[i] && series.FallsBehind[i]:
					cell = "behind"
				case series.Saturated[i]:
					cell = "saturated"
				}
				fmt.Fprintf(tw, "%s\t", cell)
			}
			fmt.Fprintln(tw)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nprofile %s.\n", s.Profile.Name)
	// The node sizes held where the recommendation gave options their own
	// (review of 2026-11-28: a light query's 2-vCPU nodes were held along
	// the sweep, and said only in the JSON's config).
	var sizes []string
	for _, series := range s.Series {
		if n := series.Config.VCPUs; n > 0 {
			sizes = append(sizes, fmt.Sprintf("%s on %d vCPUs", series.Architecture, n))
		}
	}
	if len(sizes) > 0 {
		others := ""
		if len(sizes) < len(s.Series) {
			others = fmt.Sprintf("; the others on the profile's %d", s.Profile.Values.Node.VCPUs)
		}
		fmt.Fprintf(&b, "nodes held from %s = %s: %s%s.\n", s.Vary.Field, decide.FormatNumber(s.SizedAt), strings.Join(sizes, ", "), others)
	}
	var volumes []string
	for _, series := range s.Series {
		if v := series.Config.volumes(); v != "" {
			volumes = append(volumes, series.Architecture+" at "+v)
		}
	}
	if len(volumes) > 0 {
		fmt.Fprintf(&b, "volumes held from %s = %s: %s (the profile's: %s IOPS, %s MB/s).\n", s.Vary.Field, decide.FormatNumber(s.SizedAt), strings.Join(volumes, "; "),
			decide.FormatNumber(float64(s.Profile.Values.Network.IOPS)), decide.FormatNumber(float64(s.Profile.Values.Network.Bandwidth/model.MBPerSecond)))
	}
	low, _ := s.ends()
	for _, series := range s.Series {
		first := s.firstSaturated(series)
		switch x := s.Saturation[series.Architecture]; {
		case x == nil || first < 0:
		case first == low:
			what := "is saturated"
			if series.FallsBehind[first] {
				what = "falls behind"
			}
			fmt.Fprintf(&b, "%s %s from the lowest point, %s = %s\n", series.Architecture, what, s.Vary.Field, decide.FormatNumber(s.X[low]))
		default:
			fmt.Fprintf(&b, "%s %s at %s = %s\n", series.Architecture, s.saturates(series.Architecture), s.Vary.Field, decide.FormatNumber(*x))
		}
	}
	for _, c := range s.Crossovers {
		held := ""
		if c.To == nil && !s.Resize {
			// At the sizes held: recommend re-sizes (review of 2026-11-28:
			// "none" where recommend found distributed SQL on 9 nodes).
			// --resize re-sizes the counts on the request's nodes, not the
			// node sizes recommend judges (review of 2026-11-28: "--resize
			// re-sizes" promised recommend's answer, a 16-vCPU hot
			// standby, and gave distributed SQL).
			held = fmt.Sprintf(" at the sizes held from %s = %s (--resize re-sizes the counts at every point, on the request's nodes; recommend there judges other node sizes too)", s.Vary.Field, decide.FormatNumber(s.SizedAt))
		}
		fmt.Fprintf(&b, "at %s = %s the recommendation changes from %s to %s%s\n", s.Vary.Field, decide.FormatNumber(c.X), orNone(c.From), orNone(c.To), held)
	}
	for _, st := range s.SizeSteps {
		change := "grows"
		if st.ToNodes < st.FromNodes {
			change = "shrinks"
		}
		fmt.Fprintf(&b, "at %s = %s %s %s from %d to %d nodes\n", s.Vary.Field, decide.FormatNumber(st.X), st.Architecture, change, st.FromNodes, st.ToNodes)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func orNone(s *string) string {
	if s == nil {
		return "none"
	}
	return *s
}

// value returns the input's own value of a field a sweep may vary, in the
// field's public unit: a workload field, a profile field, or load_scale (1).
func (in input) value(field string) (float64, bool) {
	if field == loadScale {
		return 1, true
	}
	if f, ok := workloadField(field); ok {
		wl := echoWorkload(in.w)
		switch v := reflect.ValueOf(wl).FieldByIndex(f.Index).Interface().(type) {
		case *float64:
			if v != nil {
				return *v, true
			}
		case *int:
			if v != nil {
				return float64(*v), true
			}
		}
		return 0, false
	}
	return in.prof.Get(field)
}
