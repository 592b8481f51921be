package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pgarch/pgarch/calibration"
	"github.com/pgarch/pgarch/decide"
)

// ADROptions are the parts of an architecture decision record that do not
// come from the recommendation.
type ADROptions struct {
	// Date is the decision's date, YYYY-MM-DD. It is required: callers pass
	// today's date (tests a fixed one, so that the output is stable).
	Date string
	// Status is the MADR status: proposed (the default when empty),
	// rejected, accepted, deprecated, or "superseded by …" (e.g.
	// "superseded by ADR-0007"). A record without a feasible option can
	// only be proposed or rejected.
	Status string
	// DecisionMakers lists everyone involved in the decision (optional).
	DecisionMakers []string
}

// ErrADROptions reports an invalid date or status of an ADR.
var ErrADROptions = errors.New("api: adr")

var adrStatus = regexp.MustCompile(`^(proposed|rejected|accepted|deprecated|superseded by \S.*)$`)

// Validate checks the date (YYYY-MM-DD) and the status; errors wrap
// ErrADROptions.
func (o ADROptions) Validate() error {
	if _, err := time.Parse(time.DateOnly, o.Date); err != nil {
		return fmt.Errorf("%w: date %q: want YYYY-MM-DD", ErrADROptions, o.Date)
	}
	if o.Status != "" && !adrStatus.MatchString(o.Status) {
		return fmt.Errorf("%w: status %q: want proposed, rejected, accepted, deprecated or \"superseded by …\"", ErrADROptions, o.Status)
	}
	for _, m := range o.DecisionMakers {
		if strings.ContainsAny(m, "\r\n") {
			return fmt.Errorf("%w: decision maker %q spans lines", ErrADROptions, m)
		}
	}
	return nil
}

// WriteADR writes a recommendation as a complete architecture decision
// record in the MADR 4.0 layout (https://adr.github.io/madr/): front matter
// with status and date; Context and Problem Statement (the workload);
// Decision Drivers (the requirements); Considered Options (every option, in
// request order, each named by what sets it apart from other listings of
// its id); Decision Outcome with its Consequences and Confirmation (for the
// chosen architecture's family of systems: the load to offer, a failure
// drill, and numbered steps that compare measurements with the model's
// predictions); Pros and Cons of the Options with each option's figures;
// More Information (the profile and its sources, the model version and the
// request that reproduces the record). Every prediction is the response's,
// or the sum of its commit-path steps where one measurement covers several:
// the record formats, it never models. The output is ready to commit as
// docs/adr/NNNN-title.md.
//
// When nothing is feasible the title says so, the outcome lists the
// relaxations, and the status must be proposed or rejected.
func WriteADR(w io.Writer, resp RecommendResponse, opts ADROptions) error {
	if err := opts.Validate(); err != nil {
		return err
	}
	if opts.Status == "" {
		opts.Status = "proposed"
	}
	a := adr{resp: resp, opts: opts, chosen: -1, parts: optionParts(resp.Options)}
	a.names = optionNames(resp.Options, a.parts)
	a.title = adrTitle(resp, a.names)
	if resp.Recommendation != nil {
		a.chosen = slices.IndexFunc(resp.Options, func(o Option) bool { return o.Architecture == *resp.Recommendation })
		if a.chosen < 0 {
			return fmt.Errorf("%w: recommendation %q is not among the options", ErrADROptions, *resp.Recommendation)
		}
	} else if opts.Status != "proposed" && opts.Status != "rejected" {
		return fmt.Errorf("%w: status %q: no option meets the requirements, so the record can only be proposed or rejected", ErrADROptions, opts.Status)
	}
	a.frontMatter()
	a.line("# " + mdEscape(a.title))
	a.line("")
	a.context()
	a.drivers()
	a.considered()
	a.outcome()
	a.prosAndCons()
	if err := a.moreInformation(); err != nil {
		return err
	}
	_, err := io.WriteString(w, a.b.String())
	return err
}

// ADRTitle returns the record's title: "Use <option> for <workload>", or,
// when nothing is feasible, that no architecture meets the requirements.
// An option is named as in the record (see optionNames).
func ADRTitle(resp RecommendResponse) string {
	return adrTitle(resp, optionNames(resp.Options, optionParts(resp.Options)))
}

// adrTitle is ADRTitle with the options' names already known.
func adrTitle(resp RecommendResponse, names []string) string {
	if resp.Recommendation == nil {
		return "No PostgreSQL architecture meets the requirements for " + workloadSummary(resp.Workload)
	}
	name := *resp.Recommendation
	if i := slices.IndexFunc(resp.Options, func(o Option) bool { return o.Architecture == name }); i >= 0 {
		name = lowerName(names[i]) + ownNode(resp.Options[i])
	}
	if strings.Contains(name, ", ") { // a name that lists choices ends before "for"
		name += ","
	}
	return "Use " + name + " for " + workloadSummary(resp.Workload)
}

// ownNode is " on N vCPUs" (on Neon " on N compute units") where an
// option runs on nodes of its own size, not the profile's (recommend sized
// it to the load, or the request gave it: review of 2026-11-28, a record
// chose 2-vCPU nodes and named only the profile's r6i.2xlarge), and " with
// network volumes" where recommend moved it off its local disks; ""
// otherwise.
func ownNode(o Option) string {
	var s string
	if c := o.Result.Config; c.VCPUs != 0 {
		s = " on " + c.nodeSize(o.Result.NodeVCPUs)
	}
	if slices.ContainsFunc(o.Configured, func(c Change) bool { return c.Requirement == "storage" }) {
		s += " with network volumes"
	}
	return s
}

// ADRSlug returns the title as a file name stem: lower case, words joined
// by hyphens ("use-hot-standby-for-20000-reads-s-…").
func ADRSlug(resp RecommendResponse) string { return slug(ADRTitle(resp)) }

func slug(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
		default:
			hyphen = true
		}
	}
	return b.String()
}

// adr writes one record.
type adr struct {
	b      strings.Builder
	resp   RecommendResponse
	opts   ADROptions
	chosen int // index into resp.Options; -1 when nothing is feasible
	// parts are each option's configuration as evaluated, and names the
	// options' names derived from them (see optionNames); both are indexed
	// like resp.Options.
	parts [][]configPart
	names []string
	title string
}

func (a *adr) printf(format string, args ...any) { fmt.Fprintf(&a.b, format, args...) }
func (a *adr) line(s string)                     { a.b.WriteString(s + "\n") }

