package sim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/pgarch/pgarch/model"
)

// Config sets a run's length, seed and confidence intervals.
type Config struct {
	// Seed seeds the PCG generator (rand.NewPCG(Seed, 0x5eed)); equal seeds
	// give equal results.
	Seed uint64
	// Requests is the number of requests (all classes) whose latencies are
	// measured; the run lasts Requests / (total arrival rate) of simulated
	// time after the warm-up.
	Requests int
	// Warmup is the simulated time discarded before measuring, as a
	// multiple of the measured period (default 0.1).
	Warmup float64
	// Batches is the number of batch means the measured period is cut into
	// for confidence intervals (default 20).
	Batches int
}

// Estimate is a simulated figure with the half-width of its 95 %
// confidence interval from batch means (Student t with Batches − 1 degrees
// of freedom).
type Estimate struct {
	Value     float64
	HalfWidth float64
}

// ClassResult is one request class's simulated latency, in seconds.
type ClassResult struct {
	Name                string
	Count               int
	Mean, P50, P95, P99 Estimate
}

// StationResult is one station's measured utilisation: busy servers over
// servers (a flusher's fraction of time flushing). Infinite servers report
// their mean number in service.
type StationResult struct {
	Name        string
	Utilization float64
	// Flushes is a flusher's flushes per second; Batch its mean batch.
	Flushes, Batch float64
}

// Result is a simulation's outcome.
type Result struct {
	Classes  []ClassResult
	Stations []StationResult
	// Pools are the pools' utilisation: mean holders over instances × capacity.
	Pools []StationResult
	// Events is the number of events processed.
	Events int
	// Duration is the measured simulated time in seconds.
	Duration float64
	// Throughput is the requests per second (all classes) that arrived in
	// the measured period and finished: the offered rate under an open
	// load, the clients' under a closed one.
	Throughput Estimate
	// Saturated reports that the requests of the measured period had not
	// all finished a quarter of a measured period after it ended: some station or
	// pool cannot keep up. The latencies are then those of the requests
	// that finished, and understate the truth.
	Saturated bool
}

// Class returns the result of the class with the given name.
func (r Result) Class(name string) (ClassResult, bool) {
	for _, c := range r.Classes {
		if c.Name == name {
			return c, true
		}
	}
	return ClassResult{}, false
}

// ErrInvalid reports a network or configuration the simulator cannot run.
var ErrInvalid = errors.New("sim: invalid network")

// Run simulates network n: Poisson arrivals of every class at its rate
// (or, with n.Clients, a closed load of clients that think between their
// requests), each request following its route through the stations and
// pools, plus each station's Poisson background jobs. It returns every class's latency
// (mean, p50, p95, p99 with 95 % confidence intervals) over the requests
// that arrive in the measured period, and every station's utilisation.
func Run(n model.Network, cfg Config) (Result, error) {
	if cfg.Requests <= 0 {
		return Result{}, fmt.Errorf("%w: Requests %d", ErrInvalid, cfg.Requests)
	}
	if cfg.Warmup == 0 {
		cfg.Warmup = 0.1
	}
	if cfg.Batches == 0 {
		cfg.Batches = 20
	}
	if cfg.Batches < 2 {
		return Result{}, fmt.Errorf("%w: Batches %d", ErrInvalid, cfg.Batches)
	}
	var total float64
	for _, c := range n.Classes {
		if !(c.Rate >= 0) {
			return Result{}, fmt.Errorf("%w: class %s rate %v", ErrInvalid, c.Name, c.Rate)
		}
		total += float64(c.Rate)
	}
	if total <= 0 {
		return Result{}, fmt.Errorf("%w: no arrivals", ErrInvalid)
	}
	if n.Clients < 0 || !(n.Think >= 0) || math.IsInf(float64(n.Think), 1) {
		return Result{}, fmt.Errorf("%w: %d clients thinking %v", ErrInvalid, n.Clients, n.Think)
	}
	if err := check(n); err != nil {
		return Result{}, err
	}
	measured := float64(cfg.Requests) / total
	s := newSim(n, cfg, measured)
	s.total = total
	s.run()
	return s.result(), nil
}

