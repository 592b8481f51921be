package api

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/decide"
	"github.com/pgarch/pgarch/model"
)

// RecommendResponse is the answer to "which architecture?": every option
// feasible or ruled out with its reasons, a ranking of the feasible ones,
// the recommendation and its rationale. The same JSON comes from
// POST /v1/recommend and `pgarch recommend -o json`.
type RecommendResponse struct {
	ModelVersion string              `json:"model_version" example:"0.11.2"`
	Profile      calibration.Profile `json:"profile" swaggertype:"object"`
	// Workload and Requirements are the request's, every default filled in.
	Workload     Workload     `json:"workload"`
	Requirements Requirements `json:"requirements"`
	// Recommendation is the first of Ranking, null when nothing is feasible.
	Recommendation *string `json:"recommendation" extensions:"x-nullable" example:"hot-standby"`
	// Ranking lists the feasible options, best first: simplest, then
	// cheapest, then most latency headroom, with a more complex option
	// promoted where it costs under decide.CheaperFactor of the simplest
	// feasible one's (cost per request/s served under a closed load); the
	// order and its reasons are decide.Recommend's.
	Ranking []string `json:"ranking" example:"hot-standby,distributed-sql"`
	// Options are the evaluated architectures in request order.
	Options []Option `json:"options"`
	// Rationale explains the answer in sentences that cite the numbers.
	Rationale []string `json:"rationale" example:"hot-standby is recommended: the simplest of the 3 options that meet every requirement (hot-standby, dbms-optimized-storage, distributed-sql)."`
	// Relax lists, when nothing is feasible, what makes each option feasible,
	// the smallest change first (empty otherwise).
	Relax []Relaxation `json:"relax"`
}

// Option is one architecture's verdict and its evaluation.
type Option struct {
	// Architecture is the id, or id#n when the request lists an id n times.
	Architecture string `json:"architecture" example:"single-node"`
	// Status is feasible or ruled_out.
	Status  string   `json:"status" enums:"feasible,ruled_out" example:"ruled_out"`
	Reasons []Reason `json:"reasons"`
	// Configured is what the option adds to the architecture as listed: a
	// copy outside the failures to survive (standbys, sync_commit,
	// replicas, a distributed SQL's node_placement), query_from_any_node,
	// network volumes (storage) or a larger node (vcpus), where as listed it was ruled out
	// and so configured it meets every requirement, or what meets them for
	// less: a smaller node (vcpus), network volumes (storage) and their
	// IOPS and throughput (volume_iops, volume_mb_per_sec), querying from
	// any node, distributed SQL's nodes spread evenly over its zones
	// (nodes); its status, reasons and result are then the configured
	// one's (empty when it is as listed).
	Configured []Change `json:"configured"`
	// ReasonsAsListed rule the architecture out as listed, where it is
	// configured (empty otherwise).
	ReasonsAsListed []Reason         `json:"reasons_as_listed"`
	Result          Result           `json:"result"`
	listed          ArchitectureSpec // as listed, as evaluated, where configured (the ADR's request)
	storage         string           // the storage the request gave ("": the preset's, which recommend may move to network volumes)
}

// details is what the option's row says: its reasons, or what it is
// configured with.
func (o Option) details() string {
	var ds []string
	for _, c := range o.Configured {
		ds = append(ds, c.Detail)
	}
	if len(ds) > 0 {
		return "configured with " + strings.Join(ds, "; ")
	}
	for _, r := range o.Reasons {
		ds = append(ds, r.Detail)
	}
	return strings.Join(ds, "; ")
}

// Reason is a requirement an option misses.
type Reason struct {
	// Requirement is the requirement's name (p99_write_ms, rpo_seconds,
	// survive, read_your_writes, target_utilization, …), throughput, or
	// what a node must hold: disk or memory (GB per node).
	Requirement string `json:"requirement" example:"p99_write_ms"`
	// Value is the option's figure in the requirement's unit: a number, a
	// word (survive: the failures survived; a guarantee: not_guaranteed),
	// or null when the option is saturated.
	Value any `json:"value" extensions:"x-nullable"`
	// Limit is the requirement's (a number or a word).
	Limit  any    `json:"limit" extensions:"x-nullable"`
	Detail string `json:"detail" example:"p99_write_ms: 71.2 > 20"`
}

// Relaxation is what makes one ruled-out option feasible.
type Relaxation struct {
	Architecture string   `json:"architecture" example:"hot-standby"`
	Changes      []Change `json:"changes"`
}

