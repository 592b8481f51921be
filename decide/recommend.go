package decide

import (
	"cmp"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/pgarch/pgarch/model"
)

// Status is whether an option meets every requirement.
type Status string

// Statuses.
const (
	Feasible Status = "feasible"
	RuledOut Status = "ruled_out"
)

// CheaperFactor is how much less a more complex option must cost to be
// recommended over a simpler feasible one: under half. Below that the saving
// pays for the complexity (a second team member's time on call is cheaper
// than the difference); above it, the lecture's advice wins and the simpler
// option is kept.
const CheaperFactor = 0.5

// Reason is a requirement an option misses.
type Reason struct {
	// Requirement is the requirement's public name (p99_write_ms,
	// rpo_seconds, survive, read_your_writes, target_utilization, …),
	// throughput when the offered load saturates the option or a copy of
	// it falls behind, disk when a node's data does not fit on its disk
	// (GB), or memory when its sessions do not fit in its memory (GB).
	Requirement string
	// Value is the option's figure and Limit the requirement's, in the
	// requirement's unit: a float64 (ms, s, a fraction, requests/s) or a
	// string (a failure kind, a guarantee). Value is nil when the option is
	// saturated and the figure does not exist.
	Value, Limit any
	// Detail says it in words, e.g. "p99_write_ms: 71.2 > 20".
	Detail string
}

// Option is one evaluated architecture and its verdict.
type Option struct {
	// Label names the option: its id, or id#n when the request lists the
	// same id more than once (n counts from 1 in request order).
	Label   string
	Result  model.Result
	Status  Status
	Reasons []Reason
	// Configured is what the option adds to the architecture as listed
	// (adopt): the configuration of it found to meet every requirement,
	// whose result and verdict it carries; nil when it is as listed.
	// Listed is then the architecture as listed, as evaluated, and
	// AsListed the reasons that rule it out.
	Configured []Change
	Listed     model.Architecture
	AsListed   []Reason
	// anyNode is a coordinator-bound sharded option evaluated again with
	// query_from_any_node (nil when it was not); anyNodeCopied, where that
	// is ruled out by availability alone, with a copy too (copyChanges).
	anyNode, anyNodeCopied *Option
	// copied is an option ruled out by availability alone evaluated again
	// with a copy where the failures to survive spare it (copyChanges; nil
	// when it was not); copiedNear, where that copy is another region's
	// and still misses a requirement, with the copy in another zone
	// instead (nil otherwise).
	copied, copiedNear *Option
	// larger is an option ruled out by what a node's size lifts evaluated
	// again on the smallest larger node of its instance family that meets
	// every requirement, its network volumes provisioned there as its
	// load asks (judgeLarger; nil when none does or it was not), with
	// largerBy, the copy a failure to survive then needs.
	larger   *Option
	largerBy []Change
	// networked is an option whose data its local disk cannot hold
	// evaluated again on network volumes (judgeNetworked; nil when it was
	// not), networkedCopied, where that is ruled out by availability
	// alone, with a copy too (copyChanges). networkedBy are the changes
	// beyond the volumes that networked was evaluated with: their IOPS and
	// throughput provisioned, a larger node.
	networked, networkedCopied *Option
	networkedBy                []Change
	// provisioned is an option on network volumes ruled out at their IOPS
	// or throughput evaluated again with more provisioned, the least that
	// meet every requirement (judgeProvisioned; nil when none does or it
	// was not).
	provisioned *Option
}

// Change is one requirement relaxed so that an option becomes feasible.
type Change struct {
	// Requirement is the requirement's public name, throughput (the
	// offered load, requests/s), clients (a closed load's, where its
	// copies fall behind), sessions (fewer where they do not fit in
	// memory, more where the pool is too small for the load),
	// query_from_any_node (a sharded option's clients connect to any
	// worker instead of its coordinator), standbys, sync_commit,
	// replicas or node_placement (a copy where a failure to survive spares
	// it: see copyChanges), vcpus (a larger node: judgeLarger; a smaller
	// one: judgeSmaller), storage (network volumes where the local disk
	// cannot hold the data: judgeNetworked; or where they need fewer nodes
	// than the local disks, or cost less: judgeOnVolumes,
	// judgeVolumesForLess), volume_iops and volume_mb_per_sec (the
	// volumes' IOPS and throughput provisioned to the load:
	// judgeProvisioned, judgeFewerNodes, judgeFewerIOPS), or nodes
	// (distributed SQL's spread evenly over its zones: judgeEvenSpread).
	Requirement string
	// From is the requirement as given, To what it must become.
	From, To any
	Detail   string
}

// Relaxation is what makes one ruled-out option feasible.
type Relaxation struct {
	Label   string
	Changes []Change
}

// Recommendation is the answer to "which architecture?".
type Recommendation struct {
	// Options are the evaluated architectures in request order.
	Options []Option
	// Ranking lists the feasible options' labels, best first.
	Ranking []string
	// Recommended is Ranking's first label ("" when nothing is feasible).
	Recommended string
	// Rationale explains the answer in sentences that cite the numbers.
	Rationale []string
	// Relax lists, when nothing is feasible, what makes each option
	// feasible, the smallest change first. Every relaxation is met: one
	// that needs less load (or query_from_any_node) was evaluated there,
	// and an option whose relaxation could not be (no Reevaluator, or still
	// saturated at that load) is left out.
	Relax []Relaxation
}

// Reevaluator evaluates the i-th option of a recommendation again, the
// architecture as the request gave it (auto-sized afresh), under workload w
// and requirements r, after edit (when non-nil) has changed a copy of it.
// Recommend calls it to verify what it suggests, a bounded number of times
// per option: a saturated option at the load it carries within the target
// utilisation (or with the sessions its memory holds, or the pool the load
// needs: up to four times, or a bisection under a closed load), a sharded
// option bound by its coordinator with query_from_any_node, an option
// ruled out by availability alone with a copy outside the failure
// (copyChanges), one whose local disk cannot hold its data on network
// volumes, provisioned and sized there, or on a larger local node
// (judgeNetworked), one held back by its node's size on the larger sizes
// of its family (judgeLarger: up to six), and a feasible one on the
// smaller (judgeSmaller: up to two on the built-ins, each provisioned where
// its volumes hold it back) and, where the engine counted its copies, on
// the larger (judgeScaleUp: up to six); a coordinator-bound Citus cluster
// querying from any node (judgeAnyNodeForLess: one, and its smaller
// sizes), distributed SQL on volumes with up to maxSpreadSteps more nodes
// (judgeEvenSpread), and a feasible option on local disks on volumes
// (judgeVolumesForLess: one, provisioned, and its smaller sizes and fewer
// IOPS). Where an option's
// volumes bind, each size climbs their IOPS and throughput
// (judgeProvisioned, judgeFewerNodes: at most the ladders' 28 steps, a
// refused throughput tried with up to three more IOPS), and stops where
// a step gains nothing. It may refuse a size (a node the request's
// profile gives), which ends that search; the request's time budget
// bounds the rest (ADR 0010).
type Reevaluator func(i int, w model.Workload, r model.Requirements, edit func(*model.Architecture)) (model.Result, error)

// simplicity is the lecture's order (see the package documentation).
var simplicity = map[model.ID]int{
	model.SingleNode: 0, model.NetworkAttachedStorage: 1, model.HotStandby: 2, model.ReadReplicas: 3,
	model.DBMSOptimizedStorage: 4, model.Sharded: 5, model.DistributedSQL: 6, model.ActiveActive: 7,
}

// Recommend judges each result against the requirements and ranks the
// feasible ones: simplest first, then cheapest, then most latency headroom,
// unless a more complex option costs under CheaperFactor of the simplest
// feasible one. The results are those of one workload, w, in request order.
//
// re, when not nil, evaluates an option again (see Reevaluator): a sharded
// option bound by its coordinator is then judged with query_from_any_node
// too, and its reason says what that would cost; and relaxations that need
// less load are verified there. Recommend stays a pure function when re is.
func Recommend(results []model.Result, w model.Workload, r model.Requirements, re Reevaluator) Recommendation {
	rec := Recommendation{Options: make([]Option, len(results))}
	labels := Labels(results)
	for i, res := range results {
		o := judge(labels[i], res, w, r)
		if re != nil && slices.ContainsFunc(o.Reasons, func(rs Reason) bool { return strings.HasSuffix(rs.Detail, viaCoordinator) }) {
			judgeAnyNode(&o, i, w, r, re)
		}
		if re != nil {
			judgeNetworked(&o, i, w, r, re)
			judgeCopied(&o, i, w, r, re)
			judgeProvisioned(&o, i, w, r, re)
			judgeLarger(&o, i, w, r, re)
		}
		o.adopt(w, r)
		if re != nil {
			judgeOnVolumes(&o, i, w, r, re)
			judgeFewerNodes(&o, i, w, r, re)
			judgeScaleUp(&o, i, w, r, re)
			judgeSmaller(&o, i, w, r, re)
			judgeAnyNodeForLess(&o, i, w, r, re)
			judgeEvenSpread(&o, i, w, r, re)
			judgeFewerIOPS(&o, i, w, r, re)
			judgeVolumesForLess(&o, i, w, r, re)
		}
		o.Configured = net(o.Configured)
		rec.Options[i] = o
	}
	feasible := rank(rec.Options, w, r)
	for _, o := range feasible {
		rec.Ranking = append(rec.Ranking, o.Label)
	}
	if len(feasible) > 0 {
		rec.Recommended = feasible[0].Label
	} else {
		rec.Relax = relax(rec.Options, w, r, re)
	}
	rec.Rationale = rationale(rec, feasible, w, r)
	return rec
}

// judge is a result's verdict.
func judge(label string, res model.Result, w model.Workload, r model.Requirements) Option {
	o := Option{Label: label, Result: res, Status: Feasible, Reasons: Check(res, w, r)}
	if len(o.Reasons) > 0 {
		o.Status = RuledOut
	}
	return o
}

// coordinatorBound reports whether a result is a sharded cluster whose
// clients all go through its coordinator and whose binding constraint is
// the coordinator's (its CPU, sessions or WAL flush).
func coordinatorBound(res model.Result) bool {
	a := res.Architecture
	return a.ID == model.Sharded && !a.QueryFromAnyNode && strings.HasPrefix(res.Bottleneck, "coordinator")
}

// viaCoordinator is what a coordinator-bound reason adds to its detail
// before query_from_any_node has been evaluated (the engine's advice).
const viaCoordinator = " (every statement goes through the coordinator: set query_from_any_node: true, or a larger coordinator)"

// judgeAnyNode evaluates the i-th option, a sharded cluster that misses
// its throughput or target utilisation at its coordinator, again with
// query_from_any_node at the same load, keeps the verdict in o.anyNode and
// says it in the detail of the reason that names the coordinator: whether
// that meets every requirement, and at what size and cost.
func judgeAnyNode(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	o.anyNode = rejudge(o, i, w, r, re, func(a *model.Architecture) { a.QueryFromAnyNode = true })
	if o.anyNode == nil {
		return // the advice stays unverified
	}
	v := *o.anyNode
	if v.Status != Feasible && availabilityOnly(v.Reasons) {
		// Both at once (review of 2026-11-28: a sharded cluster was asked
		// query_from_any_node and to give up RPO 0 and a zone's survival,
		// where a synchronous standby beside it met every requirement).
		fromAny := o.Result.Architecture
		fromAny.QueryFromAnyNode = true
		if _, _, edit, ok := copyChanges(fromAny, r); ok {
			o.anyNodeCopied = rejudge(o, i, w, r, re, func(a *model.Architecture) { a.QueryFromAnyNode = true; edit(a) })
		}
	}
	said := v.verdict("with query_from_any_node: true it")
	for j, rs := range o.Reasons {
		if d, ok := strings.CutSuffix(rs.Detail, viaCoordinator); ok {
			o.Reasons[j].Detail = d + " (every statement goes through the coordinator: " + said + ")"
		}
	}
}

// judgeAnyNodeForLess evaluates the i-th option, a feasible sharded
// cluster its coordinator's CPU binds, again querying from any node
// (query_from_any_node: the workers plan and route the statements), sized
// down as any option is (judgeSmaller), and takes it where it meets every
// requirement for less (price): the coordinator that held the cluster on
// the profile's node no longer binds a smaller one (a metamorphic hunt of
// 2026-11-28: 39 of 564 Citus options, two 8-vCPU workers at $1,384 on
// lecture where 4 vCPUs querying from any node met every requirement for
// $722). A query_from_any_node the request gives is its own.
func judgeAnyNodeForLess(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	a := o.Result.Architecture
	if o.Status != Feasible || a.ID != model.Sharded || a.QueryFromAnyNode || o.Result.Bottleneck != "coordinator_cpu" {
		return
	}
	v := rejudge(o, i, w, r, re, func(b *model.Architecture) { o.Configure(b); b.QueryFromAnyNode = true })
	if v == nil || v.Status != Feasible {
		return
	}
	k := len(o.Configured)
	on := Option{Label: o.Label, Result: v.Result, Status: v.Status, Configured: append(slices.Clone(o.Configured), anyNodeChange(v))}
	judgeSmaller(&on, i, w, r, re)
	if !on.forLess(price(o.Result, w), w, r) {
		return
	}
	o.configure(&on, on.Configured[k:]...)
}

// verdict words an option evaluated again with a change, after the words
// that say it ("with …, it"): "meets every requirement: " and its size and
// cost, or "still misses " and the requirements it misses.
func (v Option) verdict(with string) string {
	if v.Status == Feasible {
		return with + " meets every requirement: " + sizeAndCost(v.Result)
	}
	var missed []string
	for _, rs := range v.Reasons {
		missed = append(missed, rs.Requirement)
	}
	return with + " still misses " + strings.Join(missed, ", ")
}

