package dist

import "math"

// bufCap is the largest number of components a result is assembled from:
// the product of two full mixtures.
const bufCap = MaxComponents * MaxComponents

// smallCap is the pool size for results with few components (a full
// mixture plus a two-branch step, or two branches). Go zeroes a stack
// array on every call, so a small result should not pay for a large one.
const smallCap = 2 * MaxComponents

// pool collects the components of a result before they are sorted, merged
// and reduced to a Mixture. Its storage is an array of the caller's, on
// the stack.
type pool struct {
	c   []comp // len: the components so far; cap: the storage
	tmp []comp // scratch for sort, at least cap(c) long
}

// add appends c in canonical form; components of probability 0 are dropped.
// The caller keeps len(p.c) < cap(p.c).
func (p *pool) add(c comp) {
	if c.Prob == 0 {
		return
	}
	c.canonicalize()
	n := len(p.c)
	p.c = p.c[:n+1]
	p.c[n] = c
}

// mixture sorts and reduces p to at most MaxComponents components and
// returns them as a Mixture with probabilities renormalised to sum 1.
func (p *pool) mixture() Mixture {
	p.compact(MaxComponents)
	return mixtureOf(p.c)
}

// compact sorts p by mean, merges identical components and reduces p to at
// most target components.
func (p *pool) compact(target int) {
	sortComps(p.c, p.tmp)
	p.c = p.c[:dedup(p.c)]
	if len(p.c) > target {
		p.c = p.c[:reduce(p.c, target)]
	}
}

// mixtureOf returns the Mixture of the sorted, reduced components c
// (at most MaxComponents), with probabilities renormalised to sum 1.
func mixtureOf(c []comp) Mixture {
	var m Mixture
	mixtureTo(&m, c)
	return m
}

// mixtureTo is mixtureOf into dst; c must not lie in dst.
func mixtureTo(dst *Mixture, c []comp) {
	total := 0.0
	for i := range c {
		total += c[i].Prob
	}
	dst.n = copy(dst.c[:], c)
	for i := range dst.n {
		dst.c[i].Prob /= total
	}
}

// key is the order of components in a Mixture: the mean Shift+Mean
// (+Inf for a saturated component).
func key(c *comp) float64 { return c.Shift + c.Mean }

// sortComps orders c by key with a stable natural merge sort, using tmp
// (at least as long) as scratch: components usually arrive as a few
// ascending runs, one per mixture of Weighted.
func sortComps(c, tmp []comp) {
	n := len(c)
	var bnd [bufCap + 1]uint16 // run boundaries
	nr := 1
	for i := 1; i < n; i++ {
		if key(&c[i]) < key(&c[i-1]) {
			bnd[nr] = uint16(i)
			nr++
		}
	}
	if nr == 1 {
		return
	}
	bnd[nr] = uint16(n)
	src, dst := c, tmp[:n]
	for nr > 1 {
		w := 0
		for r := 0; r < nr; r += 2 {
			lo := int(bnd[r])
			if r+1 == nr {
				copy(dst[lo:n], src[lo:n])
				bnd[w] = uint16(lo)
				w++
				break
			}
			mid, hi := int(bnd[r+1]), int(bnd[r+2])
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
			bnd[w] = uint16(lo)
			w++
		}
		bnd[w] = uint16(n)
		nr = w
		src, dst = dst, src
	}
	if &src[0] != &c[0] {
		copy(c, src)
	}
}

// sumSorted appends to dst (within its capacity, at least a.n·z.n) the
// components of the sum of a and z, a.n ≤ z.n,
// in ascending key order, without sorting: component (i, j) has key
// key(aᵢ) + key(zⱼ), so each i gives an ascending run over j, and the runs
// are merged through a binary heap of at most a.n cursors.
//
// If a and z are the same mixture (a square: X + X′ for i.i.d. X, X′),
// components (i, j) and (j, i) are identical, so each row starts at its
// diagonal and the off-diagonal components count twice: n(n+1)/2
// components instead of n², the same sum.
func sumSorted(dst []comp, a, z *Mixture) []comp {
	var hk [MaxComponents]float64 // heap: key of the next component of row
	var hr, col [MaxComponents]uint8
	square := a == z
	n := a.n
	for i := range n {
		hr[i] = uint8(i)
		if square {
			col[i] = uint8(i)
		}
		hk[i] = key(&a.c[i]) + key(&z.c[col[i]])
	}
	// The rows start in ascending key order: already a heap.
	for n > 0 {
		i := hr[0]
		j := col[i]
		c := convolve(&a.c[i], &z.c[j])
		if square && j != i {
			c.Prob *= 2
		}
		if c.Prob != 0 {
			c.canonicalize()
			k := len(dst)
			dst = dst[:k+1]
			dst[k] = c
		}
		col[i]++
		if int(col[i]) < z.n {
			hk[0] = key(&a.c[i]) + key(&z.c[col[i]])
		} else {
			n--
			hk[0], hr[0] = hk[n], hr[n]
		}
		// Sift the root down.
		for r := 0; ; {
			l := 2*r + 1
			if l >= n {
				break
			}
			if l+1 < n && hk[l+1] < hk[l] {
				l++
			}
			if !(hk[l] < hk[r]) {
				break
			}
			hk[r], hk[l] = hk[l], hk[r]
			hr[r], hr[l] = hr[l], hr[r]
			r = l
		}
	}
	return dst
}

