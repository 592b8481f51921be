package model

import "math"

// secondsPerMonth is the 730-hour billing month in seconds.
const secondsPerMonth = HoursPerMonth * 3600

// nodeCount returns the database nodes, and those holding data (with a
// copy each): a sharded cluster's workers and their standbys hold 1/W of the
// data each, its coordinator only metadata. Clients that query any node
// leave the coordinator in place, for DDL, rebalancing and node management
// ("One node is acting as coordinator", Citus docs, MX; review of
// 2026-11-26), though it plans no statement: it is a node and its copies.
func (pl *plan) nodeCount() (nodes, dataNodes int) {
	copies := 1 + len(pl.a.Standbys)
	dataNodes = pl.nodes()*copies + pl.readReplicas()
	if pl.a.ID == DistributedSQL {
		return pl.a.Nodes, pl.a.Nodes
	}
	if pl.a.ID == Sharded {
		dataNodes = pl.workers() * copies
		return dataNodes + copies, dataNodes
	}
	return dataNodes, dataNodes
}

// walStreams is how many of the solved node's WAL the cluster's primaries
// write together: a sharded cluster's workers, the solved (busiest) one's
// holding ⌈S/W⌉ of the S shards, so S/⌈S/W⌉ of its WAL (W where W divides
// S; review of 2026-11-26: 31 workers over 32 shards were billed twice
// the WAL); 1 elsewhere.
func (pl *plan) walStreams() float64 {
	if pl.a.ID == Sharded {
		return 1 / pl.busiestShare()
	}
	return 1
}

// dataPerNode is the data one data node holds.
func (pl *plan) dataPerNode() Bytes { return pl.w.DataSize / Bytes(pl.partitions()) }

// cost estimates the monthly cost from the profile's dated list prices
// (MODEL.md §7): nodes, a storage copy per node, provisioned IOPS and
// bandwidth above a volume's baseline, backups, WAL shipped across zones or
// regions, and the failover manager's consensus store.
func (pl *plan) cost(st state) Cost {
	pr := pl.p.Prices
	if pl.a.Storage == DisaggregatedStorage {
		return pl.storageCost(st)
	}
	nodes, dataNodes := pl.nodeCount()
	node := pr.LocalNodePerHour
	if pl.a.Storage == NetworkStorage {
		node = pr.NodePerHour
	}
	c := Cost{Compute: USD(nodes) * node * HoursPerMonth}
	if pl.a.Storage == NetworkStorage {
		// Every data node's volume holds what the busiest holds: a Citus
		// worker with ⌈S/W⌉ of the S shards, the size volumes are given
		// alike (and what a rebalance may move onto any of them), with the
		// WAL it keeps (disk), and on distributed SQL filled to
		// distributedSQLDiskShare at most: EBS bills the provisioned size
		// (cost review of 2026-11-27: billed at the data alone).
		gb := USD(pl.disk().Data / GB)
		if pl.a.ID == DistributedSQL {
			gb /= distributedSQLDiskShare
		}
		mbs := max(0, USD((pl.p.Network.Bandwidth-pr.NetworkBaselineBandwidth)/MBPerSecond)) // as provisioned
		c.Storage = USD(dataNodes) * gb * pr.NetworkStoragePerGBMonth
		c.IOPS = USD(dataNodes) * (pl.iopsPrice() + mbs*pr.NetworkBandwidthPerMBsMonth)
	}
	// Base backups: a network volume's snapshots, a local disk's copies in
	// object storage (review of 2026-11-27: both at the snapshot price,
	// twice the object store's).
	backup := pr.BackupPerGBMonth
	if pl.a.Storage == LocalStorage || pl.a.ID == DistributedSQL { // BACKUP writes to object storage
		backup = pr.ObjectStoragePerGBMonth
	}
	c.Storage += USD(pl.w.DataSize/GB) * backup
	if pl.a.ID != DistributedSQL {
		// The WAL archive a restore replays after the base backup
		// (availability): one base-backup interval of each primary's (each
		// worker's) WAL, in object storage; uncompressed (an archiver's own
		// compression shrinks it), without the object store's request
		// charges (review of 2026-11-26: the archive the RPO and RTO rely
		// on cost nothing, while Neon's WAL history was billed).
		archive := USD(float64(st.wal.rate) * pl.walStreams() * float64(baseBackupInterval) / float64(GB))
		c.Storage += archive * pr.ObjectStoragePerGBMonth
	}
	// Each worker of a sharded cluster ships its own WAL to its copies.
	gbPerMonth := monthGB(float64(st.wal.rate) * pl.walStreams())
	copies := make([]Placement, 0, pl.streams())
	for range pl.readReplicas() {
		copies = append(copies, pl.a.ReplicaPlacement)
	}
	copies = append(copies, pl.a.Standbys...)
	for _, p := range copies {
		c.Transfer += gbPerMonth * pr.transfer(p)
	}
	c.Transfer += pl.replicaReadTransfer(st)
	if len(copies) > 0 {
		c.Other = pr.FailoverManagerPerMonth
	}
	if pl.a.ID == DistributedSQL {
		// Raft ships each write's records to the RF−1 followers of each
		// range it writes, each at the price between leader and follower
		// (review of 2026-11-27: RF 5 over three zones put a follower in
		// the leader's zone, billed cross-zone).
		gb := monthGB(float64(st.writes) * float64(pl.recordBytes()) * pl.kvRanges())
		c.Transfer += gb*pl.raftPrice() + pl.hopTransfer(st)
	}
	c.Excludes = softwareLicence[pl.a.ID]
	if pl.nodes() > 1 {
		// Active-active ships each write's logical changes (its WAL records,
		// no full-page images) to the n−1 other nodes, each at the price
		// between the two (review of 2026-11-27: nodes in one zone, or two
		// zones of one region, were billed as the placement's).
		gb := monthGB(float64(st.writes) * float64(pl.recordBytes()))
		c.Transfer += gb * pl.shipPrice()
	}
	return c.summed()
}

