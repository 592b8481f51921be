package chart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/plot"
)

// node is any SVG element, decoded with encoding/xml.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []node     `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk calls fn on n and every element below it, in document order.
func (n node) walk(fn func(node)) {
	fn(n)
	for _, c := range n.Children {
		c.walk(fn)
	}
}

// svg is a decoded chart.
type svg struct{ root node }

func decodeSVG(t *testing.T, b []byte) svg {
	t.Helper()
	var root node
	if err := xml.Unmarshal(b, &root); err != nil {
		t.Fatalf("xml.Unmarshal(SVG) = %v", err)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root element = %q, want svg", root.XMLName.Local)
	}
	return svg{root}
}

// texts returns the content of every <text> element.
func (s svg) texts() []string {
	var ts []string
	s.root.walk(func(n node) {
		if n.XMLName.Local == "text" {
			ts = append(ts, n.Text)
		}
	})
	return ts
}

// hasText reports whether some <text> element contains sub.
func (s svg) hasText(sub string) bool {
	for _, t := range s.texts() {
		if strings.Contains(t, sub) {
			return true
		}
	}
	return false
}

// strokes returns the path data of the <path> elements stroked in clr,
// solid or dashed. vgsvg writes each stroked polyline as one <path> whose
// style names its stroke colour ("stroke:#1F77B4") and, only if it is
// dashed, a stroke-dasharray; so the solid paths in a series' colour are
// its line segments plus its legend thumbnail, and the dashed one is its
// saturation marker.
func (s svg) strokes(clr color.RGBA, dashed bool) []string {
	want := "stroke:" + hex(clr)
	var ds []string
	s.root.walk(func(n node) {
		st := n.attr("style")
		if n.XMLName.Local != "path" || !hasStyle(st, want) {
			return
		}
		if strings.Contains(st, "stroke-dasharray") == dashed {
			ds = append(ds, n.attr("d"))
		}
	})
	return ds
}

// fills returns the fill-opacity ("" when opaque) of each <path> filled
// in clr. vgsvg writes a translucent colour's channels un-premultiplied
// from 16 bits, which can be one off its 8-bit original, so a channel
// within 1 matches.
func (s svg) fills(clr color.RGBA) []string {
	var ops []string
	s.root.walk(func(n node) {
		if n.XMLName.Local != "path" {
			return
		}
		fill, op := "", ""
		for _, e := range strings.Split(n.attr("style"), ";") {
			if v, ok := strings.CutPrefix(e, "fill:"); ok {
				fill = v
			}
			if v, ok := strings.CutPrefix(e, "fill-opacity:"); ok {
				op = v
			}
		}
		var r, g, b int
		if _, err := fmt.Sscanf(fill, "#%02X%02X%02X", &r, &g, &b); err != nil {
			return
		}
		if near(r, clr.R) && near(g, clr.G) && near(b, clr.B) {
			ops = append(ops, op)
		}
	})
	return ops
}

func near(v int, want uint8) bool { return v >= int(want)-1 && v <= int(want)+1 }

func hasStyle(style, elem string) bool {
	for _, e := range strings.Split(style, ";") {
		if e == elem {
			return true
		}
	}
	return false
}

func hex(c color.RGBA) string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }

func render(t *testing.T, f Figure, format Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf, format); err != nil {
		t.Fatalf("Write(%s) = %v", format, err)
	}
	return buf.Bytes()
}

// mm1 returns an M/M/1 mean response time curve R = S/(1−ρ), ρ = λ·S,
// with S = 1 ms, at loads λ from 100/s up by 10%, +Inf at and past the
// saturation load 1/S = 1000/s.
func mm1(name string, n int) Series {
	s := Series{Name: name, Saturation: 1000}
	for i, x := 0, 100.0; i < n; i, x = i+1, x*1.1 {
		rho := x / 1000
		y := math.Inf(1)
		if rho < 1 {
			y = 1 / (1 - rho)
		}
		s.X, s.Y = append(s.X, x), append(s.Y, y)
	}
	return s
}

