package chart

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Series is one line of a chart: Y[i] at X[i]. A NaN or ±Inf value is a
// gap (a saturated queue has no latency): the line stops before it and
// starts again after it.
type Series struct {
	// Name names the series in the legend, e.g. "read-replicas".
	Name string

	// X and Y are the points, in the caller's units; they have the same
	// length, at most MaxPoints.
	X, Y []float64

	// Saturation is the x at which this series saturates, drawn as a
	// dashed vertical line in the series' colour and named in the legend
	// ("sharded, saturates at 41200"). NaN, ±Inf and 0 (the zero value)
	// mean the series does not saturate within the range; a value
	// outside the x axis is named in the legend but not drawn.
	Saturation float64
	// SaturationLabel is what the legend says of Saturation after the
	// name, so that it reads as the caller's text does ("saturated below
	// 36"; "": "saturates at" and three significant digits).
	SaturationLabel string
	// Note qualifies the name in the legend ("2 vCPUs"), which bands
	// still match by the name alone.
	Note string
}

// Marker is a labelled vertical line at X, such as a crossover where the
// recommended architecture changes.
type Marker struct {
	// X is where the line is drawn, in the x axis' units; it must not be
	// NaN or ±Inf.
	X float64

	// Label is written along the line, e.g. "12k writes/s".
	Label string
}

// Band shades the x range [From, To] and writes its Label at the top of
// the plot, e.g. the architecture recommended over that range. A band
// whose Label is also a series' Name is shaded in that series' colour.
type Band struct {
	// From and To bound the range, From ≤ To, in the x axis' units.
	// -Inf and +Inf reach the edge of the plot; NaN is invalid.
	From, To float64

	// Label names the band.
	Label string
}

// Figure is a whole chart.
type Figure struct {
	// Title is written above the plot; XLabel and YLabel under the x axis
	// and beside the y axis. Any may be empty.
	Title, XLabel, YLabel string

	// LogX and LogY select base-10 log scales. On a log axis a value ≤ 0
	// cannot be drawn: it is a gap in its series, and a Marker there is
	// not drawn.
	LogX, LogY bool

	// YFromZero starts a linear y axis at 0, for quantities compared by
	// their ratio (costs).
	YFromZero bool
	// YInteger labels a linear y axis in whole numbers only, for counts
	// (nodes: no tick at 1.5).
	YInteger bool

	// Series are the lines, drawn in order in distinct colours; at most
	// MaxSeries.
	Series []Series

	// Markers are vertical lines drawn over the series.
	Markers []Marker

	// Bands are shaded x ranges drawn under the series.
	Bands []Band

	// Width and Height are the size of the chart in points (1/72 inch),
	// each between MinSize and MaxSize; zero means DefaultWidth or
	// DefaultHeight. An SVG is this size in pt; a PNG is rasterised at
	// 96 dpi, 4/3 pixel per point (720×432 pt is 960×576 px).
	Width, Height float64
}

// Format is an output format of Figure.Write.
type Format string

// The formats Figure.Write can write.
const (
	SVG Format = "svg" // image/svg+xml
	PNG Format = "png" // image/png
)

// Limits on a Figure; Write rejects a figure that exceeds them.
const (
	MaxSeries = 16   // series in one figure
	MaxPoints = 2000 // points in one series

	// MaxMarkers and MaxBands bound the markers and bands of one figure.
	MaxMarkers = 64
	MaxBands   = 64

	// DefaultWidth and DefaultHeight are the size, in points, of a
	// figure whose Width or Height is zero.
	DefaultWidth  = 720
	DefaultHeight = 432

	// MinSize and MaxSize bound Width and Height, in points.
	MinSize = 144
	MaxSize = 2880
)

// pngDPI is the resolution of a PNG: 96 dots per inch, CSS's pixel.
const pngDPI = 96

// ErrInvalid is matched, with errors.Is, by every error Write returns for
// a figure or format it cannot draw; the error's message names the
// problem, as in
//
//	chart: series "sharded": 3 x values but 4 y values
var ErrInvalid = errors.New("chart: invalid figure")

// invalidError is an error that matches ErrInvalid and reads as its own
// message.
type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{msg: "chart: " + fmt.Sprintf(format, args...)}
}

