package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/pgarch/pgarch/calibration"
)

// postEvaluate godoc
//
//	@Summary		Evaluate architectures for a workload
//	@Description	Evaluates every requested architecture (default: all the engine knows) for the workload, requirements and profile in the body, and returns latency percentiles, throughput headroom, bottleneck, cache hit ratio, RPO/RTO, cost and the lecture's pros and cons per architecture. The JSON is exactly what `pgarch evaluate -o json` prints for the same input.
//	@Description
//	@Description	Every field is optional: `{}` evaluates the built-in default workload on the `lecture` profile. `profile` is a built-in profile's name (a string) or an object `{"name": "aws-gp3", "network_fsync_latency_us": 800}` of overrides; `architectures` items are ids (strings) or objects `{"id": "hot-standby", "sync_commit": "remote_apply"}` (see GET /v1/architectures for the overridable parameters).
//	@Description
//	@Description	`format` (query) picks the representation and wins over `Accept`: `json`, `csv` and `tsv` (one row per architecture, RFC 4180, stable columns), `md` (Markdown table), `txt` (one number, needs `field`).
//	@Tags			evaluate
//	@Accept			json
//	@Produce		json
//	@Produce		text/csv
//	@Produce		text/tab-separated-values
//	@Produce		text/markdown
//	@Produce		text/plain
//	@Produce		application/problem+json
//	@Param			request	body		EvaluateRequest	true	"workload, requirements, profile and architectures (all optional)"
//	@Param			format	query		string			false	"representation (wins over Accept)"																																							Enums(json, csv, tsv, txt, md)
//	@Param			field	query		string			false	"one number as text/plain (format=txt, implied): <architecture>.<path into the result's JSON (a path's steps by name: commit_path.wal_flush.ms)> or <architecture>.<numeric CSV column>"	example(hot-standby.write.p99_ms)
//	@Success		200		{object}	EvaluateResponse
//	@Failure		400		{object}	Problem	"malformed JSON"
//	@Failure		413		{object}	Problem	"body over 1 MiB"
//	@Failure		415		{object}	Problem	"not application/json"
//	@Failure		422		{object}	Problem	"a value out of range, an unknown field, architecture or profile; an evaluation over the server's time budget"
//	@Router			/v1/evaluate [post]
func (s *Server) postEvaluate(c echo.Context) error {
	body, err := readBody(c, "format", "field")
	if err != nil {
		return err
	}
	resp, err := s.evaluate(c, body)
	if err != nil {
		return bodyError(err, body)
	}
	return respond(c, evaluation(c, resp))
}

// getEvaluate godoc
//
//	@Summary		Evaluate architectures from query parameters
//	@Description	The same calculation as POST /v1/evaluate from flat query parameters, for spreadsheets and links: every workload and requirements field by its JSON name (`reads_per_sec=20000&writes_per_sec=2000`), `profile=<name>` plus any profile field as an override (`network_fsync_latency_us=800`, see GET /v1/profiles/{name}), `architectures=single-node,hot-standby`, and architecture overrides as `<architecture>.<override>` (`hot-standby.sync_commit=remote_apply`, `hot-standby.standbys=cross-zone,cross-region`), or `<architecture>#<n>.<override>` for the n-th of several with one id (`hot-standby%232.sync_commit=on`).
//	@Description
//	@Description	`format=csv` suits Google Sheets `IMPORTDATA`; `format=txt&field=hot-standby.write.p99_ms` returns one number for Excel `WEBSERVICE`.
//	@Tags			evaluate
//	@Produce		json
//	@Produce		text/csv
//	@Produce		text/tab-separated-values
//	@Produce		text/markdown
//	@Produce		text/plain
//	@Produce		application/problem+json
//	@Param			workload					query		Workload		false	"workload fields"
//	@Param			client_region_weights		query		string			false	"the clients' regions with their weights, name:weight pairs (a map in the POST body's workload)"	example(us-east-1:0.7,eu-central-1:0.3)
//	@Param			requirements				query		Requirements	false	"requirements fields"
//	@Param			profile						query		string			false	"built-in profile name (GET /v1/profiles lists them)"																																		default(lecture)	example(aws-gp3)
//	@Param			network_fsync_latency_us	query		number			false	"profile override (any profile field works the same way)"																																	minimum(200)		maximum(10000)	example(800)
//	@Param			architectures				query		string			false	"comma-separated architecture ids (default: all)"																																			example(single-node,hot-standby)
//	@Param			format						query		string			false	"representation (wins over Accept)"																																							Enums(json, csv, tsv, txt, md)
//	@Param			field						query		string			false	"one number as text/plain (format=txt, implied): <architecture>.<path into the result's JSON (a path's steps by name: commit_path.wal_flush.ms)> or <architecture>.<numeric CSV column>"	example(hot-standby.write.p99_ms)
//	@Success		200							{object}	EvaluateResponse
//	@Failure		422							{object}	Problem	"a parameter out of range or unknown; an evaluation over the server's time budget"
//	@Router			/v1/evaluate [get]
func (s *Server) getEvaluate(c echo.Context) error {
	body, ids, err := requestFromQuery(c.QueryParams())
	if err != nil {
		return s.withChecks(c, err, body, ids)
	}
	resp, err := s.evaluate(c, body)
	if err != nil {
		return toParameters(bodyError(err, body), ids)
	}
	return respond(c, evaluation(c, resp))
}