// iopsPrice is a network volume's provisioned IOPS a month (as provisioned,
// beyond what the instance sustains too: Device.attached): those above
// the baseline at NetworkIOPSPerMonth, and those above NetworkIOPSTier at
// its price (AWS EBS io2: $0.065 up to 32,000, $0.046 above, calibration.md
// §8.1, whose 1 TB at 64,000 IOPS is $3,677 with $125 of storage; cost
// review of 2026-11-27: all at the first price).
func (pl *plan) iopsPrice() USD {
	pr := pl.p.Prices
	iops := pl.p.Network.IOPS
	billed := max(0, iops-pr.NetworkBaselineIOPS)
	first := billed
	if t := pr.NetworkIOPSTier; t > pr.NetworkBaselineIOPS && iops > t {
		first = t - pr.NetworkBaselineIOPS
	}
	return USD(first)*pr.NetworkIOPSPerMonth + USD(billed-first)*pr.NetworkIOPSTierPerMonth
}

// pairPrice is the price per GB between nodes i and j of the ring: nothing
// to itself or inside a zone, a cross-zone price inside a named region, the
// placement's between failure domains (as between has their trips).
func (pl *plan) pairPrice(i, j int) USD {
	pr, d := pl.p.Prices, pl.domains(pl.a.NodePlacement)
	switch {
	case i == j:
		return 0
	case i%d == j%d:
		return pr.transfer(inside(pl.a.NodePlacement))
	}
	return pr.transfer(pl.a.NodePlacement)
}

// raftPrice is what one GB of a range's writes costs to send from its
// leader to its followers (followers), over the leaders alike.
func (pl *plan) raftPrice() USD {
	var total USD
	for l := range pl.ring() {
		if !pl.leads(l) {
			continue
		}
		f, k := pl.followers(l)
		for _, o := range f[:k] {
			total += pl.pairPrice(l, o)
		}
	}
	return total / USD(pl.leaders())
}

// shipPrice is what one GB of an active-active node's changes costs to
// send to every other node (pairPrice), over the origins by their share of
// the writes.
func (pl *plan) shipPrice() USD {
	var total USD
	for i, s := range pl.nodeWeights() {
		for j := range pl.ring() {
			total += USD(s) * pl.pairPrice(i, j)
		}
	}
	return total
}

// transfer is the price per GB sent to a copy at placement p: nothing
// within a zone.
func (pr Prices) transfer(p Placement) USD {
	switch p {
	case CrossZone:
		return pr.CrossZonePerGB
	case CrossRegion:
		return pr.CrossRegionPerGB
	}
	return 0
}

// softwareLicence is what the prices leave out where an architecture runs
// software beyond PostgreSQL, which may be licensed: the profiles price
// the machines only.
var softwareLicence = map[ID]string{
	DistributedSQL: "a licence for the database software (CockroachDB has needed one since 18 November 2024, Oxide RFD 508; YugabyteDB is Apache 2.0)",
	ActiveActive:   "a subscription for a multi-master distribution where one is used (EDB Postgres Distributed; PostgreSQL's own logical replication is free)",
}

// auroraWriteIO is the unit Aurora bills write I/Os in: 4 KiB of log per
// write (AWS, "Amazon Aurora pricing": I/O operations).
const auroraWriteIO = 4096 * Byte

