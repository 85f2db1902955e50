import Foundation
import LinearAlgebra

/// The normal-theory ML discrepancy of a (multi-group) model, its gradient and expected
/// information, for complete data (sample moments) or FIML (missing-data patterns).
///
/// Complete data, group g with n_g of N rows, C = S + (x̄ − μ)(x̄ − μ)ᵀ:
/// ```
/// fmin = Σ_g (n_g/N) · ½ [log|Σ_g| + tr(C Σ_g⁻¹) − log|S_g| − p]      (lavaan's fmin; χ² = 2 N fmin)
/// ∂fmin/∂θ = Σ_g (n_g/N) [½ tr(M_g ∂Σ_g) − (x̄ − μ)ᵀ Σ_g⁻¹ ∂μ_g],   M_g = Σ_g⁻¹ − Σ_g⁻¹ C Σ_g⁻¹
/// I(θ)_ab = Σ_g (n_g/N) [½ tr(Σ⁻¹ ∂_aΣ Σ⁻¹ ∂_bΣ) + ∂_aμᵀ Σ⁻¹ ∂_bμ]   (expected information per row)
/// ```
/// FIML replaces group g's term by −log L_g / N summed over its missing-data patterns (observed
/// sub-vectors of μ and Σ), which has the same gradient form with M and r accumulated per pattern.
/// Each ∂Σ/∂θ_k is a sum of rank-two terms c(u vᵀ + v uᵀ) over the basis V = [I | ΛΨ | Λ], so
/// tr(M ∂Σ) = 2c·(VᵀMV)_uv and the information needs only G = VᵀΣ⁻¹V: O(npar²) per group.
struct MLObjective {
  let table: ParameterTable
  let groups: [GroupStatistics]
  let meanStructure: Bool
  let fiml: Bool
  let total: Double

  init(table: ParameterTable, groups: [GroupStatistics], meanStructure: Bool, fiml: Bool) {
    self.table = table; self.groups = groups; self.meanStructure = meanStructure; self.fiml = fiml
    total = groups.reduce(0) { $0 + $1.n }
  }

  struct Evaluation {
    var f: Double
    var gradient: [Double]
  }

  /// Per-group pieces at x: implied moments, Σ⁻¹, and the gradient kernels M (p×p) and r (p).
  struct GroupKernel {
    var mm: ModelMatrices
    var sigma: Matrix
    var mu: [Double]
    var sigmaInv: Matrix
    var logDet: Double
    var m: Matrix
    var r: [Double]
    var f: Double
  }

  func kernel(_ x: [Double], group g: Int, wantGradient: Bool = true) throws(MeasurementModelError) -> GroupKernel {
    let st = groups[g]
    let mm = table.matrices(x, group: g)
    let sigma = mm.sigma
    let mu = meanStructure ? mm.mu : st.mean
    let p = table.p
    let w = st.n / total
    guard let chol = try? Cholesky(sigma) else { throw .notPositiveDefinite("the implied covariance matrix of group '\(st.name)'") }
    let sInv = chol.inverse().symmetrized
    if !fiml {
      let d = (0..<p).map { st.mean[$0] - mu[$0] }
      var c = st.cov
      for j in 0..<p { for i in 0..<p { c[i, j] += d[i] * d[j] } }
      let sc = sInv * c
      var trace = 0.0
      for i in 0..<p { trace += sc[i, i] }
      let logDetS = (try? Cholesky(st.cov))?.logDeterminant ?? .nan
      let f = w * 0.5 * (chol.logDeterminant + trace - logDetS - Double(p))
      var m = Matrix(rows: 0, columns: 0)
      var r: [Double] = []
      if wantGradient {
        m = (sInv - sc * sInv) * w
        r = (sInv * d).map { $0 * w }
      }
      return GroupKernel(mm: mm, sigma: sigma, mu: mu, sigmaInv: sInv, logDet: chol.logDeterminant, m: m, r: r, f: f)
    }
    // FIML: −log L / N over the patterns.
    var f = 0.0
    var m = Matrix(rows: p, columns: p)
    var r = [Double](repeating: 0, count: p)
    for pat in st.patterns {
      let o = pat.observed
      let so = sigma.submatrix(rows: o, columns: o)
      guard let c = try? Cholesky(so) else { throw .notPositiveDefinite("the implied covariance of a missing-data pattern in group '\(st.name)'") }
      let inv = c.inverse().symmetrized
      let muo = o.map { mu[$0] }
      let xbar = pat.mean
      var cm = pat.scatter * (1 / pat.n)
      for b in 0..<o.count { for a in 0..<o.count { cm[a, b] += (xbar[a] - muo[a]) * (xbar[b] - muo[b]) } }
      let ic = inv * cm
      var tr = 0.0
      for a in 0..<o.count { tr += ic[a, a] }
      f += pat.n / total * 0.5 * (Double(o.count) * log(2 * Double.pi) + c.logDeterminant + tr)
      if wantGradient {
        let mo = inv - ic * inv
        let d = (0..<o.count).map { xbar[$0] - muo[$0] }
        let ro = inv * d
        let s = pat.n / total
        for (b, k) in o.enumerated() {
          r[k] += s * ro[b]
          for (a, i) in o.enumerated() { m[i, k] += s * mo[a, b] }
        }
      }
    }
    return GroupKernel(mm: mm, sigma: sigma, mu: mu, sigmaInv: sInv, logDet: chol.logDeterminant, m: m, r: r, f: f)
  }

