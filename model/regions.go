package model

import (
	"fmt"
	"math"
	"slices"

	"github.com/pgarch/pgarch/model/dist"
)

// RegionRTTs are the p50 round trips between named regions. Each pair is
// stored once; RTT looks both ways up. A region's trip to itself is 0: the
// client's own client_rtt_ms covers its zone.
type RegionRTTs map[string]map[string]Time

// RTT returns the round trip between regions a and b.
func (r RegionRTTs) RTT(a, b string) (Time, bool) {
	if a == b {
		_, ok := r[a]
		return 0, ok || r.has(a)
	}
	if t, ok := r[a][b]; ok {
		return t, true
	}
	t, ok := r[b][a]
	return t, ok
}

func (r RegionRTTs) has(name string) bool {
	for _, row := range r {
		if _, ok := row[name]; ok {
			return true
		}
	}
	return false
}

// ValidateRegions reports a client region the profile does not know, or a
// weight that is not positive.
func (w Workload) ValidateRegions(p Profile) error {
	if len(w.ClientRegions) > maxRegions {
		return &ParamError{Field: "client_region_weights", Err: ErrOutOfRange, Detail: fmt.Sprintf("at most %d regions", maxRegions)}
	}
	for _, name := range sortedKeys(w.ClientRegions) {
		weight := w.ClientRegions[name]
		if !(weight > 0 && weight <= 1e6) {
			return &ParamError{Field: "client_region_weights", Err: ErrOutOfRange, Detail: fmt.Sprintf("%s: weight %g", name, weight)}
		}
		if _, ok := p.Regions.RTT(name, name); !ok {
			return &ParamError{Field: "client_region_weights", Err: ErrUnknown, Detail: fmt.Sprintf("region %q (the profile knows %v)", name, p.Regions.names())}
		}
	}
	return nil
}

// validateRegions checks the client regions and that every node region is
// in the profile's matrix, once: a region listed twice would put a
// "cross-region" copy in the writer's region, surviving nothing.
func validateRegions(w Workload, a Architecture, p Profile) error {
	if err := w.ValidateRegions(p); err != nil {
		return err
	}
	for i, name := range a.Regions {
		if _, ok := p.Regions.RTT(name, name); !ok {
			return &ParamError{Field: "regions", Err: ErrUnknown, Detail: fmt.Sprintf("region %q (the profile knows %v)", name, p.Regions.names())}
		}
		if slices.Contains(a.Regions[:i], name) {
			return &ParamError{Field: "regions", Err: ErrOutOfRange, Detail: fmt.Sprintf("region %q listed twice", name)}
		}
	}
	if len(a.Regions) > maxRegions {
		return &ParamError{Field: "regions", Err: ErrOutOfRange, Detail: fmt.Sprintf("at most %d", maxRegions)}
	}
	return nil
}

