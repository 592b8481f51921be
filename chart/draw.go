package chart

import (
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// palette holds one colour per series, in order. The first eight, for the
// usual eight architectures, are matplotlib's tab10 less its pale olive
// and its grey, which come 14th and 15th; the others are d3's
// category20b darks. None is the black or grey of the axes, grid and
// markers, so a series' colour identifies it.
var palette = [MaxSeries]color.RGBA{
	rgb(0x1f77b4), // blue
	rgb(0xff7f0e), // orange
	rgb(0x2ca02c), // green
	rgb(0xd62728), // red
	rgb(0x9467bd), // purple
	rgb(0x8c564b), // brown
	rgb(0xe377c2), // pink
	rgb(0x17becf), // cyan
	rgb(0x393b79), // indigo
	rgb(0x637939), // dark olive
	rgb(0x8c6d31), // ochre
	rgb(0x843c39), // maroon
	rgb(0x7b4173), // plum
	rgb(0xbcbd22), // olive
	rgb(0x7f7f7f), // grey
	rgb(0x6b6ecf), // periwinkle
}

func rgb(v uint32) color.RGBA {
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

var (
	sans      = font.Font{Typeface: "Liberation", Variant: "Sans"}
	textColor = color.Gray{0x20}
	gridColor = color.Gray{0xdd}
	markColor = color.Gray{0x44}
	bandGreys = []color.Color{color.Gray{0xf0}, color.Gray{0xe2}}
)

const (
	lineWidth   = 2            // series lines, in points
	dotRadius   = 2.5          // an isolated point, in points
	margin      = 8            // around the whole chart, in points
	legendGap   = 12           // between the plot and the legend, in points
	legendShare = 0.4          // at most this share of the width is legend
	bandAlpha   = 0x30         // opacity of a band shaded in a series' colour
	textSize    = vg.Length(9) // bands, markers and the legend, in points
)

// seriesDashes tell series apart beside their colours, where lines
// coincide or a reader does not see the colours (review of 2026-11-26: an
// orange line hidden under a green one of the same cost): solid, dashed,
// dotted, dash-dotted, in turn.
var seriesDashes = [][]vg.Length{nil, {7, 3}, {1.5, 2.5}, {7, 2.5, 1.5, 2.5}}

// draw draws the figure on c.
func (f Figure) draw(c draw.Canvas) {
	p := plot.New()
	p.Title.Text = f.Title
	p.Title.TextStyle.Font = font.From(sans, 13)
	p.Title.Padding = 6
	p.X.Label.Text = f.XLabel
	p.Y.Label.Text = f.YLabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, 11)
		a.Tick.Label.Font = font.From(sans, 9)
		a.Label.Padding = 4
	}

	xr, yr := f.ranges()
	p.X.Min, p.X.Max = xr.min, xr.max
	p.Y.Min, p.Y.Max = yr.min, yr.max
	// About one labelled tick per 144 pt across and per 86 pt up: five
	// on each axis of a 720×432 chart.
	size := c.Size()
	p.X.Tick.Marker = linearTicks{n: max(2, int(size.X/144))}
	p.Y.Tick.Marker = linearTicks{n: max(2, int(size.Y/86)), integer: f.YInteger}
	if f.LogX {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	}
	if f.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}

	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = gridColor, gridColor
	grid.Vertical.Width, grid.Horizontal.Width = 0.5, 0.5
	p.Add(grid)

	colors := make(map[string]color.RGBA, len(f.Series))
	lines := make([]*line, len(f.Series))
	for i, s := range f.Series {
		lines[i] = &line{s: s, logX: f.LogX, logY: f.LogY, style: draw.LineStyle{Color: palette[i], Width: lineWidth, Dashes: seriesDashes[i%len(seriesDashes)]}}
		if _, dup := colors[s.Name]; !dup {
			colors[s.Name] = palette[i]
		}
	}
	bs := bands{bands: f.Bands, logX: f.LogX, colors: colors}
	p.Add(bs)
	for _, l := range lines {
		p.Add(l)
	}
	for _, l := range lines {
		p.Add(saturation{l})
	}
	p.Add(markers{markers: f.Markers, logX: f.LogX})
	p.Add(bandLabels{bs})

	// The whole chart is opaque white, legend and margins too, so that it
	// reads the same inlined on any page.
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	p.BackgroundColor = nil
	c = draw.Crop(c, margin, -margin, margin, -margin)
	c = yLabel(c, p)
	if len(lines) == 0 {
		p.Draw(c)
		return
	}

	leg := plot.NewLegend()
	leg.TextStyle.Font = font.From(sans, textSize)
	leg.TextStyle.Color = textColor
	leg.Top, leg.Left = true, true
	leg.Padding = 3
	maxText := vg.Length(legendShare)*c.Size().X - legendGap - leg.ThumbnailWidth
	for _, l := range lines {
		leg.Add(fit(leg.TextStyle, l.legendText(), maxText), l)
	}
	lw := leg.Rectangle(c).Size().X
	plotC := draw.Crop(c, 0, -(lw + legendGap), 0, 0)
	p.Draw(plotC)
	legC := plotC
	legC.Min.X, legC.Max.X = plotC.Max.X+legendGap, c.Max.X
	legC.Max.Y = p.DataCanvas(plotC).Max.Y
	leg.Draw(legC)
}

