import Foundation
import Statistics

/// The alternative hypothesis of a correlation test (R `cor.test(alternative =)`).
public enum CorrelationAlternative: String, Sendable, CaseIterable {
  case twoSided, less, greater
}

/// How the p-value of a rank correlation test was computed.
public enum RankTestPValueMethod: String, Sendable, CaseIterable {
  /// Spearman: exact permutation count for n ≤ 9, AS 89 Edgeworth series for 10 ≤ n ≤ 1290 (R `prho`).
  /// Kendall: exact distribution of the number of concordant pairs (R `ckendall`).
  case exact
  /// Spearman: t approximation with n − 2 df; Kendall: normal approximation with tie-corrected variance.
  case asymptotic
}

/// The result of a Spearman or Kendall rank correlation test (R `cor.test`).
public struct RankCorrelationTest: Sendable, Equatable {
  /// Spearman's ρ or Kendall's τ-b.
  public let estimate: Double
  /// Spearman: S = (n³ − n)(1 − ρ)/6. Kendall exact: T = number of concordant pairs; asymptotic: z.
  public let statistic: Double
  /// The p-value for `alternative`.
  public let pValue: Double
  public let pValueMethod: RankTestPValueMethod
  public let alternative: CorrelationAlternative
  /// Number of complete pairs.
  public let count: Int
  /// Whether x or y has ties.
  public let hasTies: Bool
  /// Fisher-z interval (not part of R `cor.test`, which gives none for rank correlations):
  /// tanh(atanh(r) ± z_{(1+level)/2}·se) with se = √(1.06/(n − 3)) for Spearman and √(0.437/(n − 4))
  /// for Kendall (Fieller, Hartley & Pearson 1957, Biometrika 44, 470–481, doi:10.2307/2332878).
  /// nil when n is too small (n ≤ 3 Spearman, n ≤ 4 Kendall) or |r| = 1.
  public let fisherInterval: ClosedRange<Double>?
  /// Level of `fisherInterval`.
  public let level: Double
}

private func validatePairs(_ x: [Double], _ y: [Double]) throws(RankingError) {
  guard x.count == y.count else { throw .lengthMismatch(what: "y", expected: x.count, found: y.count) }
  guard x.count >= 3 else { throw .tooFewUnits(found: x.count, required: 3) }
  for (i, v) in x.enumerated() where !v.isFinite { throw .nonFiniteValue(what: "x", index: i) }
  for (i, v) in y.enumerated() where !v.isFinite { throw .nonFiniteValue(what: "y", index: i) }
}

private func fisherInterval(_ r: Double, n: Int, c: Double, minN: Int, level: Double) -> ClosedRange<Double>? {
  guard n > minN, Swift.abs(r) < 1 else { return nil }
  let z = atanh(r), se = (c / Double(n - minN)).squareRoot(), q = _normalQuantile((1 + level) / 2)
  return tanh(z - q * se)...tanh(z + q * se)
}

/// Pearson correlation of two vectors (two-pass means, as R `cor`).
func _pearson(_ x: [Double], _ y: [Double]) -> Double {
  let n = Double(x.count)
  let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
  var sxy = 0.0, sxx = 0.0, syy = 0.0
  for i in x.indices {
    let dx = x[i] - mx, dy = y[i] - my
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy
  }
  return sxy / (sxx * syy).squareRoot()
}

/// Spearman's ρ: Pearson correlation of mid-ranks (R `cor(rank(x), rank(y))`).
public func spearmanRho(_ x: [Double], _ y: [Double]) -> Double { _pearson(averageRanks(x), averageRanks(y)) }

