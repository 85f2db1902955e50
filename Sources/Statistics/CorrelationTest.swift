import Foundation
import LinearAlgebra

/// Multiple-testing adjustment of p-values (R `p.adjust` methods; raw values are R's names).
public enum PValueAdjustment: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Holm (1979) step-down (R's and psych::corr.test's default).
  case holm
  /// Hochberg (1988) step-up.
  case hochberg
  /// Hommel (1988).
  case hommel
  /// Bonferroni: min(1, m·p).
  case bonferroni
  /// Benjamini & Hochberg (1995) false discovery rate ("BH", R's "fdr").
  case benjaminiHochberg = "BH"
  /// Benjamini & Yekutieli (2001) false discovery rate under dependence ("BY").
  case benjaminiYekutieli = "BY"
  /// No adjustment.
  case none
}

/// Adjusted p-values, exactly R `p.adjust(p, method)`.
///
/// With the m non-missing p-values sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎:
/// ```
/// bonferroni  min(1, m p₍ᵢ₎)
/// holm        min(1, max_{j ≤ i} (m − j + 1) p₍ⱼ₎)
/// hochberg    min(1, min_{j ≥ i} (m − j + 1) p₍ⱼ₎)
/// BH          min(1, min_{j ≥ i} m/j · p₍ⱼ₎)          BY: the same times Σ_{k ≤ m} 1/k
/// hommel      R's algorithm (Wright 1992): for each size k = m − 1 … 2 the minimum of k·p₍ⱼ₎/j over
///             the largest k, then the running maximum over k
/// ```
/// NaN (R's NA) stays NaN and does not count in m (R's `n = length(p)` after removing NA).
/// With m = 2, hommel is hochberg (as R).
///
/// References: Holm (1979), Scand. J. Statist. 6, 65–70; Hochberg (1988), Biometrika 75, 800–802,
/// doi:10.1093/biomet/75.4.800; Hommel (1988), Biometrika 75, 383–386, doi:10.1093/biomet/75.2.383;
/// Benjamini & Hochberg (1995), JRSS B 57, 289–300; Benjamini & Yekutieli (2001), Ann. Statist. 29,
/// 1165–1188, doi:10.1214/aos/1013699998; Wright (1992), Biometrics 48, 1005–1013.
///
/// Validated against: R 4.2.2 `p.adjust` for every method (CorrelationTestTests, 1e-14 relative).
public func adjustedPValues(_ p: [Double], method: PValueAdjustment) -> [Double] {
  let present = p.indices.filter { !p[$0].isNaN }
  let m = present.count
  var out = p
  guard m > 1, method != .none else { return out }
  let values = present.map { p[$0] }
  // Stable ascending order (R's order()).
  let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
  let sorted = order.map { values[$0] }
  let md = Double(m)
  var adjusted = [Double](repeating: 0, count: m)  // in sorted order
  switch method == .hommel && m == 2 ? .hochberg : method {
  case .none:
    adjusted = sorted
  case .bonferroni:
    adjusted = sorted.map { Swift.min(1, md * $0) }
  case .holm:
    var running = 0.0
    for i in 0..<m {
      running = Swift.max(running, (md - Double(i)) * sorted[i])
      adjusted[i] = Swift.min(1, running)
    }
  case .hochberg, .benjaminiHochberg, .benjaminiYekutieli:
    let q = method == .benjaminiYekutieli ? (1...m).reduce(0.0) { $0 + 1 / Double($1) } : 1
    var running = Double.infinity
    for i in stride(from: m - 1, through: 0, by: -1) {
      let rank = Double(i + 1)
      let factor = method == .hochberg ? (md - rank + 1) : q * md / rank
      running = Swift.min(running, factor * sorted[i])
      adjusted[i] = Swift.min(1, running)
    }
  case .hommel:
    // R's p.adjust "hommel" on the sorted values.
    var minimum = Double.infinity
    for i in 0..<m { minimum = Swift.min(minimum, md * sorted[i] / Double(i + 1)) }
    var q = [Double](repeating: minimum, count: m)
    var pa = q
    for k in stride(from: m - 1, through: 2, by: -1) {
      let kd = Double(k)
      // i1 = 1 … m − k + 1, i2 = m − k + 2 … m (1-based).
      var q1 = Double.infinity
      for (step, i) in ((m - k + 1)..<m).enumerated() { q1 = Swift.min(q1, kd * sorted[i] / Double(step + 2)) }
      for i in 0...(m - k) { q[i] = Swift.min(kd * sorted[i], q1) }
      for i in (m - k + 1)..<m { q[i] = q[m - k] }
      for i in 0..<m { pa[i] = Swift.max(pa[i], q[i]) }
    }
    for i in 0..<m { adjusted[i] = Swift.max(pa[i], sorted[i]) }
  }
  for (rank, position) in order.enumerated() { out[present[position]] = adjusted[rank] }
  return out
}

/// The statistic a correlation test reports (R `cor.test`'s `names(statistic)`).
public enum CorrelationTestStatistic: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Pearson: t on n − 2 df.
  case t
  /// Spearman: S = (n³ − n)(1 − ρ)/6.
  case s = "S"
  /// Kendall, exact: T = the number of concordant pairs.
  case concordantPairs = "T"
  /// Kendall, asymptotic: z.
  case z
}

/// How a test's p-value was obtained.
public enum TestPValueMethod: String, Sendable, Equatable, Hashable, CaseIterable {
  /// The exact null distribution (Spearman n < 1290 without ties, Kendall n < 50 without ties).
  case exact
  /// A t, normal or Edgeworth approximation (always for Pearson's t test, which is exact under normality).
  case asymptotic
}