// yLabel moves the y axis' label out of p and returns c less the strip
// left of the plot that holds it. The label is drawn centred on the data
// area, as plot draws it, once the plot's layout is known (plot lays the
// label out at its axis' arithmetic midpoint, which on a log axis lies
// far up: it padded the top for it, and left a fifth of the chart blank
// above the plot; review of 2026-11-28).
func yLabel(c draw.Canvas, p *plot.Plot) draw.Canvas {
	l := p.Y.Label
	if l.Text == "" {
		return c
	}
	p.Y.Label.Text = ""
	sty := l.TextStyle
	sty.Rotation += math.Pi / 2
	h, descent := l.TextStyle.Height(l.Text), l.TextStyle.FontExtents().Descent
	rest := draw.Crop(c, h+descent+l.Padding, 0, 0, 0)
	p.Add(yAxisLabel{text: l.Text, style: sty, x: c.Min.X + h - descent})
	return rest
}

// yAxisLabel draws the y axis' label at x, centred on the data area.
type yAxisLabel struct {
	text  string
	style text.Style
	x     vg.Length
}

// Plot implements plot.Plotter.
func (l yAxisLabel) Plot(c draw.Canvas, _ *plot.Plot) {
	c.FillText(l.style, vg.Point{X: l.x, Y: c.Center().Y}, l.text)
}

// span is a closed axis range.
type span struct{ min, max float64 }

// add widens s to hold v.
func (s *span) add(v float64) {
	s.min, s.max = math.Min(s.min, v), math.Max(s.max, v)
}

// ranges returns the x and y axis ranges: x holds every drawable x of the
// series, markers and finite band edges; y every drawable y. An empty
// range becomes [0, 1] (log: [1, 10]); a single value v becomes v ± 10%,
// 0 becomes ±1 (log: [v/10, 10v]), so that it has ticks.
func (f Figure) ranges() (x, y span) {
	x = span{math.Inf(1), math.Inf(-1)}
	y = x
	for _, s := range f.Series {
		for i := range s.X {
			if drawable(s.X[i], f.LogX) {
				x.add(s.X[i])
				if drawable(s.Y[i], f.LogY) {
					y.add(s.Y[i])
				}
			}
		}
	}
	for _, m := range f.Markers {
		if drawable(m.X, f.LogX) {
			x.add(m.X)
		}
	}
	for _, b := range f.Bands {
		for _, v := range []float64{b.From, b.To} {
			if drawable(v, f.LogX) {
				x.add(v)
			}
		}
	}
	if f.YFromZero && !f.LogY && y.min <= y.max {
		// From $0, and 5 % above the highest value, so that a line along
		// the top does not read as clipped (review of 2026-11-28: a hot
		// standby's $4,150 ran along the top edge).
		y.add(0)
		y.max *= 1.05
	}
	if f.LogY && y.min <= y.max && y.min > 0 {
		// Out to the multiples of their decades around the values, where
		// logTicks labels: a line at 3.05 ms under an axis labelled from 4
		// read as below its range (review of 2026-11-27).
		d := math.Pow10(int(math.Floor(math.Log10(y.min))))
		y.min = math.Floor(y.min/d) * d
		d = math.Pow10(int(math.Floor(math.Log10(y.max))))
		y.max = math.Ceil(y.max/d) * d
	}
	return x.sane(f.LogX), y.sane(f.LogY)
}

