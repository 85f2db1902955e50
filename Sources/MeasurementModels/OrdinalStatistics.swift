import Foundation
import LinearAlgebra
import Psychometrics
import Statistics

/// One group's sample statistics for ordinal indicators (lavaan `ordered = TRUE`): thresholds,
/// polychoric correlations and their asymptotic covariance (Muthén 1984), with pairwise-present data.
///
/// ```
/// τ_jk = Φ⁻¹(Σ_{c ≤ k} n_jc / n_j)                  (item j's observed rows)
/// ρ_ij = argmax Σ_ab n_ab log P_ab(ρ | τ_i, τ_j)     (rows where both are observed; Psychometrics.polychoric)
/// ```
/// Γ (lavaan NACOV): with per-row scores s_τ of the univariate log-likelihoods and s_ρ of the
/// bivariate ones (0 where a value is missing), INNER = SᵀS, A11 = the item blocks of INNER,
/// A22 = diag(Σ s_ρ²), A21 = Σ s_ρ ∂ℓ_ij/∂τ (the bivariate scores' threshold derivatives),
/// B⁻¹ = [[A11⁻¹, 0], [−A22⁻¹ A21 A11⁻¹, A22⁻¹]] and Γ = N · B⁻¹ INNER B⁻ᵀ (lavaan `muthen1984`).
/// Statistics are ordered as lavaan's WLS.obs: thresholds item by item, then the correlations
/// column-wise below the diagonal.
struct OrdinalGroupStatistics: Sendable {
  var name: String
  var n: Double
  /// Thresholds per item (K_j − 1 each).
  var thresholds: [[Double]]
  var correlation: Matrix
  /// s = (τ, ρ) in lavaan's order and its asymptotic covariance Γ (N × Var).
  var statistics: [Double]
  var gamma: Matrix
  var thresholdOffsets: [Int]
  var pairIndex: [[Int]]

  var thresholdCount: Int { thresholds.reduce(0) { $0 + $1.count } }

