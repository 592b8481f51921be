// Package dist represents the latency distributions of request paths in
// the pgarch capacity model (MODEL.md §3) as small probability mixtures,
// and finds their percentiles on the exact CDF of the mixture.
//
// Times are float64 seconds; +Inf is a saturated step. Nothing but String
// allocates (KthOf and KthQuantile: for up to 16 inputs): a [Mixture] is
// an array of at most [MaxComponents] components held by value, and the
// working storage of every operation lives on the stack.
//
// # Why mixtures
//
// A path is a sum of steps, and a step is often a branch: a cache hit or
// a miss, a wait at a queue or none, a local or a remote leaseholder.
// Fitting one two-moment distribution to such a step is badly wrong: a
// read of 0.1 ms + Exp(0.02 ms) that misses with probability 0.05 and then
// adds Exp(1 ms) has p50 0.115 ms and p95 0.208 ms, but the gamma
// distribution with its mean and variance gives 0.040 ms (−65 %) and
// 0.78 ms (+277 %) (TestReadMixture; MODEL.md §3 quotes −76 % and +80 %
// for its variant). A Mixture keeps every branch as a component, so the
// branch structure is exact.
//
// # Components and their shapes
//
// A [Component] is a probability Prob, a constant Shift ≥ 0 and a
// non-negative random part with mean Mean and variance Var. Only the two
// moments are kept (plus, internally, the mean of the slowest exponential
// phase); the random part's distribution is a phase-type shape fitted to
// them when the mixture is evaluated (c² = Var/Mean²):
//
//	Var = 0          none: the component is an atom at Shift
//	c² = 1           exponential (exact)
//	1/32 ≤ c² < 1    Erlang(k−1, a) + Exp(b), the moments solved for a, b
//	                 with k ≥ ⌈1/c²⌉ chosen so that b is nearest the slowest
//	                 exponential phase of the summands (exact for Erlang-k
//	                 and for any sum of two exponentials)
//	c² < 1/32        Erlang-32 with the same variance and an internal offset
//	                 that keeps the mean
//	c² > 1           H2 with gamma normalisation (Whitt 1982): its phases
//	                 match the first three moments of the gamma of the same
//	                 mean and c²; Moments returns them as two exponential
//	                 components, so that sums keep the tail
//
// Tijms (2003, Appendix B, pp. 445–446) fits c² < 1 by a mixture of
// Erlang(k−1) and Erlang(k) with a common rate. That single rate is too
// fast for a sum dominated by one slow stage, the usual case of a path
// through stations of different speeds: for Exp(1 ms)+Exp(0.2 ms)+Exp(5 ms)
// it gives p99 −4.7 % and p99.9 −8.5 %. The hypoexponential above gives
// −0.5 % and −0.7 % from the moments alone, and tracking the slowest
// phase through sums brings sums of 2 to 10 unequal exponentials within
// 1 % of Monte Carlo at p50, p95 and p99 (TestSumOfExponentials).
//
// The Erlang-32 cap keeps evaluation cheap; beyond it the shape is a
// little more skewed than the truth (the sum of 100 Exp(1), Erlang-100:
// p50 −0.3 %, p99 +0.9 %, p99.9 +1.7 %, TestErlangBeyondCap).
//
// # Sums and reduction
//
// [Mixture.Plus] is the distribution of the sum of independent variables:
// each pair of components (i, j) becomes one with probability pᵢ·pⱼ and
// summed shift, mean and variance, which is exact in the moments; its
// shape is fitted again. Components identical within a relative 1e-12
// merge by adding probabilities (ten identical two-branch steps give 11
// components, not 1024). If more than 16 remain, neighbours in mean order
// are merged, moment-preserving, cheapest first by the Ward cost
//
//	pᵢ·pⱼ/(pᵢ+pⱼ) · ((μᵢ−μⱼ)² + (σᵢ−σⱼ)²)
//
// (the between-component variance the merge hides, with the spread
// difference so that an atom and an exponential of the same mean are not
// free to merge). The merged component has the pair's probability, mean
// and variance (including the spread between the two), so the mixture's
// mean and variance are exactly those of the true sum, and probabilities
// always sum to 1. Its shift is the probability-weighted mean of the two
// shifts, lowered (not below the smaller) when the random part would
// otherwise be more variable than both inputs and an exponential.
//
// Effect on the tail: a merge moves mass only between neighbours, and the
// cost grows with the square of the distance, so a rare, distant
// component — the tail — survives unless merging it is cheaper than
// merging the close, probable ones; merged tail components keep their
// total probability, mean and variance. A path of ten different
// two-branch steps (1024 exact components) reduced to 16 keeps p50, p95,
// p99 within 0.1 % and p99.9 within 0.7 % of Monte Carlo (TestLongPath).
//
// # Quantiles
//
// [Mixture.Quantile] returns the smallest t with CDF(t) ≥ p to a relative
// 1e-9, solving the exact mixture CDF: atoms (where the CDF jumps) are
// located by binary search over their positions; between atoms Halley
// steps on ln(1 − F(t)), which is linear in an exponential tail, with the
// exact density and its slope, run inside a bracket from per-component
// tail bounds and fall back to bisection (rtsafe). The iteration stops
// early only when the error of the last step is predicted below the
// tolerance from its leading term and from the convergence of the steps
// before, the step is small on the scale of the fastest rate at work, and
// it crosses no component's start; against bisection on the same CDF the
// worst relative error over 30 000 random mixtures is 4e-11.
// [Mixture.Percentiles] solves p95 as Quantile does and starts p99 and p50
// from its last evaluation. Erlang-k survival functions are summed by a
// forward recurrence from e^(−x) (no cancellation), the hypoexponential by
// a series or its closed form, whichever is free of cancellation; e^(−x)
// is a table-driven exponential within a few ulp.
//
// # Order statistics
//
// [MaxOf] (the slowest of n i.i.d. copies: a fork-join, P(max ≤ t) = F(t)ⁿ)
// and [KthOf] (the k-th smallest of non-identical variables: a quorum,
// CDF from the Poisson-binomial over Fᵢ(t)) return Mixtures that add to the
// rest of a path. The exact CDF is discretised into 16 probability bins,
//
//	0 .05 .15 .3 .45 .55 .7 .85 .9 .9375 .9625 .9875 .9925 .996 .99875 .99925 1
//
// narrowing toward the tail; each bin becomes one component with the bin's
// conditional mean and variance (3-point Gauss–Legendre quadrature of the
// exact quantile function), starting where a uniform distribution with
// those moments would. The mean is exact to about 1e-4. Against the exact
// order-statistic quantiles the result is within 0.7 % at p50 and p95 and
// 0.3 % at p99 and p99.9 (maximum of 2 to 64 exponentials,
// TestMaxOfDiscretisation; a 2-of-3 quorum: p99 +0.9 %), but between bins
// where the CDF is steep a few percent (the slowest of 8 reads at p80:
// −8 %). Atoms at the bins' midpoint quantiles would be exact at the
// midpoints but are a step function: added to a narrow step they err by
// +5.6 % at p90 where these components err by +1.5 % (TestForkJoin).
// [MaxQuantile] and [KthQuantile] give any quantile of the order statistic
// exactly (to 1e-9); KthQuantile solves the Poisson-binomial CDF with the
// same safeguarded iteration (Newton steps, using the order statistic's
// density). MaxOf and KthOf solve their 48 quadrature nodes bottom up, to
// 1e-8, each starting from the last evaluation of the one before.
//
// # Saturation and invalid input
//
// A constructor given +Inf, or a sum with a saturated summand, yields a
// component at +Inf: its Mean and Variance are +Inf, and Quantile(p) is
// +Inf for p above the probability of the finite part. Branches of
// probability below 1 keep their finite quantiles. No function returns NaN
// for valid input. Negative or NaN times and probabilities outside [0, 1]
// are programming errors and panic with a "dist: " message.
//
// # References
//
//   - H. C. Tijms, A First Course in Stochastic Models, Wiley, 2003,
//     Appendix B (two-moment fits: mixtures of Erlang distributions,
//     pp. 445–446).
//   - W. Whitt, Approximating a point process by a renewal process, I: two
//     basic methods, Operations Research 30 (1982) 125–147 (H2 with gamma
//     normalisation).
//   - J. H. Ward, Hierarchical grouping to optimize an objective function,
//     J. Amer. Statist. Assoc. 58 (1963) 236–244 (the merge cost).
//   - W. H. Press et al., Numerical Recipes, 3rd ed., 2007, §9.4 (rtsafe).
package dist