// Change is one requirement relaxed: from what was asked to what the
// option achieves. A relaxation's changes hold together: with all of them
// the option is feasible.
type Change struct {
	// Requirement is the requirement's name; throughput (from the offered
	// load to the load, in the same mix, at which the option runs at its
	// target utilisation, requests/s: the changes after it are at that
	// load); clients (a closed load whose copies fall behind, from its
	// clients to as many as they keep up with); sessions (from the
	// sessions to as many as a node's memory holds, or to the pool per
	// node the load needs, sessions_required); or a change of the
	// option's architecture: query_from_any_node (a sharded option's, from
	// false to true), standbys and sync_commit (a synchronous standby
	// outside the failures to survive, for read replicas and Citus
	// workers), replicas (Aurora's replica in another zone), node_placement
	// (distributed SQL's nodes over neighbouring regions), vcpus (a larger
	// node of the profile's instance family, or a smaller one that meets
	// every requirement for less), storage (from local to network volumes,
	// where the local disk cannot hold the data).
	Requirement string `json:"requirement" example:"p99_write_ms"`
	// From and To are numbers, strings (a storage, a sync_commit level),
	// booleans (query_from_any_node) or lists (standbys).
	From   any    `json:"from" extensions:"x-nullable"`
	To     any    `json:"to" extensions:"x-nullable"`
	Detail string `json:"detail" example:"p99_write_ms: 20 → 71.3"`
}

// Recommend evaluates the request's architectures and recommends one. It
// is the one entry point of POST /v1/recommend and `pgarch recommend`.
func Recommend(req EvaluateRequest) (RecommendResponse, error) {
	return recommendWithin(context.Background(), 0, req)
}

// recommendWithin is Recommend with its evaluations stopped after budget,
// or when ctx is done (a budget of 0: only then).
func recommendWithin(ctx context.Context, budget time.Duration, req EvaluateRequest) (RecommendResponse, error) {
	in, err := prepare(req)
	if err != nil {
		return RecommendResponse{}, err
	}
	in, cancel := in.within(ctx, budget)
	defer cancel()
	results, err := in.evaluate(in.w, in.archs)
	if err != nil {
		return RecommendResponse{}, err
	}
	resp := in.recommendation(results)
	// A re-evaluation the budget stopped is a configuration or a
	// relaxation decide could not verify: the answer would be partial.
	return resp, in.outran(in.context().Err())
}

// recommendation is the public form of a recommendation on the results.
func (in input) recommendation(results []model.Result) RecommendResponse {
	rec := decide.Recommend(results, in.w, in.r, in.reevaluator())
	if in.prof.Given("vcpus") {
		// Said, as the reevaluator refuses other sizes silently (review of
		// 2026-11-28: vcpus=8, the built-in's own, priced a small load at
		// four times what the request without it did).
		rec.Rationale = append(rec.Rationale, fmt.Sprintf("The request's profile gives the node (vcpus %d): every option runs on it, and no other size of its instance family is judged.", in.prof.Values.Node.VCPUs))
	}
	resp := RecommendResponse{
		ModelVersion: ModelVersion, Profile: in.prof, Workload: echoWorkload(in.w), Requirements: echoRequirements(in.r),
		Ranking: append([]string{}, rec.Ranking...), Rationale: rec.Rationale, Relax: []Relaxation{},
		Options: make([]Option, len(rec.Options)),
	}
	if rec.Recommended != "" {
		resp.Recommendation = &rec.Recommended
	}
	for i, o := range rec.Options {
		opt := Option{Architecture: o.Label, Status: string(o.Status), Reasons: newReasons(o.Reasons), Configured: newChanges(o.Configured),
			ReasonsAsListed: newReasons(o.AsListed), Result: newResult(o.Result), listed: newSpec(o.Listed), storage: string(in.archs[i].Storage)}
		resp.Options[i] = opt
	}
	for _, rl := range rec.Relax {
		resp.Relax = append(resp.Relax, Relaxation{Architecture: rl.Label, Changes: newChanges(rl.Changes)})
	}
	return resp
}

// newReasons is the public form of reasons (never null).
func newReasons(rs []decide.Reason) []Reason {
	out := []Reason{}
	for _, r := range rs {
		out = append(out, Reason{Requirement: r.Requirement, Value: r.Value, Limit: r.Limit, Detail: r.Detail})
	}
	return out
}

// newChanges is the public form of changes (never null).
func newChanges(cs []decide.Change) []Change {
	out := []Change{}
	for _, c := range cs {
		out = append(out, Change{Requirement: c.Requirement, From: c.From, To: c.To, Detail: c.Detail})
	}
	return out
}

