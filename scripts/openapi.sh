#!/usr/bin/env bash
# Regenerates the API description from the swag annotations in cmd/pgarch
# and api: Swagger 2.0 (swagger.json, swagger.yaml) with swag at the version
# go.mod pins (the `tool` directive), then its OpenAPI 3 conversion
# (openapi3.json); scripts/openapi3 marks the elements of nullable arrays and
# maps in all three.
#
#	scripts/openapi.sh          # writes openapi/
#	scripts/openapi.sh DIR      # writes DIR instead (CI's staleness check)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-openapi}"
mkdir -p "$out"
if [ "$out" = openapi ]; then
	go tool swag fmt -d ./cmd/pgarch,./api >/dev/null
fi
go tool swag init --quiet -g serve.go -d ./cmd/pgarch,./api,./calibration --outputTypes json,yaml -o "$out"
go run ./scripts/openapi3 -in "$out/swagger.json" -yaml "$out/swagger.yaml" -out "$out/openapi3.json"