  /// `codes` n × p: category indices 0…K_j−1 (NaN missing); `levels` K_j per item.
  ///
  /// Sampling weights (lavaan `sampling.weights` with ordered items, `muthen1984(wt = )`): thresholds
  /// from the weighted cumulative proportions, each ρ maximising Σ_i w_i log P(cell_i | ρ) with those
  /// thresholds fixed, and Γ from INNER = Σ w_i² s_i s_iᵀ with A11, A22 from Σ w_i s_i s_iᵀ and
  /// A21 = Σ w_i s_ρ ∂ℓ/∂τ (Γ does not depend on the scale of w).
  static func compute(name: String, codes: Matrix, levels: [Int], items: [String], weights: [Double]? = nil) throws(MeasurementModelError) -> OrdinalGroupStatistics {
    let p = codes.columns
    let keep = (0..<codes.rows).filter { i in (0..<p).contains { !codes[i, $0].isNaN } }
    let x = codes.submatrix(rows: keep, columns: 0..<p)
    let n = x.rows
    let wt = weights.map { ws in keep.map { ws[$0] } }
    // Empty categories are refused as lavaan does (a threshold would be ±∞).
    var counts: [[Double]] = []
    for j in 0..<p {
      var c = [Double](repeating: 0, count: levels[j])
      for i in 0..<n where !x[i, j].isNaN { c[Int(x[i, j])] += 1 }
      if let k = c.firstIndex(of: 0) {
        throw .emptyCategory(item: items[j], group: name, category: k + 1, categories: levels[j], frequencies: c.map { Int($0) })
      }
      counts.append(c)
    }
    // Polychoric correlations (two-step, thresholds fixed from each item's margins) by the toolkit's
    // polychoric routine: global thresholds, no continuity correction, no smoothing, tight tolerance.
    let pc: PolychoricCorrelation
    do {
      pc = try polychoric(x, options: PolychoricOptions(thresholds: .global, continuityCorrection: 0, smooth: false,
                                                        tolerance: 1e-12, maximumCategories: 64))
    } catch { throw .invalid("polychoric correlations in group '\(name)': \(error)") }
    var thresholds: [[Double]] = []
    for j in 0..<p {
      var c = counts[j]
      if let wt {
        c = [Double](repeating: 0, count: levels[j])
        for i in 0..<n where !x[i, j].isNaN { c[Int(x[i, j])] += wt[i] }
      }
      let nj = c.reduce(0, +)
      var cum = 0.0
      var t: [Double] = []
      for k in 0..<(levels[j] - 1) { cum += c[k]; t.append(NormalDistribution.standardQuantile(cum / nj)) }
      thresholds.append(t)
    }
    var rho = pc.unsmoothedCorrelation
    if let wt {
      for j in 0..<p {
        for i in (j + 1)..<p {
          let k1 = thresholds[j].count + 1, k2 = thresholds[i].count + 1
          var table = [Double](repeating: 0, count: k1 * k2)
          for r in 0..<n where !x[r, j].isNaN && !x[r, i].isNaN { table[Int(x[r, j]) * k2 + Int(x[r, i])] += wt[r] }
          let r = Self.twoStepRho(table: table, thresholds[j], thresholds[i], start: rho[i, j])
          rho[i, j] = r; rho[j, i] = r
        }
      }
    }
    var offsets: [Int] = []
    var nth = 0
    for t in thresholds { offsets.append(nth); nth += t.count }
    var pairIndex = [[Int]](repeating: [Int](repeating: -1, count: p), count: p)
    var pstar = 0
    for j in 0..<p { for i in (j + 1)..<p { pairIndex[i][j] = pstar; pairIndex[j][i] = pstar; pstar += 1 } }
    var stats = thresholds.flatMap { $0 }
    for j in 0..<p { for i in (j + 1)..<p { stats.append(rho[i, j]) } }
    // Scores.
    let q = nth + pstar
    var sc = Matrix(rows: n, columns: q)
    func cdf(_ z: Double) -> Double { z == .infinity ? 1 : z == -.infinity ? 0 : NormalDistribution.standard.cdf(z) }
    func pdf(_ z: Double) -> Double { z.isInfinite ? 0 : NormalDistribution.standard.density(z) }
    func ext(_ t: [Double], _ k: Int) -> (Double, Double) {   // (lower, upper) bounds of category k
      (k == 0 ? -.infinity : t[k - 1], k == t.count ? .infinity : t[k])
    }
    for j in 0..<p {
      let t = thresholds[j]
      for i in 0..<n where !x[i, j].isNaN {
        let k = Int(x[i, j])
        let (lo, hi) = ext(t, k)
        let pk = cdf(hi) - cdf(lo)
        if k < t.count { sc[i, offsets[j] + k] += pdf(hi) / pk }
        if k > 0 { sc[i, offsets[j] + k - 1] -= pdf(lo) / pk }
      }
    }
    var a21 = Matrix(rows: pstar, columns: nth)
    for j in 0..<p {
      for i in (j + 1)..<p {
        // lavaan: lav_bvord_cor_twostep_fit(fit.y1 = item j, fit.y2 = item i).
        let r = rho[i, j], s = (1 - r * r).squareRoot()
        let t1 = thresholds[j], t2 = thresholds[i]
        let k1 = t1.count + 1, k2 = t2.count + 1
        var dRho = [Double](repeating: 0, count: k1 * k2)
        var dT1 = [[Double]](repeating: [], count: k1 * k2)
        var dT2 = [[Double]](repeating: [], count: k1 * k2)
        for a in 0..<k1 {
          for b in 0..<k2 {
            let (a0, a1) = ext(t1, a), (b0, b1) = ext(t2, b)
            let pab = phi2(a1, b1, r) - phi2(a0, b1, r) - phi2(a1, b0, r) + phi2(a0, b0, r)
            let dr = dens2(a1, b1, r) - dens2(a0, b1, r) - dens2(a1, b0, r) + dens2(a0, b0, r)
            dRho[a * k2 + b] = dr / pab
            var g1 = [Double](repeating: 0, count: t1.count)
            if a < t1.count { g1[a] += pdf(a1) * (cdf((b1 - r * a1) / s) - cdf((b0 - r * a1) / s)) / pab }
            if a > 0 { g1[a - 1] -= pdf(a0) * (cdf((b1 - r * a0) / s) - cdf((b0 - r * a0) / s)) / pab }
            var g2 = [Double](repeating: 0, count: t2.count)
            if b < t2.count { g2[b] += pdf(b1) * (cdf((a1 - r * b1) / s) - cdf((a0 - r * b1) / s)) / pab }
            if b > 0 { g2[b - 1] -= pdf(b0) * (cdf((a1 - r * b0) / s) - cdf((a0 - r * b0) / s)) / pab }
            dT1[a * k2 + b] = g1; dT2[a * k2 + b] = g2
          }
        }
        let col = nth + pairIndex[i][j]
        for row in 0..<n where !x[row, j].isNaN && !x[row, i].isNaN {
          let cell = Int(x[row, j]) * k2 + Int(x[row, i])
          let sr = dRho[cell]
          sc[row, col] = sr
          let wr = wt?[row] ?? 1
          for (k, v) in dT1[cell].enumerated() { a21[pairIndex[i][j], offsets[j] + k] += wr * sr * v }
          for (k, v) in dT2[cell].enumerated() { a21[pairIndex[i][j], offsets[i] + k] += wr * sr * v }
        }
      }
    }
    // INNER = Σ w² s sᵀ (the weighted scores' cross-products); A11, A22 from Σ w s sᵀ.
    let inner: Matrix, inner2: Matrix
    if let wt {
      var ws = sc, rs = sc
      for c in 0..<sc.columns { for r in 0..<n { ws[r, c] *= wt[r]; rs[r, c] *= wt[r].squareRoot() } }
      inner = crossProduct(ws); inner2 = crossProduct(rs)
    } else {
      inner = crossProduct(sc); inner2 = inner
    }
    // B⁻¹ blocks.
    var a11inv = Matrix(rows: nth, columns: nth)
    for j in 0..<p {
      let idx = offsets[j]..<(offsets[j] + thresholds[j].count)
      guard let c = try? Cholesky(inner2.submatrix(rows: idx, columns: idx)) else {
        throw .notPositiveDefinite("the threshold score cross-products of item '\(items[j])'")
      }
      let inv = c.inverse()
      for (a, ia) in idx.enumerated() { for (b, ib) in idx.enumerated() { a11inv[ia, ib] = inv[a, b] } }
    }
    var binv = Matrix(rows: q, columns: q)
    for a in 0..<nth { for b in 0..<nth { binv[a, b] = a11inv[a, b] } }
    let a21a11 = a21 * a11inv
    for r in 0..<pstar {
      let d = inner2[nth + r, nth + r]
      guard d > 0 else { throw .invalid("no pairwise-complete rows for an item pair in group '\(name)'") }
      binv[nth + r, nth + r] = 1 / d
      for b in 0..<nth { binv[nth + r, b] = -a21a11[r, b] / d }
    }
    var gamma = binv * inner * binv.transposed
    gamma = gamma.symmetrized * Double(n)
    return OrdinalGroupStatistics(name: name, n: Double(n), thresholds: thresholds, correlation: rho, statistics: stats,
                                  gamma: gamma, thresholdOffsets: offsets, pairIndex: pairIndex)
  }
}

