package model

import (
	"math"
	"strconv"
	"time"
)

// Time is a duration in seconds. Unlike time.Duration it can hold +Inf (a
// saturated queue) and sub-nanosecond values.
type Time float64

// Units of Time.
const (
	Second      Time = 1
	Millisecond      = 1e-3 * Second
	Microsecond      = 1e-6 * Second
	Minute           = 60 * Second
	Hour             = 3600 * Second
)

// Ms returns t in milliseconds, the unit the public schema reports.
func (t Time) Ms() float64 { return float64(t / Millisecond) }

// String formats t like time.Duration ("200µs", "1.5ms"), or "+Inf".
func (t Time) String() string {
	if math.IsInf(float64(t), 0) || math.IsNaN(float64(t)) {
		return strconv.FormatFloat(float64(t), 'g', -1, 64)
	}
	return time.Duration(math.Round(float64(t) * 1e9)).String()
}

// Rate is a frequency in events per second.
type Rate float64

// PerSecond is the unit of Rate.
const PerSecond Rate = 1

// Bytes is an amount of data in bytes.
type Bytes float64

// Units of Bytes (decimal, as cloud providers and PostgreSQL's docs use
// them for sizes people type; PageSize is the exception, 8 KiB).
const (
	Byte     Bytes = 1
	KB             = 1e3 * Byte
	MB             = 1e6 * Byte
	GB             = 1e9 * Byte
	PageSize       = 8192 * Byte // BLCKSZ, PostgreSQL docs "Database Page Layout"
)

// ByteRate is a bandwidth in bytes per second.
type ByteRate float64

// MBPerSecond is 10⁶ bytes per second.
const MBPerSecond ByteRate = 1e6

// Gbps is a network link's gigabit per second in bytes per second.
const Gbps ByteRate = 1e9 / 8

// Ratio is a dimensionless fraction, usually in [0, 1].
type Ratio float64

// USD is an amount of money in US dollars.
type USD float64

// Over returns the time to move b at rate r.
func (b Bytes) Over(r ByteRate) Time { return Time(float64(b) / float64(r)) }