// check validates every visit's references.
func check(n model.Network) error {
	for _, p := range n.Pools {
		if p.HandOver > 0 && (p.HandOverStation < 0 || p.HandOverStation >= len(n.Stations)) {
			return fmt.Errorf("%w: pool %s: hand-over station %d", ErrInvalid, p.Name, p.HandOverStation)
		}
	}
	var walk func([]model.Visit) error
	walk = func(route []model.Visit) error {
		for _, v := range route {
			switch v.Kind {
			case model.Serve:
				if v.Station < 0 || v.Station >= len(n.Stations) {
					return fmt.Errorf("%w: visit %s: station %d", ErrInvalid, v.Name, v.Station)
				}
			case model.Hold:
				if v.Pool < 0 || v.Pool >= len(n.Pools) || n.Pools[v.Pool].Instances < 1 || n.Pools[v.Pool].Capacity < 1 {
					return fmt.Errorf("%w: visit %s: pool %d", ErrInvalid, v.Name, v.Pool)
				}
			case model.Choose, model.Parallel:
				if len(v.Options) == 0 {
					return fmt.Errorf("%w: visit %s: no options", ErrInvalid, v.Name)
				}
				if v.Kind == model.Parallel {
					run := len(v.Options)
					if v.Draw > 0 {
						run = v.Fixed + min(v.Draw, len(v.Options)-v.Fixed)
					}
					if v.Need < 1 || v.Need > run {
						return fmt.Errorf("%w: visit %s: need %d of %d", ErrInvalid, v.Name, v.Need, run)
					}
				}
			case model.Delay, model.Branch:
			default:
				return fmt.Errorf("%w: visit %s: kind %d", ErrInvalid, v.Name, v.Kind)
			}
			for _, sub := range append([][]model.Visit{v.Then, v.Else, v.After}, v.Options...) {
				if err := walk(sub); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, s := range n.Stations {
		if (s.Discipline == model.FCFS || s.Discipline == model.RandomOrder || s.Discipline == model.ProcessorSharing) && s.Servers < 1 {
			return fmt.Errorf("%w: station %s: %d servers", ErrInvalid, s.Name, s.Servers)
		}
		if s.Discipline == model.TokenBucket && !(s.TokenRate > 0 && s.TokenDepth >= 1) {
			return fmt.Errorf("%w: station %s: token bucket of %g at %g/s", ErrInvalid, s.Name, s.TokenDepth, float64(s.TokenRate))
		}
	}
	for _, c := range n.Classes {
		if err := walk(c.Route); err != nil {
			return err
		}
	}
	return nil
}

// Event kinds.
const (
	evArrival    = iota // a class's next arrival (st: class)
	evResume            // a token continues its route
	evDepart            // an FCFS, infinite-server or token-bucket job ends (tok, st)
	evPSDepart          // a processor-sharing station's next completion (st)
	evFlushDone         // a flusher's flush ends (st)
	evBackground        // a station's next background arrival (st)
	evClient            // a closed load's client ends its think time
)

type event struct {
	t    float64
	seq  uint64
	kind uint8
	st   int32
	tok  *token
}

// frame is a position in a route; release ≥ 0 marks a Hold's body, whose
// end releases pool instance (release, inst), or first runs after on a
// token of its own that releases it.
type frame struct {
	visits  []model.Visit
	i       int
	release int
	inst    int
	after   []model.Visit
}

// join is a Parallel's completion count.
type join struct {
	parent *token
	need   int
	done   int
}

// token is a request (or a branch of a Parallel) on its route.
type token struct {
	class  int
	start  float64
	stack  []frame
	join   *join // set for a Parallel's branch
	client bool  // a closed load's request: its completion starts the client's think time
	// chain is a hand-over chain's pool + 1 (release), 0 for a request;
	// chainInst its instance.
	chain, chainInst int
}

type psJob struct {
	finish float64 // virtual time at which the job completes
	tok    *token
}

type station struct {
	model.Station
	// FCFS
	busy  int
	queue []job
	qHead int
	// processor sharing: virtual time v advances at rate min(1, c/n)
	jobs []psJob // a min-heap on finish
	v    float64
	last float64
	hpos int // position of its completion event in the heap, −1 if none
	// token bucket: the tokens owed, in seconds of refill, at owedT
	owed, owedT float64
	// group commit
	flushing bool
	batch    []*token
	waiting  []*token
	flushes  int
	commits  int
	// utilisation: integral of busy servers over the measured period
	area, areaT float64
}

type job struct {
	tok  *token
	size float64
}

type poolState struct {
	model.Pool
	inUse   []int
	waiting [][]*token
	chain   []bool // an instance's hand-over chain runs (release)
	area    float64
	areaT   float64
	held    int
}

type sim struct {
	net      model.Network
	cfg      Config
	rng      *rand.Rand
	now      float64
	seq      uint64
	heap     []event
	stations []station
	pools    []poolState
	// measurement window [warm, end) by arrival time
	warm, end   float64
	outstanding int // measured requests not yet finished
	latencies   [][]float64
	batchOf     [][]int32
	events      int
	saturated   bool
	free        []*token
	total       float64 // the classes' total rate
}

func newSim(n model.Network, cfg Config, measured float64) *sim {
	s := &sim{net: n, cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x5eed))}
	s.warm = cfg.Warmup * measured
	s.end = s.warm + measured
	s.stations = make([]station, len(n.Stations))
	for i, st := range n.Stations {
		s.stations[i].Station = st
		s.stations[i].hpos = -1
		if st.Background > 0 {
			s.push(event{t: s.rng.ExpFloat64() / float64(st.Background), kind: evBackground, st: int32(i)})
		}
	}
	s.pools = make([]poolState, len(n.Pools))
	for i, p := range n.Pools {
		s.pools[i] = poolState{Pool: p, inUse: make([]int, p.Instances), waiting: make([][]*token, p.Instances), chain: make([]bool, p.Instances)}
	}
	s.latencies = make([][]float64, len(n.Classes))
	s.batchOf = make([][]int32, len(n.Classes))
	if n.Clients > 0 {
		// Every client starts in its think time (its residual is the
		// exponential's own).
		for range n.Clients {
			s.think()
		}
		return s
	}
	for i, c := range n.Classes {
		if c.Rate > 0 {
			s.push(event{t: s.rng.ExpFloat64() / float64(c.Rate), kind: evArrival, st: int32(i)})
		}
	}
	return s
}

// think schedules a closed load's client's next request after an
// exponential think time.
func (s *sim) think() {
	s.push(event{t: s.now + s.rng.ExpFloat64()*float64(s.net.Think), kind: evClient})
}

// classOf draws a closed load's request class in proportion to the
// classes' rates.
func (s *sim) classOf() int {
	u := s.rng.Float64() * s.total
	for i, c := range s.net.Classes {
		if u -= float64(c.Rate); u < 0 {
			return i
		}
	}
	return len(s.net.Classes) - 1
}

// The event heap is a binary min-heap on (time, sequence). A
// processor-sharing station keeps at most one completion event in it, at a
// position it tracks (hpos), so that a change of its next completion moves
// the event instead of leaving a stale one behind.

// push adds an event to the heap.
func (s *sim) push(e event) {
	s.seq++
	e.seq = s.seq
	s.heap = append(s.heap, e)
	s.place(len(s.heap) - 1)
	s.up(len(s.heap) - 1)
}

func less(a, b event) bool { return a.t < b.t || a.t == b.t && a.seq < b.seq }

// place records where a processor-sharing completion sits.
func (s *sim) place(i int) {
	if e := &s.heap[i]; e.kind == evPSDepart {
		s.stations[e.st].hpos = i
	}
}

func (s *sim) swap(i, j int) {
	s.heap[i], s.heap[j] = s.heap[j], s.heap[i]
	s.place(i)
	s.place(j)
}

func (s *sim) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !less(s.heap[i], s.heap[p]) {
			return
		}
		s.swap(i, p)
		i = p
	}
}

