import Foundation
import LinearAlgebra
import Statistics

/// Fit statistics of a CFA (lavaan `fitMeasures`), at full precision.
///
/// ```
/// χ² = 2 N fmin  (complete data)  or  2 (ℓ_h1 − ℓ_h0)  (FIML, ℓ_h1 by EM);   df = Σ_g moments − npar
/// baseline: independence model (free variances and means per group)
/// CFI = 1 − max(χ² − df, 0) / max(χ²_b − df_b, χ² − df, 0)
/// TLI = (χ²_b/df_b − χ²/df) / (χ²_b/df_b − 1)
/// RMSEA = √(max(χ² − df, 0) / (df N)) · √G;  90 % CI from the noncentral χ² (λ with
///         P(χ²_df(λ) ≤ χ²) = 0.95 / 0.05), p-close = P(χ²_df(λ₀) ≥ χ²), λ₀ = N df 0.05² / G
/// SRMR (Bentler): √(mean of ((s_ij − σ_ij)/√(s_ii s_jj))², i ≤ j, [and (x̄_i − μ_i)/√s_ii]),
///       groups combined as Σ_g (n_g/N) SRMR_g
/// AIC = −2ℓ + 2 npar,  BIC = −2ℓ + npar log N,  BIC2 = −2ℓ + npar log((N + 2)/24)
/// ```
/// The scaled versions (MLR) divide χ² and χ²_b by their Yuan–Bentler factors c, c_b for p, CFI and
/// TLI; the scaled RMSEA, its CI and p-close use the unscaled χ² with df replaced by tr(UΓ) = c·df
/// (lavaan 0.6.14 `lav_fit_rmsea_lavobject`; the same RMSEA value, a different CI than plugging in
/// χ²/c with df). The "robust" RMSEA/CFI of Brosseau-Liard & Savalei are not computed.
/// Reference: lavaan 0.6.14 `fitMeasures` (FitMeasuresTests).
public struct FitMeasures: Sendable, Equatable {
  public var npar: Int
  public var fmin: Double
  public var chisq: Double
  public var df: Int
  public var pvalue: Double
  public var baselineChisq: Double
  public var baselineDF: Int
  public var cfi: Double
  public var tli: Double
  public var logl: Double
  public var unrestrictedLogl: Double
  public var aic: Double
  public var bic: Double
  public var bic2: Double
  public var ntotal: Double
  public var rmsea: Double
  public var rmseaLower: Double
  public var rmseaUpper: Double
  public var rmseaPClose: Double
  public var srmr: Double
  /// MLR: Yuan–Bentler scaled statistics; nil otherwise.
  public var scaled: ScaledFit?
  /// MLR (complete data or FIML) and WLSMV: lavaan's "robust" CFI/TLI/RMSEA (`RobustFit`); nil
  /// for ML (lavaan also reports FIML-C version 6 indices for ML with missing = "ml"; not computed).
  public var robust: RobustFit? = nil

  public struct ScaledFit: Sendable, Equatable {
    public var chisq: Double
    public var pvalue: Double
    public var scalingFactor: Double
    public var baselineChisq: Double
    public var baselineScalingFactor: Double
    public var cfi: Double
    public var tli: Double
    public var rmsea: Double
    public var rmseaLower: Double
    public var rmseaUpper: Double
    public var rmseaPClose: Double
    /// The shift b of the scaled-and-shifted test (WLSMV); nil for Yuan–Bentler.
    public var shift: Double? = nil
  }

  init(npar: Int, fmin: Double, chisq: Double, df: Int, pvalue: Double, baselineChisq: Double, baselineDF: Int, cfi: Double,
       tli: Double, logl: Double, unrestrictedLogl: Double, aic: Double, bic: Double, bic2: Double, ntotal: Double,
       rmsea: Double, rmseaLower: Double, rmseaUpper: Double, rmseaPClose: Double, srmr: Double, scaled: ScaledFit?) {
    self.npar = npar; self.fmin = fmin; self.chisq = chisq; self.df = df; self.pvalue = pvalue
    self.baselineChisq = baselineChisq; self.baselineDF = baselineDF; self.cfi = cfi; self.tli = tli; self.logl = logl
    self.unrestrictedLogl = unrestrictedLogl; self.aic = aic; self.bic = bic; self.bic2 = bic2; self.ntotal = ntotal
    self.rmsea = rmsea; self.rmseaLower = rmseaLower; self.rmseaUpper = rmseaUpper; self.rmseaPClose = rmseaPClose
    self.srmr = srmr; self.scaled = scaled
  }

