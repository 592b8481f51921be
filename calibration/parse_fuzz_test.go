package calibration

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse feeds arbitrary text to every parser and to Calibrate: none
// panics, every parser error is a *ParseError naming the file, and every
// profile Calibrate returns validates.
func FuzzParse(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(parser string, err error) {
			var pe *ParseError
			if err != nil && (!errors.As(err, &pe) || pe.File != "f") {
				t.Fatalf("%s: error %v is not a *ParseError for file f", parser, err)
			}
		}
		_, err := ParseFio("f", data)
		check("ParseFio", err)
		_, err = ParsePgTestFsync("f", data)
		check("ParsePgTestFsync", err)
		_, err = ParsePgbench("f", data)
		check("ParsePgbench", err)
		_, err = ParsePgStatWAL("f", data)
		check("ParsePgStatWAL", err)
		in := Input{Name: "f", Data: data}
		p, _, err := Calibrate(Inputs{Cores: 2, Fio: []Input{in}})
		if err == nil {
			if verr := p.Validate(); verr != nil {
				t.Fatalf("Calibrate(fio) = invalid profile: %v", verr)
			}
		}
		if _, _, err = Calibrate(Inputs{Cores: 2, Pgbench: []Input{in}}); err != nil {
			check("Calibrate(pgbench)", err)
		}
	})
}
