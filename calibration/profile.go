package calibration

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/pgarch/pgarch/model"
)

// ErrMissing reports a field a complete custom profile must give but does
// not. It is wrapped in a *model.ParamError naming the field.
var ErrMissing = errors.New("missing value")

// defaultName is the profile Default returns and UnmarshalJSON starts from
// when the object names none.
const defaultName = "lecture"

// override is the source Set records for a field it changes.
const override = "override"

// Profile is a named model.Profile with the source of every field.
type Profile struct {
	// Name identifies the profile: a built-in name (see Names) or a custom one.
	Name string
	// Description says what the profile models; prices in it are dated
	// estimates.
	Description string
	// Values are the numbers in the model's SI units.
	Values model.Profile
	// Sources maps each public field name (including "prices_date") to where
	// its value comes from: document or URL, date and a confidence tag as in
	// calibration.md (P primary, S secondary, D derived, U uncertain), or
	// "override" after Set.
	Sources map[string]string
}

// renamed says where a field of an earlier model version went.
var renamed = map[string]string{
	"local_cache_gb": "replaced by local_cache_fraction in model 0.2.0: the share of a Neon compute's memory that shared_buffers and its local file cache hold together (0.75)",
}

// bySize are the fields that follow a node's size within its instance
// family: its cores and memory (a size holds both: r6i.8xlarge 32 vCPUs
// and 256 GiB), its prices, its network baseline and its instance-store
// NVMe, capacity, IOPS and bandwidth (r6id.2xlarge 474 GB, r6id.4xlarge
// 950 GB; i4i's random IOPS double with each size; review of 2026-11-26:
// four times the price for four times the cores alone), and its limits
// towards network volumes (EBS baseline 2,500 Mbps at 2xlarge, 5,000 at
// 4xlarge; IOPS less than in proportion, 12,000 and 20,000 on m6i, which
// the proportion overstates by up to a fifth: U).
var bySize = [...]string{"vcpus", "memory_gb", "node_usd_per_hour", "local_node_usd_per_hour", "storage_node_usd_per_hour",
	"network_gbps", "local_capacity_gb", "local_iops", "local_bandwidth_mb_per_sec", "instance_volume_iops", "instance_volume_mb_per_sec"}

// Lookup returns a copy of the built-in profile with the given name and
// reports whether there is one. Changing the copy does not change later
// lookups.
func Lookup(name string) (Profile, bool) {
	p, ok := builtins[name]
	if !ok {
		return Profile{}, false
	}
	return p.clone(), true
}

// Names returns the built-in profile names in sorted order.
func Names() []string {
	return slices.Sorted(maps.Keys(builtins))
}

// Default returns a copy of the default profile, "lecture": the lecture's
// figures for the two storage devices, the rest from calibration.md.
func Default() Profile {
	p, _ := Lookup(defaultName)
	return p
}

// clone returns a deep copy of p (model.Profile holds only values; Sources
// is the one reference).
func (p Profile) clone() Profile {
	p.Sources = maps.Clone(p.Sources)
	p.Values.Regions = regionRTTs() // the region matrix is shared by all built-ins
	return p
}

