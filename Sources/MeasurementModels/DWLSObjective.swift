import Foundation
import LinearAlgebra
import Statistics

/// The DWLS discrepancy of the ordinal model, its Jacobian, fit statistics (see `OrdinalCFA`).
struct DWLSObjective {
  let rows: [OrdinalParameter]
  let stats: [OrdinalGroupStatistics]
  let p: Int
  let m: Int
  let freeCount: Int
  var total: Double { stats.reduce(0) { $0 + $1.n } }

  struct GroupModel {
    var lambda: Matrix, psi: Matrix, tau: [[Double]], alpha: [Double], delta: [Double], thetaOff: Matrix
  }

  func model(_ x: [Double], group g: Int) -> GroupModel {
    var gm = GroupModel(lambda: Matrix(rows: p, columns: m), psi: Matrix(rows: m, columns: m),
                        tau: stats[g].thresholds.map { [Double](repeating: 0, count: $0.count) },
                        alpha: [Double](repeating: 0, count: m), delta: [Double](repeating: 1, count: p),
                        thetaOff: Matrix(rows: p, columns: p))
    for r in rows where r.group == g {
      let v = r.free.map { x[$0] } ?? r.value
      switch r.kind {
      case .loading(let i, let j): gm.lambda[i, j] = v
      case .factorCovariance(let j, let l): gm.psi[j, l] = v; gm.psi[l, j] = v
      case .threshold(let i, let k): gm.tau[i][k] = v
      case .latentMean(let j): gm.alpha[j] = v
      case .scale(let i): gm.delta[i] = v
      case .residualCovariance(let i, let k): gm.thetaOff[i, k] = v; gm.thetaOff[k, i] = v
      }
    }
    return gm
  }

  /// Implied (τ*, ρ*) in lavaan's order.
  func implied(_ x: [Double], group g: Int) -> [Double] {
    let gm = model(x, group: g)
    let mlp = gm.lambda * gm.psi * gm.lambda.transposed + gm.thetaOff
    let la = gm.lambda * gm.alpha
    var out: [Double] = []
    for j in 0..<p { for t in gm.tau[j] { out.append(gm.delta[j] * (t - la[j])) } }
    for j in 0..<p { for i in (j + 1)..<p { out.append(gm.delta[i] * gm.delta[j] * mlp[i, j]) } }
    return out
  }

  /// Δ = ∂(τ*, ρ*)/∂θ for group g (analytic).
  func jacobian(_ x: [Double], group g: Int) -> Matrix {
    let gm = model(x, group: g)
    let st = stats[g]
    let nth = st.thresholdCount
    var d = Matrix(rows: st.statistics.count, columns: freeCount)
    let lp = gm.lambda * gm.psi
    let mlp = lp * gm.lambda.transposed + gm.thetaOff
    let la = gm.lambda * gm.alpha
    func corRow(_ i: Int, _ j: Int) -> Int { nth + st.pairIndex[i][j] }
    for r in rows where r.group == g {
      guard let k = r.free else { continue }
      switch r.kind {
      case .loading(let a, let f):
        // ρ*_ij: ∂(ΛΨΛᵀ)_ij/∂λ_af = [a = i](ΛΨ)_jf + [a = j](ΛΨ)_if.
        for i in 0..<p where i != a { d[corRow(a, i), k] += gm.delta[a] * gm.delta[i] * lp[i, f] }
        for (t, _) in gm.tau[a].enumerated() { d[st.thresholdOffsets[a] + t, k] -= gm.delta[a] * gm.alpha[f] }
      case .factorCovariance(let f, let l):
        for j in 0..<p {
          for i in (j + 1)..<p {
            let v = f == l ? gm.lambda[i, f] * gm.lambda[j, f] : gm.lambda[i, f] * gm.lambda[j, l] + gm.lambda[i, l] * gm.lambda[j, f]
            d[corRow(i, j), k] += gm.delta[i] * gm.delta[j] * v
          }
        }
      case .threshold(let i, let t): d[st.thresholdOffsets[i] + t, k] += gm.delta[i]
      case .latentMean(let f):
        for i in 0..<p { for t in 0..<gm.tau[i].count { d[st.thresholdOffsets[i] + t, k] -= gm.delta[i] * gm.lambda[i, f] } }
      case .scale(let a):
        for i in 0..<p where i != a { d[corRow(a, i), k] += gm.delta[i] * mlp[a, i] }
        for (t, tv) in gm.tau[a].enumerated() { d[st.thresholdOffsets[a] + t, k] += tv - la[a] }
      case .residualCovariance(let i, let l): d[corRow(i, l), k] += gm.delta[i] * gm.delta[l]
      }
    }
    return d
  }

