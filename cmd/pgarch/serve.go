package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/pgarch/pgarch/api"
	"github.com/pgarch/pgarch/openapi"
)

// General API information for swag (scripts/openapi.sh).
//
//	@title				pgarch API
//	@version			1.0
//	@description		Which PostgreSQL architecture suits my workload, and what does each alternative cost me? pgarch compares PostgreSQL architectures (single node, network-attached storage, read replicas, hot standby, …) with closed-form queueing models: latency percentiles, throughput headroom, bottleneck, cache hit ratio, RPO/RTO and monthly cost.
//	@description		Errors are RFC 9457 problem details (application/problem+json) naming each offending field by JSON pointer (bodies) or parameter name (query strings).
//	@license.name		see the repository
//	@BasePath			/
//	@schemes			http https
//	@tag.name			evaluate
//	@tag.description	Evaluate architectures for a workload
//	@tag.name			catalogue
//	@tag.description	Architectures and calibration profiles
//	@tag.name			operations
//	@tag.description	Health and metrics

// Server defaults.
const (
	defaultAddr              = ":8080"
	defaultShutdownTimeout   = 10 * time.Second
	defaultReadHeaderTimeout = 5 * time.Second
	defaultReadTimeout       = 15 * time.Second
	defaultWriteTimeout      = 30 * time.Second
	defaultIdleTimeout       = 120 * time.Second
)

// serve runs the HTTP API until ctx is cancelled (SIGINT or SIGTERM), then
// stops taking connections and lets in-flight requests finish within the
// shutdown timeout. ready, when not nil, receives the listening address.
func serve(ctx context.Context, args []string, stderr io.Writer, ready func(addr string)) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addrDefault := defaultAddr
	if env := os.Getenv("PGARCH_ADDR"); env != "" {
		addrDefault = env
	}
	addr := fs.String("addr", addrDefault, "listen address (env PGARCH_ADDR)")
	shutdownTimeout := fs.Duration("shutdown-timeout", defaultShutdownTimeout, "how long in-flight requests may take to finish on SIGINT/SIGTERM")
	cacheEntries := fs.Int("cache-entries", api.DefaultCacheEntries, "evaluations the cache keeps, at most (0 turns the cache off)")
	cacheMB := fs.Int("cache-mb", api.DefaultCacheBytes>>20, "memory the cache may take, MiB, by an estimate that errs high")
	budget := fs.Duration("budget", api.DefaultBudget, "how long one request's evaluations may take before it is answered 422 (below the write timeout, 30s)")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *cacheEntries < 0 || *cacheEntries > 1_000_000 || *cacheMB < 1 || *cacheMB > 64<<10 {
		return usageError{"-cache-entries must be in [0, 1000000] and -cache-mb in [1, 65536]"}
	}
	if *budget <= 0 || *budget >= defaultWriteTimeout {
		return usageError{fmt.Sprintf("-budget must be in (0, %v): the answer must reach the client before the write timeout", defaultWriteTimeout)}
	}
	entries := *cacheEntries
	if entries == 0 {
		entries = -1 // api.Config: negative turns the cache off
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	srv, err := api.NewServer(api.Config{Logger: log, SwaggerJSON: openapi.SwaggerJSON, OpenAPI3JSON: openapi.OpenAPI3JSON,
		CacheEntries: entries, CacheBytes: int64(*cacheMB) << 20, Budget: *budget})
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: defaultReadHeaderTimeout,
		ReadTimeout:       defaultReadTimeout,
		WriteTimeout:      defaultWriteTimeout,
		IdleTimeout:       defaultIdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Info("listening", "addr", ln.Addr().String(), "docs", "/docs/")
	if ready != nil {
		ready(ln.Addr().String())
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "timeout", shutdownTimeout.String())
	srv.Drain()
	sctx, cancel := context.WithTimeout(context.Background(), *shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}
