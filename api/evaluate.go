package api

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// ModelVersion identifies the model that produced a result.
const ModelVersion = "0.11.2"

// Evaluate evaluates every requested architecture for the request's
// workload. It is the one entry point the HTTP API and the CLI share.
func Evaluate(req EvaluateRequest) (EvaluateResponse, error) {
	in, err := prepare(req)
	if err != nil {
		return EvaluateResponse{}, err
	}
	return in.run()
}

// within returns the input whose evaluations stop after budget (0: no
// budget), or when ctx is done, and the function that releases the
// budget's timer.
func (in input) within(ctx context.Context, budget time.Duration) (input, context.CancelFunc) {
	if budget <= 0 {
		in.ctx = ctx
		return in, func() {}
	}
	var cancel context.CancelFunc
	in.ctx, cancel = context.WithTimeout(ctx, budget)
	in.budget = budget
	return in, cancel
}

// context is the input's evaluations' context: none stops them by default.
func (in input) context() context.Context {
	if in.ctx == nil {
		return context.Background()
	}
	return in.ctx
}

// outran returns err, or where the input's context stopped the
// evaluation the problem that says so: at its deadline the request's size
// is what it can change (ADR 0010); cancelled, its client has gone.
func (in input) outran(err error) error {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return &model.ParamError{Field: "architectures", Err: model.ErrOutOfRange, Detail: fmt.Sprintf("the evaluation took more than the server's %v: "+
			"fewer architectures, or fewer standbys, workers, nodes, regions or clients, evaluate within it; the CLI has no budget", in.budget)}
	case errors.Is(err, context.Canceled):
		return &model.ParamError{Field: "architectures", Err: model.ErrOutOfRange, Detail: "the request was cancelled before its evaluation ended"}
	}
	return err
}

// run evaluates a prepared request: a pure function of the input.
func (in input) run() (EvaluateResponse, error) {
	results, err := in.evaluate(in.w, in.archs)
	if err != nil {
		return EvaluateResponse{}, err
	}
	return in.response(results), nil
}

// maxArchitectures bounds the architectures of one request, and so its
// work: each costs up to a few milliseconds.
const maxArchitectures = 16

// input is a validated request in the model's terms, and the context its
// evaluations stop with (not part of the evaluation cache's key).
type input struct {
	w      model.Workload
	r      model.Requirements
	prof   calibration.Profile
	archs  []model.Architecture
	ctx    context.Context // nil: never stops
	budget time.Duration   // ctx's, for the problem that it ran out (outran)
}

// prepare validates a request and converts it to the model's terms.
func prepare(req EvaluateRequest) (input, error) {
	w, werr := req.Workload.model()
	in := input{w: w, r: req.Requirements.model()}
	perr := req.Profile.decodeErr()
	if req.Profile != nil {
		in.prof = req.Profile.Profile
	} else {
		in.prof = calibration.Default() // a copy: only when it is used
	}
	if perr == nil {
		perr = in.prof.Validate()
	}
	// Workload, requirements and profile are checked on their own, so that
	// one answer names what is wrong in each.
	if err := errors.Join(werr, in.r.Validate(), perr); err != nil {
		return input{}, err
	}
	if err := w.ValidateRegions(in.prof.Values); err != nil {
		var pe *model.ParamError
		if errors.As(err, &pe) && len(req.Workload.ClientRegionWeights) == 0 && len(req.Workload.ClientRegions) > 0 {
			pe.Field = "client_regions" // the form the request used (review of 2026-11-26)
		}
		return input{}, err
	}
	specs := req.Architectures
	if len(specs) == 0 {
		for _, id := range model.IDs() {
			specs = append(specs, ArchitectureSpec{ID: string(id)})
		}
	}
	if len(specs) > maxArchitectures {
		return input{}, &model.ParamError{Field: "architectures", Err: model.ErrOutOfRange, Detail: fmt.Sprintf("at most %d", maxArchitectures)}
	}
	for i, s := range specs {
		a, err := s.model()
		if err != nil {
			return input{}, atIndex(err, i)
		}
		in.archs = append(in.archs, a)
	}
	return in, nil
}