// Write renders the figure in the given format to w.
//
// Write returns an error matching ErrInvalid, and writes nothing, if the
// format is unknown or the figure is invalid: mismatched X and Y lengths;
// more than MaxSeries series, MaxPoints points in a series, MaxMarkers
// markers or MaxBands bands; a NaN or ±Inf marker; a NaN band edge or a
// band with From > To; a size out of range. A figure with no series, or
// whose series are all gaps, is valid: it draws the axes, labels and
// legend. Otherwise Write renders the whole chart in memory and then
// writes it with one call to w, returning w's error. (Should gonum/plot
// panic nonetheless, Write recovers and returns an error saying so.)
func (f Figure) Write(w io.Writer, format Format) (err error) {
	if format != SVG && format != PNG {
		return invalidf("unknown format %q (want %q or %q)", format, SVG, PNG)
	}
	if err := f.validate(); err != nil {
		return err
	}
	width, height := orDefault(f.Width, DefaultWidth), orDefault(f.Height, DefaultHeight)

	// gonum/plot panics on some inputs (a log scale given a value ≤ 0, a
	// font it cannot read). validate and the plotters here keep such
	// values out; should one still get through, the caller (an HTTP
	// handler) gets an error rather than a crashed process.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("chart: drawing failed: %v", r)
		}
	}()

	var buf bytes.Buffer
	switch format {
	case SVG:
		c := vgsvg.New(vg.Points(width), vg.Points(height))
		f.draw(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		b := bytes.ReplaceAll(buf.Bytes(), []byte(`style="font-family:Liberation Sans;`), []byte(`style="font-family:`+fontFamily+`;`))
		buf.Reset()
		buf.Write(b)
	case PNG:
		c := vgimg.NewWith(vgimg.UseWH(vg.Points(width), vg.Points(height)), vgimg.UseDPI(pngDPI))
		f.draw(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
	}
	_, err = buf.WriteTo(w)
	return err
}

// fontFamily is the SVG font-family: Liberation Sans, whose metrics laid
// the chart out, then fonts with the same metrics, then the generic face.
const fontFamily = `'Liberation Sans',Arimo,Arial,Helvetica,sans-serif`

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

// validate reports the first reason the figure cannot be drawn.
func (f Figure) validate() error {
	for _, d := range []struct {
		name string
		v    float64
	}{{"width", f.Width}, {"height", f.Height}} {
		if d.v != 0 && !(d.v >= MinSize && d.v <= MaxSize) {
			return invalidf("%s %v pt out of range [%d, %d]", d.name, d.v, MinSize, MaxSize)
		}
	}
	if n := len(f.Series); n > MaxSeries {
		return invalidf("%d series, at most %d", n, MaxSeries)
	}
	for i, s := range f.Series {
		if len(s.X) != len(s.Y) {
			return invalidf("%s: %d x values but %d y values", seriesName(i, s), len(s.X), len(s.Y))
		}
		if len(s.X) > MaxPoints {
			return invalidf("%s: %d points, at most %d", seriesName(i, s), len(s.X), MaxPoints)
		}
	}
	if n := len(f.Markers); n > MaxMarkers {
		return invalidf("%d markers, at most %d", n, MaxMarkers)
	}
	for _, m := range f.Markers {
		if math.IsNaN(m.X) || math.IsInf(m.X, 0) {
			return invalidf("marker %q at x = %v", m.Label, m.X)
		}
	}
	if n := len(f.Bands); n > MaxBands {
		return invalidf("%d bands, at most %d", n, MaxBands)
	}
	for _, b := range f.Bands {
		switch {
		case math.IsNaN(b.From) || math.IsNaN(b.To):
			return invalidf("band %q from %v to %v", b.Label, b.From, b.To)
		case b.From > b.To:
			return invalidf("band %q: from %v > to %v", b.Label, b.From, b.To)
		}
	}
	return nil
}

// seriesName names series i in an error message.
func seriesName(i int, s Series) string {
	if s.Name == "" {
		return fmt.Sprintf("series %d", i)
	}
	return fmt.Sprintf("series %q", s.Name)
}
