import Foundation
import LinearAlgebra
import Statistics

/// The "robust" CFI, TLI and RMSEA (lavaan 0.6.14 `fitMeasures` `cfi.robust`, `tli.robust`,
/// `rmsea.robust`, `rmsea.ci.lower.robust`, `rmsea.ci.upper.robust`, `rmsea.pvalue.robust`).
///
/// They estimate the population values of the normal-theory indices rather than rescaling the
/// statistic (Brosseau-Liard, Savalei & Li 2012; Brosseau-Liard & Savalei 2014). From a statistic
/// T₃ on df₃ with its scaling factor ĉ (and T₃,b, df_b, ĉ_b of the baseline):
/// ```
/// CFI_r = 1 − max(T₃ − ĉ df₃, 0) / max(T₃ − ĉ df₃, T₃,b − ĉ_b df_b, 0)
/// TLI_r = 1 − ((T₃ − ĉ df₃) df_b) / ((T₃,b − ĉ_b df_b) df₃)
/// RMSEA_r = √(max(T₃/(N df₃) − ĉ/N, 0)) · √G
/// 90 % CI: √(ĉ λ / (N df₃)) · √G with λ such that P(χ²_df₃(λ) ≤ T₃/ĉ) = 0.95 / 0.05
/// p-close = P(χ²_df₃(λ₀) ≥ T₃/ĉ),  λ₀ = N df₃ 0.05² / (ĉ G)
/// ```
/// Which T₃ and ĉ (lavaan `lav_fit_cfi_lavobject`, `lav_fit_rmsea_lavobject`):
/// - MLR, complete data: T₃ = the ML χ², ĉ = the Yuan–Bentler scaling factor (ĉ_b the baseline's).
/// - MLR with FIML: "FIML-C" version 3 (Zhang & Savalei 2023; lavaan `lav_fit_fiml_corrected`),
///   see `ConfirmatoryFactorAnalysis.fimlCorrected`.
/// - WLSMV: the cat-ML statistic (Savalei 2021; lavaan `lav_fit_catml_dwls`), see
///   `DWLSObjective.catML`.
/// N is lavaan's: N for ML/MLR, N − G for WLSMV (as for the other RMSEAs).
/// Checked against lavaan 0.6.14 (`Datasets/reference/cfa/robust_fit.json`, RobustFitTests).
public struct RobustFit: Sendable, Equatable {
  /// T₃, df₃ and ĉ (lavaan's XX3, df3, c.hat3) and the baseline's T₃,b, df_b, ĉ_b.
  public var chisq: Double
  public var df: Double
  public var scalingFactor: Double
  public var baselineChisq: Double
  public var baselineDF: Double
  public var baselineScalingFactor: Double
  public var cfi: Double
  public var tli: Double
  public var rmsea: Double
  public var rmseaLower: Double
  public var rmseaUpper: Double
  public var rmseaPClose: Double

  init(chisq t: Double, df: Double, scalingFactor c: Double, baselineChisq tb: Double, baselineDF dfb: Double,
       baselineScalingFactor cb: Double, n: Double, groups: Double) {
    chisq = t; self.df = df; scalingFactor = c; baselineChisq = tb; baselineDF = dfb; baselineScalingFactor = cb
    let t1 = Swift.max(t - c * df, 0)
    let t2 = Swift.max(t - c * df, tb - cb * dfb, 0)
    cfi = t1 == 0 && t2 == 0 ? 1 : 1 - t1 / t2
    let u1 = (t - c * df) * dfb, u2 = (tb - cb * dfb) * df
    tli = df > 0 && abs(u2) > 0 ? 1 - u1 / u2 : 1
    rmsea = df > 0 ? (Swift.max(t / n / df - c / n, 0)).squareRoot() * groups.squareRoot() : 0
    // The CI and p-close of the standard RMSEA applied to T₃/ĉ, rescaled by √ĉ (λ₀ divided by ĉ).
    let (_, lo, hi, _) = FitMeasures.rmsea(t / c, df: df, n: n, groups: groups)
    rmseaLower = lo * c.squareRoot()
    rmseaUpper = hi * c.squareRoot()
    let l0 = n * df * 0.05 * 0.05 / (c * groups)
    rmseaPClose = df > 0 ? NoncentralChiSquaredDistribution(degreesOfFreedom: df, noncentrality: l0).complementaryCDF(t / c) : .nan
  }
}