  func weights(_ g: Int) -> [Double] { stats[g].gamma.diagonalElements.map { 1 / $0 } }

  /// lavaan's fmin: Σ_g (n_g/N) ½ (n_g − 1)/n_g Σ w (s − σ)².
  func objective(_ x: [Double]) -> Double {
    var f = 0.0
    for g in stats.indices {
      let s = stats[g].statistics, sig = implied(x, group: g), w = weights(g)
      var q = 0.0
      for k in s.indices { let e = s[k] - sig[k]; q += w[k] * e * e }
      f += stats[g].n / total * 0.5 * (stats[g].n - 1) / stats[g].n * q
    }
    return f
  }

  func startValues() -> [Double] {
    var x = [Double](repeating: .nan, count: freeCount)
    let st = stats[0]
    for r in rows {
      guard let k = r.free, x[k].isNaN else { continue }
      switch r.kind {
      case .loading(let i, let f):
        // Correlation with the factor's marker, a simple start.
        let marker = rows.first { if case .loading(_, let ff) = $0.kind, ff == f, $0.group == 0 { return true }; return false }
        if case .loading(let mk, _)? = marker?.kind, mk != i {
          x[k] = stats[r.group].correlation[i, mk] / 0.5
          if let mf = marker?.free, rows.contains(where: { $0.free == mf }) { x[k] = stats[r.group].correlation[i, mk] / 0.7 }
        } else { x[k] = 0.7 }
        x[k] = Swift.max(-1.5, Swift.min(1.5, x[k]))
      case .factorCovariance(let j, let l): x[k] = j == l ? 0.5 : 0
      case .threshold(let i, let t): x[k] = stats[r.group].thresholds[i][t]
      case .latentMean: x[k] = 0
      case .scale: x[k] = 1
      case .residualCovariance: x[k] = 0
      }
      _ = st
    }
    return x.map { $0.isNaN ? 0 : $0 }
  }

  /// Gauss–Newton with backtracking, to max |gradient| < 1e-12 (relative to the scale of F).
  func minimise(_ start: [Double]) throws(MeasurementModelError) -> [Double] {
    var x = start
    var f = objective(x)
    for it in 0..<500 {
      var grad = [Double](repeating: 0, count: freeCount)
      var h = Matrix(rows: freeCount, columns: freeCount)
      for g in stats.indices {
        let c = stats[g].n / total * (stats[g].n - 1) / stats[g].n
        let d = jacobian(x, group: g)
        let w = weights(g)
        let s = stats[g].statistics, sig = implied(x, group: g)
        var wd = d
        for col in 0..<d.columns { for r in 0..<d.rows { wd[r, col] *= w[r] } }
        let e = (0..<s.count).map { s[$0] - sig[$0] }
        let ge = wd.transposeTimes(e)
        for k in 0..<freeCount { grad[k] -= c * ge[k] }
        h += crossProduct(d, wd) * c
      }
      let gmax = grad.map(abs).max() ?? 0
      if gmax < 1e-13 { return x }
      guard let ch = try? Cholesky(h.symmetrized) else { throw .notPositiveDefinite("the DWLS information matrix (the model may not be identified)") }
      let step = ch.solve(grad.map { -$0 })
      var t = 1.0
      var accepted = false
      let predicted = -zip(step, grad).reduce(0) { $0 + $1.0 * $1.1 }
      for _ in 0..<40 {
        let xn = (0..<x.count).map { x[$0] + t * step[$0] }
        let fn = objective(xn)
        if fn.isFinite && (fn <= f - 1e-4 * t * predicted || predicted < 1e-14 * Swift.max(1, f)) {
          x = xn; f = fn; accepted = true; break
        }
        t *= 0.5
      }
      if !accepted {
        if gmax < 1e-8 { return x }
        throw .notConverged(iterations: it, gradient: gmax)
      }
      if predicted < 1e-16 * Swift.max(1, f) && gmax < 1e-9 { return x }
    }
    throw .notConverged(iterations: 500, gradient: .nan)
  }

