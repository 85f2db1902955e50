import Foundation

// Minimal normal and Student-t quantiles for confidence intervals. Internal on purpose: the
// Statistics target is getting public distributions (branch psych-rel); switch to them on merge.
//
// Normal: Acklam's rational approximation refined by one Halley step on erfc (full double
// precision). t: Newton iterations on the CDF, which uses the regularised incomplete beta
// function by Lentz's continued fraction (relative accuracy ~1e-14).

enum _Dist {
  static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

  static func normalQuantile(_ p: Double) -> Double {
    if p <= 0 { return -.infinity }
    if p >= 1 { return .infinity }
    let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
    let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let plow = 0.02425
    var x: Double
    if p < plow {
      let q = (-2 * log(p)).squareRoot()
      x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    } else if p <= 1 - plow {
      let q = p - 0.5, r = q * q
      x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    } else {
      let q = (-2 * log(1 - p)).squareRoot()
      x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    for _ in 0..<2 {
      let e = normalCDF(x) - p
      let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
      x -= u / (1 + x * u / 2)
    }
    return x
  }

  /// Regularised incomplete beta I_x(a, b).
  static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let lbeta = lgamma(a + b) - lgamma(a) - lgamma(b)
    let front = exp(lbeta + a * log(x) + b * log1p(-x))
    if x < (a + 1) / (a + b + 2) { return front * betaCF(x, a, b) / a }
    return 1 - front * betaCF(1 - x, b, a) / b
  }

  static func betaCF(_ x: Double, _ a: Double, _ b: Double) -> Double {
    let tiny = 1e-300
    var c = 1.0, d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
      let m2 = Double(2 * m), md = Double(m)
      var aa = md * (b - md) * x / ((a + m2 - 1) * (a + m2))
      d = 1 + aa * d; if abs(d) < tiny { d = tiny }
      c = 1 + aa / c; if abs(c) < tiny { c = tiny }
      d = 1 / d; h *= d * c
      aa = -(a + md) * (a + b + md) * x / ((a + m2) * (a + m2 + 1))
      d = 1 + aa * d; if abs(d) < tiny { d = tiny }
      c = 1 + aa / c; if abs(c) < tiny { c = tiny }
      d = 1 / d
      let del = d * c
      h *= del
      if abs(del - 1) < 1e-16 { break }
    }
    return h
  }

  static func tCDF(_ t: Double, _ df: Double) -> Double {
    let x = df / (df + t * t)
    let tail = 0.5 * incompleteBeta(x, df / 2, 0.5)
    return t > 0 ? 1 - tail : tail
  }

  static func tDensity(_ t: Double, _ df: Double) -> Double {
    exp(lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * log(df * Double.pi) - (df + 1) / 2 * log1p(t * t / df))
  }

  static func tQuantile(_ p: Double, _ df: Double) -> Double {
    if !df.isFinite || df > 1e7 { return normalQuantile(p) }
    if p == 0.5 { return 0 }
    var x = normalQuantile(p)
    for _ in 0..<100 {
      let step = (tCDF(x, df) - p) / tDensity(x, df)
      x -= step
      if abs(step) <= 1e-15 * max(1, abs(x)) { break }
    }
    return x
  }
}
