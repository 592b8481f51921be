package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// kind is how a flat query parameter's text becomes a JSON value.
type kind int

const (
	number  kind = iota // float64
	integer             // int
	boolean             // true/false
	text                // string
	list                // comma-separated strings
	weights             // comma-separated name:number pairs
)

// paramKinds maps a struct's JSON field names to their kinds.
func paramKinds(t reflect.Type) map[string]kind {
	m := make(map[string]kind, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch ft.Kind() {
		case reflect.Float64:
			m[name] = number
		case reflect.Int:
			m[name] = integer
		case reflect.Bool:
			m[name] = boolean
		case reflect.String:
			m[name] = text
		case reflect.Slice:
			m[name] = list
		case reflect.Map:
			m[name] = weights
		}
	}
	return m
}

var (
	workloadParams     = paramKinds(reflect.TypeFor[Workload]())
	requirementsParams = paramKinds(reflect.TypeFor[Requirements]())
	overrideParams     = func() map[string]kind {
		m := paramKinds(reflect.TypeFor[ArchitectureSpec]())
		delete(m, "id")
		return m
	}()
	profileParams = func() map[string]kind {
		m := make(map[string]kind)
		for _, f := range calibration.Fields() {
			m[f.Name] = number
		}
		m["prices_date"] = text
		return m
	}()
)

// parse converts one query value to its JSON value.
func (k kind) parse(s string) (any, error) {
	switch k {
	case number:
		// A number as JSON writes one: Go's literal forms (1_000, 0x1p10)
		// are not numbers to a spreadsheet or to the POST form.
		s = strings.TrimSpace(s)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || strings.ContainsAny(s, "_xXpP") {
			return nil, errors.New(numberDetail(s))
		}
		return v, nil
	case integer:
		v, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return nil, errors.New("want an integer")
		}
		return v, nil
	case boolean:
		v, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return nil, errors.New("want true or false")
		}
		return v, nil
	case list:
		return splitList(s), nil
	case weights:
		// client_region_weights=us-east-1:0.7,eu-central-1:0.3, the form
		// the API's example shows (review of 2026-11-26: GET refused it).
		out := map[string]any{}
		for _, pair := range splitList(s) {
			name, w, ok := strings.Cut(pair, ":")
			v, err := number.parse(w)
			if !ok || err != nil {
				return nil, errors.New("want name:weight pairs, comma-separated, e.g. us-east-1:0.7,eu-central-1:0.3")
			}
			out[strings.TrimSpace(name)] = v
		}
		return out, nil
	}
	return s, nil
}

// numberDetail refuses s as a number, saying what a number looks like
// here: a spreadsheet in a comma-decimal locale sends 0,5 (review of
// 2026-11-27).
func numberDetail(s string) string {
	d := fmt.Sprintf("want a finite decimal number, got %q", s)
	if strings.Contains(s, ",") {
		return d + ": use \".\" as the decimal point (in a formula, SUBSTITUTE(B1;\",\";\".\"))"
	}
	return d + ": digits and \".\" only, no units or thousands separators"
}

