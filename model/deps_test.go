package model_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The engine depends on nothing but the standard library, gonum's numerics
// and its own packages: no HTTP, YAML or flag library (ADR 0001).
func TestModelImportsNoFace(t *testing.T) {
	gotool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to list the dependencies")
	}
	out, err := exec.Command(gotool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "github.com/pgarch/pgarch/model/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if !strings.HasPrefix(dep, "github.com/pgarch/pgarch/model") && !strings.HasPrefix(dep, "gonum.org/v1/gonum/") {
			t.Errorf("model depends on %s: only the standard library, gonum and model's own packages are allowed (ADR 0001)", dep)
		}
	}
}