func (a *adr) frontMatter() {
	a.line("---")
	a.line("status: " + yamlScalar(a.opts.Status))
	a.line("date: " + a.opts.Date)
	if len(a.opts.DecisionMakers) > 0 {
		a.line("decision-makers: " + yamlScalar(strings.Join(a.opts.DecisionMakers, ", ")))
	}
	a.line("---")
	a.line("")
}

func (a *adr) context() {
	w, p := a.resp.Workload, a.resp.Profile
	a.line("## Context and Problem Statement")
	a.line("")
	a.printf("Which PostgreSQL architecture should serve this workload, and what does each alternative cost? pgarch (model %s) evaluated %d options with queueing models on the `%s` profile and judged each against the requirements below.\n\n",
		mdEscape(a.resp.ModelVersion), len(a.resp.Options), codeText(p.Name))
	a.line("The workload:")
	a.line("")
	load := fmt.Sprintf("%s point reads/s and %s write transactions/s (%d statements and %d client round trips each)",
		num(val(w.ReadsPerSec)), num(val(w.WritesPerSec)), ival(w.StatementsPerTxn), ival(w.RoundTripsPerTxn))
	if v := val(w.AnalyticalPerSec); v > 0 {
		load += fmt.Sprintf(", %s analytical queries/s scanning %s GB each", num(v), num(val(w.ScanGBPerQuery)))
	}
	if c := ival(w.Clients); c > 0 {
		a.printf("* Load: closed, %d clients with %s ms think time, in the mix of %s; throughput is an output.\n", c, num(val(w.ThinkTimeMs)), load)
	} else {
		a.printf("* Load: open, %s offered.\n", load)
	}
	a.printf("* Data: %s GB, of which a working set of %s GB receives %s of page accesses; rows of %s bytes; a write transaction reads %s and dirties %s random pages and appends %s.\n",
		num(val(w.DataSizeGB)), num(val(w.WorkingSetGB)), pct(val(w.HotAccessFraction)), num(val(w.RowBytes)),
		num(val(w.PagesReadPerTxn)), num(val(w.PagesWrittenPerTxn)), rows(val(w.RowsInsertedPerTxn)))
	records := num(val(w.WALRecordBytesPerTxn)) + " bytes"
	if m, err := w.model(); err == nil && float64(m.RecordBytes()) > val(w.WALRecordBytesPerTxn) {
		records = fmt.Sprintf("%s bytes (%s given: its inserted rows are logged whole)", num(float64(m.RecordBytes())), records)
	}
	a.printf("* CPU: %s ms per point read, %s ms per write statement; %s of WAL records per write transaction.\n",
		num(val(w.CPUMsPerRead)), num(val(w.CPUMsPerStatement)), records)
	if len(w.ClientRegionWeights) > 0 {
		a.printf("* Clients: %d sessions, in %s.\n", ival(w.Sessions), regionList(w.ClientRegionWeights))
	} else {
		a.printf("* Clients: %d sessions, %s ms round trip to the database.\n", ival(w.Sessions), num(val(w.ClientRTTMs)))
	}
	a.printf("* Reads after writes: a writer reads %s ms after its commit; %s of reads may go to replicas%s.\n",
		num(val(w.ReadAfterWriteMs)), pct(val(w.ReplicaReadFraction)), map[bool]string{true: ", each session staying on one node", false: ""}[bval(w.SessionAffinity)])
	if h := ival(w.HotRows); h > 0 {
		a.printf("* Contention: %s of write transactions update one of %d hot rows, with %d statements after the update.\n",
			pct(val(w.HotRowWriteFraction)), h, ival(w.StatementsAfterHotWrite))
	}
	reference := ""
	if r := val(w.ReferenceWriteFraction); r > 0 {
		reference = fmt.Sprintf(", %s write a reference table on every worker (%s of those only insert)", pct(r), pct(val(w.ReferenceInsertFraction)))
	}
	tenant := ""
	if f := val(w.LargestTenantFraction); f > 0 {
		tenant = fmt.Sprintf("; the largest tenant carries %s of the routed load and data", pct(f))
	}
	a.printf("* Distribution: %s of writes touch several shards or nodes%s%s; %s of updates compute the row's new value from its old, over %s keys.\n",
		pct(val(w.MultiNodeWriteFraction)), reference, tenant, pct(val(w.RMWUpdateFraction)), num(val(w.ConflictKeys)))
	a.line("")
	a.printf("The profile, `%s`: %s\n\n", codeText(p.Name), mdEscape(p.Description))
}