  init(objective obj: MLObjective, x: [Double], fmin: Double, robust: RobustCorrection?) throws(MeasurementModelError) {
    let n = obj.total, p = obj.table.p, G = obj.groups.count
    npar = obj.table.freeCount
    df = obj.degreesOfFreedom
    ntotal = n
    // Log-likelihoods.
    var l0 = 0.0, l1 = 0.0, lb = 0.0
    var srmrSum = 0.0
    for g in obj.groups.indices {
      let st = obj.groups[g]
      let mm = obj.table.matrices(x, group: g)
      let sigma = mm.sigma
      let mu = obj.meanStructure ? mm.mu : st.mean
      if obj.fiml {
        l0 += Self.patternLogLikelihood(st, mu: mu, sigma: sigma)
        l1 += Self.patternLogLikelihood(st, mu: st.saturatedMean, sigma: st.saturatedCov)
        lb += Self.independenceLogLikelihood(st)
      } else {
        let c = try Self.chol(sigma, "implied covariance")
        let cs = try Self.chol(st.cov, "sample covariance")
        let d = (0..<p).map { st.mean[$0] - mu[$0] }
        let sinv = c.inverse()
        var tr = 0.0, quad = 0.0
        for i in 0..<p { for k in 0..<p { tr += sinv[i, k] * st.cov[k, i]; quad += d[i] * sinv[i, k] * d[k] } }
        let c2pi = Double(p) * log(2 * Double.pi)
        l0 += -0.5 * st.n * (c2pi + c.logDeterminant + tr + quad)
        l1 += -0.5 * st.n * (c2pi + cs.logDeterminant + Double(p))
        let logDiag = (0..<p).reduce(0.0) { $0 + log(st.cov[$1, $1]) }
        lb += -0.5 * st.n * (c2pi + logDiag + Double(p))
      }
      // SRMR (Bentler), against the sample (EM) moments.
      var ss = 0.0, cnt = 0
      for j in 0..<p { for i in j..<p {
        let r = (st.cov[i, j] - sigma[i, j]) / (st.cov[i, i] * st.cov[j, j]).squareRoot()
        ss += r * r; cnt += 1
      } }
      if obj.meanStructure {
        for i in 0..<p { let r = (st.mean[i] - mu[i]) / st.cov[i, i].squareRoot(); ss += r * r; cnt += 1 }
      }
      srmrSum += st.n / n * (ss / Double(cnt)).squareRoot()
    }
    logl = l0
    unrestrictedLogl = l1
    chisq = obj.fiml ? 2 * (l1 - l0) : 2 * n * fmin
    self.fmin = obj.fiml ? chisq / (2 * n) : fmin
    pvalue = df > 0 ? ChiSquaredDistribution(degreesOfFreedom: Double(df)).complementaryCDF(chisq) : .nan
    baselineChisq = 2 * (l1 - lb)
    baselineDF = G * p * (p - 1) / 2
    (cfi, tli) = Self.incremental(chisq, Double(df), baselineChisq, Double(baselineDF))
    aic = -2 * l0 + 2 * Double(npar)
    bic = -2 * l0 + Double(npar) * log(n)
    bic2 = -2 * l0 + Double(npar) * log((n + 2) / 24)
    (rmsea, rmseaLower, rmseaUpper, rmseaPClose) = Self.rmsea(chisq, df: Double(df), n: n, groups: Double(G))
    srmr = srmrSum
    if let robust {
      let c = robust.scalingFactor
      let cb = try Self.baselineScaling(obj, saturated: robust.fimlSaturated)
      let ts = chisq / c, tb = baselineChisq / cb
      let (cf, tl) = Self.incremental(ts, Double(df), tb, Double(baselineDF))
      // lavaan: the scaled RMSEA, its CI and p-close use the unscaled χ² with df = tr(UΓ) = c·df.
      let (r, lo, hi, pc) = Self.rmsea(chisq, df: robust.trace, n: n, groups: Double(G))
      scaled = ScaledFit(chisq: ts, pvalue: ChiSquaredDistribution(degreesOfFreedom: Double(df)).complementaryCDF(ts),
                         scalingFactor: c, baselineChisq: tb, baselineScalingFactor: cb, cfi: cf, tli: tl,
                         rmsea: r, rmseaLower: lo, rmseaUpper: hi, rmseaPClose: pc)
      if obj.fiml {
        let fc = try ConfirmatoryFactorAnalysis.fimlCorrected(obj, x, saturated: robust.fimlSaturated)
        self.robust = RobustFit(chisq: fc.t, df: Double(df), scalingFactor: fc.c, baselineChisq: fc.tb, baselineDF: fc.dfb,
                                baselineScalingFactor: fc.cb, n: n, groups: Double(G))
      } else {
        self.robust = RobustFit(chisq: chisq, df: Double(df), scalingFactor: c, baselineChisq: baselineChisq,
                                baselineDF: Double(baselineDF), baselineScalingFactor: cb, n: n, groups: Double(G))
      }
    }
  }

