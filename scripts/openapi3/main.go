// Command openapi3 completes the Swagger 2.0 document swag generates and
// converts it into OpenAPI 3 for tools that need 3.x (kin-openapi's
// openapi2conv). It is run by scripts/openapi.sh.
//
// Swagger 2.0 has no way to say that an array's items or a map's values
// may be null, and swag writes x-nullable on a field only; in pgarch a
// nullable array or map field (`extensions:"x-nullable"`) means that its
// elements are (a sweep's values per point are null where the
// architecture is saturated). The command marks those elements in both
// documents: x-nullable in swagger.json and swagger.yaml, which it
// rewrites as swag writes them, and nullable in openapi3.json.
//
// Usage:
//
//	go run ./scripts/openapi3 -in openapi/swagger.json -yaml openapi/swagger.yaml -out openapi/openapi3.json
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
	"github.com/go-openapi/spec"
	"sigs.k8s.io/yaml"
)

func main() {
	in := flag.String("in", "openapi/swagger.json", "Swagger 2.0 JSON to complete and convert")
	yml := flag.String("yaml", "openapi/swagger.yaml", "Swagger 2.0 YAML to rewrite from it")
	out := flag.String("out", "openapi/openapi3.json", "OpenAPI 3 JSON to write")
	flag.Parse()
	b, err := completeSwagger(*in, *yml)
	if err == nil {
		err = convert(b, *out)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapi3:", err)
		os.Exit(1)
	}
}

// completeSwagger marks the elements of the nullable containers of the
// Swagger 2.0 document in (JSON) x-nullable, writes it back and as YAML
// to yml, formatted as swag writes them (swag/gen: four-space JSON,
// sigs.k8s.io/yaml's conversion), and returns the JSON.
func completeSwagger(in, yml string) ([]byte, error) {
	b, err := os.ReadFile(in)
	if err != nil {
		return nil, err
	}
	var doc spec.Swagger
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", in, err)
	}
	for name, def := range doc.Definitions {
		for field, prop := range def.Properties {
			if nullable, _ := prop.Extensions.GetBool("x-nullable"); nullable {
				nullItems(&prop)
				def.Properties[field] = prop
			}
		}
		doc.Definitions[name] = def
	}
	js, err := json.MarshalIndent(doc, "", "    ")
	if err != nil {
		return nil, err
	}
	y, err := yaml.JSONToYAML(js)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(in, js, 0o644); err != nil {
		return nil, err
	}
	return js, os.WriteFile(yml, y, 0o644)
}

// nullItems marks the elements of a nullable container x-nullable too.
func nullItems(s *spec.Schema) {
	if s.Items != nil && s.Items.Schema != nil {
		s.Items.Schema.AddExtension("x-nullable", true)
		nullItems(s.Items.Schema)
	}
	if s.AdditionalProperties != nil && s.AdditionalProperties.Schema != nil {
		s.AdditionalProperties.Schema.AddExtension("x-nullable", true)
		nullItems(s.AdditionalProperties.Schema)
	}
}

// convert writes the OpenAPI 3 conversion of the Swagger 2.0 document b
// to out.
func convert(b []byte, out string) error {
	var doc2 openapi2.T
	if err := json.Unmarshal(b, &doc2); err != nil {
		return err
	}
	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return err
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

// nullElements marks the elements of a nullable container nullable too
// (see the package comment), in OpenAPI 3's words: nullable, not the
// x-nullable the conversion leaves on elements.
func nullElements(s *openapi3.Schema) {
	for _, e := range []*openapi3.SchemaRef{s.Items, s.AdditionalProperties.Schema} {
		if e != nil && e.Value != nil {
			e.Value.Nullable = true
			delete(e.Value.Extensions, "x-nullable")
			nullElements(e.Value)
		}
	}
}