func (a *adr) drivers() {
	r := a.resp.Requirements
	a.line("## Decision Drivers")
	a.line("")
	if r.P99ReadMs != nil {
		a.printf("* Point reads: p99 at most %s ms (`p99_read_ms`).\n", decide.FormatLimit(*r.P99ReadMs))
	}
	if r.P99WriteMs != nil {
		a.printf("* Write transactions: p99 at most %s ms (`p99_write_ms`).\n", decide.FormatLimit(*r.P99WriteMs))
	}
	if r.P99ReadMs == nil && r.P99WriteMs == nil {
		a.line("* No p99 latency target was given: latency only breaks ties, after simplicity and cost.")
	}
	// RPO and RTO bind a node failure and every failure to survive.
	failures := "a node failure"
	for _, kind := range r.Survive {
		if kind != "node" {
			failures += " or a " + mdEscape(kind) + " failure"
		}
	}
	switch {
	case r.RPOSeconds == nil:
	case *r.RPOSeconds == 0:
		a.printf("* Durability: %s loses no committed transaction (`rpo_seconds: 0`).\n", failures)
	default:
		a.printf("* Durability: %s loses at most %s s of committed transactions (`rpo_seconds`).\n", failures, decide.FormatLimit(*r.RPOSeconds))
	}
	if r.RTOSeconds != nil {
		a.printf("* Availability: writes are accepted again at most %s s after %s (`rto_seconds`).\n", decide.FormatLimit(*r.RTOSeconds), failures)
	}
	for _, kind := range r.Survive {
		a.printf("* Survive the loss of a %s: a copy outside it takes over (`survive: %s`).\n", mdEscape(kind), codeText(kind))
	}
	if r.RPOSeconds == nil && r.RTOSeconds == nil && len(r.Survive) == 0 {
		a.line("* No availability requirement was given (`rpo_seconds`, `rto_seconds`, `survive`): what a failure costs is reported below, not weighed.")
	}
	for _, g := range []struct {
		on   bool
		text string
	}{
		{r.ReadYourWrites, "Read-your-writes: a client's read sees its own commits (`read_your_writes`)."},
		{r.MonotonicReads, "Monotonic reads: a client never sees an older state after a newer one (`monotonic_reads`)."},
		{r.SnapshotIsolation, "Snapshot isolation across the whole database (`snapshot_isolation`)."},
	} {
		if g.on {
			a.line("* " + g.text)
		}
	}
	switch lost := r.LostUpdatesPerSec; {
	case lost == nil:
	case *lost == 0:
		a.line("* Correctness: no committed update is silently overwritten by a concurrent one (`lost_updates_per_sec: 0`).")
	default:
		a.printf("* Correctness: at most %s committed updates per second may be silently overwritten by concurrent ones (`lost_updates_per_sec`).\n", num(*lost))
	}
	if r.TargetUtilization != nil {
		if ival(a.resp.Workload.Clients) > 0 {
			a.printf("* Headroom: auto-sized counts aim at %s utilisation of the busiest resource (`target_utilization: %s`); under closed load throughput is an output, not a requirement.\n",
				pct(*r.TargetUtilization), num(*r.TargetUtilization))
		} else {
			a.printf("* Throughput with headroom: the offered load with the busiest resource at most %s utilised (`target_utilization: %s`); auto-sized counts aim at the same target.\n",
				pct(*r.TargetUtilization), num(*r.TargetUtilization))
		}
	}
	a.line("* Simplicity, the lecture's advice: every distributed architecture trades away some of a single node's efficiency, above all its low latency, so do not pay for distribution without need. Options that meet every requirement are ranked simplest first, then cheapest, then by latency headroom.")
	a.printf("* Cost: a more complex option is chosen over a simpler one that also meets every requirement only if it costs under %s as much.\n", factorText(decide.CheaperFactor))
	a.line("")
}

func (a *adr) considered() {
	a.line("## Considered Options")
	a.line("")
	for i, o := range a.resp.Options {
		t := architectureText[baseID(o.Architecture)]
		s := fmt.Sprintf("* %s (`%s`)", mdBlock(a.names[i]), codeText(o.Architecture))
		switch t.mechanism {
		case "":
		case "none":
			s += ": nothing distributed"
		default:
			s += fmt.Sprintf(": distributes the %s layer by %s", mdEscape(t.layer), mdEscape(t.mechanism))
		}
		if len(t.examples) > 0 {
			s += "; e.g. " + mdEscape(strings.Join(t.examples, ", "))
		}
		a.line(s + ".")
	}
	a.line("")
}

func (a *adr) outcome() {
	a.line("## Decision Outcome")
	a.line("")
	if a.chosen < 0 {
		a.printf("Chosen option: none, because none of the %d options meets every requirement. The requirements must be relaxed, or the workload reduced, before an architecture can be chosen.\n\n", len(a.resp.Options))
		if len(a.resp.Relax) == 0 {
			a.line("No relaxation of the requirements or the load makes an option feasible here; what rules each out is under Pros and Cons of the Options (a node whose data does not fit its disk needs more nodes to split it, or a larger disk).")
			a.line("")
			return
		}
		a.line("What makes each option feasible, in pgarch's order (options that need only requirements relaxed first, then the smallest changes):")
		a.line("")
		for _, rl := range a.resp.Relax {
			var ds []string
			for _, c := range rl.Changes {
				ds = append(ds, c.Detail)
			}
			a.printf("* %s (`%s`): %s.\n", mdEscape(a.titleOf(rl.Architecture)), codeText(rl.Architecture), mdEscape(strings.Join(ds, "; ")))
		}
		a.line("")
	} else {
		o, name := a.resp.Options[a.chosen], a.names[a.chosen]
		because := "it ranks first among the options that meet every requirement"
		if len(a.resp.Rationale) > 0 {
			if rest, ok := strings.CutPrefix(a.resp.Rationale[0], o.Architecture+" is recommended"); ok {
				because = "it ranks first" + strings.TrimSuffix(rest, ".")
			}
		}
		a.printf("Chosen option: \"%s\"%s, because %s.\n\n", mdEscape(name), ownNode(o), mdEscape(because))
	}
	a.line("The rationale, as pgarch gives it:")
	a.line("")
	for _, s := range a.resp.Rationale {
		a.line("* " + mdBlock(s))
	}
	a.line("")

	a.line("### Consequences")
	a.line("")
	if a.chosen < 0 {
		a.printf("* Bad, because no architecture can be adopted while the requirements stand: each of the %d options misses at least one (see Pros and Cons of the Options).\n", len(a.resp.Options))
		if len(a.resp.Relax) > 0 {
			rl := a.resp.Relax[0]
			var ds []string
			for _, c := range rl.Changes {
				ds = append(ds, c.Detail)
			}
			a.printf("* Neutral, because pgarch's first relaxation, %s, makes %s feasible; its consequences are those listed for it below.\n",
				mdEscape(strings.Join(ds, "; ")), mdEscape(a.titleOf(rl.Architecture)))
		}
	} else {
		for _, p := range a.points(a.resp.Options[a.chosen], true) {
			a.line("* " + p)
		}
	}
	a.line("")

	a.line("### Confirmation")
	a.line("")
	if a.chosen < 0 {
		change := "Agree on a relaxation, re-run pgarch with the relaxed requirements"
		if len(a.resp.Relax) == 0 {
			change = "Change what rules the options out (storage, instance size, the options considered), re-run pgarch"
		}
		a.line(change + " (the request and commands under More Information), and confirm that an option becomes feasible; its record then says how to confirm it after deployment.")
		a.line("")
		return
	}
	a.confirmation(a.resp.Options[a.chosen], a.names[a.chosen])
}

