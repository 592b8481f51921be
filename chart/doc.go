// Package chart draws pgarch's sweep charts as SVG or PNG with gonum/plot.
//
// Two charts are the usual ones:
//
//   - latency against load, one [Series] per architecture, usually with
//     [Figure.LogX] and [Figure.LogY] set: the queueing "hockey stick", each
//     architecture's saturation point drawn as a dashed vertical line in its
//     colour and named in the legend;
//   - a metric (cost, p99) against a swept input, with a [Marker] at every
//     crossover where the recommended architecture changes and a [Band]
//     naming the architecture recommended over each x range.
//
// The package knows nothing of pgarch's models: callers (the HTTP API, the
// CLI, the HTML report) convert their results into a [Figure] and call
// [Figure.Write].
//
// # Gaps
//
// A point that cannot be drawn splits its series' line: a NaN or ±Inf y (a
// saturated queue has no latency), a NaN or ±Inf x, a value beyond ±1e300
// (treated as ±Inf, so that axis ranges stay finite), and with a log axis
// a value ≤ 0. The line is never drawn to zero nor joined across a gap. A
// point with gaps on both sides is drawn as a dot.
//
// # Axes
//
// The x axis spans every drawable x of the series (drawn or not), the
// markers and the finite band edges; the y axis every drawable y. A
// Saturation outside that range is named in the legend but not drawn. An
// axis with nothing to span is [0, 1] (log: [1, 10]); one value v is
// widened to v ± 10%, 0 to ±1 (log: v/10 to 10v). Log axes are labelled at powers
// of ten in plain digits (100000, not 1e+05).
//
// # Output
//
// The same Figure always gives the same bytes, in both formats, so callers
// may golden-test the SVG; the bytes change with the gonum/plot version
// (pinned in go.mod), so such golden files are regenerated on upgrade.
// Write is safe to call from several goroutines at once. The SVG is self-contained (no external
// references, no scripts) and can be inlined in HTML. Its text uses the
// Liberation Sans metrics, with which the layout was computed; the fonts
// are not embedded (that would add about 400 kB per chart) and the
// font-family names the metric-compatible fallbacks
//
//	'Liberation Sans',Arimo,Arial,Helvetica,sans-serif
//
// so a browser without Liberation Sans draws the same layout in Arial or
// Helvetica, and otherwise in its generic sans-serif face. The PNG is
// rasterised at 96 dpi with the Liberation Sans font compiled into the
// binary, so it needs no fonts installed.
package chart
