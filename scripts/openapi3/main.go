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
	js, err := json.MarshalIndent(doc3, "", "    ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(js, '\n'), 0o644)
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
