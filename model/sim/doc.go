// Package sim is a discrete-event simulator of the model's own assumptions:
// it runs Poisson arrivals of each request class of a model.Network through
// the network's stations (FCFS servers, processor-sharing cores, infinite
// servers, group-commit flushers), pools (sessions, row locks), delays,
// branches, parallel quorums and fork-joins, with a seeded PCG generator
// (math/rand/v2), and reports per-class latency (mean, p50, p95, p99, each
// with a 95 % confidence interval from batch means) and station
// utilisations. Its tests validate it on textbook queues first, then
// compare the closed forms of package model with it for every
// architecture; docs/simulation.md records the design and the measured
// errors.
package sim
