package api

import (
	"cmp"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-playground/validator/v10"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	echoSwagger "github.com/swaggo/echo-swagger"
	"sigs.k8s.io/yaml"
)

// BodyLimit is the largest request body the server reads, in bytes (1 MiB);
// a larger one gets 413.
const BodyLimit = 1 << 20

// Config configures a Server. Every field is optional.
type Config struct {
	// Logger receives one line per request and the real error behind every
	// 500; nil discards.
	Logger *slog.Logger
	// SwaggerJSON is the generated Swagger 2.0 document, served at
	// /openapi.json and, converted, at /openapi.yaml; with it /docs/ serves
	// Swagger UI. Nil serves none of them.
	SwaggerJSON []byte
	// OpenAPI3JSON is the same document converted to OpenAPI 3, served at
	// /openapi3.json when set.
	OpenAPI3JSON []byte
	// CacheEntries and CacheBytes bound the cache of evaluations (see
	// evaluationCache): at most CacheEntries entries taking at most
	// CacheBytes bytes by an estimate that errs high. Zero means
	// DefaultCacheEntries and DefaultCacheBytes; a negative CacheEntries
	// turns the cache off.
	CacheEntries int
	CacheBytes   int64
	// Budget bounds the time one request's evaluations may take: past it
	// they stop and the request is answered 422 (ADR 0010). Zero means
	// DefaultBudget.
	Budget time.Duration
}

// DefaultBudget is Config.Budget's default: a third of the CLI server's
// write timeout (30 s), so that the answer, a problem, still reaches the
// client, and far above any request of the random samples measured on
// 2026-11-28 (p99 34 ms, at most 55 ms).
const DefaultBudget = 10 * time.Second

// Server is the HTTP API: an echo instance with its routes, validator,
// error mapper, request logging and metrics. It is an http.Handler.
type Server struct {
	budget    time.Duration // Config.Budget
	echo      *echo.Echo
	log       *slog.Logger
	draining  atomic.Bool
	routes    map[string]bool
	requests  *prometheus.CounterVec
	durations *prometheus.HistogramVec
	metrics   http.Handler
	catalogue []ArchitectureInfo
	// evaluations caches /v1/evaluate's results by their input.
	evaluations *evaluationCache
}

// NewServer returns the API server. It computes the architecture catalogue
// once, so it fails only if the engine fails on its own default workload.
func NewServer(cfg Config) (*Server, error) {
	s := &Server{log: logger(cfg.Logger), routes: make(map[string]bool), evaluations: newEvaluationCache(cfg.CacheEntries, cfg.CacheBytes), budget: cmp.Or(cfg.Budget, DefaultBudget)}
	cat, err := Catalogue()
	if err != nil {
		return nil, err
	}
	s.catalogue = cat

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "pgarch_http_requests_total",
		Help: "HTTP requests by method, route and status code.",
	}, []string{"method", "route", "code"})
	s.durations = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "pgarch_http_request_duration_seconds",
		Help:    "HTTP request latency by method and route, in seconds.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1},
	}, []string{"method", "route"})
	reg.MustRegister(s.requests, s.durations)
	reg.MustRegister(cacheMetrics(s.evaluations)...)
	s.metrics = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})

	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.handleError
	// Log the peer's address; X-Forwarded-For is not trusted.
	e.IPExtractor = echo.ExtractIPDirect()
	e.Validator = requestValidator
	e.Use(middleware.RequestID(), s.observe, middleware.RecoverWithConfig(middleware.RecoverConfig{DisableStackAll: true, LogErrorFunc: s.logPanic}))
	e.Use(middleware.BodyLimit(strconv.Itoa(BodyLimit)+"B"), whole)
	s.echo = e

	s.add(http.MethodPost, "/v1/evaluate", s.postEvaluate)
	s.add(http.MethodGet, "/v1/evaluate", s.getEvaluate)
	s.add(http.MethodPost, "/v1/recommend", s.postRecommend)
	s.add(http.MethodGet, "/v1/recommend", s.getRecommend)
	s.add(http.MethodPost, "/v1/sweep", s.postSweep)
	s.add(http.MethodGet, "/v1/sweep", s.getSweep)
	s.add(http.MethodGet, "/v1/report", s.report)
	s.add(http.MethodPost, "/v1/calibrate", s.postCalibrate)
	s.add(http.MethodGet, "/v1/architectures", s.architectures)
	s.add(http.MethodGet, "/v1/profiles", s.profiles)
	s.add(http.MethodGet, "/v1/profiles/:name", s.profile)
	s.add(http.MethodGet, "/livez", s.livez)
	s.add(http.MethodGet, "/readyz", s.readyz)
	s.add(http.MethodGet, "/metrics", echo.WrapHandler(s.metrics))
	if cfg.SwaggerJSON != nil {
		yml, err := yaml.JSONToYAML(cfg.SwaggerJSON)
		if err != nil {
			return nil, err
		}
		s.add(http.MethodGet, "/openapi.json", blob("application/json", cfg.SwaggerJSON))
		s.add(http.MethodGet, "/openapi.yaml", blob("application/yaml", yml))
		// Swagger UI reads the spec from /openapi.json. Its handler's own
		// doc.json and doc.yaml would read swag's global registry, which
		// pgarch leaves empty, and answer 500 (docs review of 2026-11-27):
		// they serve the same documents.
		s.add(http.MethodGet, "/docs/doc.json", blob("application/json", cfg.SwaggerJSON))
		s.add(http.MethodGet, "/docs/doc.yaml", blob("application/yaml", yml))
		ui := echoSwagger.EchoWrapHandler(func(c *echoSwagger.Config) {
			c.URLs = []string{"/openapi.json"}
			c.DocExpansion = "list"
		})
		s.add(http.MethodGet, "/docs", func(c echo.Context) error { return c.Redirect(http.StatusMovedPermanently, "/docs/") })
		s.add(http.MethodGet, "/docs/", func(c echo.Context) error { return c.Redirect(http.StatusMovedPermanently, "/docs/index.html") })
		s.add(http.MethodGet, "/docs/*", ui)
	}
	if cfg.OpenAPI3JSON != nil {
		s.add(http.MethodGet, "/openapi3.json", blob("application/json", cfg.OpenAPI3JSON))
	}
	return s, nil
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.echo.ServeHTTP(w, r) }

