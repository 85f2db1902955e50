// Continuous distributions as small value types: density, both tails, and quantiles of both tails.
//
// Implementation notes:
//  1. Every distribution computes the lower tail P(X ≤ x) and the upper tail P(X > x) directly from
//     the special functions (no 1 − p for the small tail), so tail probabilities down to ~1e-300
//     keep their relative accuracy.
//  2. Quantiles other than the normal one are found by `invertTail`: bracket, then Newton steps on
//     log(tail) − log(target) (which converge from far out in the tails, where the tail decays like
//     e^(−x²/2) or x^(−ν)), falling back to bisection whenever a step leaves the bracket. It stops
//     when a step is below 1e-15·|x| (relative tolerance ~1e-14 after the last quadratic step).
//  3. The p ≤ 0.5 side is inverted on the lower tail and the p > 0.5 side on the upper tail with the
//     exact target 1 − p (Sterbenz), so `quantile(1 − 1e-12)` is as accurate as the argument.
import Foundation

/// A continuous univariate distribution with density, both tails and their inverses.
public protocol ContinuousDistribution: Sendable {
  /// The density f(x).
  func density(_ x: Double) -> Double
  /// The lower tail P(X ≤ x) (R `p…(x)`).
  func cdf(_ x: Double) -> Double
  /// The upper tail P(X > x), computed directly (R `p…(x, lower.tail = FALSE)`).
  func complementaryCDF(_ x: Double) -> Double
  /// The x with P(X ≤ x) = p (R `q…(p)`); −∞/lower bound at p = 0, +∞ at p = 1, NaN outside [0, 1].
  func quantile(_ p: Double) -> Double
  /// The x with P(X > x) = q (R `q…(q, lower.tail = FALSE)`).
  func complementaryQuantile(_ q: Double) -> Double
}

/// Which tail a target probability refers to.
enum Tail { case lower, upper }

extension ContinuousDistribution {
  /// Both tails at x.
  public func tails(_ x: Double) -> TailPair { TailPair(lower: cdf(x), upper: complementaryCDF(x)) }

  /// Generic inversion of a tail probability (see the implementation notes at the top of the file).
  /// - Parameters:
  ///   - target: the probability in [0, 1] of the given `tail`.
  ///   - lowerBound: the lower end of the support (−∞ or 0).
  ///   - guess: a starting point inside the support.
  func invertTail(_ target: Double, tail: Tail, lowerBound: Double, guess: Double) -> Double {
    if target.isNaN || target < 0 || target > 1 { return .nan }
    // Work on the smaller tail.
    var tail = tail
    var t = target
    if t > 0.5 {
      t = 1 - t
      tail = tail == .lower ? .upper : .lower
    }
    if t == 0 { return tail == .lower ? lowerBound : .infinity }
    let logT = Foundation.log(t)
    // g(x) = log P_tail(x) − log t; increasing in x for the lower tail, decreasing for the upper.
    func g(_ x: Double) -> Double {
      let v = tail == .lower ? cdf(x) : complementaryCDF(x)
      return Foundation.log(v) - logT
    }
    func value(_ x: Double) -> Double { tail == .lower ? cdf(x) : complementaryCDF(x) }
    let sign: Double = tail == .lower ? 1 : -1  // sign of dg/dx
    // Bracket [lo, hi] with sign·g(lo) ≤ 0 ≤ sign·g(hi).
    var x = guess.isFinite ? guess : (lowerBound.isFinite ? 1 : 0)
    if lowerBound.isFinite && x <= lowerBound { x = lowerBound + 1 }
    var gx = sign * g(x)
    var lo = x
    var hi = x
    if gx.isNaN { return .nan }
    if gx < 0 {
      var step = Swift.max(1, Swift.abs(x))
      while true {
        hi = lowerBound.isFinite ? hi * 2 + 1 : hi + step
        step *= 2
        let gh = sign * g(hi)
        if gh >= 0 || !hi.isFinite { break }
        lo = hi
        if hi > 1e300 { return .infinity }
      }
    } else if gx > 0 {
      var step = Swift.max(1, Swift.abs(x))
      while true {
        if lowerBound.isFinite {
          lo = lowerBound + (lo - lowerBound) / 4
          if lo - lowerBound < 1e-300 { return lowerBound }
        } else {
          lo -= step
          step *= 2
        }
        let gl = sign * g(lo)
        if gl <= 0 { break }
        hi = lo
        if lo < -1e300 { return -.infinity }
      }
    } else {
      return x
    }
    // Safeguarded Newton on g.
    x = (lo + hi) / 2
    if lowerBound.isFinite && lo > lowerBound && hi / lo > 4 { x = (lo * hi).squareRoot() }
    for _ in 0..<400 {
      let v = value(x)
      gx = sign * (Foundation.log(v) - logT)
      if gx == 0 { return x }
      if gx < 0 { lo = x } else { hi = x }
      // d/dx log P = ±f/P.
      let slope = density(x) / v
      var next = x - gx / slope
      if !(next > lo && next < hi) || !slope.isFinite || slope == 0 {
        next = (lowerBound.isFinite && lo > lowerBound && hi / lo > 4) ? (lo * hi).squareRoot() : (lo + hi) / 2
      }
      if Swift.abs(next - x) <= 1e-15 * Swift.abs(x) + Double.leastNormalMagnitude {
        return next
      }
      if hi - lo <= 2 * (Swift.abs(hi).ulp) { return next }
      x = next
    }
    return x
  }
}