func (a *adr) prosAndCons() {
	a.line("## Pros and Cons of the Options")
	a.line("")
	for i, o := range a.resp.Options {
		a.printf("### %s (`%s`)\n\n", mdEscape(a.names[i]), codeText(o.Architecture))
		if i := slices.Index(a.resp.Ranking, o.Architecture); i >= 0 {
			a.printf("Meets every requirement; ranked %d of %d.", i+1, len(a.resp.Ranking))
			if len(o.Configured) > 0 {
				var ds, why []string
				for _, c := range o.Configured {
					ds = append(ds, c.Detail)
				}
				for _, rs := range o.ReasonsAsListed {
					why = append(why, rs.Detail)
				}
				if len(why) == 0 { // a smaller node than the profile's
					a.printf(" Configured with %s.", mdEscape(strings.Join(ds, "; ")))
				} else {
					a.printf(" Configured with %s; as listed it is ruled out: %s.", mdEscape(strings.Join(ds, "; ")), mdEscape(strings.Join(why, "; ")))
				}
			}
		} else {
			var ds []string
			for _, rs := range o.Reasons {
				ds = append(ds, rs.Detail)
			}
			a.printf("Ruled out: %s.", mdEscape(strings.Join(ds, "; ")))
		}
		a.printf(" Evaluated as %s.\n\n", mdEscape(configText(o.Result, a.parts[i])))
		for _, p := range a.points(o, false) {
			a.line("* " + p)
		}
		a.line("")
	}
}

// points are an option's figures as Good/Neutral/Bad arguments: Good or
// Bad against a requirement that was given, the ruled-out reasons' figures
// Bad; then the lecture's pros and cons that apply to this workload.
// Warnings are added for the chosen option's consequences.
func (a *adr) points(o Option, warnings bool) []string {
	b := bullets{missed: map[string]bool{}}
	for _, rs := range o.Reasons {
		b.missed[rs.Requirement] = true
	}
	a.latencyPoints(&b, o.Result)
	a.capacityPoints(&b, o.Result)
	a.availabilityPoints(&b, o.Result)
	a.consistencyPoints(&b, o.Result)
	a.costPoints(&b, o.Result, warnings)
	return b.out
}

// bullets collects an option's Good/Neutral/Bad arguments; missed are the
// requirements it is ruled out by.
type bullets struct {
	out    []string
	missed map[string]bool
}

func (b *bullets) add(v, text string) { b.out = append(b.out, v+", because "+text) }

// verdict is Bad for a missed requirement, Good for one given and met,
// Neutral where none was given.
func (b *bullets) verdict(requirement string, given bool) string {
	switch {
	case b.missed[requirement]:
		return "Bad"
	case given:
		return "Good"
	}
	return "Neutral"
}

// target writes a latency target, or nothing where none was given.
func target(t *float64) string {
	if t == nil {
		return ""
	}
	return fmt.Sprintf(" (target %s ms)", decide.FormatLimit(*t))
}

// latencyPoints are the p99 latencies against their targets.
func (a *adr) latencyPoints(b *bullets, r Result) {
	req := a.resp.Requirements
	if r.Read != nil {
		b.add(b.verdict("p99_read_ms", req.P99ReadMs != nil), fmt.Sprintf("its p99 point-read latency is %s%s", msProse(r.Read.P99Ms), target(req.P99ReadMs)))
	}
	if r.Write != nil {
		b.add(b.verdict("p99_write_ms", req.P99WriteMs != nil), fmt.Sprintf("its p99 write-transaction latency is %s%s", msProse(r.Write.P99Ms), target(req.P99WriteMs)))
	}
}

// capacityPoints are how far the load can grow, or what binds it, and the
// cache and IOPS it needs.
func (a *adr) capacityPoints(b *bullets, r Result) {
	switch {
	case r.FallsBehind:
		// A copy's replay, apply or decoding falls behind; the requests
		// are served (review of 2026-11-26: "saturates" beside "writes
		// are not slowed").
		at := "the offered load"
		if ival(a.resp.Workload.Clients) > 0 {
			at = "the load its clients reach"
		}
		s := fmt.Sprintf("its copies fall behind on %s at %s, without bound", mdEscape(r.Bottleneck), at)
		if r.MaxThroughputScale != nil {
			s += fmt.Sprintf(" (replication keeps up with %s× of it)", num(*r.MaxThroughputScale))
		}
		b.add("Bad", s)
	case r.Saturated:
		s := fmt.Sprintf("it saturates on %s at the offered load", mdEscape(r.Bottleneck))
		if r.MaxThroughputScale != nil {
			s += fmt.Sprintf(" (it carries %s× of it)", num(*r.MaxThroughputScale))
		}
		if a, err := r.Config.model(); err == nil && !a.HoldsRequests(r.Bottleneck) {
			// Its requests saturate too, past a copy that falls behind
			// first (the warnings name where).
			s = fmt.Sprintf("it saturates at the offered load, and its copies fall behind on %s before that", mdEscape(r.Bottleneck))
			if r.MaxThroughputScale != nil {
				s += fmt.Sprintf(" (replication keeps up with %s× of it)", num(*r.MaxThroughputScale))
			}
		}
		b.add("Bad", s)
	case r.MaxThroughputScale == nil:
		b.add("Good", "no resource limits its throughput")
	case ival(a.resp.Workload.Clients) > 0:
		// A closed load's throughput is an output, what its clients reach,
		// compared across the options (review of 2026-11-27: "Good,
		// because the offered load can grow 1×" at the ceiling).
		b.add("Neutral", closedThroughput(r, ival(a.resp.Workload.Clients), *r.MaxThroughputScale))
	default:
		v := "Good"
		if b.missed["target_utilization"] || b.missed["throughput"] {
			v = "Bad"
		}
		limit := "saturates"
		if a, err := r.Config.model(); err == nil && !a.HoldsRequests(r.Bottleneck) {
			limit = "falls behind" // a copy's replication: no request waits there
		}
		b.add(v, fmt.Sprintf("the offered load can grow %s× before %s %s", num(*r.MaxThroughputScale), mdEscape(r.Bottleneck), limit))
	}
	cache := fmt.Sprintf("%s of page reads are served from memory (%s from shared_buffers); the device needs %s IOPS", pct(r.CacheHitRatio), pct(r.SharedBuffersHitRatio), num(r.IOPSDemandPerSec))
	if c := r.IOPSCeilingPerSec; c != nil {
		cache += map[bool]string{true: ", beyond its ", false: " of its "}[r.IOPSDemandPerSec > *c] + num(*c) + " ceiling"
	}
	b.add("Neutral", cache)

}