// copyChanges are the changes that give an architecture a copy outside
// the failures r asks to survive, in words ("standbys: [cross-zone], a
// synchronous standby in another zone"), and the edit that makes them; ok is false
// where there is none to add: a synchronous standby in another zone, or
// region, for read replicas, whose asynchronous copies lose what they had
// not received (and what a primary cut off from them commits until it is
// demoted), and for a sharded cluster's workers; a replica in another zone
// for Aurora, whose lone writer is recreated by hand (review of
// 2026-11-27: read replicas ruled out by a zone's loss, and distributed SQL
// recommended at half again the price of read replicas with a standby);
// and for distributed SQL asked to survive a region with no regions named,
// its nodes spread over neighbouring regions (node_placement cross-region,
// the profile's rtt_cross_region_ms apart), as a CockroachDB deployment
// that survives a region spreads them over three (Cockroach Labs docs,
// "Multi-Region Capabilities Overview": SURVIVE REGION FAILURE needs at
// least three regions; review of 2026-11-28: "drop region" was its only
// relaxation). A single node with a standby is the hot standby, an option
// of its own.
func copyChanges(a model.Architecture, r model.Requirements) (changes []Change, words string, edit func(*model.Architecture), ok bool) {
	where, domain := model.CrossZone, "zone"
	if slices.Contains(r.Survive, "region") {
		where, domain = model.CrossRegion, "region"
	}
	switch {
	case (a.ID == model.ReadReplicas || a.ID == model.Sharded) && len(a.Standbys) == 0:
		changes = []Change{{Requirement: "standbys", From: []string{}, To: []string{string(where)}, Detail: "standbys: [" + string(where) + "]"}}
		level := a.SyncCommit
		if level == model.SyncOff || level == model.SyncLocal {
			level = model.SyncOn
			changes = append(changes, Change{Requirement: "sync_commit", From: string(a.SyncCommit), To: string(level), Detail: "sync_commit: " + string(level)})
		}
		return changes, changes[0].Detail + ", a synchronous standby in another " + domain,
			func(a *model.Architecture) { a.Standbys, a.SyncCommit = []model.Placement{where}, level }, true
	case a.ID == model.DistributedSQL && where == model.CrossRegion && len(a.Regions) == 0 && a.NodePlacement != model.CrossRegion:
		changes = []Change{{Requirement: "node_placement", From: string(a.NodePlacement), To: string(model.CrossRegion), Detail: "node_placement: cross-region"}}
		return changes, "node_placement: cross-region, its nodes spread over neighbouring regions", func(a *model.Architecture) { a.NodePlacement = model.CrossRegion }, true
	case a.ID == model.DBMSOptimizedStorage && a.Variant == model.Aurora && a.Replicas == 0 && where == model.CrossZone:
		changes = []Change{{Requirement: "replicas", From: 0.0, To: 1.0, Detail: "replicas: 1"}}
		return changes, "replicas: 1, a replica in another zone", func(a *model.Architecture) { a.Replicas = 1 }, true
	}
	return nil, "", nil, false
}

// familySizes are the node sizes a larger or smaller one is judged at, in
// vCPUs: an instance family's (AWS R6i, R6id and I4i: large to 32xlarge,
// 2 to 128 vCPUs, with the 12xlarge and 24xlarge between; Azure Esv3: E2
// to E64), up to the profile's max_vcpus, beyond which the reevaluator
// refuses a size.
var familySizes = []int{2, 4, 8, 16, 32, 48, 64, 96, 128}

// liftedBySize reports whether a larger node may meet an option's reasons:
// load and latency reasons only, while what binds is not the sessions'
// pool (moreSessions) or a lock, which no node's size relieves. Whether it
// does is judgeLarger's to find. A local disk too small is not bought with
// cores: a network volume holds the data (review of 2026-11-28: 5 TB at
// 1,000 reads/s would have taken a 128-vCPU node for its instance store).
func liftedBySize(o *Option) bool {
	switch b := o.Result.Bottleneck; {
	case strings.HasSuffix(b, "sessions") || strings.HasSuffix(b, "lock"):
		return false
	}
	return len(o.Reasons) > 0 && !slices.ContainsFunc(o.Reasons, func(rs Reason) bool {
		switch rs.Requirement {
		case "throughput", "target_utilization", "p99_read_ms", "p99_write_ms":
			return false
		}
		return true
	})
}

// shortfall is how far an option misses its numeric reasons at most: the
// offered load over what it carries where it is saturated, over the
// target utilisation, as target_utilization's reason measures the load
// share (its latencies then have no figure: review of 2026-11-28, a
// saturated option's +Inf ended the ladder at its first size; and the
// ratio without the target let a step from saturated to over the target
// look like no progress, and the ladder stopped), else a figure over its
// limit (+Inf where it has none); 0 where it misses none.
func shortfall(o *Option, target float64) float64 {
	worst := 0.0
	for _, rs := range o.Reasons {
		v, ok1 := rs.Value.(float64)
		l, ok2 := rs.Limit.(float64)
		switch {
		case rs.Requirement == "throughput" && ok1 && ok2 && v > 0:
			return l / v / target
		case rs.Value == nil:
			worst = math.Inf(1)
		case ok1 && ok2 && l > 0 && v > 0:
			worst = math.Max(worst, v/l)
		}
	}
	return worst
}

// hasReasonOf reports whether a reason names the requirement.
func hasReasonOf(rs []Reason, requirement string) bool {
	return slices.ContainsFunc(rs, func(r Reason) bool { return r.Requirement == requirement })
}

// judgeLarger evaluates the i-th option, ruled out by what a node's size
// may lift (liftedBySize), again on the larger sizes of the profile's
// instance family (familySizes), and keeps in o.larger the first that meets
// every requirement: scaling up before scaling out, the lecture's order of
// things (review of 2026-11-28: a workload beyond an 8-vCPU node's CPU was
// sent to read replicas or distributed SQL, never to the 16-vCPU node of
// the same family). It stops where a size misses by no less than the one
// before (within 5 %): what binds does not grow with the node (replay's
// one process, an fsync). An option on network volumes it provisions at
// each size (provision), from what the last reached: a larger node lifts
// the instance's limits towards its volumes (instance_volume_iops,
// instance_volume_mb_per_sec), which the volumes' own provisioning then
// fills (an ingest of 400 MB/s on gp3 needs both a 16-vCPU node and its
// volume's throughput raised; neither alone carries it). A node the option
// was given (vcpus) is its own, Neon's compute scales by its compute
// units, and an option that a configuration judged before meets (o.anyNode,
// o.copied) is adopted so, which adopt prefers.
func judgeLarger(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	a, base := o.Result.Architecture, o.Result.NodeVCPUs
	met := func(v *Option) bool { return v != nil && v.Status == Feasible }
	if o.Status == Feasible || met(o.anyNode) || met(o.copied) || met(o.anyNodeCopied) || met(o.provisioned) ||
		a.VCPUs != 0 || a.Variant == model.Neon || base < 1 || !liftedBySize(o) {
		return
	}
	if !onVolumes(o) {
		o.larger, o.largerBy = o.largerNode(i, w, r, re, shortfall(o, float64(r.TargetUtilization)))
		return
	}
	at, last := volumeOf(o.Result), shortfall(o, float64(r.TargetUtilization))
	for _, n := range familySizes {
		if n <= base {
			continue
		}
		size := func(a *model.Architecture) { a.VCPUs = n }
		v := o.provision(i, w, r, re, nil, at, size)
		if v == nil {
			return
		}
		if met(v) {
			o.larger = o.fewerIOPS(i, w, r, re, v, size)
			return
		}
		now := shortfall(v, float64(r.TargetUtilization))
		if !(now < 0.95*last) {
			return
		}
		last, at = now, volumeOf(v.Result)
	}
}

// largerNode evaluates the i-th option again on each larger size of its
// instance family in turn and returns the first that meets every
// requirement; nil where the reevaluator refuses a size (beyond the
// family's largest, or a node priced at one size only) or a size misses by
// no less than the one before (shortfall, within 5 %: what binds does not
// grow with the node). A size ruled out by availability alone is judged
// with the copy a failure to survive needs (copyChanges), returned with
// it: a larger node is sized fewer copies, as Aurora's writer is fewer
// readers, and the one a zone's failure needs goes with them (a
// metamorphic hunt of 2026-11-28: a looser target ruled Aurora out, its
// 16-vCPU writer sized no reader, where a replica in another zone met
// every requirement).
//
// last is the shortfall to improve on: the option's, or +Inf where a disk
// too small for the data rules it out (largerDisk), whose sizes are
// passed over while their disk is still too small, as it grows with them.
func (o *Option) largerNode(i int, w model.Workload, r model.Requirements, re Reevaluator, last float64) (*Option, []Change) {
	for _, n := range familySizes {
		if n <= o.Result.NodeVCPUs {
			continue
		}
		size := func(a *model.Architecture) { a.VCPUs = n }
		v := rejudge(o, i, w, r, re, size)
		switch {
		case v == nil:
			return nil, nil
		case v.Status == Feasible:
			return v, nil
		case hasReasonOf(v.Reasons, "disk"):
			continue // its disk grows with the next size
		}
		if availabilityOnly(v.Reasons) {
			if ch, _, edit, ok := copyChanges(v.Result.Architecture, r); ok {
				if c := rejudge(o, i, w, r, re, func(a *model.Architecture) { size(a); edit(a) }); c != nil && c.Status == Feasible {
					return c, ch
				}
			}
		}
		now := shortfall(v, float64(r.TargetUtilization))
		if !(now < 0.95*last) {
			return nil, nil
		}
		last = now
	}
	return nil, nil
}

// bandwidthLadder are the throughputs a network volume is judged at above
// the profile's (model.ByteRate, bytes/s: 196.608e6 is 196.608 MB/s): gp3's 125 MiB/s included to its most, 1,000
// MiB/s, by halves (187.5, 250, 375, 500, 750, 1,000 MiB/s), then up to
// Premium SSD v2's most, 2,000 MB/s, and io2's, 4,000 MiB/s
// (calibration.md §2.1, §2.2); the reevaluator refuses what a profile's
// volumes do not provision (network_baseline_bandwidth_mb_per_sec to
// network_max_bandwidth_mb_per_sec, at most
// network_throughput_per_iops_mb_per_sec per IOPS).
var bandwidthLadder = []model.ByteRate{196.608e6, 262.144e6, 393.216e6, 524.288e6, 786.432e6, 1048.576e6, 1500e6, 2000e6, 3000e6, 4194.304e6}

// volume is what an option's network volumes are provisioned with: their
// IOPS, and their throughput where it is provisioned apart (0: the
// profile's, or what the IOPS carry where it follows them, as io2's).
type volume struct {
	iops      int
	bandwidth model.ByteRate
}

// volumeOf is the volumes res ran on.
func volumeOf(res model.Result) volume {
	return volume{int(res.VolumeIOPS), res.Architecture.VolumeBandwidth}
}

// set gives a the volumes v, its IOPS only where they are not the
// profile's, p.
func (v volume) set(a *model.Architecture, p volume) {
	if v.iops != p.iops {
		a.VolumeIOPS = v.iops
	}
	a.VolumeBandwidth = v.bandwidth
}

// volumeBound reports whether what binds an option is its volumes': their
// IOPS, or their throughput (throughputBound).
func volumeBound(b string) bool { return strings.HasSuffix(b, "iops") || throughputBound(b) }

// throughputBound reports whether what binds an option is its volumes'
// throughput, the WAL flush's included (it binds where the WAL fills the
// bandwidth; model's state.loads).
func throughputBound(b string) bool { return strings.HasSuffix(b, "bandwidth") || b == "wal_flush" }

// provision evaluates the i-th option again, edited (a node's size, or
// nothing) and its volumes at at (v: already so evaluated, or nil), then
// with more provisioned, a step at a time of what its volumes miss
// (wantsVolumes): their throughput (bandwidthLadder) where that binds it,
// else their IOPS (volumeLadder), and returns the first that meets every
// requirement, else the last that still made progress, nil where the
// first evaluation is refused. A step makes progress where it cuts the
// shortfall by 5 %, or less where what binds turns from the IOPS to the
// throughput or back (raising one hands the bottleneck to the other: a
// review of 2026-11-28 found an ingest on io2 stopped at 16,000 IOPS and
// 393 MB/s, where 24,000 and 786 met every requirement), or from the
// load's share of the ceiling to the disks' IOPS (a metamorphic hunt:
// 4,000 IOPS took the load to 0.607 of the ceiling, the IOPS to 0.776,
// and the climb stopped short of 6,000). Where the IOPS
// do not allow a step's throughput (gp3: 0.25 MiB/s each), the IOPS rise
// with it.
func (o *Option) provision(i int, w model.Workload, r model.Requirements, re Reevaluator, v *Option, at volume, edit func(*model.Architecture)) *Option {
	if v == nil {
		if v = o.withVolumes(i, w, r, re, at, edit); v == nil {
			return nil
		}
	}
	target := float64(r.TargetUtilization)
	last := shortfall(v, target)
	for v.Status != Feasible && wantsVolumes(v, r) {
		u, next := o.raise(i, w, r, re, v, at, edit)
		if u == nil {
			break // past the ladders' top, or what the volumes provision
		}
		if u.Status != Feasible && !progressed(v, u, last, target) {
			// A step of what binds that gains nothing may leave it to
			// the other: a WAL flush binds by the volume's IOPS and its
			// throughput alike, and raising one may only hand the
			// bottleneck to the other (a metamorphic hunt of
			// 2026-11-28: on Premium SSD v2 more throughput left a
			// 16-vCPU node's shortfall at 1.602 where more IOPS met
			// every requirement, and a 32-vCPU node was bought for
			// $1,800 against $1,064).
			if u, next = o.step(i, w, r, re, v, at, !throughputBound(v.Result.Bottleneck), edit); u == nil ||
				u.Status != Feasible && !progressed(v, u, last, target) {
				break
			}
		}
		if u.Status != Feasible {
			last = shortfall(u, target)
		}
		v, at = u, next
	}
	return v
}

// progressed reports whether a step from v to u, neither feasible, made
// progress on a shortfall of last (provision): it cut it by 5 %, or cut it
// at all where what misses turned, from the IOPS to the throughput or
// back, or from the load's share of the ceiling to the disks' IOPS
// (Check), each measured on its own scale; or a saturated v carries its
// load after it, whatever the figures it then misses by, on another scale
// (a metamorphic hunt of 2026-11-28: 4,000 IOPS carried a load 3,000
// saturated under, its p99 1.75 times the target against the load's 1.56
// times what 3,000 carried, and a looser target lost the option).
func progressed(v, u *Option, last, target float64) bool {
	now := shortfall(u, target)
	switched := throughputBound(u.Result.Bottleneck) != throughputBound(v.Result.Bottleneck) ||
		(loadShare(u.Result) > target) != (loadShare(v.Result) > target)
	carried := hasReasonOf(v.Reasons, "throughput") && !hasReasonOf(u.Reasons, "throughput")
	return now < 0.95*last || switched && now < last || carried
}

// wantsVolumes reports whether what an option misses its volumes may
// lift: their IOPS or throughput bind it, or its disks' IOPS run over the
// target utilisation, commit flushes included (Check).
func wantsVolumes(v *Option, r model.Requirements) bool {
	return volumeBound(v.Result.Bottleneck) || iopsLoad(v.Result) > float64(r.TargetUtilization)
}

// fewerIOPS evaluates v, the i-th option edited (its node's size) and
// meeting every requirement, again with fewer IOPS, the next fewer on
// volumeLadder first, and returns the last that still meets every
// requirement with its volumes within the target utilisation for less
// (price): the IOPS judgeLarger carries up from a smaller node, whose
// cache held less, may idle on the larger (a review of 2026-11-28).
func (o *Option) fewerIOPS(i int, w model.Workload, r model.Requirements, re Reevaluator, v *Option, edit func(*model.Architecture)) *Option {
	at, profile := volumeOf(v.Result), volumeOf(o.Result)
	from := *o
	from.Result = v.Result // priced against v
	set := func(a *model.Architecture, n int) { edit(a); volume{n, at.bandwidth}.set(a, profile) }
	if best := descend(&from, w, r, volumeLadder, at.iops, from.setTo(i, w, r, re, set), nil); best != nil {
		return best
	}
	return v
}