// TestSVG checks a three-series chart's SVG: the root's size, that the
// title, axis labels and every series name are drawn as text, and the
// number of lines drawn in each series' colour.
func TestSVG(t *testing.T) {
	gap := Series{Name: "read-replicas", X: []float64{1, 2, 3, 4, 5}, Y: []float64{1, 2, math.NaN(), 4, 5}, Saturation: math.NaN()}
	f := Figure{
		Title: "p99 latency against load", XLabel: "reads per second", YLabel: "p99 latency (ms)",
		Series: []Series{
			{Name: "single-node", X: []float64{1, 2, 3}, Y: []float64{1, 2, 3}, Saturation: 4},
			gap,
			{Name: "sharded", X: []float64{1, 5}, Y: []float64{2, 3}},
		},
	}
	doc := decodeSVG(t, render(t, f, SVG))

	// The default size, in points.
	if w, h := doc.root.attr("width"), doc.root.attr("height"); w != "720pt" || h != "432pt" {
		t.Errorf("svg width, height = %q, %q, want 720pt, 432pt", w, h)
	}
	for _, want := range []string{f.Title, f.XLabel, f.YLabel, "single-node, saturates at 4", "read-replicas", "sharded"} {
		if !doc.hasText(want) {
			t.Errorf("no <text> contains %q; texts: %q", want, doc.texts())
		}
	}
	// The first series is solid, the second dashed and the third dotted
	// (seriesDashes), so that coinciding lines stay apart.
	for i, tc := range []struct {
		solid, dashed int
	}{
		{solid: 1 + 1, dashed: 1}, // one segment and the legend's; saturates at x = 4
		{solid: 0, dashed: 2 + 1}, // the NaN splits it into two segments
		{solid: 0, dashed: 1 + 1}, // zero Saturation: none drawn
	} {
		clr := palette[i]
		if got := len(doc.strokes(clr, false)); got != tc.solid {
			t.Errorf("series %d: %d solid paths in %s, want %d", i, got, hex(clr), tc.solid)
		}
		if got := len(doc.strokes(clr, true)); got != tc.dashed {
			t.Errorf("series %d: %d dashed paths in %s, want %d", i, got, hex(clr), tc.dashed)
		}
	}

	// A size given in the figure is the SVG's size in points.
	f.Width, f.Height = 360, 288
	doc = decodeSVG(t, render(t, f, SVG))
	if w, h := doc.root.attr("width"), doc.root.attr("height"); w != "360pt" || h != "288pt" {
		t.Errorf("svg width, height = %q, %q, want 360pt, 288pt", w, h)
	}
}

// TestGaps checks that every kind of undrawable point splits a series of
// five points into two segments of two points each (one line, "M…L…",
// per segment: the line is neither drawn to the gap nor joined across
// it), and that a point between two gaps is drawn as a dot.
func TestGaps(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name       string
		logX, logY bool
		x, y       []float64
	}{
		{name: "NaN y", x: []float64{1, 2, 3, 4, 5}, y: []float64{1, 2, nan, 4, 5}},
		{name: "+Inf y", x: []float64{1, 2, 3, 4, 5}, y: []float64{1, 2, inf, 4, 5}},
		{name: "-Inf y", x: []float64{1, 2, 3, 4, 5}, y: []float64{1, 2, -inf, 4, 5}},
		{name: "NaN x", x: []float64{1, 2, nan, 4, 5}, y: []float64{1, 2, 3, 4, 5}},
		{name: "zero y on log y", logY: true, x: []float64{1, 2, 3, 4, 5}, y: []float64{1, 2, 0, 4, 5}},
		{name: "negative y on log y", logY: true, x: []float64{1, 2, 3, 4, 5}, y: []float64{1, 2, -3, 4, 5}},
		{name: "zero x on log x", logX: true, x: []float64{1, 2, 0, 4, 5}, y: []float64{1, 2, 3, 4, 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Figure{LogX: tc.logX, LogY: tc.logY, Series: []Series{{Name: "s", X: tc.x, Y: tc.y}}}
			paths := decodeSVG(t, render(t, f, SVG)).strokes(palette[0], false)
			if len(paths) != 2+1 { // two segments and the legend's
				t.Fatalf("%d solid paths in the series' colour, want 3: %q", len(paths), paths)
			}
			for _, d := range paths[:2] {
				if strings.Count(d, "M") != 1 || strings.Count(d, "L") != 1 {
					t.Errorf("segment path %q, want one move and one line", d)
				}
			}
		})
	}

	t.Run("isolated point", func(t *testing.T) {
		f := Figure{Series: []Series{{Name: "s", X: []float64{1, 2, 3, 4, 5}, Y: []float64{1, nan, 3, nan, 5}}}}
		doc := decodeSVG(t, render(t, f, SVG))
		if got := len(doc.strokes(palette[0], false)); got != 1 { // the legend's only
			t.Errorf("%d solid paths in the series' colour, want 1", got)
		}
		if got := len(doc.fills(palette[0])); got != 3 { // x = 1, 3, 5
			t.Errorf("%d dots in the series' colour, want 3", got)
		}
	})
}

