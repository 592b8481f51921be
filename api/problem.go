package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/model"
)

// Problem is an RFC 9457 problem detail, the body of every error response
// (media type application/problem+json).
type Problem struct {
	// Type is a URI naming the kind of problem (see the Problem* constants).
	Type string `json:"type" example:"tag:pgarch,2026:problem/invalid-parameters"`
	// Title is a short summary of the kind of problem.
	Title string `json:"title" example:"Invalid parameters"`
	// Status is the HTTP status code.
	Status int `json:"status" example:"422"`
	// Detail explains this occurrence.
	Detail string `json:"detail" example:"1 parameter is invalid"`
	// Instance is the request path.
	Instance string `json:"instance" example:"/v1/evaluate"`
	// RequestID is the X-Request-Id of the request, for finding it in the logs.
	RequestID string `json:"request_id,omitempty" example:"3nB1c8Qe1wY7kP2m"`
	// Errors names each offending field.
	Errors []FieldError `json:"errors,omitempty"`
}

// FieldError names one offending input: Pointer (a JSON pointer into the
// request body) for POST bodies, Parameter (a query or path parameter's
// name) for query strings.
type FieldError struct {
	Pointer   string `json:"pointer,omitempty" example:"/workload/hot_access_fraction"`
	Parameter string `json:"parameter,omitempty" example:"hot_access_fraction"`
	Detail    string `json:"detail" example:"must be at most 1"`
}

// Problem types (RFC 9457 §3.1.1: a URI that need not resolve).
const (
	ProblemMalformed        = "tag:pgarch,2026:problem/malformed-request"
	ProblemInvalid          = "tag:pgarch,2026:problem/invalid-parameters"
	ProblemUnsupportedMedia = "tag:pgarch,2026:problem/unsupported-media-type"
	ProblemTooLarge         = "tag:pgarch,2026:problem/request-too-large"
	ProblemNotFound         = "tag:pgarch,2026:problem/not-found"
	ProblemMethod           = "tag:pgarch,2026:problem/method-not-allowed"
	ProblemUnrepresentable  = "tag:pgarch,2026:problem/unrepresentable-result"
	ProblemNoValue          = "tag:pgarch,2026:problem/no-value" // field= names a null: saturated, unbounded or not applicable
	ProblemInternal         = "tag:pgarch,2026:problem/internal-error"
	ProblemUnavailable      = "tag:pgarch,2026:problem/unavailable"
)

// problemMIME is the media type of Problem bodies.
const problemMIME = "application/problem+json"

// decodeError marks an error from decoding the request body.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

// problemError is an error that already knows its response.
type problemError struct {
	status int
	typ    string
	title  string
	detail string
	errors []FieldError
}

func (e *problemError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.title, e.detail)
	for _, fe := range e.errors {
		fmt.Fprintf(&b, "\n  %s%s: %s", fe.Pointer, fe.Parameter, fe.Detail)
	}
	return b.String()
}

// invalid returns a 422 problem naming each field.
func invalid(errs ...FieldError) *problemError {
	return &problemError{status: http.StatusUnprocessableEntity, typ: ProblemInvalid, title: "Invalid parameters", detail: invalidCount(len(errs)), errors: errs}
}

// invalidCount is an invalid-parameters problem's detail: the count of the
// errors it lists.
func invalidCount(n int) string {
	if n == 1 {
		return "1 parameter is invalid"
	}
	return fmt.Sprintf("%d parameters are invalid", n)
}

// malformed returns a 400 problem.
func malformed(detail string) *problemError {
	return &problemError{status: http.StatusBadRequest, typ: ProblemMalformed, title: "Malformed request", detail: detail}
}

// handleError is the server's one error mapper (e.HTTPErrorHandler): it
// turns every error a handler or middleware returns into a Problem.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := s.problem(err, c)
	p.Instance = c.Request().URL.Path
	p.RequestID = c.Response().Header().Get(echo.HeaderXRequestID)
	if p.Status == http.StatusInternalServerError {
		s.log.Error("internal error", "err", err, "path", p.Instance, "request_id", p.RequestID)
	}
	b, mErr := json.Marshal(p)
	if mErr != nil { // cannot happen: Problem has only strings and ints
		b = []byte(`{"type":"` + ProblemInternal + `","title":"Internal error","status":500}`)
	}
	if c.Request().Method == http.MethodHead {
		// The headers a GET would send, without the body.
		c.Response().Header().Set(echo.HeaderContentType, problemMIME)
		_ = c.NoContent(p.Status)
		return
	}
	_ = c.Blob(p.Status, problemMIME, b)
}

