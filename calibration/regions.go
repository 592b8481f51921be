package calibration

import "github.com/pgarch/pgarch/model"

// regionRTTs returns a fresh copy of the region round-trip matrix: the six
// AWS regions whose rows calibration.md §3.3 lists, so that every pair is
// measured, in ms. Source (S): cloudping.co p50 round trips between AWS
// regions (snapshot ≈ 2025, calibration.md §3.3), each pair the mean of its
// two measured directions; Azure profiles take them over as stand-ins (U).
func regionRTTs() model.RegionRTTs {
	ms := map[string]map[string]float64{
		"us-east-1":      {"us-west-2": 64, "eu-central-1": 93, "ap-northeast-1": 150, "ap-southeast-2": 200, "sa-east-1": 115},
		"us-west-2":      {"eu-central-1": 142.5, "ap-northeast-1": 98.5, "ap-southeast-2": 141, "sa-east-1": 175},
		"eu-central-1":   {"ap-northeast-1": 227.5, "ap-southeast-2": 251.5, "sa-east-1": 204.5},
		"ap-northeast-1": {"ap-southeast-2": 106.5, "sa-east-1": 258.5},
		"ap-southeast-2": {"sa-east-1": 312},
	}
	out := make(model.RegionRTTs, len(ms))
	for a, row := range ms {
		out[a] = make(map[string]model.Time, len(row))
		for b, v := range row {
			out[a][b] = model.Time(v) * model.Millisecond
		}
	}
	return out
}