// withVolumes evaluates the i-th option again, as configured and edited,
// with its volumes provisioned at at; nil where the reevaluator refuses.
func (o *Option) withVolumes(i int, w model.Workload, r model.Requirements, re Reevaluator, at volume, edit func(*model.Architecture)) *Option {
	profile := volumeOf(o.Result)
	return rejudge(o, i, w, r, re, func(a *model.Architecture) { o.Configure(a); edit(a); at.set(a, profile) })
}

// raise evaluates the i-th option again, as configured and edited, with
// its volumes a step above at, on which v ran: a step of what binds v
// first, its throughput (bandwidthLadder, above v's) where that binds it,
// else its IOPS (volumeLadder), and where that step is past its ladder's
// top or refused (past what the volumes provision), a step of the other.
// It returns the evaluation and the volumes; nil where neither is taken.
func (o *Option) raise(i int, w model.Workload, r model.Requirements, re Reevaluator, v *Option, at volume, edit func(*model.Architecture)) (*Option, volume) {
	first := throughputBound(v.Result.Bottleneck)
	for _, throughput := range []bool{first, !first} {
		if u, next := o.step(i, w, r, re, v, at, throughput, edit); u != nil {
			return u, next
		}
	}
	return nil, at
}

// step is raise's step of one: the throughput, with the IOPS raised up to
// three steps where they do not allow it (gp3: 0.25 MiB/s each; io2's
// follows its IOPS and is refused, which a step of the IOPS raises), or
// the IOPS.
func (o *Option) step(i int, w model.Workload, r model.Requirements, re Reevaluator, v *Option, at volume, throughput bool, edit func(*model.Architecture)) (*Option, volume) {
	next := at
	if throughput {
		next.bandwidth = above(bandwidthLadder, v.Result.VolumeBandwidth)
	} else {
		next.iops = above(volumeLadder, at.iops)
	}
	if next.iops == 0 || throughput && next.bandwidth == 0 {
		return nil, at // past the ladder's top
	}
	u := o.withVolumes(i, w, r, re, next, edit)
	for k := 0; u == nil && throughput && k < 3; k++ {
		if next.iops = above(volumeLadder, next.iops); next.iops == 0 {
			break
		}
		if u = o.withVolumes(i, w, r, re, next, edit); u == nil {
			continue
		}
		// Where the IOPS alone carry the throughput (io2's follows them:
		// calibration.Profile.Provisioned), it is not provisioned apart
		// (a metamorphic hunt of 2026-11-28: io2 at 24,000 IOPS was
		// configured with volume_mb_per_sec 4194.304 too, the most its
		// IOPS give).
		alone := volume{next.iops, 0}
		if v := o.withVolumes(i, w, r, re, alone, edit); v != nil && v.Result.VolumeBandwidth >= u.Result.VolumeBandwidth {
			return v, alone
		}
	}
	return u, next
}

// above is the first step of ladder above x; 0 where none is.
func above[T int | model.ByteRate](ladder []T, x T) T {
	for _, n := range ladder {
		if n > x {
			return n
		}
	}
	return 0
}

// volumeLadder are the IOPS a network volume is judged at, more or fewer
// than the profile's: from io2's least, 100, to its most, 256,000, by
// steps of about 1.5 to 2, through gp3's and Premium SSD v2's 3,000
// included and their most, 16,000 and 80,000 (calibration.md §2.1,
// §2.2); the reevaluator refuses what a profile's volumes do not
// provision (network_baseline_iops to network_max_iops).
var volumeLadder = []int{100, 200, 500, 1000, 2000, 3000, 4000, 6000, 8000, 12000, 16000, 24000, 32000, 48000, 64000, 80000, 128000, 256000}

// onVolumes reports whether an option's data is on network volumes whose
// IOPS and throughput the request did not give it (volume_iops,
// volume_mb_per_sec), which recommend may provision: again where it
// provisioned them already (a metamorphic hunt of 2026-11-28: read
// replicas whose volumes were provisioned up to 8,000 IOPS on 4 nodes,
// $1,820 a month, were not judged at 12,000 on 3, $1,449).
func onVolumes(o *Option) bool {
	a := o.listed()
	return o.Result.VolumeIOPS > 0 && a.VolumeIOPS == 0 && a.VolumeBandwidth == 0
}

// listed is the option's architecture as the request lists it.
func (o *Option) listed() model.Architecture {
	if o.Configured != nil {
		return o.Listed
	}
	return o.Result.Architecture
}

// judgeProvisioned evaluates the i-th option, on network volumes and ruled
// out by what they may lift (their IOPS or throughput bind it, and its
// reasons are load and latency alone: liftedBySize), again with more
// provisioned (provision), and keeps in o.provisioned the least that meets
// every requirement with every volume within the target utilisation
// (Check): a DBA provisions the volume before buying a larger
// node or more of them (review of 2026-11-28: a catalogue's reads at gp3's
// 3,000 included IOPS were sent to a 16-vCPU node at $753, where the
// 8-vCPU node with 12,000 IOPS, $45 more, met every requirement for $430;
// and gp3's throughput, 125 MiB/s included and up to 1,000 MiB/s at $0.04
// per MiB/s-month, was never raised, so an ingest that fills it was ruled
// out). Where the instance's limit towards its volumes binds first, a
// larger node lifts it (judgeLarger).
func judgeProvisioned(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	if o.Status == Feasible || !onVolumes(o) || !wantsVolumes(o, r) || !liftedBySize(o) {
		return
	}
	if v := o.provision(i, w, r, re, o, volumeOf(o.Result), func(*model.Architecture) {}); v.Status == Feasible {
		o.provisioned = v
	}
}

// judgeFewerNodes evaluates the i-th option, feasible on network volumes
// with its counts (replicas, workers, nodes) auto-sized while the volumes
// bind it, again with more provisioned, a step at a time of what binds,
// their IOPS or their throughput (raise), the counts sized afresh, and
// gives it the step that costs least (price), as long as each costs less
// than the one before: more IOPS or throughput for fewer nodes (review of
// 2026-11-28: read replicas on gp3 volumes took 52 nodes at their 3,000
// included IOPS, $31,822 a month, where 12,000 IOPS need 9, $6,083, and
// the ranking changed with it), every volume within the target
// utilisation (Check); volumes provisioned for the option already climb
// on from theirs.
func judgeFewerNodes(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	if o.Status != Feasible || !onVolumes(o) || !o.Result.Sizing.AutoSized || !volumeBound(o.Result.Bottleneck) {
		return
	}
	if best := o.fewerNodes(i, w, r, re, o, func(*model.Architecture) {}); best != nil {
		o.configure(best, scaleChanges(o.Result, best)...)
	}
}

// fewerNodes evaluates v, the i-th option edited (edit) and feasible on
// the volumes that bind it, again with more provisioned, a step at a time
// of what binds (raise), or of the other where that costs no less (a WAL
// flush binds by IOPS and throughput alike, as in provision: a metamorphic
// hunt of 2026-11-28 found distributed SQL bound by its WAL flushes on 8
// nodes at 3,000 IOPS, $3,873 a month, where 4,000 needed 6, $3,034), its
// counts sized afresh, and returns the step that costs least (price), as
// long as each costs less than the one before; nil where none does.
func (o *Option) fewerNodes(i int, w model.Workload, r model.Requirements, re Reevaluator, v *Option, edit func(*model.Architecture)) *Option {
	var best *Option
	at, cost := volumeOf(v.Result), price(v.Result, w)
	gains := func(u *Option) bool {
		return u != nil && price(u.Result, w) < cost && (u.Status == Feasible || wantsVolumes(u, r))
	}
	for wantsVolumes(v, r) {
		u, next := o.raise(i, w, r, re, v, at, edit)
		if !gains(u) {
			if u, next = o.step(i, w, r, re, v, at, !throughputBound(v.Result.Bottleneck), edit); !gains(u) {
				break
			}
		}
		if u.Status == Feasible { // else cheaper, its volumes not yet within the target: the next step
			best, cost = u, price(u.Result, w)
		}
		v, at = u, next
	}
	return best
}

// judgeFewerIOPS evaluates the i-th option, feasible on network volumes at
// the profile's IOPS, again with fewer provisioned (volumeLadder), the
// next fewer first, so configured, and gives it the last that still meets
// every requirement for less, as rank prices it (price): the volumes
// provisioned to the load, as the node is sized to it (judgeSmaller;
// review of 2026-11-28: a tiny tool on io2 was priced $873, $780 of it for
// 12,000 IOPS against a demand of 15, and Aurora was recommended as under
// half of that). Volumes provisioned for the option (judgeProvisioned)
// hold the fewest already; under a closed load the volumes must carry the
// clients within the target utilisation, as a smaller node must.
func judgeFewerIOPS(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	if o.Status != Feasible || !onVolumes(o) || o.configuredWith("volume_iops") {
		return
	}
	set := func(a *model.Architecture, n int) { a.VolumeIOPS = n }
	if best := descend(o, w, r, volumeLadder, int(o.Result.VolumeIOPS), o.setTo(i, w, r, re, set), nil); best != nil {
		o.configure(best, iopsChange(o.Result, best))
	}
}

// iopsLoad is the utilisation of the fullest IOPS of an option's devices,
// every node's, commit flushes included: the ceiling leaves the flushes
// out, as they batch more as a volume fills (model's state.loads), so
// fewer IOPS looked feasible until the volume was full (review of
// 2026-11-28: distributed SQL's volumes went from 12,000 to 1,000 IOPS at
// 0.985 of them, its p99 write from 14 to 26 ms, beside the engine's own
// warning to provision more); Check holds it within the target.
func iopsLoad(res model.Result) float64 {
	load := 0.0
	for _, u := range res.Utilization {
		if strings.HasSuffix(u.Resource, "iops") {
			load = max(load, float64(u.Value))
		}
	}
	return load
}

// forLess reports whether v meets every requirement for less than cost
// (price) and, under a closed load, carries its clients within the target
// utilisation, its volumes' I/Os with its commit flushes too (iopsLoad,
// which Check holds an open load to; a metamorphic hunt of 2026-11-28:
// io2 volumes provisioned down from 12,000 to 4,000 IOPS ran at 0.79 of
// them under 209 clients): what every configuration taken for less must
// do.
func (v *Option) forLess(cost float64, w model.Workload, r model.Requirements) bool {
	target := float64(r.TargetUtilization)
	return v.Status == Feasible && price(v.Result, w) < cost &&
		!(w.Clients > 0 && (loadShare(v.Result) > target || iopsLoad(v.Result) > target))
}

// descend evaluates the option again at each step of ladder below base in
// turn (at, as setTo does), the next lower first, and returns the last
// that still meets every requirement for less than o (price), carries a
// closed load's clients within the target utilisation, and keeps (nil:
// every one); nil where the first does not.
func descend(o *Option, w model.Workload, r model.Requirements, ladder []int, base int, at func(n int) *Option, keeps func(v *Option) bool) *Option {
	var best *Option
	cost := price(o.Result, w)
	for _, n := range slices.Backward(ladder) {
		if n >= base {
			continue
		}
		v := at(n)
		if v == nil || !v.forLess(cost, w, r) || keeps != nil && !keeps(v) {
			break
		}
		best, cost = v, price(v.Result, w)
	}
	return best
}

// setTo returns the evaluation of the i-th option again, as configured and
// set to n; nil where the reevaluator refuses it.
func (o *Option) setTo(i int, w model.Workload, r model.Requirements, re Reevaluator, set func(*model.Architecture, int)) func(n int) *Option {
	return func(n int) *Option {
		return rejudge(o, i, w, r, re, func(a *model.Architecture) { o.Configure(a); set(a, n) })
	}
}

// configure gives a feasible option the changes cs and v's figures, the
// option so evaluated.
func (o *Option) configure(v *Option, cs ...Change) {
	if o.Configured == nil {
		o.Listed = o.Result.Architecture // as listed, as evaluated
	}
	o.Configured = append(o.Configured, cs...)
	o.Result = v.Result
}

// net is the changes cs come to: one change a requirement, from where the
// first took it to where the last left it, and none where that is where it
// was (a node sized up for its local disks and down again on volumes).
func net(cs []Change) []Change {
	var out []Change
	for _, c := range cs {
		k := slices.IndexFunc(out, func(d Change) bool { return d.Requirement == c.Requirement })
		switch {
		case k < 0:
			out = append(out, c)
		case reflect.DeepEqual(out[k].From, c.To):
			out = slices.Delete(out, k, k+1)
		default:
			c.From = out[k].From
			out[k] = c
		}
	}
	return out
}

// configuredWith reports whether a change of the requirement configures
// the option.
func (o *Option) configuredWith(requirement string) bool {
	return slices.ContainsFunc(o.Configured, func(c Change) bool { return c.Requirement == requirement })
}

// scaleChanges are the changes that give the option v's node and
// volumes, where they are not res's.
func scaleChanges(res model.Result, v *Option) []Change {
	var cs []Change
	if v.Result.NodeVCPUs != res.NodeVCPUs {
		cs = append(cs, sizeChange(res, v))
	}
	if v.Result.VolumeIOPS != res.VolumeIOPS {
		cs = append(cs, iopsChange(res, v))
	}
	if b := v.Result.Architecture.VolumeBandwidth; b != 0 && b != res.VolumeBandwidth { // else it follows the IOPS (io2)
		from, to := float64(res.VolumeBandwidth/model.MBPerSecond), float64(b/model.MBPerSecond)
		cs = append(cs, Change{Requirement: "volume_mb_per_sec", From: from, To: to,
			Detail: fmt.Sprintf("volume_mb_per_sec: %s (%s MiB/s), more throughput provisioned on its volumes than the profile's %s MB/s (%s, against %s)",
				strconv.FormatFloat(to, 'f', -1, 64), num(to/1.048576), num(from), sizeAndCost(v.Result), sizeAndCost(res))})
	}
	return cs
}

// iopsChange is the change that provisions the option's volumes as v's,
// more or fewer IOPS than res has.
func iopsChange(res model.Result, v *Option) Change {
	from, to := float64(res.VolumeIOPS), float64(v.Result.Architecture.VolumeIOPS)
	way := "more"
	if to < from {
		way = "fewer"
	}
	return Change{Requirement: "volume_iops", From: from, To: to,
		Detail: fmt.Sprintf("volume_iops: %s, %s IOPS provisioned on its volumes than the profile's %s (%s, against %s)",
			num(to), way, num(from), sizeAndCost(v.Result), sizeAndCost(res))}
}