func splitList(s string) []string {
	out := []string{}
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// emptyDetail refuses a parameter given without a value: a spreadsheet
// formula pointing at an empty cell would otherwise get the default's
// answer without a word (review of 2026-11-27: profile= evaluated lecture,
// survive= dropped the requirement).
const emptyDetail = "is empty: give a value, or leave the parameter out for its default"

// requestFromQuery turns GET /v1/evaluate's flat parameters into the JSON
// body POST takes, so that both go through the same decoder, validator and
// engine. It also returns the ids of the architectures in request order,
// for naming an override's parameter in errors (id#n where the n-th of
// several was given its own).
func requestFromQuery(q url.Values) ([]byte, []string, error) {
	var errs []FieldError
	bad := func(name, detail string) { errs = append(errs, FieldError{Parameter: name, Detail: detail}) }
	workload, requirements, overrides := map[string]any{}, map[string]any{}, map[string]any{}
	archOverrides := map[string]map[string]any{}
	var profile string
	var ids []string
	idsGiven := false

	for _, name := range slices.Sorted(maps.Keys(q)) {
		vals := q[name]
		if len(vals) != 1 {
			bad(name, "given more than once")
			continue
		}
		v := vals[0]
		if strings.TrimSpace(v) == "" {
			bad(name, emptyDetail)
			continue
		}
		set := func(dst map[string]any, key string, k kind) {
			x, err := k.parse(v)
			if err != nil {
				bad(name, err.Error())
				return
			}
			dst[key] = x
		}
		switch name {
		case "format", "field":
			continue // read by respond
		case "profile": // an unknown name is the decoder's error, named with the others
			profile = v
			continue
		case "architectures":
			ids, idsGiven = splitList(v), true
			continue
		}
		if k, ok := workloadParams[name]; ok {
			set(workload, name, k)
			continue
		}
		if k, ok := requirementsParams[name]; ok {
			set(requirements, name, k)
			continue
		}
		if k, ok := profileParams[name]; ok {
			set(overrides, name, k)
			continue
		}
		if id, key, ok := strings.Cut(name, "."); ok {
			if k, ok := overrideParams[key]; ok {
				if archOverrides[id] == nil {
					archOverrides[id] = map[string]any{}
				}
				set(archOverrides[id], key, k)
				continue
			}
		}
		bad(name, "unknown parameter"+suggest(name))
	}
	if !idsGiven {
		for _, id := range model.IDs() {
			ids = append(ids, string(id))
		}
	}
	for label := range archOverrides {
		// id.key overrides every architecture with that id, id#n.key the
		// n-th of them (as results and the recommendation number them).
		id, nth, numbered := strings.Cut(label, "#")
		listed := 0
		for _, x := range ids {
			if x == id {
				listed++
			}
		}
		n, err := strconv.Atoi(nth)
		for key := range archOverrides[label] {
			switch {
			case listed == 0:
				bad(label+"."+key, fmt.Sprintf("architecture %q is not evaluated (architectures=%s)", id, strings.Join(ids, ",")))
			case numbered && (err != nil || n < 1 || n > listed || strconv.Itoa(n) != nth): // #02 would name no spec
				bad(label+"."+key, fmt.Sprintf("%s is listed %s, numbered %s#1 to %s#%d", id, times(listed), id, id, listed))
			}
		}
	}
	// A parameter that did not parse is left out of the body, which the
	// caller may still check for the others' errors (withChecks).
	var parse error
	if len(errs) > 0 {
		slices.SortFunc(errs, func(a, b FieldError) int { return strings.Compare(a.Parameter, b.Parameter) })
		parse = invalid(errs...)
	}

	req := map[string]any{}
	if len(workload) > 0 {
		req["workload"] = workload
	}
	if len(requirements) > 0 {
		req["requirements"] = requirements
	}
	switch {
	case len(overrides) > 0:
		if profile != "" {
			overrides["name"] = profile
		}
		req["profile"] = overrides
	case profile != "":
		req["profile"] = profile
	}
	labels := slices.Clone(ids) // the parameters' prefixes, for errors
	if idsGiven || len(archOverrides) > 0 {
		specs := make([]any, len(ids))
		seen := map[string]int{}
		for i, id := range ids {
			seen[id]++
			label := fmt.Sprintf("%s#%d", id, seen[id])
			if archOverrides[label] != nil {
				labels[i] = label
			}
			if archOverrides[id] == nil && archOverrides[label] == nil {
				specs[i] = id
				continue
			}
			spec := map[string]any{"id": id}
			for _, o := range []map[string]any{archOverrides[id], archOverrides[label]} { // the numbered last
				for k, v := range o {
					spec[k] = v
				}
			}
			specs[i] = spec
		}
		req["architectures"] = specs
	}
	b, err := json.Marshal(req)
	if err != nil {
		return nil, nil, err
	}
	return b, labels, parse
}

// times words a count of listings: "once", "2 times".
func times(n int) string {
	if n == 1 {
		return "once"
	}
	return strconv.Itoa(n) + " times"
}

// withChecks adds, to a query's parameters that did not parse, the errors
// of those that did (decoding, validation, the engine's checks), so that
// one answer names them all; nothing is evaluated.
func (s *Server) withChecks(c echo.Context, parse error, body []byte, ids []string) error {
	var pe *problemError
	if body == nil || !errors.As(parse, &pe) {
		return parse
	}
	req, err := s.decode(c, body)
	if err == nil {
		_, err = prepare(req)
	}
	var more *problemError
	if !errors.As(toParameters(bodyError(err, body), ids), &more) {
		return parse
	}
	all := distinct(append(slices.Clone(pe.errors), more.errors...))
	slices.SortFunc(all, func(a, b FieldError) int { return strings.Compare(a.Parameter, b.Parameter) })
	return invalid(all...)
}

// toParameters renames a body problem's JSON pointers to the query
// parameters GET took them from.
func toParameters(err error, ids []string) error {
	var pe *problemError
	if !errors.As(err, &pe) {
		return err
	}
	out := *pe
	out.errors = make([]FieldError, len(pe.errors))
	for i, fe := range pe.errors {
		out.errors[i] = FieldError{Parameter: parameterFor(fe.Pointer, ids), Detail: fe.Detail}
	}
	// Pointers into one list (survive/0, survive) name one parameter: once.
	out.errors = distinct(out.errors)
	return &out
}

func parameterFor(pointer string, ids []string) string {
	seg := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	switch {
	case len(seg) >= 2 && (seg[0] == "workload" || seg[0] == "requirements" || seg[0] == "profile"):
		return seg[1]
	case len(seg) >= 3 && seg[0] == "architectures":
		if i, err := strconv.Atoi(seg[1]); err == nil && i >= 0 && i < len(ids) {
			return ids[i] + "." + seg[2]
		}
		return "architectures"
	}
	return seg[0]
}

// Output formats and their media types.
var formats = map[string]string{
	"json": "application/json",
	"csv":  "text/csv; charset=utf-8",
	"tsv":  "text/tab-separated-values; charset=utf-8",
	"md":   "text/markdown; charset=utf-8",
	"txt":  "text/plain; charset=utf-8",
	"svg":  "image/svg+xml",
	"png":  "image/png",
}

// renderers are the formats an endpoint offers, each writing the response.
type renderers map[string]func(w io.Writer) error

// names lists the formats in a stable order for error messages.
func (rs renderers) names() string {
	return strings.Join(slices.Sorted(maps.Keys(rs)), ", ")
}

// outputFormat picks the representation: the format parameter, else the
// Accept media type of the highest quality the endpoint offers (the first
// of equal ones; RFC 9110 §12.5.1: q=0 is "not acceptable"), else JSON.
func outputFormat(c echo.Context, rs renderers) (string, error) {
	field := c.QueryParam("field")
	for _, name := range []string{"format", "field", "chart", "metric"} { // the renderers' parameters
		if c.QueryParams().Has(name) && strings.TrimSpace(c.QueryParam(name)) == "" {
			return "", invalid(FieldError{Parameter: name, Detail: emptyDetail})
		}
	}
	if f := c.QueryParam("format"); f != "" {
		if _, ok := rs[f]; !ok {
			return "", invalid(FieldError{Parameter: "format", Detail: "must be one of: " + rs.names()})
		}
		if field != "" && f != "txt" {
			return "", invalid(FieldError{Parameter: "field", Detail: "picks one number, as format=txt: leave it out for format=" + f})
		}
		return f, nil
	}
	if _, ok := rs["txt"]; ok && field != "" {
		// A field asks for one number, whatever a spreadsheet's request
		// accepts (review of 2026-11-26: field without format gave 66 KB
		// of JSON, over Excel WEBSERVICE's 32,767 characters).
		return "txt", nil
	}
	best, bestQ := "", 0.0
	for _, part := range strings.Split(c.Request().Header.Get(echo.HeaderAccept), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if q, err = strconv.ParseFloat(v, 64); err != nil || !(q >= 0 && q <= 1) {
				continue
			}
		}
		var f string
		switch mt {
		case "application/json", "*/*", "application/*":
			f = "json"
		case "text/csv":
			f = "csv"
		case "text/tab-separated-values":
			f = "tsv"
		case "text/markdown":
			f = "md"
		case "image/svg+xml":
			f = "svg"
		case "image/png":
			f = "png"
		case "text/plain":
			if field != "" || c.Path() == "/v1/recommend" { // recommend's text is the chosen id
				f = "txt"
			}
		}
		if _, ok := rs[f]; ok && q > bestQ {
			best, bestQ = f, q
		}
	}
	if best == "" {
		return "json", nil
	}
	return best, nil
}

