package api

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pgarch/pgarch/decide"
)

// column is one column of the comparison table, CSV and Markdown outputs:
// a stable name (the CSV header, unit in the name) and its value.
type column struct {
	name  string
	value func(r Result) *float64
	text  func(r Result) string // for non-numeric columns
}

func f(v float64) *float64 { return &v }

func latencyField(l *Latency, pick func(*Latency) *float64) *float64 {
	if l == nil {
		return nil
	}
	return pick(l)
}

// labels names the results as the recommendation and field= do: an
// architecture listed more than once as id#1, id#2, … (review of
// 2026-11-27: evaluate's CSV had two rows called hot-standby).
func (resp EvaluateResponse) labels() []string {
	ids := make([]string, len(resp.Results))
	for i, r := range resp.Results {
		ids[i] = r.Architecture
	}
	return decide.Numbered(ids)
}

// columns are the comparison's columns, in their stable order; the first
// is the architecture, which the writers label (labels).
var columns = []column{
	{name: "architecture", text: func(r Result) string { return r.Architecture }},
	{name: "read_p50_ms", value: func(r Result) *float64 { return latencyField(r.Read, func(l *Latency) *float64 { return l.P50Ms }) }},
	{name: "read_p99_ms", value: func(r Result) *float64 { return latencyField(r.Read, func(l *Latency) *float64 { return l.P99Ms }) }},
	{name: "write_p50_ms", value: func(r Result) *float64 { return latencyField(r.Write, func(l *Latency) *float64 { return l.P50Ms }) }},
	{name: "write_p99_ms", value: func(r Result) *float64 { return latencyField(r.Write, func(l *Latency) *float64 { return l.P99Ms }) }},
	{name: "max_throughput_scale", value: func(r Result) *float64 { return r.MaxThroughputScale }},
	{name: "bottleneck", text: func(r Result) string { return r.Bottleneck }},
	{name: "saturated", text: func(r Result) string { return strconv.FormatBool(r.Saturated) }},
	{name: "cache_hit_ratio", value: func(r Result) *float64 { return f(r.CacheHitRatio) }},
	{name: "iops_demand_per_sec", value: func(r Result) *float64 { return f(r.IOPSDemandPerSec) }},
	{name: "iops_ceiling_per_sec", value: func(r Result) *float64 { return r.IOPSCeilingPerSec }},
	{name: "nodes", value: func(r Result) *float64 { return f(float64(r.Nodes)) }},
	{name: "rpo_seconds", value: func(r Result) *float64 { return r.Availability.RPOSeconds }},
	{name: "rto_seconds", value: func(r Result) *float64 { return r.Availability.RTOSeconds }},
	{name: "cost_usd_per_month", value: func(r Result) *float64 { return f(r.CostUSDPerMonth.Total) }},
	{name: "disk_data_gb_per_node", value: func(r Result) *float64 { return f(r.Disk.DataGBPerNode) }},
	{name: "disk_capacity_gb", value: func(r Result) *float64 { return r.Disk.CapacityGB }},    // "" without a limit
	{name: "cost_plan", text: func(r Result) string { return r.CostUSDPerMonth.Plan }},         // "" where one plan
	{name: "cost_excludes", text: func(r Result) string { return r.CostUSDPerMonth.Excludes }}, // "" where nothing is left out
	{name: "falls_behind", text: func(r Result) string { return strconv.FormatBool(r.FallsBehind) }},
	// The requests a second carried: the offered rates under an open load,
	// what the clients reach under a closed one (pgbench's TPS against
	// clients: review of 2026-11-27, a sweep could not draw it).
	{name: "throughput_per_sec", value: func(r Result) *float64 { return f(r.ThroughputPerSec.Total) }},
	// An analytical query's latency, "" without analytical queries (user
	// review of 2026-11-27: a Citus cluster's multi-shard queries could
	// not be swept).
	{name: "analytical_p50_ms", value: func(r Result) *float64 {
		return latencyField(r.Analytical, func(l *Latency) *float64 { return l.P50Ms })
	}},
	{name: "analytical_p99_ms", value: func(r Result) *float64 {
		return latencyField(r.Analytical, func(l *Latency) *float64 { return l.P99Ms })
	}},
	// Each node's cores, which recommend may size to the load (review of
	// 2026-11-28: a spreadsheet could not see the 2-vCPU node it priced).
	{name: "node_vcpus", value: func(r Result) *float64 { return f(float64(r.NodeVCPUs)) }},
	// The monthly cost per request/s carried, what recommend ranks a
	// closed load's options by (decide's price: review of 2026-11-28, a
	// closed load's crossover chart plotted the cost, and its bands
	// followed this); "" where nothing is carried.
	{name: costPerRequest, value: func(r Result) *float64 {
		if x := r.ThroughputPerSec.Total; x > 0 {
			return f(r.CostUSDPerMonth.Total / x)
		}
		return nil
	}},
	// The IOPS provisioned on each network volume, which recommend may
	// provision to the load; "" where the data is not on network volumes.
	{name: "volume_iops", value: func(r Result) *float64 {
		if r.VolumeIOPS > 0 {
			return f(r.VolumeIOPS)
		}
		return nil
	}},
	// The throughput provisioned on each network volume, in MB/s, as
	// volume_iops.
	{name: "volume_mb_per_sec", value: func(r Result) *float64 {
		if r.VolumeMBPerSec > 0 {
			return f(r.VolumeMBPerSec)
		}
		return nil
	}},
}