// judgeSmaller evaluates the i-th option, feasible on the profile's node
// as listed or as adopt configured it, again on the smaller sizes of its
// instance family (familySizes), the next smaller first, so configured,
// and gives it the last that still meets every requirement for less: a
// node sized to the load, as a DBA would buy it, not the profile's
// (review of 2026-11-28: 500 reads/s and 50 writes/s were priced $444 a
// month on 8 vCPUs at 0.7 % of their ceiling, where 2 vCPUs meet every
// requirement for $112), and every option on its own size, so that the
// ranking compares like with like. "For less" is as rank prices it
// (price: per request/s carried under a closed load), and under a closed
// load the smaller node must carry its clients within the target
// utilisation, as Check asks of an open load: it serves such clients
// fewer requests, not the same ones for less (review of 2026-11-28: 64
// clients without think time were put on 2 vCPUs at 100 % CPU, a quarter
// of the 8-vCPU node's throughput and five times its p99, for the same
// cost per request/s). It stops where a smaller node needs more of them
// (replicas, workers, nodes): that trades a node's size for a count,
// which the lecture's order (scale up before scaling out, ADR 0011) does
// not (distributed SQL was offered 63 nodes of 2 vCPUs for 18 of 8),
// where its smaller disk its data crowds (model.Disk.Crowded: 201 of a
// 4-vCPU node's 225 GB; distributed SQL's share already leaves the room),
// and below an architecture's smallest node (model.ID.SmallestVCPUs) or
// the family's (min_vcpus, which the reevaluator refuses). A node the
// option or the profile was given (vcpus) is its own. Neon's compute,
// whose compute units hold the profile's node's cores and memory, is
// sized down in compute units (vcpus on Neon: 16 CU hold Premium SSD v2's
// node of 8 vCPUs and 64 GB, where 2 CU met 2,000 reads/s' requirements
// for $588 a month against $2,857). A smaller node its volumes hold back is
// provisioned first (provision: a smaller cache sends more reads to them;
// a metamorphic hunt of 2026-11-28 found 8 vCPUs at 8,000 IOPS, $527 a
// month, where 2 vCPUs at 16,000 met every requirement for $291), and so
// is one on which they raise the count (fewerNodes).
func judgeSmaller(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	a, base := o.Result.Architecture, o.Result.NodeVCPUs
	if o.Status != Feasible || o.listed().VCPUs != 0 {
		return
	}
	sizes := slices.DeleteFunc(slices.Clone(familySizes), func(n int) bool { return n < a.ID.SmallestVCPUs() })
	keeps := func(v *Option) bool {
		return v.Result.Nodes <= o.Result.Nodes && (a.ID == model.DistributedSQL || !v.Result.Disk.Crowded() || o.Result.Disk.Crowded())
	}
	sized := o.setTo(i, w, r, re, func(b *model.Architecture, n int) { b.VCPUs = n })
	at := func(n int) *Option {
		v := sized(n)
		if v == nil || !onVolumes(o) {
			return v
		}
		edit := func(b *model.Architecture) { b.VCPUs = n }
		switch {
		case v.Status != Feasible && wantsVolumes(v, r):
			if u := o.provision(i, w, r, re, v, volumeOf(v.Result), edit); u != nil {
				v = u
			}
		case v.Status == Feasible && v.Result.Nodes > o.Result.Nodes && volumeBound(v.Result.Bottleneck):
			// The count rose where the smaller cache sends more reads to
			// the volumes: more IOPS may bring it back (a metamorphic hunt
			// of 2026-11-28: a read replica on 8 vCPUs at 3,000 IOPS, $794
			// a month, where on 4 vCPUs two were counted at 3,000 and one
			// at 6,000 met every requirement for $456).
			if u := o.fewerNodes(i, w, r, re, v, edit); u != nil {
				v = u
			}
		}
		return v
	}
	if best := descend(o, w, r, sizes, base, at, keeps); best != nil {
		o.configure(best, scaleChanges(o.Result, best)...)
	}
}

// judgeScaleUp evaluates the i-th option, feasible on copies of one
// primary the engine counted (read replicas, Aurora's readers:
// model.Sizing.AutoSized) on the profile's node, again on each larger size
// of its instance family (familySizes), counted afresh, and gives it the
// cheapest (price) that meets every requirement on fewer nodes for less:
// scaling up before scaling out, the lecture's order (ADR 0011), for an
// option the profile's node made feasible only by its copies (a
// metamorphic hunt of 2026-11-28: Aurora's writer on 8 vCPUs with 12
// readers, $15,513 a month, where a 32-vCPU writer alone met every
// requirement for $3,995). Citus workers and distributed SQL nodes are
// the architecture's own scale-out, where fewer, larger nodes trade the
// load a failure takes for what is often no saving (18 distributed SQL
// nodes of 8 vCPUs and 3 of 48 cost the same $10,475), and stay counted
// on the profile's node. Under a closed load the larger node must carry
// its clients within the target utilisation, as a smaller one must
// (judgeSmaller). A node the option or the profile was given (vcpus) is
// its own, and Neon's compute scales by its compute units.
func judgeScaleUp(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	a, base := o.Result.Architecture, o.Result.NodeVCPUs
	copies := a.ID == model.ReadReplicas || a.ID == model.DBMSOptimizedStorage
	if o.Status != Feasible || !copies || a.VCPUs != 0 || a.Variant == model.Neon || !o.Result.Sizing.AutoSized || o.Result.Nodes < 2 {
		return
	}
	var best *Option
	cost := price(o.Result, w)
	for _, n := range familySizes {
		if n <= base {
			continue
		}
		v := rejudge(o, i, w, r, re, func(b *model.Architecture) { o.Configure(b); b.VCPUs = n })
		if v == nil {
			break // beyond the family's largest
		}
		if v.Result.Nodes < o.Result.Nodes && v.forLess(cost, w, r) {
			best, cost = v, price(v.Result, w)
		}
	}
	if best != nil {
		cs := scaleChanges(o.Result, best)
		cs[0].Detail = fmt.Sprintf("vcpus: %d, a larger node of the profile's instance family on which fewer copies meet every requirement for less, %s times the profile's (%s, against %s on the profile's node)",
			best.Result.NodeVCPUs, num(float64(best.Result.NodeVCPUs)/float64(base)), sizeAndCost(best.Result), sizeAndCost(o.Result))
		o.configure(best, cs...)
	}
}

// sizeChange is the change that gives the option the node of v, larger or
// smaller than the profile's, whose figures res has.
func sizeChange(res model.Result, v *Option) Change {
	from, to := res.NodeVCPUs, v.Result.Architecture.VCPUs
	detail := fmt.Sprintf("vcpus: %d, a node %s times the profile's in its instance family (%s)", to, num(float64(to)/float64(from)), sizeAndCost(v.Result))
	switch {
	case v.Result.Architecture.Variant == model.Neon:
		detail = fmt.Sprintf("vcpus: %d, a Neon compute of %d compute units (1 vCPU and 4 GB each) that meets every requirement for less, against the %d that hold the profile's node (%s, against %s)",
			to, to, from, sizeAndCost(v.Result), sizeAndCost(res))
	case to < from:
		detail = fmt.Sprintf("vcpus: %d, a smaller node of the profile's instance family that meets every requirement for less, %s times the profile's (%s, against %s on the profile's node)",
			to, num(float64(to)/float64(from)), sizeAndCost(v.Result), sizeAndCost(res))
	}
	return Change{Requirement: "vcpus", From: float64(from), To: float64(to), Detail: detail}
}

// judgeEvenSpread evaluates the i-th option, distributed SQL on network
// volumes with its nodes counted by the engine (model.Sizing.AutoSized)
// and spread unevenly over its failure domains, again with each count
// above, up to the first that spreads them evenly (maxSpreadSteps at
// most), and gives it the cheapest (price) that meets every requirement
// for less. Each domain holds a copy of every range, so a node alone in
// its zone holds the whole data set, and every node's volume is given
// the size of the fullest (model's cost): five nodes over three zones
// need five volumes of the whole data set where six need six of half
// (a metamorphic hunt of 2026-11-28: 2.4 TB on five 4-vCPU nodes at
// $2,819 a month, on six at $2,354). CockroachDB's basic production
// topology spreads the nodes evenly over three zones for the same reason
// ("Basic Production Topology": "3+ VMs evenly distributed across AZs").
// Under a closed load the count must carry the clients within the target
// utilisation, as a smaller node must (judgeSmaller).
func judgeEvenSpread(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	a := o.Result.Architecture
	if o.Status != Feasible || a.ID != model.DistributedSQL || a.Storage != model.NetworkStorage || !o.Result.Sizing.AutoSized {
		return
	}
	var best *Option
	cost := price(o.Result, w)
	set := o.setTo(i, w, r, re, func(b *model.Architecture, n int) { b.Nodes = n })
	for n := o.Result.Nodes; n < o.Result.Nodes+maxSpreadSteps && !evenlySpread(o.Result, w, n); {
		n++
		v := set(n)
		if v == nil {
			break
		}
		if v.forLess(cost, w, r) {
			best, cost = v, price(v.Result, w)
		}
		if evenlySpread(v.Result, w, n) {
			break
		}
	}
	if best != nil {
		o.configure(best, Change{Requirement: "nodes", From: float64(o.Result.Nodes), To: float64(best.Result.Nodes),
			Detail: fmt.Sprintf("nodes: %d, spread evenly over the failure domains, where a node alone in its domain holds the whole data set and every volume is sized as the fullest (%d nodes at $%s per month, against %s)",
				best.Result.Nodes, best.Result.Nodes, num(float64(best.Result.Cost.Total)), sizeAndCost(o.Result))})
	}
}

// maxSpreadSteps bounds the counts judgeEvenSpread tries above the
// engine's: one short of five failure domains.
const maxSpreadSteps = 4

// evenlySpread reports whether n nodes of res hold the data evenly: each
// its RF/n of the data set, within a per cent.
func evenlySpread(res model.Result, w model.Workload, n int) bool {
	even := float64(w.DataSize) * float64(res.Architecture.ReplicationFactor) / float64(n)
	return float64(res.Disk.Data) <= even*1.01
}

// judgeOnVolumes evaluates the i-th option, feasible with as many nodes as
// its local disks need to hold the data (distributed SQL's and Citus's
// counts sized by disk: model.Sizing.ByDisk), again on network volumes,
// whose size does not bound a node's share, and takes them where they
// need fewer nodes for less, the count sized afresh (the disks' count may
// be the least a sizing takes, which volumes do not lower; review of
// 2026-11-28: 2 TB of ingest took 24 distributed SQL nodes at 14 % CPU,
// $12,962 a month, on 474 GB of instance store each). The volumes are
// provisioned as they would be (judgeFewerNodes, judgeFewerIOPS) before the
// counts and prices are compared (4 TB of 4 kB rows inserted 20,000 times
// a second took 45 nodes by disk, $31,496, where volumes at gp3's included
// 125 MiB/s needed 57 and at more throughput 24, $22,298). A storage the
// request gives is its own.
func judgeOnVolumes(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	if o.Status != Feasible || !o.Result.Sizing.ByDisk || o.Result.Architecture.Storage != model.LocalStorage {
		return
	}
	on, k := o.onVolumes(i, w, r, re, true)
	if on == nil {
		return
	}
	judgeFewerNodes(on, i, w, r, re)
	judgeFewerIOPS(on, i, w, r, re)
	if on.Result.Nodes >= o.Result.Nodes || !(price(on.Result, w) < price(o.Result, w)) {
		return
	}
	// Said with the volumes so provisioned (review of 2026-11-28: "12
	// nodes at $18,537, against 18 at $11,771 on local disks" read as a
	// rise, where the volumes' fewer IOPS made it $9,957).
	on.Configured[k].Detail = fmt.Sprintf("storage: network, a network volume per node, which holds its share of the data whatever the count (%s, against %s on local disks)", sizeAndCost(on.Result), sizeAndCost(o.Result))
	o.configure(on, on.Configured[k:]...)
}

// onVolumes evaluates the i-th option, feasible on local disks, again on
// network volumes, as configured or, where not configured, as listed (the
// copies and the node local disks needed may be more than volumes need:
// judgeVolumesForLess), provisioned where the profile's do not meet every
// requirement, and returns it with the index of its storage change among
// its changes; nil where the request gives the storage, or no
// provisioning meets every requirement. The volumes are provisioned as
// they would be before any price is compared (review of 2026-11-28: on
// io2's 12,000 IOPS a Citus cluster with its standbys stayed on five
// local workers at $6,373, where two on volumes of 4,000 IOPS cost
// $4,877): more where the profile's run over the target, fewer
// (judgeFewerIOPS, the caller's) where they idle.
func (o *Option) onVolumes(i int, w model.Workload, r model.Requirements, re Reevaluator, configured bool) (*Option, int) {
	given := false
	v := rejudge(o, i, w, r, re, func(a *model.Architecture) {
		given = a.Storage != ""
		if configured {
			o.Configure(a)
		}
		a.Storage = model.NetworkStorage
	})
	if v == nil || given {
		return nil, 0
	}
	var kept []Change
	if configured {
		kept = slices.Clone(o.Configured)
	}
	k := len(kept)
	on := Option{Label: o.Label, Result: v.Result, Status: v.Status, Reasons: v.Reasons, Configured: append(kept, networkedChange)}
	if !configured && slices.ContainsFunc(on.Reasons, func(rs Reason) bool { return strings.HasSuffix(rs.Detail, viaCoordinator) }) {
		// As listed a Citus cluster its coordinator binds queries from
		// any node, as judgeAnyNode has it (a metamorphic hunt of
		// 2026-11-28: with RPO 1 s one kept the standbys its local disks
		// needed on volumes, 6 nodes of 8 vCPUs at $2,597, where 3 of 4
		// querying from any node, without them, cost $567).
		u := rejudge(o, i, w, r, re, func(a *model.Architecture) { a.Storage, a.QueryFromAnyNode = model.NetworkStorage, true })
		if u == nil {
			return nil, 0
		}
		on = Option{Label: o.Label, Result: u.Result, Status: u.Status, Reasons: u.Reasons, Configured: []Change{networkedChange, anyNodeChange(nil)}}
	}
	if on.Status != Feasible {
		p := on.provision(i, w, r, re, &on, volumeOf(on.Result), func(*model.Architecture) {})
		if p.Status != Feasible {
			return nil, 0
		}
		on.configure(p, scaleChanges(on.Result, p)...)
		on.Status, on.Reasons = Feasible, nil
	}
	return &on, k
}