// problem maps an error to its Problem (without instance).
func (s *Server) problem(err error, c echo.Context) Problem {
	var pe *problemError
	if errors.As(err, &pe) {
		detail := pe.detail
		if pe.typ == ProblemInvalid && len(pe.errors) > 0 {
			// The errors as listed, after merging and renaming (review of
			// 2026-11-27: "2 parameters are invalid" above one error).
			detail = invalidCount(len(pe.errors))
		}
		return Problem{Type: pe.typ, Title: pe.title, Status: pe.status, Detail: detail, Errors: pe.errors}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return Problem{Type: ProblemNotFound, Title: "Not found", Status: he.Code, Detail: "no such route: " + c.Request().Method + " " + c.Request().URL.Path}
		case http.StatusMethodNotAllowed:
			return Problem{Type: ProblemMethod, Title: "Method not allowed", Status: he.Code, Detail: c.Request().Method + " is not allowed on " + c.Request().URL.Path}
		case http.StatusRequestEntityTooLarge:
			return Problem{Type: ProblemTooLarge, Title: "Request too large", Status: he.Code, Detail: "the body exceeds " + strconv.Itoa(BodyLimit) + " bytes"}
		case http.StatusUnsupportedMediaType:
			return Problem{Type: ProblemUnsupportedMedia, Title: "Unsupported media type", Status: he.Code, Detail: "send application/json"}
		case http.StatusBadRequest:
			return Problem{Type: ProblemMalformed, Title: "Malformed request", Status: he.Code, Detail: fmt.Sprint(he.Message)}
		case http.StatusServiceUnavailable:
			return Problem{Type: ProblemUnavailable, Title: "Unavailable", Status: he.Code, Detail: fmt.Sprint(he.Message)}
		}
		if he.Code >= 400 && he.Code < 500 {
			return Problem{Type: "about:blank", Title: http.StatusText(he.Code), Status: he.Code, Detail: fmt.Sprint(he.Message)}
		}
	}
	return Problem{Type: ProblemInternal, Title: "Internal error", Status: http.StatusInternalServerError, Detail: "internal error"}
}

// bodyError maps an error from decoding, validating or evaluating a POST
// body to a problem naming each field by JSON pointer; other errors pass
// through (and become 500).
func bodyError(err error, body []byte) error {
	if err == nil {
		return nil
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return he
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return malformed(fmt.Sprintf("invalid JSON at byte %d: %v", syn.Offset, syn))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return malformed("invalid JSON: unexpected end of input")
	}
	var trailing *trailingData
	if errors.As(err, &trailing) {
		return malformed(trailing.Error())
	}
	if fes := fieldErrors(err, body); len(fes) > 0 {
		return invalid(fes...)
	}
	return err
}

// fieldErrors collects every field-level error in err's tree as pointers.
// It returns nil when err holds none.
func fieldErrors(err error, body []byte) []FieldError {
	var out []FieldError
	inProfile := false
	var walk func(error)
	walk = func(err error) {
		switch e := err.(type) {
		case nil:
			return
		case *decodeError:
			// The only ParamErrors the decoder returns are the profile's.
			inProfile = true
			walk(e.err)
			inProfile = false
			return
		case interface{ Unwrap() []error }:
			for _, x := range e.Unwrap() {
				walk(x)
			}
			return
		case *model.ParamError:
			ptr, detail := pointerFor(e.Field), paramDetail(e)
			if inProfile && e.Field != "profile" {
				ptr = "/profile/" + escapePointer(e.Field)
				if errors.Is(e.Err, model.ErrUnknown) && e.Detail == "" {
					detail = "unknown profile field" + suggestField(e.Field, ptr)
				}
			}
			out = append(out, FieldError{Pointer: ptr, Detail: detail})
			return
		case validator.ValidationErrors:
			for _, fe := range e {
				out = append(out, FieldError{Pointer: namespacePointer(fe.Namespace()), Detail: ruleDetail(fe)})
			}
			return
		case *json.UnmarshalTypeError:
			p := "/" + strings.ReplaceAll(e.Field, ".", "/")
			if e.Field == "" {
				p = ""
			}
			out = append(out, FieldError{Pointer: p, Detail: "want " + jsonKind(e.Type) + ", got " + e.Value})
			return
		}
		if name, ok := unknownField(err); ok {
			ptr := findKey(body, name)
			out = append(out, FieldError{Pointer: ptr, Detail: "unknown field" + suggestField(name, ptr)})
			return
		}
		walk(errors.Unwrap(err))
	}
	walk(err)
	// A field the validator and the engine both reject is named once, with
	// the first detail (the validator's).
	return distinct(out)
}

