import Foundation
import LinearAlgebra
import Statistics

/// Ordinal sample statistics of all groups (see `OrdinalCFA.sample`).
public struct OrdinalSample: Sendable {
  public var items: [String]
  /// The category codes of each item (over all groups).
  public var categories: [[Double]]
  var stats: [OrdinalGroupStatistics]
  public var groupNames: [String] { stats.map(\.name) }
}

/// One group's ordinal data: n × p category codes in the model's item order (any numeric codes;
/// NaN = missing). Categories are the sorted distinct codes of each item over all groups.
public struct OrdinalGroupData: Sendable {
  public var name: String
  public var data: Matrix
  /// Sampling weights (lavaan `sampling.weights`), one per row; nil = unweighted.
  public var weights: [Double]?
  public init(name: String, data: Matrix, weights: [Double]? = nil) { self.name = name; self.data = data; self.weights = weights }
}

/// Options of an ordinal (WLSMV) fit.
public struct OrdinalCFAOptions: Sendable, Equatable {
  /// `.loadings` and `.thresholds` are meaningful (lavaan's ordinal `group.equal`).
  public var groupEqual: GroupEquality = []
  public var groupPartial: Set<String> = []
  public var confidenceLevel: Double = 0.95
  public var minimumGroupSize: Int? = nil
  /// Factor variances fixed to 1 and every loading free (lavaan `std.lv = TRUE`); single group only.
  public var standardizedLatent: Bool = false
  public init(groupEqual: GroupEquality = [], groupPartial: Set<String> = [], standardizedLatent: Bool = false) {
    self.groupEqual = groupEqual; self.groupPartial = groupPartial; self.standardizedLatent = standardizedLatent
  }
}

/// Kinds of parameters of the ordinal model (delta parameterization).
enum OrdinalKind: Hashable {
  case loading(item: Int, factor: Int)
  case factorCovariance(Int, Int)
  case threshold(item: Int, k: Int)
  case latentMean(Int)
  case scale(Int)
  case residualCovariance(Int, Int)
}

struct OrdinalParameter {
  var group: Int
  var kind: OrdinalKind
  var lhs: String, op: String, rhs: String
  var label: String?
  var free: Int?
  var value: Double
  var name: String {
    switch op {
    case "~1": return "\(lhs)~1"
    case "|": return "\(lhs)|\(rhs)"
    default: return "\(lhs)\(op)\(rhs)"
    }
  }
}

/// A fitted ordinal CFA (WLSMV).
public struct OrdinalCFAFit: Sendable {
  public var model: MeasurementModel
  public var options: OrdinalCFAOptions
  public var groupNames: [String]
  public var groupSizes: [Double]
  public var x: [Double]
  public var vcov: Matrix
  public var estimates: [CFAEstimate]
  public var fit: FitMeasures
  /// Sample thresholds and polychoric correlations per group.
  public var sampleThresholds: [[[Double]]]
  public var samplePolychoric: [Matrix]
  var rows: [OrdinalParameter]
  var stats: [OrdinalGroupStatistics]
  var freeCount: Int
  /// Per-group Jacobians at the estimates and the expected information E = Σ_g f_g ΔᵀWΔ.
  var deltas: [Matrix]
  var information: Matrix
}

extension OrdinalCFAFit {
  /// diag(Γ) of group g (lavaan `lavInspect(fit, "gamma")`), in lavaan's statistic order.
  public func gammaDiagonal(group g: Int) -> [Double] { stats[g].gamma.diagonalElements }
}

/// Confirmatory factor analysis of ordinal items by WLSMV, as lavaan 0.6.14
/// `cfa(..., ordered = TRUE, estimator = "WLSMV")` with `missing = "pairwise"`.
///
/// Model (delta parameterization): y*_g = Λ η + ε; the ordinal response is the category of y*
/// between thresholds. Implied statistics per group, with scale factors δ (1 in group 1):
/// ```
/// ρ*_ij = δ_i δ_j (Λ Ψ Λᵀ + Θ_offdiag)_ij,    τ*_jk = δ_j (τ_jk − (Λ α)_j)
/// Θ_jj = 1/δ_j² − (ΛΨΛᵀ)_jj  (not a parameter)
/// ```
/// Estimator: DWLS, F = Σ_g (n_g/N) · ½ (n_g − 1)/n_g · Σ_k w_k (s_k − σ_k)², w = 1/diag(Γ);
/// χ² = 2 N F (lavaan's fmin). Minimised by Gauss–Newton with the analytic Jacobian Δ.
/// SEs ("robust.sem"): vcov = E⁻¹ (Σ_g f_g Δ_gᵀ W Γ W Δ_g) E⁻¹ / (N − G) (lavaan's divisor for non-ML estimators), E = Σ_g f_g Δ_gᵀ W Δ_g, f_g = n_g/N.
/// Test ("scaled.shifted", Asparouhov & Muthén 2010): U = V − VΔE⁻¹ΔᵀV with V = ⊕ f_g W_g and
/// Γ_all = ⊕ Γ_g/f_g; a = √(df / tr((UΓ)²)), b = df − a tr(UΓ), T = a χ² + b, scaling factor 1/a.
/// Groups: `group.equal = thresholds` frees the latent means and scale factors in groups 2… (lavaan).
///
/// Checked against lavaan 0.6.14 on psych's bfi (5 factors, 25 six-category items) and its gender
/// invariance (OrdinalCFATests).
public enum OrdinalCFA {
  public static func fit(model: MeasurementModel, groups input: [OrdinalGroupData], options: OrdinalCFAOptions = OrdinalCFAOptions(),
                         evaluateAt: [Double]? = nil) throws(MeasurementModelError) -> OrdinalCFAFit {
    try fit(model: model, sample: sample(model: model, groups: input, minimumGroupSize: options.minimumGroupSize),
            options: options, evaluateAt: evaluateAt)
  }