func (r RegionRTTs) names() []string {
	var out []string
	for a, row := range r {
		out = append(out, a)
		for b := range row {
			out = append(out, b)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// homeRegion is where the writer runs: the architecture's first region, or
// else the client region nearest the clients, whose round trip weighted
// by the clients' weights is least, the heavier first among equals: where
// a DBA places the primary of clients spread over regions (a
// practitioner's review of 2026-11-28: with three regions of equal
// weight the writer went to the alphabetically first, ap-northeast-1,
// whose reads averaged 126 ms where us-east-1's averaged 83 ms).
func (pl *plan) homeRegion() string {
	if len(pl.a.Regions) > 0 {
		return pl.a.Regions[0]
	}
	names := sortedKeys(pl.w.ClientRegions)
	home, least, top := "", math.Inf(1), 0.0
	for _, name := range names {
		sum := 0.0
		for _, c := range names {
			rtt, _ := pl.p.Regions.RTT(name, c)
			sum += pl.w.ClientRegions[c] * float64(rtt)
		}
		if wt := pl.w.ClientRegions[name]; sum < least || sum == least && wt > top {
			home, least, top = name, sum, wt
		}
	}
	return home
}

// serving returns, for a client in region c, the region that serves it:
// the writer's region, except where every node takes writes
// (active-active) or any node is a gateway (distributed SQL), where the
// nearest node's region serves. (Read replicas route reads by
// replicaRegion.)
func (pl *plan) serving(c string) string {
	nearest := pl.a.ID == ActiveActive || pl.a.ID == DistributedSQL
	if !nearest || len(pl.a.Regions) == 0 {
		return pl.homeRegion()
	}
	regions := pl.a.Regions
	if pl.a.ID == DistributedSQL {
		regions = regions[:min(len(regions), pl.domains(pl.a.NodePlacement))] // the regions that hold nodes
	}
	best, bestT := regions[0], Time(math.Inf(1))
	for _, r := range regions {
		if t, _ := pl.p.Regions.RTT(c, r); t < bestT {
			best, bestT = r, t
		}
	}
	return best
}

// clientTrips is a request's client round trips: trips × (client_rtt_ms +
// the round trip from the client's region to the serving region), a
// mixture over the client regions by their weights (MODEL.md §2.6).
func (pl *plan) clientTrips(name string, trips int) step {
	base := Time(trips) * pl.w.ClientRTT
	if len(pl.w.ClientRegions) == 0 || trips == 0 {
		return pl.jitteredDelay(name, trips, base)
	}
	var at atoms
	for _, c := range sortedKeys(pl.w.ClientRegions) {
		rtt, _ := pl.p.Regions.RTT(c, pl.serving(c))
		at.add(base+Time(trips)*rtt, pl.w.ClientRegions[c]) // Weighted normalises
	}
	return pl.jittered(name, trips, at)
}

// jitter is the mean of the random part of a network round trip of mean
// t: the profile's rtt_jitter_ms (RoundTrips.Jitter), at most t/2, so that
// a round trip takes at least half its mean (the pings of calibration.md
// §3.2 took at least 77–94 % of theirs); 0 for none or an invalid one.
func (pl *plan) jitter(t Time) Time {
	if !(pl.p.RTT.Jitter > 0) {
		return 0
	}
	return min(pl.p.RTT.Jitter, t/2)
}

// jitteredDelay is trips network round trips of mean t in all, a
// client's, a synchronous standby's (standbyLeg) or a Citus coordinator's
// hop to a worker (hop). Each round trip's random part, an exponential of
// mean j (jitter), takes the place of j of its mean: t − trips·j +
// Erlang(trips, j), the mean t, the squared coefficient of variation of
// the random part 1/trips. The random part is the hosts' and the
// network's, about alike within a zone and across zones (calibration.md
// §3.2: 0.058 ms within, 0.071 across, from 10 pings a pair), so it does
// not grow with the distance.
func (pl *plan) jitteredDelay(name string, trips int, t Time) step {
	if trips < 1 {
		return delay(name, t)
	}
	j := Time(trips) * pl.jitter(t/Time(trips))
	if j == 0 {
		return delay(name, t)
	}
	return step{name: name, p: 1, shift: t - j, mean: j, cv2: 1 / float64(trips)}
}

// jittered is jitteredDelay over the mixture of the means at: the
// client's region sets the mean, the random part is every region's, at
// most half the nearest's round trip.
func (pl *plan) jittered(name string, trips int, at atoms) step {
	j := Time(0)
	if trips > 0 {
		j = Time(trips) * pl.jitter(slices.Min(at.t)/Time(trips))
	}
	for i := range at.t {
		at.t[i] -= j
	}
	m := at.mixture()
	if j > 0 {
		r := dist.Moments(0, float64(j), float64(j*j)/float64(trips))
		m.Add(&r)
	}
	return step{name: name, p: 1, fixed: &m}
}

// routed reports whether read replicas in named regions route reads by
// where their clients are (replicaRegion).
func (pl *plan) routed() bool {
	// Copies across regions: read replicas, or standbys that serve reads,
	// at cross-region placement (at another, they sit in the writer's).
	copies := (pl.a.ID == ReadReplicas || pl.a.StandbyReads) && pl.a.ReplicaPlacement == CrossRegion
	return copies && len(pl.a.Regions) > 1 && pl.replicas > 0
}

// awayFromClients reports whether the copies reads would go to sit in
// another region than every client: cross-region with no regions named,
// where every client is in the writer's region (none named, or only it),
// and no one reads across regions what the primary beside them serves
// (review of 2026-11-28: a disaster-recovery replica took all 20,000
// reads/s 15 ms away and saturated). Such copies serve no reads. newPlan
// keeps it (plan.away): it depends on neither the load nor the count.
func (pl *plan) awayFromClients() bool {
	if pl.a.ReplicaPlacement != CrossRegion || len(pl.a.Regions) > 1 {
		return false
	}
	home := pl.homeRegion()
	for c, wt := range pl.w.ClientRegions {
		if wt > 0 && c != home {
			return false
		}
	}
	return true
}

// clients are the client regions and their weights: the workload's, or
// all in the writer's region.
func (pl *plan) clients() map[string]float64 {
	if len(pl.w.ClientRegions) > 0 {
		return pl.w.ClientRegions
	}
	return map[string]float64{pl.homeRegion(): 1}
}

// replicaRegion returns, for a client in region c, the nearest region
// holding a read replica (the regions after the writer's, one per replica
// in turn) and whether it is nearer than the primary's: a read that may go
// to a replica goes to the nearest copy, the primary's included.
func (pl *plan) replicaRegion(c string) (string, bool) {
	place := pl.nearestRegion(c, pl.replicas)
	return pl.a.Regions[place], place > 0
}

// nearestRegion is the place, from 1, of the region nearest client region
// c among the first n after the writer's, and 0 when none is nearer than
// the writer's.
func (pl *plan) nearestRegion(c string, n int) int {
	regions := pl.a.Regions
	best, _ := pl.p.Regions.RTT(c, regions[0])
	place := 0
	for i, r := range regions[1:min(len(regions), 1+n)] {
		if t, _ := pl.p.Regions.RTT(c, r); t < best {
			best, place = t, i+1
		}
	}
	return place
}

// toReplicas is the share of point reads (and analytical queries) served
// by the replicas: replica_read_fraction, of which, across named regions,
// only the clients nearer a replica than the primary send theirs there.
func (pl *plan) toReplicas() float64 {
	if pl.replicas == 0 {
		return 0
	}
	f := float64(pl.w.ReplicaReadFraction)
	if pl.away {
		return 0
	}
	if !pl.routed() {
		return f
	}
	if pl.routedFor != pl.replicas+1 { // computed for this replica count
		var load [maxRegions]float64 // the client weight each region's replicas serve
		near, total := 0.0, 0.0
		clients := pl.clients()
		for _, c := range sortedKeys(clients) {
			if place := pl.nearestRegion(c, pl.replicas); place > 0 {
				near += clients[c]
				load[place] += clients[c]
			}
			total += clients[c]
		}
		pl.reach, pl.skew, pl.routedFor = near/total, 1, pl.replicas+1
		regions := len(pl.a.Regions) - 1
		for place := 1; place <= regions && near > 0; place++ {
			if n := regionNodes(place-1, pl.replicas, regions); n > 0 {
				pl.skew = math.Max(pl.skew, load[place]/float64(n)/(near/float64(pl.replicas)))
			}
		}
	}
	return f * pl.reach
}

// replicaSkew is how many times the busiest read replica's share of the
// replicas' reads exceeds an even one (toReplicas): across named regions
// each replica serves its region's nearest clients, so one in a heavy
// region carries more (review of 2026-11-28: an even split hid a replica
// at 1.5 times the others' load). The replica node the state solves is
// the busiest, whose ceiling is the replicas'; 1 elsewhere.
func (pl *plan) replicaSkew() float64 {
	if !pl.routed() || pl.routedFor != pl.replicas+1 {
		return 1
	}
	return pl.skew
}

// readTrips is a point read's client round trip across named regions for
// read replicas, served by a replica (replica) or by the primary: a
// mixture over the client regions of the trip to the region serving them,
// each weighted by its share of the reads that node serves.
func (pl *plan) readTrips(replica bool) step {
	base, f := pl.w.ClientRTT, float64(pl.w.ReplicaReadFraction)
	var at atoms
	clients := pl.clients()
	for _, c := range sortedKeys(clients) {
		r, near := pl.replicaRegion(c)
		weight := clients[c] * (1 - f*b2f(near)) // to the primary
		if replica {
			weight = clients[c] * b2f(near)
		} else {
			r = pl.a.Regions[0]
		}
		if weight > 0 {
			rtt, _ := pl.p.Regions.RTT(c, r)
			at.add(base+rtt, weight) // Weighted normalises
		}
	}
	if len(at.t) == 0 { // no reads take this way
		return pl.jitteredDelay("client_round_trip", 1, base)
	}
	return pl.jittered("client_round_trip", 1, at)
}

// b2f is 1 for true, 0 for false.
func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// replicaReadTrip is a point read's client round trip to the read
// replica serving it. Across named regions clients read from the nearest
// region holding a copy (readTrips); otherwise the replicas are placed
// from the primary, and a replica away from it is at least its round trip
// away from a client however near the primary (clientToReplica), the
// reads spread over the replicas alike.
func (pl *plan) replicaReadTrip() step {
	switch {
	case pl.routed():
		return pl.readTrips(true)
	case len(pl.a.Regions) > 1:
		return pl.clientTrips("client_round_trip", 1)
	case len(pl.w.ClientRegions) == 0:
		return pl.overReplicas("client_round_trip", 1, func(i int) Time { return pl.clientToReplica(pl.w.ClientRTT, i) })
	}
	// Clients in regions, replicas placed from the primary.
	var at atoms
	n := max(1, pl.replicas)
	for _, c := range sortedKeys(pl.w.ClientRegions) {
		rtt, _ := pl.p.Regions.RTT(c, pl.homeRegion())
		for i := range n {
			at.add(pl.clientToReplica(pl.w.ClientRTT+rtt, i), pl.w.ClientRegions[c]/float64(n))
		}
	}
	return pl.jittered("client_round_trip", 1, at) // Weighted normalises
}

// primaryReadTrip is a point read's client round trip to the node that
// serves it without replicas: the primary, or, on active-active and
// distributed SQL, the nearest node.
func (pl *plan) primaryReadTrip() step {
	if pl.routed() {
		return pl.readTrips(false)
	}
	return pl.clientTrips("client_round_trip", 1)
}

// overReplicas is a delay t(i) on the way to replica i, over the replicas
// alike: one delay when they are all as far, else the mixture of theirs.
// trips is the client round trips it stands for, which jitter
// (jitteredDelay; 0: none).
func (pl *plan) overReplicas(name string, trips int, t func(i int) Time) step {
	n := max(1, pl.replicas)
	same := true
	for i := 1; i < n && same; i++ {
		same = t(i) == t(0)
	}
	if same {
		return pl.jitteredDelay(name, trips, t(0))
	}
	var at atoms
	for i := range n {
		at.add(t(i), 1) // Weighted normalises
	}
	return pl.jittered(name, trips, at)
}

// clientsNearPrimary reports whether the clients sit client_rtt_ms from
// the primary, in no named region.
func (pl *plan) clientsNearPrimary() bool {
	return len(pl.w.ClientRegions) == 0 && len(pl.a.Regions) < 2
}

// clientToReplica is the round trip to read replica i from a client
// toPrimary away from the primary: the longer of that and the replica's
// own round trip from the primary (copyTrip), a same-zone replica as near
// as the primary, a cross-zone one a zone away.
func (pl *plan) clientToReplica(toPrimary Time, i int) Time {
	return max(toPrimary, pl.copyTrip(pl.a.ReplicaPlacement, i))
}

// regionNodes is how many of n nodes lie in region i of r when the nodes
// fill the regions in turn (node j in region j mod r).
func regionNodes(i, n, r int) int {
	if i < n%r {
		return n/r + 1
	}
	return n / r
}

func sortedKeys(m map[string]float64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