// sane returns s, or a sensible range if s is empty or a single value.
// A range narrower than a billionth of its magnitude counts as a single
// value: gonum's tick search does not end on such a range.
func (s span) sane(log bool) span {
	single := s.max-s.min <= 1e-9*math.Max(math.Abs(s.min), math.Abs(s.max))
	switch {
	case s.min > s.max && log:
		return span{1, 10}
	case s.min > s.max:
		return span{0, 1}
	case single && log:
		return span{s.min / 10, s.min * 10}
	case single:
		d := math.Abs(s.min) / 10
		if d == 0 {
			d = 1
		}
		return span{s.min - d, s.min + d}
	}
	return s
}

// maxMagnitude bounds a drawable value: beyond it a value is treated as
// ±Inf, so that an axis' extent (max − min) stays finite.
const maxMagnitude = 1e300

// drawable reports whether v can be drawn on an axis, log or linear.
func drawable(v float64, log bool) bool {
	return math.Abs(v) <= maxMagnitude && (!log || v > 0)
}

// line draws one series as a polyline per run of drawable points.
type line struct {
	s          Series
	logX, logY bool
	style      draw.LineStyle
}

// segments returns the series' runs of drawable points, in canvas
// coordinates.
func (l *line) segments(c draw.Canvas, p *plot.Plot) [][]vg.Point {
	trX, trY := p.Transforms(&c)
	var segs [][]vg.Point
	var cur []vg.Point
	for i := range l.s.X {
		x, y := l.s.X[i], l.s.Y[i]
		if !drawable(x, l.logX) || !drawable(y, l.logY) {
			if len(cur) > 0 {
				segs = append(segs, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, vg.Point{X: trX(x), Y: trY(y)})
	}
	if len(cur) > 0 {
		segs = append(segs, cur)
	}
	return segs
}

// Plot implements plot.Plotter: one stroked path per segment, a dot for
// a segment of one point.
func (l *line) Plot(c draw.Canvas, p *plot.Plot) {
	for _, seg := range l.segments(c, p) {
		if len(seg) == 1 {
			if c.Contains(seg[0]) {
				c.DrawGlyph(draw.GlyphStyle{Color: l.style.Color, Radius: dotRadius, Shape: draw.CircleGlyph{}}, seg[0])
			}
			continue
		}
		c.StrokeLines(l.style, seg)
	}
}

// Thumbnail implements plot.Thumbnailer: a short line in the series'
// style.
func (l *line) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.style, c.Min.X, y, c.Max.X, y)
}

// legendText returns the series' legend entry: its name, and where it
// saturates.
func (l *line) legendText() string {
	name := l.s.Name
	if l.s.Note != "" {
		name += " (" + l.s.Note + ")"
	}
	if !l.saturates() {
		return name
	}
	if l.s.SaturationLabel != "" {
		return name + ", " + l.s.SaturationLabel
	}
	return name + ", saturates at " + formatNumber(l.s.Saturation)
}

// saturates reports whether the series has a saturation point to show.
func (l *line) saturates() bool {
	v := l.s.Saturation
	return !math.IsNaN(v) && !math.IsInf(v, 0) && v != 0
}

// saturation draws a series' saturation point as a dashed vertical line
// in the series' colour across the plot.
type saturation struct{ l *line }

// Plot implements plot.Plotter.
func (s saturation) Plot(c draw.Canvas, p *plot.Plot) {
	v := s.l.s.Saturation
	if !s.l.saturates() || !drawable(v, s.l.logX) || v < p.X.Min || v > p.X.Max {
		return
	}
	trX, _ := p.Transforms(&c)
	x := trX(v)
	sty := draw.LineStyle{Color: s.l.style.Color, Width: 1, Dashes: []vg.Length{4, 3}}
	c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
}

// markers draws labelled vertical lines.
type markers struct {
	markers []Marker
	logX    bool
}