// judgeVolumesForLess evaluates the i-th option, feasible on local disks
// as listed or configured (its node sized down, judgeSmaller), again on
// network volumes, as configured and as listed (onVolumes: the copies and
// the node the local disks needed may be more than volumes need), each
// counted, sized down where on the profile's node, and provisioned as an
// option on them is (judgeFewerNodes, judgeSmaller, judgeAnyNodeForLess,
// judgeEvenSpread, judgeFewerIOPS; a metamorphic hunt of 2026-11-28: a
// Citus cluster its coordinator bound stayed on 8-vCPU volumes at $1,115,
// where querying from any node on 4 vCPUs met every requirement for $563),
// and takes the cheaper where it meets every requirement
// on no more nodes for less (price): an
// instance store costs more than the same node beside a volume while the
// data is small and its I/Os few (a metamorphic hunt of 2026-11-28: 227 of
// 405 distributed SQL options on local disks cost 8–27 % more than on
// volumes at the same count, three 8-vCPU local-nvme nodes $1,770 against
// $1,381; read replicas, hot standby and Citus likewise). A single node on
// a volume is the network-attached-storage option, judged as such; a
// storage the request gives is its own.
func judgeVolumesForLess(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	a := o.Result.Architecture
	if o.Status != Feasible || a.Storage != model.LocalStorage || a.ID == model.SingleNode {
		return
	}
	var best *Option
	k, cost := 0, price(o.Result, w)
	for _, configured := range []bool{true, false} {
		if !configured && len(o.Configured) == 0 {
			break // as listed is as configured
		}
		on, at := o.onVolumes(i, w, r, re, configured)
		if on == nil {
			continue
		}
		judgeFewerNodes(on, i, w, r, re)
		judgeSmaller(on, i, w, r, re)
		judgeAnyNodeForLess(on, i, w, r, re)
		judgeEvenSpread(on, i, w, r, re)
		judgeFewerIOPS(on, i, w, r, re)
		// No more nodes, as for a smaller node (judgeSmaller; a review of
		// 2026-11-28: a third Citus worker on volumes saved $2 a month
		// over two on local disks, its p99 write 18 ms against 4.3).
		if on.Result.Nodes <= o.Result.Nodes && on.forLess(cost, w, r) {
			best, k, cost = on, at, price(on.Result, w)
		}
	}
	if best == nil {
		return
	}
	best.Configured[k].Detail = fmt.Sprintf("storage: network, a network volume per node, which meets every requirement for less than the instance store (%s, against %s on local disks)", sizeAndCost(best.Result), sizeAndCost(o.Result))
	if k == 0 {
		// As listed on volumes: the copies and the node the local disks
		// needed are not (a metamorphic hunt of 2026-11-28: a Citus
		// cluster with RPO 1 s kept the standbys its local disks needed,
		// 6 nodes of 8 vCPUs at $2,597, where on volumes 3 of 4 vCPUs
		// without them met every requirement for $567).
		o.Configured = o.Configured[:0:0]
	}
	o.configure(best, best.Configured[k:]...)
}

// networkedChange is the change to network volumes (judgeNetworked).
var networkedChange = Change{Requirement: "storage", From: string(model.LocalStorage), To: string(model.NetworkStorage),
	Detail: "storage: network, a network volume per node (the local disk cannot hold the data)"}

// judgeNetworked evaluates the i-th option, ruled out because its local
// disk cannot hold its data, again on network volumes (storage: network,
// the data and pg_wal on a volume per node, as RDS runs PostgreSQL), and,
// where that is ruled out by availability alone, with the copy
// copyChanges gives it too; it keeps the verdicts in o.networked and
// o.networkedCopied and says the last after the disk reason (review of
// 2026-11-28: 500 GB on aws-gp3 ruled read replicas and hot standby out
// by their 450 GB of instance store and recommended Aurora, where read
// replicas on volumes with a synchronous standby met every requirement
// for less). Distributed SQL and Citus split the data over more nodes
// instead, which their sizing does; a disk reason left to Citus is its
// largest tenant's, which a volume holds too. A single node on a volume is
// the network-attached-storage option, judged as such, and not on a
// larger node for its disk (a review of 2026-11-28: 5 TB at 1,000 reads/s
// would have taken 128 vCPUs for their instance store); a storage the
// request gives is its own, judged on its family's larger nodes only.
//
// On volumes the option is provisioned and judged on larger nodes as any
// option on them is (judgeProvisioned, judgeLarger), and on local disks
// on the larger nodes of its instance family, whose instance store grows
// with them; the cheaper that meets every requirement is kept (review of
// 2026-11-28: 800 GB of a SaaS's data ruled a hot standby out by the
// 8-vCPU node's 450 GB and, on gp3's included 3,000 IOPS, by its load, and
// Aurora was recommended, where the 16-vCPU node's 950 GB of instance
// store met every requirement).
func judgeNetworked(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	a := o.Result.Architecture
	k := slices.IndexFunc(o.Reasons, func(rs Reason) bool { return rs.Requirement == "disk" })
	if k < 0 || a.Storage != model.LocalStorage || a.ID == model.DistributedSQL || a.ID == model.SingleNode {
		return
	}
	said := o.judgeOnNetwork(i, w, r, re)
	if local, by := largerDisk(o, i, w, r, re); local != nil &&
		(o.networked == nil || o.networked.Status != Feasible || price(local.Result, w) < sizedPrice(o.networked, o.networkedBy, i, w, r, re)) {
		o.larger, o.largerBy = local, by
		said = local.verdict(fmt.Sprintf("on %d vCPUs, whose local disk holds it, it", local.Result.NodeVCPUs))
	}
	if said != "" {
		o.Reasons[k].Detail += " (" + said + ")"
	}
}

// judgeOnNetwork is judgeNetworked's judgement on network volumes: it
// keeps the verdicts in o.networked (with o.networkedBy) and
// o.networkedCopied, and returns the words that say the last ("" where
// the request gives the storage).
func (o *Option) judgeOnNetwork(i int, w model.Workload, r model.Requirements, re Reevaluator) string {
	given := false
	networked := func(a *model.Architecture) {
		given = given || a.Storage != ""
		a.Storage = model.NetworkStorage
	}
	if o.networked = rejudge(o, i, w, r, re, networked); o.networked == nil || given {
		o.networked = nil
		return ""
	}
	said, v := o.networked.verdict("on network volumes (storage: network) it"), o.networked
	if on, by := scaledUp(*v, i, w, r, re, networkedChange); len(by) > 0 {
		o.networked, o.networkedBy = on, by
		said = on.verdict("on network volumes (storage: network), with " + changesIn(by) + ", it")
	}
	if v.Status != Feasible && availabilityOnly(v.Reasons) {
		on := o.Result.Architecture
		networked(&on)
		if _, words, copied, ok := copyChanges(on, r); ok {
			o.networkedCopied = rejudge(o, i, w, r, re, func(a *model.Architecture) { networked(a); copied(a) })
			if o.networkedCopied != nil {
				said = o.networkedCopied.verdict("on network volumes (storage: network), with " + words + ", it")
			}
		}
	}
	return said
}

// scaledUp judges v, an option evaluated again with the change c that
// the option as listed lacks, as an option on network volumes is judged:
// where it meets every requirement, with more IOPS for fewer nodes
// (judgeFewerNodes); else provisioned and on larger nodes (judgeProvisioned,
// judgeLarger). It returns v so configured, and its changes beyond c
// (none: v as it was).
func scaledUp(v Option, i int, w model.Workload, r model.Requirements, re Reevaluator, c Change) (*Option, []Change) {
	v.Configured = []Change{c} // kept by every evaluation again (Configure)
	if v.Status == Feasible {
		judgeFewerNodes(&v, i, w, r, re)
		return &v, v.Configured[1:]
	}
	if !liftedBySize(&v) {
		return &v, nil
	}
	judgeProvisioned(&v, i, w, r, re)
	judgeLarger(&v, i, w, r, re)
	for _, s := range []*Option{v.provisioned, v.larger} {
		if s != nil && s.Status == Feasible {
			return s, scaleChanges(v.Result, s)
		}
	}
	return &v, nil
}

// sizedPrice is the price (price) of v, an option evaluated again on
// network volumes with the changes by beyond them, once sized to the load
// as a feasible option is after adopt (judgeSmaller, judgeFewerIOPS): the
// price it would be compared at (a review of 2026-11-28: on io2 a hot
// standby on volumes was compared at its 8 vCPUs and 12,000 IOPS, $2,762,
// with a 16-vCPU local node at $2,010, where 4 vCPUs and 3,000 IOPS cost
// $1,224).
func sizedPrice(v *Option, by []Change, i int, w model.Workload, r model.Requirements, re Reevaluator) float64 {
	on := *v
	on.Configured = append([]Change{networkedChange}, by...)
	judgeSmaller(&on, i, w, r, re)
	judgeFewerIOPS(&on, i, w, r, re)
	return price(on.Result, w)
}

// largerDisk evaluates the i-th option, ruled out by its local disk and
// by nothing a larger node does not lift (liftedBySize but the disk),
// again on the larger sizes of its instance family, whose instance store
// grows with them (largerNode, passing over the sizes whose disk is still
// too small: a metamorphic hunt of 2026-11-28 found 8.4 TB on local NVMe,
// a hot standby's CPU short on 8 vCPUs, stopped at 16 because the disk's
// shortfall there exceeded the CPU's on 8, where 48 vCPUs met every
// requirement for less than the sharded cluster recommended); nil where
// none meets every requirement, or its node was given.
func largerDisk(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) (*Option, []Change) {
	rest := *o
	rest.Reasons = slices.DeleteFunc(slices.Clone(o.Reasons), func(rs Reason) bool { return rs.Requirement == "disk" })
	if o.Result.Architecture.VCPUs != 0 || len(rest.Reasons) > 0 && !liftedBySize(&rest) {
		return nil, nil
	}
	return o.largerNode(i, w, r, re, math.Inf(1))
}

// changesIn names changes by their requirements and values ("vcpus: 16,
// volume_iops: 12000").
func changesIn(cs []Change) string {
	var s []string
	for _, c := range cs {
		s = append(s, fmt.Sprintf("%s: %v", c.Requirement, c.To))
	}
	return strings.Join(s, ", ")
}

// availabilityOnly reports whether every reason is an availability
// requirement's: survive, rpo_seconds or rto_seconds.
func availabilityOnly(rs []Reason) bool {
	return len(rs) > 0 && !slices.ContainsFunc(rs, func(r Reason) bool {
		return r.Requirement != "survive" && r.Requirement != "rpo_seconds" && r.Requirement != "rto_seconds"
	})
}

// judgeCopied evaluates the i-th option, ruled out by availability alone,
// again with the copy copyChanges gives it, keeps the verdict in o.copied
// and says it after the option's last reason: whether that meets every
// requirement, and at what size and cost.
func judgeCopied(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator) {
	_, words, edit, ok := copyChanges(o.Result.Architecture, r)
	if !ok || !availabilityOnly(o.Reasons) {
		return
	}
	if o.copied = rejudge(o, i, w, r, re, edit); o.copied == nil {
		return
	}
	v := *o.copied
	said := v.verdict("with " + words + ", it")
	last := &o.Reasons[len(o.Reasons)-1]
	last.Detail += " (" + said + ")"
	if near := nearer(r); v.Status != Feasible && slices.Contains(r.Survive, "region") {
		// A copy in another region that still misses a requirement may
		// cost more than dropping the region from a copy in another zone
		// (review of 2026-11-28: a cross-region standby asked p99 write
		// 5 → 17.4 ms beside dropping the region, where a cross-zone one
		// met it as given): judged too, for the smaller relaxation.
		if _, _, edit, ok := copyChanges(o.Result.Architecture, near); ok {
			o.copiedNear = rejudge(o, i, w, r, re, edit)
		}
	}
}

// adopt makes a ruled-out option the configuration of it that was found
// to meet every requirement, the fewest changes first: with
// query_from_any_node (a sharded cluster bound by its coordinator), with a
// copy outside the failures to survive (copyChanges), or with both. It
// takes that configuration's result and verdict, and Configured says what
// it adds to the architecture as listed: the architectures are compared
// as they are best configured, not as the catalogue's presets (review of
// 2026-11-28: distributed SQL was recommended at $4,251 a month as "the
// only option that meets every requirement", beside a note that read
// replicas with a synchronous standby met them too, at $1,915).
func (o *Option) adopt(w model.Workload, r model.Requirements) {
	a := o.Result.Architecture
	if o.Status == Feasible {
		return
	}
	fromAny := a
	fromAny.QueryFromAnyNode = true
	for _, c := range []struct {
		v       *Option
		changes func() []Change
	}{
		{o.anyNode, func() []Change { return []Change{anyNodeChange(nil)} }},
		{o.copied, func() []Change { ch, _, _, _ := copyChanges(a, r); return ch }},
		{o.anyNodeCopied, func() []Change {
			ch, _, _, _ := copyChanges(fromAny, r)
			return append([]Change{anyNodeChange(nil)}, ch...)
		}},
		{o.provisioned, func() []Change { return scaleChanges(o.Result, o.provisioned) }},
		{o.larger, func() []Change { return append(scaleChanges(o.Result, o.larger), o.largerBy...) }},
		{o.networked, func() []Change { return append([]Change{networkedChange}, o.networkedBy...) }},
		{o.networkedCopied, func() []Change {
			on := a
			on.Storage = model.NetworkStorage
			ch, _, _, _ := copyChanges(on, r)
			return append([]Change{networkedChange}, ch...)
		}},
	} {
		if c.v != nil && c.v.Status == Feasible {
			// The reasons afresh: the option's own have the verdicts of
			// its configurations appended (judgeCopied, judgeAnyNode).
			o.Listed, o.AsListed, o.Configured = a, Check(o.Result, w, r), c.changes()
			o.Result, o.Status, o.Reasons = c.v.Result, Feasible, nil
			return
		}
	}
}

// Configure gives a, the option's architecture as listed, what the option
// is configured with (Configured), its counts left as a has them but
// distributed SQL's nodes where judgeEvenSpread set them.
func (o Option) Configure(a *model.Architecture) {
	c := o.Result.Architecture
	for _, ch := range o.Configured {
		switch ch.Requirement {
		case "standbys":
			a.Standbys = c.Standbys
		case "sync_commit":
			a.SyncCommit = c.SyncCommit
		case "replicas":
			a.Replicas = c.Replicas
		case "node_placement":
			a.NodePlacement = c.NodePlacement
		case "vcpus":
			a.VCPUs = c.VCPUs
		case "query_from_any_node":
			a.QueryFromAnyNode = true
		case "storage":
			a.Storage = c.Storage
		case "volume_iops":
			a.VolumeIOPS = c.VolumeIOPS
		case "volume_mb_per_sec":
			a.VolumeBandwidth = c.VolumeBandwidth
		case "nodes":
			a.Nodes = c.Nodes
		}
	}
}

// rejudge evaluates the i-th option again with edit and judges it; nil
// when the evaluation fails (the advice then stays unverified).
func rejudge(o *Option, i int, w model.Workload, r model.Requirements, re Reevaluator, edit func(*model.Architecture)) *Option {
	res, err := re(i, w, r, edit)
	if err != nil {
		return nil
	}
	v := judge(o.Label, res, w, r)
	return &v
}

// nearer is r without the region among the failures to survive.
func nearer(r model.Requirements) model.Requirements {
	r.Survive = without(r.Survive, "region")
	return r
}

// anyNodeChange is the change to query from any node, with the size and
// cost of the option so evaluated (v; nil where a change after it says
// them).
func anyNodeChange(v *Option) Change {
	c := Change{Requirement: "query_from_any_node", From: false, To: true,
		Detail: "query_from_any_node: true, so that clients query any worker, not only the coordinator"}
	if v != nil {
		c.Detail += " (" + sizeAndCost(v.Result) + ")"
	}
	return c
}

// copyLead is the changes that give a the copy copyChanges gives it under
// the failures of rr, worded with the size and cost of v, the option so
// evaluated.
func copyLead(a model.Architecture, rr model.Requirements, v *Option) []Change {
	copies, words, _, _ := copyChanges(a, rr)
	copies[0].Detail = words + " (" + sizeAndCost(v.Result) + ")"
	return copies
}

// relaxedVariant is one configuration a relaxation may start with: the
// changes that make it (lead) and its option so evaluated (nil when not).
type relaxedVariant struct {
	lead []Change
	v    *Option
}