  /// The sample statistics (thresholds, polychoric correlations, Γ) of every group, computed once and
  /// reusable across fits of the same items and groups (e.g. the steps of an invariance test).
  public static func sample(model: MeasurementModel, groups input: [OrdinalGroupData], minimumGroupSize: Int? = nil) throws(MeasurementModelError) -> OrdinalSample {
    let p = model.observed.count
    for g in input {
      let nUsed = (0..<g.data.rows).filter { i in (0..<p).contains { !g.data[i, $0].isNaN } }.count
      let needed = minimumGroupSize ?? (p + 1)
      if nUsed < needed { throw .groupTooSmall(group: g.name, n: nUsed, needed: needed) }
    }
    // Category codes over all groups.
    var levelsValues: [[Double]] = []
    for j in 0..<p {
      var set = Set<Double>()
      for g in input { for i in 0..<g.data.rows where !g.data[i, j].isNaN { set.insert(g.data[i, j]) } }
      let v = set.sorted()
      guard v.count >= 2 else { throw .noVariance(item: model.observed[j], group: "all") }
      guard v.count <= 64 else { throw .invalid("item '\(model.observed[j])' has \(v.count) distinct values; ordinal items need at most 64 categories") }
      levelsValues.append(v)
    }
    var stats: [OrdinalGroupStatistics] = []
    for g in input {
      var codes = g.data
      for j in 0..<p {
        let index = Dictionary(uniqueKeysWithValues: levelsValues[j].enumerated().map { ($0.element, Double($0.offset)) })
        for i in 0..<codes.rows where !codes[i, j].isNaN { codes[i, j] = index[codes[i, j]]! }
      }
      let nUsed = (0..<codes.rows).filter { i in (0..<p).contains { !codes[i, $0].isNaN } }.count
      let needed = minimumGroupSize ?? (p + 1)
      if nUsed < needed { throw .groupTooSmall(group: g.name, n: nUsed, needed: needed) }
      if let w = g.weights {
        guard w.count == g.data.rows else { throw .invalid("group '\(g.name)' has \(w.count) weights for \(g.data.rows) rows") }
        if let i = w.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
          throw .invalid("sampling weight \(w[i]) in row \(i + 1) of group '\(g.name)': weights must be finite and positive")
        }
      }
      stats.append(try OrdinalGroupStatistics.compute(name: g.name, codes: codes, levels: levelsValues.map(\.count), items: model.observed,
                                                      weights: g.weights))
    }
    return OrdinalSample(items: model.observed, categories: levelsValues, stats: stats)
  }

  public static func fit(model: MeasurementModel, sample: OrdinalSample, options: OrdinalCFAOptions = OrdinalCFAOptions(),
                         evaluateAt: [Double]? = nil) throws(MeasurementModelError) -> OrdinalCFAFit {
    guard sample.items == model.observed else { throw .invalid("the sample statistics are for other items") }
    let p = model.observed.count, m = model.factors.count
    let stats = sample.stats
    let levelsValues = sample.categories
    if options.standardizedLatent && stats.count > 1 {
      throw .invalid("std.lv (factor variances 1) is offered for a single group; across groups use the marker parameterization")
    }
    let (rows, freeCount) = parameterTable(model, groups: stats.count, levels: levelsValues.map(\.count), options: options)
    for name in options.groupPartial where !rows.contains(where: { $0.name == name || ($0.op == "|" && (name == "\($0.lhs)~1" || name == "\($0.lhs)|*")) }) {
      throw .unknownParameter(name)
    }
    let nstat = stats[0].statistics.count
    if freeCount > nstat * stats.count { throw .notIdentified(parameters: freeCount, moments: nstat * stats.count) }
    let obj = DWLSObjective(rows: rows, stats: stats, p: p, m: m, freeCount: freeCount)
    var x = evaluateAt ?? obj.startValues()
    if evaluateAt == nil { x = try obj.minimise(x) }

    let n = obj.total
    // Robust SEs.
    var e = Matrix(rows: freeCount, columns: freeCount)
    var meat = Matrix(rows: freeCount, columns: freeCount)
    var deltas: [Matrix] = []
    for g in stats.indices {
      let d = obj.jacobian(x, group: g)
      deltas.append(d)
      let f = stats[g].n / n
      let w = stats[g].gamma.diagonalElements.map { 1 / $0 }
      var wd = d
      for c in 0..<d.columns { for r in 0..<d.rows { wd[r, c] *= w[r] } }
      e += crossProduct(d, wd) * f
      meat += gemm(transA: .transposed, a: wd, b: stats[g].gamma * wd) * f
    }
    guard let ce = try? Cholesky(e.symmetrized) else { throw .notPositiveDefinite("the DWLS information matrix (the model may not be identified)") }
    let eInv = ce.inverse().symmetrized
    // lavaan divides by N − G for estimators other than ML (lav_model_vcov).
    let vcov = (eInv * meat * eInv).symmetrized * (1 / (n - Double(stats.count)))

    let fm = try obj.fitMeasures(x, deltas: deltas, eInv: eInv)

    var result = OrdinalCFAFit(model: model, options: options, groupNames: stats.map(\.name), groupSizes: stats.map(\.n), x: x,
                               vcov: vcov, estimates: [], fit: fm, sampleThresholds: stats.map(\.thresholds),
                               samplePolychoric: stats.map(\.correlation), rows: rows, stats: stats, freeCount: freeCount,
                               deltas: deltas, information: e.symmetrized)
    result.estimates = obj.estimates(x, vcov: vcov, confidenceLevel: options.confidenceLevel)
    return result
  }

  /// lavaan's parameter table for the ordinal delta parameterization.
  static func parameterTable(_ model: MeasurementModel, groups: Int, levels: [Int], options: OrdinalCFAOptions) -> ([OrdinalParameter], Int) {
    let obs = model.observed, fac = model.factors
    var rows: [OrdinalParameter] = []
    let thresholdsEqual = groups > 1 && options.groupEqual.contains(.thresholds)
    for g in 0..<groups {
      var seen = Set<Int>()
      for l in model.loadings {
        let first = !seen.contains(l.factor)
        seen.insert(l.factor)
        var r = OrdinalParameter(group: g, kind: .loading(item: l.item, factor: l.factor), lhs: fac[l.factor], op: "=~", rhs: obs[l.item], free: 0, value: .nan)
        switch l.modifier {
        case .fixed(let v): r.free = nil; r.value = v
        case .label(let s): r.label = s; if first && !options.standardizedLatent { r.free = nil; r.value = 1 }
        case .free: break
        case .none: if first && !options.standardizedLatent { r.free = nil; r.value = 1 }
        }
        rows.append(r)
      }
      for j in 0..<obs.count {
        for k in 0..<(levels[j] - 1) {
          rows.append(OrdinalParameter(group: g, kind: .threshold(item: j, k: k), lhs: obs[j], op: "|", rhs: "t\(k + 1)", free: 0, value: .nan))
        }
      }
      for j in 0..<fac.count {
        for l in 0...j {
          let fixedVariance = j == l && options.standardizedLatent
          rows.append(OrdinalParameter(group: g, kind: .factorCovariance(j, l), lhs: fac[l], op: "~~", rhs: fac[j],
                                       free: fixedVariance ? nil : 0, value: fixedVariance ? 1 : (j == l ? .nan : 0)))
        }
      }
      for c in model.covariances {
        if let i = obs.firstIndex(of: c.lhs), let k = obs.firstIndex(of: c.rhs), i != k {
          var r = OrdinalParameter(group: g, kind: .residualCovariance(max(i, k), min(i, k)), lhs: c.lhs, op: "~~", rhs: c.rhs, free: 0, value: 0)
          if case .fixed(let v) = c.modifier { r.free = nil; r.value = v }
          if case .label(let s) = c.modifier { r.label = s }
          rows.append(r)
        }
      }
      for j in 0..<fac.count {
        rows.append(OrdinalParameter(group: g, kind: .latentMean(j), lhs: fac[j], op: "~1", rhs: "", free: g > 0 && thresholdsEqual ? 0 : nil, value: 0))
      }
      for j in 0..<obs.count {
        rows.append(OrdinalParameter(group: g, kind: .scale(j), lhs: obs[j], op: "~*~", rhs: obs[j], free: g > 0 && thresholdsEqual ? 0 : nil, value: 1))
      }
    }
    var next = 0
    var byLabel: [String: Int] = [:]
    var firstGroup: [OrdinalKind: Int] = [:]
    for r in rows.indices where rows[r].free != nil {
      let row = rows[r]
      if let lab = row.label {
        if let k = byLabel[lab] { rows[r].free = k } else { byLabel[lab] = next; rows[r].free = next; next += 1 }
        continue
      }
      var constrained = false
      let partial = options.groupPartial.contains(row.name)
        || (row.op == "|" && (options.groupPartial.contains("\(row.lhs)~1") || options.groupPartial.contains("\(row.lhs)|*")))
      if row.group > 0 && !partial {
        switch row.kind {
        case .loading: constrained = options.groupEqual.contains(.loadings)
        case .threshold: constrained = options.groupEqual.contains(.thresholds)
        default: constrained = false
        }
      }
      if constrained, let k = firstGroup[row.kind] { rows[r].free = k; continue }
      rows[r].free = next
      if row.group == 0 { firstGroup[row.kind] = next }
      next += 1
    }
    return (rows, next)
  }
}