/// The unstructured (saturated) normal model's parameters s = (μ, vech Σ): means first, then the
/// unique covariances σ_ab (a ≥ b) column by column. A covariance parameter σ_ab stands for the
/// symmetric unit matrix E_ab (both (a,b) and (b,a)), so tr(E_u A E_v B) = Σ_{(i,j)∈u} Σ_{(k,l)∈v} A_jk B_li.
struct SaturatedParameters {
  let p: Int
  /// (a, b) of each covariance parameter, a ≥ b.
  let pairs: [(Int, Int)]
  /// index of σ_ab (either order) among all parameters (means included).
  let index: [[Int]]
  var count: Int { p + pairs.count }

  init(p: Int) {
    self.p = p
    var pairs: [(Int, Int)] = []
    var index = [[Int]](repeating: [Int](repeating: 0, count: p), count: p)
    for b in 0..<p { for a in b..<p { index[a][b] = p + pairs.count; index[b][a] = p + pairs.count; pairs.append((a, b)) } }
    self.pairs = pairs; self.index = index
  }

  /// tr(E_u A E_v B) for covariance pairs u = (a, b), v = (c, d), A and B symmetric.
  @inline(__always) static func traceEAEB(_ u: (Int, Int), _ v: (Int, Int), _ a: Matrix, _ b: Matrix) -> Double {
    let (i, j) = u, (k, l) = v
    var t = a[j, k] * b[l, i]
    if k != l { t += a[j, l] * b[k, i] }
    if i != j {
      t += a[i, k] * b[l, j]
      if k != l { t += a[i, l] * b[k, j] }
    }
    return t
  }

  /// Complete-data (expected = observed at the sample moments) information per row at Σ:
  /// [Σ⁻¹, 0; 0, ½ tr(E_u Σ⁻¹ E_v Σ⁻¹)].
  func completeInformation(_ sigma: Matrix) throws(MeasurementModelError) -> Matrix {
    guard let c = try? Cholesky(sigma) else { throw .notPositiveDefinite("the saturated covariance matrix") }
    let k = c.inverse().symmetrized
    var w = Matrix(rows: count, columns: count)
    for a in 0..<p { for b in 0..<p { w[a, b] = k[a, b] } }
    for (x, u) in pairs.enumerated() {
      for (y, v) in pairs.enumerated() where y <= x {
        let t = 0.5 * Self.traceEAEB(u, v, k, k)
        w[p + x, p + y] = t; w[p + y, p + x] = t
      }
    }
    return w
  }

  /// Observed information (minus the Hessian of the log-likelihood, per row) of the incomplete data
  /// at (μ, Σ), summed over missing-data patterns (K = Σ_oo⁻¹, d = x̄_pat − μ_o, C = W_pat/n_pat + d dᵀ):
  /// ```
  /// I_μμ = n_pat K,  I_μσ_u = n_pat (K E_u K d),  I_σ_uσ_v = n_pat [tr(E_u K E_v KCK) − ½ tr(E_u K E_v K)]
  /// ```
  /// divided by the group's n (lavaan `lav_mvnorm_missing_information_observed_samplestats`).
  func incompleteObservedInformation(_ st: GroupStatistics, mu: [Double], sigma: Matrix) throws(MeasurementModelError) -> Matrix {
    var w = Matrix(rows: count, columns: count)
    for pat in st.patterns {
      let o = pat.observed, q = o.count
      guard let c = try? Cholesky(sigma.submatrix(rows: o, columns: o)) else { throw .notPositiveDefinite("the saturated covariance matrix") }
      let k = c.inverse().symmetrized
      let xbar = pat.mean
      let d = (0..<q).map { xbar[$0] - mu[o[$0]] }
      var cm = pat.scatter * (1 / pat.n)
      for b in 0..<q { for a in 0..<q { cm[a, b] += d[a] * d[b] } }
      let kck = (k * cm * k).symmetrized
      let kd = k * d
      var local: [(Int, Int)] = []
      var global: [Int] = []
      for b in 0..<q { for a in b..<q { local.append((a, b)); global.append(index[o[a]][o[b]]) } }
      let n = pat.n
      for a in 0..<q { for b in 0..<q { w[o[a], o[b]] += n * k[a, b] } }
      for (x, u) in local.enumerated() {
        // (K E_u K d)_a = Σ_{(i,j)∈u} K_ai (Kd)_j
        for a in 0..<q {
          var t = k[a, u.0] * kd[u.1]
          if u.0 != u.1 { t += k[a, u.1] * kd[u.0] }
          w[o[a], global[x]] += n * t; w[global[x], o[a]] += n * t
        }
        for (y, v) in local.enumerated() {
          w[global[x], global[y]] += n * (Self.traceEAEB(u, v, k, kck) - 0.5 * Self.traceEAEB(u, v, k, k))
        }
      }
    }
    return (w * (1 / st.n)).symmetrized
  }