/// R's `prho` (AS 89 with R's modifications): P(S ≥ s) (upper) or P(S < s) (lower) for
/// Spearman's S under independence; exact for n ≤ 9, Edgeworth series above.
func _prho(n: Int, s sThreshold: Double, lowerTail: Bool) -> Double {
  var pv = lowerTail ? 0.0 : 1.0
  if n <= 1 || sThreshold <= 0 { return pv }
  let nd = Double(n)
  let n3 = nd * (nd * nd - 1) / 3
  if sThreshold > n3 { return 1 - pv }
  if n <= 9 {
    // Count permutations with Σ(i − π(i))² ≥ is (Heap's algorithm; the order does not matter).
    var perm = Array(1...n)
    var ifr = 0, nfac = 1
    for i in 1...n { nfac *= i }
    func sse() -> Double {
      var s = 0
      for i in 0..<n { let d = i + 1 - perm[i]; s += d * d }
      return Double(s)
    }
    if sThreshold <= sse() { ifr += 1 }
    var c = [Int](repeating: 0, count: n)
    var i = 1
    while i < n {
      if c[i] < i {
        if i % 2 == 0 { perm.swapAt(0, i) } else { perm.swapAt(c[i], i) }
        if sThreshold <= sse() { ifr += 1 }
        c[i] += 1; i = 1
      } else {
        c[i] = 0; i += 1
      }
    }
    pv = Double(lowerTail ? nfac - ifr : ifr) / Double(nfac)
    return pv
  }
  let c1 = 0.2274, c2 = 0.2531, c3 = 0.1745, c4 = 0.0758, c5 = 0.1033, c6 = 0.3932
  let c7 = 0.0879, c8 = 0.0151, c9 = 0.0072, c10 = 0.0831, c11 = 0.0131, c12 = 4.6e-4
  let b = 1 / nd
  let x = (6 * (sThreshold - 1) * b / (nd * nd - 1) - 1) * (nd - 1).squareRoot()
  var y = x * x
  let u = x * b * (c1 + b * (c2 + c3 * b) + y * (-c4 + b * (c5 + c6 * b) - y * b * (c7 + c8 * b - y * (c9 - c10 * b + y * b * (c11 - c12 * y)))))
  y = u / exp(y / 2)
  pv = (lowerTail ? -y : y) + _normalCDF(x, lowerTail: lowerTail)
  return Swift.min(Swift.max(pv, 0), 1)
}

/// Spearman rank correlation test, as R `cor.test(x, y, method = "spearman", exact = NULL,
/// continuity = FALSE)`.
///
/// ```
/// ρ = cor(rank(x), rank(y)),   S = (n³ − n)(1 − ρ)/6
/// exact (no ties, n ≤ 1290): P via R prho(round(S) + 2·lower, n) — exact n ≤ 9, AS 89 Edgeworth otherwise
/// otherwise:  t = r/√((1 − r²)/(n − 2)), r = 1 − S/((n³ − n)/6), p from t with n − 2 df
/// two-sided: p = min(1, 2·P(S ≤ s) if s ≤ (n³ − n)/6 else 2·P(S ≥ s))
/// ```
/// `exact: nil` means exact unless there are ties (R warns and falls back; here it is recorded in
/// `pValueMethod`). The interval is Fisher z (see `RankCorrelationTest.fisherInterval`).
///
/// References: D. J. Best and D. E. Roberts (1975), Algorithm AS 89, Applied Statistics 24,
/// 377–379, doi:10.2307/2347111. Validated against: R 4.2.2 `cor.test` (1e-10 relative,
/// `Datasets/reference/scripts/ranking_cortest.R`).
public func spearmanTest(
  _ x: [Double], _ y: [Double], alternative: CorrelationAlternative = .twoSided,
  exact: Bool? = nil, continuity: Bool = false, level: Double = 0.95
) throws(RankingError) -> RankCorrelationTest {
  try validatePairs(x, y)
  guard level > 0 && level < 1 else { throw .invalidLevel(level) }
  let n = x.count, nd = Double(n)
  let ties = Set(x).count < n || Set(y).count < n
  let r = spearmanRho(x, y)
  let q = (nd * nd * nd - nd) * (1 - r) / 6
  let useExact = (exact ?? true) && !ties && n <= 1290
  func pspearman(_ q: Double, lowerTail: Bool) -> Double {
    if useExact { return _prho(n: n, s: q.rounded(.toNearestOrEven) + (lowerTail ? 2 : 0), lowerTail: lowerTail) }
    var den = nd * (nd * nd - 1) / 6
    if continuity { den += 1 }
    let rr = 1 - q / den
    return _studentTCDF(rr / ((1 - rr * rr) / (nd - 2)).squareRoot(), df: nd - 2, lowerTail: !lowerTail)
  }
  let p: Double
  switch alternative {
  case .twoSided:
    let one = q > (nd * nd * nd - nd) / 6 ? pspearman(q, lowerTail: false) : pspearman(q, lowerTail: true)
    p = Swift.min(2 * one, 1)
  case .greater: p = pspearman(q, lowerTail: true)
  case .less: p = pspearman(q, lowerTail: false)
  }
  return RankCorrelationTest(
    estimate: r, statistic: q, pValue: p, pValueMethod: useExact ? .exact : .asymptotic,
    alternative: alternative, count: n, hasTies: ties,
    fisherInterval: fisherInterval(r, n: n, c: 1.06, minN: 3, level: level), level: level)
}

/// P(T ≤ q) for the number T of concordant pairs among n untied pairs (R `pkendall`, via the
/// Mahonian numbers: permutations of n with k inversions).
func _pkendall(_ q: Double, n: Int) -> Double {
  let maxT = n * (n - 1) / 2
  if q < 0 { return 0 }
  if q > Double(maxT) { return 1 }
  var counts = [Double](repeating: 0, count: maxT + 1)
  counts[0] = 1
  if n >= 2 {
    for m in 2...n {
      // counts_m[k] = Σ_{i=0}^{m−1} counts_{m−1}[k − i]
      let upper = m * (m - 1) / 2
      var next = [Double](repeating: 0, count: maxT + 1)
      var window = 0.0
      for k in 0...upper {
        window += counts[k]
        if k - m >= 0 { window -= counts[k - m] }
        next[k] = window
      }
      counts = next
    }
  }
  var total = 0.0
  for k in 0...Int(q) { total += counts[k] }
  return total / exp(lgamma(Double(n + 1)))
}