  /// χ², the scaled-and-shifted test, baseline, CFI/TLI/RMSEA (and scaled), SRMR.
  func fitMeasures(_ x: [Double], deltas: [Matrix], eInv: Matrix) throws(MeasurementModelError) -> FitMeasures {
    let n = total
    let G = stats.count
    let fmin = objective(x)
    let chisq = 2 * n * fmin
    let nstat = stats.reduce(0) { $0 + $1.statistics.count }
    let df = nstat - freeCount
    // UΓ over all groups: U = V − VΔE⁻¹ΔᵀV, V = ⊕ f_g W_g, Γ = ⊕ Γ_g/f_g.
    var tr1 = 0.0, tr2 = 0.0
    let dAll = deltas.reduce(Matrix(rows: 0, columns: freeCount)) { acc, d in
      Matrix(rows: acc.rows + d.rows, columns: freeCount, columnMajor: (0..<freeCount).flatMap { c in acc.column(c) + d.column(c) })
    }
    var vAll: [Double] = []
    var gammaAll = Matrix(rows: dAll.rows, columns: dAll.rows)
    var off = 0
    for g in stats.indices {
      let f = stats[g].n / n
      vAll += weights(g).map { $0 * f }
      let gm = stats[g].gamma
      for c in 0..<gm.columns { for r in 0..<gm.rows { gammaAll[off + r, off + c] = gm[r, c] / f } }
      off += gm.rows
    }
    var vd = dAll
    for c in 0..<vd.columns { for r in 0..<vd.rows { vd[r, c] *= vAll[r] } }
    var u = vd * eInv * vd.transposed
    u = u * -1
    for r in 0..<u.rows { u[r, r] += vAll[r] }
    let ug = u * gammaAll
    for r in 0..<ug.rows { tr1 += ug[r, r] }
    for r in 0..<ug.rows { for c in 0..<ug.columns { tr2 += ug[r, c] * ug[c, r] } }
    let a = (Double(df) / tr2).squareRoot()
    let shift = Double(df) - a * tr1
    let scaledT = a * chisq + shift
    // Baseline: thresholds free, correlations 0; U_b = ⊕ f_g W_g on the correlations only.
    var chisqB = 0.0, btr1 = 0.0, btr2 = 0.0
    for g in stats.indices {
      let st = stats[g], nth = st.thresholdCount, w = weights(g)
      var q = 0.0
      for k in nth..<st.statistics.count { q += w[k] * st.statistics[k] * st.statistics[k] }
      chisqB += (st.n - 1) * q
      for k in nth..<st.statistics.count {
        btr1 += w[k] * st.gamma[k, k]
        for l in nth..<st.statistics.count { btr2 += w[k] * st.gamma[k, l] * w[l] * st.gamma[l, k] }
      }
    }
    let dfB = stats.reduce(0) { $0 + ($1.statistics.count - $1.thresholdCount) }
    let ab = (Double(dfB) / btr2).squareRoot()
    let scaledB = ab * chisqB + (Double(dfB) - ab * btr1)
    // SRMR: root mean squared residual correlation (off-diagonal), groups weighted by n_g/N.
    var srmr = 0.0
    for g in stats.indices {
      let st = stats[g], sig = implied(x, group: g), nth = st.thresholdCount
      var ss = 0.0
      for k in nth..<st.statistics.count { let e = st.statistics[k] - sig[k]; ss += e * e }
      srmr += st.n / n * (ss / Double(p * (p + 1) / 2)).squareRoot()
    }
    let (cfi, tli) = FitMeasures.incremental(chisq, Double(df), chisqB, Double(dfB))
    let (cfiS, tliS) = FitMeasures.incremental(scaledT, Double(df), scaledB, Double(dfB))
    // lavaan's RMSEA for DWLS uses N − G in the denominator (N for normal-theory ML).
    let nR = n - Double(G)
    let (r, lo, hi, pc) = FitMeasures.rmsea(chisq, df: Double(df), n: nR, groups: Double(G))
    let (rS, loS, hiS, pcS) = FitMeasures.rmsea(scaledT, df: Double(df), n: nR, groups: Double(G))
    let chi = ChiSquaredDistribution(degreesOfFreedom: Double(df))
    var fm = FitMeasures(npar: freeCount, fmin: fmin, chisq: chisq, df: df, pvalue: chi.complementaryCDF(chisq),
                       baselineChisq: chisqB, baselineDF: dfB, cfi: cfi, tli: tli, logl: .nan, unrestrictedLogl: .nan,
                       aic: .nan, bic: .nan, bic2: .nan, ntotal: n, rmsea: r, rmseaLower: lo, rmseaUpper: hi, rmseaPClose: pc,
                       srmr: srmr,
                       scaled: .init(chisq: scaledT, pvalue: chi.complementaryCDF(scaledT), scalingFactor: 1 / a,
                                     baselineChisq: scaledB, baselineScalingFactor: 1 / ab, cfi: cfiS, tli: tliS,
                                     rmsea: rS, rmseaLower: loS, rmseaUpper: hiS, rmseaPClose: pcS, shift: shift))
    fm.robust = try catML(x, deltas: deltas, eInv: eInv)
    return fm
  }