// Drain makes /readyz answer 503 so that load balancers stop sending new
// requests; call it when shutdown begins.
func (s *Server) Drain() { s.draining.Store(true) }

// add routes method on path to h; a GET answers HEAD too (RFC 9110
// §9.3.2: the same header fields, no content, which net/http drops).
func (s *Server) add(method, path string, h echo.HandlerFunc) {
	s.echo.Add(method, path, h)
	if method == http.MethodGet {
		s.echo.Add(http.MethodHead, path, h)
	}
	s.routes[path] = true
}

func blob(contentType string, b []byte) echo.HandlerFunc {
	return func(c echo.Context) error { return c.Blob(http.StatusOK, contentType, b) }
}

// observe logs each request through slog and records its metrics. It runs
// the error handler itself so that the status it logs is the one sent.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		elapsed := time.Since(start)
		req, res := c.Request(), c.Response()
		route := c.Path()
		if !s.routes[route] {
			route = "unmatched" // keep label cardinality bounded
		}
		s.requests.WithLabelValues(req.Method, route, strconv.Itoa(res.Status)).Inc()
		s.durations.WithLabelValues(req.Method, route).Observe(elapsed.Seconds())
		level := slog.LevelInfo
		if res.Status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(req.Context(), level, "request",
			slog.String("method", req.Method),
			slog.String("path", req.URL.Path),
			slog.String("route", route),
			slog.Int("status", res.Status),
			slog.Duration("latency", elapsed),
			slog.Int64("bytes", res.Size),
			slog.String("request_id", res.Header().Get(echo.HeaderXRequestID)),
			slog.String("remote", c.RealIP()),
		)
		return nil
	}
}

// cacheMetrics exposes the evaluation cache's counters and size.
func cacheMetrics(c *evaluationCache) []prometheus.Collector {
	counter := func(name, help string, f func() uint64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return float64(f()) })
	}
	gauge := func(name, help string, f func() float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
	}
	return []prometheus.Collector{
		counter("pgarch_evaluation_cache_hits_total", "Evaluations answered without running one: from the cache, or from a concurrent request for the same input.", c.hits.Load),
		counter("pgarch_evaluation_cache_misses_total", "Evaluations run because the cache did not hold them.", c.misses.Load),
		counter("pgarch_evaluation_cache_evictions_total", "Evaluations dropped from the cache to keep it within its bounds.", func() uint64 { _, _, e := c.stats(); return e }),
		gauge("pgarch_evaluation_cache_entries", "Evaluations the cache holds.", func() float64 { n, _, _ := c.stats(); return float64(n) }),
		gauge("pgarch_evaluation_cache_bytes", "Estimated memory the cached evaluations take, in bytes (an estimate that errs high).", func() float64 { _, b, _ := c.stats(); return float64(b) }),
	}
}

func (s *Server) logPanic(c echo.Context, err error, stack []byte) error {
	s.log.Error("panic", "err", err, "stack", string(stack), "path", c.Request().URL.Path)
	return err
}

// structValidator adapts validator.Validate to echo.Validator.
type structValidator struct{ v *validator.Validate }

func (sv structValidator) Validate(i any) error { return sv.v.Struct(i) }

// requestValidator is the one validator, the server's and ParseRequest's.
var requestValidator = newValidator()

// newValidator returns a validator reporting fields by JSON name.
func newValidator() echo.Validator {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	return structValidator{v}
}

// whole refuses a query whose parameters Go's parser would drop: a raw ";"
// (net/url no longer takes it for "&"), which a spreadsheet in a locale
// that separates lists with ";" invites. Dropped, a parameter would be
// taken at its default, a silently different question (UX review of
// 2026-11-27: survive=zone;region was answered as if no survival were
// asked). Each such parameter is named; "%3B" inside a value passes.
func whole(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw := c.Request().URL.RawQuery
		if !strings.Contains(raw, ";") {
			return next(c)
		}
		var errs []FieldError
		for _, pair := range strings.Split(raw, "&") {
			if !strings.Contains(pair, ";") {
				continue
			}
			name, _, _ := strings.Cut(pair, "=")
			if n, err := url.QueryUnescape(name); err == nil {
				name = n
			}
			errs = append(errs, FieldError{Parameter: name, Detail: `holds a ";": separate list items with "," and parameters with "&" (a ";" inside a value is %3B)`})
		}
		return invalid(errs...)
	}
}