// TestPNG checks that a PNG decodes with image/png, is the figure's size
// at 96 dpi (4/3 pixel per point), and is not blank: it has many colours,
// among them every series' own.
func TestPNG(t *testing.T) {
	f := Figure{Title: "hockey stick", XLabel: "load", YLabel: "latency", LogX: true, LogY: true}
	for _, name := range []string{"a", "b", "c"} {
		f.Series = append(f.Series, mm1(name, 30))
	}
	for _, tc := range []struct {
		width, height float64
		wantW, wantH  int
	}{
		{0, 0, 960, 576},     // 720×432 pt × 96/72
		{360, 216, 480, 288}, // 360×216 pt × 96/72
	} {
		f.Width, f.Height = tc.width, tc.height
		img, err := png.Decode(bytes.NewReader(render(t, f, PNG)))
		if err != nil {
			t.Fatalf("png.Decode = %v", err)
		}
		if got := img.Bounds().Size(); got != (image.Point{X: tc.wantW, Y: tc.wantH}) {
			t.Errorf("Write(PNG) of %v×%v pt is %v px, want %dx%d", tc.width, tc.height, got, tc.wantW, tc.wantH)
		}
		colors := map[color.RGBA]bool{}
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				colors[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)] = true
			}
		}
		// White, black, the grid's grey and three series colours at
		// least; anti-aliasing adds many more.
		if len(colors) < 6 {
			t.Errorf("PNG has %d distinct colours, want at least 6", len(colors))
		}
		for i := range f.Series {
			if !colors[palette[i]] {
				t.Errorf("no pixel has series %d's colour %s", i, hex(palette[i]))
			}
		}
	}
}

