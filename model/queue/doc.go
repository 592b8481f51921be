// Package queue provides the queueing, caching and order-statistic
// primitives of the pgarch capacity model.
//
// Every function is pure: plain float64 arguments in SI base units (rates
// per second, times in seconds, sizes in items), no I/O, no allocation
// unless stated. The functions are named for the textbook quantity they
// compute, give the formula in their documentation and cite its source.
//
// The package is organised by topic:
//
//   - Erlang's formulas ([ErlangB], [ErlangC]) and the M/M/c queue ([MMc]),
//     including the exact percentiles of its response time.
//   - Che's approximation for LRU caches ([CheHitRatio],
//     [CheHitRatioClasses]) and for two caches in series ([CheTwoLevel]),
//     used for shared_buffers in front of the operating system's page cache.
//   - PostgreSQL's group commit ([GroupCommit], [GroupCommitBusy]).
//   - Order statistics for quorums ([OrderStatisticMean], [KthCDF],
//     [KthQuantile], [KthMean]): Raft majorities, Aurora's 4 of 6,
//     PostgreSQL's ANY k synchronous standbys.
//   - Mean value analysis of closed queueing networks ([MVA],
//     [MVACenters], [MVAThroughputs]) for closed benchmarks such as
//     pgbench -c N, and for a connection pooler as a flow-equivalent server.
//
// # The engine's and the textbook's
//
// The engine (package model) builds on [ErlangC] (by way of [ErlangB]), [CheTwoLevel],
// [GroupCommitBusy], [OrderStatisticMean] and [KthMean]. The rest are the textbook forms it
// refines, kept as documented, importable references and as the oracles
// its tests check it against: [MMc] and its percentiles (the CPU and the
// device are processor-sharing and multi-server stations with mixture
// tails, package dist), [MVA] (the engine's closed load solves its
// stations at the throughput the clients reach), [CheHitRatio] (one cache
// level), and [GroupCommit], whose constant flush is the deterministic
// case of the engine's exponential flush with a per-byte part.
//
// # Saturation and invalid input
//
// Saturation is a result, not an error: a queue whose utilisation is 1 or
// more reports +Inf for its delays. No function panics on its numeric
// arguments. Arguments outside a function's domain (negative rates, NaN)
// give the value its "Special cases are:" section documents, usually NaN
// for NaN input and +Inf for an unreachable target; inside the domain the
// functions never return NaN.
//
// # Sources
//
// The references cited in the documentation are:
//
//   - Kleinrock, Queueing Systems, Volume 1: Theory, Wiley, 1975 (§3.2
//     M/M/1, §3.5 M/M/m, §3.7 M/M/m/m, §3.10 finite populations).
//   - Gross, Shortle, Thompson, Harris, Fundamentals of Queueing Theory,
//     4th ed., Wiley, 2008 (§2.3 M/M/c, its waiting-time distribution).
//   - Jagerman, Some properties of the Erlang loss function, Bell System
//     Technical Journal 53(3), 1974 (the stable Erlang B recursion).
//   - Che, Tung, Wang, Hierarchical web caching systems: modeling, design
//     and experimental results, IEEE JSAC 20(7), 2002.
//   - Fricker, Robert, Roberts, A versatile and accurate approximation for
//     LRU cache performance, ITC 24, 2012, arXiv:1202.3974.
//   - Martina, Garetto, Leonardi, A unified approach to the performance
//     analysis of caching systems, INFOCOM 2014, arXiv:1307.6702.
//   - Rényi, On the theory of order statistics, Acta Mathematica
//     Academiae Scientiarum Hungaricae 4, 1953.
//   - David, Nagaraja, Order Statistics, 3rd ed., Wiley, 2003.
//   - Piessens, de Doncker-Kapenga, Überhuber, Kahaner, QUADPACK,
//     Springer, 1983 (Gauss–Kronrod quadrature).
//   - Buzen, Computational algorithms for closed queueing networks with
//     exponential servers, Communications of the ACM 16(9), 1973.
//   - Lazowska, Zahorjan, Graham, Sevcik, Quantitative System Performance,
//     Prentice Hall, 1984 (ch. 6 single-class MVA, ch. 8 flow equivalence,
//     ch. 9 memory constraints, ch. 20 load-dependent service centres).
//   - Reiser, Lavenberg, Mean-value analysis of closed multichain queuing
//     networks, Journal of the ACM 27(2), 1980.
//   - Schweitzer, Approximate analysis of multiclass closed networks of
//     queues, International Conference on Stochastic Control and
//     Optimization, Amsterdam, 1979.
//   - Bolch, Greiner, de Meer, Trivedi, Queueing Networks and Markov
//     Chains, 2nd ed., Wiley, 2006 (ch. 8, algorithms for product-form
//     networks).
//   - Seidmann, Schweitzer, Shalev-Oren, Computerized closed queueing
//     network models of flexible manufacturing systems, Large Scale
//     Systems 12, 1987 (the multi-server approximation).
//   - Jain, The Art of Computer Systems Performance Analysis, Wiley, 1991
//     (ch. 34, MVA worked example).
package queue