// reevaluator returns decide's Reevaluator of the input: it evaluates the
// i-th architecture as the request gave it again, under workload w and
// requirements r, after edit (when non-nil) has changed a copy of it.
//
// One reevaluator serves one recommendation: it evaluates each distinct
// architecture, workload and requirements once, so that identical
// options, and relaxations that meet an earlier one's evaluation, share it
// (review of 2026-11-28: sixteen identical options bisected their clients
// sixteen times, 16 s). The engine is a pure function of its input. A
// node the request's profile gives (vcpus set) is every option's own: no
// other size of it is judged, as for an option's own vcpus (review of
// 2026-11-28: a profile of 16 vCPUs was configured down to 2).
func (in input) reevaluator() decide.Reevaluator {
	seen := map[string]model.Result{}
	return func(i int, w model.Workload, r model.Requirements, edit func(*model.Architecture)) (model.Result, error) {
		a := in.archs[i]
		if edit != nil {
			edit(&a)
		}
		if a.VCPUs != in.archs[i].VCPUs && in.prof.Given("vcpus") {
			return model.Result{}, &model.ParamError{Field: "vcpus", Err: model.ErrOutOfRange, Detail: "the profile's node is given: no other size is judged"}
		}
		if a.VolumeIOPS != in.archs[i].VolumeIOPS && in.prof.Given("network_iops") {
			return model.Result{}, &model.ParamError{Field: "volume_iops", Err: model.ErrOutOfRange, Detail: "the profile's volume IOPS are given: no other provisioning is judged"}
		}
		if a.VolumeBandwidth != in.archs[i].VolumeBandwidth && in.prof.Given("network_bandwidth_mb_per_sec") {
			return model.Result{}, &model.ParamError{Field: "volume_mb_per_sec", Err: model.ErrOutOfRange, Detail: "the profile's volume throughput is given: no other provisioning is judged"}
		}
		key, kerr := appendKey(nil, reflect.ValueOf(struct {
			a model.Architecture
			w model.Workload
			r model.Requirements
		}{a, w, r}))
		if res, ok := seen[string(key)]; ok && kerr == nil {
			return res, nil
		}
		res, err := in.evaluateOne(a, w, r)
		if err == nil && kerr == nil {
			seen[string(key)] = res
		}
		return res, err
	}
}

// echoRequirements returns the requirements with every default filled in
// (a negative RPO or RTO, meaning none, is left out).
func echoRequirements(r model.Requirements) Requirements {
	out := Requirements{
		Survive:        append([]string{}, r.Survive...),
		ReadYourWrites: r.ReadYourWrites, MonotonicReads: r.MonotonicReads, SnapshotIsolation: r.SnapshotIsolation,
	}
	set := func(v float64) *float64 { return &v }
	out.TargetUtilization = set(float64(r.TargetUtilization))
	out.LostUpdatesPerSec = set(float64(r.LostUpdates))
	if r.P99Read > 0 {
		out.P99ReadMs = set(r.P99Read.Ms())
	}
	if r.P99Write > 0 {
		out.P99WriteMs = set(r.P99Write.Ms())
	}
	if r.RPO >= 0 {
		out.RPOSeconds = set(float64(r.RPO))
	}
	if r.RTO >= 0 {
		out.RTOSeconds = set(float64(r.RTO))
	}
	return out
}

// postRecommend godoc
//
//	@Summary		Recommend an architecture for a workload and its requirements
//	@Description	Evaluates the architectures as POST /v1/evaluate does, then judges each against the requirements (p99_read_ms, p99_write_ms, rpo_seconds, rto_seconds, survive, read_your_writes, monotonic_reads, snapshot_isolation, lost_updates_per_sec — default 0 —, and the offered load at target_utilization): `feasible`, or `ruled_out` with reasons that name the requirement, the model's value and the limit. Feasible options are ranked simplest first (the lecture's order: single-node, network-attached-storage, hot-standby, read-replicas, dbms-optimized-storage, sharded, distributed-sql, active-active), then by cost, then by latency headroom; an option that costs under half of the simplest feasible one's is recommended instead, and the rationale says so. When nothing is feasible, `relax` says what to relax and by how much for each option; a saturated option is evaluated again at the load it carries within target_utilization, so that its relaxation is met.
//	@Description
//	@Description	`format`: `json`, `md` (a complete MADR 4.0 architecture decision record), `csv`/`tsv` (one row per option), `txt` (the recommended id, or `none`; with `field=<architecture>.<metric>` one number as on /v1/evaluate).
//	@Tags			recommend
//	@Accept			json
//	@Produce		json
//	@Produce		text/markdown
//	@Produce		text/csv
//	@Produce		text/tab-separated-values
//	@Produce		text/plain
//	@Produce		application/problem+json
//	@Param			request	body		EvaluateRequest	true	"workload, requirements, profile and architectures (all optional)"
//	@Param			format	query		string			false	"representation (wins over Accept)"																																							Enums(json, md, csv, tsv, txt)
//	@Param			field	query		string			false	"one number as text/plain (format=txt, implied): <architecture>.<path into the result's JSON (a path's steps by name: commit_path.wal_flush.ms)> or <architecture>.<numeric CSV column>"	example(hot-standby.write.p99_ms)
//	@Success		200		{object}	RecommendResponse
//	@Failure		400		{object}	Problem	"malformed JSON"
//	@Failure		413		{object}	Problem	"body over 1 MiB"
//	@Failure		415		{object}	Problem	"not application/json"
//	@Failure		422		{object}	Problem	"a value out of range, an unknown field, architecture or profile; an evaluation over the server's time budget"
//	@Router			/v1/recommend [post]
func (s *Server) postRecommend(c echo.Context) error {
	body, err := readBody(c, "format", "field")
	if err != nil {
		return err
	}
	resp, err := s.recommend(c, body)
	if err != nil {
		return bodyError(err, body)
	}
	return respond(c, recommendation(c, resp))
}

