import Foundation
import LinearAlgebra

/// The pieces of the MLR correction: first-order information B0 (per group and total) and the
/// Yuan–Bentler trace.
struct FirstOrderInformation {
  var perGroup: [Matrix]
  var total: Matrix
}

/// The Yuan–Bentler (Mplus variant) correction of the χ² statistic.
public struct RobustCorrection: Sendable, Equatable {
  /// tr(UΓ) (lavaan `trace.UGamma`).
  public var trace: Double
  /// c = tr(UΓ)/df (lavaan `chisq.scaling.factor`).
  public var scalingFactor: Double
  /// FIML: per group the saturated model's observed (Wm) and first-order (Jm) information of the
  /// incomplete data at the EM moments, computed once and reused by the baseline and FIML-C.
  var fimlSaturated: [FIMLSaturatedInformation]? = nil
}

struct FIMLSaturatedInformation: Sendable, Equatable {
  var trace: Double
  var wm: Matrix
  var jm: Matrix
}

extension ConfirmatoryFactorAnalysis {
  /// B0 = Σ_g (n_g/N) (1/n_g) Σ_i s_i s_iᵀ with s_i the casewise score of row i's log-likelihood at
  /// the model-implied moments (lavaan `h1.information = "structured"`, first order):
  /// ```
  /// s_ik = Σ_terms c·(w_u w_v − G_uv) + Σ_mean-terms c·w_w,   w = Vᵀ Σ_o⁻¹ (x_o − μ_o),  G = Vᵀ Σ_o⁻¹ V
  /// ```
  /// (without a mean structure μ = x̄). Under FIML each row uses its observed items.
  static func firstOrderInformation(_ obj: MLObjective, _ x: [Double]) throws(MeasurementModelError) -> FirstOrderInformation {
    let t = obj.table
    var per: [Matrix] = []
    var total = Matrix(rows: t.freeCount, columns: t.freeCount)
    for g in obj.groups.indices {
      let st = obj.groups[g]
      let mm = t.matrices(x, group: g)
      let sigma = mm.sigma
      let mu = obj.meanStructure ? mm.mu : st.mean
      let v = t.basis(mm)
      let terms = t.derivativeTerms(group: g, alpha: mm.alpha, meanStructure: obj.meanStructure)
      let patterns: [(obs: [Int], rows: [Int])] = obj.fiml
        ? st.patterns.map { ($0.observed, $0.rows) }
        : [(Array(0..<t.p), Array(0..<st.rows.rows))]
      let source = obj.fiml ? nil : st.rows
      var bg = Matrix(rows: t.freeCount, columns: t.freeCount)
      for pat in patterns {
        let o = pat.obs
        let so = sigma.submatrix(rows: o, columns: o)
        guard let c = try? Cholesky(so) else { throw .notPositiveDefinite("the implied covariance of group '\(st.name)'") }
        let vo = v.submatrix(rows: o, columns: 0..<v.columns)
        let siv = c.solve(vo)                           // Σ_o⁻¹ V_o
        let gm = gemm(transA: .transposed, a: vo, b: siv)
        var z = Matrix(rows: pat.rows.count, columns: o.count)
        for (b, k) in o.enumerated() {
          for (a, i) in pat.rows.enumerated() {
            let raw = source?[i, k] ?? obj.rawValue(group: g, row: i, item: k)
            z[a, b] = raw - mu[k]
          }
        }
        let w = z * siv                                  // n_pat × (p + 2m)
        var s = Matrix(rows: pat.rows.count, columns: t.freeCount)
        for term in terms.sigma where o.contains(where: { _ in true }) {
          for a in 0..<pat.rows.count { s[a, term.k] += term.c * (w[a, term.u] * w[a, term.v] - gm[term.u, term.v]) }
        }
        for term in terms.mean { for a in 0..<pat.rows.count { s[a, term.k] += term.c * w[a, term.w] } }
        if let wts = st.weights, !obj.fiml {
          for a in 0..<s.rows { let r = wts[pat.rows[a]]; for k in 0..<s.columns { s[a, k] *= r } }
        }
        if let cl = st.clusters, !obj.fiml { s = clusterSums(s, cl.indices.map { cl[pat.rows[$0]] }) }
        bg += crossProduct(s)
      }
      bg *= 1 / st.n
      if let cl = st.clusters { let nc = Double(Set(cl).count); bg *= nc / (nc - 1) }
      per.append(bg)
      total += bg * (st.n / obj.total)
    }
    return FirstOrderInformation(perGroup: per, total: total.symmetrized)
  }