  static func chol(_ m: Matrix, _ what: String) throws(MeasurementModelError) -> Cholesky {
    guard let c = try? Cholesky(m) else { throw .notPositiveDefinite("the \(what) matrix") }
    return c
  }

  static func incremental(_ t: Double, _ df: Double, _ tb: Double, _ dfb: Double) -> (Double, Double) {
    let num = Swift.max(t - df, 0)
    let den = Swift.max(tb - dfb, t - df, 0)
    let cfi = den == 0 ? 1 : 1 - num / den
    let tli = df > 0 ? (tb / dfb - t / df) / (tb / dfb - 1) : 1
    return (cfi, tli)
  }

  static func rmsea(_ t: Double, df: Double, n: Double, groups: Double) -> (Double, Double, Double, Double) {
    guard df > 0 else { return (0, 0, 0, .nan) }
    let r = (Swift.max(t - df, 0) / (df * n)).squareRoot() * groups.squareRoot()
    func ncpFor(_ prob: Double) -> Double {
      // λ with P(χ²_df(λ) ≤ t) = prob; 0 when even λ = 0 gives a smaller probability.
      func cdf(_ l: Double) -> Double {
        l == 0 ? ChiSquaredDistribution(degreesOfFreedom: df).cdf(t) : NoncentralChiSquaredDistribution(degreesOfFreedom: df, noncentrality: l).cdf(t)
      }
      if cdf(0) < prob { return 0 }
      var lo = 0.0, hi = Swift.max(t, 1.0)
      while cdf(hi) > prob { hi *= 2; if hi > 1e9 { break } }
      for _ in 0..<200 {
        let mid = 0.5 * (lo + hi)
        if cdf(mid) > prob { lo = mid } else { hi = mid }
        if hi - lo < 1e-13 * Swift.max(1, hi) { break }
      }
      return 0.5 * (lo + hi)
    }
    let lower = (ncpFor(0.95) / (n * df)).squareRoot() * groups.squareRoot()
    let upper = (ncpFor(0.05) / (n * df)).squareRoot() * groups.squareRoot()
    let l0 = n * df * 0.05 * 0.05 / groups
    let pclose = NoncentralChiSquaredDistribution(degreesOfFreedom: df, noncentrality: l0).complementaryCDF(t)
    return (r, lower, upper, pclose)
  }

  static func patternLogLikelihood(_ st: GroupStatistics, mu: [Double], sigma: Matrix) -> Double {
    var ll = 0.0
    for pat in st.patterns {
      let o = pat.observed
      guard let c = try? Cholesky(sigma.submatrix(rows: o, columns: o)) else { return -.infinity }
      let inv = c.inverse()
      let xbar = pat.mean
      var q = 0.0
      for a in 0..<o.count { for b in 0..<o.count {
        let cab = pat.scatter[a, b] / pat.n + (xbar[a] - mu[o[a]]) * (xbar[b] - mu[o[b]])
        q += inv[a, b] * cab
      } }
      ll += -0.5 * pat.n * (Double(o.count) * log(2 * Double.pi) + c.logDeterminant + q)
    }
    return ll
  }