// smallestVariant is the smallest relaxation among the variants, their
// leading changes first; false when none is judged or carries the load.
func smallestVariant(vs []relaxedVariant, w model.Workload, r model.Requirements) (changes []Change, ok bool) {
	best := math.Inf(1)
	for _, c := range vs {
		if c.v == nil || needsLess(c.v.Result, w, r) {
			continue
		}
		more, met := changesFor(c.v.Reasons, c.v.Result, r, "")
		if !met {
			continue
		}
		all := append(slices.Clone(c.lead), more...)
		if size := totalSize(all); size < best {
			best, changes, ok = size, all, true
		}
	}
	return changes, ok
}

// sizeAndCost words an evaluated option's auto-sized count and its cost:
// "24 workers at $10646 per month", or "$893 per month" when the count was
// given.
func sizeAndCost(res model.Result) string {
	s := res.Sizing
	count := ""
	switch {
	case !s.AutoSized:
	case s.Replicas > 0:
		count = plural(s.Replicas, "read replica") + " at "
	case s.Workers > 0:
		count = plural(s.Workers, "worker") + " at "
	case s.Nodes > 0:
		count = plural(s.Nodes, "node") + " at "
	}
	return fmt.Sprintf("%s$%s per month", count, num(float64(res.Cost.Total)))
}

// Labels names results by their architecture's id, numbered id#1, id#2, …
// where an id occurs more than once.
func Labels(results []model.Result) []string {
	ids := make([]string, len(results))
	for i, res := range results {
		ids[i] = string(res.Architecture.ID)
	}
	return Numbered(ids)
}

// Numbered labels architecture ids as Labels does: an id listed more than
// once as id#1, id#2, … in order.
func Numbered(ids []string) []string {
	count := map[string]int{}
	for _, id := range ids {
		count[id]++
	}
	seen := map[string]int{}
	labels := make([]string, len(ids))
	for i, id := range ids {
		labels[i] = id
		if count[id] > 1 {
			seen[id]++
			labels[i] = fmt.Sprintf("%s#%d", id, seen[id])
		}
	}
	return labels
}

// Check returns the requirements a result misses (none when feasible).
//
// Under open load the offered rates are the throughput target: the busiest
// station may run at most at the target utilisation (1/max_throughput_scale
// ≤ target_utilization), the same bar auto-sizing aims at. Under closed load
// (clients) throughput is an output, so only a copy that falls behind at the
// throughput the clients reach fails it.
func Check(res model.Result, w model.Workload, r model.Requirements) []Reason {
	var rs []Reason
	offered := float64(res.Throughput.Total)
	switch {
	case w.Clients > 0 && res.FallsBehind:
		// A closed load saturates nothing it waits at, but its clients
		// push past a copy's replay, apply or decoding, which then falls
		// behind without bound (review of 2026-11-26: recommended with
		// an unbounded RTO).
		carried := offered * res.MaxThroughputScale
		rs = append(rs, Reason{"throughput", round(carried), round(offered),
			fmt.Sprintf("throughput: %s falls behind at %s requests/s, below the %s the clients reach: the copies trail without bound", res.Bottleneck, num(carried), num(offered))})
	case w.Clients == 0:
		advice := ""
		if coordinatorBound(res) {
			advice = viaCoordinator
		} else if n, short := res.PoolShort(w.Sessions); short {
			beyond := ""
			if n > poolLimit(res.Architecture) {
				beyond = fmt.Sprintf(", over the %d backends a relaxation offers PostgreSQL: fewer round trips held in a transaction, or less load", maxBackends)
			}
			advice = fmt.Sprintf(" (its sessions in use need a pool of about %s per node%s)", num(math.Ceil(n)), beyond)
		}
		if res.Saturated {
			carried := offered * res.MaxThroughputScale
			what := "saturates"
			if res.FallsBehind || !res.Architecture.HoldsRequests(res.Bottleneck) {
				what = "falls behind" // a copy's replay, apply or decoding, first (the requests may saturate past it)
			}
			rs = append(rs, Reason{"throughput", round(carried), round(offered),
				fmt.Sprintf("throughput: %s %s at %s requests/s < %s offered%s", res.Bottleneck, what, num(carried), num(offered), advice)})
		} else if u := loadShare(res); u > float64(r.TargetUtilization) {
			v, text := over(u, float64(r.TargetUtilization))
			rs = append(rs, Reason{"target_utilization", v, float64(r.TargetUtilization),
				fmt.Sprintf("target_utilization: the load is %s of the ceiling (%s) > %s%s", text, res.Bottleneck, num(float64(r.TargetUtilization)), advice)})
		} else if u := iopsLoad(res); u > float64(r.TargetUtilization) {
			// The ceiling leaves a commit flush's I/O out, as flushes
			// batch more as a disk fills (model's state.loads): its IOPS
			// may run full below the ceiling (a review of 2026-11-28:
			// distributed SQL on volumes at 0.99 of their IOPS, the
			// engine's own warning beside it, recommended as "61.8 % of
			// its ceiling").
			v, text := over(u, float64(r.TargetUtilization))
			rs = append(rs, Reason{"target_utilization", v, float64(r.TargetUtilization),
				fmt.Sprintf("target_utilization: its %ss' I/Os, commit flushes included, run at %s of their IOPS > %s (more IOPS, or a node whose cache reads less)",
					res.Architecture.Storage.DiskName(), text, num(float64(r.TargetUtilization)))})
		}
	}
	latency := func(name string, got, limit model.Time, rate model.Rate) {
		if limit <= 0 || rate <= 0 || !exceeds(float64(got), float64(limit)) {
			return
		}
		if math.IsInf(float64(got), 1) {
			rs = append(rs, Reason{name, nil, limit.Ms(), fmt.Sprintf("%s: saturated > %s", name, FormatLimit(limit.Ms()))})
			return
		}
		v, text := over(got.Ms(), limit.Ms())
		rs = append(rs, Reason{name, v, limit.Ms(), fmt.Sprintf("%s: %s > %s", name, text, FormatLimit(limit.Ms()))})
	}
	latency("p99_read_ms", res.Read.P99, r.P99Read, w.ReadRate)
	latency("p99_write_ms", res.Write.P99, r.P99Write, w.WriteRate)
	if c := float64(res.CancelledAnalytical); c > cancelledLimit {
		// Replay conflicts cancel the analytical queries on the copies
		// (review of 2026-11-28: read replicas were recommended for reports
		// that ran 40 s where max_standby_streaming_delay is 30 s).
		offered := float64(res.Throughput.Analytical) // under a closed load, what the clients carry
		rs = append(rs, Reason{"analytical_per_sec", round(offered * (1 - c)), round(offered),
			fmt.Sprintf("analytical_per_sec: %s of the %s a second complete: replay conflicts cancel %s%% of them on the replicas, past max_standby_streaming_delay (run them on the primary, or enable hot_standby_feedback, at the price of bloat on the primary)",
				num(offered*(1-c)), num(offered), num(100*c))})
	}
	// RPO and RTO bind a node failure and each failure the requirements
	// ask to survive that the option survives: surviving a zone with
	// rpo_seconds 0 means a zone failure loses nothing. The worst of them
	// is the option's figure. A failure it does not survive is the survive
	// reason's, whose relaxation drops it (review of 2026-11-27: a zone's
	// restore, an hour, asked an RTO relaxed with the zone dropped).
	seconds := func(name string, limit model.Time, of func(model.Failure) model.Time) {
		if limit < 0 {
			return
		}
		got, after := res.Availability.RPO, "a node failure"
		if name == "rto_seconds" {
			got = res.Availability.RTO
		}
		for _, f := range res.Availability.Failures {
			if slices.Contains(r.Survive, f.Kind) && slices.Contains(res.Availability.Survives, f.Kind) && of(f) > got {
				got, after = of(f), "a "+f.Kind+" failure"
			}
		}
		if !exceeds(float64(got), float64(limit)) {
			return
		}
		if math.IsInf(float64(got), 1) { // a lag that grows without bound
			rs = append(rs, Reason{name, nil, float64(limit), fmt.Sprintf("%s: unbounded (replication cannot keep up) > %s", name, FormatLimit(float64(limit)))})
			return
		}
		v, text := over(float64(got), float64(limit))
		rs = append(rs, Reason{name, v, float64(limit), fmt.Sprintf("%s: %s > %s (%s)", name, text, FormatLimit(float64(limit)), after)})
	}
	seconds("rpo_seconds", r.RPO, func(f model.Failure) model.Time { return f.RPO })
	seconds("rto_seconds", r.RTO, func(f model.Failure) model.Time { return f.RTO })
	if d := res.Disk; !d.Fits() {
		data, capacity := float64(d.Data/model.GB), float64(d.Capacity/model.GB)
		a := res.Architecture
		// What would hold it (review of 2026-11-27: "more nodes" to
		// architectures each of whose nodes holds the whole database).
		advice := "more nodes, or a larger disk, would hold it"
		switch {
		case d.TenantOverflows && a.Storage == model.NetworkStorage:
			advice = "the largest tenant's data lies on one worker, which no count of workers splits: a larger volume (network_capacity_gb), or a distribution column that spreads the tenant's rows, would hold it"
		case d.TenantOverflows:
			advice = "the largest tenant's data lies on one worker, which no count of workers splits: a larger disk (local_capacity_gb), a network volume (storage: network), or a distribution column that spreads the tenant's rows, would hold it"
		case (a.ID == model.Sharded && a.Workers >= model.MaxNodes) || (a.ID == model.DistributedSQL && a.Nodes >= model.MaxNodes):
			// More nodes are not to be had (review of 2026-11-28: "more
			// nodes would hold it" at the 64 a request may give).
			advice = fmt.Sprintf("at the most nodes a request may give, %d: a larger disk (local_capacity_gb), or a network volume (storage: network), would hold it", model.MaxNodes)
		case a.ID == model.Sharded || a.ID == model.DistributedSQL:
			// More nodes do hold it: each holds a share of the data.
		case a.Storage == model.NetworkStorage:
			advice = "every node holds the whole database: a larger volume (network_capacity_gb) would hold it"
		case a.Storage == model.DisaggregatedStorage:
			advice = "a larger cluster volume (storage_capacity_gb) would hold it"
		default:
			advice = "every node holds the whole database: a network volume (storage: network) or a larger local disk (local_capacity_gb) would hold it"
		}
		rs = append(rs, Reason{"disk", round(data), round(capacity),
			fmt.Sprintf("disk: %s GB per node > the %s GB its data may fill on its %s (%s)", num(data), num(capacity), a.Storage.DiskName(), advice)})
	}
	if n := res.Disk.NoLocalNode; n > 0 {
		// No such node exists (review of 2026-11-28: Azure's Lsv3 starts
		// at 8 vCPUs, its Esv3 on volumes at 2).
		rs = append(rs, Reason{"disk", float64(n), float64(res.NodeVCPUs),
			fmt.Sprintf("disk: no node of %d vCPUs in the family has local NVMe, whose smallest has %d (local_min_vcpus): network volumes (storage: network), or a node of %d vCPUs", res.NodeVCPUs, n, n)})
	}
	if m := res.Memory; !m.Fits() {
		// A node that swaps, or whose backends the OOM killer ends, does
		// not run at the latencies reported (review of 2026-11-27: 10,000
		// sessions' 60 GB on a 46 GB node recommended, the warning aside).
		sessions, room := float64(m.Sessions()/model.GB), float64(m.Room/model.GB)
		rs = append(rs, Reason{"memory", round(sessions), round(room),
			fmt.Sprintf("memory: the sessions take %s GB per node > the %s GB beside shared_buffers (it would swap or lose backends to the OOM killer: a pooler, or fewer max_connections, would fit)", num(sessions), num(room))})
	}
	for _, kind := range r.Survive {
		if !slices.Contains(res.Availability.Survives, kind) {
			has := strings.Join(res.Availability.Survives, ", ")
			if has == "" {
				has = "none"
			}
			detail := fmt.Sprintf("survive: no copy outside a failed %s takes over (survives: %s)", kind, has)
			if i := slices.IndexFunc(res.Availability.Failures, func(f model.Failure) bool { return f.Kind == kind }); i >= 0 {
				f := res.Availability.Failures[i]
				if left := f.SurvivorsHeadroom; f.SurvivorsFallBehind && left != nil {
					detail = fmt.Sprintf("survive: the nodes a failed %s spares serve, but their replication to each other falls behind without bound (it keeps up with %.0f%% of the load at most; survives: %s)", kind, 100**left, has)
				} else if left != nil && *left < 1 {
					detail = fmt.Sprintf("survive: the nodes a failed %s spares saturate, carrying %.0f%% of the load at most (survives: %s)", kind, 100**left, has)
				} else {
					// A recovery by hand, or from backups (review: "no
					// copy" where an operator promotes one in 930 s).
					detail = fmt.Sprintf("survive: nothing takes over a failed %s automatically; recovery: %s (RTO %s s, RPO %s s; survives: %s)",
						kind, f.Action, num(float64(f.RTO)), num(float64(f.RPO)), has)
				}
			}
			rs = append(rs, Reason{"survive", has, kind, detail})
		}
	}
	// at is the gap the probability is taken at: a read after its write,
	// or the next read one client round trip after the last.
	guarantee := func(name string, needed bool, got model.Guarantee, p *float64, at string) {
		if !needed || got == model.Guaranteed {
			return
		}
		detail := name + ": not guaranteed"
		if p != nil {
			detail += fmt.Sprintf(" (violated with probability %s at %s)", FormatProbability(*p), at)
		}
		rs = append(rs, Reason{name, string(got), string(model.Guaranteed), detail})
	}
	c := res.Consistency
	guarantee("read_your_writes", r.ReadYourWrites, c.ReadYourWrites, c.StaleReadProbability, "read_after_write_ms "+num(w.ReadAfterWrite.Ms()))
	guarantee("monotonic_reads", r.MonotonicReads, c.MonotonicReads, c.MonotonicViolationProbability, "client_rtt_ms "+num(w.ClientRTT.Ms()))
	guarantee("snapshot_isolation", r.SnapshotIsolation, c.SnapshotIsolation, nil, "")
	if lost := c.LostUpdatesPerSec; lost != nil && exceeds(*lost, float64(r.LostUpdates)) {
		// Rounded up as every reason's value, so that a relaxation to it
		// is met (review of 2026-11-27: rounded to nearest, 0.00129 for
		// 0.0012903, which the relaxation then asked for, and missed).
		v, text := over(*lost, float64(r.LostUpdates))
		rs = append(rs, Reason{"lost_updates_per_sec", v, float64(r.LostUpdates),
			fmt.Sprintf("lost_updates_per_sec: %s > %s (%s%s)", text, FormatLimit(float64(r.LostUpdates)), lostHow(res.Architecture.ConflictResolution), onceEvery(*lost))})
	}
	return rs
}

// loadShare returns the offered load as a fraction of the ceiling: the
// utilisation of the binding constraint, sessions and locks included (a
// station's own utilisation can be lower when sessions run out first).
func loadShare(res model.Result) float64 {
	if res.MaxThroughputScale <= 0 || math.IsInf(res.MaxThroughputScale, 1) {
		return 0
	}
	return 1 / res.MaxThroughputScale
}

