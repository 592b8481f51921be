package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pgarch/pgarch/api"
)

// adr writes the recommendation as a Markdown architecture decision record
// (MADR 4.0): to stdout, to -o FILE, or, when -o names a directory, to the
// next NNNN-title.md in it.
func adr(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("adr", flag.ContinueOnError)
	fs.SetOutput(stderr)
	date := fs.String("date", "", "the decision's date, YYYY-MM-DD (default: today, UTC)")
	status := fs.String("status", "proposed", "MADR status: proposed, rejected, accepted, deprecated or \"superseded by …\"")
	makers := fs.String("decision-makers", "", "who decides, comma-separated (optional)")
	output := fs.String("o", "-", "output file, a directory (writes the next NNNN-title.md in it) or - for stdout")
	req, err := request(fs, args, stdin)
	if err != nil {
		return err
	}
	opts := api.ADROptions{Date: *date, Status: *status}
	if opts.Date == "" {
		opts.Date = time.Now().UTC().Format(time.DateOnly)
	}
	for _, m := range strings.Split(*makers, ",") {
		if m = strings.TrimSpace(m); m != "" {
			opts.DecisionMakers = append(opts.DecisionMakers, m)
		}
	}
	if err := opts.Validate(); err != nil {
		return usageError{err.Error()}
	}
	resp, err := api.Recommend(req)
	if err != nil {
		return err
	}
	if *output == "-" {
		return api.WriteADR(stdout, resp, opts)
	}
	name := *output
	if fi, err := os.Stat(name); err == nil && fi.IsDir() {
		if name, err = nextADR(name, api.ADRSlug(resp)); err != nil {
			return err
		}
	}
	var b strings.Builder
	if err := api.WriteADR(&b, resp, opts); err != nil {
		return err
	}
	if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
		return err
	}
	fmt.Fprintln(stderr, "wrote", name)
	return nil
}

// nextADR returns dir/NNNN-slug.md numbered one above the highest
// NNNN-*.md in dir (0001 in an empty directory).
func nextADR(dir, slug string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	n := 0
	for _, e := range entries {
		var k int
		if _, err := fmt.Sscanf(e.Name(), "%04d-", &k); err == nil && strings.HasSuffix(e.Name(), ".md") && k > n {
			n = k
		}
	}
	name := filepath.Join(dir, fmt.Sprintf("%04d-%s.md", n+1, slug))
	if _, err := os.Stat(name); !errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("%s exists", name)
	}
	return name, nil
}
