import Foundation
import LinearAlgebra
import Statistics

extension OrdinalCFAFit: MeasurementFit {
  /// lavaan `lavTestLRT` for WLSMV: the Satorra (2000) scaled-and-shifted difference with the
  /// restriction matrix A from the delta method (lavaan `lav_test_diff_A(method = "delta")`):
  /// ```
  /// H = Δ₁⁺ Δ₀,  A = the m-dimensional orthogonal complement of H's column space (Δ at each model's estimates)
  /// P = E₁ (expected information of the general model),  M = P⁻¹Aᵀ(AP⁻¹Aᵀ)⁺AP⁻¹
  /// tr₁ = Σ_g f_g tr(W_g Γ_g W_g Δ₁g M Δ₁gᵀ),  tr₂ = tr((U Γ)²), U = V Δ₁ M Δ₁ᵀ V, V = ⊕W_g, Γ = ⊕ f_g Γ_g
  /// a = √(m/tr₂), b = m − a·tr₁,  T = a (χ²₀ − χ²₁) + b  on m = df₀ − df₁
  /// ```
  public func difference(general: any MeasurementFit) throws(MeasurementModelError) -> ChiSquareDifference {
    guard let m1 = general as? OrdinalCFAFit else { throw .invalid("a χ² difference needs two fits of the same estimator") }
    let m0 = self
    let m = m0.fit.df - m1.fit.df
    guard m > 0 else { throw .invalid("the restricted model must have more degrees of freedom") }
    let d1 = stack(m1.deltas), d0 = stack(m0.deltas)
    // Δ₁⁺ = (Δ₁ᵀΔ₁)⁻¹Δ₁ᵀ (full column rank).
    guard let c1 = try? Cholesky(crossProduct(d1)) else { throw .notPositiveDefinite("Δ₁ᵀΔ₁") }
    let h = c1.solve(crossProduct(d1, d0))                 // npar1 × npar0
    // Orthogonal complement of span(H): eigenvectors of H Hᵀ with eigenvalue ≈ 0.
    guard let eig = try? SymmetricEigen((h * h.transposed).symmetrized) else { throw .invalid("eigen decomposition failed") }
    // The complement of a nested model has dimension m = df₀ − df₁: the m smallest eigenvalues (lavaan
    // takes the complement from a QR with rank tolerance 1e-7; a fixed threshold on the eigenvalues
    // can miscount when H is nearly rank-deficient, e.g. a freed item's thresholds and scale factor).
    let nullIdx = Array(eig.eigenvalues.indices.sorted { eig.eigenvalues[$0] < eig.eigenvalues[$1] }.prefix(m))
    let aT = eig.eigenvectors.submatrix(rows: 0..<h.rows, columns: nullIdx)   // npar1 × r
    guard let cp = try? Cholesky(m1.information) else { throw .notPositiveDefinite("the information matrix") }
    let pInvAT = cp.solve(aT)                               // P⁻¹Aᵀ
    let apa = crossProduct(aT, pInvAT)                      // A P⁻¹ Aᵀ
    guard let ca = try? Cholesky(apa.symmetrized) else { throw .notPositiveDefinite("A P⁻¹ Aᵀ") }
    let mm = pInvAT * ca.solve(pInvAT.transposed)           // P⁻¹Aᵀ(AP⁻¹Aᵀ)⁻¹AP⁻¹
    let n = m1.groupSizes.reduce(0, +)
    var tr1 = 0.0
    var blocks: [(u: Matrix, gamma: Matrix)] = []
    // U_all is block-structured by groups; U Γ with Γ = ⊕ f_g Γ_g.
    var vd: [Matrix] = []
    for g in m1.stats.indices {
      let w = m1.stats[g].gamma.diagonalElements.map { 1 / $0 }
      var x = m1.deltas[g]
      for c in 0..<x.columns { for r in 0..<x.rows { x[r, c] *= w[r] } }
      vd.append(x)                                          // W_g Δ₁g
    }
    for g in m1.stats.indices {
      let f = m1.stats[g].n / n
      let ug = vd[g] * mm * vd[g].transposed                // W Δ M Δᵀ W
      let prod = ug * m1.stats[g].gamma
      var t = 0.0
      for r in 0..<prod.rows { t += prod[r, r] }
      tr1 += f * t
      blocks.append((ug, m1.stats[g].gamma * f))
    }
    // tr((UΓ)²) over the full block matrix: Σ_{g,h} tr(U_gh Γ_h U_hg Γ_g).
    var tr2 = 0.0
    for g in blocks.indices {
      for k in blocks.indices {
        let ugk = vd[g] * mm * vd[k].transposed
        let a = ugk * blocks[k].gamma                        // U_gk Γ_k
        let b = ugk.transposed * blocks[g].gamma             // U_kg Γ_g
        for r in 0..<a.rows { for c in 0..<a.columns { tr2 += a[r, c] * b[c, r] } }
      }
    }
    let a = (Double(m) / tr2).squareRoot()
    let b = Double(m) - a * tr1
    let t = (m0.fit.chisq - m1.fit.chisq) * a + b
    return ChiSquareDifference(chisqDiff: t, dfDiff: m, pValue: ChiSquaredDistributionTail.upper(t, df: Double(m)), scalingFactor: 1 / a)
  }