// evaluate answers an evaluation from the cache or, on a miss, as
// Evaluate does, and caches the answer.
func (s *Server) evaluate(c echo.Context, body []byte) (EvaluateResponse, error) {
	req, err := s.decode(c, body)
	if err != nil {
		return EvaluateResponse{}, err
	}
	in, err := prepare(req)
	if err != nil {
		return EvaluateResponse{}, err
	}
	in, cancel := in.within(c.Request().Context(), s.budget)
	defer cancel()
	return s.evaluations.evaluate(in)
}

// decode decodes and validates a JSON request: the steps every
// calculation's POST and GET share.
func (s *Server) decode(c echo.Context, body []byte) (EvaluateRequest, error) {
	req, err := DecodeRequest(body)
	if err != nil {
		return req, &decodeError{err}
	}
	return req, checked(req, errors.Join(req.Profile.decodeErr(), c.Validate(&req)))
}

// checked adds, to a request's errors from decoding and validation, those
// only the engine finds (a working set above the data size), so that one
// answer names them all; the problem names each field once.
func checked(req EvaluateRequest, err error) error {
	if err == nil {
		return nil
	}
	_, engine := prepare(req)
	return errors.Join(err, engine)
}

// readBody reads a POST body after checking its query parameters and
// content type; an empty body is the empty request {}.
func readBody(c echo.Context, query ...string) ([]byte, error) {
	if err := checkQuery(c, query...); err != nil {
		return nil, err
	}
	if err := checkJSON(c.Request().Header.Get(echo.HeaderContentType)); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return nil, bodyError(err, nil)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		body = []byte("{}")
	}
	return body, nil
}