// Plot implements plot.Plotter: a thin grey line per marker with its
// label written upwards beside it from the bottom of the plot.
func (ms markers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	sty := draw.LineStyle{Color: markColor, Width: 1}
	label := text.Style{
		Color:    markColor,
		Font:     font.From(sans, textSize),
		Rotation: math.Pi / 2,
		XAlign:   draw.XLeft,
		YAlign:   draw.YTop,
		Handler:  p.TextHandler,
	}
	// A label too near the one before it (closer than a line of text)
	// starts above it instead of over it (review of 2026-11-26: 8950 and
	// 9857 printed on top of each other).
	lastX, lastTop := vg.Length(math.Inf(-1)), c.Min.Y
	for _, m := range ms.markers {
		if !drawable(m.X, ms.logX) || m.X < p.X.Min || m.X > p.X.Max {
			continue
		}
		x := trX(m.X)
		c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
		if m.Label == "" {
			continue
		}
		y := c.Min.Y + 4
		if x-lastX < label.Height(m.Label)+2 {
			y = lastTop + 4
		}
		// On white, so that the lines crossing it do not run through
		// its digits (review of 2026-11-27).
		w, h := label.Width(m.Label), label.Height(m.Label)
		behind(c, x+1, y-1, x+3+h, y+w+1)
		c.FillText(label, vg.Point{X: x + 2, Y: y}, m.Label)
		lastX, lastTop = x, y+w
	}
}

// bands shades x ranges under the series.
type bands struct {
	bands  []Band
	logX   bool
	colors map[string]color.RGBA // series colour by name
}

// extent returns band b's left and right edges on the canvas, clipped to
// the plot, and whether any of it is visible.
func (bs bands) extent(b Band, c draw.Canvas, p *plot.Plot) (x0, x1 vg.Length, ok bool) {
	from, to := math.Max(b.From, p.X.Min), math.Min(b.To, p.X.Max)
	if from >= to {
		return 0, 0, false
	}
	trX, _ := p.Transforms(&c)
	return trX(from), trX(to), true
}

