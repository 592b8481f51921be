// Command openapi3 converts the Swagger 2.0 document swag generates into
// OpenAPI 3 for tools that need 3.x (kin-openapi's openapi2conv). It is run
// by scripts/openapi.sh.
//
// Usage:
//
//	go run ./scripts/openapi3 -in openapi/swagger.json -out openapi/openapi3.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
)

func main() {
	in := flag.String("in", "openapi/swagger.json", "Swagger 2.0 JSON to read")
	out := flag.String("out", "openapi/openapi3.json", "OpenAPI 3 JSON to write")
	flag.Parse()
	if err := convert(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "openapi3:", err)
		os.Exit(1)
	}
}

func convert(in, out string) error {
	b, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(b, &doc2); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	for _, s := range doc3.Components.Schemas {
		for _, prop := range s.Value.Properties {
			if prop.Value != nil && prop.Value.Nullable {
				nullElements(prop.Value)
			}
		}
	}
	for _, item := range doc3.Paths.Map() {
		for _, op := range item.Operations() {
			for code, r := range op.Responses.Map() {
				if r.Value != nil {
					mediaTypes(code, r.Value)
				}
			}
		}
	}
	js, err := json.MarshalIndent(doc3, "", "    ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(js, '\n'), 0o644)
}

// mediaTypes gives each response the media types it is sent in, with a
// schema each can have. Swagger 2.0's produces lists one set for every
// response of an operation, so the conversion gives a 200 the problem
// type and a 422 the CSV one, each with the JSON schema: a success is
// sent in every listed type but problem+json, and only the JSON ones carry
// the JSON schema (CSV, Markdown and text are strings, PNG binary); an
// error is sent as problem+json only.
func mediaTypes(code string, r *openapi3.Response) {
	const problem = "application/problem+json"
	if len(r.Content) == 0 {
		return
	}
	if !strings.HasPrefix(code, "2") {
		if mt, ok := r.Content[problem]; ok {
			r.Content = openapi3.Content{problem: mt}
		}
		return
	}
	if len(r.Content) > 1 {
		delete(r.Content, problem)
	}
	for name, mt := range r.Content {
		switch {
		case name == "application/json" || strings.HasSuffix(name, "+json"):
		case name == "image/png":
			mt.Schema = openapi3.NewSchemaRef("", openapi3.NewStringSchema().WithFormat("binary"))
		default:
			mt.Schema = openapi3.NewSchemaRef("", openapi3.NewStringSchema())
		}
	}
}

// nullElements marks the elements of a nullable container nullable too.
// Swagger 2.0 has no way to say that an array's items may be null (swag
// writes x-nullable on a field only), so in pgarch a nullable array or map
// field (`extensions:"x-nullable"`) means that its elements are: a sweep's
// values per point are null where the architecture is saturated.
func nullElements(s *openapi3.Schema) {
	if s.Items != nil && s.Items.Value != nil {
		s.Items.Value.Nullable = true
		nullElements(s.Items.Value)
	}
	if ap := s.AdditionalProperties.Schema; ap != nil && ap.Value != nil {
		ap.Value.Nullable = true
		nullElements(ap.Value)
	}
}