// availabilityPoints are the RPO, RTO and the failures survived.
func (a *adr) availabilityPoints(b *bullets, r Result) {
	req := a.resp.Requirements
	av := r.Availability
	switch {
	case av.RPOSeconds == nil:
		b.add("Bad", "its RPO is unbounded: replication cannot keep up")
	default:
		v := b.verdict("rpo_seconds", req.RPOSeconds != nil)
		if v == "Neutral" {
			v = map[bool]string{true: "Good", false: "Bad"}[*av.RPOSeconds == 0]
		}
		s := fmt.Sprintf("a node failure loses %s s of committed transactions (RPO)", num(*av.RPOSeconds))
		if *av.RPOSeconds == 0 {
			s = "a node failure loses no committed transaction (RPO 0 s)"
		}
		if d := av.RPOSecondsDegraded; d != nil {
			s += fmt.Sprintf("; up to %s s after a synchronous standby fails, while replication runs asynchronously", num(*d))
		}
		var losing []string // the survived failures that lose transactions, said first when Bad
		for _, f := range survived(av, req.Survive) {
			lost := "loses none"
			switch {
			case f.RPOSeconds == nil:
				lost = "loses an unbounded amount"
			case *f.RPOSeconds > 0:
				lost = "loses " + secondsProse(f.RPOSeconds)
			}
			part := "a " + mdEscape(f.Kind) + " failure " + lost
			if lost != "loses none" && v == "Bad" && *av.RPOSeconds == 0 {
				losing = append(losing, part)
				continue
			}
			s += "; " + part
		}
		if len(losing) > 0 {
			s = strings.Join(losing, "; ") + ", while " + s
		}
		b.add(v, s)
	}
	rto := "after a node failure writes resume in " + secondsProse(av.RTOSeconds) + " (RTO)"
	for _, f := range av.Failures {
		if f.Kind == "node" {
			rto += ": " + mdEscape(f.Action)
		}
	}
	for _, f := range survived(av, req.Survive) {
		rto += fmt.Sprintf("; after a %s failure in %s: %s", mdEscape(f.Kind), secondsProse(f.RTOSeconds), mdEscape(f.Action))
	}
	b.add(b.verdict("rto_seconds", req.RTOSeconds != nil), rto)
	switch {
	case b.missed["survive"]:
		b.add("Bad", "it does not survive "+mdEscape(survivesMissing(req.Survive, av.Survives))+" failures"+survivesText(av.Survives))
	case len(av.Survives) > 0:
		b.add("Good", "it survives "+mdEscape(strings.Join(av.Survives, ", "))+" failures")
	default:
		b.add("Bad", "it survives no failure: a node failure means downtime and, with the disk, data loss")
	}

}

// consistencyPoints are the guarantees given and required.
func (a *adr) consistencyPoints(b *bullets, r Result) {
	c := r.Consistency
	var given []string
	for _, g := range []struct{ name, state, requirement string }{
		{"read-your-writes", c.ReadYourWrites, "read_your_writes"},
		{"monotonic reads", c.MonotonicReads, "monotonic_reads"},
		{"snapshot isolation", c.SnapshotIsolation, "snapshot_isolation"},
		{"a linear history", c.LinearHistory, ""},
	} {
		if g.state == "guaranteed" {
			given = append(given, g.name)
			continue
		}
		s := "it does not guarantee " + g.name
		switch {
		case g.requirement == "read_your_writes" && c.StaleReadProbability != nil:
			s += fmt.Sprintf(" (a read %s ms after a commit misses it with probability %s)", num(val(a.resp.Workload.ReadAfterWriteMs)), decide.FormatProbability(*c.StaleReadProbability))
		case g.requirement == "monotonic_reads" && c.MonotonicViolationProbability != nil:
			s += fmt.Sprintf(" (violated with probability %s)", decide.FormatProbability(*c.MonotonicViolationProbability))
		case g.requirement == "" && c.ConflictsPerSec != nil:
			s += fmt.Sprintf(" (%s update conflicts/s", num(*c.ConflictsPerSec))
			if l := c.LostUpdatesPerSec; l != nil {
				s += fmt.Sprintf(", %s lost updates/s", num(*l))
			}
			s += ")"
		}
		v := "Neutral"
		if g.requirement != "" && b.missed[g.requirement] {
			v = "Bad"
		}
		b.add(v, s)
	}
	if len(given) > 0 {
		b.add("Good", "it guarantees "+joinAnd(given))
	}
}

// costPoints are the bill, the lecture's pros and cons, and, for the
// chosen option, the engine's warnings.
func (a *adr) costPoints(b *bullets, r Result, warnings bool) {
	cost := "it costs " + costText(r.CostUSDPerMonth) + ", an estimate from list prices dated " + mdEscape(a.resp.Profile.Values.Prices.Date)
	if x := r.CostUSDPerMonth.Excludes; x != "" {
		cost += "; machines only, without " + mdEscape(x)
	}
	b.add("Neutral", cost)
	for _, p := range r.Pros {
		if p.Applies {
			b.add("Good", "the lecture's pro applies here: “"+mdEscape(p.Text)+"”")
		}
	}
	for _, p := range r.Cons {
		if p.Applies {
			b.add("Bad", "the lecture's con applies here: “"+mdEscape(p.Text)+"”")
		}
	}
	if warnings {
		for _, s := range r.Warnings {
			b.add("Neutral", "the model warns: "+mdEscape(s))
		}
	}
}

func (a *adr) moreInformation() error {
	a.line("## More Information")
	a.line("")
	p := a.resp.Profile
	a.printf("Generated by pgarch, model version %s, on the `%s` profile: %s Every figure above is the model's, from the same evaluation as `pgarch recommend -o json`; costs are estimates from list prices dated %s.\n\n",
		mdEscape(a.resp.ModelVersion), codeText(p.Name), mdEscape(p.Description), mdEscape(p.Values.Prices.Date))
	a.line("Revisit the decision when the workload or the requirements change, or when measurements (see Confirmation) differ from the predictions: calibrate a profile from them (`pgarch calibrate`) and run pgarch again.")
	a.line("")

	req, err := a.request()
	if err != nil {
		return err
	}
	a.line("To reproduce this record, save the request below as `request.json` and run")
	a.line("")
	a.line("```sh")
	args := "pgarch adr -f request.json --date " + a.opts.Date
	if a.opts.Status != "proposed" {
		args += " --status " + shellQuote(a.opts.Status)
	}
	a.line(args + " -o docs/adr/NNNN-" + slug(a.title) + ".md")
	a.line("```")
	a.line("")
	a.line("or ask a running `pgarch serve` (which dates the record today):")
	a.line("")
	a.line("```sh")
	a.line("curl -s 'http://localhost:8080/v1/recommend?format=md' -H 'Content-Type: application/json' -d @request.json")
	a.line("```")
	a.line("")
	a.line("```json")
	a.b.Write(req)
	a.line("```")
	a.line("")

	a.printf("The profile's figures and their sources (P primary, S secondary, D derived, U uncertain; \"override\" where the request changed the value):\n\n")
	vals, err := profileValues(p)
	if err != nil {
		return err
	}
	a.line("| Field | Value | Source |")
	a.line("| --- | ---: | --- |")
	for _, f := range calibration.Fields() {
		a.printf("| `%s` | %s | %s |\n", cell(f.Name), cell(vals[f.Name]), cell(mdEscape(p.Sources[f.Name])))
	}
	a.printf("| `prices_date` | %s | %s |\n", cell(mdEscape(p.Values.Prices.Date)), cell(mdEscape(p.Sources["prices_date"])))
	return nil
}