  /// FIML independence model: each item's available-case ML mean and variance.
  static func independenceLogLikelihood(_ st: GroupStatistics) -> Double {
    var ll = 0.0
    let p = st.rows.columns
    for j in 0..<p {
      var s = 0.0, k = 0.0
      for pat in st.patterns { if let a = pat.observed.firstIndex(of: j) { s += pat.sum[a]; k += pat.n } }
      let m = s / k
      var m2 = 0.0
      for pat in st.patterns { if let a = pat.observed.firstIndex(of: j) { let d = pat.sum[a] / pat.n - m; m2 += pat.scatter[a, a] + pat.n * d * d } }
      let v = m2 / k
      ll += -0.5 * k * (log(2 * Double.pi) + log(v) + 1)
    }
    return ll
  }

  /// Yuan–Bentler scaling factor of the baseline (independence) model: the same trace with the
  /// baseline's parameters (variances, and means with a mean structure) and its observed information.
  static func baselineScaling(_ obj: MLObjective, saturated: [FIMLSaturatedInformation]? = nil) throws(MeasurementModelError) -> Double {
    let p = obj.table.p
    var trace = 0.0
    var dfb = 0
    for (g, st) in obj.groups.enumerated() {
      if obj.fiml {
        // FIML independence model: per item j its k_j available cases, mean m and ML variance v; at
        // that optimum the observed information is diag(k/v, k/(2v²)) and the scores are
        // (x − m)/v and ((x − m)² − v)/(2v²), so tr(B0 E⁻¹) = Σ_j (v Σ s_μ² + 2v² Σ s_v²)/k_j.
        let h1: Double
        if let s = saturated?[g] { h1 = s.trace } else { h1 = try ConfirmatoryFactorAnalysis.fimlUnstructuredTrace(st, p: p).trace }
        var h0 = 0.0
        for j in 0..<p {
          var s = 0.0, k = 0.0
          for pat in st.patterns { if let a = pat.observed.firstIndex(of: j) { s += pat.sum[a]; k += pat.n } }
          let m = s / k
          var vals: [Double] = []
          for pat in st.patterns where pat.observed.contains(j) { for i in pat.rows { vals.append(st.rows[i, j] - m) } }
          let v = vals.reduce(0) { $0 + $1 * $1 } / k
          var sm = 0.0, sv = 0.0
          for z in vals { sm += (z / v) * (z / v); let e = (z * z - v) / (2 * v * v); sv += e * e }
          h0 += (v * sm + 2 * v * v * sv) / k
        }
        trace += h1 - h0
        dfb += p * (p - 1) / 2
        continue
      }
      let h1 = try ConfirmatoryFactorAnalysis.unstructuredTrace(st, p: p, meanStructure: obj.meanStructure)
      // Baseline Σ_b = diag(S), μ_b = x̄: per item, A (per row) = 1/(2v²) for v and 1/v for μ; the
      // scores ((x − x̄)² − v)/(2v²) and (x − x̄)/v, weighted and summed within clusters.
      var z = st.rows
      for j in 0..<p { for i in 0..<z.rows { z[i, j] -= st.mean[j] } }
      var h0 = 0.0
      for j in 0..<p {
        let v = st.cov[j, j]
        var sv: [Double] = [], sm: [Double] = []
        for i in 0..<z.rows {
          let w = st.weights?[i] ?? 1
          sv.append(w * (z[i, j] * z[i, j] - v) / (2 * v * v)); sm.append(w * z[i, j] / v)
        }
        if let cl = st.clusters {
          var a: [Int: (Double, Double)] = [:]
          for (i, k) in cl.enumerated() { let o = a[k] ?? (0, 0); a[k] = (o.0 + sv[i], o.1 + sm[i]) }
          sv = a.values.map(\.0); sm = a.values.map(\.1)
        }
        var t = sv.reduce(0) { $0 + $1 * $1 } * 2 * v * v
        if obj.meanStructure { t += sm.reduce(0) { $0 + $1 * $1 } * v }
        if let cl = st.clusters { let nc = Double(Set(cl).count); t *= nc / (nc - 1) }
        h0 += t / st.n
      }
      trace += h1 - h0
      dfb += p * (p - 1) / 2
    }
    return trace / Double(dfb)
  }
}