// distinct keeps the first error of each field (pointer or parameter),
// and drops a list's error where its elements' are named (the validator
// names /requirements/survive/0, the engine /requirements/survive).
func distinct(errs []FieldError) []FieldError {
	seen := map[FieldError]bool{}
	errs = slices.DeleteFunc(errs, func(fe FieldError) bool {
		key := FieldError{Pointer: fe.Pointer, Parameter: fe.Parameter}
		dup := seen[key]
		seen[key] = true
		return dup
	})
	return slices.DeleteFunc(errs, func(fe FieldError) bool {
		return fe.Pointer != "" && slices.ContainsFunc(errs, func(x FieldError) bool {
			return strings.HasPrefix(x.Pointer, fe.Pointer+"/")
		})
	})
}

// paramDetail is a ParamError's message without the "model: field:" prefix.
func paramDetail(e *model.ParamError) string {
	msg := "invalid"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// ruleDetail explains a failed validator rule in words.
func ruleDetail(fe validator.FieldError) string {
	switch fe.Tag() {
	case "gte", "min":
		return "must be at least " + fe.Param()
	case "lte", "max":
		return "must be at most " + fe.Param()
	case "oneof":
		return "must be one of: " + strings.ReplaceAll(fe.Param(), " ", ", ")
	case "required":
		return "required"
	}
	return "fails " + fe.Tag() + "=" + fe.Param()
}

func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a value"
	}
	switch t.Kind() {
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "a string"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

// unknownField extracts the key from encoding/json's DisallowUnknownFields
// error, `json: unknown field "x"`. encoding/json has no typed error for it,
// so this is the one place that reads an error's text.
func unknownField(err error) (string, bool) {
	const prefix = `json: unknown field "`
	msg := err.Error()
	if !strings.HasPrefix(msg, prefix) || !strings.HasSuffix(msg, `"`) {
		return "", false
	}
	name, err2 := strconv.Unquote(msg[len(prefix)-1:])
	if err2 != nil {
		return msg[len(prefix) : len(msg)-1], true
	}
	return name, true
}

// namespacePointer turns a validator namespace such as
// "EvaluateRequest.requirements.survive[0]" into "/requirements/survive/0".
func namespacePointer(ns string) string {
	_, rest, _ := strings.Cut(ns, ".")
	rest = strings.TrimPrefix(rest, "EvaluateRequest.") // embedded in SweepRequest: its fields are the sweep's
	rest = strings.NewReplacer("[", ".", "]", "").Replace(rest)
	return "/" + strings.ReplaceAll(rest, ".", "/")
}

// Public field names by section, for placing a model.ParamError's Field.
var (
	workloadNames     = jsonNames(reflect.TypeFor[Workload]())
	requirementsNames = jsonNames(reflect.TypeFor[Requirements]())
	profileNames      = func() map[string]bool {
		m := map[string]bool{"name": true, "description": true, "prices_date": true, "sources": true}
		for _, f := range calibration.Fields() {
			m[f.Name] = true
		}
		return m
	}()
)

func jsonNames(t reflect.Type) map[string]bool {
	m := make(map[string]bool, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			m[name] = true
		}
	}
	return m
}

// pointerFor places a model.ParamError's field in the request body: the
// engine names fields by their public name, unique across sections, and
// architecture overrides as "architectures/i/field".
func pointerFor(field string) string {
	switch {
	case field == "" || field == "workload" || field == "requirements":
		return "/" + field
	case field == "profile" || field == "architectures" || strings.HasPrefix(field, "architectures/"):
		return "/" + field
	case workloadNames[field]:
		return "/workload/" + field
	case requirementsNames[field]:
		return "/requirements/" + field
	case profileNames[field]:
		return "/profile/" + field
	}
	return "/" + field
}

// findKey returns the JSON pointer of the first object key named name in
// the document (depth first), or "/name" when it cannot be found.
func findKey(doc []byte, name string) string {
	var v any
	if json.Unmarshal(doc, &v) != nil {
		return "/" + escapePointer(name)
	}
	if p, ok := searchKey(v, name, ""); ok {
		return p
	}
	return "/" + escapePointer(name)
}

func searchKey(v any, name, at string) (string, bool) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v[name]; ok {
			return at + "/" + escapePointer(name), true
		}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if p, ok := searchKey(v[k], name, at+"/"+escapePointer(k)); ok {
				return p, true
			}
		}
	case []any:
		for i, x := range v {
			if p, ok := searchKey(x, name, at+"/"+strconv.Itoa(i)); ok {
				return p, true
			}
		}
	}
	return "", false
}

// escapePointer escapes a key for a JSON pointer (RFC 6901).
func escapePointer(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// logger returns l or a logger that discards.
func logger(l *slog.Logger) *slog.Logger {
	if l != nil {
		return l
	}
	return slog.New(slog.DiscardHandler)
}
