package api

import (
	"bytes"
	_ "embed"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/pgarch/pgarch/chart"
	"github.com/pgarch/pgarch/decide"
	"github.com/pgarch/pgarch/model"
)

//go:embed report.html
var reportHTML string

var reportPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"ms":       msText,
	"seconds":  secondsText,
	"headroom": headroom,
	"percent":  func(v float64) string { return decide.FormatNumber(100*v) + " %" },
	"usd":      func(v float64) string { return "$" + decide.FormatNumber(v) },
	"number":   decide.FormatNumber,
	"deref":    func(p *int) int { return *p },
	"is":       func(p *string, s string) bool { return p != nil && *p == s },
	"p50":      func(l *Latency) *float64 { return latencyField(l, func(l *Latency) *float64 { return l.P50Ms }) },
	"p99":      func(l *Latency) *float64 { return latencyField(l, func(l *Latency) *float64 { return l.P99Ms }) },
}).Parse(reportHTML))

// report is what the report page shows: the recommendation of the query,
// the charts of a sweep of the same query, and links to the other forms.
type report struct {
	Recommend RecommendResponse
	Sweep     SweepResponse
	Caption   string          // what the charts show (caption)
	Charts    []template.HTML // inline SVG
	Links     []reportLink
}

// caption says what the charts show: the sizes they hold (the sweep's,
// chosen at the query's own value of the swept field when the range holds
// it, else at the first point) and, where they are drawn, the latency
// curves (review of 2026-11-26: "as sized for the query's load" over charts
// sized at the first point, and a latency sentence over no latency chart).
func caption(s SweepResponse) string {
	v := s.Vary
	sized := "as sized at " + v.Field + " = " + num(s.SizedAt)
	switch {
	case s.Resize:
		sized = "re-sized at every point (resize=true)"
	case s.ownSize:
		sized += ", the query's own value"
	default:
		sized += ", the sweep's first point"
	}
	latency := ""
	if slices.Contains(s.Metrics, "write_p99_ms") || slices.Contains(s.Metrics, "read_p99_ms") {
		latency = "latency rises as queues fill, and "
	}
	return "Each architecture " + sized + ", with " + v.Field + " from " + num(v.From) + " to " + num(v.To) +
		" (" + v.Scale + "): " + latency + "a dashed line marks where each saturates."
}

type reportLink struct{ Label, URL string }

// The report's sweep when the query names none: the offered load from a
// tenth to ten times the query's, where the hockey sticks show (further
// where the recommended option's knee lies beyond: withReportSweep).
var reportVary = Vary{Field: loadScale, From: 0.1, To: 10, Points: 60, Scale: "log"}

// getReport godoc
//
//	@Summary		A report page: the recommendation, the comparison and the charts of a query
//	@Description	One HTML page for people: the recommendation and its rationale, each architecture's status, reasons and figures, the latency-vs-load chart and the crossover chart of a sweep, and links to the JSON, CSV and ADR forms of the same query. It takes GET /v1/recommend's parameters, plus the sweep's (`vary`, `from`, `to`, `points`, `scale`; default `load_scale` from 0.1 to 10 on a log scale, or to twice the recommended option's headroom where that is more, at most 1000). Self-contained: no scripts, styles or images from elsewhere, so it renders offline and can be saved.
//	@Tags			report
//	@Produce		html
//	@Produce		application/problem+json
//	@Param			workload				query		Workload		false	"workload fields"
//	@Param			client_region_weights	query		string			false	"the clients' regions with their weights, name:weight pairs (a map in the POST body's workload)"	example(us-east-1:0.7,eu-central-1:0.3)
//	@Param			requirements			query		Requirements	false	"requirements fields"
//	@Param			profile					query		string			false	"built-in profile name"								default(lecture)	example(aws-gp3)
//	@Param			architectures			query		string			false	"comma-separated architecture ids (default: all)"	example(single-node,hot-standby)
//	@Param			vary					query		string			false	"the swept field of the charts"						default(load_scale)
//	@Param			from					query		number			false	"first value"										default(0.1)
//	@Param			to						query		number			false	"last value"										default(10)
//	@Param			points					query		integer			false	"values"											default(60)
//	@Param			scale					query		string			false	"spacing"											Enums(linear, log)	default(log)
//	@Success		200						{string}	string			"an HTML page"
//	@Failure		422						{object}	Problem			"a parameter out of range or unknown, or an evaluation over the server's time budget (an HTML page where the request accepts text/html)"
//	@Router			/v1/report [get]
func (s *Server) report(c echo.Context) error {
	err := s.reportBody(c)
	var pe *problemError
	if err == nil || !errors.As(err, &pe) || !strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "text/html") {
		return err
	}
	// A person following a link gets the problem as a page (review of
	// 2026-11-27: a mistyped link answered a browser in JSON).
	var page bytes.Buffer
	if err := problemPage.Execute(&page, struct {
		Title, Detail string
		Errors        []FieldError
	}{pe.title, pe.detail, pe.errors}); err != nil {
		return err
	}
	return c.HTMLBlob(pe.status, page.Bytes())
}

