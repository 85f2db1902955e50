// Student's t, F and χ² distributions through the incomplete beta and gamma functions.
import Foundation

// MARK: - Student's t

/// Student's t distribution with ν > 0 degrees of freedom (non-integer ν allowed).
///
/// ```
/// f(t) = Γ((ν+1)/2) / (√(νπ) Γ(ν/2)) · (1 + t²/ν)^(−(ν+1)/2)
/// P(T > |t|) = ½ · I_x(ν/2, ½),   x = ν/(ν + t²),  1 − x = t²/(ν + t²)
/// ```
/// Both x and 1 − x are formed without cancellation and passed to the incomplete beta.
/// Quantile: safeguarded Newton on the log tail from the normal quantile.
///
/// Validated against: R 4.2 `pt`, `qt` (DistributionsTests). Divergence: R switches to a normal
/// approximation for ν > 4e5; this type keeps the exact formula.
public struct StudentTDistribution: ContinuousDistribution, Equatable {
  /// Degrees of freedom ν.
  public let degreesOfFreedom: Double

  /// t with `degreesOfFreedom` (> 0).
  public init(degreesOfFreedom: Double) {
    precondition(degreesOfFreedom > 0, "StudentTDistribution: degreesOfFreedom = \(degreesOfFreedom) must be positive")
    self.degreesOfFreedom = degreesOfFreedom
  }

  public func density(_ t: Double) -> Double {
    let v = degreesOfFreedom
    let logNorm: Double = Foundation.lgamma((v + 1) / 2) - Foundation.lgamma(v / 2) - 0.5 * Foundation.log(v * Double.pi)
    let logKernel: Double = -(v + 1) / 2 * Foundation.log1p(t * t / v)
    return Foundation.exp(logNorm + logKernel)
  }

  /// P(T > |t|) (one tail beyond |t|).
  private func tailBeyond(_ t: Double) -> Double {
    if t.isNaN { return .nan }
    if t.isInfinite { return 0 }
    let v = degreesOfFreedom
    let t2 = t * t
    let denom = v + t2
    let pair = regularizedIncompleteBeta(a: v / 2, b: 0.5, x: v / denom, y: t2 / denom)
    return 0.5 * pair.lower
  }

  public func cdf(_ t: Double) -> Double {
    let beyond = tailBeyond(t)
    return t <= 0 ? beyond : 1 - beyond
  }

  public func complementaryCDF(_ t: Double) -> Double {
    let beyond = tailBeyond(t)
    return t >= 0 ? beyond : 1 - beyond
  }

  public func quantile(_ p: Double) -> Double {
    if p == 0.5 { return 0 }
    return invertTail(p, tail: .lower, lowerBound: -.infinity, guess: NormalDistribution.standardQuantile(p))
  }

  public func complementaryQuantile(_ q: Double) -> Double {
    if q == 0.5 { return 0 }
    return invertTail(q, tail: .upper, lowerBound: -.infinity, guess: -NormalDistribution.standardQuantile(q))
  }
}

// MARK: - χ²

/// The χ² distribution with k > 0 degrees of freedom.
///
/// ```
/// f(x) = x^(k/2−1) e^(−x/2) / (2^(k/2) Γ(k/2)),   P(X ≤ x) = P(k/2, x/2)
/// ```
/// Quantile: safeguarded Newton on the log tail from the Wilson–Hilferty approximation.
///
/// Validated against: R 4.2 `pchisq`, `qchisq` (DistributionsTests).
public struct ChiSquaredDistribution: ContinuousDistribution, Equatable {
  /// Degrees of freedom k.
  public let degreesOfFreedom: Double

  /// χ² with `degreesOfFreedom` (> 0).
  public init(degreesOfFreedom: Double) {
    precondition(degreesOfFreedom > 0, "ChiSquaredDistribution: degreesOfFreedom = \(degreesOfFreedom) must be positive")
    self.degreesOfFreedom = degreesOfFreedom
  }

  public func density(_ x: Double) -> Double {
    if x < 0 { return 0 }
    let k = degreesOfFreedom
    if x == 0 { return k < 2 ? .infinity : (k == 2 ? 0.5 : 0) }
    let logPower: Double = (k / 2 - 1) * Foundation.log(x) - x / 2
    let logNorm: Double = k / 2 * Foundation.log(2.0) + Foundation.lgamma(k / 2)
    return Foundation.exp(logPower - logNorm)
  }