// Plot implements plot.Plotter: each band filled in its series' colour,
// faint, or else in alternating light greys.
func (bs bands) Plot(c draw.Canvas, p *plot.Plot) {
	for i, b := range bs.bands {
		x0, x1, ok := bs.extent(b, c, p)
		if !ok {
			continue
		}
		var fill color.Color = bandGreys[i%len(bandGreys)]
		if sc, ok := bs.colors[b.Label]; ok {
			fill = color.NRGBA{R: sc.R, G: sc.G, B: sc.B, A: bandAlpha}
		}
		c.FillPolygon(fill, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
	}
}

// bandLabels writes the bands' labels at the top of the plot, over the
// series: across the band if it fits, else downwards at its centre.
type bandLabels struct{ bs bands }

// Plot implements plot.Plotter.
func (bl bandLabels) Plot(c draw.Canvas, p *plot.Plot) {
	sty := text.Style{
		Color:   textColor,
		Font:    font.From(sans, textSize),
		XAlign:  draw.XCenter,
		YAlign:  draw.YTop,
		Handler: p.TextHandler,
	}
	for _, b := range bl.bs.bands {
		x0, x1, ok := bl.bs.extent(b, c, p)
		if !ok || b.Label == "" {
			continue
		}
		// On white, as the markers' labels, so that the series crossing
		// a label do not run through it (review of 2026-11-28: a narrow
		// band's label, written downwards, under a cost line).
		mid, top := (x0+x1)/2, c.Max.Y-3
		w, h := sty.Width(b.Label), sty.Height(b.Label)
		if w+4 <= x1-x0 {
			behind(c, mid-w/2-1, top-h, mid+w/2+1, top+1)
			c.FillText(sty, vg.Point{X: mid, Y: top}, b.Label)
			continue
		}
		down := sty
		down.Rotation = -math.Pi / 2
		down.XAlign, down.YAlign = draw.XLeft, draw.YCenter
		behind(c, mid-h/2-1, top-w-1, mid+h/2+1, top+1)
		c.FillText(down, vg.Point{X: mid, Y: top}, b.Label)
	}
}

// behind fills the rectangle from (x0, y0) to (x1, y1) white, the ground
// of a label over the series.
func behind(c draw.Canvas, x0, y0, x1, y1 vg.Length) {
	c.FillPolygon(color.White, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
}

// logTicks marks a log axis as plot.LogTicks does, a labelled tick at
// every power of ten and unlabelled ones at its multiples 2…9, but finds
// the decades with math.Floor (plot.LogTicks truncates toward zero, which
// loses the decade below an axis minimum under 1), labels them in plain
// numbers (100000, not 1e+05), labels only every k-th decade on an axis
// spanning more than maxDecades, and, when fewer than two powers of ten
// fall on the axis, labels the multiples that do, or on an axis too
// narrow for two of those uses linearTicks, so that the axis still reads.
type logTicks struct{}

const maxDecades = 10

// Ticks implements plot.Ticker. It returns the ticks on the axis only:
// plot pads the data area for every label its ticker returns, those past
// the axis' ends too (review of 2026-11-28: a label at 10 above an axis
// ending at 2 left a fifth of the chart blank above the plot).
func (lt logTicks) Ticks(min, max float64) []plot.Tick {
	return slices.DeleteFunc(lt.ticks(min, max), func(t plot.Tick) bool { return t.Value < min || t.Value > max })
}

// ticks is Ticks before the ticks past the axis' ends are dropped.
func (logTicks) ticks(min, max float64) []plot.Tick {
	lo, hi := int(math.Floor(math.Log10(min))), int(math.Ceil(math.Log10(max)))
	step := (hi - lo + maxDecades - 1) / maxDecades
	var ticks []plot.Tick
	labelled := 0
	for e := lo; e <= hi; e++ {
		d := math.Pow10(e)
		t := plot.Tick{Value: d}
		if (e-lo)%step == 0 {
			t.Label = formatTick(d)
			if d >= min && d <= max {
				labelled++
			}
		}
		ticks = append(ticks, t)
		if e < hi && step == 1 {
			for i := 2; i < 10; i++ {
				ticks = append(ticks, plot.Tick{Value: float64(i) * d})
			}
		}
	}
	if labelled >= 3 {
		return ticks
	}
	// Fewer than three powers of ten on the axis: label the multiples, all
	// of them where they are few, else the 1, 2 and 5 of each power, which
	// leave room for their text (review of 2026-11-26: every multiple
	// from 2000 to 90000 ran into one string; review of 2026-11-28: an
	// axis from 1 to 40 labelled 1 and 10 alone).
	inside := 0
	for _, t := range ticks {
		if t.Value >= min && t.Value <= max {
			inside++
		}
	}
	labelled = 0
	for i, t := range ticks {
		if t.Value >= min && t.Value <= max && (inside <= maxLogLabels || oneTwoFive(t.Value)) {
			ticks[i].Label = formatTick(t.Value)
			labelled++
		}
	}
	if labelled < 2 {
		// Inside one step of the multiples: as good as linear here.
		return linearTicks{n: 5}.Ticks(min, max)
	}
	// The multiples leave the top of a decade bare (3.3 to 18: nothing
	// above 10; review of 2026-11-27): label the largest of 1.5, 2, 3, 5
	// and 7 times its power that fits below the end. And the bottom: the
	// lowest multiple on the axis, far enough below the lowest label (3
	// to 40: nothing below 5, where lines at 3.05 sat).
	top, bottom, low := 0.0, math.Inf(1), -1
	for i, t := range ticks {
		if t.Label != "" && t.Value <= max {
			top = math.Max(top, t.Value)
		}
		if t.Value >= min && t.Label != "" {
			bottom = math.Min(bottom, t.Value)
		}
		if t.Value >= min && (low < 0 || t.Value < ticks[low].Value) {
			low = i
		}
	}
	if low >= 0 && ticks[low].Value*1.45 <= bottom {
		ticks[low].Label = formatTick(ticks[low].Value)
	}
	if max >= 1.45*top {
		d := math.Pow10(int(math.Floor(math.Log10(max))))
		for _, m := range []float64{7, 5, 3, 2, 1.5} {
			if v := m * d; v <= max && v >= 1.45*top { // far enough from the top label not to run into it
				ticks = append(ticks, plot.Tick{Value: v, Label: formatTick(v)})
				break
			}
		}
	}
	return ticks
}

// linearTicks marks a linear axis with about n, and at least two,
// labelled ticks a step of 1, 2 or 5 times a power of ten apart, and
// unlabelled ticks between. It replaces plot.DefaultTicks, whose label
// search can run for minutes on some ranges far from 1
// (-1.03e165..-8.45e164), and labels by formatTick (25000, not 25000.00).
type linearTicks struct {
	n       int
	integer bool // labels whole numbers only: steps of at least 1
}

// steps are the leading digits of a major step, 1, 2 or 5 times a power
// of ten, each with the number of minor steps it is divided into.
var steps = [3]struct{ lead, minors float64 }{{1, 5}, {2, 4}, {5, 5}}

// Ticks implements plot.Ticker. It needs min < max, both finite, with
// max − min at least a billionth of their magnitude, as span.sane gives:
// then the multiples of the minor step it counts in are exact integers,
// and it stops after 100 ticks in any case.
func (lt linearTicks) Ticks(min, max float64) []plot.Tick {
	// Start at the first step ≥ (max−min)/n, and take smaller ones
	// until at least two labelled ticks fall inside.
	raw := (max - min) / float64(lt.n)
	j := 3 * int(math.Floor(math.Log10(raw)))
	for step, _ := stepAt(j); step < raw; step, _ = stepAt(j) {
		j++
	}
	if lt.integer && j < 0 {
		j = 0 // step 0 is 1
	}
	var ticks []plot.Tick
	for try := 0; try < 4 && (!lt.integer || j >= 0); try, j = try+1, j-1 {
		step, minors := stepAt(j)
		minor := step / minors
		ticks = ticks[:0]
		labelled := 0
		for k, n := math.Ceil(min/minor), 0; k*minor <= max && n < 100; k, n = k+1, n+1 {
			t := plot.Tick{Value: k * minor}
			if math.Mod(k, minors) == 0 {
				t.Label = formatTick(t.Value)
				if t.Value >= min { // min/minor may underflow to 0
					labelled++
				}
			}
			ticks = append(ticks, t)
		}
		if labelled >= 2 {
			break
		}
	}
	return ticks
}

// stepAt returns step j of the sequence … 0.5, 1, 2, 5, 10, 20 …, where
// step 0 is 1 and step 3e is 10^e, and how many minor steps divide it.
func stepAt(j int) (step, minors float64) {
	i := ((j % 3) + 3) % 3
	return steps[i].lead * math.Pow10((j-i)/3), steps[i].minors
}

// formatTick writes a tick value in plain digits without an exponent
// between 0.0001 and 10⁷, rounded to 12 significant digits to hide
// floating-point noise (0.30000000000000004 is "0.3").
func formatTick(v float64) string {
	return plain(v, 12)
}

// formatNumber writes v with at most three significant digits, without
// an exponent between 0.0001 and 10⁷: 41234.5 is "41200", 0.25 "0.25".
func formatNumber(v float64) string {
	return plain(v, 3)
}

// plain writes v rounded to digits significant digits, in plain digits
// between 0.0001 and 10⁷ and with an exponent outside.
func plain(v float64, digits int) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', digits, 64), 64)
	if r == 0 {
		return "0" // not "-0"
	}
	if a := math.Abs(r); a >= 1e-4 && a < 1e7 {
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	return strconv.FormatFloat(r, 'g', -1, 64)
}

// fit returns s, shortened with an ellipsis if it is wider than max in
// style sty.
func fit(sty text.Style, s string, max vg.Length) string {
	if sty.Width(s) <= max {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && sty.Width(string(r)+"…") > max {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// maxLogLabels is the most multiples a log axis labels before it labels
// only the 1, 2 and 5 of each power.
const maxLogLabels = 8

// oneTwoFive reports whether v is 1, 2 or 5 times a power of ten.
func oneTwoFive(v float64) bool {
	m := v / math.Pow(10, math.Floor(math.Log10(v)))
	for _, k := range []float64{1, 2, 5} {
		if math.Abs(m-k) < 1e-9*k {
			return true
		}
	}
	return false
}