// problemPage shows a problem to a browser: its title, detail and each
// offending parameter.
var problemPage = template.Must(template.New("problem").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>pgarch: {{.Title}}</title></head>
<body><h1>{{.Title}}</h1><p>{{.Detail}}</p><ul>
{{range .Errors}}<li><code>{{.Parameter}}{{.Pointer}}</code>: {{.Detail}}</li>
{{end}}</ul><p><a href="/docs/">API documentation</a></p></body></html>
`))

// reportBody writes the report page.
func (s *Server) reportBody(c echo.Context) error {
	for _, name := range []string{"format", "field"} { // the sweep's and evaluate's, not the page's
		if c.QueryParams().Has(name) {
			return invalid(FieldError{Parameter: name, Detail: "unknown parameter: the report is one HTML page"})
		}
	}
	q := withReportSweep(c.QueryParams(), 0)
	if !q.Has("metrics") {
		q.Set("metrics", "write_p99_ms,read_p99_ms,cost_usd_per_month,"+costPerRequest)
	}
	req, body, ids, err := sweepFromQuery(q)
	if err != nil {
		return s.withChecks(c, err, body, ids)
	}
	rec, err := recommendWithin(c.Request().Context(), s.budget, req.EvaluateRequest)
	if err != nil {
		return toParameters(bodyError(err, nil), ids)
	}
	headroom := reportHeadroom(rec)
	if headroom > 0 && !c.QueryParams().Has("vary") {
		q.Set("to", withReportSweep(c.QueryParams(), headroom).Get("to"))
		if req, body, ids, err = sweepFromQuery(q); err != nil {
			return s.withChecks(c, err, body, ids)
		}
	}
	sw, err := s.sweep(c, req)
	if err != nil {
		return toParameters(sweepParameters(bodyError(err, nil)), ids)
	}
	rep := report{Recommend: rec, Sweep: sw, Caption: caption(sw), Links: links(c.QueryParams(), headroom)}
	// The crossover chart draws the figure's default: the cost, per
	// request/s under a closed load, else the sweep's first metric.
	for _, f := range []struct{ kind, metric string }{{LatencyChart, "write_p99_ms"}, {LatencyChart, "read_p99_ms"}, {CrossoverChart, ""}} {
		if f.kind == LatencyChart && !slices.Contains(sw.Metrics, f.metric) {
			continue // the query's metrics leave it out
		}
		fig, err := sw.Figure(f.kind, f.metric)
		if err != nil {
			return err
		}
		var svg bytes.Buffer
		if err := fig.Write(&svg, chart.SVG); err != nil {
			return err
		}
		rep.Charts = append(rep.Charts, inlineSVG(svg.String()))
	}
	var page bytes.Buffer
	if err := reportPage.Execute(&page, rep); err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, page.Bytes())
}

// inlineSVG makes an SVG document an element of an HTML page: without its
// XML declaration, scaled to the page's width.
func inlineSVG(doc string) template.HTML {
	if i := strings.Index(doc, "<svg"); i >= 0 {
		doc = doc[i:]
	}
	doc = strings.Replace(doc, "<svg ", `<svg class="chart" preserveAspectRatio="xMinYMin meet" `, 1)
	return template.HTML(doc) // produced by package chart from numbers and our own labels
}

// reportHeadroom is how far the recommended option's load can grow, the
// report's sweep's reach (0 where none is recommended, or it has no bound).
func reportHeadroom(rec RecommendResponse) float64 {
	for _, o := range rec.Options {
		if rec.Recommendation != nil && o.Architecture == *rec.Recommendation && o.Result.MaxThroughputScale != nil {
			return *o.Result.MaxThroughputScale
		}
	}
	return 0
}

// links are the other forms of the same query, the sweep's to the
// recommended option's headroom (reportHeadroom).
func links(q url.Values, headroom float64) []reportLink {
	base := cloneValues(q)
	for _, name := range []string{"vary", "from", "to", "points", "scale", "metrics", "resize"} {
		base.Del(name)
	}
	with := func(path string, extra ...string) string {
		v := cloneValues(base)
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	sweep := withReportSweep(q, headroom)
	sweep.Set("format", "csv")
	return []reportLink{
		{"Recommendation (JSON)", with("/v1/recommend")},
		{"Architecture decision record (Markdown)", with("/v1/recommend", "format", "md")},
		{"Comparison (CSV)", with("/v1/recommend", "format", "csv")}, // the page's table: status, rank and reasons too
		{"Evaluation (JSON)", with("/v1/evaluate")},
		{"Sweep (CSV, long form)", "/v1/sweep?" + sweep.Encode()},
	}
}

// withReportSweep returns a copy of the query with reportVary's sweep
// parameters where it names no sweep of its own, reaching twice the
// headroom given where that is beyond them.
func withReportSweep(q url.Values, headroom float64) url.Values {
	q = cloneValues(q)
	if q.Has("vary") {
		return q
	}
	v := reportVary
	// Past the recommended option's knee, twice its headroom, where that
	// lies beyond ten times the query's load (review of 2026-11-28: a
	// small application's charts, whose options saturate at 12 to 311
	// times its load, drew flat lines to 10), at most a thousand times.
	v.To = min(1000, max(v.To, 2*headroom))
	// Within the rates' range: a rate near its limit leaves less room.
	d := model.DefaultWorkload()
	top := 0.0
	for _, r := range []struct {
		name string
		rate model.Rate
	}{{"reads_per_sec", d.ReadRate}, {"writes_per_sec", d.WriteRate}, {"analytical_per_sec", d.AnalyticalRate}} {
		x := float64(r.rate)
		if given, err := strconv.ParseFloat(q.Get(r.name), 64); err == nil && q.Has(r.name) {
			x = given
		}
		top = max(top, x)
	}
	if top*v.To > model.MaxRate {
		v.To = model.MaxRate / top
		v.From = min(v.From, v.To/100)
	}
	q.Set("vary", v.Field)
	for name, value := range map[string]string{
		"from": strconv.FormatFloat(v.From, 'g', -1, 64), "to": strconv.FormatFloat(v.To, 'g', -1, 64),
		"points": strconv.Itoa(v.Points), "scale": v.Scale,
	} {
		if !q.Has(name) {
			q.Set(name, value)
		}
	}
	return q
}

func cloneValues(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}