// MARK: - Normal

/// The normal distribution N(μ, σ²).
///
/// ```
/// f(x) = exp(−z²/2) / (σ√(2π)),   z = (x − μ)/σ,   Φ(z) = erfc(−z/√2)/2
/// ```
/// The cdf uses glibc `erfc` (both tails directly); the quantile is Wichura's AS 241 (`PPND16`),
/// relative accuracy ~1e-16, the algorithm of R 4.2 `qnorm`.
///
/// References: Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the normal
/// distribution. Applied Statistics 37(3), 477–484. doi:10.2307/2347330
///
/// Validated against: R 4.2 `pnorm`, `qnorm` (DistributionsTests).
public struct NormalDistribution: ContinuousDistribution, Equatable {
  /// The mean μ.
  public let mean: Double
  /// The standard deviation σ (> 0).
  public let standardDeviation: Double

  /// N(mean, standardDeviation²); the standard normal by default.
  public init(mean: Double = 0, standardDeviation: Double = 1) {
    precondition(standardDeviation > 0, "NormalDistribution: standardDeviation = \(standardDeviation) must be positive")
    self.mean = mean
    self.standardDeviation = standardDeviation
  }

  /// The standard normal N(0, 1).
  public static let standard = NormalDistribution()

  public func density(_ x: Double) -> Double {
    let z = (x - mean) / standardDeviation
    return Foundation.exp(-0.5 * z * z) / (standardDeviation * (2 * Double.pi).squareRoot())
  }

  public func cdf(_ x: Double) -> Double {
    0.5 * Foundation.erfc(-((x - mean) / standardDeviation) / 2.0.squareRoot())
  }

  public func complementaryCDF(_ x: Double) -> Double {
    0.5 * Foundation.erfc(((x - mean) / standardDeviation) / 2.0.squareRoot())
  }

  public func quantile(_ p: Double) -> Double {
    mean + standardDeviation * NormalDistribution.standardQuantile(p)
  }

  public func complementaryQuantile(_ q: Double) -> Double {
    // Φ⁻¹(1 − q) = −Φ⁻¹(q) exactly by symmetry.
    mean - standardDeviation * NormalDistribution.standardQuantile(q)
  }

  /// Φ⁻¹(p) by AS 241 (PPND16).
  public static func standardQuantile(_ p: Double) -> Double {
    if p.isNaN || p < 0 || p > 1 { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    let q = p - 0.5
    if Swift.abs(q) <= 0.425 {
      let r = 0.180625 - q * q
      let num =
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
          + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
          + 133.14166789178437745) * r + 3.387132872796366608)
      let den =
        (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r
          + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
          + 42.313330701600911252) * r + 1)
      return q * num / den
    }
    var r = q < 0 ? p : 1 - p
    r = (-Foundation.log(r)).squareRoot()
    var value: Double
    if r <= 5 {
      r -= 1.6
      value =
        (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
          + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
          + 4.6303378461565452959) * r + 1.42343711074968357734)
        / (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r
          + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
          + 2.05319162663775882187) * r + 1)
    } else {
      r -= 5
      value =
        (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r
          + 0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r
          + 5.4637849111641143699) * r + 6.6579046435011037772)
        / (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r
          + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r
          + 0.59983220655588793769) * r + 1)
    }
    return q < 0 ? -value : value
  }
}