  /// First-order information (1/n) Σ_i s_i s_iᵀ of the incomplete data at (μ, Σ), with the casewise
  /// scores s_μ = w, s_σ_u = ½ Σ_{(i,j)∈u} (w_i w_j − K_ij), w = K (x_o − μ_o)
  /// (lavaan `lav_mvnorm_missing_information_firstorder`).
  func incompleteFirstOrder(_ st: GroupStatistics, mu: [Double], sigma: Matrix) throws(MeasurementModelError) -> Matrix {
    var b = Matrix(rows: count, columns: count)
    for pat in st.patterns {
      let o = pat.observed, q = o.count
      guard let c = try? Cholesky(sigma.submatrix(rows: o, columns: o)) else { throw .notPositiveDefinite("the saturated covariance matrix") }
      let k = c.inverse().symmetrized
      // Rows in chunks, so that the n × (p + p(p+1)/2) score matrix is never formed whole.
      let chunk = 4096
      var start = 0
      while start < pat.rows.count {
        let rows = pat.rows[start..<Swift.min(start + chunk, pat.rows.count)]
        start += chunk
        var z = Matrix(rows: rows.count, columns: q)
        for (bb, item) in o.enumerated() { for (a, i) in rows.enumerated() { z[a, bb] = st.rows[i, item] - mu[item] } }
        let w = z * k
        var s = Matrix(rows: rows.count, columns: count)
        for a in 0..<q { for r in 0..<s.rows { s[r, o[a]] = w[r, a] } }
        for bb in 0..<q {
          for a in bb..<q {
            let col = index[o[a]][o[bb]]
            let f = a == bb ? 0.5 : 1.0
            for r in 0..<s.rows { s[r, col] = f * (w[r, a] * w[r, bb] - k[a, bb]) }
          }
        }
        b += crossProduct(s)
      }
    }
    return (b * (1 / st.n)).symmetrized
  }

  /// The moments (μ, vech Σ) as one vector in this order.
  func vector(mu: [Double], sigma: Matrix) -> [Double] { mu + pairs.map { sigma[$0.0, $0.1] } }
}

func blockDiagonal(_ blocks: [Matrix]) -> Matrix {
  let n = blocks.reduce(0) { $0 + $1.rows }
  var out = Matrix(rows: n, columns: n)
  var off = 0
  for m in blocks { for c in 0..<m.columns { for r in 0..<m.rows { out[off + r, off + c] = m[r, c] } }; off += m.rows }
  return out
}

func trace(_ m: Matrix) -> Double { (0..<Swift.min(m.rows, m.columns)).reduce(0) { $0 + m[$1, $1] } }

/// tr(A B) without forming the product.
func traceProduct(_ a: Matrix, _ b: Matrix) -> Double {
  var t = 0.0
  for i in 0..<a.rows { for k in 0..<a.columns { t += a[i, k] * b[k, i] } }
  return t
}

extension ConfirmatoryFactorAnalysis {
  /// Δ_g = ∂(μ, vech Σ)/∂θ of group g by central differences (exact up to rounding: Σ and μ are
  /// quadratic in each single parameter).
  static func momentJacobian(_ obj: MLObjective, _ x: [Double], group g: Int, sat: SaturatedParameters) -> Matrix {
    var d = Matrix(rows: sat.count, columns: x.count)
    for k in x.indices {
      let h = 1e-4 * Swift.max(1, abs(x[k]))
      var xp = x, xm = x
      xp[k] += h; xm[k] -= h
      let mp = obj.table.matrices(xp, group: g), mn = obj.table.matrices(xm, group: g)
      let vp = sat.vector(mu: mp.mu, sigma: mp.sigma), vm = sat.vector(mu: mn.mu, sigma: mn.sigma)
      for r in 0..<sat.count { d[r, k] = (vp[r] - vm[r]) / (2 * h) }
    }
    return d
  }