// evaluate evaluates the architectures for workload w on the input's
// profile and requirements.
func (in input) evaluate(w model.Workload, archs []model.Architecture) ([]model.Result, error) {
	results := make([]model.Result, len(archs))
	for i, a := range archs {
		if j := slices.IndexFunc(archs[:i], func(b model.Architecture) bool { return a.ID == b.ID && reflect.DeepEqual(a, b) }); j >= 0 {
			results[i] = results[j] // the engine is a pure function of its input
			continue
		}
		res, err := in.evaluateOne(a, w, in.r)
		if err != nil {
			return nil, atIndex(in.outran(err), i)
		}
		results[i] = res
	}
	return results, nil
}

// evaluateOne evaluates a for workload w and requirements r on the node a
// runs on: the input's profile, or another size of its instance family
// where a gives its own vcpus (calibration.Profile.Set scales the node's
// memory, price and bandwidth as for the profile's own vcpus), with the
// volumes' IOPS and throughput a provisions (volume_iops,
// volume_mb_per_sec).
func (in input) evaluateOne(a model.Architecture, w model.Workload, r model.Requirements) (model.Result, error) {
	p, err := in.prof.Option(a)
	if err != nil {
		return model.Result{}, err
	}
	return a.EvaluateContext(in.context(), w, p.Values, r)
}

// response is the public form of the input's results.
func (in input) response(results []model.Result) EvaluateResponse {
	resp := EvaluateResponse{ModelVersion: ModelVersion, Profile: in.prof, Workload: echoWorkload(in.w), Results: make([]Result, len(results))}
	for i, res := range results {
		resp.Results[i] = newResult(res)
	}
	return resp
}

// atIndex prefixes an architecture override's field with its position.
func atIndex(err error, i int) error {
	var pe *model.ParamError
	if !errors.As(err, &pe) {
		return err
	}
	field := fmt.Sprintf("architectures/%d", i)
	if pe.Field != "architectures" {
		field += "/" + pe.Field
	}
	return &model.ParamError{Field: field, Detail: pe.Detail, Err: pe.Err}
}

func (s ArchitectureSpec) model() (model.Architecture, error) {
	a := model.Architecture{
		ID:               model.ID(s.ID),
		Storage:          model.Storage(s.Storage),
		Replicas:         s.Replicas,
		ReplicaPlacement: model.Placement(s.ReplicaPlacement),
		SyncCommit:       model.SyncCommit(s.SyncCommit),
		Variant:          model.Variant(s.Variant),
		Nodes:            s.Nodes,
		NodePlacement:    model.Placement(s.NodePlacement),
		Workers:          s.Workers,
		Shards:           s.Shards,
		QueryFromAnyNode: s.QueryFromAnyNode,

		ReplicationFactor: s.ReplicationFactor,
		Consensus:         model.Consensus(s.Consensus),
		Clock:             model.Clock(s.Clock),
		FollowerReads:     s.FollowerReads,
		SecondaryIndexes:  s.SecondaryIndexes,
		Regions:           s.Regions,
		StandbyReads:      s.StandbyReads,

		ConflictResolution: model.Resolution(s.ConflictResolution),
		ApplyWorkers:       s.ApplyWorkers,
		VCPUs:              s.VCPUs,
		VolumeIOPS:         s.VolumeIOPS,
		VolumeBandwidth:    model.ByteRate(s.VolumeMBPerSec) * model.MBPerSecond,
	}
	for _, p := range s.Standbys {
		a.Standbys = append(a.Standbys, model.Placement(p))
	}
	if s.Quorum != "" {
		method, count, ok := strings.Cut(strings.TrimSpace(s.Quorum), " ")
		n, err := strconv.Atoi(strings.TrimSpace(count))
		if !ok || err != nil || n < 1 {
			return a, &model.ParamError{Field: "quorum", Err: model.ErrOutOfRange, Detail: fmt.Sprintf("%q: want FIRST k or ANY k, k ≥ 1", s.Quorum)}
		}
		a.Quorum, a.QuorumCount = model.QuorumMethod(strings.ToUpper(method)), n
	}
	return a, nil
}

// ms converts a model time to a public millisecond value; +Inf (saturated)
// becomes nil, which JSON writes as null.
func ms(t model.Time) *float64 { return finite(t.Ms()) }

