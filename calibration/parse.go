package calibration

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors a ParseError wraps. Check them with errors.Is.
var (
	// ErrSyntax reports a line or document that does not read as the tool's
	// output: malformed JSON, a number that does not parse.
	ErrSyntax = errors.New("malformed input")
	// ErrTruncated reports output that ends before the figures calibration
	// needs (a run interrupted, a file cut short).
	ErrTruncated = errors.New("truncated input")
	// ErrNoData reports output that parses but holds none of the figures
	// calibration needs (no read or write job, no fdatasync line).
	ErrNoData = errors.New("no usable figures")
	// ErrInvalidValue reports a figure that parses but cannot be right: a
	// negative, zero, NaN or infinite rate or latency.
	ErrInvalidValue = errors.New("invalid value")
)

// ParseError is the error a parser returns, in the manner of
// csv.ParseError: which file, which line and what is wrong.
type ParseError struct {
	// File is the name the caller gave the input (a path, or a request
	// field such as "pgbench[1]").
	File string
	// Line is the 1-based line the error is on; 0 when it concerns the
	// input as a whole.
	Line int
	// Err is one of ErrSyntax, ErrTruncated, ErrNoData or ErrInvalidValue,
	// wrapped with details.
	Err error
}

// Error reads "calibration: FILE:LINE: message" (without ":LINE" when Line is 0).
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("calibration: %s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("calibration: %s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// parseErr returns a *ParseError wrapping sentinel with a formatted detail.
func parseErr(file string, line int, sentinel error, format string, args ...any) *ParseError {
	return &ParseError{File: file, Line: line, Err: fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))}
}

// lines splits text into lines without their line ends (\n or \r\n).
func lines(data []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		out = append(out, strings.TrimRight(sc.Text(), "\r"))
	}
	return out
}

// lineOf returns the 1-based line of byte offset off in data.
func lineOf(data []byte, off int64) int {
	if off < 0 {
		off = 0
	}
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// positive parses a finite number above zero.
func positive(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q is not a number", ErrSyntax, s)
	}
	if !(v > 0) || v > 1e300 {
		return 0, fmt.Errorf("%w: %s is not a positive finite number", ErrInvalidValue, s)
	}
	return v, nil
}
