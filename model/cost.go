package model

// secondsPerMonth is the 730-hour billing month in seconds.
const secondsPerMonth = HoursPerMonth * 3600

// cost estimates the monthly cost from the profile's dated list prices
// (MODEL.md §7): nodes, a storage copy per node, provisioned IOPS and
// bandwidth above a volume's baseline, backups, WAL shipped across zones or
// regions, and the failover manager's consensus store.
func (pl *plan) cost(st state) Cost {
	pr := pl.p.Prices
	nodes := 1 + pl.replicas + len(pl.a.Standbys)
	node := pr.LocalNodePerHour
	if pl.a.Storage == NetworkStorage {
		node = pr.NodePerHour
	}
	c := Cost{Compute: USD(nodes) * node * HoursPerMonth}
	if pl.a.Storage == NetworkStorage {
		gb := USD(pl.w.DataSize / GB)
		iops := max(0, USD(pl.dev.IOPS-pr.NetworkBaselineIOPS))
		mbs := max(0, USD((pl.dev.Bandwidth-pr.NetworkBaselineBandwidth)/MBPerSecond))
		c.Storage = USD(nodes) * gb * pr.NetworkStoragePerGBMonth
		c.IOPS = USD(nodes) * (iops*pr.NetworkIOPSPerMonth + mbs*pr.NetworkBandwidthPerMBsMonth)
	}
	c.Storage += USD(pl.w.DataSize/GB) * pr.BackupPerGBMonth
	gbPerMonth := USD(float64(st.wal.rate) * secondsPerMonth / float64(GB))
	copies := make([]Placement, 0, pl.replicas+len(pl.a.Standbys))
	for range pl.replicas {
		copies = append(copies, pl.a.ReplicaPlacement)
	}
	copies = append(copies, pl.a.Standbys...)
	for _, p := range copies {
		switch p {
		case CrossZone:
			c.Transfer += gbPerMonth * pr.CrossZonePerGB
		case CrossRegion:
			c.Transfer += gbPerMonth * pr.CrossRegionPerGB
		}
	}
	if len(copies) > 0 {
		c.Other = pr.FailoverManagerPerMonth
	}
	c.Total = c.Compute + c.Storage + c.IOPS + c.IORequests + c.Transfer + c.Other
	return c
}
