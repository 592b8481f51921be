package dist

import "math"

// bufCap is the capacity of a buffer: the components of the product of two
// full mixtures.
const bufCap = MaxComponents * MaxComponents

// buffer collects the components of a result before it is sorted, merged
// and reduced to a Mixture. It lives on the stack.
type buffer struct {
	n int
	c [bufCap]Component
}

// add appends c in canonical form; components of probability 0 are dropped.
// The caller keeps b.n < bufCap.
func (b *buffer) add(c Component) {
	if c.Prob == 0 {
		return
	}
	b.c[b.n] = canonical(c)
	b.n++
}

// mixture reduces b to at most MaxComponents components, renormalises the
// probabilities to sum 1 and fits the shapes.
func (b *buffer) mixture() Mixture {
	b.compact(MaxComponents)
	total := 0.0
	for i := range b.n {
		total += b.c[i].Prob
	}
	var m Mixture
	m.n = b.n
	for i := range b.n {
		c := b.c[i]
		c.Prob /= total
		m.c[i] = c
		m.f[i] = fitShape(c)
	}
	return m
}

// compact sorts b by mean, merges identical components and reduces b to at
// most target components.
func (b *buffer) compact(target int) {
	b.sort()
	b.n = dedup(b.c[:b.n])
	if b.n > target {
		b.n = reduce(b.c[:b.n], target)
	}
}

// key is the order of components in a Mixture: the mean Shift+Mean
// (+Inf for a saturated component).
func key(c *Component) float64 { return c.Shift + c.Mean }

// sort orders b by key with a stable natural merge sort: the components
// usually arrive as a few ascending runs (one per component of the smaller
// summand of Plus, one per mixture of Weighted).
func (b *buffer) sort() {
	n := b.n
	var bnd [bufCap + 1]int // run boundaries
	nr := 1
	for i := 1; i < n; i++ {
		if key(&b.c[i]) < key(&b.c[i-1]) {
			bnd[nr] = i
			nr++
		}
	}
	if nr == 1 {
		return
	}
	bnd[nr] = n
	var tmp [bufCap]Component
	src, dst := b.c[:n], tmp[:n]
	for nr > 1 {
		w := 0
		for r := 0; r < nr; r += 2 {
			lo := bnd[r]
			if r+1 == nr {
				copy(dst[lo:n], src[lo:n])
				bnd[w] = lo
				w++
				break
			}
			mid, hi := bnd[r+1], bnd[r+2]
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if key(&src[j]) < key(&src[i]) {
					dst[k] = src[j]
					j++
				} else {
					dst[k] = src[i]
					i++
				}
				k++
			}
			k += copy(dst[k:], src[i:mid])
			copy(dst[k:], src[j:hi])
			bnd[w] = lo
			w++
		}
		bnd[w] = n
		nr = w
		src, dst = dst, src
	}
	if &src[0] != &b.c[0] {
		copy(b.c[:n], src)
	}
}

// sameTol is the relative tolerance within which two components count as
// identical and merge exactly.
const sameTol = 1e-12

// same reports whether x and y are equal within the relative tolerance
// sameTol (a saturated +Inf equals only +Inf).
func same(x, y float64) bool {
	if x == y {
		return true
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return false
	}
	return math.Abs(x-y) <= sameTol*max(math.Abs(x), math.Abs(y))
}

// dedup merges the identical components of c, which is sorted by key, by
// adding their probabilities, and returns the new length.
func dedup(c []Component) int {
	w := 0
	for i := range c {
		ci := c[i]
		k := key(&ci)
		merged := false
		for j := w - 1; j >= 0 && same(key(&c[j]), k); j-- {
			if same(c[j].Shift, ci.Shift) && same(c[j].Mean, ci.Mean) && same(c[j].Var, ci.Var) {
				c[j].Prob += ci.Prob
				merged = true
				break
			}
		}
		if !merged {
			c[w] = ci
			w++
		}
	}
	return w
}

// cost is the price of merging neighbours a and b: the Ward (1963) cost
// — the between-component variance that the merge turns into
// within-component variance — with the difference of the standard
// deviations added, so that components of equal mean but different spread
// are not free to merge:
//
//	cost = pₐ·p_b/(pₐ+p_b) · ((μₐ−μ_b)² + (σₐ−σ_b)²)
//
// It is +Inf if either is saturated.
func cost(a, b *Component) float64 {
	d := key(a) - key(b)
	e := math.Sqrt(a.Var) - math.Sqrt(b.Var)
	return a.Prob * b.Prob / (a.Prob + b.Prob) * (d*d + e*e)
}