func (s *sim) down(i int) {
	n := len(s.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && less(s.heap[r], s.heap[l]) {
			m = r
		}
		if !less(s.heap[m], s.heap[i]) {
			return
		}
		s.swap(i, m)
		i = m
	}
}

// remove takes the event at position i out of the heap.
func (s *sim) remove(i int) event {
	e := s.heap[i]
	if e.kind == evPSDepart {
		s.stations[e.st].hpos = -1
	}
	n := len(s.heap) - 1
	if i != n {
		s.heap[i] = s.heap[n]
		s.place(i)
	}
	s.heap = s.heap[:n]
	if i < n {
		s.down(i)
		s.up(i)
	}
	return e
}

// pop removes the earliest event.
func (s *sim) pop() event { return s.remove(0) }

func (s *sim) run() {
	for len(s.heap) > 0 {
		e := s.pop()
		if e.t >= s.end && s.outstanding == 0 || e.t >= s.end+0.25*(s.end-s.warm) {
			s.saturated = s.outstanding > 0
			s.now = e.t
			for i := range s.stations {
				s.touch(&s.stations[i])
			}
			for i := range s.pools {
				s.touchPool(&s.pools[i])
			}
			return
		}
		s.now = e.t
		s.events++
		switch e.kind {
		case evArrival:
			c := s.net.Classes[e.st]
			s.push(event{t: s.now + s.rng.ExpFloat64()/float64(c.Rate), kind: evArrival, st: e.st})
			s.arrive(int(e.st), false)
		case evClient:
			s.arrive(s.classOf(), true)
		case evResume:
			s.advance(e.tok)
		case evDepart:
			s.depart(int(e.st), e.tok)
		case evPSDepart:
			s.psDepart(int(e.st))
		case evFlushDone:
			s.flushDone(int(e.st))
		case evBackground:
			st := &s.stations[e.st]
			s.push(event{t: s.now + s.rng.ExpFloat64()/float64(st.Background), kind: evBackground, st: e.st})
			size := float64(st.BackgroundService)
			if st.Discipline == model.FCFS || st.Discipline == model.TokenBucket {
				size *= s.rng.ExpFloat64()
			}
			s.submit(int(e.st), nil, size)
		}
	}
}