// getRecommend godoc
//
//	@Summary		Recommend an architecture from query parameters
//	@Description	The same as POST /v1/recommend from flat query parameters, as on GET /v1/evaluate: workload and requirements fields by name (`writes_per_sec=2000&p99_write_ms=20&rpo_seconds=0&survive=zone`), `profile`, profile overrides, `architectures` and `<architecture>.<override>`. `format=txt` returns the recommended id for a spreadsheet cell; `format=md` an ADR.
//	@Tags			recommend
//	@Produce		json
//	@Produce		text/markdown
//	@Produce		text/csv
//	@Produce		text/tab-separated-values
//	@Produce		text/plain
//	@Produce		application/problem+json
//	@Param			workload				query		Workload		false	"workload fields"
//	@Param			client_region_weights	query		string			false	"the clients' regions with their weights, name:weight pairs (a map in the POST body's workload)"	example(us-east-1:0.7,eu-central-1:0.3)
//	@Param			requirements			query		Requirements	false	"requirements fields"
//	@Param			profile					query		string			false	"built-in profile name (GET /v1/profiles lists them)"																																		default(lecture)	example(aws-gp3)
//	@Param			architectures			query		string			false	"comma-separated architecture ids (default: all)"																																			example(single-node,hot-standby)
//	@Param			format					query		string			false	"representation (wins over Accept)"																																							Enums(json, md, csv, tsv, txt)
//	@Param			field					query		string			false	"one number as text/plain (format=txt, implied): <architecture>.<path into the result's JSON (a path's steps by name: commit_path.wal_flush.ms)> or <architecture>.<numeric CSV column>"	example(hot-standby.write.p99_ms)
//	@Success		200						{object}	RecommendResponse
//	@Failure		422						{object}	Problem	"a parameter out of range or unknown; an evaluation over the server's time budget"
//	@Router			/v1/recommend [get]
func (s *Server) getRecommend(c echo.Context) error {
	body, ids, err := requestFromQuery(c.QueryParams())
	if err != nil {
		return s.withChecks(c, err, body, ids)
	}
	resp, err := s.recommend(c, body)
	if err != nil {
		return toParameters(bodyError(err, body), ids)
	}
	return respond(c, recommendation(c, resp))
}

func (s *Server) recommend(c echo.Context, body []byte) (RecommendResponse, error) {
	req, err := s.decode(c, body)
	if err != nil {
		return RecommendResponse{}, err
	}
	return recommendWithin(c.Request().Context(), s.budget, req)
}

// recommendation offers a recommendation's formats.
func recommendation(c echo.Context, resp RecommendResponse) renderers {
	return renderers{
		"json": func(w io.Writer) error { return WriteJSON(w, resp) },
		"csv":  func(w io.Writer) error { return WriteOptionsCSV(w, resp, ',') },
		"tsv":  func(w io.Writer) error { return WriteOptionsCSV(w, resp, '\t') },
		"md": func(w io.Writer) error {
			return WriteADR(w, resp, ADROptions{Date: time.Now().UTC().Format(time.DateOnly)})
		},
		"txt": func(w io.Writer) error {
			if c.QueryParam("field") == "" {
				id := "none"
				if resp.Recommendation != nil {
					id = *resp.Recommendation
				}
				_, err := io.WriteString(w, id)
				return err
			}
			return evaluation(c, resp.evaluation())["txt"](w)
		},
	}
}

// evaluation is the recommendation's evaluation alone.
func (r RecommendResponse) evaluation() EvaluateResponse {
	resp := EvaluateResponse{ModelVersion: r.ModelVersion, Profile: r.Profile, Workload: r.Workload, Results: make([]Result, len(r.Options))}
	for i, o := range r.Options {
		resp.Results[i] = o.Result
	}
	return resp
}
