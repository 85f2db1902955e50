import Foundation
import LinearAlgebra

/// A modification index (lavaan `modindices`) or a univariate score test of an equality constraint
/// (lavaan `lavTestScore(fit)$uni`).
public struct ModificationIndex: Sendable, Equatable {
  public var group: Int
  public var lhs: String
  public var op: String
  public var rhs: String
  /// χ²(1) statistic.
  public var mi: Double
  /// Expected parameter change.
  public var epc: Double
  /// EPC standardized as std.all.
  public var sepcAll: Double
  public var pValue: Double
  public var name: String { op == "~1" ? "\(lhs)~1" : "\(lhs)\(op)\(rhs)" }
}

extension CFAFit {
  /// Modification indices of the parameters not in the model: cross-loadings and residual
  /// covariances of items, per group (lavaan `modindices(fit)`):
  /// ```
  /// MI_j = N g_j² / V_j,   V_j = I_jj − I_jθ I_θθ⁻¹ I_θj,   EPC_j = −g_j / V_j
  /// ```
  /// with g_j = ∂fmin/∂θ_j at the estimates and I the expected information per row (the same
  /// rank-two derivative terms as the fit). Uses the expected information also when the fit used
  /// the observed one (lavaan's default for `modindices`).
  public func modificationIndices() throws(MeasurementModelError) -> [ModificationIndex] {
    var candidates: [(row: ModelParameter, terms: DerivativeTerms)] = []
    let t = table
    for g in 0..<groupNames.count {
      let mm = matrices(group: g)
      for j in 0..<t.m {
        for i in 0..<t.p where !t.rows.contains(where: { $0.group == g && $0.kind == .loading(item: i, factor: j) }) {
          var d = DerivativeTerms()
          d.sigma.append((i, t.p + j, 1, 0))
          if meanStructure && mm.alpha[j] != 0 { d.mean.append((i, mm.alpha[j], 0)) }
          candidates.append((ModelParameter(group: g, kind: .loading(item: i, factor: j), lhs: t.model.factors[j], op: "=~",
                                            rhs: t.model.observed[i], label: nil, free: nil, value: 0), d))
        }
      }
      for k in 0..<t.p {
        for i in (k + 1)..<t.p where !t.rows.contains(where: { $0.group == g && $0.kind == .residual(i, k) }) {
          var d = DerivativeTerms()
          d.sigma.append((i, k, 1, 0))
          candidates.append((ModelParameter(group: g, kind: .residual(i, k), lhs: t.model.observed[k], op: "~~",
                                            rhs: t.model.observed[i], label: nil, free: nil, value: 0), d))
        }
      }
    }
    return try scoreTests(candidates)
  }

  /// Univariate score tests of the equality constraints across groups (lavaan `lavTestScore`):
  /// for each parameter held equal, the test of freeing its copy in one group g > 1 (the
  /// constraint "group 1 = group g"); same formula as the modification index.
  public func equalityScoreTests() throws(MeasurementModelError) -> [ModificationIndex] {
    var candidates: [(row: ModelParameter, terms: DerivativeTerms)] = []
    var owners: [Int: Int] = [:]   // free index → group of its first row
    for r in table.rows { if let k = r.free, owners[k] == nil { owners[k] = r.group } }
    for g in 0..<groupNames.count {
      let mm = matrices(group: g)
      let all = table.derivativeTerms(group: g, alpha: mm.alpha, meanStructure: meanStructure)
      for r in table.rows where r.group == g {
        guard let k = r.free, owners[k] != g, r.label == nil else { continue }
        var d = DerivativeTerms()
        // The row's own terms only (other rows of the group sharing k are not freed).
        let single = ParameterTable.singleRowTerms(table, r, alpha: mm.alpha, meanStructure: meanStructure)
        d.sigma = single.sigma.map { ($0.u, $0.v, $0.c, 0) }
        d.mean = single.mean.map { ($0.w, $0.c, 0) }
        _ = all
        candidates.append((r, d))
      }
    }
    return try scoreTests(candidates)
  }

