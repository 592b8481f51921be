// Package api is pgarch's public schema and its HTTP adapter.
//
// The schema is EvaluateRequest and EvaluateResponse: snake_case JSON names
// with the unit as suffix (reads_per_sec, p99_ms, cost_usd_per_month).
// Evaluate is the one entry point that turns a request into a response; the
// CLI (`pgarch evaluate`) and the HTTP handlers both call it, so they cannot
// disagree. WriteCSV, WriteMarkdown and WriteTable render a response.
//
// NewServer returns the HTTP API (echo v4, see docs/adr/0004): POST and GET
// /v1/evaluate, /v1/architectures, /v1/profiles, /livez, /readyz, /metrics,
// the OpenAPI document and Swagger UI. Handlers decode, validate (one
// go-playground validator with JSON field names), call Evaluate and respond
// in the format asked for; every error becomes an RFC 9457 Problem naming
// each offending field, written by the server's one error handler.
package api