// rank orders the feasible options: simplest, then cheapest, then most
// latency headroom; then promotes a more complex option that costs under
// CheaperFactor of the first (the cheapest such one). Under closed load
// the options carry different throughputs, so cost is compared per
// request/s carried (price).
func rank(options []Option, w model.Workload, r model.Requirements) []Option {
	var feasible []Option
	for _, o := range options {
		if o.Status == Feasible {
			feasible = append(feasible, o)
		}
	}
	slices.SortStableFunc(feasible, func(a, b Option) int {
		return cmp.Or(
			cmp.Compare(simplicity[a.Result.Architecture.ID], simplicity[b.Result.Architecture.ID]),
			cmp.Compare(price(a.Result, w), price(b.Result, w)),
			cmp.Compare(latencySlack(b.Result, r), latencySlack(a.Result, r)),
		)
	})
	best := 0
	for i, o := range feasible {
		if p := price(o.Result, w); p < CheaperFactor*price(feasible[0].Result, w) && p < price(feasible[best].Result, w) {
			best = i
		}
	}
	if best > 0 {
		o := feasible[best]
		feasible = slices.Insert(slices.Delete(feasible, best, best+1), 0, o)
	}
	return feasible
}

// price is what rank compares: the monthly cost, per request/s carried
// under closed load (review of 2026-11-26: distributed SQL was promoted as
// under half the cost of a hot standby that served 3.7 times the
// requests).
func price(res model.Result, w model.Workload) float64 {
	c := float64(res.Cost.Total)
	if w.Clients == 0 {
		return c
	}
	if x := float64(res.Throughput.Total); x > 0 {
		return c / x
	}
	return math.Inf(1) // carries nothing: last, in the same unit as the others
}

// latencySlack is the smallest relative distance of a p99 to its target
// (1 = no latency at all, 0 = at the target); without targets it is the
// negated p99 write in seconds, so that faster ranks first.
func latencySlack(res model.Result, r model.Requirements) float64 {
	h, set := math.Inf(1), false
	for _, t := range []struct{ got, limit model.Time }{{res.Read.P99, r.P99Read}, {res.Write.P99, r.P99Write}} {
		if t.limit > 0 {
			h, set = math.Min(h, 1-float64(t.got/t.limit)), true
		}
	}
	if !set {
		return -float64(res.Write.P99)
	}
	return h
}

// relax returns, for every ruled-out option, the changes that make it
// feasible: options that need only requirements relaxed (or
// query_from_any_node) before those that need less load, then the
// smallest changes in all (see Change.size: giving up a guarantee, such as
// an RPO of 0, counts as a whole change, so it does not pass as a nudge),
// then fewest, then the largest share of the load carried, then simplest.
//
// An option that needs less load (saturated, or busier than any
// target_utilization allows) has no latency or lag to relax at the load it
// cannot carry: it is evaluated again by re at the load that puts it at the
// target utilisation (see lessLoad), and its relaxation is that load and
// every requirement it still misses there. A sharded option bound by its
// coordinator that carries the load with query_from_any_node is relaxed
// that way instead. Without re, or when that evaluation fails or is still
// saturated, the option is left out: every relaxation returned is met.
func relax(options []Option, w model.Workload, r model.Requirements, re Reevaluator) []Relaxation {
	type entry struct {
		rl        Relaxation
		saturated bool    // needs less load
		size      float64 // Σ of the changes' relative sizes
		scale     float64
		rank      int
	}
	var es []entry
	for i, o := range options {
		e := entry{rl: Relaxation{Label: o.Label}, scale: o.Result.MaxThroughputScale, rank: simplicity[o.Result.Architecture.ID]}
		var changes []Change
		ok := false
		a := o.Result.Architecture
		if v := o.anyNode; v != nil {
			variants := []relaxedVariant{{[]Change{anyNodeChange(v)}, v}}
			if vc := o.anyNodeCopied; vc != nil {
				fromAny := a
				fromAny.QueryFromAnyNode = true
				variants = append(variants, relaxedVariant{append([]Change{anyNodeChange(nil)}, copyLead(fromAny, r, vc)...), vc})
			}
			changes, ok = smallestVariant(variants, w, r)
		}
		if !ok && o.copied != nil {
			variants := []relaxedVariant{{copyLead(a, r, o.copied), o.copied}}
			if o.copiedNear != nil {
				variants = append(variants, relaxedVariant{copyLead(a, nearer(r), o.copiedNear), o.copiedNear})
			}
			changes, ok = smallestVariant(variants, w, r)
			// So configured, its pool may be what it misses.
			if _, _, edit, _ := copyChanges(a, r); o.copied.Result.Sizing.SessionsRequired > float64(w.Sessions) || w.Clients > 0 {
				if pool, met := moreSessions(i, o.copied.Result, w, r, re, edit); met {
					if all := append(copyLead(a, r, o.copied), pool...); !ok || totalSize(all) < totalSize(changes) {
						changes, ok = all, true
					}
				}
			}
		}
		// No load nor session count holds the data (change), nor spares
		// the replicas' queries their conflicts.
		stuck := hasReasonOf(o.Reasons, "disk") || hasReasonOf(o.Reasons, "analytical_per_sec")
		if !ok && !stuck {
			changes, ok = moreSessions(i, o.Result, w, r, re, nil)
		}
		switch {
		case ok:
		case stuck:
			// No load nor session count holds the data (change): every
			// relaxation below would end at this reason after its
			// re-evaluations (review of 2026-11-28: sixteen options bisected
			// their clients for 141 s, all ruled out by their disks).
		case !o.Result.Memory.Fits():
			changes, ok = fewerSessions(i, o.Result, w, r, re)
		case needsLess(o.Result, w, r):
			e.saturated = true
			changes, ok = lessLoad(i, o.Result, w, r, re)
		default:
			changes, ok = changesFor(o.Reasons, o.Result, r, "")
		}
		if !ok {
			continue
		}
		e.size = totalSize(changes)
		e.rl.Changes = changes
		es = append(es, e)
	}
	slices.SortStableFunc(es, func(a, b entry) int {
		return cmp.Or(compareBool(a.saturated, b.saturated), cmp.Compare(a.size, b.size),
			cmp.Compare(len(a.rl.Changes), len(b.rl.Changes)), cmp.Compare(b.scale, a.scale), cmp.Compare(a.rank, b.rank))
	})
	out := make([]Relaxation, len(es))
	for i, e := range es {
		out[i] = e.rl
	}
	return out
}

// cancelledLimit is the share of the analytical queries that replay
// conflicts may cancel before an option is ruled out: one in a thousand, a
// judgement (U): a report that fails is retried by hand, rarely.
const cancelledLimit = 1e-3

// maxTargetUtilization is the largest target_utilization a request may
// set (model.Requirements.Validate).
const maxTargetUtilization = 0.99

// needsLess reports whether no relaxed requirement lets a result carry the
// offered load: under open load, it is saturated or busier than
// maxTargetUtilization.
func needsLess(res model.Result, w model.Workload, r model.Requirements) bool {
	if w.Clients > 0 {
		return res.FallsBehind // closed load: throughput is an output, but its copies must keep up
	}
	u := loadShare(res)
	return res.Saturated || (u > float64(r.TargetUtilization) && roundUp(u) > maxTargetUtilization)
}

// loadMargin is taken off the load a relaxation offers at the target
// utilisation: twice the ceiling search's relative tolerance (10⁻³, see
// model's ceiling), which can put the ceiling found at the lower load that
// much under the first.
const loadMargin = 2e-3

// lessLoad returns the relaxation of the i-th option, which needs less
// load: the offered rates scaled, in the same mix, to where its binding
// constraint runs at the target utilisation,
//
//	λ' = λ · MaxThroughputScale · target_utilization · (1 − loadMargin)
//
// rounded down to three significant digits, then the changes of every
// requirement it misses when re evaluates it there (an auto-sized option is
// sized afresh for that load). It reports false when re is nil, fails, or
// finds the option still saturated.
func lessLoad(i int, res model.Result, w model.Workload, r model.Requirements, re Reevaluator) ([]Change, bool) {
	if w.Clients > 0 {
		return fewerClients(i, res, w, r, re)
	}
	offered := float64(res.Throughput.Total)
	load := roundDown(offered * res.MaxThroughputScale * float64(r.TargetUtilization) * (1 - loadMargin))
	if re == nil || !(offered > 0) || !(load > 0) || math.IsInf(load, 0) {
		return nil, false
	}
	s := load / offered
	lighter := w
	lighter.ReadRate *= model.Rate(s)
	lighter.WriteRate *= model.Rate(s)
	lighter.AnalyticalRate *= model.Rate(s)
	got, err := re(i, lighter, r, nil)
	if err != nil || got.Saturated {
		return nil, false
	}
	changes := []Change{{Requirement: "throughput", From: round(offered), To: load,
		Detail: fmt.Sprintf("throughput: offer at most %s requests/s in the same mix (%s× the load; %s then at %s of its ceiling)",
			num(load), num(s), got.Bottleneck, num(loadShare(got)))}}
	more, ok := changesFor(Check(got, lighter, r), got, r, " at that load")
	return append(changes, more...), ok
}

// maxBackends is the most PostgreSQL backends per node a larger pool
// offers: "While it is possible to have a few thousand established
// connections without running into problems, there are some real and
// hard-to-avoid problems" (Andres Freund, "Analyzing the Limits of
// Connection Scalability in Postgres", 2020), the low end of a few
// thousand; beyond it the relaxation is less load or fewer round trips
// held in a transaction, not more backends (review of 2026-11-28: 6,194
// backends per node were offered). Distributed SQL's connections are
// goroutines.
const maxBackends = 2000

// poolLimit is the largest pool per node a's sessions are relaxed to.
func poolLimit(a model.Architecture) float64 {
	if a.ID == model.DistributedSQL {
		return model.MaxSessions // goroutines, not backends
	}
	return maxBackends
}

// moreSessions returns the relaxation of the i-th option where its pool
// is smaller than the load needs (at the target utilisation, or for the
// survivors of a failure to carry it): a larger pool, before less load or
// a dropped requirement, the sessions it needs (SessionsRequired, rounded
// up), then the changes of every requirement it misses when re evaluates
// it with them, edit (nil: none) applied to its architecture, as the
// result res was evaluated. A pool can outgrow what a node's memory holds,
// and more backends take memory from the caches, which lengthens the
// holds, as do the fuller stations of a failure's survivors: the pool
// grows to what the evaluation with it requires and as far again, up to
// four times. It reports false when the pool is large enough, or re is
// nil, fails, finds the option still saturated or its sessions beyond its
// memory.
func moreSessions(i int, res model.Result, w model.Workload, r model.Requirements, re Reevaluator, edit func(*model.Architecture)) ([]Change, bool) {
	if w.Clients > 0 {
		return poolForClients(i, res, w, r, re, edit)
	}
	n, limit := math.Ceil(res.Sizing.SessionsRequired), poolLimit(res.Architecture)
	if re == nil || !(n > float64(w.Sessions)) {
		return nil, false
	}
	larger := w
	var got model.Result
	for k := 0; ; k++ { // more sessions' memory, or survivors' fuller stations, lengthen the holds
		if n > limit {
			return nil, false
		}
		larger.Sessions = int(n)
		var err error
		if got, err = re(i, larger, r, edit); err != nil || got.Saturated || !got.Memory.Fits() {
			return nil, false
		}
		next := math.Ceil(got.Sizing.SessionsRequired)
		if next <= n || k == 3 {
			break
		}
		n = 2*next - n // as far again: the holds grow with the pool's load
	}
	changes := []Change{{Requirement: "sessions", From: float64(w.Sessions), To: n,
		Detail: fmt.Sprintf("sessions: a pool of %s per node (%s then at %s of its ceiling; %s)",
			num(n), got.Bottleneck, num(loadShare(got)), sessionsMemory(got.Memory))}}
	more, ok := changesFor(Check(got, larger, r), got, r, " with that pool")
	return append(changes, more...), ok
}

// poolForClients is moreSessions under a closed load whose clients queue
// in PgBouncer for a pool that is always in use (review of 2026-11-28:
// 3,000 clients on a pool of 10 were asked to accept a p99 of 483 ms,
// where a pool of 57 met every requirement): the smallest pool, at most
// the clients and poolLimit, with which the option meets every
// requirement when re evaluates it. A larger pool need not meet more:
// past the cores it puts more backends in the kernel's run queue, taken
// in no order (ADR 0012), where PgBouncer queues its clients first come,
// first served, so the p99s fall with the pool and then rise again (the
// pool sizing rule of a few connections a core), and the pools that meet
// them may be a narrow window (review of 2026-11-28: 75 to 104 of them,
// which steps of half a pool passed over). So a golden-section search
// finds the pool whose worse p99 against its target is least, taking the
// p99s as falling and then rising with the pool; where that pool meets
// every requirement, bisection finds the smallest that does below it. A
// closed load's sessions in use are its clients', not a rate's, so there
// is no SessionsRequired to start from. It reports false where the pool
// is not full, no p99 is asked, or the best pool misses a requirement.
func poolForClients(i int, res model.Result, w model.Workload, r model.Requirements, re Reevaluator, edit func(*model.Architecture)) ([]Change, bool) {
	full := slices.ContainsFunc(res.Utilization, func(u model.Usage) bool { return u.Resource == "sessions" && u.Value >= 0.99 })
	hi := int(min(float64(w.Clients), poolLimit(res.Architecture)))
	if re == nil || !full || hi <= 1 || r.P99Read == 0 && r.P99Write == 0 {
		return nil, false
	}
	pool := w
	type evaluated struct {
		res model.Result
		err error
	}
	seen := map[int]evaluated{} // the search and the bisection meet at pools already evaluated
	at := func(n int) (model.Result, error) {
		if e, ok := seen[n]; ok {
			return e.res, e.err
		}
		pool.Sessions = n
		got, err := re(i, pool, r, edit)
		seen[n] = evaluated{got, err}
		return got, err
	}
	meets := func(n int) (model.Result, bool) {
		got, err := at(n)
		pool.Sessions = n
		return got, err == nil && got.Memory.Fits() && len(Check(got, pool, r)) == 0
	}
	worse := func(n int) float64 { // the worse p99 over its target
		got, err := at(n)
		if err != nil {
			return math.Inf(1)
		}
		over := 0.0
		for _, c := range []struct{ p99, target model.Time }{{got.Read.P99, r.P99Read}, {got.Write.P99, r.P99Write}} {
			if c.target > 0 {
				over = math.Max(over, float64(c.p99/c.target))
			}
		}
		return over
	}
	best := goldenMin(1, hi, worse)
	got, ok := meets(best)
	if !ok {
		return nil, false
	}
	for lo := 0; best-lo > 1; {
		mid := lo + (best-lo)/2
		if g, ok := meets(mid); ok {
			best, got = mid, g
		} else {
			lo = mid
		}
	}
	if best == w.Sessions {
		return nil, false
	}
	return []Change{{Requirement: "sessions", From: float64(w.Sessions), To: float64(best),
		Detail: fmt.Sprintf("sessions: a pool of %d per node for the %d clients (p99 read %s ms, write %s ms then; %s)",
			best, w.Clients, num(got.Read.P99.Ms()), num(got.Write.P99.Ms()), sessionsMemory(got.Memory))}}, true
}