  func estimates(_ x: [Double], vcov: Matrix, confidenceLevel: Double) -> [CFAEstimate] {
    let zc = NormalDistribution.standardQuantile(1 - (1 - confidenceLevel) / 2)
    var out: [CFAEstimate] = []
    for g in stats.indices {
      let gm = model(x, group: g)
      let mlp = gm.lambda * gm.psi * gm.lambda.transposed
      // Variances of y* before scaling: 1/δ² (so that Δ(…)Δ has a unit diagonal).
      let vy = gm.delta.map { 1 / ($0 * $0) }
      func est(_ r: OrdinalParameter, _ value: Double, stdLV: Double, stdAll: Double, kind: ParameterKind) {
        let se = r.free.map { vcov[$0, $0].squareRoot() } ?? .nan
        let z = r.free == nil ? Double.nan : value / se
        out.append(CFAEstimate(group: g, kind: kind, lhs: r.lhs, op: r.op, rhs: r.rhs, label: r.label, free: r.free,
                               estimate: value, standardError: se, z: z,
                               pValue: r.free == nil ? .nan : 2 * NormalDistribution.standard.complementaryCDF(abs(z)),
                               ciLower: r.free == nil ? value : value - zc * se, ciUpper: r.free == nil ? value : value + zc * se,
                               stdLV: stdLV, stdAll: stdAll))
      }
      for r in rows where r.group == g {
        let v = r.free.map { x[$0] } ?? r.value
        switch r.kind {
        case .loading(let i, let f):
          let lv = v * gm.psi[f, f].squareRoot()
          est(r, v, stdLV: lv, stdAll: lv / vy[i].squareRoot(), kind: .loading(item: i, factor: f))
        case .factorCovariance(let j, let l):
          let c = v / (gm.psi[j, j] * gm.psi[l, l]).squareRoot()
          est(r, v, stdLV: c, stdAll: c, kind: .factorCovariance(j, l))
        case .threshold(let i, _):
          est(r, v, stdLV: v, stdAll: v / vy[i].squareRoot(), kind: .intercept(i))
        case .latentMean(let j):
          let c = v / gm.psi[j, j].squareRoot()
          est(r, v, stdLV: c, stdAll: c, kind: .latentMean(j))
        case .scale(let i):
          est(r, v, stdLV: v, stdAll: 1, kind: .intercept(i))   // lavaan reports std.all = 1 for ~*~
        case .residualCovariance(let i, let k):
          est(r, v, stdLV: v, stdAll: v / (vy[i] - mlp[i, i] + 0).squareRoot() / (vy[k] - mlp[k, k]).squareRoot(), kind: .residual(i, k))
        }
      }
      // Residual variances and item intercepts (fixed/derived in the delta parameterization), as lavaan lists them.
      for i in 0..<p {
        let th = vy[i] - mlp[i, i]
        out.append(CFAEstimate(group: g, kind: .residual(i, i), lhs: stats[g].name.isEmpty ? "" : rowsName(i), op: "~~", rhs: rowsName(i),
                               label: nil, free: nil, estimate: th, standardError: .nan, z: .nan, pValue: .nan, ciLower: th, ciUpper: th,
                               stdLV: th, stdAll: th / vy[i]))
        out.append(CFAEstimate(group: g, kind: .intercept(i), lhs: rowsName(i), op: "~1", rhs: "", label: nil, free: nil, estimate: 0,
                               standardError: .nan, z: .nan, pValue: .nan, ciLower: 0, ciUpper: 0, stdLV: 0, stdAll: 0))
      }
    }
    return out
  }

  func rowsName(_ i: Int) -> String {
    rows.first { if case .scale(let k) = $0.kind, k == i { return true }; return false }?.lhs ?? "\(i)"
  }
}
