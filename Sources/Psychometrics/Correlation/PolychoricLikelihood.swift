import Foundation
import Statistics

// The bivariate-normal likelihood of an r × c contingency table, shared by polychoric and
// tetrachoric correlations, and a port of R's one-dimensional minimiser `optimize()`.
//
// Implementation notes:
// 1. Cell probabilities: with cut points a₀ = −∞ < a₁ ≤ … ≤ a_{r−1} < a_r = +∞ (rows) and b (columns),
//    the grid F[i, j] = Φ₂(aᵢ, bⱼ; ρ) is evaluated once ((r − 1)(c − 1) Genz BVND calls; the
//    borders are Φ(aᵢ), Φ(bⱼ), 0 or 1) and each cell is the rectangle difference
//    P_ij = F[i, j] − F[i−1, j] − F[i, j−1] + F[i−1, j−1]. psych's `polyBinBvn` computes the inner
//    cells with mnormt's `sadmvn` (which for two dimensions is the same Genz BVND code) and the last
//    row and column by subtraction from the margins; both agree to ~1e-16 absolute.
// 2. The objective is psych's `polyF`: −Σ t_ij log P_ij over the cells with P_ij > 0 (cells with
//    P_ij ≤ 0 are dropped, as psych sets their log to NA and sums with na.rm = TRUE).
// 3. `_brentMinimize` is R's `Brent_fmin` (src/library/stats/src/optimize.c, R 4.2) line by line,
//    so with the same objective values it visits the same points and stops at the same x as
//    `optimize(f, c(lower, upper), tol = tol)`. psych's default tolerance (.Machine$double.eps^0.25
//    ≈ 1.2e-4) leaves rho up to ~1e-5 from the exact optimum; reproducing the iteration is what
//    makes agreement with psych much closer than that tolerance.

/// One pair's table and cut points.
struct _BivariateTable {
  /// Row-major counts (or proportions), rows × columns.
  var counts: [Double]
  var rows: Int
  var columns: Int
  /// r − 1 row cut points and c − 1 column cut points (may contain ±∞ for empty categories).
  var rowCuts: [Double]
  var columnCuts: [Double]

  /// Cut points with the infinite ends added.
  var fullRowCuts: [Double] { [-.infinity] + rowCuts + [.infinity] }
  var fullColumnCuts: [Double] { [-.infinity] + columnCuts + [.infinity] }

  /// Φ₂ on the (r + 1) × (c + 1) grid of cut points, row-major.
  func grid(_ rho: Double) -> [Double] {
    let a = fullRowCuts, b = fullColumnCuts
    let nc = columns + 1
    var f = [Double](repeating: 0, count: (rows + 1) * nc)
    let normal = NormalDistribution.standard
    for i in 0...rows {
      for j in 0...columns {
        let v: Double
        if a[i] == -.infinity || b[j] == -.infinity {
          v = 0
        } else if a[i] == .infinity {
          v = b[j] == .infinity ? 1 : normal.cdf(b[j])
        } else if b[j] == .infinity {
          v = normal.cdf(a[i])
        } else {
          v = BivariateNormal.cdf(a[i], b[j], rho)
        }
        f[i * nc + j] = v
      }
    }
    return f
  }

  /// Cell probabilities P_ij (row-major).
  func cellProbabilities(_ rho: Double) -> [Double] {
    let f = grid(rho)
    let nc = columns + 1
    var p = [Double](repeating: 0, count: rows * columns)
    for i in 0..<rows {
      for j in 0..<columns {
        p[i * columns + j] = f[(i + 1) * nc + j + 1] - f[i * nc + j + 1] - f[(i + 1) * nc + j] + f[i * nc + j]
      }
    }
    return p
  }

  /// −Σ t_ij log P_ij over cells with P_ij > 0 (psych `polyF`).
  func negativeLogLikelihood(_ rho: Double) -> Double {
    let p = cellProbabilities(rho)
    var s = 0.0
    for c in p.indices where p[c] > 0 {
      let l = Foundation.log(p[c])
      if l.isFinite { s += counts[c] * l }
    }
    return -s
  }
}

/// R's `optimize()` (Brent's fmin without derivatives), a line-by-line port of R 4.2 `Brent_fmin`.
///
/// Minimises `f` on [lower, upper] to an x accurate to about 2·(√ε·|x| + tol/3). R's default
/// `tol` is ε^(1/4) ≈ 1.220703e-4.
///
/// References: Brent, R. P. (1973). Algorithms for Minimization without Derivatives, ch. 5.
func _brentMinimize(_ lower: Double, _ upper: Double, tolerance tol: Double, _ f: (Double) -> Double) -> Double {
  let c = (3.0 - 5.0.squareRoot()) * 0.5
  var eps = Double.ulpOfOne
  var tol1 = eps + 1
  eps = eps.squareRoot()
  var a = lower, b = upper
  var v = a + c * (b - a)
  var w = v, x = v
  var d = 0.0, e = 0.0
  var fx = f(x)
  var fv = fx, fw = fx
  let tol3 = tol / 3
  while true {
    let xm = (a + b) * 0.5
    tol1 = eps * Swift.abs(x) + tol3
    let t2 = tol1 * 2
    if Swift.abs(x - xm) <= t2 - (b - a) * 0.5 { break }
    var p = 0.0, q = 0.0, r = 0.0
    if Swift.abs(e) > tol1 {  // fit parabola
      r = (x - w) * (fx - fv)
      q = (x - v) * (fx - fw)
      p = (x - v) * q - (x - w) * r
      q = (q - r) * 2
      if q > 0 { p = -p } else { q = -q }
      r = e
      e = d
    }
    if Swift.abs(p) >= Swift.abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x) {
      // golden-section step
      e = x < xm ? b - x : a - x
      d = c * e
    } else {
      // parabolic-interpolation step
      d = p / q
      let u = x + d
      if u - a < t2 || b - u < t2 {
        d = tol1
        if x >= xm { d = -d }
      }
    }
    let u: Double
    if Swift.abs(d) >= tol1 {
      u = x + d
    } else if d > 0 {
      u = x + tol1
    } else {
      u = x - tol1
    }
    let fu = f(u)
    // Update a, b, v, w and x (both branches run when fu == fx, as in R).
    if fx <= fu {
      if u < x { a = u } else { b = u }
    }
    if fu <= fx {
      if u < x { b = x } else { a = x }
      v = w; fv = fw
      w = x; fw = fx
      x = u; fx = fu
    } else {
      if fu <= fw || w == x {
        v = w; fv = fw
        w = u; fw = fu
      } else if fu <= fv || v == x || v == w {
        v = u; fv = fu
      }
    }
  }
  return x
}

/// R's default `optimize()` tolerance, .Machine$double.eps^0.25.
public let rOptimizeDefaultTolerance: Double = Foundation.pow(Double.ulpOfOne, 0.25)