// checkJSON accepts an absent Content-Type or a JSON media type.
func checkJSON(contentType string) error {
	if contentType == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err == nil && (mt == echo.MIMEApplicationJSON || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return echo.ErrUnsupportedMediaType
}

// checkQuery rejects query parameters other than the allowed ones.
func checkQuery(c echo.Context, allowed ...string) error {
	var errs []FieldError
	for name := range c.QueryParams() {
		ok := false
		for _, a := range allowed {
			ok = ok || name == a
		}
		if !ok {
			errs = append(errs, FieldError{Parameter: name, Detail: "unknown parameter"})
		}
	}
	if len(errs) > 0 {
		return invalid(errs...)
	}
	return nil
}

// ArchitectureList is the body of GET /v1/architectures.
type ArchitectureList struct {
	Architectures []ArchitectureInfo `json:"architectures"`
}

// architectures godoc
//
//	@Summary		List the architectures
//	@Description	The catalogue of the architectures the engine evaluates: id, name, the layer each distributes, its mechanism, example systems, the lecture's pros, cons and guideline, and the parameters a request may override (with the preset's values).
//	@Tags			catalogue
//	@Produce		json
//	@Produce		application/problem+json
//	@Success		200	{object}	ArchitectureList
//	@Failure		422	{object}	Problem	"a parameter: the catalogue takes none"
//	@Router			/v1/architectures [get]
func (s *Server) architectures(c echo.Context) error {
	return catalogue(c, renderers{"json": func(w io.Writer) error { return WriteJSON(w, ArchitectureList{s.catalogue}) }})
}

// catalogue answers a catalogue endpoint in the formats it offers,
// refusing any parameter but format (review of 2026-11-26: format=csv was
// ignored, and a spreadsheet got the JSON in one cell).
func catalogue(c echo.Context, rs renderers) error {
	for _, name := range slices.Sorted(maps.Keys(c.QueryParams())) {
		if name != "format" {
			return invalid(FieldError{Parameter: name, Detail: "unknown parameter"})
		}
	}
	return respond(c, rs)
}

// ProfileSummary is one entry of GET /v1/profiles.
type ProfileSummary struct {
	Name        string `json:"name" example:"aws-gp3"`
	Description string `json:"description" example:"AWS r6i.2xlarge with a gp3 volume"`
	// PricesDate is when the prices were read (YYYY or YYYY-MM).
	PricesDate string `json:"prices_date" example:"2025"`
}

// ProfileList is the body of GET /v1/profiles.
type ProfileList struct {
	// Default is the profile used when a request names none.
	Default  string           `json:"default" example:"lecture"`
	Profiles []ProfileSummary `json:"profiles"`
}

// ProfileDetail is the body of GET /v1/profiles/{name}: every field with
// its value, unit, range and source.
type ProfileDetail struct {
	Name        string `json:"name" example:"lecture"`
	Description string `json:"description" example:"The lecture's figures"`
	PricesDate  string `json:"prices_date" example:"2025"`
	// PricesDateSource says where the prices come from.
	PricesDateSource string         `json:"prices_date_source"`
	Fields           []ProfileField `json:"fields"`
}

// ProfileField is one numeric field of a profile.
type ProfileField struct {
	// Name is the public name: a JSON key in a profile object and a query
	// parameter of GET /v1/evaluate.
	Name string `json:"name" example:"network_fsync_latency_us"`
	// Unit is the unit of Value, Min and Max ("1" for plain numbers).
	Unit        string `json:"unit" example:"µs"`
	Description string `json:"description" example:"network volume: mean time of one WAL flush"`
	// Value is the profile's value in Unit.
	Value float64 `json:"value" example:"1000"`
	// Min and Max are the accepted range, inclusive, in Unit.
	Min float64 `json:"min" example:"200"`
	Max float64 `json:"max" example:"10000"`
	// Source says where Value comes from.
	Source string `json:"source" example:"S: the lecture notes"`
}

// profiles godoc
//
//	@Summary		List the built-in profiles
//	@Description	Names, descriptions and price dates of the built-in calibration profiles. A request's `profile` names one of them and may override any field.
//	@Tags			catalogue
//	@Produce		json
//	@Produce		application/problem+json
//	@Success		200	{object}	ProfileList
//	@Failure		422	{object}	Problem	"a parameter: the list takes none"
//	@Router			/v1/profiles [get]
func (s *Server) profiles(c echo.Context) error {
	out := ProfileList{Default: calibration.Default().Name, Profiles: []ProfileSummary{}}
	for _, name := range calibration.Names() {
		p, _ := calibration.Lookup(name)
		out.Profiles = append(out.Profiles, ProfileSummary{p.Name, p.Description, p.Values.Prices.Date})
	}
	return catalogue(c, renderers{"json": func(w io.Writer) error { return WriteJSON(w, out) }})
}

// profile godoc
//
//	@Summary		Show one profile
//	@Description	Every field of a built-in profile with its value, unit, accepted range and source. Each field name can be overridden in a request's `profile` object or as a query parameter of GET /v1/evaluate.
//	@Tags			catalogue
//	@Produce		json
//	@Produce		application/problem+json
//	@Produce		text/csv
//	@Param			name	path		string	true	"profile name"																			example(aws-gp3)
//	@Param			format	query		string	false	"json, or csv: one row per field (name, unit, value, min, max, description, source)"	Enums(json, csv)
//	@Success		200		{object}	ProfileDetail
//	@Failure		404		{object}	Problem	"no such profile"
//	@Failure		422		{object}	Problem	"an unknown format or parameter"
//	@Router			/v1/profiles/{name} [get]
func (s *Server) profile(c echo.Context) error {
	name := c.Param("name")
	p, ok := calibration.Lookup(name)
	if !ok {
		return &problemError{status: http.StatusNotFound, typ: ProblemNotFound, title: "Not found",
			detail: "no built-in profile " + quote(name) + " (built-in: " + strings.Join(calibration.Names(), ", ") + ")",
			errors: []FieldError{{Parameter: "name", Detail: "unknown profile"}}}
	}
	// The public values are the profile's JSON form (public units).
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var values map[string]any
	if err := json.Unmarshal(b, &values); err != nil {
		return err
	}
	out := ProfileDetail{Name: p.Name, Description: p.Description, PricesDate: p.Values.Prices.Date, PricesDateSource: p.Sources["prices_date"]}
	for _, f := range calibration.Fields() {
		v, ok := values[f.Name].(float64)
		if !ok {
			return errors.New("api: profile " + p.Name + ": no value for " + f.Name)
		}
		out.Fields = append(out.Fields, ProfileField{f.Name, f.Unit, f.Description, v, f.Min, f.Max, p.Sources[f.Name]})
	}
	return catalogue(c, renderers{
		"json": func(w io.Writer) error { return WriteJSON(w, out) },
		"csv": func(w io.Writer) error {
			cw := newCSV(w, ',')
			cw.Write([]string{"name", "unit", "value", "min", "max", "description", "source"})
			for _, f := range out.Fields {
				num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
				cw.Write([]string{f.Name, f.Unit, num(f.Value), num(f.Min), num(f.Max), f.Description, f.Source})
			}
			cw.Flush()
			return cw.Error()
		},
	})
}

// Health is the body of /livez and /readyz.
type Health struct {
	Status string `json:"status" example:"ok"`
}

// livez godoc
//
//	@Summary		Liveness
//	@Description	200 while the process serves HTTP.
//	@Tags			operations
//	@Produce		json
//	@Success		200	{object}	Health
//	@Router			/livez [get]
func (s *Server) livez(c echo.Context) error {
	return c.JSON(http.StatusOK, Health{"ok"})
}

// readyz godoc
//
//	@Summary		Readiness
//	@Description	200 while the server takes new requests; 503 once shutdown has begun.
//	@Tags			operations
//	@Produce		json
//	@Produce		application/problem+json
//	@Success		200	{object}	Health
//	@Failure		503	{object}	Problem	"shutting down"
//	@Router			/readyz [get]
func (s *Server) readyz(c echo.Context) error {
	if s.draining.Load() {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "shutting down")
	}
	return c.JSON(http.StatusOK, Health{"ok"})
}

// metricsDoc godoc (the handler is promhttp's)
//
//	@Summary		Prometheus metrics
//	@Description	Request counts (pgarch_http_requests_total) and latency histograms (pgarch_http_request_duration_seconds) by route; the evaluation cache's hits, misses and evictions (pgarch_evaluation_cache_hits_total, _misses_total, _evictions_total) and size (pgarch_evaluation_cache_entries, _bytes); Go runtime and process metrics; in the Prometheus text format.
//	@Tags			operations
//	@Produce		plain
//	@Success		200	{string}	string	"Prometheus text exposition format"
//	@Router			/metrics [get]
func metricsDoc() {}

var _ = metricsDoc

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
