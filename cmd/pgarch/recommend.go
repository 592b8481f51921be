package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/pgarch/pgarch/api"
)

func recommend(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("recommend", flag.ContinueOnError)
	fs.SetOutput(stderr)
	output := fs.String("o", "table", "output: table, json, csv, tsv or md (an ADR dated today)")
	req, err := request(fs, args, stdin)
	if err != nil {
		return err
	}
	resp, err := api.Recommend(req)
	if err != nil {
		return err
	}
	switch *output {
	case "table":
		return api.WriteRecommendation(stdout, resp)
	case "json":
		return api.WriteJSON(stdout, resp)
	case "csv":
		return api.WriteOptionsCSV(stdout, resp, ',')
	case "tsv":
		return api.WriteOptionsCSV(stdout, resp, '\t')
	case "md":
		return api.WriteADR(stdout, resp, api.ADROptions{Date: time.Now().UTC().Format(time.DateOnly)})
	}
	return usageError{fmt.Sprintf("unknown output %q (table, json, csv, tsv, md)", *output)}
}