// arrive starts a request of class c (client: a closed load's).
func (s *sim) arrive(c int, client bool) {
	t := s.newToken(c)
	t.client = client
	t.stack = append(t.stack, frame{visits: s.net.Classes[c].Route, release: -1})
	if s.now >= s.warm && s.now < s.end {
		s.outstanding++
	}
	s.advance(t)
}

// clip limits t to the measured period.
func (s *sim) clip(t float64) float64 { return math.Min(math.Max(t, s.warm), s.end) }

// touch integrates station st's busy servers from its last change to now;
// call it before every change of its state.
func (s *sim) touch(st *station) {
	if d := s.clip(s.now) - s.clip(st.areaT); d > 0 {
		var busy float64
		switch st.Discipline {
		case model.FCFS, model.RandomOrder, model.InfiniteServer:
			busy = float64(st.busy)
		case model.ProcessorSharing:
			busy = math.Min(float64(len(st.jobs)), float64(st.Servers))
		case model.GroupCommitFlush:
			if st.flushing {
				busy = 1
			}
		}
		st.area += busy * d
	}
	st.areaT = s.now
}

// touchPool integrates pool p's holders from its last change to now.
func (s *sim) touchPool(p *poolState) {
	if d := s.clip(s.now) - s.clip(p.areaT); d > 0 {
		p.area += float64(p.held) * d
	}
	p.areaT = s.now
}

func (s *sim) newToken(class int) *token {
	var t *token
	if n := len(s.free); n > 0 {
		t = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		t = &token{}
	}
	t.class, t.start, t.join, t.client, t.chain = class, s.now, nil, false, 0
	t.stack = t.stack[:0]
	return t
}

