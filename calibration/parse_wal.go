package calibration

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pgarch/pgarch/model"
)

// WALStats are pg_stat_wal's counters over a measured interval with the
// transactions committed in it.
type WALStats struct {
	// Records is wal_records, Bytes wal_bytes and FPI wal_fpi (full-page
	// images) over the interval.
	Records, FPI float64
	Bytes        model.Bytes
	// Transactions is the transactions committed in the interval (e.g.
	// pg_stat_database.xact_commit after pg_stat_reset(), or pgbench's
	// "number of transactions actually processed").
	Transactions float64
	// Line is the line the figures are on (1 for JSON).
	Line int
}

// PageSize is PostgreSQL's block size, the most one full-page image adds
// to the WAL (less when the page's hole is skipped or wal_compression is on).
const PageSize = 8192 * model.Byte

// RecordBytesPerTxn returns the WAL bytes per transaction without the
// full-page images, counting each image as PageSize: a lower bound, as
// images skip the page's free space.
//
//	(wal_bytes − wal_fpi·8192) / transactions, at least 0
func (w WALStats) RecordBytesPerTxn() model.Bytes {
	return max(0, (w.Bytes-model.Bytes(w.FPI)*PageSize)/model.Bytes(w.Transactions))
}

// FPIPerTxn returns the full-page images per transaction.
func (w WALStats) FPIPerTxn() float64 { return w.FPI / w.Transactions }

// ParsePgStatWAL reads pg_stat_wal figures given as a JSON object
//
//	{"wal_records": 1200, "wal_fpi": 300, "wal_bytes": 2600000, "transactions": 400}
//
// or as CSV with a header line (psql --csv of a query over pg_stat_wal),
// taking the first data row:
//
//	wal_records,wal_fpi,wal_bytes,transactions
//	1200,300,2600000,400
//
// wal_bytes and transactions are required, wal_fpi and wal_records
// optional (0). file names the input in errors.
//
// Special cases are:
//
//	malformed JSON or CSV, a value that is not a number → *ParseError{Err: ErrSyntax}
//	no data row, a required column missing              → *ParseError{Err: ErrNoData}
//	negative or NaN counters, zero transactions         → *ParseError{Err: ErrInvalidValue}
func ParsePgStatWAL(file string, data []byte) (WALStats, error) {
	t := bytes.TrimSpace(data)
	vals := map[string]string{}
	line := 1
	if bytes.HasPrefix(t, []byte("{")) {
		var raw map[string]json.Number
		d := json.NewDecoder(bytes.NewReader(t))
		d.UseNumber()
		if err := d.Decode(&raw); err != nil {
			var syn *json.SyntaxError
			switch {
			case errors.Is(err, io.ErrUnexpectedEOF):
				return WALStats{}, parseErr(file, len(lines(data)), ErrTruncated, "the JSON object ends early")
			case errors.As(err, &syn):
				return WALStats{}, parseErr(file, lineOf(t, syn.Offset), ErrSyntax, "%v", syn)
			}
			return WALStats{}, parseErr(file, 0, ErrSyntax, "want an object of numbers: %v", err)
		}
		for k, v := range raw {
			vals[k] = v.String()
		}
	} else {
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return WALStats{}, parseErr(file, pe.Line, ErrSyntax, "%v", pe.Err)
			}
			return WALStats{}, parseErr(file, 0, ErrSyntax, "%v", err)
		}
		if len(rows) < 2 {
			return WALStats{}, parseErr(file, len(rows), ErrNoData, "want a header line and a data row")
		}
		if len(rows[1]) != len(rows[0]) {
			return WALStats{}, parseErr(file, 2, ErrSyntax, "%d values for %d columns", len(rows[1]), len(rows[0]))
		}
		for i, h := range rows[0] {
			vals[strings.TrimSpace(h)] = strings.TrimSpace(rows[1][i])
		}
		line = 2
	}
	get := func(key string, required bool) (float64, error) {
		s, ok := vals[key]
		if !ok {
			if required {
				return 0, parseErr(file, 0, ErrNoData, "no %s", key)
			}
			return 0, nil
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, parseErr(file, line, ErrSyntax, "%s: %q is not a number", key, s)
		}
		if !(v >= 0) || v > 1e300 {
			return 0, parseErr(file, line, ErrInvalidValue, "%s: %s", key, s)
		}
		return v, nil
	}
	var w WALStats
	var err error
	var b float64
	if b, err = get("wal_bytes", true); err != nil {
		return WALStats{}, err
	}
	if w.Transactions, err = get("transactions", true); err != nil {
		return WALStats{}, err
	}
	if w.FPI, err = get("wal_fpi", false); err != nil {
		return WALStats{}, err
	}
	if w.Records, err = get("wal_records", false); err != nil {
		return WALStats{}, err
	}
	if w.Transactions == 0 {
		return WALStats{}, parseErr(file, line, ErrInvalidValue, "transactions: 0")
	}
	w.Bytes, w.Line = model.Bytes(b), line
	return w, nil
}

// walFigure describes w for a report.
func walFigure(w WALStats) string {
	return fmt.Sprintf("pg_stat_wal: (wal_bytes − wal_fpi × 8 kB) / transactions, %.0f B and %.3g full-page images per transaction, an image counted as a whole page (a lower bound)",
		float64(w.Bytes)/w.Transactions, w.FPIPerTxn())
}