  /// tr(A1⁻¹B1) of the Yuan–Bentler (Mplus) trace under FIML: A1, B1 the observed and first-order
  /// information of the saturated model of the incomplete data at the EM moments (lavaan
  /// `h1.information = "unstructured"`, observed information as `missing = "ml"` uses).
  static func fimlUnstructuredTrace(_ st: GroupStatistics, p: Int) throws(MeasurementModelError) -> (trace: Double, wm: Matrix, jm: Matrix) {
    let sat = SaturatedParameters(p: p)
    let wm = try sat.incompleteObservedInformation(st, mu: st.saturatedMean, sigma: st.saturatedCov)
    let jm = try sat.incompleteFirstOrder(st, mu: st.saturatedMean, sigma: st.saturatedCov)
    guard let c = try? Cholesky(wm) else { throw .notPositiveDefinite("the saturated model's observed information of group '\(st.name)'") }
    return (traceProduct(c.inverse(), jm), wm, jm)
  }

  /// FIML-corrected robust statistic, version 3 (lavaan 0.6.14 `lav_fit_fiml_corrected(version = "V3")`,
  /// Zhang & Savalei 2023), for MLR with `missing = "ml"`:
  /// ```
  /// T₃ = Σ_g n_g F_ML(μ̃_g, Σ̃_g; θ̂)   (the FIML estimates against the EM saturated moments, as if complete)
  /// U = Wm − Wm Δ E⁻¹ Δᵀ Wm,  E = Δᵀ Wm Δ,  Wm = ⊕ f_g Wm_g,  Δ = [Δ_g]
  /// Γ = ⊕ Wm_g⁻¹ Jm_g Wm_g⁻¹ / f_g,  Wmi = ⊕ Wm_g⁻¹ / f_g,  Wc = ⊕ f_g Wc_g
  /// ĉ = tr(U Wmi Wc Wmi U Γ) / df
  /// ```
  /// Wm_g, Jm_g: observed and first-order information of the incomplete data at the EM moments,
  /// Wc_g: the complete-data information there. Note E is Δᵀ Wm Δ (lavaan switches to
  /// `observed.information = "h1"` for this), not the Hessian used for the SEs. The baseline uses the
  /// same formulas with the FIML independence model (available-case means and ML variances).
  static func fimlCorrected(_ obj: MLObjective, _ x: [Double], saturated: [FIMLSaturatedInformation]? = nil) throws(MeasurementModelError) -> (t: Double, c: Double, tb: Double, cb: Double, dfb: Double) {
    let p = obj.table.p, n = obj.total
    let sat = SaturatedParameters(p: p)
    var t3 = 0.0, t3b = 0.0
    var wmBlocks: [Matrix] = [], wmiBlocks: [Matrix] = [], wcBlocks: [Matrix] = [], gBlocks: [Matrix] = []
    var deltas: [Matrix] = [], deltasB: [Matrix] = []
    var nb = 0
    for g in obj.groups.indices {
      let st = obj.groups[g], f = st.n / n
      let mm = obj.table.matrices(x, group: g)
      t3 += try st.n * mlDiscrepancy(sampleMean: st.saturatedMean, sampleCov: st.saturatedCov, mu: mm.mu, sigma: mm.sigma)
      // Independence model: per item, available-case mean and ML variance.
      var mb = [Double](repeating: 0, count: p), vb = Matrix(rows: p, columns: p)
      for j in 0..<p {
        var s = 0.0, k = 0.0
        for pat in st.patterns { if let a = pat.observed.firstIndex(of: j) { s += pat.sum[a]; k += pat.n } }
        let m = s / k
        var m2 = 0.0
        for pat in st.patterns { if let a = pat.observed.firstIndex(of: j) { let d = pat.sum[a] / pat.n - m; m2 += pat.scatter[a, a] + pat.n * d * d } }
        mb[j] = m; vb[j, j] = m2 / k
      }
      t3b += try st.n * mlDiscrepancy(sampleMean: st.saturatedMean, sampleCov: st.saturatedCov, mu: mb, sigma: vb)
      let (wm, jm): (Matrix, Matrix)
      if let s = saturated?[g] { (wm, jm) = (s.wm, s.jm) } else { let s = try fimlUnstructuredTrace(st, p: p); (wm, jm) = (s.wm, s.jm) }
      guard let cw = try? Cholesky(wm) else { throw .notPositiveDefinite("the saturated model's observed information") }
      let wmi = cw.inverse().symmetrized
      wmBlocks.append(wm * f)
      wmiBlocks.append(wmi * (1 / f))
      wcBlocks.append(try sat.completeInformation(st.saturatedCov) * f)
      gBlocks.append((wmi * jm * wmi).symmetrized * (1 / f))
      deltas.append(momentJacobian(obj, x, group: g, sat: sat))
      // Δ of the independence model: its 2p parameters (μ_j, σ_jj) of this group.
      var db = Matrix(rows: sat.count, columns: 2 * p)
      for j in 0..<p { db[j, j] = 1; db[sat.index[j][j], p + j] = 1 }
      deltasB.append(db)
      nb += p * (p - 1) / 2
    }
    let wmAll = blockDiagonal(wmBlocks), wmiAll = blockDiagonal(wmiBlocks), wcAll = blockDiagonal(wcBlocks), gAll = blockDiagonal(gBlocks)
    let middle = wmiAll * wcAll * wmiAll
    func k(_ ds: [Matrix], columns: Int, blockColumns: Bool) throws(MeasurementModelError) -> Double {
      // Δ over all groups: shared parameters span groups; the independence model's are per group.
      let rowsPer = sat.count
      var d = Matrix(rows: rowsPer * ds.count, columns: blockColumns ? columns * ds.count : columns)
      for (g, dg) in ds.enumerated() {
        for c in 0..<dg.columns { for r in 0..<dg.rows { d[g * rowsPer + r, (blockColumns ? g * columns : 0) + c] = dg[r, c] } }
      }
      let wd = wmAll * d
      guard let ce = try? Cholesky(crossProduct(d, wd).symmetrized) else { throw .notPositiveDefinite("Δᵀ Wm Δ") }
      let u = wmAll - (wd * ce.solve(wd.transposed)).symmetrized
      return traceProduct(u * middle * u, gAll)
    }
    let kModel = try k(deltas, columns: x.count, blockColumns: false)
    let kBase = try k(deltasB, columns: 2 * p, blockColumns: true)
    let df = Double(obj.degreesOfFreedom)
    return (t3, kModel / df, t3b, kBase / Double(nb), Double(nb))
  }

