import LinearAlgebra

/// A design-based quantile with its Woodruff confidence interval (R `svyquantile`, survey ≥ 4.1).
public struct QuantileEstimate: Sendable, Equatable {
  /// The probability p.
  public let probability: Double
  /// The quantile (R `qrule = "math"`).
  public let estimate: Double
  /// Woodruff interval bounds; NaN when the interval for the CDF leaves [0, 1] (as R).
  public let lower: Double
  public let upper: Double
  /// (upper − lower) / (2·t_{1−α/2, df}) (R's `se`).
  public let standardError: Double
  /// Degrees of freedom used for the t critical value (R `degf(design)`).
  public let degreesOfFreedom: Int
}

/// How the quantile rule decides that p·Σw falls exactly on a cumulative weight (a tie of the
/// weighted CDF, e.g. equal weights with n·p a whole number).
///
/// Both variants compute the "math" rule q̂_p = x₍ₖ₎ with k the smallest index whose cumulative
/// weight reaches p·Σw; they differ only in the arithmetic near a tie, where one rounding error
/// decides between x₍ₖ₎ and x₍ₖ₊₁₎.
///
/// - ``rCompatible`` (the default) reproduces R survey 4.1's `qs()` operation by operation: the
///   cumulative weights and their total are accumulated in 80-bit extended precision and rounded
///   to double (R's `cumsum()` and `sum()` use `long double` on x86-64), pos = the last index with
///   cum ≤ p·Σw (the first when none is), and the estimate is x₍pos₎ when p − cum_pos/Σw is
///   exactly 0, else x₍pos+1₎. Every result equals R's on x86-64. It inherits R's behaviour at
///   ties: on equal-weight samples R returns the mathematical order statistic x₍ₙₚ₎ for 123 of the
///   163 whole-number n·p in `Datasets/reference/survey/quantile_ties.json` and x₍ₙₚ₊₁₎ for the
///   rest, depending on how p·Σw and the running sums round (and, in R, on the platform's long
///   double: R on arm64 macOS has none). On other architectures than x86-64 this variant sums with
///   compensated (Neumaier) double arithmetic, which agrees with the extended sums except in
///   rare last-bit cases.
/// - ``exactTies`` decides ties as exact arithmetic would: running sums and the total are
///   compensated (Neumaier, error ≤ 2ε·Σw instead of n·ε·Σw), and cum_k is taken to reach p·Σw
///   when cum_k ≥ p·Σw − 8ε·Σw (ε = 2⁻⁵³; the bound covers the errors of cum_k, of Σw, of the
///   product p·Σw and of p's own binary representation). Distinct cumulative weights differ by at
///   least the smallest weight, so this only merges values that are equal in exact arithmetic
///   unless a weight is below ~1e-15 of the total. Equal-weight samples always give x₍ₙₚ₎.
public enum QuantileTieArithmetic: String, Sendable, Equatable, CaseIterable {
  /// R survey 4.1.1 `qrule_math` on x86-64, operation by operation (the default).
  case rCompatible
  /// Ties decided as in exact arithmetic (compensated sums, tolerance 8ε·Σw).
  case exactTies
}

extension SurveyDesign {
  /// Quantiles of one variable with Woodruff intervals (R `svyquantile(~x, design, quantiles,
  /// ci = TRUE)` with the survey 4.x defaults `qrule = "math"`, `interval.type = "mean"`).
  ///
  /// ```
  /// q̂_p = the smallest x_(k) with F̂(x_(k)) ≥ p,  F̂ = weighted empirical CDF (rows with w > 0)
  /// CI: p̂ = mean of I(x ≤ q̂_p) ± t_{1−α/2, df}·SE(p̂);  bounds = q̂ at those probabilities
  /// ```
  /// df = design degrees of freedom after dropping missing rows (R `degf` of the subset design).
  /// Missing values: `.dropRows`/`.perVariable` drop them (R `na.rm = TRUE`) keeping the design.
  /// Ties of F̂ with p (equal weights, n·p whole) are decided by `ties` (see
  /// ``QuantileTieArithmetic``; the default reproduces R's arithmetic exactly).
  /// Cost: one sort O(n log n) plus one linearised variance per probability.
  ///
  /// Validated against: R survey 4.1.1 `svyquantile` on apistrat, apiclus1, apisrs (weights
  /// 30.97) and equal weights 1/3, 0.1, 1/7, 17/3, 0.7, 2.3 at every whole-number n·p
  /// (`quantile_ties.json`): estimates and bounds equal, se to 1e-9 relative.
  public func quantiles(
    _ x: [Double], probabilities: [Double], level: Double = 0.95, missing: SurveyMissingPolicy = .fail,
    ties: QuantileTieArithmetic = .rCompatible
  ) throws(DesignError) -> [QuantileEstimate] {
    for p in probabilities where !(p >= 0 && p <= 1) {
      throw .invalidArgument(name: "probability", value: "\(p)", allowed: "a value in [0, 1]")
    }
    let prep = try _prepare(Matrix(columnVectors: [x]), missing: missing)
    let n = x.count
    let w = Array(prep.cellWeights.elements[0..<n])
    let v = Array(prep.values.elements[0..<n])
    let df = _degreesOfFreedom(rowWeights: w)
    let alpha = 1 - level
    let crit = _Dist.tQuantile(1 - alpha / 2, Double(df))
    let rule = try _QuantileRule(values: v, weights: w, ties: ties)
    var out: [QuantileEstimate] = []
    for p in probabilities {
      let q = rule.quantile(p)
      var ind = Matrix(rows: n, columns: 1)
      for i in 0..<n { ind.elements[i] = v[i] <= q ? 1 : 0 }
      var indPrep = prep
      indPrep.values = ind
      let m = try _mean(indPrep, designEffect: .none, df: df)[0]
      let pl = m.estimate - crit * m.standardError, pu = m.estimate + crit * m.standardError
      let lo = (pl.isNaN || pl < 0) ? Double.nan : rule.quantile(pl)
      let hi = (pu.isNaN || pu > 1) ? Double.nan : rule.quantile(pu)
      out.append(QuantileEstimate(probability: p, estimate: q, lower: lo, upper: hi, standardError: (hi - lo) / (2 * crit), degreesOfFreedom: df))
    }
    return out
  }
}

