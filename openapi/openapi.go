// Package openapi holds pgarch's generated API description: the Swagger 2.0
// document that swag writes from the annotations in api and cmd/pgarch
// (swagger.json, swagger.yaml) and its OpenAPI 3 conversion (openapi3.json).
// Regenerate all three with scripts/openapi.sh; never edit them by hand.
package openapi

import _ "embed"

// SwaggerJSON is the Swagger 2.0 document.
//
//go:embed swagger.json
var SwaggerJSON []byte

// OpenAPI3JSON is SwaggerJSON converted to OpenAPI 3.
//
//go:embed openapi3.json
var OpenAPI3JSON []byte