  /// F_ML = log|Σ| − log|S| + tr(S Σ⁻¹) − p + (x̄ − μ)ᵀ Σ⁻¹ (x̄ − μ).
  static func mlDiscrepancy(sampleMean: [Double], sampleCov: Matrix, mu: [Double], sigma: Matrix) throws(MeasurementModelError) -> Double {
    guard let c = try? Cholesky(sigma), let cs = try? Cholesky(sampleCov) else { throw .notPositiveDefinite("a covariance matrix of the robust statistic") }
    let p = sigma.rows
    let si = c.inverse()
    let d = (0..<p).map { sampleMean[$0] - mu[$0] }
    var tr = 0.0, q = 0.0
    for i in 0..<p { for k in 0..<p { tr += si[i, k] * sampleCov[k, i]; q += d[i] * si[i, k] * d[k] } }
    return c.logDeterminant - cs.logDeterminant + tr - Double(p) + q
  }
}

extension DWLSObjective {
  /// The cat-ML robust statistic behind WLSMV's robust CFI/TLI/RMSEA (Savalei 2021; lavaan
  /// `lav_fit_catml_dwls`): the ML discrepancy of the polychoric correlations R_g against the
  /// implied correlations P_g(θ̂) (DWLS estimates, no refit) and its scaling:
  /// ```
  /// T₃ = Σ_g n_g [log|P_g| − log|R_g| + tr(R_g P_g⁻¹) − p]
  /// df₃ = G p(p−1)/2 − (free parameters other than thresholds and latent means)
  /// V = ⊕ f_g V_g,  V_g[u,v] = ½ tr(E_u P_g⁻¹ E_v P_g⁻¹)  (correlations u, v only)
  /// M = I − Δ E⁻¹ Δᵀ W,  W = ⊕ f_g W_g (DWLS weights),  Γ = ⊕ Γ_g / f_g  (correlation rows)
  /// ĉ = tr(Mᵀ V M Γ) / df₃;  baseline T₃,b = −Σ_g n_g log|R_g|, df_b = G p(p−1)/2, ĉ_b = tr Γ / df_b
  /// ```
  /// E⁻¹ is the inverse DWLS information (thresholds included); f_g = n_g/N.
  /// With free scale factors (the scalar step across groups: `~*~` free in groups 2…) lavaan 0.6.14's
  /// cat-ML refit fails and `fitMeasures` reports NA for every robust index; so do we (nil), rather
  /// than a value lavaan does not define.
  func catML(_ x: [Double], deltas: [Matrix], eInv: Matrix) throws(MeasurementModelError) -> RobustFit? {
    if rows.contains(where: { if case .scale = $0.kind { return $0.free != nil }; return false }) { return nil }
    let n = total, G = Double(stats.count)
    let pstar = p * (p - 1) / 2
    var pairs: [(Int, Int)] = []
    for j in 0..<p { for i in (j + 1)..<p { pairs.append((i, j)) } }
    var t3 = 0.0, t3b = 0.0, trGamma = 0.0
    var vBlocks: [Matrix] = [], gBlocks: [Matrix] = []
    var d = Matrix(rows: pstar * stats.count, columns: freeCount)
    var wd = d
    for (g, st) in stats.enumerated() {
      let f = st.n / n, nth = st.thresholdCount
      let sig = implied(x, group: g)
      var pm = Matrix.identity(p)
      for (r, (i, j)) in pairs.enumerated() { pm[i, j] = sig[nth + r]; pm[j, i] = sig[nth + r] }
      let zero = [Double](repeating: 0, count: p)
      t3 += st.n * (try ConfirmatoryFactorAnalysis.mlDiscrepancy(sampleMean: zero, sampleCov: st.correlation, mu: zero, sigma: pm))
      guard let cr = try? Cholesky(st.correlation), let cp = try? Cholesky(pm) else {
        throw .notPositiveDefinite("the polychoric or implied correlation matrix of group '\(st.name)'")
      }
      t3b -= st.n * cr.logDeterminant
      let pinv = cp.inverse().symmetrized
      var v = Matrix(rows: pstar, columns: pstar)
      for (a, u) in pairs.enumerated() { for (b, w) in pairs.enumerated() { v[a, b] = f * 0.5 * SaturatedParameters.traceEAEB(u, w, pinv, pinv) } }
      vBlocks.append(v)
      let gamma = st.gamma.submatrix(rows: nth..<(nth + pstar), columns: nth..<(nth + pstar)) * (1 / f)
      trGamma += trace(gamma)
      gBlocks.append(gamma)
      let wts = weights(g)
      for c in 0..<freeCount {
        for r in 0..<pstar {
          d[g * pstar + r, c] = deltas[g][nth + r, c]
          wd[g * pstar + r, c] = f * wts[nth + r] * deltas[g][nth + r, c]
        }
      }
    }
    // M = I − Δ E⁻¹ (WΔ)ᵀ
    var mMat = (d * eInv * wd.transposed) * -1
    for r in 0..<mMat.rows { mMat[r, r] += 1 }
    let k = traceProduct(gemm(transA: .transposed, a: mMat, b: blockDiagonal(vBlocks) * mMat), blockDiagonal(gBlocks))
    let parameters = Set(rows.compactMap { r -> Int? in
      switch r.kind { case .threshold, .latentMean: return nil; default: return r.free }
    }).count
    let df3 = Double(pstar * stats.count - parameters)
    let dfb = Double(pstar * stats.count)
    return RobustFit(chisq: t3, df: df3, scalingFactor: k / df3, baselineChisq: t3b, baselineDF: dfb,
                     baselineScalingFactor: trGamma / dfb, n: n - G, groups: G)
  }
}