// request is the JSON request that reproduces the recommendation: the
// workload and requirements as evaluated, the profile (its name, with the
// fields that differ from the built-in profile of that name, or complete
// when it is not built in) and the architectures as evaluated, with
// auto-sized counts left to auto-sizing again and a configured option as
// listed, so that the recommendation configures it again.
func (a *adr) request() ([]byte, error) {
	type request struct {
		Workload      Workload           `json:"workload"`
		Requirements  Requirements       `json:"requirements"`
		Profile       any                `json:"profile"`
		Architectures []ArchitectureSpec `json:"architectures"`
	}
	req := request{Workload: a.resp.Workload, Requirements: a.resp.Requirements}
	prof, err := profileRequest(a.resp.Profile)
	if err != nil {
		return nil, err
	}
	req.Profile = prof
	for _, o := range a.resp.Options {
		spec, s := o.Result.Config, o.Result.Sizing
		if len(o.Configured) > 0 {
			spec = o.listed
		}
		// A storage the request gives is its own, which recommend keeps
		// (review of 2026-11-28: the record's request listed the presets'
		// local disks, and chose otherwise than the record).
		spec.Storage = o.storage
		if s.AutoSized {
			switch {
			case s.WorkersRequired > 0:
				spec.Workers = 0
			case s.NodesRequired > 0:
				spec.Nodes = 0
			case s.Replicas > 0:
				spec.Replicas = 0
			}
		}
		req.Architectures = append(req.Architectures, spec)
	}
	b, err := json.MarshalIndent(req, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("api: adr: request: %w", err)
	}
	return append(b, '\n'), nil
}

// profileRequest is the profile as a request gives it: the name of an
// unchanged built-in profile, the name and the changed fields of a
// built-in one, or every field of a custom one with its sources.
func profileRequest(p calibration.Profile) (any, error) {
	got, err := profileValuesRaw(p)
	if err != nil {
		return nil, err
	}
	builtin, ok := calibration.Lookup(p.Name)
	if !ok {
		out := map[string]any{"name": p.Name, "description": p.Description, "sources": p.Sources}
		for k, v := range got {
			out[k] = v
		}
		return out, nil
	}
	base, err := profileValuesRaw(builtin)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	for k, v := range got {
		if fmt.Sprint(base[k]) != fmt.Sprint(v) {
			out[k] = v
		}
	}
	if len(out) == 0 {
		return p.Name, nil
	}
	out["name"] = p.Name
	return out, nil
}

// profileValuesRaw returns the profile's public fields (and prices_date) in
// their JSON form.
func profileValuesRaw(p calibration.Profile) (map[string]any, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("api: adr: profile: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("api: adr: profile: %w", err)
	}
	delete(m, "name")
	delete(m, "description")
	delete(m, "sources")
	return m, nil
}

// profileValues returns the profile's public fields formatted with their
// units.
func profileValues(p calibration.Profile) (map[string]string, error) {
	raw, err := profileValuesRaw(p)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range calibration.Fields() {
		v, _ := raw[f.Name].(float64)
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if f.Unit != "1" && f.Unit != "" {
			s += " " + f.Unit
		}
		out[f.Name] = s
	}
	return out, nil
}

// titleOf returns the name of the option with the given label.
func (a *adr) titleOf(label string) string {
	if i := slices.IndexFunc(a.resp.Options, func(o Option) bool { return o.Architecture == label }); i >= 0 {
		return a.names[i]
	}
	return label
}

// optionNames names the options: an architecture's human name from the
// catalogue, and, when the request lists its id more than once, what sets
// each listing apart, the configuration parts in which they differ
// ("Hot standby, ANY 1 of cross-zone + cross-region standbys"). Listings
// that do not differ in any part keep their label's number
// ("Hot standby #2").
func optionNames(opts []Option, parts [][]configPart) []string {
	names := make([]string, len(opts))
	for i, o := range opts {
		id, _, _ := strings.Cut(o.Architecture, "#")
		names[i] = architectureText[id].name
		if names[i] == "" {
			names[i] = id
		}
	}
	for i, o := range opts {
		id, n, dup := strings.Cut(o.Architecture, "#")
		if !dup {
			continue
		}
		// The fields in which some other listing of the id differs.
		differs := map[string]bool{}
		for j, p := range opts {
			if j != i && baseID(p.Architecture) == id {
				for f := range partsDiffer(parts[i], parts[j]) {
					differs[f] = true
				}
			}
		}
		var texts []string
		for _, p := range parts[i] {
			if differs[p.field] {
				texts = append(texts, p.text)
			}
		}
		if len(texts) == 0 {
			names[i] += " #" + n
			continue
		}
		names[i] += ", " + strings.Join(texts, ", ")
	}
	// Listings that differ only from others, not from each other, share
	// a name: number them.
	collides := make([]bool, len(opts))
	for i := range opts {
		for j := range opts {
			collides[i] = collides[i] || j != i && names[j] == names[i]
		}
	}
	for i, o := range opts {
		if _, n, dup := strings.Cut(o.Architecture, "#"); dup && collides[i] {
			names[i] += " #" + n
		}
	}
	return names
}

// partsDiffer returns the fields whose parts differ between two
// configurations (present in one only, or with another text).
func partsDiffer(a, b []configPart) map[string]bool {
	text := map[string]string{}
	for _, p := range a {
		text[p.field] = p.text
	}
	out := map[string]bool{}
	for _, p := range b {
		if t, ok := text[p.field]; !ok || t != p.text {
			out[p.field] = true
		}
		delete(text, p.field)
	}
	for f := range text {
		out[f] = true
	}
	return out
}

