import Foundation

// Private numerical helpers (normal and Student t distribution functions, regularised incomplete
// beta). Kept internal until Statistics/Distributions.swift (branch psych-rel) is merged; then
// these delegate or are removed.

/// Φ(x), the standard normal CDF, via erfc (glibc, accurate to a few ulp in both tails).
@inline(__always) func _normalCDF(_ x: Double, lowerTail: Bool = true) -> Double {
  lowerTail ? 0.5 * erfc(-x / 2.0.squareRoot()) : 0.5 * erfc(x / 2.0.squareRoot())
}

/// Φ⁻¹(p): Acklam's rational approximation (relative error 1.15e-9) refined by two Halley steps
/// on erfc, which brings it to full double precision for 1e-300 < p < 1 − 1e-16.
func _normalQuantile(_ p: Double) -> Double {
  precondition(p >= 0 && p <= 1, "normal quantile: p = \(p) outside [0, 1]")
  if p == 0 { return -.infinity }
  if p == 1 { return .infinity }
  let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
           1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
  let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
           6.680131188771972e+01, -1.328068155288572e+01]
  let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
           -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
  let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
           3.754408661907416e+00]
  let plow = 0.02425
  var x: Double
  if p < plow {
    let q = (-2 * log(p)).squareRoot()
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
      / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  } else if p <= 1 - plow {
    let q = p - 0.5, r = q * q
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
      / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  } else {
    let q = (-2 * log1p(-p)).squareRoot()
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
      / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  }
  for _ in 0..<2 {
    // Halley step on f(x) = Φ(x) − p, using the tail that keeps precision.
    let e = x < 0 ? _normalCDF(x) - p : (1 - p) - _normalCDF(x, lowerTail: false)
    let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
    x -= u / (1 + x * u / 2)
  }
  return x
}

/// Regularised incomplete beta I_x(a, b) by the continued fraction (modified Lentz), using the
/// symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
func _incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
  if x <= 0 { return 0 }
  if x >= 1 { return 1 }
  let lnFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
  if x > (a + 1) / (a + b + 2) {
    return 1 - _incompleteBeta(1 - x, b, a)
  }
  let tiny = 1e-300
  var f = 1.0, c = 1.0, d = 0.0
  for i in 0...10_000 {
    let m = Double(i / 2)
    var numerator: Double
    if i == 0 {
      numerator = 1
    } else if i % 2 == 0 {
      numerator = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
    } else {
      numerator = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))
    }
    d = 1 + numerator * d
    if Swift.abs(d) < tiny { d = tiny }
    d = 1 / d
    c = 1 + numerator / c
    if Swift.abs(c) < tiny { c = tiny }
    let cd = c * d
    f *= cd
    if Swift.abs(1 - cd) < 1e-16 { break }
  }
  return exp(lnFront) * (f - 1) / a
}

/// Student t CDF with ν degrees of freedom (R `pt(t, df, lower.tail)`), via
/// P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½) for t > 0.
func _studentTCDF(_ t: Double, df: Double, lowerTail: Bool = true) -> Double {
  if t.isNaN { return .nan }
  if t.isInfinite { return (t > 0) == lowerTail ? 1 : 0 }
  let tail = 0.5 * _incompleteBeta(df / (df + t * t), df / 2, 0.5)  // P(T > |t|)
  if t > 0 { return lowerTail ? 1 - tail : tail }
  return lowerTail ? tail : 1 - tail
}
