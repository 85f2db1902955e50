import Foundation

/// COINr's default outlier rule (`Treat()` with `winsorise` → `log_CT`, `check_SkewKurt`).
///
/// An indicator **fails** when |skew| ≥ `skewThreshold` **and** kurtosis ≥ `kurtosisThreshold`
/// (COINr passes when `abs(sk) < 2 | kt < 3.5`). Skewness and kurtosis are e1071 type 2
/// (COINr `skew()` / `kurt()`), over the n observed values with deviations dᵢ = xᵢ − x̄:
/// ```
/// g₁ = √n Σd³ / (Σd²)^{3/2},   skew = g₁ √(n(n − 1)) / (n − 2)                  (n ≥ 3)
/// r  = n Σd⁴ / (Σd²)²,         kurt = ((n + 1)(r − 3) + 6)(n − 1) / ((n − 2)(n − 3))  (n ≥ 4, excess)
/// ```
/// A failing indicator is winsorised one extreme at a time: if skew ≥ 0 every unit at the current
/// maximum is set to the largest remaining value, otherwise every unit at the minimum to the
/// smallest remaining one, re-testing after each step, while the count of winsorised points
/// (as COINr counts it: the number of points at the last high clamp plus at the last low clamp) is below
/// `maximumPoints`. If it still fails and `logFallback` is on, the **original** values are replaced by
/// COINr `log_CT`: log(x − min x + 0.01·(max x − min x)) (`combine_treat = FALSE`).
/// With fewer than 4 observed values the test is undefined and the indicator is left untreated (as COINr).
public struct WinsorisationRule: Sendable, Hashable {
  /// |skew| threshold (COINr `skew_thresh`, default 2).
  public var skewThreshold: Double
  /// Excess-kurtosis threshold (COINr `kurt_thresh`, default 3.5).
  public var kurtosisThreshold: Double
  /// Maximum number of winsorised points (COINr `winmax`, default 5).
  public var maximumPoints: Int
  /// Apply `log_CT` to the original values when winsorisation does not pass (COINr `f2`, default on).
  public var logFallback: Bool

  public init(skewThreshold: Double = 2, kurtosisThreshold: Double = 3.5, maximumPoints: Int = 5, logFallback: Bool = true) {
    self.skewThreshold = skewThreshold
    self.kurtosisThreshold = kurtosisThreshold
    self.maximumPoints = maximumPoints
    self.logFallback = logFallback
  }

  /// True when the values pass (are left alone): |skew| < threshold or kurtosis < threshold.
  /// `nil` when skew or kurtosis is undefined (fewer than 4 observed values).
  public func passes(_ x: [Double]) -> Bool? {
    let sk = sampleSkewness(x), kt = sampleKurtosis(x)
    if sk.isNaN || kt.isNaN {
      // R: NA | TRUE is TRUE, otherwise NA.
      if !sk.isNaN && abs(sk) < skewThreshold { return true }
      if !kt.isNaN && kt < kurtosisThreshold { return true }
      return nil
    }
    return abs(sk) < skewThreshold || kt < kurtosisThreshold
  }
}

/// What the outlier treatment did to one indicator.
public struct TreatmentReport: Sendable, Hashable {
  /// What was applied.
  public enum Action: Sendable, Hashable {
    /// Passed the test, values unchanged (or no treatment requested, or too few values).
    case none
    /// Winsorised; passes afterwards.
    case winsorised
    /// Winsorisation failed to pass within the point limit; `log_CT` of the original values.
    case logTransformed
    /// Winsorisation failed and no fallback was allowed: the winsorised values are kept.
    case winsorisedNotPassing
  }
  /// Indicator name.
  public let indicator: String
  /// The action taken.
  public let action: Action
  /// Skewness and kurtosis before and after (NaN when undefined).
  public let skewBefore: Double, kurtosisBefore: Double, skewAfter: Double, kurtosisAfter: Double
  /// Units (0-based rows) clamped from above and from below by winsorisation.
  public let winsorisedHigh: [Int], winsorisedLow: [Int]
}