// respond writes a response in the requested format.
func respond(c echo.Context, rs renderers) error {
	format, err := outputFormat(c, rs)
	if err != nil {
		return err
	}
	buf := responseBufferPool.Get().(*bytes.Buffer)
	defer releaseResponseBuffer(buf)
	err = rs[format](buf)
	var uv *json.UnsupportedValueError
	if errors.As(err, &uv) {
		// A non-finite number in a float64 field of the result: JSON cannot
		// carry it. The engine should report it as null; until it does, say
		// so instead of failing with a 500.
		return &problemError{status: http.StatusUnprocessableEntity, typ: ProblemUnrepresentable, title: "Result not representable",
			detail: "the result for this input holds a number JSON cannot carry (" + uv.Str + "); use format=csv or lower the load"}
	}
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, formats[format], buf.Bytes())
}

// responseBufferPool holds respond's buffers for reuse: c.Blob copies the
// body out before respond returns.
var responseBufferPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// releaseResponseBuffer returns buf to the pool unless it grew too large.
func releaseResponseBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledJSON {
		buf.Reset()
		responseBufferPool.Put(buf)
	}
}

// evaluation offers an evaluation's formats.
func evaluation(c echo.Context, resp EvaluateResponse) renderers {
	return renderers{
		"json": func(w io.Writer) error { return WriteJSON(w, resp) },
		"csv":  func(w io.Writer) error { return WriteCSV(w, resp, ',') },
		"tsv":  func(w io.Writer) error { return WriteCSV(w, resp, '\t') },
		"md":   func(w io.Writer) error { return WriteMarkdown(w, resp) },
		"txt": func(w io.Writer) error {
			v, err := resolveField(resp, c.QueryParam("field"))
			if err == nil {
				_, err = io.WriteString(w, strconv.FormatFloat(v, 'f', -1, 64))
			}
			return err
		},
	}
}

