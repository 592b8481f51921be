// Package api is pgarch's public schema and its HTTP adapter.
//
// The schema is EvaluateRequest and EvaluateResponse: snake_case JSON names
// with the unit as suffix (reads_per_sec, p99_ms, cost_usd_per_month).
// Evaluate, Recommend and Sweep are the entry points that turn a request
// into a response, and ParseRequest and ParseSweep decode and check one;
// the CLI (`pgarch`) and the HTTP handlers both call them, so they cannot
// disagree. WriteCSV, WriteMarkdown, WriteTable and the ADR and chart
// writers render a response.
//
// NewServer returns the HTTP API (echo v4, see docs/adr/0004); its routes
// are registered in server.go, and the OpenAPI document in openapi/ lists
// them. Handlers decode, validate (one go-playground validator with JSON
// field names), call an entry point and respond in the format asked for;
// every error becomes an RFC 9457 Problem naming each offending field,
// written by the server's one error handler.
package api