  func evaluate(_ x: [Double]) throws(MeasurementModelError) -> Evaluation {
    var f = 0.0
    var grad = [Double](repeating: 0, count: table.freeCount)
    for g in groups.indices {
      let k = try kernel(x, group: g)
      f += k.f
      let v = table.basis(k.mm)
      let q = gemm(transA: .transposed, a: v, b: k.m * v)
      let vr = v.transposeTimes(k.r)
      let terms = table.derivativeTerms(group: g, alpha: k.mm.alpha, meanStructure: meanStructure)
      for t in terms.sigma { grad[t.k] += t.c * 2 * q[t.u, t.v] * 0.5 }
      for t in terms.mean { grad[t.k] -= t.c * vr[t.w] }
    }
    return Evaluation(f: f, gradient: grad)
  }

  func objective(_ x: [Double]) -> Double {
    var f = 0.0
    for g in groups.indices {
      guard let k = try? kernel(x, group: g, wantGradient: false) else { return .infinity }
      f += k.f
    }
    return f
  }

  /// Expected (Fisher) information per row, Σ_g (n_g/N) I_g, at x (complete-data form).
  func expectedInformation(_ x: [Double]) throws(MeasurementModelError) -> Matrix {
    var info = Matrix(rows: table.freeCount, columns: table.freeCount)
    for g in groups.indices {
      let mm = table.matrices(x, group: g)
      guard let chol = try? Cholesky(mm.sigma) else { throw .notPositiveDefinite("the implied covariance matrix of group '\(groups[g].name)'") }
      let sInv = chol.inverse().symmetrized
      let v = table.basis(mm)
      let gm = gemm(transA: .transposed, a: v, b: sInv * v)
      let w = groups[g].n / total
      let t = table.derivativeTerms(group: g, alpha: mm.alpha, meanStructure: meanStructure)
      for a in t.sigma {
        for b in t.sigma {
          info[a.k, b.k] += w * a.c * b.c * (gm[a.v, b.u] * gm[a.u, b.v] + gm[a.v, b.v] * gm[a.u, b.u])
        }
      }
      for a in t.mean { for b in t.mean { info[a.k, b.k] += w * a.c * b.c * gm[a.w, b.w] } }
    }
    return info.symmetrized
  }

  /// Observed information: Hessian of fmin by lavaan's 4-point Richardson stencil on the analytic
  /// gradient (h = 1e-6, `lav_model_hessian`), symmetrised.
  func observedInformation(_ x: [Double], h: Double = 1e-6) throws(MeasurementModelError) -> Matrix {
    let n = x.count
    var hess = Matrix(rows: n, columns: n)
    for j in 0..<n {
      var xs = x
      xs[j] = x[j] - h; let gl = try evaluate(xs).gradient
      xs[j] = x[j] - 2 * h; let gl2 = try evaluate(xs).gradient
      xs[j] = x[j] + h; let gr = try evaluate(xs).gradient
      xs[j] = x[j] + 2 * h; let gr2 = try evaluate(xs).gradient
      for i in 0..<n { hess[i, j] = (gl2[i] - 8 * gl[i] + 8 * gr[i] - gr2[i]) / (12 * h) }
    }
    return hess.symmetrized
  }

  /// Fisher scoring with backtracking on fmin until max |gradient| < `tolerance`.
  func minimise(start: [Double], tolerance: Double = 1e-11, maxIterations: Int = 500) throws(MeasurementModelError) -> (x: [Double], f: Double, iterations: Int) {
    var x = start
    var ev = try evaluate(x)
    var it = 0
    while it < maxIterations {
      let gmax = ev.gradient.map(abs).max() ?? 0
      if gmax < tolerance { return (x, ev.f, it) }
      it += 1
      let info = try expectedInformation(x)
      var step: [Double]
      if let c = try? Cholesky(info) {
        step = c.solve(ev.gradient.map { -$0 })
      } else {
        step = ev.gradient.map { -$0 }
      }
      var t = 1.0
      var accepted = false
      let predicted = -zip(step, ev.gradient).reduce(0) { $0 + $1.0 * $1.1 }
      if predicted < 1e-10 * Swift.max(1, abs(ev.f)) {
        // Below the resolution of fmin: judge the full step by the gradient instead.
        let xn = (0..<x.count).map { x[$0] + step[$0] }
        if let en = try? evaluate(xn), (en.gradient.map(abs).max() ?? .infinity) < gmax {
          x = xn; ev = en; continue
        }
      }
      for _ in 0..<40 {
        let xn = (0..<x.count).map { x[$0] + t * step[$0] }
        let slope = zip(step, ev.gradient).reduce(0) { $0 + $1.0 * $1.1 }
        if let en = try? evaluate(xn), en.f.isFinite, en.f <= ev.f + 1e-4 * t * slope || (en.f <= ev.f && t < 1e-3) {
          x = xn; ev = en; accepted = true; break
        }
        t *= 0.5
      }
      if !accepted {
        // No decrease possible in floating point: accept when the gradient is already tiny.
        if gmax < 1e-7 { return (x, ev.f, it) }
        throw .notConverged(iterations: it, gradient: gmax)
      }
    }
    throw .notConverged(iterations: it, gradient: ev.gradient.map(abs).max() ?? .nan)
  }
}