/// The "math" quantile rule on the rows with non-zero weight (R `qrule_math` → `qs`).
struct _QuantileRule {
  /// Values in ascending order (stable: equal values keep their row order, as R's `order`).
  let sorted: [Double]
  /// Cumulative weights in that order, rounded to double.
  let cumulative: [Double]
  /// Σw.
  let total: Double
  let ties: QuantileTieArithmetic

  init(values v: [Double], weights w: [Double], ties: QuantileTieArithmetic) throws(DesignError) {
    let kept = (0..<v.count).filter { w[$0] != 0 }
    if kept.isEmpty { throw .noObservations(what: "the quantile variable") }
    let order = kept.sorted { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }
    sorted = order.map { v[$0] }
    self.ties = ties
    switch ties {
    case .rCompatible:
      // R: cumsum(w[order(x)]) and sum(w) (w in row order), both accumulated in long double.
      cumulative = _ExtendedSum.running(order.map { w[$0] })
      total = _ExtendedSum.total(kept.map { w[$0] })
    case .exactTies:
      cumulative = _CompensatedSum.running(order.map { w[$0] })
      total = cumulative[cumulative.count - 1]
    }
  }

  func quantile(_ p: Double) -> Double {
    let n = cumulative.count
    switch ties {
    case .rCompatible:
      // qs(): pos = last(cumw <= p * sum(w)), 1 when there is none; wlow = p − cumw[pos]/sum(w).
      let target = p * total
      var pos = 0
      if let last = cumulative.lastIndex(where: { $0 <= target }) { pos = last }
      let next = pos == n - 1 ? pos : pos + 1
      let wlow = p - cumulative[pos] / total
      return wlow == 0 ? sorted[pos] : sorted[next]
    case .exactTies:
      let target = p * total - 8 * (Double.ulpOfOne / 2) * total
      // Cumulative weights are non-decreasing: binary search for the first one reaching target.
      var lo = 0, hi = n - 1
      while lo < hi {
        let mid = (lo + hi) / 2
        if cumulative[mid] >= target { hi = mid } else { lo = mid + 1 }
      }
      return sorted[lo]
    }
  }
}

/// Sums accumulated in 80-bit extended precision and rounded to double, as R's `cumsum()` and
/// `sum()` (`LDOUBLE` accumulators) on x86-64.
enum _ExtendedSum {
  static func running(_ w: [Double]) -> [Double] {
    #if arch(x86_64) || arch(i386)
      var s: Float80 = 0
      return w.map { s += Float80($0); return Double(s) }
    #else
      return _CompensatedSum.running(w)
    #endif
  }

  static func total(_ w: [Double]) -> Double {
    #if arch(x86_64) || arch(i386)
      var s: Float80 = 0
      for v in w { s += Float80(v) }
      return Double(s)
    #else
      return _CompensatedSum.running(w).last ?? 0
    #endif
  }
}

/// Neumaier-compensated running sums: each partial sum carries its rounding error, so the k-th
/// result is within about 2ε of the exact partial sum regardless of k.
enum _CompensatedSum {
  static func running(_ w: [Double]) -> [Double] {
    var s = 0.0, c = 0.0
    return w.map { v in
      let t = s + v
      if Swift.abs(s) >= Swift.abs(v) { c += (s - t) + v } else { c += (v - t) + s }
      s = t
      return s + c
    }
  }
}