// TestInvalid checks that invalid input is an error matching ErrInvalid
// whose message names the problem, and that nothing is written.
func TestInvalid(t *testing.T) {
	ok := Series{Name: "ok", X: []float64{1, 2}, Y: []float64{1, 2}}
	many := make([]Series, MaxSeries+1)
	long := make([]float64, MaxPoints+1)
	for _, tc := range []struct {
		name    string
		f       Figure
		format  Format
		wantMsg string
	}{
		{"unknown format", Figure{}, "jpg", `chart: unknown format "jpg" (want "svg" or "png")`},
		{"mismatched lengths", Figure{Series: []Series{ok, {Name: "sharded", X: []float64{1, 2, 3}, Y: []float64{1, 2, 3, 4}}}}, SVG,
			`chart: series "sharded": 3 x values but 4 y values`},
		{"mismatched lengths, unnamed", Figure{Series: []Series{ok, {X: []float64{1}}}}, SVG,
			`chart: series 1: 1 x values but 0 y values`},
		{"too many series", Figure{Series: many}, SVG, `chart: 17 series, at most 16`},
		{"too many points", Figure{Series: []Series{{Name: "big", X: long, Y: long}}}, PNG,
			`chart: series "big": 2001 points, at most 2000`},
		{"NaN marker", Figure{Markers: []Marker{{X: math.NaN(), Label: "here"}}}, SVG, `chart: marker "here" at x = NaN`},
		{"infinite marker", Figure{Markers: []Marker{{X: math.Inf(1), Label: "here"}}}, SVG, `chart: marker "here" at x = +Inf`},
		{"NaN band", Figure{Bands: []Band{{From: math.NaN(), To: 1, Label: "b"}}}, SVG, `chart: band "b" from NaN to 1`},
		{"reversed band", Figure{Bands: []Band{{From: 5, To: 3, Label: "b"}}}, SVG, `chart: band "b": from 5 > to 3`},
		{"too small", Figure{Width: 100}, SVG, `chart: width 100 pt out of range [144, 2880]`},
		{"too large", Figure{Height: 3000}, PNG, `chart: height 3000 pt out of range [144, 2880]`},
		{"negative", Figure{Height: -1}, SVG, `chart: height -1 pt out of range [144, 2880]`},
		{"NaN size", Figure{Width: math.NaN()}, SVG, `chart: width NaN pt out of range [144, 2880]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := tc.f.Write(&buf, tc.format)
			if err == nil || err.Error() != tc.wantMsg {
				t.Errorf("Write = %v, want %s", err, tc.wantMsg)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("errors.Is(%v, ErrInvalid) = false, want true", err)
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes, want none", buf.Len())
			}
		})
	}
}

// TestDegenerate checks figures with nothing or little to draw: no
// series at all draws the labels; a series that is all gaps (NaN, values
// ≤ 0 on log axes, values beyond ±1e300), or empty, still has its legend
// entry, and one drawable value v gets the axis v ± 10% (0 ± 1); none is an
// error, in either format.
func TestDegenerate(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    Figure
		want []string
	}{
		{"no series", Figure{Title: "nothing yet", XLabel: "x", YLabel: "y"}, []string{"nothing yet", "x", "y"}},
		{"no series, log axes", Figure{Title: "nothing yet", LogX: true, LogY: true}, []string{"nothing yet", "1", "10"}},
		{"all gaps, log axes", Figure{LogX: true, LogY: true, Series: []Series{
			{Name: "gone", X: []float64{-1, 2, 3}, Y: []float64{1, math.NaN(), 0}, Saturation: -5},
		}}, []string{"gone, saturates at -5"}},
		{"all gaps", Figure{Series: []Series{{Name: "gone", X: []float64{1, 2}, Y: []float64{math.Inf(1), math.NaN()}}}}, []string{"gone"}},
		{"empty series", Figure{Series: []Series{{Name: "empty"}}}, []string{"empty"}},
		{"one point", Figure{LogY: true, Series: []Series{{Name: "one", X: []float64{3}, Y: []float64{7}}}}, []string{"one"}},
		{"beyond ±1e300, as ±Inf", Figure{Series: []Series{{Name: "huge", X: []float64{-1e308, 0, 1e308}, Y: []float64{1e308, 1, -1e308}}}}, []string{"huge", "-1", "1.1"}}, // x: 0 ± 1, y: 1 ± 10%
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := decodeSVG(t, render(t, tc.f, SVG))
			for _, want := range tc.want {
				if !doc.hasText(want) {
					t.Errorf("no <text> contains %q; texts: %q", want, doc.texts())
				}
			}
			small := tc.f // a quarter of the pixels: the race detector is slow at rasterising
			small.Width, small.Height = 360, 216
			if _, err := png.Decode(bytes.NewReader(render(t, small, PNG))); err != nil {
				t.Errorf("png.Decode = %v", err)
			}
		})
	}
}

// TestLogAxes checks that series spanning 100..200000 on both log axes
// render, with a plainly written label at every decade and no NaN
// coordinates.
func TestLogAxes(t *testing.T) {
	f := Figure{LogX: true, LogY: true, Series: []Series{
		{Name: "up", X: []float64{100, 1000, 200000}, Y: []float64{100, 5000, 200000}},
		{Name: "down", X: []float64{100, 200000}, Y: []float64{200000, 100}},
	}}
	b := render(t, f, SVG)
	doc := decodeSVG(t, b)
	for _, want := range []string{"100", "1000", "10000", "100000"} {
		n := 0
		for _, txt := range doc.texts() {
			if txt == want {
				n++
			}
		}
		if n != 2 { // one on each axis
			t.Errorf("%d <text> elements read %q, want 2", n, want)
		}
	}
	if bytes.Contains(b, []byte("NaN")) {
		t.Errorf("SVG contains NaN")
	}
	if got := len(doc.strokes(palette[0], false)); got != 2 {
		t.Errorf("%d solid paths in series 0's colour, want 2 (its line and the legend's)", got)
	}
	render(t, f, PNG)
}

// TestBandsAndMarkers checks a crossover chart: band and marker labels
// are drawn as text, a band named after a series is shaded in its colour
// with opacity 0x30/0xff ≈ 0.188, and a marker that a log x axis cannot
// show (x = 0) is left out rather than failing.
func TestBandsAndMarkers(t *testing.T) {
	f := Figure{
		XLabel: "writes per second", YLabel: "USD per month",
		Series: []Series{
			{Name: "single-node", X: []float64{0, 10000, 20000}, Y: []float64{500, 1500, 2500}},
			{Name: "sharded", X: []float64{0, 10000, 20000}, Y: []float64{1000, 1300, 1600}},
		},
		Markers: []Marker{{X: 5000, Label: "crossover at 5000"}},
		Bands: []Band{
			{From: math.Inf(-1), To: 5000, Label: "single-node"},
			{From: 5000, To: math.Inf(1), Label: "sharded"},
		},
	}
	doc := decodeSVG(t, render(t, f, SVG))
	for _, want := range []string{"crossover at 5000", "single-node", "sharded"} {
		if !doc.hasText(want) {
			t.Errorf("no <text> contains %q; texts: %q", want, doc.texts())
		}
	}
	for i := range f.Series {
		if got := doc.fills(palette[i]); len(got) != 1 || got[0] != "0.18824" {
			t.Errorf("fills in series %d's colour have opacities %q, want [0.18824]", i, got)
		}
	}

	f.LogX = true
	f.Markers = append(f.Markers, Marker{X: 0, Label: "invisible"})
	doc = decodeSVG(t, render(t, f, SVG))
	if doc.hasText("invisible") {
		t.Errorf("a marker at x = 0 is drawn on a log axis")
	}
	if !doc.hasText("crossover at 5000") {
		t.Errorf("the marker at x = 5000 is not drawn on a log axis")
	}
}

// TestLegendFits checks that a name too long for the legend's share of
// the width is shortened with an ellipsis rather than pushing the plot
// off the chart.
func TestLegendFits(t *testing.T) {
	long := strings.Repeat("distributed-sql-", 20)
	f := Figure{Series: []Series{{Name: long, X: []float64{1, 2}, Y: []float64{1, 2}}}}
	doc := decodeSVG(t, render(t, f, SVG))
	found := false
	for _, txt := range doc.texts() {
		if strings.HasPrefix(txt, "distributed-sql-") {
			found = true
			if !strings.HasSuffix(txt, "…") || len(txt) >= len(long) {
				t.Errorf("legend text %q, want a shortened name ending in …", txt)
			}
		}
	}
	if !found {
		t.Errorf("no legend text for the series")
	}
}

// TestDeterministic checks that rendering the same figure twice, and from
// several goroutines at once, gives byte-equal output in both formats.
func TestDeterministic(t *testing.T) {
	f := Figure{Title: "t", LogX: true, LogY: true, Width: 360, Height: 216,
		Series:  []Series{mm1("a", 40), mm1("b", 20)},
		Markers: []Marker{{X: 500, Label: "m"}},
		Bands:   []Band{{From: 200, To: 800, Label: "a"}},
	}
	for _, format := range []Format{SVG, PNG} {
		want := render(t, f, format)
		if got := render(t, f, format); !bytes.Equal(got, want) {
			t.Errorf("two %s renders differ", format)
		}
		var wg sync.WaitGroup
		got := make([][]byte, 3)
		for i := range got {
			wg.Go(func() {
				var buf bytes.Buffer
				if err := f.Write(&buf, format); err == nil {
					got[i] = buf.Bytes()
				}
			})
		}
		wg.Wait()
		for i, g := range got {
			if !bytes.Equal(g, want) {
				t.Errorf("concurrent %s render %d differs from the serial one", format, i)
			}
		}
	}
}

// TestTicks checks the tick labels: plain numbers rounded to hide
// floating-point noise; at least two labels inside any axis, however
// wide, narrow or far from 1; and a log axis inside one decade below 1
// (where plot.LogTicks truncates toward zero and labels nothing inside
// it) labelled at its own ticks.
func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{100000, "100000"},
		{0.1 * 3, "0.3"},
		{1e7, "1e+07"},
		{2.5e-5, "2.5e-05"},
		{0, "0"},
	} {
		if got := formatTick(tc.v); got != tc.want {
			t.Errorf("formatTick(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	if got, want := formatNumber(41234.5), "41200"; got != want { // three significant digits
		t.Errorf("formatNumber(41234.5) = %q, want %q", got, want)
	}

	// Ranges where plot.DefaultTicks' label search runs for minutes (the
	// first, found by a random search), and other ranges far from 1,
	// wide or narrow: each gets at least two labels inside, and returns.
	for _, r := range []span{
		{-1.0327282762971908e+165, -8.449594987886106e+164},
		{-1e300, 1e300},
		{6.388123313602691e-292, 1.0864741125577386e+216},
		{1, 1 + 1e-8},
		{-3, -2.9999999},
		{0, 1e-300},
	} {
		for _, n := range []int{2, 5} {
			if got := labelsInside(linearTicks{n: n}.Ticks(r.min, r.max), r); got < 2 {
				t.Errorf("linearTicks{%d}.Ticks(%v, %v) labels %d ticks inside, want at least 2", n, r.min, r.max, got)
			}
		}
		if r.min > 0 {
			if got := labelsInside(logTicks{}.Ticks(r.min, r.max), r); got < 2 {
				t.Errorf("logTicks.Ticks(%v, %v) labels %d ticks inside, want at least 2", r.min, r.max, got)
			}
		}
	}

	var labels []string
	for _, tk := range (logTicks{}).Ticks(0.002, 0.005) {
		if tk.Label != "" && tk.Value >= 0.002 && tk.Value <= 0.005 {
			labels = append(labels, tk.Label)
		}
	}
	if want := []string{"0.002", "0.003", "0.004", "0.005"}; fmt.Sprint(labels) != fmt.Sprint(want) {
		t.Errorf("logTicks(0.002, 0.005) labels %q inside the axis, want %q", labels, want)
	}
	// Under three decades, the 1, 2 and 5 of each, and the top decade's
	// largest multiple that fits (review of 2026-11-28: an axis from 1 to
	// 40 labelled 1 and 10 alone); from three, the powers of ten.
	for _, c := range []struct {
		min, max float64
		want     []string
	}{{1, 40, []string{"1", "2", "5", "10", "20", "30"}}, {1, 1000, []string{"1", "10", "100", "1000"}}} {
		labels = nil
		for _, tk := range (logTicks{}).Ticks(c.min, c.max) {
			if tk.Label != "" && tk.Value >= c.min && tk.Value <= c.max {
				labels = append(labels, tk.Label)
			}
		}
		if fmt.Sprint(labels) != fmt.Sprint(c.want) {
			t.Errorf("logTicks(%v, %v) labels %q, want %q", c.min, c.max, labels, c.want)
		}
	}
}

func labelsInside(ticks []plot.Tick, r span) int {
	n := 0
	for _, t := range ticks {
		if t.Label != "" && t.Value >= r.min && t.Value <= r.max {
			n++
		}
	}
	return n
}

// A cost axis starts at 0 (YFromZero): costs between $501 and $1400 span
// [0, 1400] and 5 % above, so that their ratio reads off the chart and the
// highest line does not run along the top edge; without it the axis fits
// the data.
func TestYFromZero(t *testing.T) {
	f := Figure{Series: []Series{{Name: "a", X: []float64{1, 2}, Y: []float64{501, 1400}}}}
	if _, y := f.ranges(); y.min <= 0 {
		t.Errorf("fitted: y from %v, want the data's 501", y.min)
	}
	f.YFromZero = true
	if _, y := f.ranges(); y.min != 0 || y.max < 1470 {
		t.Errorf("from zero: y [%v, %v], want [0, ≥ 1470]", y.min, y.max)
	}
}

// A log axis over most of two decades with one power of ten inside
// labels the 1, 2 and 5 multiples only, not all 17 (review of 2026-11-26:
// 2000 … 90000 ran into one string).
func TestLogTicksLeaveRoom(t *testing.T) {
	var labels []string
	for _, tk := range (logTicks{}).Ticks(1234.5, 99999) {
		if tk.Label != "" && tk.Value >= 1234.5 && tk.Value <= 99999 {
			labels = append(labels, tk.Label)
		}
	}
	if want := []string{"2000", "5000", "10000", "20000", "50000"}; fmt.Sprint(labels) != fmt.Sprint(want) {
		t.Errorf("logTicks(1234.5, 99999) labels %q, want %q", labels, want)
	}
}

// Two markers closer than a line of text do not print their labels over
// each other: the second starts above the first (review of 2026-11-26:
// "8950" and "9857" ran together).
func TestMarkerLabelsDoNotOverlap(t *testing.T) {
	f := Figure{
		Series:  []Series{{Name: "a", X: []float64{1, 100}, Y: []float64{1, 2}}},
		Markers: []Marker{{X: 50, Label: "8950"}, {X: 50.5, Label: "9857"}},
	}
	doc := decodeSVG(t, render(t, f, SVG))
	// A label is rotated upwards: its x attribute is where it starts
	// along the line, from the bottom.
	var starts []float64
	doc.root.walk(func(n node) {
		if n.XMLName.Local == "text" && (strings.Contains(n.Text, "8950") || strings.Contains(n.Text, "9857")) {
			x, _ := strconv.ParseFloat(n.attr("x"), 64)
			starts = append(starts, x)
		}
	})
	if len(starts) != 2 || math.Abs(starts[1]-starts[0]) < 15 {
		t.Errorf("marker labels start at %v along their lines, want the second above the first (≥ 15 pt apart)", starts)
	}
}

// A log axis from 3.3 to 18 labels its multiples up to 10 and then one
// value near its top, 15, where nothing above 10 was labelled (review of
// 2026-11-27: a distributed-sql line at 14 ms had no label above it).
func TestLogTicksLabelTheTop(t *testing.T) {
	var labels []string
	for _, tk := range (logTicks{}).Ticks(3.3, 18) {
		if tk.Label != "" && tk.Value >= 3.3 && tk.Value <= 18 {
			labels = append(labels, tk.Label)
		}
	}
	if want := "[4 5 6 7 8 9 10 15]"; fmt.Sprint(labels) != want {
		t.Errorf("logTicks(3.3, 18) labels %v, want %s", labels, want)
	}
}

// A log y axis reaches out to the multiples of its decades around the
// values, so that the lowest line has a labelled tick at or below it
// (review of 2026-11-27: lines at 3.05 ms under an axis labelled from 4).
func TestLogYReachesTheMultiples(t *testing.T) {
	f := Figure{LogY: true, Series: []Series{{Name: "a", X: []float64{1, 2, 3}, Y: []float64{3.05, 7, 38}}}}
	_, y := f.ranges()
	if y.min != 3 || y.max != 40 {
		t.Errorf("y [%v, %v], want [3, 40]", y.min, y.max)
	}
	lowest := math.Inf(1)
	for _, tk := range (logTicks{}).Ticks(y.min, y.max) {
		if tk.Label != "" && tk.Value >= y.min {
			lowest = math.Min(lowest, tk.Value)
		}
	}
	if lowest > 3.05 {
		t.Errorf("lowest label %v, want one at or below the lowest value 3.05", lowest)
	}
}

// A count's axis (YInteger) is labelled in whole numbers only: nodes from
// 1 to 3 get no label at 1.5 (review of 2026-11-27); without it the same
// range takes half steps.
func TestIntegerAxis(t *testing.T) {
	labels := func(lt linearTicks) (whole bool, n int) {
		whole = true
		for _, tk := range lt.Ticks(0.8, 3.2) {
			if tk.Label != "" {
				n++
				whole = whole && tk.Value == math.Trunc(tk.Value)
			}
		}
		return whole, n
	}
	if whole, n := labels(linearTicks{n: 5, integer: true}); !whole || n < 2 {
		t.Errorf("integer axis: whole %v, %d labels; want at least two, all whole", whole, n)
	}
	if whole, _ := labels(linearTicks{n: 5}); whole {
		t.Errorf("plain axis over 0.8–3.2 with five labels: all whole, want half steps (the test's premise)")
	}
}

// A log y axis leaves no more room above the plot than a linear one: its
// first legend entry, which stands at the data area's top, lies as far
// below the title (review of 2026-11-28: plot laid the y label out at a
// log axis' arithmetic midpoint, far up, and padded the top for it, a
// fifth of the chart blank above a cost per request/s from 0.007 to 1.6;
// and padded for tick labels past the axis' ends).
func TestLogYLeavesNoRoomAbove(t *testing.T) {
	gap := func(logY bool) float64 {
		f := Figure{
			Title: "t", YLabel: "cost per request per sec (USD/month)", LogY: logY,
			Series: []Series{{Name: "a", X: []float64{10, 100, 3000}, Y: []float64{1.6, 0.05, 0.007}}},
		}
		doc := decodeSVG(t, render(t, f, SVG))
		ys := map[string]float64{}
		doc.root.walk(func(n node) {
			if n.XMLName.Local == "text" {
				y, _ := strconv.ParseFloat(n.attr("y"), 64)
				ys[strings.TrimSpace(n.Text)] = y
			}
		})
		return math.Abs(ys["a"] - ys["t"])
	}
	if lin, log := gap(false), gap(true); math.Abs(log-lin) > 2 {
		t.Errorf("legend %.1f pt from the title on a log axis, %.1f on a linear one; want the same within 2 pt", log, lin)
	}
	for _, tk := range (logTicks{}).Ticks(0.007, 1.6) {
		if tk.Value < 0.007 || tk.Value > 1.6 {
			t.Errorf("logTicks(0.007, 1.6) has a tick at %v, past the axis", tk.Value)
		}
	}
}