// resultIndex finds a result by its label: an architecture's id, or
// id#n for the n-th of several with that id, as the recommendation names
// them (a bare id listed more than once is ambiguous).
func resultIndex(results []Result, label string) (int, error) {
	id, nth, numbered := strings.Cut(label, "#")
	var at []int
	for i, r := range results {
		if r.Architecture == id {
			at = append(at, i)
		}
	}
	n, err := strconv.Atoi(nth)
	switch {
	case len(at) == 0:
		ids := make([]string, len(results))
		for i, r := range results {
			ids[i] = r.Architecture
		}
		return 0, fmt.Errorf("architecture %q is not in the results (%s)%s", id, strings.Join(slices.Compact(slices.Sorted(slices.Values(ids))), ", "), nearest(id, ids))
	case !numbered && len(at) > 1:
		return 0, fmt.Errorf("%s is listed %d times: name one as %s#1 to %s#%d", id, len(at), id, id, len(at))
	case !numbered:
		return at[0], nil
	case err != nil || n < 1 || n > len(at):
		return 0, fmt.Errorf("%q: %s is listed %d times, numbered from %s#1", label, id, len(at), id)
	}
	return at[n-1], nil
}

// resolveField returns the number at field, "<architecture>.<path>", where
// path walks the architecture's result in its JSON form: object keys and
// array elements by index or by name, separated by dots (write.p99_ms,
// cost_usd_per_month.total, commit_path.wal_flush.ms,
// availability.failures.zone.rto_seconds).
func resolveField(resp EvaluateResponse, field string) (float64, error) {
	fail := func(detail string) error {
		return invalid(FieldError{Parameter: "field", Detail: detail})
	}
	if field == "" {
		return 0, fail("format=txt needs field=<architecture>.<metric>, e.g. hot-standby.write.p99_ms")
	}
	id, path, ok := strings.Cut(field, ".")
	if !ok || path == "" {
		return 0, fail("want <architecture>.<metric>, e.g. hot-standby.write.p99_ms")
	}
	i, err := resultIndex(resp.Results, id)
	if err != nil {
		return 0, fail(err.Error())
	}
	// A null is a result, not a mistake: its own problem type, so that a
	// sheet can tell it from a typo (review of 2026-11-27).
	nullErr := fmt.Sprintf("%s.%s is null (saturated, unbounded, or without a limit)", id, path)
	null := &problemError{status: http.StatusUnprocessableEntity, typ: ProblemNoValue, title: "No value",
		detail: nullErr, errors: []FieldError{{Parameter: "field", Detail: nullErr}}}
	// absent is the mistake of asking for a class the workload has none of
	// (read, write, analytical), by its JSON member or its CSV columns
	// alike (UX review of 2026-11-27: the column's answer was "null
	// (saturated …)", the member's this).
	absent := func(class string) error {
		rates := map[string]*float64{"read": resp.Workload.ReadsPerSec, "write": resp.Workload.WritesPerSec, "analytical": resp.Workload.AnalyticalPerSec}
		names := map[string]string{"read": "reads_per_sec", "write": "writes_per_sec", "analytical": "analytical_per_sec"}
		if r, ok := rates[class]; ok && val(r) == 0 {
			return fail(fmt.Sprintf("%s has no %q: the workload has no such requests (%s 0)", id, path, names[class]))
		}
		return nil
	}
	if c := metric(path); c != nil {
		// A numeric CSV column's name works as well (write_p99_ms,
		// rpo_seconds; cost_usd_per_month, the total: review of
		// 2026-11-27, it answered that the JSON member is an object).
		if v := c.value(resp.Results[i]); v != nil {
			return *v, nil
		}
		if class, _, ok := strings.Cut(path, "_"); ok {
			if err := absent(class); err != nil {
				return 0, err
			}
		}
		return 0, null
	}
	raw, err := json.Marshal(resp.Results[i])
	if err != nil {
		return 0, err
	}
	// Descend one level at a time, decoding only the objects and arrays
	// on the path (json.RawMessage leaves the rest undecoded).
	for _, key := range strings.Split(path, ".") {
		if raw, ok, err = jsonChild(raw, key); err != nil {
			return 0, err
		}
		if !ok {
			// The class itself missing: the workload has none of it.
			if key == strings.SplitN(path, ".", 2)[0] {
				if err := absent(key); err != nil {
					return 0, err
				}
			}
			return 0, fail(fmt.Sprintf("%s has no %q: give a path into its JSON result (write.p99_ms, availability.rpo_seconds, cost_usd_per_month.total, …) or a numeric CSV column (%s)", id, path, strings.Join(metricNames(), ", ")))
		}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return 0, err
	}
	switch x := v.(type) {
	case float64:
		return x, nil
	case nil:
		return 0, null
	case map[string]any:
		return 0, fail(fmt.Sprintf("%s.%s is an object: add one of its members (%s)", id, path, strings.Join(slices.Sorted(maps.Keys(x)), ", ")))
	}
	return 0, fail(fmt.Sprintf("%s.%s is not a number", id, path))
}