// sample draws shift + Exp(mean).
func (s *sim) sample(shift, mean model.Time) float64 {
	x := float64(shift)
	if mean > 0 {
		x += float64(mean) * s.rng.ExpFloat64()
	}
	return x
}

// advance runs token t along its route until it waits or finishes.
func (s *sim) advance(t *token) {
	for {
		if len(t.stack) == 0 {
			s.finish(t)
			return
		}
		f := &t.stack[len(t.stack)-1]
		if f.i == len(f.visits) {
			rel, inst, after := f.release, f.inst, f.after
			t.stack = t.stack[:len(t.stack)-1]
			switch {
			case rel >= 0 && len(after) > 0:
				// The instance stays held through After, on a token that
				// no one waits for, while this one goes on.
				c := s.newToken(t.class)
				c.start, c.join = t.start, &join{}
				c.stack = append(c.stack, frame{visits: after, release: rel, inst: inst})
				s.push(event{t: s.now, kind: evResume, tok: c})
			case rel >= 0:
				s.release(rel, inst)
			}
			continue
		}
		v := &f.visits[f.i]
		f.i++
		switch v.Kind {
		case model.Delay:
			s.push(event{t: s.now + s.sample(v.Shift, v.Mean), kind: evResume, tok: t})
			return
		case model.Serve:
			s.submit(v.Station, t, s.sample(v.Shift, v.Mean))
			return
		case model.Branch:
			if s.rng.Float64() < v.P {
				t.stack = append(t.stack, frame{visits: v.Then, release: -1})
			} else {
				t.stack = append(t.stack, frame{visits: v.Else, release: -1})
			}
		case model.Choose:
			t.stack = append(t.stack, frame{visits: v.Options[s.rng.IntN(len(v.Options))], release: -1})
		case model.Parallel:
			s.fork(t, v)
			return
		case model.Hold:
			p := &s.pools[v.Pool]
			inst := 0
			if p.Instances > 1 {
				inst = s.rng.IntN(p.Instances)
			}
			t.stack = append(t.stack, frame{visits: v.Then, release: v.Pool, inst: inst, after: v.After})
			if p.inUse[inst] < p.Capacity {
				s.touchPool(p)
				p.inUse[inst]++
				p.held++
				continue
			}
			p.waiting[inst] = append(p.waiting[inst], t)
			return
		}
	}
}

// fork starts a Parallel's branches; the parent resumes when Need finish.
func (s *sim) fork(t *token, v *model.Visit) {
	j := &join{parent: t, need: v.Need}
	start := func(route []model.Visit) {
		c := s.newToken(t.class)
		c.start, c.join = t.start, j
		c.stack = append(c.stack, frame{visits: route, release: -1})
		s.push(event{t: s.now, kind: evResume, tok: c})
	}
	if v.Draw <= 0 {
		for _, o := range v.Options {
			start(o)
		}
		return
	}
	for _, o := range v.Options[:v.Fixed] {
		start(o)
	}
	// Draw distinct options from the rest (a partial Fisher–Yates over indices).
	rest := len(v.Options) - v.Fixed
	var idx [64]int
	ix := idx[:0]
	if rest > len(idx) {
		ix = make([]int, 0, rest)
	}
	for i := range rest {
		ix = append(ix, v.Fixed+i)
	}
	for k := 0; k < min(v.Draw, rest); k++ {
		r := k + s.rng.IntN(rest-k)
		ix[k], ix[r] = ix[r], ix[k]
		start(v.Options[ix[k]])
	}
}