// Resized returns p with a node of the given vCPUs: another size of its
// instance family, whose memory, prices and bandwidth follow as Set's
// vcpus makes them (scaleBySize); p itself is unchanged. A node whose
// price does not follow its size (a custom profile's, or a built-in's
// with node_usd_per_hour given) has no other size to offer: an error,
// rather than a larger node at the smaller one's price.
func (p Profile) Resized(vcpus int) (Profile, error) {
	if vcpus == p.Values.Node.VCPUs {
		return p, nil
	}
	price := p.Values.Prices.NodePerHour
	p.Sources = maps.Clone(p.Sources)
	if err := p.Set("vcpus", float64(vcpus)); err != nil {
		return Profile{}, err
	}
	if price > 0 && p.Values.Prices.NodePerHour == price {
		return Profile{}, &model.ParamError{Field: "vcpus", Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%d: %s's node price does not follow its size (node_usd_per_hour given, or a custom node), so no other size of it can be priced", vcpus, p.Name)}
	}
	return p, p.Validate()
}

// Provisioned returns p with its network volumes provisioned with iops
// IOPS and bandwidth of throughput (an option's volume_iops and
// volume_mb_per_sec; 0 keeps the profile's); p itself is unchanged.
//
// The IOPS range from network_baseline_iops, at least the 100 any volume
// provisions, to network_max_iops, each allowing at most
// network_throughput_per_iops_mb_per_sec of throughput (io2's 100 IOPS
// carry 25.6 MiB/s). The throughput ranges from what the price includes,
// network_baseline_bandwidth_mb_per_sec, to network_max_bandwidth_mb_per_sec
// and what the IOPS allow: gp3's 125 to 1,000 MiB/s, the most from 4,000
// IOPS on (AWS EBS docs, "General Purpose SSD volumes", calibration.md
// §2.1); its price above what is included is the profile's
// network_bandwidth_usd_per_mbs_month. Where that price is 0 the
// throughput is not provisioned apart but follows the IOPS: io2 Block
// Express carries 0.256 MiB/s per IOPS up to 4,000 MiB/s (AWS Storage
// Blog, calibration.md §2.1), so its IOPS set it and a volume_mb_per_sec
// is refused.
func (p Profile) Provisioned(iops int, bandwidth model.ByteRate) (Profile, error) {
	v := p.Values
	k := v.Prices.NetworkBandwidthPerIOPS
	follows := k > 0 && v.Prices.NetworkBandwidthPerMBsMonth == 0 // the throughput follows the IOPS
	p.Sources = maps.Clone(p.Sources)
	if iops != 0 && model.Rate(iops) != v.Network.IOPS {
		lo, hi := math.Max(100, float64(v.Prices.NetworkBaselineIOPS)), float64(v.Prices.NetworkMaxIOPS)
		if !(float64(iops) >= lo && float64(iops) <= hi) {
			return Profile{}, &model.ParamError{Field: "volume_iops", Err: model.ErrOutOfRange,
				Detail: fmt.Sprintf("%d: %s's volumes provision %.0f to %.0f IOPS (network_baseline_iops, at least 100, to network_max_iops)", iops, p.Name, lo, hi)}
		}
		if err := p.Set("network_iops", float64(iops)); err != nil {
			return Profile{}, err
		}
		switch carried := model.ByteRate(iops) * k; {
		case follows:
			p.Values.Network.Bandwidth = min(v.Prices.NetworkMaxBandwidth, carried)
		case k > 0:
			p.Values.Network.Bandwidth = min(v.Network.Bandwidth, carried)
		}
	}
	if bandwidth != 0 && bandwidth != p.Values.Network.Bandwidth && follows {
		return Profile{}, &model.ParamError{Field: "volume_mb_per_sec", Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%g: %s's volumes' throughput follows their IOPS, network_throughput_per_iops_mb_per_sec each (not billed apart: network_bandwidth_usd_per_mbs_month 0); set volume_iops", float64(bandwidth/model.MBPerSecond), p.Name)}
	}
	if bandwidth != 0 && bandwidth != p.Values.Network.Bandwidth {
		lo, hi := v.Prices.NetworkBaselineBandwidth, v.Prices.NetworkMaxBandwidth
		if k > 0 {
			allowed := model.ByteRate(p.Values.Network.IOPS) * k
			lo, hi = min(lo, allowed), min(hi, allowed)
		}
		switch {
		case hi < lo:
			return Profile{}, &model.ParamError{Field: "volume_mb_per_sec", Err: model.ErrOutOfRange,
				Detail: fmt.Sprintf("%g: %s's volumes provision no other throughput than network_bandwidth_mb_per_sec (network_max_bandwidth_mb_per_sec %g)", float64(bandwidth/model.MBPerSecond), p.Name, float64(hi/model.MBPerSecond))}
		case !(bandwidth >= lo && bandwidth <= hi):
			return Profile{}, &model.ParamError{Field: "volume_mb_per_sec", Err: model.ErrOutOfRange,
				Detail: fmt.Sprintf("%g: %s's volumes of %.0f IOPS provision %g to %g MB/s (network_baseline_bandwidth_mb_per_sec to network_max_bandwidth_mb_per_sec, at most network_throughput_per_iops_mb_per_sec per IOPS)",
					float64(bandwidth/model.MBPerSecond), p.Name, float64(p.Values.Network.IOPS), float64(lo/model.MBPerSecond), float64(hi/model.MBPerSecond))}
		}
		if err := p.Set("network_bandwidth_mb_per_sec", float64(bandwidth/model.MBPerSecond)); err != nil {
			return Profile{}, err
		}
		p.Values.Network.Bandwidth = bandwidth // exactly the option's
	}
	return p, p.Validate()
}

// Option returns p as option a runs on it: its own size of the
// instance family (Resized, a's vcpus; on Neon its compute units, on the
// profile's node: model.Architecture.OnNeon) and its volumes' IOPS and
// throughput (Provisioned, a's volume_iops and volume_mb_per_sec), where
// a gives them; p itself is unchanged.
func (p Profile) Option(a model.Architecture) (Profile, error) {
	var err error
	if a.VCPUs != 0 && !a.OnNeon(p.Values) {
		if p, err = p.Resized(a.VCPUs); err != nil {
			return Profile{}, err
		}
	}
	if a.VolumeIOPS != 0 || a.VolumeBandwidth != 0 {
		if p, err = p.Provisioned(a.VolumeIOPS, a.VolumeBandwidth); err != nil {
			return Profile{}, err
		}
	}
	return p, nil
}

// Given reports whether a field's value is the caller's (Set, or a
// profile file's), not the built-in's nor one following the node's size.
func (p Profile) Given(field string) bool { return p.Sources[field] == override }

// Get returns a numeric field's value by its public name, in its public
// unit, as [Fields] lists it; false if there is no such field.
func (p Profile) Get(field string) (float64, bool) {
	f, ok := byName[field]
	if !ok {
		return 0, false
	}
	return f.get(&p.Values), true
}

// Set overrides one field, given by its public name and in its public unit
// (Set("network_fsync_latency_us", 800) sets 800 µs), and records its source
// as "override". Integer fields need whole numbers.
//
// Special cases are:
//
//	unknown or non-numeric name (prices_date) → *model.ParamError{Err: model.ErrUnknown}
//	NaN, out of range, fractional integer     → *model.ParamError{Err: model.ErrOutOfRange}
//
// On error p is unchanged.
func (p *Profile) Set(field string, value float64) error {
	f, ok := byName[field]
	if !ok {
		err := &model.ParamError{Field: field, Err: model.ErrUnknown, Detail: renamed[field]}
		if field == pricesDateField {
			err.Detail = "a string: set Values.Prices.Date"
		}
		return err
	}
	if err := f.check(value); err != nil {
		return err
	}
	before := p.Values.Node
	f.set(&p.Values, value)
	if p.Sources == nil {
		p.Sources = make(map[string]string)
	}
	p.Sources[field] = override
	if field == "vcpus" || field == "memory_gb" {
		p.scaleBySize(field, before)
	}
	return nil
}

// scaleBySize moves the fields bySize lists from the node before to the
// node now, where they still follow its size (not given otherwise), within
// the built-in's instance family: list prices and baseline network
// bandwidth (and instance store) are proportional to an instance's size
// within a family (vCPUs, memory, price and baseline bandwidth grow
// together, doubling from one size to the next below the 12xlarge: AWS
// EC2 On-Demand pricing and "Network
// specifications", e.g. r6i.2xlarge 3.125 Gbps, r6i.4xlarge 6.25; Azure VM
// sizes likewise), and a node of other
// cores or memory is the family's size holding both, max(vcpus/V,
// memory/M) of the built-in's V and M (review of 2026-11-26: four times
// the cores cost nothing, while Neon's compute units were billed by
// memory).
//
// A field follows the size while it holds the built-in's value at the
// size before and its source is not an override: one given in the
// request (or by a sweep's earlier point) does not. A custom profile's
// are left as given.
func (p *Profile) scaleBySize(field string, before model.Node) {
	b, ok := builtins[p.Name]
	if !ok {
		return
	}
	base, n := b.Values.Node, p.Values.Node
	cores := func(n model.Node) float64 { return float64(n.VCPUs) / float64(base.VCPUs) }
	memory := func(n model.Node) float64 { return float64(n.Memory / base.Memory) }
	was := max(cores(before), memory(before))
	// A field follows the size while it holds the built-in's value at the
	// size before and was not given (a value given equal to the
	// built-in's is given all the same: review of 2026-11-26).
	follows := func(name string, size float64) bool {
		f := byName[name]
		v := f.get(&b.Values)
		return p.Sources[name] != override && math.Abs(f.get(&p.Values)-v*size) <= 1e-9*math.Abs(v*size)
	}
	// The size is the field set's, up or down, where the other follows
	// (review: a smaller node kept the larger one's memory and price);
	// the larger of the two where both were given. Cores follow in whole
	// vCPUs, rounded up, and the size with them (review: 100 GB priced
	// 12.5 vCPUs' node and given 8).
	now := max(cores(n), memory(n))
	switch {
	case field == "vcpus" && follows("memory_gb", was):
		now = cores(n)
	case field == "memory_gb" && follows("vcpus", was):
		now = memory(n)
		vcpus := math.Ceil(float64(base.VCPUs)*now - 1e-9)
		if byName["vcpus"].check(vcpus) == nil {
			p.Values.Node.VCPUs = int(vcpus)
			now = max(now, vcpus/float64(base.VCPUs))
			p.Sources["vcpus"] = fmt.Sprintf("D: the cores of %s's node family holding memory_gb, rounded up to whole vCPUs; %s's: %s", p.Name, p.Name, b.Sources["vcpus"])
		}
	}
	for _, name := range bySize {
		f := byName[name]
		v := f.get(&b.Values)
		if name == field || name == "vcpus" && field == "memory_gb" || !follows(name, was) {
			continue
		}
		// Within the field's range: a larger node keeps what a smaller
		// one had (review of 2026-11-28: the lecture's local IOPS fell
		// from 8M at 64 vCPUs back to its 1M at 128, beyond the range),
		// a smaller one what a yet smaller would.
		f.set(&p.Values, min(max(v*now, f.Min), f.Max))
		p.Sources[name] = b.Sources[name]
		if now != 1 {
			p.Sources[name] = fmt.Sprintf("D: %s's × %.3g, a node that size in one instance family (vcpus, memory_gb), whose prices and baseline bandwidth are proportional to size; %s's: %s",
				p.Name, now, p.Name, b.Sources[name])
		}
	}
}

// Validate checks that every field is inside its range (see Fields), that
// os_reserve_gb is below memory_gb, and that prices_date reads "YYYY" or
// "YYYY-MM". Each violation is a *model.ParamError whose Field is the public
// name and whose Err is model.ErrOutOfRange; several are joined with
// errors.Join, so errors.As finds the first.
func (p Profile) Validate() error {
	var errs []error
	for i := range table {
		f := &table[i]
		if err := f.check(f.get(&p.Values)); err != nil {
			errs = append(errs, err)
		}
	}
	switch n := p.Values.Node; {
	case byName["vcpus"].check(float64(n.VCPUs)) != nil: // out of its own range, said above
	case n.VCPUs > n.MaxVCPUs:
		errs = append(errs, &model.ParamError{Field: "vcpus", Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%d above max_vcpus %d, the largest size of the node's instance family", n.VCPUs, n.MaxVCPUs)})
	case n.VCPUs < n.MinVCPUs:
		errs = append(errs, &model.ParamError{Field: "vcpus", Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%d below min_vcpus %d, the smallest size of the node's instance family", n.VCPUs, n.MinVCPUs)})
	}
	if mem, reserve := p.Values.Node.Memory, p.Values.Node.OSReserve; reserve >= mem {
		errs = append(errs, &model.ParamError{Field: "os_reserve_gb", Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%g GB not below memory_gb %g", float64(reserve/model.GB), float64(mem/model.GB))})
	}
	if !validDate(p.Values.Prices.Date) {
		errs = append(errs, &model.ParamError{Field: pricesDateField, Err: model.ErrOutOfRange,
			Detail: fmt.Sprintf("%q is not YYYY or YYYY-MM", p.Values.Prices.Date)})
	}
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	default:
		return errors.Join(errs...)
	}
}

// validDate reports whether d reads "YYYY" or "YYYY-MM".
func validDate(d string) bool {
	for _, layout := range []string{"2006", "2006-01"} {
		if _, err := time.Parse(layout, d); err == nil {
			return true
		}
	}
	return false
}
