package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/pgarch/pgarch/api"
	"github.com/pgarch/pgarch/chart"
	"github.com/pgarch/pgarch/decide"
)

// sweep varies one input: the request file may hold a whole sweep request
// (an evaluate request plus vary, metrics, resize); the flags override it.
func sweep(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("f", "", "request file, YAML or JSON, with an optional vary section (- for stdin)")
	profile := fs.String("profile", "", "built-in profile name or profile file (replaces the request's)")
	vary := fs.String("vary", "", "the swept field: a workload or profile field, or load_scale")
	from := fs.Float64("from", 0, "first value, in the field's unit")
	to := fs.Float64("to", 0, "last value")
	points := fs.Int("points", 0, fmt.Sprintf("values, ends included (2–%d; default %d)", decide.MaxPoints, api.DefaultSweepPoints))
	scale := fs.String("scale", "", "linear (default) or log")
	metrics := fs.String("metrics", "", "comma-separated metrics (default "+strings.Join(api.DefaultSweepMetrics, ",")+")")
	resize := fs.Bool("resize", false, "re-size replicas, workers and nodes at every point")
	output := fs.String("o", "table", "output: table, json, csv, tsv, svg or png")
	kind := fs.String("chart", "", "with svg or png: latency (default) or crossover")
	metric := fs.String("metric", "", "with svg or png: the metric drawn")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	var req api.SweepRequest
	if *file != "" {
		b, err := readFile(*file, stdin)
		if err != nil {
			return err
		}
		js, err := toJSON(b)
		if err == nil {
			req, err = api.ParseSweep(js)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", *file, err)
		}
	}
	if *profile != "" {
		p, err := loadProfile(*profile)
		if err != nil {
			return err
		}
		req.Profile = &api.ProfileRef{Profile: p}
	}
	if *vary != "" {
		req.Vary.Field = *vary
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, end := range []struct {
		name string
		x    *float64
		dst  *float64
	}{{"from", from, &req.Vary.From}, {"to", to, &req.Vary.To}} {
		switch {
		case set[end.name] && (math.IsNaN(*end.x) || math.IsInf(*end.x, 0)):
			return usageError{fmt.Sprintf("--%s %g: a finite number, in the field's unit", end.name, *end.x)}
		case set[end.name]:
			*end.dst = *end.x
		case *file == "":
			return usageError{"sweep needs --vary FIELD --from X --to Y (or a vary section in -f)"}
		}
	}
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "points" })
	switch {
	case !given:
	case *points < 2:
		return usageError{fmt.Sprintf("--points must be 2 to %d (leave it out for %d)", decide.MaxPoints, api.DefaultSweepPoints)}
	default:
		req.Vary.Points = *points
	}
	if *scale != "" {
		req.Vary.Scale = *scale
	}
	if *metrics != "" {
		req.Metrics = strings.Split(*metrics, ",")
	}
	req.Resize = req.Resize || *resize
	if req.Vary.Field == "" {
		return usageError{"sweep needs --vary FIELD --from X --to Y (or a vary section in -f)"}
	}
	resp, err := api.Sweep(req)
	if err != nil {
		return err
	}
	switch *output {
	case "table":
		return api.WriteSweepTable(stdout, resp)
	case "json":
		return api.WriteJSON(stdout, resp)
	case "csv":
		return api.WriteSweepCSV(stdout, resp, ',')
	case "tsv":
		return api.WriteSweepCSV(stdout, resp, '\t')
	case "svg", "png":
		f, err := resp.Figure(*kind, *metric)
		if err != nil {
			return err
		}
		return f.Write(stdout, chart.Format(*output))
	}
	return usageError{fmt.Sprintf("unknown output %q (table, json, csv, tsv, svg, png)", *output)}
}