// finish ends a token: a request records its latency; a Parallel's branch
// counts towards its join.
func (s *sim) finish(t *token) {
	if t.chain > 0 {
		s.pools[t.chain-1].chain[t.chainInst] = false
	}
	if j := t.join; j != nil && j.parent == nil { // a Hold's After or a hand-over chain: no one waits
		s.free = append(s.free, t)
		return
	}
	if j := t.join; j != nil {
		j.done++
		if j.done == j.need {
			s.push(event{t: s.now, kind: evResume, tok: j.parent})
		}
		s.free = append(s.free, t)
		return
	}
	if t.client {
		s.think()
	}
	if t.start >= s.warm && t.start < s.end {
		s.outstanding--
		s.latencies[t.class] = append(s.latencies[t.class], s.now-t.start)
		b := int((t.start - s.warm) / (s.end - s.warm) * float64(s.cfg.Batches))
		s.batchOf[t.class] = append(s.batchOf[t.class], int32(min(b, s.cfg.Batches-1)))
	}
	s.free = append(s.free, t)
}

// release frees a pool instance and hands it to its first waiter, or to
// one drawn at random (Pool.RandomOrder); with Pool.HandOver every other
// waiter does that work meanwhile, in turn.
func (s *sim) release(pool, inst int) {
	p := &s.pools[pool]
	if w := p.waiting[inst]; len(w) > 0 {
		var next *token
		if p.RandomOrder {
			i := s.rng.IntN(len(w))
			next, w[i] = w[i], w[len(w)-1]
		} else {
			next = w[0]
			copy(w, w[1:])
		}
		p.waiting[inst] = w[:len(w)-1]
		if n := len(w) - 1; n > 0 && p.HandOver > 0 && !p.chain[inst] {
			// The others wake in turn, one after another (the chain
			// through the row version's tuple lock): one job of their
			// work, and none begins while one runs (its waiters wake to
			// the newest version).
			c := s.newToken(0)
			c.join, c.chain, c.chainInst = &join{}, pool+1, inst
			p.chain[inst] = true
			s.submit(p.HandOverStation, c, float64(n)*float64(p.HandOver))
		}
		s.push(event{t: s.now, kind: evResume, tok: next})
		return
	}
	s.touchPool(p)
	p.inUse[inst]--
	p.held--
}

// submit hands a job of the given size to station i (tok nil: background).
func (s *sim) submit(i int, t *token, size float64) {
	st := &s.stations[i]
	s.touch(st)
	switch st.Discipline {
	case model.InfiniteServer:
		st.busy++
		s.push(event{t: s.now + size, kind: evDepart, st: int32(i), tok: t})
	case model.TokenBucket:
		// The tokens owed drain at the refill; a job owes one more and
		// waits until no more than the bucket's depth are owed.
		per := 1 / float64(st.TokenRate)
		st.owed = math.Max(0, st.owed-(s.now-st.owedT)) + per
		st.owedT = s.now
		st.busy++
		if s.now >= s.warm && s.now < s.end {
			st.area += per // a token's share of the refill: utilisation
		}
		s.push(event{t: s.now + math.Max(0, st.owed-st.TokenDepth*per) + size, kind: evDepart, st: int32(i), tok: t})
	case model.FCFS, model.RandomOrder:
		if st.busy < st.Servers {
			st.busy++
			s.push(event{t: s.now + size, kind: evDepart, st: int32(i), tok: t})
			return
		}
		st.queue = append(st.queue, job{tok: t, size: size})
	case model.ProcessorSharing:
		s.psUpdate(st)
		st.jobs = append(st.jobs, psJob{finish: st.v + size, tok: t})
		psUp(st.jobs, len(st.jobs)-1)
		s.psSchedule(i)
	case model.GroupCommitFlush:
		if st.flushing {
			st.waiting = append(st.waiting, t)
			return
		}
		st.batch = append(st.batch[:0], t)
		s.startFlush(i)
	}
}