/// Kendall rank correlation test, as R `cor.test(x, y, method = "kendall", exact = NULL,
/// continuity = FALSE)`.
///
/// ```
/// τ_b as R cor(x, y, method = "kendall") (Statistics `kendallTauB`, Knight's O(n log n))
/// exact (n < 50, no ties): T = round((τ + 1)·n(n − 1)/4), P from the exact distribution of T
/// otherwise: S = τ·√((n₀ − n₁)(n₀ − n₂)),  z = S/√Var(S),
///   Var(S) = [n(n−1)(2n+5) − Σt(t−1)(2t+5) − Σu(u−1)(2u+5)]/18
///          + Σt(t−1)·Σu(u−1) / (2n(n−1)) + Σt(t−1)(t−2)·Σu(u−1)(u−2) / (9n(n−1)(n−2))
/// ```
/// (t, u: sizes of tie groups in x, y). Validated against: R 4.2.2 `cor.test`, 1e-10 relative.
public func kendallTest(
  _ x: [Double], _ y: [Double], alternative: CorrelationAlternative = .twoSided,
  exact: Bool? = nil, continuity: Bool = false, level: Double = 0.95
) throws(RankingError) -> RankCorrelationTest {
  try validatePairs(x, y)
  guard level > 0 && level < 1 else { throw .invalidLevel(level) }
  let n = x.count, nd = Double(n)
  let ties = Set(x).count < n || Set(y).count < n
  let r = kendallTauB(x, y)
  let useExact = (exact ?? (n < 50)) && !ties
  var statistic: Double
  let p: Double
  if useExact {
    let q = ((r + 1) * nd * (nd - 1) / 4).rounded(.toNearestOrEven)
    statistic = q
    switch alternative {
    case .twoSided:
      let one = q > nd * (nd - 1) / 4 ? 1 - _pkendall(q - 1, n: n) : _pkendall(q, n: n)
      p = Swift.min(2 * one, 1)
    case .greater: p = 1 - _pkendall(q - 1, n: n)
    case .less: p = _pkendall(q, n: n)
    }
  } else {
    func tieSizes(_ v: [Double]) -> [Double] {
      var counts: [Double: Int] = [:]
      for a in v { counts[a, default: 0] += 1 }
      return counts.values.filter { $0 > 1 }.map(Double.init)
    }
    let xt = tieSizes(x), yt = tieSizes(y)
    let t0 = nd * (nd - 1) / 2
    let t1 = xt.reduce(0) { $0 + $1 * ($1 - 1) } / 2
    let t2 = yt.reduce(0) { $0 + $1 * ($1 - 1) } / 2
    var s = r * ((t0 - t1) * (t0 - t2)).squareRoot()
    let v0 = nd * (nd - 1) * (2 * nd + 5)
    let vt = xt.reduce(0) { $0 + $1 * ($1 - 1) * (2 * $1 + 5) }
    let vu = yt.reduce(0) { $0 + $1 * ($1 - 1) * (2 * $1 + 5) }
    let v1 = xt.reduce(0) { $0 + $1 * ($1 - 1) } * yt.reduce(0) { $0 + $1 * ($1 - 1) }
    let v2 = xt.reduce(0) { $0 + $1 * ($1 - 1) * ($1 - 2) } * yt.reduce(0) { $0 + $1 * ($1 - 1) * ($1 - 2) }
    let varS = (v0 - vt - vu) / 18 + v1 / (2 * nd * (nd - 1)) + v2 / (9 * nd * (nd - 1) * (nd - 2))
    if continuity { s = (s > 0 ? 1 : (s < 0 ? -1 : 0)) * (Swift.abs(s) - 1) }
    statistic = s / varS.squareRoot()
    switch alternative {
    case .twoSided:
      p = 2 * Swift.min(_normalCDF(statistic), _normalCDF(statistic, lowerTail: false))
    case .greater: p = _normalCDF(statistic, lowerTail: false)
    case .less: p = _normalCDF(statistic)
    }
  }
  return RankCorrelationTest(
    estimate: r, statistic: statistic, pValue: p, pValueMethod: useExact ? .exact : .asymptotic,
    alternative: alternative, count: n, hasTies: ties,
    fisherInterval: fisherInterval(r, n: n, c: 0.437, minN: 4, level: level), level: level)
}
