package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/pgarch/pgarch/api"
)

// architectures prints the catalogue: what each architecture distributes,
// how, the lecture's guideline and the overrides a request may set.
func architectures(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("architectures", flag.ContinueOnError)
	fs.SetOutput(stderr)
	output := fs.String("o", "table", "output: table or json")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	cat, err := api.Catalogue()
	if err != nil {
		return err
	}
	switch *output {
	case "json":
		return api.WriteJSON(stdout, api.ArchitectureList{Architectures: cat})
	case "table":
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "id\tlayer distributed\tmechanism\toverrides")
		for _, a := range cat {
			names := make([]string, len(a.Parameters))
			for i, p := range a.Parameters {
				names[i] = p.Name
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.ID, a.Layer, a.Mechanism, strings.Join(names, ", "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, a := range cat {
			fmt.Fprintf(stdout, "\n%s (%s): %s\n  %s\n", a.Name, a.ID, a.Preset, a.Guideline)
		}
		return nil
	}
	return usageError{fmt.Sprintf("unknown output %q (table, json)", *output)}
}