// costPerRequest names the column of the monthly cost per request/s.
const costPerRequest = "cost_per_request_per_sec_usd_per_month"

// cell formats a column's value: plain decimals with '.', no thousands
// separators; "" for null (saturated).
func (c column) cell(r Result, prec int) string {
	if c.text != nil {
		return c.text(r)
	}
	v := c.value(r)
	if v == nil {
		return ""
	}
	if prec < 0 {
		return strconv.FormatFloat(*v, 'f', prec, 64)
	}
	return decimals(*v, prec)
}

// decimals formats v with prec decimals, more for a value below 1 so that
// it keeps three significant digits: an RPO of 0.000472 s is not 0.000,
// the 0 a synchronous standby gives; whole numbers and values of 1000 or
// more without (review of 2026-11-27: nodes 1.000, a ceiling 1000000.000).
func decimals(v float64, prec int) string {
	switch a := math.Abs(v); {
	case v == math.Trunc(v) || a >= 1000:
		prec = 0
	case a < 1:
		prec = max(prec, 2-int(math.Floor(math.Log10(a))))
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

// newCSV returns a writer of records separated by sep: for CSV (',') RFC
// 4180's, lines ended by CRLF (UX review of 2026-11-27: LF), for TSV
// (IANA text/tab-separated-values) by LF.
func newCSV(w io.Writer, sep rune) *csv.Writer {
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = sep, sep == ','
	return cw
}

// WriteCSV writes one row per architecture with a header row (RFC 4180);
// sep is ',' for CSV or '\t' for TSV.
func WriteCSV(w io.Writer, resp EvaluateResponse, sep rune) error {
	cw := newCSV(w, sep)
	header := make([]string, len(columns))
	for i, c := range columns {
		header[i] = c.name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	labels := resp.labels()
	for j, r := range resp.Results {
		row := make([]string, len(columns))
		for i, c := range columns {
			row[i] = c.cell(r, -1)
		}
		row[0] = labels[j]
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteOptionsCSV writes a recommendation's options, one row per option in
// request order: architecture, status, rank (1 = recommended; empty when
// ruled out), reasons (their details joined by "; "), then the comparison's
// columns.
func WriteOptionsCSV(w io.Writer, resp RecommendResponse, sep rune) error {
	cw := newCSV(w, sep)
	header := []string{"architecture", "status", "rank", "reasons"}
	for _, c := range columns[1:] {
		header = append(header, c.name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, o := range resp.Options {
		rank := ""
		if i := slices.Index(resp.Ranking, o.Architecture); i >= 0 {
			rank = strconv.Itoa(i + 1)
		}
		row := []string{o.Architecture, o.Status, rank, o.details()}
		for _, c := range columns[1:] {
			row = append(row, c.cell(o.Result, -1))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteMarkdown writes the comparison as a Markdown table.
func WriteMarkdown(w io.Writer, resp EvaluateResponse) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Workload evaluated on profile `%s` (pgarch model %s). Latencies in ms; RPO and RTO on a node failure; saturated values, and a disk capacity without a limit, are blank.\n\n", resp.Profile.Name, resp.ModelVersion)
	b.WriteString("|")
	for _, c := range columns {
		b.WriteString(" " + c.name + " |")
	}
	b.WriteString("\n|")
	for _, c := range columns {
		if c.text != nil {
			b.WriteString("---|")
		} else {
			b.WriteString("---:|")
		}
	}
	b.WriteString("\n")
	labels := resp.labels()
	for j, r := range resp.Results {
		b.WriteString("| " + labels[j] + " |")
		for _, c := range columns[1:] {
			b.WriteString(" " + c.cell(r, 3) + " |")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteTable writes a readable comparison table for terminals.
func WriteTable(w io.Writer, resp EvaluateResponse) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "architecture\tread p50\tread p99\twrite p50\twrite p99\theadroom\tbottleneck\tcache hit\tRPO\tRTO\tUSD/month\t\n")
	labels := resp.labels()
	for j, r := range resp.Results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f%%\t%s\t%s\t%.0f\t\n",
			labels[j],
			latencyText(r.Read, func(l *Latency) *float64 { return l.P50Ms }),
			latencyText(r.Read, func(l *Latency) *float64 { return l.P99Ms }),
			latencyText(r.Write, func(l *Latency) *float64 { return l.P50Ms }),
			latencyText(r.Write, func(l *Latency) *float64 { return l.P99Ms }),
			headroom(r), r.Bottleneck, 100*r.CacheHitRatio,
			secondsText(r.Availability.RPOSeconds), secondsText(r.Availability.RTOSeconds),
			r.CostUSDPerMonth.Total)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nprofile %s; latencies in ms; headroom = how far the load can grow before %s; RPO and RTO on a node failure; costs are estimates from dated list prices.\n",
		resp.Profile.Name, "the bottleneck saturates")
	return err
}

// latencyText is a class's percentile in the table: "—" when the workload
// has no such class, "saturated" when it has no finite value.
func latencyText(l *Latency, field func(*Latency) *float64) string {
	if l == nil {
		return "—"
	}
	return msText(field(l))
}

func msText(v *float64) string {
	if v == nil {
		return "saturated"
	}
	return strconv.FormatFloat(*v, 'f', 3, 64)
}

func secondsText(v *float64) string {
	if v == nil {
		return "∞"
	}
	return decimals(*v, 1) + " s"
}

func headroom(r Result) string {
	if r.MaxThroughputScale == nil {
		return "∞"
	}
	return strconv.FormatFloat(*r.MaxThroughputScale, 'f', 2, 64) + "×"
}

// WriteRecommendation writes a recommendation for terminals: the answer,
// the rationale, then one line per option with its status and reasons.
func WriteRecommendation(w io.Writer, resp RecommendResponse) error {
	var b strings.Builder
	answer := "none: no architecture meets every requirement"
	if resp.Recommendation != nil {
		answer = *resp.Recommendation
	}
	fmt.Fprintf(&b, "recommendation: %s\n", answer)
	if len(resp.Ranking) > 0 {
		fmt.Fprintf(&b, "ranking:        %s\n", strings.Join(resp.Ranking, ", "))
	}
	b.WriteString("\n")
	for _, s := range resp.Rationale {
		fmt.Fprintf(&b, "  %s\n", s)
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, o := range resp.Options {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", o.Architecture, o.Status, o.details())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%s\nprofile %s; costs are estimates from dated list prices.\n", b.String(), resp.Profile.Name)
	return err
}
