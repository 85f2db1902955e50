// The standard bivariate normal distribution (needed for polychoric and tetrachoric correlations).
import Foundation

/// The standard bivariate normal distribution with correlation ρ.
///
/// ```
/// Φ₂(h, k; ρ) = P(X ≤ h, Y ≤ k),   (X, Y) ~ N(0, 0, 1, 1, ρ)
/// φ₂(x, y; ρ) = exp(−(x² − 2ρxy + y²) / (2(1 − ρ²))) / (2π√(1 − ρ²))
/// ```
/// Algorithm: Genz (2004) `BVND`/`BVNU` — Drezner & Wesolowsky's formula integrated by
/// Gauss–Legendre quadrature with 6, 12 or 20 points for |ρ| < 0.3, < 0.75, < 0.925, and for
/// |ρ| ≥ 0.925 the asymptotic expansion around ρ = ±1 plus a 20-point correction. Absolute accuracy
/// ~1e-15 (Genz 2004); the same code as R mvtnorm's TVPACK (`pmvnorm` for two dimensions) and
/// pbivnorm's Fortran.
///
/// References: Genz, A. (2004). Numerical computation of rectangular bivariate and trivariate normal
/// and t probabilities. Statistics and Computing 14, 251–260. doi:10.1023/B:STCO.0000035304.20635.31
/// Drezner, Z. & Wesolowsky, G. O. (1990). On the computation of the bivariate normal integral.
/// J. Statist. Comput. Simul. 35, 101–107. doi:10.1080/00949659008811236
///
/// Validated against: R mvtnorm `pmvnorm` and pbivnorm `pbivnorm` (DistributionsTests).
public enum BivariateNormal {
  /// Φ₂(h, k; ρ) = P(X ≤ h, Y ≤ k) for |ρ| ≤ 1; ±∞ limits are allowed.
  public static func cdf(_ h: Double, _ k: Double, _ rho: Double) -> Double {
    precondition(rho >= -1 && rho <= 1, "BivariateNormal.cdf: rho = \(rho) outside [-1, 1]")
    return upperOrthant(-h, -k, rho)
  }

  /// The density φ₂(x, y; ρ) for |ρ| < 1.
  public static func density(_ x: Double, _ y: Double, _ rho: Double) -> Double {
    let s = 1 - rho * rho
    return Foundation.exp(-(x * x - 2 * rho * x * y + y * y) / (2 * s)) / (2 * Double.pi * s.squareRoot())
  }

  private static func phi(_ x: Double) -> Double { 0.5 * Foundation.erfc(-x / 2.0.squareRoot()) }

  // Gauss–Legendre half-abscissae (on (0, 1)) and weights for 6, 12, 20 points.
  private static let w6: [Double] = [0.1713244923791705, 0.3607615730481384, 0.4679139345726904]
  private static let x6: [Double] = [0.9324695142031522, 0.6612093864662647, 0.2386191860831970]
  private static let w12: [Double] = [
    0.04717533638651177, 0.1069393259953183, 0.1600783285433464,
    0.2031674267230659, 0.2334925365383547, 0.2491470458134029,
  ]
  private static let x12: [Double] = [
    0.9815606342467191, 0.9041172563704750, 0.7699026741943050,
    0.5873179542866171, 0.3678314989981802, 0.1252334085114692,
  ]
  private static let w20: [Double] = [
    0.01761400713915212, 0.04060142980038694, 0.06267204833410906,
    0.08327674157670475, 0.1019301198172404, 0.1181945319615184,
    0.1316886384491766, 0.1420961093183821, 0.1491729864726037,
    0.1527533871307259,
  ]
  private static let x20: [Double] = [
    0.9931285991850949, 0.9639719272779138, 0.9122344282513259,
    0.8391169718222188, 0.7463319064601508, 0.6360536807265150,
    0.5108670019508271, 0.3737060887154196, 0.2277858511416451,
    0.07652652113349733,
  ]

  /// P(X > dh, Y > dk) (Genz `BVNU`).
  static func upperOrthant(_ dh: Double, _ dk: Double, _ r: Double) -> Double {
    if dh.isNaN || dk.isNaN || r.isNaN { return .nan }
    if dh == .infinity || dk == .infinity { return 0 }
    if dh == -.infinity { return dk == -.infinity ? 1 : phi(-dk) }
    if dk == -.infinity { return phi(-dh) }
    if r == 0 { return phi(-dh) * phi(-dk) }
    let tp = 2 * Double.pi
    let h = dh
    var k = dk
    var hk = h * k
    var bvn = 0.0
    let (w, x): ([Double], [Double])
    if Swift.abs(r) < 0.3 {
      (w, x) = (w6, x6)
    } else if Swift.abs(r) < 0.75 {
      (w, x) = (w12, x12)
    } else {
      (w, x) = (w20, x20)
    }
    if Swift.abs(r) < 0.925 {
      let hs = (h * h + k * k) / 2
      let asr = Foundation.asin(r) / 2
      for i in w.indices {
        for s in [-1.0, 1.0] {
          let sn = Foundation.sin(asr * (1 + s * x[i]))
          bvn += w[i] * Foundation.exp((sn * hk - hs) / (1 - sn * sn))
        }
      }
      bvn = bvn * asr / tp + phi(-h) * phi(-k)
    } else {
      if r < 0 {
        k = -k
        hk = -hk
      }
      if Swift.abs(r) < 1 {
        let aSquared = (1 - r) * (1 + r)
        var a = aSquared.squareRoot()
        let bs = (h - k) * (h - k)
        let c = (4 - hk) / 8
        let d = (12 - hk) / 80
        var asr = -(bs / aSquared + hk) / 2
        if asr > -100 {
          bvn = a * Foundation.exp(asr) * (1 - c * (bs - aSquared) * (1 - d * bs) / 3 + c * d * aSquared * aSquared)
        }
        if hk > -100 {
          let b = bs.squareRoot()
          let sp = tp.squareRoot() * phi(-b / a)
          bvn -= Foundation.exp(-hk / 2) * sp * b * (1 - c * bs * (1 - d * bs) / 3)
        }
        a /= 2
        var sum = 0.0
        for i in w.indices {
          for s in [-1.0, 1.0] {
            let xsRoot = a * (1 + s * x[i])
            let xs = xsRoot * xsRoot
            asr = -(bs / xs + hk) / 2
            if asr > -100 {
              let sp = 1 + c * xs * (1 + 5 * d * xs)
              let rs = (1 - xs).squareRoot()
              let ep = Foundation.exp(-(hk / 2) * xs / ((1 + rs) * (1 + rs))) / rs
              sum += w[i] * Foundation.exp(asr) * (sp - ep)
            }
          }
        }
        bvn = (a * sum - bvn) / tp
      }
      if r > 0 {
        bvn += phi(-Swift.max(h, k))
      } else if h >= k {
        bvn = -bvn
      } else {
        let l = h < 0 ? phi(k) - phi(h) : phi(-h) - phi(-k)
        bvn = l - bvn
      }
    }
    return Swift.max(0, Swift.min(1, bvn))
  }
}