  func scoreTests(_ candidates: [(row: ModelParameter, terms: DerivativeTerms)]) throws(MeasurementModelError) -> [ModificationIndex] {
    guard !candidates.isEmpty else { return [] }
    let obj = MLObjective(table: table, groups: groups, meanStructure: meanStructure, fiml: options.missing == .fiml)
    let npar = table.freeCount, nc = candidates.count
    // Information blocks: I_θθ (expected), I_cθ and I_cc (diagonal) per group.
    let ithth = try obj.expectedInformation(x)
    var icth = Matrix(rows: nc, columns: npar)
    var icc = [Double](repeating: 0, count: nc)
    var grad = [Double](repeating: 0, count: nc)
    for g in groups.indices {
      let k = try obj.kernel(x, group: g)
      let v = table.basis(k.mm)
      let gm = gemm(transA: .transposed, a: v, b: k.sigmaInv * v)
      let q = gemm(transA: .transposed, a: v, b: k.m * v)
      let vr = v.transposeTimes(k.r)
      let w = groups[g].n / obj.total
      let model = table.derivativeTerms(group: g, alpha: k.mm.alpha, meanStructure: meanStructure)
      for (ci, cand) in candidates.enumerated() where cand.row.group == g {
        for a in cand.terms.sigma {
          grad[ci] += a.c * q[a.u, a.v]
          for b in model.sigma { icth[ci, b.k] += w * a.c * b.c * (gm[a.v, b.u] * gm[a.u, b.v] + gm[a.v, b.v] * gm[a.u, b.u]) }
          for b in cand.terms.sigma { icc[ci] += w * a.c * b.c * (gm[a.v, b.u] * gm[a.u, b.v] + gm[a.v, b.v] * gm[a.u, b.u]) }
        }
        for a in cand.terms.mean {
          grad[ci] -= a.c * vr[a.w]
          for b in model.mean { icth[ci, b.k] += w * a.c * b.c * gm[a.w, b.w] }
          for b in cand.terms.mean { icc[ci] += w * a.c * b.c * gm[a.w, b.w] }
        }
      }
    }
    guard let c = try? Cholesky(ithth) else { throw .notPositiveDefinite("the information matrix") }
    let solved = c.solve(icth.transposed)     // npar × nc
    let n = obj.total
    var out: [ModificationIndex] = []
    for (ci, cand) in candidates.enumerated() {
      var vjj = icc[ci]
      for a in 0..<npar { vjj -= icth[ci, a] * solved[a, ci] }
      let mi = n * grad[ci] * grad[ci] / vjj
      let epc = -grad[ci] / vjj
      let mm = matrices(group: cand.row.group)
      let sigma = mm.sigma
      var sepc = epc
      switch cand.row.kind {
      case .loading(let i, let j): sepc = epc * mm.psi[j, j].squareRoot() / sigma[i, i].squareRoot()
      case .residual(let i, let k): sepc = epc / (mm.theta[i, i] * mm.theta[k, k]).squareRoot()
      case .intercept(let i): sepc = epc / sigma[i, i].squareRoot()
      case .factorCovariance(let j, let l): sepc = epc / (mm.psi[j, j] * mm.psi[l, l]).squareRoot()
      case .latentMean(let j): sepc = epc / mm.psi[j, j].squareRoot()
      }
      out.append(ModificationIndex(group: cand.row.group, lhs: cand.row.lhs, op: cand.row.op, rhs: cand.row.rhs, mi: mi,
                                   epc: epc, sepcAll: sepc,
                                   pValue: ChiSquaredDistributionTail.upper(mi, df: 1)))
    }
    return out
  }
}

extension ParameterTable {
  /// Derivative terms of one row (as `derivativeTerms`, restricted to that row).
  static func singleRowTerms(_ t: ParameterTable, _ r: ModelParameter, alpha: [Double], meanStructure: Bool) -> DerivativeTerms {
    var d = DerivativeTerms()
    let p = t.p, m = t.m
    switch r.kind {
    case .loading(let i, let j):
      d.sigma.append((i, p + j, 1, 0))
      if meanStructure && alpha[j] != 0 { d.mean.append((i, alpha[j], 0)) }
    case .residual(let i, let l): d.sigma.append((i, l, i == l ? 0.5 : 1, 0))
    case .factorCovariance(let j, let l): d.sigma.append((p + m + j, p + m + l, j == l ? 0.5 : 1, 0))
    case .intercept(let i): if meanStructure { d.mean.append((i, 1, 0)) }
    case .latentMean(let j): if meanStructure { d.mean.append((p + m + j, 1, 0)) }
    }
    return d
  }
}

import Statistics
enum ChiSquaredDistributionTail {
  static func upper(_ x: Double, df: Double) -> Double {
    x.isNaN ? .nan : ChiSquaredDistribution(degreesOfFreedom: df).complementaryCDF(Swift.max(0, x))
  }
}