/// Sample skewness, e1071 type 2 / COINr `skew()`, over the non-NaN values; NaN if n < 3.
public func sampleSkewness(_ values: [Double]) -> Double {
  let x = values.filter { !$0.isNaN }
  let n = Double(x.count)
  guard x.count >= 3 else { return .nan }
  let m = x.reduce(0, +) / n
  var s2 = 0.0, s3 = 0.0
  for v in x { let d = v - m; s2 += d * d; s3 += d * d * d }
  let g1 = n.squareRoot() * s3 / pow(s2, 1.5)
  return g1 * (n * (n - 1)).squareRoot() / (n - 2)
}

/// Sample excess kurtosis, e1071 type 2 / COINr `kurt()`, over the non-NaN values; NaN if n < 4.
public func sampleKurtosis(_ values: [Double]) -> Double {
  let x = values.filter { !$0.isNaN }
  let n = Double(x.count)
  guard x.count >= 4 else { return .nan }
  let m = x.reduce(0, +) / n
  var s2 = 0.0, s4 = 0.0
  for v in x { let d = v - m; s2 += d * d; s4 += d * d * d * d }
  let r = n * s4 / (s2 * s2)
  return ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
}

/// Applies COINr's default treatment rule to one indicator (NaN kept), see ``WinsorisationRule``.
public func treatOutliers(_ values: [Double], rule: WinsorisationRule = WinsorisationRule(), name: String = "")
  -> (values: [Double], report: TreatmentReport)
{
  let sk0 = sampleSkewness(values), kt0 = sampleKurtosis(values)
  func report(_ a: TreatmentReport.Action, _ y: [Double], _ hi: [Int], _ lo: [Int]) -> TreatmentReport {
    TreatmentReport(
      indicator: name, action: a, skewBefore: sk0, kurtosisBefore: kt0, skewAfter: sampleSkewness(y),
      kurtosisAfter: sampleKurtosis(y), winsorisedHigh: hi, winsorisedLow: lo)
  }
  guard let pass0 = rule.passes(values), !pass0 else { return (values, report(.none, values, [], [])) }

  // Winsorisation loop (COINr winsorise()).
  var x = values
  var imax: [Int] = [], imin: [Int] = []
  var allHigh = Set<Int>(), allLow = Set<Int>()
  var nwin = 0
  var passing: Bool? = false
  while passing == false && nwin < rule.maximumPoints {
    let observed = x.indices.filter { !x[$0].isNaN }
    guard let mx = observed.map({ x[$0] }).max(), let mn = observed.map({ x[$0] }).min(), mx > mn else { break }
    if sampleSkewness(x) >= 0 {
      imax = observed.filter { x[$0] == mx }
      let next = observed.filter { x[$0] != mx }.map { x[$0] }.max() ?? mx
      for i in imax { x[i] = next }
      allHigh.formUnion(imax)
    } else {
      imin = observed.filter { x[$0] == mn }
      let next = observed.filter { x[$0] != mn }.map { x[$0] }.min() ?? mn
      for i in imin { x[i] = next }
      allLow.formUnion(imin)
    }
    nwin = imax.count + imin.count
    passing = rule.passes(x)
  }
  if passing != false {
    return (x, report(.winsorised, x, allHigh.sorted(), allLow.sorted()))
  }
  guard rule.logFallback else {
    return (x, report(.winsorisedNotPassing, x, allHigh.sorted(), allLow.sorted()))
  }
  // log_CT of the original values.
  let obs = values.filter { !$0.isNaN }
  let lo = obs.min() ?? 0, hi = obs.max() ?? 0
  let y = values.map { $0.isNaN ? Double.nan : log($0 - lo + 0.01 * (hi - lo)) }
  return (y, report(.logTransformed, y, [], []))
}