// goldenMin is the integer in [lo, hi] at which f, taken to fall and then
// rise, is least: golden-section search (Kiefer 1953), about 1.44·log₂ of
// the range's evaluations.
func goldenMin(lo, hi int, f func(int) float64) int {
	const invPhi = 0.6180339887498949
	a, b := lo, hi
	c, d := b-int(math.Round(invPhi*float64(b-a))), a+int(math.Round(invPhi*float64(b-a)))
	fc, fd := f(c), f(d)
	for b-a > 3 {
		if fc <= fd {
			b, d, fd = d, c, fc
			c = b - int(math.Round(invPhi*float64(b-a)))
			if c == d {
				c--
			}
			fc = f(c)
		} else {
			a, c, fc = c, d, fd
			d = a + int(math.Round(invPhi*float64(b-a)))
			if d == c {
				d++
			}
			fd = f(d)
		}
	}
	best, fb := a, math.Inf(1)
	for n := a; n <= b; n++ {
		v := fd
		switch n {
		case c:
			v = fc
		case d:
		default:
			v = f(n)
		}
		if v < fb {
			best, fb = n, v
		}
	}
	return best
}

// sessionsMemory words what a pool's sessions take of a node's memory.
func sessionsMemory(m model.Memory) string {
	return fmt.Sprintf("the sessions take %s GB of the %s GB per node", num(float64(m.Sessions()/model.GB)), num(float64(m.Room/model.GB)))
}

// fewerSessions returns the relaxation of the i-th option, whose sessions
// do not fit in its nodes' memory: the most that do, room over a backend's
// memory (clients beyond them wait in a pooler), then the changes of every
// requirement it misses when re evaluates it with them. It reports false
// when re is nil, fails, or not one session fits.
func fewerSessions(i int, res model.Result, w model.Workload, r model.Requirements, re Reevaluator) ([]Change, bool) {
	m := res.Memory
	n := int(m.Room / m.PerBackend)
	if re == nil || n < 1 || n >= w.Sessions {
		return nil, false
	}
	fewer := w
	fewer.Sessions = n
	got, err := re(i, fewer, r, nil)
	if err != nil || !got.Memory.Fits() || got.Saturated && w.Clients == 0 { // the sessions left cannot carry the load
		return nil, false
	}
	changes := []Change{{Requirement: "sessions", From: float64(w.Sessions), To: float64(n),
		Detail: fmt.Sprintf("sessions: at most %d (%s; a pooler holds the clients beyond them)", n, sessionsMemory(got.Memory))}}
	more, ok := changesFor(Check(got, fewer, r), got, r, " with that many sessions")
	return append(changes, more...), ok
}

// fewerClients is lessLoad under a closed load whose copies fall behind at
// the throughput its clients reach: the most clients with which they keep
// up, by bisection on the count (fewer clients reach less, though not in
// proportion: a client without think time keeps the copies busy alone;
// review of 2026-11-27: scaling the count by the headroom offered 27 where
// 33 kept up), which assumes that more clients never help the copies keep
// up, in at most log₂ of the clients' re-evaluations (14 at
// model.MaxClients). It reports false when even one client leaves them
// behind.
func fewerClients(i int, res model.Result, w model.Workload, r model.Requirements, re Reevaluator) ([]Change, bool) {
	if re == nil {
		return nil, false
	}
	fewer := w
	var best model.Result
	lo, hi := 1, w.Clients-1 // the counts left to try
	for lo <= hi {
		fewer.Clients = lo + (hi-lo)/2
		got, err := re(i, fewer, r, nil)
		if err == nil && !got.Saturated {
			best, lo = got, fewer.Clients+1
		} else {
			hi = fewer.Clients - 1
		}
	}
	if fewer.Clients = hi; hi < 1 {
		return nil, false
	}
	changes := []Change{{Requirement: "clients", From: float64(w.Clients), To: float64(hi),
		Detail: fmt.Sprintf("clients: at most %d (the copies then keep up: %s at %s of its ceiling)", hi, best.Bottleneck, num(loadShare(best)))}}
	more, ok := changesFor(Check(best, fewer, r), best, r, " with that many clients")
	return append(changes, more...), ok
}

// changesFor returns the changes that meet every reason, each number's
// detail followed by suffix; it reports false when a reason has no figure
// to relax to (a latency or lag of a saturated option).
func changesFor(reasons []Reason, res model.Result, r model.Requirements, suffix string) ([]Change, bool) {
	var out []Change
	for _, rs := range reasons {
		c, ok := change(rs, res, r)
		if !ok {
			return nil, false
		}
		if _, number := c.To.(float64); number {
			c.Detail += suffix
		}
		if kinds, ok := c.To.([]string); ok {
			r.Survive = kinds // the next kind dropped from what is left
		}
		out = append(out, c)
	}
	return out, true
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// change turns a missed requirement into the relaxation that meets it. It
// reports false for a reason no requirement meets: throughput (see
// lessLoad) and a figure that does not exist while saturated.
func change(rs Reason, res model.Result, r model.Requirements) (Change, bool) {
	c := Change{Requirement: rs.Requirement, From: rs.Limit, To: rs.Value}
	switch rs.Requirement {
	case "throughput":
		return c, false
	case "target_utilization":
		c.To = roundUp(rs.Value.(float64))
		if c.To.(float64) > maxTargetUtilization {
			return c, false
		}
		c.Detail = fmt.Sprintf("target_utilization: %s → %s (less headroom for peaks)", num(float64(r.TargetUtilization)), num(c.To.(float64)))
	case "survive": // the list before and after
		c.From, c.To = slices.Clone(r.Survive), without(r.Survive, rs.Limit.(string))
		c.Detail = fmt.Sprintf("survive: drop %s", rs.Limit)
		// A configuration, not a requirement, may meet it (review of
		// 2026-11-27: "drop region" was the only way offered); unevaluated
		// here, it is named as what surviving takes, not as an option
		// that is feasible (review of 2026-11-28: a standby three regions
		// away put the p99 write at 66 ms against 5).
		a := res.Architecture
		away := slices.Contains(a.Standbys, model.CrossRegion) || (a.Replicas > 0 || a.ID == model.ReadReplicas) && a.ReplicaPlacement == model.CrossRegion
		const check = ", whose round trips the other requirements must allow)"
		switch {
		case rs.Limit != "region":
		case a.ID == model.DistributedSQL || a.ID == model.ActiveActive:
			if len(a.Regions) < 3 {
				c.Detail += " (surviving it instead takes its nodes spread over three named regions: regions" + check
			}
		case len(a.Standbys) > 0 || a.Replicas > 0 || a.ID == model.ReadReplicas:
			switch {
			case !away:
				c.Detail += " (surviving it instead takes a copy in another region, cross-region, and three regions named for the failover manager's quorum: regions" + check
			case len(a.Regions) < 3:
				c.Detail += " (surviving it instead takes three regions named for the failover manager's quorum: regions" + check
			}
		}
	case "disk", "memory", "analytical_per_sec":
		return c, false // no requirement holds the data, the sessions or the replicas' queries: the reason says what would
	case "read_your_writes", "monotonic_reads", "snapshot_isolation":
		c.From, c.To = true, false
		c.Detail = rs.Requirement + ": not required"
		if rs.Requirement != "snapshot_isolation" && res.Architecture.ID == model.ActiveActive {
			c.Detail += " (or route each session to one node: session_affinity)"
		}
	default: // p99_*_ms, rpo_seconds, rto_seconds
		if rs.Value == nil {
			return c, false
		}
		c.To = roundUp(rs.Value.(float64))
		c.Detail = fmt.Sprintf("%s: %s → %s", rs.Requirement, num(rs.Limit.(float64)), num(c.To.(float64)))
	}
	return c, true
}

// size is how far a change moves its requirement, from 0 to 1: the
// relative change |to − from| / max(|from|, |to|) of a number (20 → 71.3 ms
// is 0.72; an RPO of 0 raised to anything is 1), 1 for dropping a failure
// kind or a guarantee, half of that for a change of the option's
// configuration, which keeps every guarantee (a copy, query_from_any_node,
// node_placement: review of 2026-11-28, "survive: drop region" came before
// distributed SQL spread over regions), and 0 for the synchronous_commit
// that makes that copy synchronous.
func (c Change) size() float64 {
	switch c.Requirement {
	case "sync_commit":
		return 0 // part of the standby it makes synchronous (copyChanges)
	case "standbys", "replicas", "node_placement", "query_from_any_node":
		return 0.5
	}
	from, ok1 := c.From.(float64)
	to, ok2 := c.To.(float64)
	if !ok1 || !ok2 {
		return 1
	}
	if d := math.Max(math.Abs(from), math.Abs(to)); d > 0 {
		return math.Abs(to-from) / d
	}
	return 0
}

// totalSize is the changes' sizes summed: how large a relaxation is.
func totalSize(changes []Change) float64 {
	s := 0.0
	for _, c := range changes {
		s += c.size()
	}
	return s
}

func without(list []string, drop string) []string {
	out := []string{}
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

// round keeps four significant digits: enough to compare with a limit, few
// enough to read; from 1000 on the whole number, as num writes it in the
// reason's words (review of 2026-11-28: a value of 29870 beside "29874
// requests/s").
func round(v float64) float64 {
	switch {
	case v == 0 || math.IsInf(v, 0) || math.IsNaN(v):
		return v
	case math.Abs(v) >= 1000:
		return math.Round(v)
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	return f
}

// exceeds reports whether a figure is beyond its limit by more than the
// rounding of a unit's round trip: a limit set to the figure the result
// reports (in ms, the model's seconds × 10³, and the limit ms × 10⁻³)
// meets it (review of 2026-11-27: 16 of 2,881 limits set so were missed
// by one unit in the last place).
func exceeds(got, limit float64) bool { return !(got <= limit*(1+1e-12)) } // NaN exceeds

// FormatLimit writes a requirement's limit as the user gave it, to
// fifteen significant digits (the unit's round trip's rounding dropped):
// a reason that rounded it to three digits read backwards, "4.006 > 4.01"
// (review of 2026-11-27). Every face that states a target (the reasons,
// the ADR, the rationale) uses it, so that a target reads the same beside
// the reason it gives.
func FormatLimit(limit float64) string {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(limit, 'g', 15, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// over is a figure got that exceeds its limit, as a reason gives it: the
// value rounded up to four significant digits, a whole number from 1000 on
// (as num writes it), or to the fewest digits beyond that which stay above
// the limit, and written as num does unless that would read as the limit
// or below it, as FormatLimit writes it ("40 > 40": then "40.00004 > 40";
// "4 > 4.004": then "4.005 > 4.004"). The value is never below the figure,
// so a relaxation rounded up from it is enough. From 1000 on the text is
// the value's (review of 2026-11-27: a value of 18750 read "18743").
func over(got, limit float64) (float64, string) {
	text := num(got)
	whole := int(math.Floor(math.Log10(got))) + 1                  // digits before the point
	for digits := min(max(4, whole), 15); digits <= 15; digits++ { // float64 holds 15 digits
		scale := math.Pow(10, math.Floor(math.Log10(got))-float64(digits)+1)
		v, _ := strconv.ParseFloat(strconv.FormatFloat(math.Ceil(got/scale)*scale, 'g', digits, 64), 64)
		if got >= 1000 {
			text = num(v)
		}
		if v > limit && v >= got && !math.IsInf(v, 0) {
			if readsAbove(text, limit) {
				return v, text
			}
			// Read as the limit or below (FormatLimit writes it in full): as
			// many digits as it takes for got, rounded to nearest, to read
			// above it (40.0000337 against 40 is 40.00004, not 40.01;
			// 1000.7 against 1000.6 is 1000.7, not 1001).
			near, _ := strconv.ParseFloat(strconv.FormatFloat(got, 'g', digits, 64), 64)
			if t := strconv.FormatFloat(v, 'f', -1, 64); near > limit && readsAbove(t, limit) {
				return v, t
			}
		}
	}
	return got, strconv.FormatFloat(got, 'f', -1, 64)
}

// readsAbove reports whether a value's text reads above the limit as
// FormatLimit writes it.
func readsAbove(text string, limit float64) bool {
	v, err := strconv.ParseFloat(text, 64)
	l, _ := strconv.ParseFloat(FormatLimit(limit), 64)
	return err == nil && v > l
}

// roundDown rounds down to three significant digits, so that a load
// offered at most is carried.
func roundDown(v float64) float64 {
	if v <= 0 {
		return v
	}
	scale := math.Pow(10, math.Floor(math.Log10(v))-2)
	f, _ := strconv.ParseFloat(strconv.FormatFloat(math.Floor(v/scale+1e-9)*scale, 'g', 3, 64), 64)
	return f
}

// roundUp rounds up to three significant digits, so that the relaxed limit
// is met.
func roundUp(v float64) float64 {
	if v <= 0 {
		return v
	}
	scale := math.Pow(10, math.Floor(math.Log10(v))-2)
	f, _ := strconv.ParseFloat(strconv.FormatFloat(math.Ceil(v/scale-1e-9)*scale, 'g', 3, 64), 64)
	return f
}

// FormatNumber writes a figure as the rationale does: whole numbers from
// 1000 on, three significant digits below, ∞ for an infinite one. Every
// face that quotes the rationale's numbers (the ADR, chart labels) uses it,
// so that the same figure reads the same everywhere.
func FormatNumber(v float64) string { return num(v) }

// FormatProbability formats a probability as reasons state it: as
// FormatNumber, and "under 0.0001" below that.
func FormatProbability(p float64) string {
	if p < 1e-4 {
		return "under 0.0001"
	}
	return num(p)
}

func num(v float64) string {
	switch {
	case math.IsInf(v, 0) || math.IsNaN(v):
		return "∞"
	case math.Abs(v) >= 1000:
		return strconv.FormatFloat(math.Round(v), 'f', -1, 64)
	default:
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
}

// onceEvery words a rare event's rate as its mean interval where that is
// a day or more ("; one every 38,000 years on average"), so that a
// guarantee missed once in millennia reads as what it is (user review of
// 2026-11-27: 8.39e-13 > 0 was active-active's only reason); "" otherwise.
func onceEvery(perSec float64) string {
	const day, year = 86400.0, 365.25 * 86400
	switch every := 1 / perSec; {
	case !(every >= day):
		return ""
	case every < year:
		return fmt.Sprintf("; one every %s days on average", num(every/day))
	default:
		return fmt.Sprintf("; one every %s years on average", num(every/year))
	}
}

// lostHow says how an active-active resolution loses updates.
func lostHow(r model.Resolution) string {
	if r == model.NoResolution {
		return "without conflict resolution every conflicting update is lost on one node, which then differs from the others"
	}
	return "last-update-wins overwrites a read-modify-write update made concurrently on another node"
}
