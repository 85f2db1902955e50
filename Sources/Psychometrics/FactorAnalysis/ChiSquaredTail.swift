// Internal χ² and noncentral χ² distribution functions used by the factor-analysis fit statistics.
//
// Implementation note: the shared `Statistics` distributions (branch psych-rel) were not yet
// available when factor analysis was written; these internal helpers are small, accurate to
// about 1e-13 relative and can be replaced by `ChiSquaredDistribution` /
// `NoncentralChiSquaredDistribution` once merged (same definitions as R `pchisq`).
import Foundation

/// Regularised lower and upper incomplete gamma P(a, x), Q(a, x) = 1 − P (Numerical Recipes
/// series for x < a + 1, Lentz continued fraction otherwise; the smaller one is computed directly,
/// so far tails keep full relative precision).
func _regularizedGamma(_ a: Double, _ x: Double) -> (p: Double, q: Double) {
  if x <= 0 { return (0, 1) }
  if x.isInfinite { return (1, 0) }
  let logPrefix = -x + a * Foundation.log(x) - Foundation.lgamma(a)
  if x < a + 1 {
    var ap = a, sum = 1 / a, del = sum
    for _ in 0..<100_000 {
      ap += 1
      del *= x / ap
      sum += del
      if Swift.abs(del) < Swift.abs(sum) * 1e-16 { break }
    }
    let p = sum * Foundation.exp(logPrefix)
    return (p, 1 - p)
  }
  let tiny = 1e-300
  var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
  var i = 1.0
  while i < 100_000 {
    let an = -i * (i - a)
    b += 2
    d = an * d + b
    if Swift.abs(d) < tiny { d = tiny }
    c = b + an / c
    if Swift.abs(c) < tiny { c = tiny }
    d = 1 / d
    let del = d * c
    h *= del
    if Swift.abs(del - 1) < 1e-16 { break }
    i += 1
  }
  let q = Foundation.exp(logPrefix) * h
  return (1 - q, q)
}

/// P(χ²_df ≤ x) and its complement (R `pchisq(x, df)` / `pchisq(x, df, lower.tail = FALSE)`).
func _chiSquaredCDF(_ x: Double, degreesOfFreedom df: Double) -> (lower: Double, upper: Double) {
  let r = _regularizedGamma(df / 2, x / 2)
  return (r.p, r.q)
}

/// P(χ²_df(ncp) ≤ x) for the noncentral χ²: the Poisson(ncp/2) mixture Σⱼ wⱼ·P(df/2 + j, x/2),
/// summed outwards from the modal term with the recurrences wⱼ₊₁ = wⱼ·λ/(j + 1) and
/// P(a + 1, y) = P(a, y) − yᵃe⁻ʸ/Γ(a + 1), so one incomplete gamma per call; stops when the
/// weights fall below 1e-17 of their running total.
func _noncentralChiSquaredCDF(_ x: Double, degreesOfFreedom df: Double, noncentrality ncp: Double) -> Double {
  if ncp <= 0 { return _chiSquaredCDF(x, degreesOfFreedom: df).lower }
  if x <= 0 { return 0 }
  let lambda = ncp / 2, y = x / 2
  let mode = Swift.max(0, Int(lambda.rounded(.down)))
  let a0 = df / 2 + Double(mode)
  let w0 = Foundation.exp(-lambda + Double(mode) * Foundation.log(lambda) - Foundation.lgamma(Double(mode) + 1))
  let g0 = _regularizedGamma(a0, y).p
  // d(a) = yᵃ e⁻ʸ / Γ(a + 1)
  let d0 = Foundation.exp(a0 * Foundation.log(y) - y - Foundation.lgamma(a0 + 1))
  var total = w0 * g0, weights = w0
  // Upwards.
  var w = w0, g = g0, d = d0, a = a0, j = mode
  while j < mode + 1_000_000 {
    g -= d
    d *= y / (a + 1)
    a += 1
    w *= lambda / Double(j + 1)
    j += 1
    total += w * Swift.max(g, 0)
    weights += w
    if w < 1e-17 * weights && Double(j) > lambda { break }
  }
  // Downwards.
  w = w0; g = g0; d = d0; a = a0; j = mode
  while j > 0 {
    d *= a / y          // d(a − 1)
    g += d
    a -= 1
    w *= Double(j) / lambda
    j -= 1
    total += w * Swift.min(g, 1)
    weights += w
    if w < 1e-17 * weights { break }
  }
  return Swift.min(1, Swift.max(0, total))
}

/// A root of the monotone function `f` on [lo, hi] by bisection to `tolerance` (absolute).
func _bisect(_ lo: Double, _ hi: Double, tolerance: Double = 1e-10, _ f: (Double) -> Double) -> Double? {
  var a = lo, b = hi
  var fa = f(a)
  let fb = f(b)
  if fa == 0 { return a }
  if fb == 0 { return b }
  if (fa > 0) == (fb > 0) { return nil }
  for _ in 0..<200 {
    let m = 0.5 * (a + b)
    let fm = f(m)
    if fm == 0 { return m }
    if (fm > 0) == (fa > 0) { a = m; fa = fm } else { b = m }
    if b - a < tolerance * Swift.max(1, Swift.abs(m)) { break }
  }
  return 0.5 * (a + b)
}
