package queue

import "math"

// GroupCommit returns the mean number of commits per WAL flush and the
// mean time a commit waits for its flush, for Poisson commits at rate
// arrival (per second) and a constant flush time flush (seconds).
//
// PostgreSQL flushes once for every commit that queued during the
// previous flush: in XLogFlush (src/backend/access/transam/xlog.c) a
// backend that gets WALWriteLock writes and fsyncs the WAL up to the
// current insert position, and the backends that waited for the lock
// (LWLockAcquireOrWait) find their records flushed and return. The
// flusher therefore alternates between flushes and idle periods. This
// models commit_delay = 0. With x = λ·F:
//
//	E[batch]       = x + e^(−x)
//	P(busy)        = x / (x + e^(−x))
//	E[commit wait] = F·(1 + ½·P(busy))
//
// Derivation (made for this project, checked against a simulation in the
// package tests): a flush that starts from idle carries the one commit
// that woke the flusher; during a flush Poisson(x) commits arrive, and if
// any did, the next flush carries all of them, else the flusher goes idle.
// A flush is followed by an idle period with probability e^(−x), so the
// mean batch is e^(−x)·1 + E[Poisson(x)] = x + e^(−x). Each flush takes F
// and is followed, with probability e^(−x), by an idle period of mean 1/λ,
// so the flusher is busy a fraction F/(F + e^(−x)/λ) = P(busy) of the
// time. A commit that arrives while the flusher is idle waits only for its
// own flush, F; one that arrives during a flush (probability P(busy), by
// PASTA) first waits out the residual of that flush, F/2 on average for a
// constant F, and then its own flush. The flusher never saturates: the
// batch grows with the load and the wait stays between F and 1.5·F.
//
// Special cases are:
//
//	GroupCommit(λ, F) = (1, F)           if λ ≤ 0 (e^0 = 1: a lone commit)
//	GroupCommit(λ, F) = (1, 0)           if F ≤ 0
//	GroupCommit(+Inf, F) = (+Inf, 1.5·F) if F > 0
//	GroupCommit(λ, F) = (NaN, NaN)       if λ or F is NaN
func GroupCommit(arrival, flush float64) (meanBatch, meanLatency float64) {
	switch {
	case math.IsNaN(arrival) || math.IsNaN(flush):
		return math.NaN(), math.NaN()
	case flush <= 0:
		return 1, 0
	}
	x := groupCommitLoad(arrival, flush)
	return x + math.Exp(-x), flush * (1 + 0.5*GroupCommitBusy(arrival, flush))
}

// GroupCommitBusy returns the fraction of time the WAL flusher is busy
// under group commit, for Poisson commits at rate arrival (per second) and
// a constant flush time flush (seconds); see [GroupCommit] for the model.
// With x = λ·F:
//
//	P(busy) = x / (x + e^(−x))
//
// Special cases are:
//
//	GroupCommitBusy(λ, F) = 0    if λ ≤ 0 or F ≤ 0
//	GroupCommitBusy(λ, F) = 1    if λ·F = +Inf
//	GroupCommitBusy(λ, F) = NaN  if λ or F is NaN
func GroupCommitBusy(arrival, flush float64) float64 {
	if math.IsNaN(arrival) || math.IsNaN(flush) {
		return math.NaN()
	}
	x := groupCommitLoad(arrival, flush)
	if math.IsInf(x, 1) {
		return 1
	}
	return x / (x + math.Exp(-x))
}

// groupCommitLoad returns x = λ·F, 0 if either is not positive.
func groupCommitLoad(arrival, flush float64) float64 {
	if arrival <= 0 || flush <= 0 {
		return 0
	}
	return arrival * flush
}
