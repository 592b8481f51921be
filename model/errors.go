package model

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by ParamError.
var (
	// ErrOutOfRange reports a parameter outside its documented range.
	ErrOutOfRange = errors.New("out of range")
	// ErrUnknown reports a name (architecture, mode, placement) the model does not know.
	ErrUnknown = errors.New("unknown value")
)

// ParamError reports an invalid input parameter. Field is the public
// (snake_case, unit-suffixed) name of the parameter, so that adapters can name
// it in their error responses.
type ParamError struct {
	Field  string
	Detail string
	Err    error
}

// Error formats the error as "model: field: reason: detail".
func (e *ParamError) Error() string {
	if e.Detail == "" {
		return fmt.Sprintf("model: %s: %v", e.Field, e.Err)
	}
	return fmt.Sprintf("model: %s: %v: %s", e.Field, e.Err, e.Detail)
}

// Unwrap returns the sentinel (ErrOutOfRange or ErrUnknown).
func (e *ParamError) Unwrap() error { return e.Err }

// checkRange returns a *ParamError unless lo ≤ v ≤ hi (NaN is out of range).
func checkRange(field string, v, lo, hi float64) error {
	if !(v >= lo && v <= hi) {
		return &ParamError{Field: field, Err: ErrOutOfRange, Detail: fmt.Sprintf("%g not in [%g, %g]", v, lo, hi)}
	}
	return nil
}