extension OrdinalGroupStatistics {
  /// The two-step polychoric ρ of a (weighted) K1 × K2 table with both items' thresholds fixed: the
  /// root of the score Σ_ab n_ab (∂P_ab/∂ρ)/P_ab, by Newton steps kept inside a bisection bracket.
  static func twoStepRho(table: [Double], _ t1: [Double], _ t2: [Double], start: Double) -> Double {
    let k1 = t1.count + 1, k2 = t2.count + 1
    func bound(_ t: [Double], _ k: Int) -> (Double, Double) { (k == 0 ? -.infinity : t[k - 1], k == t.count ? .infinity : t[k]) }
    func score(_ r: Double) -> Double {
      var s = 0.0
      for a in 0..<k1 {
        let (a0, a1) = bound(t1, a)
        for b in 0..<k2 where table[a * k2 + b] != 0 {
          let (b0, b1) = bound(t2, b)
          let pab = phi2(a1, b1, r) - phi2(a0, b1, r) - phi2(a1, b0, r) + phi2(a0, b0, r)
          let dr = dens2(a1, b1, r) - dens2(a0, b1, r) - dens2(a1, b0, r) + dens2(a0, b0, r)
          s += table[a * k2 + b] * dr / pab
        }
      }
      return s
    }
    var lo = -0.999999, hi = 0.999999
    var r = Swift.min(Swift.max(start, lo + 1e-6), hi - 1e-6)
    for _ in 0..<200 {
      let s = score(r)
      if s > 0 { lo = r } else { hi = r }
      let h = 1e-6
      let ds = (score(r + h) - score(r - h)) / (2 * h)
      var next = r - s / ds
      if !(ds < 0) || !(next > lo && next < hi) { next = 0.5 * (lo + hi) }
      if abs(next - r) < 1e-15 || hi - lo < 1e-15 { return next }
      r = next
    }
    return r
  }
}

@inline(__always) func phi2(_ h: Double, _ k: Double, _ r: Double) -> Double {
  if h == -.infinity || k == -.infinity { return 0 }
  if h == .infinity { return k == .infinity ? 1 : NormalDistribution.standard.cdf(k) }
  if k == .infinity { return NormalDistribution.standard.cdf(h) }
  return BivariateNormal.cdf(h, k, r)
}

@inline(__always) func dens2(_ h: Double, _ k: Double, _ r: Double) -> Double {
  if h.isInfinite || k.isInfinite { return 0 }
  return BivariateNormal.density(h, k, r)
}