func seconds(t model.Time) *float64 { return finite(float64(t)) }

// positive is finite for values that are only meaningful when positive.
func positive(v float64) *float64 {
	if v <= 0 {
		return nil
	}
	return finite(v)
}

func finite(v float64) *float64 {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return nil
	}
	return &v
}

func (w Workload) model() (model.Workload, error) {
	m := model.DefaultWorkload()
	setRate := func(dst *model.Rate, v *float64) {
		if v != nil {
			*dst = model.Rate(*v)
		}
	}
	setInt := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	setTime := func(dst *model.Time, v *float64, unit model.Time) {
		if v != nil {
			*dst = model.Time(*v) * unit
		}
	}
	setBytes := func(dst *model.Bytes, v *float64, unit model.Bytes) {
		if v != nil {
			*dst = model.Bytes(*v) * unit
		}
	}
	setRatio := func(dst *model.Ratio, v *float64) {
		if v != nil {
			*dst = model.Ratio(*v)
		}
	}
	setRate(&m.ReadRate, w.ReadsPerSec)
	setRate(&m.WriteRate, w.WritesPerSec)
	setRate(&m.AnalyticalRate, w.AnalyticalPerSec)
	setInt(&m.StatementsPerTxn, w.StatementsPerTxn)
	setInt(&m.RoundTripsPerTxn, w.RoundTripsPerTxn)
	setBytes(&m.DataSize, w.DataSizeGB, model.GB)
	setBytes(&m.WorkingSet, w.WorkingSetGB, model.GB)
	setRatio(&m.HotAccess, w.HotAccessFraction)
	setBytes(&m.RowBytes, w.RowBytes, model.Byte)
	if w.HotRowsClustered != nil {
		m.HotRowsClustered = *w.HotRowsClustered
	}
	setFloat := func(dst *float64, v *float64) {
		if v != nil {
			*dst = *v
		}
	}
	setFloat(&m.PagesReadPerTxn, w.PagesReadPerTxn)
	setFloat(&m.PagesWrittenPerTxn, w.PagesWrittenPerTxn)
	setFloat(&m.RowsInsertedPerTxn, w.RowsInsertedPerTxn)
	setBytes(&m.WALRecordBytesPerTxn, w.WALRecordBytesPerTxn, model.Byte)
	setBytes(&m.ScanPerQuery, w.ScanGBPerQuery, model.GB)
	setTime(&m.CPUPerRead, w.CPUMsPerRead, model.Millisecond)
	setTime(&m.CPUPerStatement, w.CPUMsPerStatement, model.Millisecond)
	setInt(&m.HotRows, w.HotRows)
	setRatio(&m.HotRowWriteFraction, w.HotRowWriteFraction)
	setInt(&m.StatementsAfterHotWrite, w.StatementsAfterHotWrite)
	setInt(&m.OwnWriteReads, w.OwnWriteReads)
	setInt(&m.Sessions, w.Sessions)
	setInt(&m.Clients, w.Clients)
	setInt(&m.PoolerProcesses, w.PoolerProcesses)
	setTime(&m.ThinkTime, w.ThinkTimeMs, model.Millisecond)
	setTime(&m.ClientRTT, w.ClientRTTMs, model.Millisecond)
	setRatio(&m.ReplicaReadFraction, w.ReplicaReadFraction)
	switch {
	case len(w.ClientRegionWeights) > 0:
		m.ClientRegions = w.ClientRegionWeights
	case len(w.ClientRegions) > 0:
		m.ClientRegions = make(map[string]float64, len(w.ClientRegions))
		for _, r := range w.ClientRegions {
			m.ClientRegions[r] = 1
		}
	}
	setTime(&m.ReadAfterWrite, w.ReadAfterWriteMs, model.Millisecond)
	if w.SessionAffinity != nil {
		m.SessionAffinity = *w.SessionAffinity
	}
	setRatio(&m.MultiNodeWriteFraction, w.MultiNodeWriteFraction)
	setRatio(&m.LargestTenantFraction, w.LargestTenantFraction)
	setRatio(&m.ReferenceWriteFraction, w.ReferenceWriteFraction)
	setRatio(&m.ReferenceInsertFraction, w.ReferenceInsertFraction)
	setRatio(&m.RMWUpdateFraction, w.RMWUpdateFraction)
	setFloat(&m.ConflictKeys, w.ConflictKeys)
	return m, m.Validate()
}