/// One two-sided correlation test (R `cor.test`).
public struct CorrelationTest: Sendable, Equatable {
  /// The coefficient (r, ρ or τ_b).
  public let estimate: Double
  /// Complete pairs used.
  public let count: Int
  /// The statistic and its kind.
  public let statistic: Double
  public let statisticKind: CorrelationTestStatistic
  /// Degrees of freedom of the t statistic (Pearson), nil otherwise.
  public let degreesOfFreedom: Double?
  /// Two-sided p-value.
  public let pValue: Double
  public let pValueMethod: TestPValueMethod
  /// Confidence interval (Pearson: Fisher z as cor.test), nil when the test gives none.
  public let interval: ConfidenceInterval?

  public init(
    estimate: Double, count: Int, statistic: Double, statisticKind: CorrelationTestStatistic, degreesOfFreedom: Double?,
    pValue: Double, pValueMethod: TestPValueMethod, interval: ConfidenceInterval?
  ) {
    self.estimate = estimate
    self.count = count
    self.statistic = statistic
    self.statisticKind = statisticKind
    self.degreesOfFreedom = degreesOfFreedom
    self.pValue = pValue
    self.pValueMethod = pValueMethod
    self.interval = interval
  }
}

/// Pearson's correlation test from r and n, exactly R `cor.test(x, y)` (two-sided).
///
/// ```
/// t = r·√(n − 2)/√(1 − r²) on n − 2 df,   p = 2·min(P(T ≤ t), P(T > t))
/// CI (n > 3): tanh(atanh(r) ∓ z_{(1+level)/2}/√(n − 3))   (Fisher 1921)
/// ```
/// nil when n < 3 (R: "not enough finite observations") or r is NaN. |r| = 1 gives t = ±∞, p = 0.
/// psych::corr.test's p (2·(1 − P(T ≤ |t|))) is the same number.
///
/// Validated against: R 4.2.2 `cor.test` on every pair of ten bfi items (n 2,760–2,800) and on
/// small samples (CorrelationTestTests; 1e-10 relative).
public func pearsonCorrelationTest(r: Double, count n: Int, level: Double = 0.95) -> CorrelationTest? {
  guard n >= 3, !r.isNaN, level > 0, level < 1 else { return nil }
  let df = Double(n - 2)
  let t = df.squareRoot() * r / (1 - r * r).squareRoot()
  let dist = StudentTDistribution(degreesOfFreedom: df)
  let p = t.isInfinite ? 0 : 2 * Swift.min(dist.cdf(t), dist.complementaryCDF(t))
  var interval: ConfidenceInterval? = nil
  if n > 3 {
    let z = atanh(r), sigma = 1 / Double(n - 3).squareRoot()
    let q = NormalDistribution.standardQuantile((1 + level) / 2)
    interval = ConfidenceInterval(lower: tanh(z - sigma * q), upper: tanh(z + sigma * q), level: level)
  }
  return CorrelationTest(
    estimate: r, count: n, statistic: t, statisticKind: .t, degreesOfFreedom: df, pValue: Swift.min(1, p),
    pValueMethod: .asymptotic, interval: interval)
}

/// Tests of every pair j < k of a correlation matrix, with adjusted p-values (psych::corr.test's
/// matrix form).
public struct CorrelationTestTable: Sendable, Equatable {
  /// Pairs (j, k), j < k, in the order of R's `upper.tri` (column by column: (0,1), (0,2), (1,2), …).
  public let pairs: [(first: Int, second: Int)]
  /// The test of each pair; nil where none is defined (fewer than 3 rows, r undefined).
  public let tests: [CorrelationTest?]
  /// The adjustment and the adjusted p-values (NaN where the test is nil).
  public let adjustment: PValueAdjustment
  public let adjustedPValues: [Double]
  /// Number of variables.
  public let variables: Int

  /// Pairs in upper-triangle order, their tests, and p-values adjusted over all defined tests.
  public init(variables p: Int, adjustment: PValueAdjustment, test: (_ j: Int, _ k: Int) throws -> CorrelationTest?) rethrows {
    var pairs: [(Int, Int)] = []
    var tests: [CorrelationTest?] = []
    for k in 0..<p {
      for j in 0..<k {
        pairs.append((j, k))
        tests.append(try test(j, k))
      }
    }
    self.pairs = pairs
    self.tests = tests
    self.adjustment = adjustment
    self.variables = p
    self.adjustedPValues = Statistics.adjustedPValues(tests.map { $0?.pValue ?? .nan }, method: adjustment)
  }

  /// psych::corr.test's p matrix: unadjusted p below the diagonal, adjusted p above, 0 on the
  /// diagonal (psych shows 0); NaN where a pair has no test.
  public var pValueMatrix: Matrix {
    var m = Matrix(rows: variables, columns: variables)
    for (i, pair) in pairs.enumerated() {
      m[pair.second, pair.first] = tests[i]?.pValue ?? .nan
      m[pair.first, pair.second] = adjustedPValues[i]
    }
    return m
  }

  public static func == (a: CorrelationTestTable, b: CorrelationTestTable) -> Bool {
    a.variables == b.variables && a.adjustment == b.adjustment && a.tests == b.tests
      && a.adjustedPValues.elementsEqual(b.adjustedPValues) { $0 == $1 || ($0.isNaN && $1.isNaN) }
      && a.pairs.elementsEqual(b.pairs) { $0 == $1 }
  }
}