// cv2 returns the squared coefficient of variation of c's random part
// (0 for a constant).
func cv2(c *Component) float64 {
	if c.Mean == 0 {
		return 0
	}
	return c.Var / (c.Mean * c.Mean)
}

// merge returns the single component with the probability, mean and
// variance of the two-component mixture {a, b}:
//
//	p = pₐ + p_b,  wₐ = pₐ/p,  w_b = p_b/p
//	μ = wₐ·μₐ + w_b·μ_b
//	v = wₐ·vₐ + w_b·v_b + wₐ·w_b·(μₐ − μ_b)²
//	s = wₐ·sₐ + w_b·s_b,  Mean = μ − s,  Var = v
//
// If that random part would be relatively more variable than both inputs
// and an exponential, c² = v/(μ−s)² > C = max(1, c²ₐ, c²_b), the shift is
// lowered to μ − √(v/C), but not below min(sₐ, s_b): merging two atoms at
// 1 and 2 gives 1 + Exp(0.5) rather than 1.5 plus a random part of mean 0
// and variance 0.25, which no non-negative variable has.
func merge(a, b *Component) Component {
	p := a.Prob + b.Prob
	wa, wb := a.Prob/p, b.Prob/p
	ma, mb := key(a), key(b)
	mu := wa*ma + wb*mb
	d := ma - mb
	v := wa*a.Var + wb*b.Var + wa*wb*d*d
	s := wa*a.Shift + wb*b.Shift
	c := max(1, cv2(a), cv2(b))
	if r := mu - s; v > c*r*r {
		s = max(min(a.Shift, b.Shift), mu-math.Sqrt(v/c))
	}
	s = min(s, mu)
	return canonical(Component{Prob: p, Shift: s, Mean: mu - s, Var: v})
}

// reduce merges neighbours of c, which is sorted by key, until at most
// target components remain, and returns the new length. The merges are
// moment preserving (see merge): total probability, mean and variance of c
// are unchanged. Neighbours are taken in mean order, cheapest cost first:
//
//   - While more than 2·target remain, each round computes all neighbour
//     costs, finds the r-th smallest (r = half the excess) by quickselect
//     and merges, left to right, disjoint pairs costing at most that;
//     a round takes at least r/2 pairs, so there are O(log n) rounds.
//   - Then single cheapest merges, recomputing the two affected costs.
//
// A saturated component has infinite cost and is never merged.
func reduce(c []Component, target int) int {
	n := len(c)
	var cs, tmp [bufCap]float64
	for n > 2*target {
		m := n - 1
		for i := range m {
			cs[i] = cost(&c[i], &c[i+1])
		}
		r := (n - target + 1) / 2
		copy(tmp[:m], cs[:m])
		thr := selectK(tmp[:m], r-1)
		w, taken := 0, 0
		for i := 0; i < n; w++ {
			if taken < r && i < m && cs[i] <= thr {
				c[w] = merge(&c[i], &c[i+1])
				i += 2
				taken++
			} else {
				c[w] = c[i]
				i++
			}
		}
		n = w
	}
	if n <= target {
		return n
	}
	m := n - 1
	for i := range m {
		cs[i] = cost(&c[i], &c[i+1])
	}
	for n > target {
		best := 0
		for i := 1; i < m; i++ {
			if cs[i] < cs[best] {
				best = i
			}
		}
		c[best] = merge(&c[best], &c[best+1])
		copy(c[best+1:n], c[best+2:n])
		copy(cs[best:m], cs[best+1:m])
		n--
		m--
		if best > 0 {
			cs[best-1] = cost(&c[best-1], &c[best])
		}
		if best < m {
			cs[best] = cost(&c[best], &c[best+1])
		}
	}
	return n
}

// selectK partially sorts a so that a[k] is its (k+1)-th smallest element
// (Hoare's quickselect with a median-of-three pivot) and returns a[k].
func selectK(a []float64, k int) float64 {
	lo, hi := 0, len(a)-1
	for lo < hi {
		x, y, z := a[lo], a[lo+(hi-lo)/2], a[hi]
		pivot := max(min(x, y), min(max(x, y), z))
		i, j := lo, hi
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for a[j] > pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	return a[k]
}
