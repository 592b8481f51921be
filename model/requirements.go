package model

import "slices"

// Requirements are what the user needs. The engine reads TargetUtilization
// (auto-sizing) and, through mustCarry, Survive, RPO and RTO (distributed
// SQL's nodes are sized to carry the load after the failures to survive);
// the recommendation reads the rest.
type Requirements struct {
	// P99Read and P99Write are p99 latency targets (0 = none).
	P99Read, P99Write Time
	// RPO and RTO are the data loss and downtime a node failure, and each
	// failure in Survive, may cost (negative = none).
	RPO, RTO Time
	// Survive lists the failures to survive: node, zone, region.
	Survive []string
	// ReadYourWrites, MonotonicReads and SnapshotIsolation are required
	// consistency guarantees.
	ReadYourWrites, MonotonicReads, SnapshotIsolation bool
	// LostUpdates is the committed updates per second the application
	// accepts to lose silently, overwritten by a concurrent one under
	// last-update-wins (lost_updates_per_sec; default 0: none). PostgreSQL
	// on one primary loses none: a concurrent UPDATE waits for the row lock
	// and re-reads the committed row (EvalPlanQual).
	LostUpdates Rate
	// TargetUtilization is the utilisation auto-sizing aims at (default 0.7).
	TargetUtilization Ratio
}

// DefaultRequirements returns no targets and a target utilisation of 0.7.
func DefaultRequirements() Requirements {
	return Requirements{RPO: -1, RTO: -1, TargetUtilization: 0.7}
}

// Validate reports the first requirement outside its range.
func (r Requirements) Validate() error {
	if err := checkRange("target_utilization", float64(r.TargetUtilization), 0.05, 0.99); err != nil {
		return err
	}
	if err := checkRange("p99_read_ms", r.P99Read.Ms(), 0, maxTime*1e3); err != nil {
		return err
	}
	if err := checkRange("p99_write_ms", r.P99Write.Ms(), 0, maxTime*1e3); err != nil {
		return err
	}
	if err := checkRange("lost_updates_per_sec", float64(r.LostUpdates), 0, MaxRate); err != nil {
		return err
	}
	for _, s := range r.Survive {
		switch s {
		case "node", "zone", "region":
		default:
			return &ParamError{Field: "survive", Err: ErrUnknown, Detail: s + " (node|zone|region)"}
		}
	}
	return nil
}

// mustCarry lists the failures whose survivors must carry the load: those
// to survive; where an RPO or RTO is required, a node's, which these bind
// (review of 2026-11-26: distributed SQL sized without it took a snapshot
// refill's RTO where one node more met every requirement); and where a
// region's, a zone's, the smaller failure, which CockroachDB's REGION
// survival goal survives as well (Cockroach Labs docs, "Multi-Region
// Capabilities Overview": "the database will remain fully available for
// reads and writes if one region goes down", its zones spread within;
// review of 2026-11-28: 15 nodes sized for a region's loss carried 87 % of
// the load after a zone's).
func (r Requirements) mustCarry() []string {
	out := r.Survive
	add := func(kind string, when bool) {
		if when && !slices.Contains(out, kind) {
			out = append(slices.Clip(out), kind)
		}
	}
	add("node", r.RTO >= 0 || r.RPO >= 0)
	add("zone", slices.Contains(r.Survive, "region"))
	return out
}