// echoWorkload returns the workload with every default filled in.
func echoWorkload(m model.Workload) Workload {
	f := func(v float64) *float64 { return &v }
	i := func(v int) *int { return &v }
	b := func(v bool) *bool { return &v }
	return Workload{
		ReadsPerSec:             f(float64(m.ReadRate)),
		WritesPerSec:            f(float64(m.WriteRate)),
		AnalyticalPerSec:        f(float64(m.AnalyticalRate)),
		StatementsPerTxn:        i(m.StatementsPerTxn),
		RoundTripsPerTxn:        i(m.RoundTripsPerTxn),
		DataSizeGB:              f(float64(m.DataSize / model.GB)),
		WorkingSetGB:            f(float64(m.WorkingSet / model.GB)),
		HotAccessFraction:       f(float64(m.HotAccess)),
		RowBytes:                f(float64(m.RowBytes)),
		HotRowsClustered:        b(m.HotRowsClustered),
		PagesReadPerTxn:         f(m.PagesReadPerTxn),
		PagesWrittenPerTxn:      f(m.PagesWrittenPerTxn),
		RowsInsertedPerTxn:      f(m.RowsInsertedPerTxn),
		WALRecordBytesPerTxn:    f(float64(m.WALRecordBytesPerTxn)),
		ScanGBPerQuery:          f(float64(m.ScanPerQuery / model.GB)),
		CPUMsPerRead:            f(m.CPUPerRead.Ms()),
		CPUMsPerStatement:       f(m.CPUPerStatement.Ms()),
		HotRows:                 i(m.HotRows),
		HotRowWriteFraction:     f(float64(m.HotRowWriteFraction)),
		StatementsAfterHotWrite: i(m.StatementsAfterHotWrite),
		OwnWriteReads:           i(m.OwnWriteReads),
		Sessions:                i(m.Sessions),
		Clients:                 i(m.Clients),
		PoolerProcesses:         i(m.PoolerProcesses),
		ThinkTimeMs:             f(m.ThinkTime.Ms()),
		ClientRTTMs:             f(m.ClientRTT.Ms()),
		ReplicaReadFraction:     f(float64(m.ReplicaReadFraction)),
		ClientRegionWeights:     m.ClientRegions,
		ReadAfterWriteMs:        f(m.ReadAfterWrite.Ms()),
		SessionAffinity:         b(m.SessionAffinity),
		MultiNodeWriteFraction:  f(float64(m.MultiNodeWriteFraction)),
		LargestTenantFraction:   f(float64(m.LargestTenantFraction)),
		ReferenceWriteFraction:  f(float64(m.ReferenceWriteFraction)),
		ReferenceInsertFraction: f(float64(m.ReferenceInsertFraction)),
		RMWUpdateFraction:       f(float64(m.RMWUpdateFraction)),
		ConflictKeys:            f(m.ConflictKeys),
	}
}

func (r Requirements) model() model.Requirements {
	m := model.DefaultRequirements()
	if r.P99ReadMs != nil {
		m.P99Read = model.Time(*r.P99ReadMs) * model.Millisecond
	}
	if r.P99WriteMs != nil {
		m.P99Write = model.Time(*r.P99WriteMs) * model.Millisecond
	}
	if r.RPOSeconds != nil {
		m.RPO = model.Time(*r.RPOSeconds)
	}
	if r.RTOSeconds != nil {
		m.RTO = model.Time(*r.RTOSeconds)
	}
	m.Survive = r.Survive
	m.ReadYourWrites, m.MonotonicReads, m.SnapshotIsolation = r.ReadYourWrites, r.MonotonicReads, r.SnapshotIsolation
	if r.LostUpdatesPerSec != nil {
		m.LostUpdates = model.Rate(*r.LostUpdatesPerSec)
	}
	if r.TargetUtilization != nil {
		m.TargetUtilization = model.Ratio(*r.TargetUtilization)
	}
	return m
}
