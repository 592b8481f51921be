package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pgarch/pgarch/api"
)

var update = flag.Bool("update", false, "rewrite docs/examples from the current code")

// exampleADR is the committed example: the default workload's record.
const exampleADR = "../../docs/examples/0001-default-workload.md"

// wantADR is the record api.WriteADR writes for the request.
func wantADR(t *testing.T, req api.EvaluateRequest, opts api.ADROptions) string {
	t.Helper()
	resp, err := api.Recommend(req)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := api.WriteADR(&b, resp, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestADRToFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "adr.md")
	_, stderr, err := runCLI(t, "", "adr", "--date", "2026-11-25", "-o", name)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if want := wantADR(t, api.EvaluateRequest{}, api.ADROptions{Date: "2026-11-25"}); string(got) != want {
		t.Errorf("pgarch adr -o %s wrote another record than api.WriteADR", name)
	}
	if !strings.HasPrefix(string(got), "---\nstatus: proposed\ndate: 2026-11-25\n---\n\n# Use ") {
		t.Errorf("record starts %q", string(got)[:min(len(got), 80)])
	}
	if !strings.Contains(stderr, name) {
		t.Errorf("stderr %q does not name the file", stderr)
	}
}

func TestADRStdinAndFlags(t *testing.T) {
	in := "workload: {reads_per_sec: 5000, writes_per_sec: 300, working_set_gb: 10}\nrequirements: {rpo_seconds: 0, survive: [zone]}\n"
	out, _, err := runCLI(t, in, "adr", "-f", "-", "--date", "2027-02-01", "--status", "accepted", "--decision-makers", "DBA team, SRE")
	if err != nil {
		t.Fatal(err)
	}
	req, err := decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	opts := api.ADROptions{Date: "2027-02-01", Status: "accepted", DecisionMakers: []string{"DBA team", "SRE"}}
	if want := wantADR(t, req, opts); out != want {
		t.Errorf("pgarch adr -f - differs from api.WriteADR:\n%s", out)
	}
	if !strings.Contains(out, "decision-makers: \"DBA team, SRE\"\n") || !strings.Contains(out, "# Use hot standby on 2 vCPUs with network volumes for ") {
		t.Errorf("record:\n%s", out[:min(len(out), 300)])
	}
}

// -o DIR writes the next NNNN-title.md there.
func TestADRToDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "0004-http-api-on-echo-v4.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "", "adr", "--date", "2026-11-25", "-o", dir); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "0005-use-*.md"))
	if len(matches) != 1 {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("pgarch adr -o DIR wrote %v, want one 0005-use-….md", entries)
	}
	if _, _, err := runCLI(t, "", "adr", "--date", "2026-11-25", "-o", dir); err != nil {
		t.Fatal(err)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, "0006-use-*.md")); len(m) != 1 {
		t.Errorf("second record: %v, want 0006-use-….md", m)
	}
}

func TestADRUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"adr", "--date", "2026-13-01"},
		{"adr", "--date", "25.11.2026"},
		{"adr", "--status", "maybe"},
		{"adr", "extra"},
	} {
		_, _, err := runCLI(t, "", args...)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("run(%v) error = %v, want a usage error", args, err)
		}
	}
	// Nothing feasible cannot be accepted.
	in := "workload: {writes_per_sec: 5000}\nrequirements: {p99_write_ms: 2, rpo_seconds: 0, survive: [zone]}\n"
	if _, _, err := runCLI(t, in, "adr", "-f", "-", "--status", "accepted"); !errors.Is(err, api.ErrADROptions) {
		t.Errorf("accepted with nothing feasible: error = %v, want api.ErrADROptions", err)
	}
}

func TestRecommendMarkdown(t *testing.T) {
	out, _, err := runCLI(t, "", "recommend", "-o", "md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "---\nstatus: proposed\ndate: ") || !strings.Contains(out, "\n## Decision Outcome\n") {
		t.Errorf("pgarch recommend -o md:\n%s", out[:min(len(out), 300)])
	}
}

// The committed example is what the code writes today; go test
// ./cmd/pgarch -run ADRExample -update regenerates it.
func TestADRExample(t *testing.T) {
	out, _, err := runCLI(t, "", "adr", "--date", "2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(exampleADR, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(exampleADR)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("%s is stale: regenerate it with go test ./cmd/pgarch -run ADRExample -update", exampleADR)
	}
}
