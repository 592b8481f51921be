package calibration_test

import (
	"encoding/json"
	"fmt"

	"github.com/pgarch/pgarch/calibration"
)

func ExampleLookup() {
	p, ok := calibration.Lookup("aws-gp3")
	if !ok {
		return
	}
	if err := p.Set("network_fsync_latency_us", 800); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Values.Network.FsyncLatency, p.Sources["network_fsync_latency_us"])
	fmt.Println(p.Set("network_iops", 1e9))
	// Output:
	// 800µs override
	// model: network_iops: out of range: 1e+09 IOPS not in [100, 400000]
}

func ExampleProfile_UnmarshalJSON() {
	var p calibration.Profile
	in := `{"name": "aws-io2", "rtt_cross_region_ms": 70}`
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name, p.Values.RTT.CrossRegion, p.Values.Network.FsyncLatency)

	err := json.Unmarshal([]byte(`{"name": "aws-io2", "fsync_ms": 1}`), &p)
	fmt.Println(err)
	// Output:
	// aws-io2 70ms 400µs
	// model: fsync_ms: unknown value
}