// neonCU is the memory of one Neon compute unit, which has one vCPU: "One
// CU is 1 vCPU and 4 GB of RAM … The amount of RAM in GB is always 4 times
// the number of vCPU" (Neon docs, "Manage computes"; "Neon plans").
const neonCU = 4 * GB

// neonMaxCU is Neon's largest compute, a fixed size (autoscaling reaches
// 16 CU; Neon docs, "Manage computes", U: recalled, not re-read).
const neonMaxCU = 56

// neonCompute is the Neon compute of an option: the compute units it
// gives (vcpus, cus), or, where it gives none, enough for the profile's
// node's cores and its memory; with the cores and memory of that many
// (review of 2026-11-26: a 64 GB node was billed as 16 CU but given the
// profile's 8 vCPUs, its cost or its capacity off by 2×).
func neonCompute(n Node, cus int) Node {
	if cus == 0 {
		cus = int(math.Max(float64(n.VCPUs), math.Ceil(float64(n.Memory/neonCU)-1e-9)))
	}
	n.VCPUs, n.Memory = cus, Bytes(cus)*neonCU
	return n
}

// storageCost is the monthly cost on DBMS-optimised storage (MODEL.md §7):
// compute nodes and one logical copy of the data (the service keeps six or
// three). Neon bills compute units, data and the WAL it keeps for instant
// restore (Neon docs, "Neon plans": its Scale plan, the one with an uptime
// SLA). Aurora has two storage tiers
// (AWS, "Amazon Aurora pricing"; calibration.md §8.3), and a cluster may
// switch between them, so the cheaper is priced:
//
//   - Standard bills every page read that misses the caches (a scan's too:
//     Aurora bills database pages loaded from storage, not merged I/Os;
//     CloudWatch VolumeReadIOPs) and every 4 KiB of log written, at a
//     price per million requests;
//   - I/O-Optimized bills no I/O, for dearer storage and instances (AWS's
//     rule of thumb: the cheaper once I/O is over about 25 % of the bill).
//
// No transfer is billed inside the service; the clients' reads to readers
// in another zone are (replicaReadTransfer), and Neon's results sent over
// the public internet.
func (pl *plan) storageCost(st state) Cost {
	pr := pl.p.Prices
	nodes := USD(1 + pl.replicas)
	data := USD(pl.w.DataSize / GB)
	if pl.a.Variant == Neon {
		// Neon also keeps the WAL of its history window for instant
		// restore, billed as storage (Neon docs, "Restore window").
		// Billed while active: a compute suspended after neonSuspendAfter
		// idle is for the share e^(−λ·T) of the time (Poisson gaps beyond
		// T, as suspended; Neon bills compute hours while a compute is
		// active: Neon docs, "Neon plans", "Compute lifecycle"; review of
		// 2026-11-26).
		cus := USD(pl.p.Node.VCPUs) * USD(1-pl.suspended(&st)) // the plan's Node is the Neon compute (neonCompute)
		history := USD(float64(st.wal.rate) * float64(pl.p.Disaggregated.HistoryWindow) / float64(GB))
		// Its results go to the application over the public internet,
		// billed beyond the plan's allowance (Neon docs, "Neon plans":
		// public network transfer; cost review of 2026-11-27: not billed):
		// each point read's row and a reply's framing, each write
		// transaction's replies, one a round trip (BEGIN and COMMIT
		// answer too), and a row.
		sent := float64(st.reads)*float64(pl.w.RowBytes+replyBytes) +
			float64(st.writes)*(float64(pl.w.RoundTripsPerTxn)*float64(replyBytes)+float64(pl.w.RowBytes))
		egress := max(0, USD((sent*secondsPerMonth-float64(pr.NeonTransferIncluded))/float64(GB)))
		return Cost{
			Compute:  nodes * cus * pr.NeonCUPerHour * HoursPerMonth,
			Storage:  data*pr.NeonStoragePerGBMonth + history*pr.NeonHistoryPerGBMonth,
			Transfer: egress * pr.NeonTransferPerGB,
			Plan:     "neon-scale",
		}.summed()
	}
	standard := Cost{
		Compute:  nodes * pr.DisaggregatedNodePerHour * HoursPerMonth,
		Storage:  data * pr.DisaggregatedStoragePerGBMonth,
		Transfer: pl.replicaReadTransfer(st),
		Plan:     "aurora-standard",
	}
	reads := float64(st.primary.pagesRead) + float64(pl.replicas)*float64(st.replica.pagesRead)
	writes := 0.0
	if st.flush.rate > 0 {
		writes = float64(st.flush.rate) * math.Ceil(st.flush.batchBytes()/float64(auroraWriteIO))
	}
	standard.IORequests = USD((reads+writes)*secondsPerMonth/1e6) * pr.IORequestsPerMillion
	optimized := Cost{
		Compute:  standard.Compute * USD(1+pr.IOOptimizedComputeUplift),
		Storage:  data * pr.IOOptimizedStoragePerGBMonth,
		Transfer: standard.Transfer,
		Plan:     "aurora-io-optimized",
	}
	if standard, optimized = standard.summed(), optimized.summed(); optimized.Total < standard.Total {
		return optimized
	}
	return standard
}