// sameTol is the relative tolerance within which two components count as
// identical and merge exactly.
const sameTol = 1e-12

// same reports whether x and y are equal within the relative tolerance
// sameTol (a saturated +Inf equals only +Inf).
func same(x, y float64) bool {
	d := math.Abs(x - y)
	return x == y || d <= sameTol*max(math.Abs(x), math.Abs(y)) && d <= math.MaxFloat64
}

// dedup merges the identical components of c, which is sorted by key, by
// adding their probabilities, and returns the new length.
func dedup(c []comp) int {
	w := 0
	for i := range c {
		ci := c[i]
		k := key(&ci)
		merged := false
		for j := w - 1; j >= 0 && same(key(&c[j]), k); j-- {
			if same(c[j].Var, ci.Var) && same(c[j].Shift, ci.Shift) && same(c[j].Mean, ci.Mean) && same(c[j].tail, ci.tail) {
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
// It is +Inf if either is saturated. sa and sb are σₐ and σ_b.
func cost(a, b *comp, sa, sb float64) float64 {
	d, e := key(a)-key(b), sa-sb
	return a.Prob * b.Prob / (a.Prob + b.Prob) * (d*d + e*e)
}

// cv2 returns the squared coefficient of variation of c's random part
// (0 for a constant).
func cv2(c *comp) float64 {
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
//	s = wₐ·sₐ + w_b·s_b,  Mean = μ − s,  Var = v,  tail = max(tailₐ, tail_b)
//
// If that random part would be relatively more variable than both inputs
// and an exponential, c² = v/(μ−s)² > C = max(1, c²ₐ, c²_b), the shift is
// lowered to μ − √(v/C), but not below min(sₐ, s_b): merging two atoms at
// 1 and 2 gives 1 + Exp(0.5) rather than 1.5 plus a random part of mean 0
// and variance 0.25, which no non-negative variable has.
func merge(a, b *comp) comp {
	p := a.Prob + b.Prob
	wa, wb := a.Prob/p, b.Prob/p
	ma, mb := key(a), key(b)
	mu := wa*ma + wb*mb
	d := ma - mb
	v := wa*a.Var + wb*b.Var + wa*wb*d*d
	s := wa*a.Shift + wb*b.Shift
	if r := mu - s; v > r*r {
		if cmax := max(1, cv2(a), cv2(b)); v > cmax*r*r {
			s = max(min(a.Shift, b.Shift), mu-math.Sqrt(v/cmax))
		}
	}
	s = min(s, mu)
	c := comp{Component{Prob: p, Shift: s, Mean: mu - s, Var: v}, max(a.tail, b.tail)}
	c.canonicalize()
	return c
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
func reduce(c []comp, target int) int {
	n := len(c)
	if n > 2*target {
		n = reduceRounds(c, target)
	}
	if n <= target {
		return n
	}
	// Keys, standard deviations and neighbour costs, kept alongside c
	// (n ≤ 2·target ≤ smallCap).
	var mu, sd, cs [smallCap]float64
	for i := range n {
		mu[i], sd[i] = key(&c[i]), math.Sqrt(c[i].Var)
	}
	pairCost := func(i int) float64 {
		d, e := mu[i]-mu[i+1], sd[i]-sd[i+1]
		pa, pb := c[i].Prob, c[i+1].Prob
		return pa * pb / (pa + pb) * (d*d + e*e)
	}
	m := n - 1
	for i := range m {
		cs[i] = pairCost(i)
	}
	for n > target {
		best := 0
		for i := 1; i < m; i++ {
			if cs[i] < cs[best] {
				best = i
			}
		}
		c[best] = merge(&c[best], &c[best+1])
		mu[best], sd[best] = key(&c[best]), math.Sqrt(c[best].Var)
		copy(c[best+1:n], c[best+2:n])
		copy(mu[best+1:n], mu[best+2:n])
		copy(sd[best+1:n], sd[best+2:n])
		copy(cs[best:m], cs[best+1:m])
		n--
		m--
		if best > 0 {
			cs[best-1] = pairCost(best - 1)
		}
		if best < m {
			cs[best] = pairCost(best)
		}
	}
	return n
}

// reduceRounds runs the rounds of reduce until at most 2·target components
// remain, and returns the new length.
func reduceRounds(c []comp, target int) int {
	n := len(c)
	var cs, tmp [bufCap]float64
	for n > 2*target {
		m := n - 1
		// Each standard deviation is taken once.
		sa := math.Sqrt(c[0].Var)
		for i := range m {
			sb := math.Sqrt(c[i+1].Var)
			cs[i] = cost(&c[i], &c[i+1], sa, sb)
			sa = sb
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
