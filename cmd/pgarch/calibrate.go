package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/pgarch/pgarch/calibration"
)

// files is a repeatable file flag (--fio a.json --fio b.json).
type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

// calibrate fits a profile to measurement files and prints it (the JSON
// calibration.Profile marshals to, or the same as YAML) on stdout and a
// summary of each fit on stderr.
func calibrate(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("calibrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("base", "lecture", "built-in profile the unmeasured fields come from")
	name := fs.String("name", "calibrated", "name of the calibrated profile (not a built-in name)")
	device := fs.String("device", "local", "device fio and pg_test_fsync ran on: local or network")
	cores := fs.Int("cores", 0, "cores of the machine the pgbench runs used (becomes vcpus, and runs at up to that many clients fit the demand); 0 keeps the base's vcpus and fits one-client runs only")
	var fio, pgbench files
	fs.Var(&fio, "fio", "fio --output-format=json output (repeatable)")
	fsync := fs.String("fsync", "", "pg_test_fsync output")
	fs.Var(&pgbench, "pgbench", "pgbench output, one or several runs (repeatable)")
	wal := fs.String("pg-stat-wal", "", "pg_stat_wal figures as JSON or CSV (wal_bytes, wal_fpi, transactions)")
	output := fs.String("o", "json", "output: json or yaml")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *output != "json" && *output != "yaml" {
		return usageError{fmt.Sprintf("unknown output %q (json, yaml)", *output)}
	}
	if len(fio) == 0 && *fsync == "" && len(pgbench) == 0 && *wal == "" {
		return usageError{"calibrate needs at least one of --fio, --fsync, --pgbench, --pg-stat-wal"}
	}
	in := calibration.Inputs{Name: *name, Base: *base, Device: *device, Cores: *cores}
	read := func(path string) (calibration.Input, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return calibration.Input{}, err
		}
		return calibration.Input{Name: path, Data: b}, nil
	}
	for _, f := range fio {
		x, err := read(f)
		if err != nil {
			return err
		}
		in.Fio = append(in.Fio, x)
	}
	if *fsync != "" {
		x, err := read(*fsync)
		if err != nil {
			return err
		}
		in.PgTestFsync = x
	}
	for _, f := range pgbench {
		x, err := read(f)
		if err != nil {
			return err
		}
		in.Pgbench = append(in.Pgbench, x)
	}
	if *wal != "" {
		x, err := read(*wal)
		if err != nil {
			return err
		}
		in.PgStatWAL = x
	}
	p, rep, err := calibration.Calibrate(in)
	if err != nil {
		return err
	}
	writeSummary(stderr, rep)
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	if *output == "yaml" {
		if b, err = jsonToYAML(b); err != nil {
			return err
		}
		_, err = stdout.Write(b)
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", b)
	return err
}

// writeSummary prints one line per fitted figure and the warnings.
func writeSummary(w io.Writer, rep calibration.Report) {
	for _, f := range rep.Fits {
		where := f.File
		if f.Line > 0 {
			where = fmt.Sprintf("%s:%d", f.File, f.Line)
		}
		var quality []string
		if f.Points > 1 {
			quality = append(quality, fmt.Sprintf("%d points", f.Points))
		}
		if f.R2 != nil {
			quality = append(quality, fmt.Sprintf("R² %.4f", *f.R2))
		}
		quality = append(quality, where)
		fmt.Fprintf(w, "%-26s %10.5g %-4s %s (%s)\n", f.Field, f.Value, f.Unit, f.Method, strings.Join(quality, "; "))
	}
	if len(rep.Workload) > 0 {
		fmt.Fprintln(w, "cpu_ms_per_read, cpu_ms_per_statement and wal_record_bytes_per_txn are workload fields: give them in the evaluate request's workload")
	}
	for _, warn := range rep.Warnings {
		fmt.Fprintln(w, "warning:", warn)
	}
}

// jsonToYAML re-encodes a JSON document as block-style YAML, keeping the
// key order (JSON is YAML, so yaml.v3 reads it into a node tree).
func jsonToYAML(b []byte) ([]byte, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(b, &n); err != nil {
		return nil, err
	}
	var block func(*yaml.Node)
	block = func(n *yaml.Node) {
		n.Style &^= yaml.FlowStyle
		if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
			n.Style &^= yaml.DoubleQuotedStyle
		}
		for _, c := range n.Content {
			block(c)
		}
	}
	block(&n)
	return yaml.Marshal(&n)
}