  /// tr(UΓ) of lavaan's `yuan.bentler.mplus` test (complete data):
  /// ```
  /// tr(UΓ) = Σ_g [ tr(A1_g⁻¹ B1_g) − (n_g/N) tr(B0_g E⁻¹) ]
  /// tr(A1⁻¹ B1) = ½ (mean_i q_i² − p) [+ p with a mean structure],  q_i = (x_i − x̄)ᵀ S⁻¹ (x_i − x̄)
  /// ```
  /// A1, B1: the unstructured (saturated) expected and first-order information of (μ, vech Σ) at the
  /// sample moments; the closed form uses that the score's norm in A1⁻¹ is ½ tr((S⁻¹zzᵀ − I)²) for
  /// the covariances and q for the means. E = the observed information of the fit.
  static func yuanBentlerTrace(_ obj: MLObjective, _ x: [Double], aInv: Matrix, b0: FirstOrderInformation) throws(MeasurementModelError) -> RobustCorrection? {
    let p = obj.table.p
    var trace = 0.0
    var saturated: [FIMLSaturatedInformation] = []
    for g in obj.groups.indices {
      let st = obj.groups[g]
      let h1: Double
      if obj.fiml {
        let s = try fimlUnstructuredTrace(st, p: p)
        saturated.append(FIMLSaturatedInformation(trace: s.trace, wm: s.wm, jm: s.jm))
        h1 = s.trace
      } else {
        h1 = try unstructuredTrace(st, p: p, meanStructure: obj.meanStructure)
      }
      var h0 = 0.0
      let bg = b0.perGroup[g]
      for i in 0..<bg.rows { for k in 0..<bg.columns { h0 += bg[i, k] * aInv[k, i] } }
      trace += h1 - st.n / obj.total * h0
    }
    let df = Double(obj.degreesOfFreedom)
    return RobustCorrection(trace: trace, scalingFactor: df > 0 ? trace / df : .nan, fimlSaturated: obj.fiml ? saturated : nil)
  }
}

extension ConfirmatoryFactorAnalysis {
  /// tr(A1⁻¹B1) of the saturated model at the sample moments: the mean over rows (or clusters) of
  /// the score's squared norm in A1⁻¹, ½ tr(a S a S) + [u_μᵀ S u_μ] with a = Σ w_i (S⁻¹z_i z_iᵀS⁻¹ − S⁻¹),
  /// u_μ = Σ w_i S⁻¹ z_i summed within a cluster (a single row without clusters: ½(q² − 2q + p) + q).
  static func unstructuredTrace(_ st: GroupStatistics, p: Int, meanStructure: Bool) throws(MeasurementModelError) -> Double {
    guard let c = try? Cholesky(st.cov) else { throw .notPositiveDefinite("the sample covariance matrix of group '\(st.name)'") }
    var z = st.rows
    for j in 0..<p { for i in 0..<z.rows { z[i, j] -= st.mean[j] } }
    let sz = c.solve(z.transposed)             // p × n: S⁻¹ z_i
    var total = 0.0
    if let cl = st.clusters {
      var members: [Int: [Int]] = [:]
      for (i, k) in cl.enumerated() { members[k, default: []].append(i) }
      let sMat = st.cov
      let sInv = c.inverse()
      for (_, rows) in members {
        var a = Matrix(rows: p, columns: p)
        var um = [Double](repeating: 0, count: p)
        for i in rows {
          let w = st.weights?[i] ?? 1
          for k in 0..<p {
            um[k] += w * sz[k, i]
            for j in 0..<p { a[j, k] += w * (sz[j, i] * sz[k, i] - sInv[j, k]) }
          }
        }
        let aS = a * sMat
        var t = 0.0
        for j in 0..<p { for k in 0..<p { t += aS[j, k] * aS[k, j] } }
        total += 0.5 * t
        if meanStructure { let su = sMat * um; for k in 0..<p { total += um[k] * su[k] } }
      }
      let nc = Double(members.count)
      return total / st.n * nc / (nc - 1)
    }
    for i in 0..<z.rows {
      var q = 0.0
      for j in 0..<p { q += z[i, j] * sz[j, i] }
      let w = st.weights?[i] ?? 1
      total += w * w * (0.5 * (q * q - 2 * q + Double(p)) + (meanStructure ? q : 0))
    }
    return total / st.n
  }

  /// Row score matrix summed within clusters (one row per cluster).
  static func clusterSums(_ s: Matrix, _ cl: [Int]) -> Matrix {
    var index: [Int: Int] = [:]
    for k in cl where index[k] == nil { index[k] = index.count }
    var out = Matrix(rows: index.count, columns: s.columns)
    for c in 0..<s.columns { for r in 0..<s.rows { out[index[cl[r]]!, c] += s[r, c] } }
    return out
  }
}

extension MLObjective {
  /// Raw data value of a FIML group row (rows are the used rows, in order).
  func rawValue(group g: Int, row i: Int, item k: Int) -> Double { groups[g].rows[i, k] }

  var degreesOfFreedom: Int {
    groups.count * (table.p * (table.p + 1) / 2 + (meanStructure ? table.p : 0)) - table.freeCount
  }
}