  public func cdf(_ x: Double) -> Double {
    regularizedIncompleteGamma(a: degreesOfFreedom / 2, x: Swift.max(x, 0) / 2).lower
  }

  public func complementaryCDF(_ x: Double) -> Double {
    regularizedIncompleteGamma(a: degreesOfFreedom / 2, x: Swift.max(x, 0) / 2).upper
  }

  /// Wilson–Hilferty starting value for a lower-tail probability p.
  static func wilsonHilferty(_ p: Double, _ k: Double) -> Double {
    let z = NormalDistribution.standardQuantile(p)
    let c = 2 / (9 * k)
    let w = 1 - c + z * c.squareRoot()
    return Swift.max(k * w * w * w, 1e-3 * k)
  }

  public func quantile(_ p: Double) -> Double {
    invertTail(p, tail: .lower, lowerBound: 0, guess: Self.wilsonHilferty(p, degreesOfFreedom))
  }

  public func complementaryQuantile(_ q: Double) -> Double {
    invertTail(q, tail: .upper, lowerBound: 0, guess: Self.wilsonHilferty(1 - q, degreesOfFreedom))
  }
}

// MARK: - F

/// Fisher's F distribution with d₁, d₂ > 0 degrees of freedom.
///
/// ```
/// P(F ≤ f) = I_x(d₁/2, d₂/2),   x = d₁f/(d₁f + d₂),   1 − x = d₂/(d₁f + d₂)
/// f(x) = √((d₁x)^d₁ d₂^d₂ / (d₁x + d₂)^(d₁+d₂)) / (x B(d₁/2, d₂/2))
/// ```
/// Quantile: safeguarded Newton on the log tail.
///
/// Validated against: R 4.2 `pf`, `qf` (DistributionsTests).
public struct FDistribution: ContinuousDistribution, Equatable {
  /// Numerator degrees of freedom d₁.
  public let numeratorDegreesOfFreedom: Double
  /// Denominator degrees of freedom d₂.
  public let denominatorDegreesOfFreedom: Double

  /// F(d₁, d₂), both > 0.
  public init(numeratorDegreesOfFreedom d1: Double, denominatorDegreesOfFreedom d2: Double) {
    precondition(d1 > 0 && d2 > 0, "FDistribution: degrees of freedom (\(d1), \(d2)) must be positive")
    numeratorDegreesOfFreedom = d1
    denominatorDegreesOfFreedom = d2
  }

  public func density(_ x: Double) -> Double {
    if x < 0 { return 0 }
    let d1 = numeratorDegreesOfFreedom
    let d2 = denominatorDegreesOfFreedom
    if x == 0 { return d1 < 2 ? .infinity : (d1 == 2 ? 1 : 0) }
    let a: Double = d1 * Foundation.log(d1 * x) + d2 * Foundation.log(d2)
    let b: Double = (d1 + d2) * Foundation.log(d1 * x + d2)
    let logF: Double = 0.5 * (a - b) - Foundation.log(x) - logBeta(d1 / 2, d2 / 2)
    return Foundation.exp(logF)
  }

  private func pair(_ f: Double) -> TailPair {
    if f.isNaN { return TailPair(lower: .nan, upper: .nan) }
    if f <= 0 { return TailPair(lower: 0, upper: 1) }
    if f == .infinity { return TailPair(lower: 1, upper: 0) }
    let d1 = numeratorDegreesOfFreedom
    let d2 = denominatorDegreesOfFreedom
    let denom = d1 * f + d2
    return regularizedIncompleteBeta(a: d1 / 2, b: d2 / 2, x: d1 * f / denom, y: d2 / denom)
  }

  public func cdf(_ f: Double) -> Double { pair(f).lower }

  public func complementaryCDF(_ f: Double) -> Double { pair(f).upper }

  public func quantile(_ p: Double) -> Double { invertTail(p, tail: .lower, lowerBound: 0, guess: 1) }

  public func complementaryQuantile(_ q: Double) -> Double { invertTail(q, tail: .upper, lowerBound: 0, guess: 1) }
}