func baseID(label string) string {
	id, _, _ := strings.Cut(label, "#")
	return id
}

// lowerName lower-cases a name's first letter for use inside a sentence,
// unless it starts an acronym ("DBMS-optimised storage").
func lowerName(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(next) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// workloadSummary is the workload in a few words for the title.
func workloadSummary(w Workload) string {
	var parts []string
	if c := ival(w.Clients); c > 0 {
		parts = append(parts, fmt.Sprintf("%d clients", c))
	}
	if v := val(w.ReadsPerSec); v > 0 {
		parts = append(parts, num(v)+" reads/s")
	}
	if v := val(w.WritesPerSec); v > 0 {
		parts = append(parts, num(v)+" writes/s")
	}
	if v := val(w.AnalyticalPerSec); v > 0 {
		parts = append(parts, num(v)+" analytical queries/s")
	}
	s := joinAnd(parts)
	if s == "" {
		s = "an idle workload"
	}
	s += fmt.Sprintf(" on %s GB (%s GB working set)", num(val(w.DataSizeGB)), num(val(w.WorkingSetGB)))
	if len(w.ClientRegionWeights) > 0 {
		regions := make([]string, 0, len(w.ClientRegionWeights))
		for r := range w.ClientRegionWeights {
			regions = append(regions, r)
		}
		slices.Sort(regions)
		s += " from " + joinAnd(regions)
	}
	return s
}

func regionList(weights map[string]float64) string {
	regions := make([]string, 0, len(weights))
	for r := range weights {
		regions = append(regions, r)
	}
	slices.Sort(regions)
	parts := make([]string, len(regions))
	for i, r := range regions {
		parts[i] = fmt.Sprintf("%s (weight %s)", mdEscape(r), num(weights[r]))
	}
	return joinAnd(parts)
}

// configPart is one choice of an evaluated configuration: the request
// field it comes from (standbys and quorum together, replicas with their
// placement, nodes with theirs) and how it reads.
type configPart struct{ field, text string }

// optionParts returns each option's configuration parts (configParts).
func optionParts(opts []Option) [][]configPart {
	out := make([][]configPart, len(opts))
	for i, o := range opts {
		out[i] = configParts(o.Result.Config)
	}
	return out
}

// configParts describes a configuration as evaluated, one part per choice
// that is set, in the order of ArchitectureSpec's fields. It is the one
// description of a configuration: "Evaluated as" lists every part, an
// option's name the parts that set it apart (optionNames).
func configParts(c ArchitectureSpec) []configPart {
	var parts []configPart
	add := func(field, text string) { parts = append(parts, configPart{field, text}) }
	// placed adds a count of nodes and their placement, whichever is set.
	placed := func(field string, n int, placement, noun string) {
		switch {
		case n > 0 && placement != "":
			add(field, count(n, placement+" "+noun))
		case n > 0:
			add(field, count(n, noun))
		case placement != "":
			add(field, placement+" "+noun+" placement")
		}
	}
	if c.Storage != "" {
		add("storage", c.Storage+" storage")
	}
	if c.Replicas > 0 || c.ID == "read-replicas" { // no read replica, no placement to name
		placed("replicas", c.Replicas, c.ReplicaPlacement, "read replica")
	}
	standbys := strings.Join(c.Standbys, " + ")
	switch {
	case len(c.Standbys) > 0 && c.Quorum != "":
		add("standbys", c.Quorum+" of "+standbys+" standbys")
	case len(c.Standbys) == 1:
		add("standbys", standbys+" standby")
	case len(c.Standbys) > 1:
		add("standbys", standbys+" standbys")
	case c.Quorum != "":
		add("standbys", "quorum "+c.Quorum)
	}
	if c.StandbyReads {
		add("standby_reads", "reads on the standbys")
	}
	if c.SyncCommit != "" {
		add("sync_commit", "synchronous_commit "+c.SyncCommit)
	}
	if c.Variant != "" {
		add("variant", "variant "+c.Variant)
	}
	placed("nodes", c.Nodes, c.NodePlacement, "node")
	if c.Workers > 0 {
		add("workers", count(c.Workers, "worker"))
	}
	if c.Shards > 0 {
		add("shards", count(c.Shards, "shard"))
	}
	if c.QueryFromAnyNode {
		add("query_from_any_node", "queries from any node")
	}
	if c.ReplicationFactor > 0 {
		add("replication_factor", "replication factor "+strconv.Itoa(c.ReplicationFactor))
	}
	if c.Consensus != "" {
		add("consensus", "consensus "+c.Consensus)
	}
	if c.Clock != "" {
		add("clock", "clock "+c.Clock)
	}
	if c.FollowerReads {
		add("follower_reads", "follower reads")
	}
	if c.ConflictResolution == "none" {
		add("conflict_resolution", "no conflict resolution (PostgreSQL's own logical replication)")
	}
	if c.ApplyWorkers > 1 {
		add("apply_workers", strconv.Itoa(c.ApplyWorkers)+" apply workers per origin")
	}
	switch n := c.SecondaryIndexes; {
	case n == 1:
		add("secondary_indexes", "1 secondary index")
	case n > 1:
		add("secondary_indexes", strconv.Itoa(n)+" secondary indexes")
	}
	if len(c.Regions) > 0 {
		add("regions", "regions "+strings.Join(c.Regions, " + "))
	}
	if c.VCPUs > 0 {
		add("vcpus", strconv.Itoa(c.VCPUs)+"-vCPU nodes")
	}
	if c.VolumeIOPS > 0 {
		add("volume_iops", "volumes of "+decide.FormatNumber(float64(c.VolumeIOPS))+" IOPS")
	}
	if c.VolumeMBPerSec > 0 {
		add("volume_mb_per_sec", "volumes of "+strconv.FormatFloat(c.VolumeMBPerSec, 'f', -1, 64)+" MB/s") // exact: what to give again
	}
	return parts
}

// configText describes an architecture as evaluated: its nodes, every
// part of its configuration and what was auto-sized.
func configText(r Result, parts []configPart) string {
	s := count(r.Nodes, "node")
	if len(parts) > 0 {
		texts := make([]string, len(parts))
		for i, p := range parts {
			texts[i] = p.text
		}
		s += " (" + strings.Join(texts, "; ") + ")"
	}
	if sz := r.Sizing; sz.AutoSized {
		at := "at target utilisation " + num(sz.TargetUtilization)
		if sz.ByDisk {
			at = "for the data to fit on the disks"
		}
		switch {
		case sz.WorkersRequired > 0:
			s += fmt.Sprintf(", auto-sized to %s (%s required %s)", count(sz.Workers, "worker"), num(sz.WorkersRequired), at)
		case sz.NodesRequired > 0:
			s += fmt.Sprintf(", auto-sized to %s (%s required %s)", count(sz.Nodes, "node"), num(sz.NodesRequired), at)
		case sz.ReplicasRequired != nil:
			s += fmt.Sprintf(", auto-sized to %s (%s required %s)", count(sz.Replicas, "read replica"), num(*sz.ReplicasRequired), at)
		}
	}
	return s
}

func costText(c Cost) string {
	s := "$" + num(c.Total) + " per month"
	var parts []string
	for _, p := range []struct {
		name string
		v    float64
	}{{"compute", c.Compute}, {"storage", c.Storage}, {"IOPS", c.IOPS}, {"I/O requests", c.IORequests}, {"transfer", c.Transfer}, {"other", c.Other}} {
		if p.v != 0 {
			parts = append(parts, fmt.Sprintf("%s $%s", p.name, num(p.v)))
		}
	}
	if len(parts) > 1 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	if c.Plan != "" {
		s += " on " + c.Plan
	}
	return s
}

func survivesMissing(want, has []string) string {
	var out []string
	for _, k := range want {
		if !slices.Contains(has, k) {
			out = append(out, k)
		}
	}
	return joinAnd(out)
}

func survivesText(has []string) string {
	if len(has) == 0 {
		return " (it survives none)"
	}
	return " (it survives " + strings.Join(has, ", ") + ")"
}

// joinAnd joins words as a list in a sentence: "a", "a and b", "a, b and c".
func joinAnd(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

func factorText(f float64) string {
	if f == 0.5 {
		return "half"
	}
	return num(f) + "×"
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func ival(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func bval(p *bool) bool { return p != nil && *p }

// num formats a figure as the rationale does.
func num(v float64) string { return decide.FormatNumber(v) }

// count formats a count with its noun, plural unless one.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

func rows(n float64) string {
	if n == 1 {
		return "1 row"
	}
	return num(n) + " rows"
}

// closedThroughput says what a closed load's clients reach on an option and
// how much more (h, its max_throughput_scale) it could carry; at its
// ceiling, where h reads as 1, what binds.
func closedThroughput(r Result, clients int, h float64) string {
	s := fmt.Sprintf("its %d clients reach %s requests/s", clients, num(r.ThroughputPerSec.Total))
	if num(h) != num(1) {
		return s + fmt.Sprintf(", and it could carry %s× that before %s binds", num(h), mdEscape(r.Bottleneck))
	}
	return s + fmt.Sprintf(", all it carries (%s binds)", mdEscape(r.Bottleneck))
}

// pct formats a fraction as a percentage with num's precision.
func pct(v float64) string { return num(100*v) + "%" }

// msProse writes milliseconds in a sentence, as the rationale writes
// numbers (num), "saturated" for none; msText is the tables' form.
func msProse(v *float64) string {
	if v == nil {
		return "saturated"
	}
	return num(*v) + " ms"
}

// survived lists the failures other than a node's that the requirements
// ask to survive: the RPO and RTO requirements bind them too.
func survived(av Availability, kinds []string) []Failure {
	var out []Failure
	for _, f := range av.Failures {
		if f.Kind != "node" && slices.Contains(kinds, f.Kind) {
			out = append(out, f)
		}
	}
	return out
}

// secondsProse writes seconds in a sentence, "unbounded" for none;
// secondsText is the tables' form.
func secondsProse(v *float64) string {
	if v == nil {
		return "unbounded"
	}
	return num(*v) + " s"
}

// mdEscape escapes text for Markdown inline content: characters that could
// start emphasis, code, links, HTML, entities, strikethrough or a table
// cell boundary. Line breaks become spaces. An underscore inside a word
// (p99_write_ms) stays as it is: it cannot start emphasis.
func mdEscape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	rs := []rune(s)
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i, r := range rs {
		switch r {
		case '\\', '`', '*', '[', ']', '|', '~':
			b.WriteByte('\\')
		case '<': // HTML or an autolink: <tag, </tag, <!--, <?, <https:…
			if i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || strings.ContainsRune("/!?", rs[i+1])) {
				b.WriteByte('\\')
			}
		case '_':
			if i == 0 || i == len(rs)-1 || !word(rs[i-1]) || !word(rs[i+1]) {
				b.WriteByte('\\')
			}
		case '&':
			if i+1 < len(rs) && (word(rs[i+1]) || rs[i+1] == '#') {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdBlock escapes text that starts a block (a paragraph or a list item's
// content) as mdEscape does, and also what would open another block there:
// a heading, quote, list marker or thematic break.
func mdBlock(s string) string {
	s = mdEscape(s)
	if s != "" && strings.ContainsRune("#>-+=", rune(s[0])) {
		return "\\" + s
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i > 0 && (s[i] == '.' || s[i] == ')') {
		return s[:i] + "\\" + s[i:]
	}
	return s
}

// codeText makes text safe inside a one-backtick code span.
func codeText(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "`", "'")
}

// cell makes inline Markdown safe in a table cell: a pipe not yet escaped
// (as in code spans, which mdEscape leaves alone) is escaped.
func cell(s string) string {
	var b strings.Builder
	escaped := false
	for _, r := range s {
		if r == '|' && !escaped {
			b.WriteByte('\\')
		}
		escaped = r == '\\' && !escaped
		b.WriteRune(r)
	}
	return b.String()
}

// yamlScalar writes a front-matter value plainly when YAML reads it back
// as the same string, double-quoted otherwise.
func yamlScalar(s string) string {
	plain := s != "" && !strings.ContainsAny(s, ":#{}[],&*!|>'\"%@`\\") && strings.TrimSpace(s) == s
	if plain {
		switch strings.ToLower(s) {
		case "true", "false", "yes", "no", "on", "off", "null", "~":
			plain = false
		}
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			plain = false
		}
	}
	if plain {
		return s
	}
	q, _ := json.Marshal(s) // a JSON string is a YAML double-quoted scalar
	return string(q)
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