// depart ends an FCFS, infinite-server or token-bucket job.
func (s *sim) depart(i int, t *token) {
	st := &s.stations[i]
	s.touch(st)
	if (st.Discipline == model.FCFS || st.Discipline == model.RandomOrder) && st.qHead < len(st.queue) {
		if st.Discipline == model.RandomOrder { // any of the waiting, to the head
			j := st.qHead + s.rng.IntN(len(st.queue)-st.qHead)
			st.queue[st.qHead], st.queue[j] = st.queue[j], st.queue[st.qHead]
		}
		next := st.queue[st.qHead]
		st.queue[st.qHead] = job{}
		st.qHead++
		if st.qHead == len(st.queue) {
			st.queue, st.qHead = st.queue[:0], 0
		}
		s.push(event{t: s.now + next.size, kind: evDepart, st: int32(i), tok: next.tok})
	} else {
		st.busy--
	}
	if t != nil {
		s.advance(t)
	}
}

// psRate is the service rate of each job at a processor-sharing station.
func psRate(st *station) float64 {
	n := len(st.jobs)
	if n <= st.Servers {
		return 1
	}
	return float64(st.Servers) / float64(n)
}

// psUpdate advances the station's virtual time to now.
func (s *sim) psUpdate(st *station) {
	if len(st.jobs) > 0 {
		st.v += (s.now - st.last) * psRate(st)
	}
	st.last = s.now
}

// psSchedule (re)schedules the station's next completion.
func (s *sim) psSchedule(i int) {
	st := &s.stations[i]
	if st.hpos >= 0 {
		s.remove(st.hpos)
	}
	if len(st.jobs) == 0 {
		return
	}
	dt := math.Max(0, st.jobs[0].finish-st.v) / psRate(st)
	s.push(event{t: s.now + dt, kind: evPSDepart, st: int32(i)})
}

func (s *sim) psDepart(i int) {
	st := &s.stations[i]
	s.touch(st)
	s.psUpdate(st)
	j := st.jobs[0]
	n := len(st.jobs) - 1
	st.jobs[0] = st.jobs[n]
	st.jobs = st.jobs[:n]
	psDown(st.jobs, 0)
	s.psSchedule(i)
	if j.tok != nil {
		s.advance(j.tok)
	}
}