// jsonChild returns the member key of the JSON object raw, or its element
// at index key if raw is an array; ok is false if there is none or raw is
// neither.
func jsonChild(raw json.RawMessage, key string) (child json.RawMessage, ok bool, err error) {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 {
		return nil, false, nil
	}
	switch raw[0] {
	case '{':
		var m map[string]json.RawMessage
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, false, err
		}
		child, ok = m[key]
		return child, ok, nil
	case '[':
		var a []json.RawMessage
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, false, err
		}
		if n, err := strconv.Atoi(key); err == nil {
			if n < 0 || n >= len(a) {
				return nil, false, nil
			}
			return a[n], true, nil
		}
		return named(a, key)
	}
	return nil, false, nil
}

// named returns the element of a that is named key, by its step (a path's)
// or its kind (a failure's), if exactly one is: a path's steps come and go
// with the request, so a name keeps meaning one step where an index does
// not (review of 2026-11-27: commit_path.3 was the WAL flush until hot
// rows put the lock wait before it).
func named(a []json.RawMessage, key string) (json.RawMessage, bool, error) {
	var found json.RawMessage
	var at []string
	for i, el := range a {
		var names struct{ Step, Kind string }
		if err := json.Unmarshal(el, &names); err != nil {
			return nil, false, nil // not objects: no names
		}
		if names.Step == key || names.Kind == key {
			found = el
			at = append(at, strconv.Itoa(i))
		}
	}
	if len(at) > 1 {
		// A Citus reference write's own steps beside the commit's may
		// share a name: the index says which.
		return nil, false, invalid(FieldError{Parameter: "field", Detail: fmt.Sprintf("%q names %d steps here: give its index instead (%s)", key, len(at), strings.Join(at, " or "))})
	}
	return found, found != nil, nil
}