// replicaReadTransfer is what the point reads sent to copies in another
// zone or region cost a month: each carries its request and its row back, a
// row and hopBytes, as a distributed SQL statement's trip does
// (hopTransfer), from the clients in the primary's zone to the copies'
// placement (standbys' where they serve the reads). AWS bills traffic
// between zones at each end (calibration.md §8; cost review of
// 2026-11-27: the latency took each such read across a zone, the bill
// did not). With named regions the reads are taken to go to a copy in
// their clients' region, free.
func (pl *plan) replicaReadTransfer(st state) USD {
	if pl.replicas == 0 || st.replicaReads == 0 || len(pl.a.Regions) > 1 {
		return 0
	}
	pr := pl.p.Prices
	price := pr.transfer(pl.a.ReplicaPlacement)
	if pl.a.StandbyReads {
		price = 0
		for _, p := range pl.a.Standbys {
			price += pr.transfer(p) / USD(len(pl.a.Standbys))
		}
	}
	return pl.tripsGB(st.replicaReads*Rate(pl.replicas)) * price
}

// monthGB is the GB a month of a flow of bytesPerSec bytes a second.
func monthGB(bytesPerSec float64) USD { return USD(bytesPerSec * secondsPerMonth / float64(GB)) }

// tripsGB is the GB a month of trips at the rate, each a row and hopBytes
// of headers (hopTransfer, replicaReadTransfer).
func (pl *plan) tripsGB(trips Rate) USD {
	return monthGB(float64(trips) * float64(pl.w.RowBytes+hopBytes))
}

// summed returns c with its Total, the sum of its parts.
func (c Cost) summed() Cost {
	c.Total = c.Compute + c.Storage + c.IOPS + c.IORequests + c.Transfer + c.Other
	return c
}

// replyBytes is what one statement's reply puts on the wire to the client
// beyond its rows: PostgreSQL's CommandComplete and ReadyForQuery (about 20
// B; with the extended protocol ParseComplete and BindComplete, 10 more),
// a point read's RowDescription (about 30 B), a TLS record's header and
// tag (29 B) and a TCP/IP segment's headers (52 B with timestamps): about
// 100 B (D, from the frontend/backend protocol's message formats, PostgreSQL
// docs "Message Formats"; review of 2026-11-28: the gateway-to-leaseholder
// trip's 200 B, both directions' headers, billed each reply twice over).
const replyBytes = 100 * Byte

// hopBytes is what one gateway-to-leaseholder trip carries beyond the row:
// the KV batch request's and response's headers, keys and timestamps.
// Assumption (U): a few hundred bytes, to be measured.
const hopBytes = 200 * Byte

// hopTransfer is distributed SQL's monthly cost of its statements' trips
// from gateway to leaseholder across zones and regions (review of
// 2026-11-26: only Raft's replication was billed): each point read and
// each range a write transaction's statements reach carries a row and
// hopBytes, priced by where the two nodes are (the gateway itself; its
// own failure domain's inside placement; another domain the nodes'
// placement), over the gateways' shares and the k leaders alike; a
// follower read's to the range's nearest copy.
func (pl *plan) hopTransfer(st state) USD {
	n, k := pl.ring(), float64(pl.leaders())
	var lease, near USD // the mean price per GB of a trip to the leaseholder, to the nearest copy
	for g, pg := range pl.gateway[:n] {
		if pg == 0 {
			continue
		}
		for l := range n {
			if !pl.leads(l) {
				continue
			}
			_, o := pl.nearestCopy(g, l)
			lease += USD(pg/k) * pl.pairPrice(g, l)
			near += USD(pg/k) * pl.pairPrice(g, o)
		}
	}
	reads := lease
	if pl.a.FollowerReads {
		reads = near
	}
	// A write transaction's read statements go to one range each, its
	// write statements to kvRanges each (the row and its index entries).
	ws := float64(pl.writeStatements())
	perTxn := float64(pl.w.StatementsPerTxn) - ws + ws*pl.kvRanges()
	return pl.tripsGB(st.reads)*reads + pl.tripsGB(st.writes*Rate(perTxn))*lease
}