func psUp(h []psJob, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h[i].finish >= h[p].finish {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func psDown(h []psJob, i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h[r].finish < h[l].finish {
			m = r
		}
		if h[m].finish >= h[i].finish {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// startFlush flushes the station's batch: Exp(FlushTime) + B·FlushPerCommit.
func (s *sim) startFlush(i int) {
	st := &s.stations[i]
	s.touch(st)
	st.flushing = true
	d := float64(st.FlushTime)*s.rng.ExpFloat64() + float64(len(st.batch))*float64(st.FlushPerCommit)
	if s.now >= s.warm && s.now < s.end {
		st.flushes++
		st.commits += len(st.batch)
	}
	s.push(event{t: s.now + d, kind: evFlushDone, st: int32(i)})
}

// flushDone acknowledges the batch and flushes the commits that waited.
func (s *sim) flushDone(i int) {
	st := &s.stations[i]
	s.touch(st)
	done := st.batch
	st.batch, st.waiting = st.waiting, done[:0]
	st.flushing = false
	for _, t := range done {
		if t != nil { // a background commit: no one waits
			s.push(event{t: s.now, kind: evResume, tok: t})
		}
	}
	if len(st.batch) > 0 {
		s.startFlush(i)
	}
}

func (s *sim) result() Result {
	d := s.end - s.warm
	res := Result{Events: s.events, Duration: d, Saturated: s.saturated}
	for i, c := range s.net.Classes {
		res.Classes = append(res.Classes, summarize(c.Name, s.latencies[i], s.batchOf[i], s.cfg.Batches))
	}
	for _, st := range s.stations {
		r := StationResult{Name: st.Name}
		switch st.Discipline {
		case model.InfiniteServer, model.GroupCommitFlush, model.TokenBucket:
			r.Utilization = st.area / d
		default:
			r.Utilization = st.area / d / float64(st.Servers)
		}
		if st.Discipline == model.GroupCommitFlush {
			r.Flushes = float64(st.flushes) / d
			if st.flushes > 0 {
				r.Batch = float64(st.commits) / float64(st.flushes)
			}
		}
		res.Stations = append(res.Stations, r)
	}
	for _, p := range s.pools {
		res.Pools = append(res.Pools, StationResult{Name: p.Name, Utilization: p.area / d / float64(p.Instances*p.Capacity)})
	}
	res.Throughput = s.throughput()
	return res
}

// throughput estimates the measured requests per second, with its
// interval from the batches' counts.
func (s *sim) throughput() Estimate {
	b := s.cfg.Batches
	counts := make([]float64, b)
	var all float64
	for _, batch := range s.batchOf {
		for _, i := range batch {
			counts[i]++
		}
		all += float64(len(batch))
	}
	width := (s.end - s.warm) / float64(b)
	var sum, sum2 float64
	for _, c := range counts {
		sum += c / width
		sum2 += (c / width) * (c / width)
	}
	mean := sum / float64(b)
	sd := math.Sqrt(math.Max(0, (sum2-float64(b)*mean*mean)/float64(b-1)))
	return Estimate{Value: all / (s.end - s.warm), HalfWidth: studentT975(b-1) * sd / math.Sqrt(float64(b))}
}

// summarize computes a class's estimates: each over all its samples, with
// a confidence half-width from the spread of the batches' estimates.
func summarize(name string, xs []float64, batch []int32, batches int) ClassResult {
	r := ClassResult{Name: name, Count: len(xs)}
	if len(xs) == 0 {
		nan := Estimate{Value: math.NaN(), HalfWidth: math.NaN()}
		r.Mean, r.P50, r.P95, r.P99 = nan, nan, nan, nan
		return r
	}
	per := make([][]float64, batches)
	for i, x := range xs {
		per[batch[i]] = append(per[batch[i]], x)
	}
	stat := func(f func([]float64) float64) Estimate {
		all := f(xs)
		var sum, sum2 float64
		n := 0
		for _, b := range per {
			if len(b) == 0 {
				continue
			}
			v := f(b)
			sum += v
			sum2 += v * v
			n++
		}
		if n < 2 {
			return Estimate{Value: all, HalfWidth: math.Inf(1)}
		}
		mean := sum / float64(n)
		sd := math.Sqrt(math.Max(0, (sum2-float64(n)*mean*mean)/float64(n-1)))
		return Estimate{Value: all, HalfWidth: studentT975(n-1) * sd / math.Sqrt(float64(n))}
	}
	r.Mean = stat(func(b []float64) float64 {
		var s float64
		for _, x := range b {
			s += x
		}
		return s / float64(len(b))
	})
	// Sort each batch once; the whole sample is sorted for its quantiles.
	for _, b := range per {
		slices.Sort(b)
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	q := func(p float64) Estimate {
		var sum, sum2 float64
		n := 0
		for _, b := range per {
			if len(b) == 0 {
				continue
			}
			v := quantile(b, p)
			sum += v
			sum2 += v * v
			n++
		}
		all := quantile(sorted, p)
		if n < 2 {
			return Estimate{Value: all, HalfWidth: math.Inf(1)}
		}
		mean := sum / float64(n)
		sd := math.Sqrt(math.Max(0, (sum2-float64(n)*mean*mean)/float64(n-1)))
		return Estimate{Value: all, HalfWidth: studentT975(n-1) * sd / math.Sqrt(float64(n))}
	}
	r.P50, r.P95, r.P99 = q(0.50), q(0.95), q(0.99)
	return r
}

// quantile is the p-quantile of sorted xs by linear interpolation between
// order statistics (Hyndman and Fan 1996, definition 7).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := int(math.Floor(h))
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// studentT975 is the 0.975 quantile of Student's t with df degrees of
// freedom (tables, e.g. Abramowitz and Stegun, Table 26.10; above 30 the
// Cornish–Fisher expansion z + (z³ + z)/(4df)).
func studentT975(df int) float64 {
	table := [...]float64{0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042}
	if df >= 1 && df < len(table) {
		return table[df]
	}
	const z = 1.959964
	return z + (z*z*z+z)/(4*float64(df))
}