  /// Univariate score tests of the equality constraints (DWLS analogue of lavTestScore): for each
  /// constrained copy in group g > 1, N g²/V with the DWLS gradient and expected information.
  /// Used to rank suggestions for partial invariance; not checked against lavaan.
  public func equalityScoreTests() throws(MeasurementModelError) -> [ModificationIndex] {
    var owners: [Int: Int] = [:]
    for r in rows { if let k = r.free, owners[k] == nil { owners[k] = r.group } }
    let obj = DWLSObjective(rows: rows, stats: stats, p: model.observed.count, m: model.factors.count, freeCount: freeCount)
    let n = obj.total
    guard let ci = try? Cholesky(information) else { throw .notPositiveDefinite("the information matrix") }
    var out: [ModificationIndex] = []
    for (ri, r) in rows.enumerated() {
      guard let k = r.free, owners[k] != r.group, r.label == nil else { continue }
      // Split row ri off into a new parameter: its Jacobian column is the row's own contribution.
      var rows2 = rows
      rows2[ri].free = freeCount
      let obj2 = DWLSObjective(rows: rows2, stats: stats, p: obj.p, m: obj.m, freeCount: freeCount + 1)
      var xx = x; xx.append(x[k])
      var g = 0.0, icc = 0.0
      var icth = [Double](repeating: 0, count: freeCount)
      for gi in stats.indices {
        let f = stats[gi].n / n
        let d2 = obj2.jacobian(xx, group: gi)
        let d = deltas[gi]
        let w = obj.weights(gi)
        let s = stats[gi].statistics, sig = obj.implied(x, group: gi)
        for row in 0..<d.rows {
          let dc = d2[row, freeCount]
          if dc == 0 { continue }
          g -= f * w[row] * (s[row] - sig[row]) * dc
          icc += f * w[row] * dc * dc
          for c in 0..<freeCount { icth[c] += f * w[row] * dc * d[row, c] }
        }
      }
      let sol = ci.solve(icth)
      let v = icc - zip(icth, sol).reduce(0) { $0 + $1.0 * $1.1 }
      let mi = n * g * g / v
      out.append(ModificationIndex(group: r.group, lhs: r.lhs, op: r.op, rhs: r.rhs, mi: mi, epc: -g / v, sepcAll: .nan,
                                   pValue: ChiSquaredDistributionTail.upper(mi, df: 1)))
    }
    return out
  }

  func stack(_ ms: [Matrix]) -> Matrix {
    let rowsTotal = ms.reduce(0) { $0 + $1.rows }
    var out = Matrix(rows: rowsTotal, columns: ms[0].columns)
    var off = 0
    for m in ms { for c in 0..<m.columns { for r in 0..<m.rows { out[off + r, c] = m[r, c] } }; off += m.rows }
    return out
  }
}