// suggest returns `; did you mean "x"?` for the query parameter nearest
// name, within an edit distance of a quarter of its length (at least 2), or
// "" (review of 2026-11-27: writes_per_second met "unknown parameter").
// Query parameters share one namespace but an override's id prefix.
func suggest(name string) string {
	known := []string{"format", "field", "profile", "architectures"}
	for _, m := range []map[string]kind{workloadParams, requirementsParams, profileParams} {
		known = append(known, slices.Collect(maps.Keys(m))...)
	}
	if id, _, dotted := strings.Cut(name, "."); dotted {
		known = known[:0]
		for k := range overrideParams {
			known = append(known, id+"."+k)
		}
	}
	return nearest(name, known)
}

// suggestField is suggest for a body's field at pointer: the names of the
// object it is in (the workload's, an architecture's, …), or, for a name
// another object holds, where it belongs.
func suggestField(name, pointer string) string {
	sections := map[string]map[string]kind{"workload": workloadParams, "requirements": requirementsParams, "profile": profileParams, "architectures": overrideParams}
	own := map[string]string{"profile": "name", "architectures": "id"} // fields beside the parameters
	seg := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	in, ok := sections[seg[0]]
	if !ok || len(seg) < 2 {
		return nearest(name, []string{"workload", "requirements", "profile", "architectures"})
	}
	if _, valid := in[name]; valid || own[seg[0]] == name {
		return "" // the pointer found the name where it is valid: no better name to offer
	}
	for _, section := range slices.Sorted(maps.Keys(sections)) {
		if _, there := sections[section][name]; there && section != seg[0] {
			return fmt.Sprintf(": a field of %s, not here", section)
		}
	}
	candidates := slices.Collect(maps.Keys(in))
	if f := own[seg[0]]; f != "" {
		candidates = append(candidates, f)
	}
	return nearest(name, candidates)
}

// nearest returns `; did you mean "x"?` for the candidate nearest name,
// within an edit distance of a quarter of its length (at least 2), or "".
func nearest(name string, candidates []string) string {
	best, bestD := "", max(2, len(name)/4)+1
	for _, k := range slices.Sorted(slices.Values(candidates)) {
		if d := editDistance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
