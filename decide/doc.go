// Package decide turns evaluations into a decision (PRODUCT.md §4): which
// architectures meet the requirements, which is recommended and why, what to
// relax when none does, and where along a swept input the answer changes.
//
// It reads model results and never computes a latency, a ceiling or a cost
// itself: one engine, many faces.
//
// The order of simplicity is the lecture's advice — distribution trades
// efficiency and latency for scale and availability, so do not pay for it
// without need (shared/reference/seed-source.md §2, §4):
//
//	single-node < network-attached-storage < hot-standby < read-replicas
//	< dbms-optimized-storage < sharded < distributed-sql < active-active
//
// Hot standby ranks before read replicas because its replica only waits to
// take over (no routing, no stale reads); active-active ranks last because
// the lecture keeps it for very simple workloads such as queues (it gives up
// global constraints and a linear history).
package decide
