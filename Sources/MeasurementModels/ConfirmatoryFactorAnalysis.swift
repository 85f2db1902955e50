import Foundation
import LinearAlgebra
import Statistics

/// Estimators for continuous indicators.
public enum CFAEstimator: String, Sendable, CaseIterable {
  /// Normal-theory ML (lavaan `estimator = "ML"`), SEs from the expected information (observed with FIML).
  case ml
  /// ML with Huber–White sandwich SEs (observed information) and the Yuan–Bentler scaled χ²
  /// (lavaan `estimator = "MLR"`, test `"yuan.bentler.mplus"`).
  case mlr
}

/// Missing-data handling for continuous indicators.
public enum CFAMissing: String, Sendable, CaseIterable {
  /// Complete cases on the model's items (lavaan `missing = "listwise"`).
  case listwise
  /// Full-information ML over missing-data patterns (lavaan `missing = "ml"`).
  case fiml
}

/// Options of a CFA fit; defaults are lavaan `cfa()`'s.
public struct CFAOptions: Sendable, Equatable {
  public var estimator: CFAEstimator = .ml
  public var missing: CFAMissing = .listwise
  public var groupEqual: GroupEquality = []
  public var groupPartial: Set<String> = []
  /// Mean structure; nil = lavaan's default (on with groups, FIML or clusters).
  public var meanStructure: Bool? = nil
  public var standardizedLatent: Bool = false
  public var confidenceLevel: Double = 0.95
  /// Smallest group size accepted (the model needs at least this many rows per group).
  public var minimumGroupSize: Int? = nil
  public init(estimator: CFAEstimator = .ml, missing: CFAMissing = .listwise, groupEqual: GroupEquality = [],
              groupPartial: Set<String> = [], meanStructure: Bool? = nil, standardizedLatent: Bool = false) {
    self.estimator = estimator; self.missing = missing; self.groupEqual = groupEqual
    self.groupPartial = groupPartial; self.meanStructure = meanStructure; self.standardizedLatent = standardizedLatent
  }
}

/// One estimated parameter (a row of lavaan's `parameterEstimates(standardized = TRUE)`).
public struct CFAEstimate: Sendable, Equatable {
  public var group: Int
  public var kind: ParameterKind
  public var lhs: String
  public var op: String
  public var rhs: String
  public var label: String?
  public var free: Int?
  public var estimate: Double
  /// NaN for fixed parameters (lavaan prints 0).
  public var standardError: Double
  public var z: Double
  public var pValue: Double
  public var ciLower: Double
  public var ciUpper: Double
  public var stdLV: Double
  public var stdAll: Double
  public var name: String { op == "~1" ? "\(lhs)~1" : "\(lhs)\(op)\(rhs)" }
}

/// A fitted confirmatory factor analysis (one or more groups).
public struct CFAFit: Sendable {
  public var table: ParameterTable
  public var options: CFAOptions
  public var groupNames: [String]
  public var groupSizes: [Double]
  public var meanStructure: Bool
  /// Free parameters at the optimum.
  public var x: [Double]
  /// Covariance matrix of x̂ (model-based for ML, sandwich for MLR).
  public var vcov: Matrix
  /// The information used for the standard errors (per row), its inverse is N·vcov for ML.
  public var information: Matrix
  public var estimates: [CFAEstimate]
  public var fit: FitMeasures
  public var iterations: Int
  /// Group sample statistics (means and N-denominator covariances; EM estimates under FIML).
  public var sampleMeans: [[Double]]
  public var sampleCovariances: [Matrix]
  var groups: [GroupStatistics]

  public var totalN: Double { groupSizes.reduce(0, +) }
  public func matrices(group g: Int) -> ModelMatrices { table.matrices(x, group: g) }
  public func impliedCovariance(group g: Int) -> Matrix { matrices(group: g).sigma }
  public func impliedMean(group g: Int) -> [Double] { meanStructure ? matrices(group: g).mu : groups[g].mean }
}

/// Confirmatory factor analysis by normal-theory maximum likelihood (lavaan 0.6 `cfa()`).
///
/// Model: x_g = ν_g + Λ_g η + ε, Σ_g = Λ_g Ψ_g Λ_gᵀ + Θ_g, μ_g = ν_g + Λ_g α_g; the first loading
/// of each factor fixed to 1 (marker), residual and factor (co)variances free, intercepts free and
/// latent means 0 when there is a mean structure (free in groups 2… once intercepts are equal).
/// The discrepancy is lavaan's `likelihood = "normal"` (covariances with denominator N):
/// χ² = 2 N fmin (see `MLObjective`). It is minimised by Fisher scoring to max |∂fmin/∂θ| < 1e-11.
///
/// Standard errors (lavaan defaults): ML complete data — expected information, vcov = I⁻¹/N;
/// FIML — observed information (the Hessian of fmin; lavaan differentiates its gradient numerically,
/// we use the closed form of `analyticObservedInformation`, equal to ~1e-9);
/// MLR — observed information A and the first-order (outer product of casewise scores) B:
/// vcov = A⁻¹ B A⁻¹ / N (Huber–White). z = est/SE, p two-sided normal, CI est ± z_{0.975} SE.
///
/// Equality constraints (labels, `group.equal`) are imposed by sharing one free parameter (lavaan
/// uses constraint rows; the estimates, SEs, npar and df are the same).
///
/// Checked against lavaan 0.6.14 on HolzingerSwineford1939 (CFATests, Datasets/reference/cfa).
public enum ConfirmatoryFactorAnalysis {
  /// Fits the model. `evaluateAt` skips the optimisation and evaluates SEs and fit at the given
  /// free-parameter vector (for checking closed-form statistics at a reference solution).
  /// `warmStart`: a fit of the same model and groups (e.g. the previous step of an invariance
  /// sequence) whose estimates start the optimisation (same optimum, fewer iterations).
  public static func fit(model: MeasurementModel, groups input: [CFAGroupData], options: CFAOptions = CFAOptions(),
                         evaluateAt: [Double]? = nil, warmStart: CFAFit? = nil) throws(MeasurementModelError) -> CFAFit {
    let p = model.observed.count
    for g in input where g.data.columns != p {
      throw .invalid("group '\(g.name)' has \(g.data.columns) columns; the model has \(p) items")
    }
    // lavaan's default: a mean structure with groups, FIML, or clusters.
    let meanStructure = options.meanStructure ?? (input.count > 1 || options.missing == .fiml || input.contains { $0.clusters != nil })
    var stats: [GroupStatistics] = []
    for g in input {
      // Size first (a tiny group is refused by name before anything else is said about it).
      let needed = options.minimumGroupSize ?? (p + 1)
      let usable = Self.usableRows(g.data, anyObserved: options.missing == .fiml)
      if usable < needed { throw .groupTooSmall(group: g.name, n: usable, needed: needed) }
      let s = options.missing == .fiml ? try GroupStatistics.fiml(g, items: model.observed) : try GroupStatistics.listwise(g, items: model.observed)
      stats.append(s)
    }
    let table = try ParameterTable(model: model, options: ParameterTableOptions(
      groups: input.count, meanStructure: meanStructure, groupEqual: options.groupEqual,
      groupPartial: options.groupPartial, standardizedLatent: options.standardizedLatent))
    for name in options.groupPartial where !table.rows.contains(where: { $0.name == name }) {
      throw .unknownParameter(name)
    }
    let moments = input.count * (p * (p + 1) / 2 + (meanStructure ? p : 0))
    if table.freeCount > moments { throw .notIdentified(parameters: table.freeCount, moments: moments) }
    let objective = MLObjective(table: table, groups: stats, meanStructure: meanStructure, fiml: options.missing == .fiml)
    var start = startValues(table, stats)
    if let w = warmStart, w.table.rows.count == table.rows.count {
      var seen = Set<Int>()
      for (r, old) in zip(table.rows, w.table.rows) where r.kind == old.kind && r.group == old.group {
        if let k = r.free, !seen.contains(k) { seen.insert(k); start[k] = old.free.map { w.x[$0] } ?? old.value }
      }
    }
    let (x, fmin, iterations): ([Double], Double, Int)
    if let evaluateAt {
      guard evaluateAt.count == table.freeCount else { throw .invalid("evaluateAt has \(evaluateAt.count) values, the model \(table.freeCount) free parameters") }
      (x, fmin, iterations) = (evaluateAt, objective.objective(evaluateAt), 0)
    } else {
      (x, fmin, iterations) = try objective.minimise(start: start)
    }
    let n = objective.total
    // Information and vcov.
    let information: Matrix
    var vcov: Matrix
    let useObserved = options.missing == .fiml || options.estimator == .mlr
    information = useObserved ? try objective.analyticObservedInformation(x) : try objective.expectedInformation(x)
    guard let ic = try? Cholesky(information) else { throw .notPositiveDefinite("the information matrix (the model may not be identified)") }
    let aInv = ic.inverse().symmetrized
    var robust: RobustCorrection? = nil
    if options.estimator == .mlr {
      let b0 = try Self.firstOrderInformation(objective, x)
      vcov = (aInv * b0.total * aInv).symmetrized * (1 / n)
      robust = try Self.yuanBentlerTrace(objective, x, aInv: aInv, b0: b0)
    } else {
      vcov = aInv * (1 / n)
    }
    let fitMeasures = try FitMeasures(objective: objective, x: x, fmin: fmin, robust: robust)
    var result = CFAFit(table: table, options: options, groupNames: input.map(\.name), groupSizes: stats.map(\.n),
                        meanStructure: meanStructure, x: x, vcov: vcov, information: information, estimates: [],
                        fit: fitMeasures, iterations: iterations, sampleMeans: stats.map(\.mean),
                        sampleCovariances: stats.map(\.cov), groups: stats)
    result.estimates = estimates(result)
    return result
  }

  /// Rows with every item observed (listwise) or at least one (FIML), counted column-wise.
  static func usableRows(_ x: Matrix, anyObserved: Bool) -> Int {
    let n = x.rows
    var observed = [Int](repeating: 0, count: n)
    for j in 0..<x.columns {
      let base = j * n
      for i in 0..<n where !x.elements[base + i].isNaN { observed[i] += 1 }
    }
    return observed.filter { anyObserved ? $0 > 0 : $0 == x.columns }.count
  }

  /// Start values: marker-scaled loadings from covariances with the marker, half the observed
  /// variances as residual variances, factor variances from the marker's covariances, means from x̄.
  static func startValues(_ t: ParameterTable, _ stats: [GroupStatistics]) -> [Double] {
    var x = [Double](repeating: .nan, count: t.freeCount)
    for r in t.rows {
      guard let k = r.free, x[k].isNaN else { continue }
      let s = stats[r.group]
      let markers = (0..<t.m).map { j in t.rows.first(where: { if case .loading(_, let jj) = $0.kind, jj == j, $0.group == r.group { return true }; return false }) }
      func markerItem(_ j: Int) -> Int? { if case .loading(let i, _)? = markers[j]?.kind { return i }; return nil }
      func factorVar(_ j: Int) -> Double {
        if t.options.standardizedLatent { return 1 }
        guard let mk = markerItem(j) else { return 1 }
        let others = t.rows.compactMap { row -> Int? in
          if row.group == r.group, case .loading(let i, let jj) = row.kind, jj == j, i != mk { return i }; return nil }
        let covs = others.map { abs(s.cov[$0, mk]) }
        let v = covs.isEmpty ? 0.5 * s.cov[mk, mk] : Swift.min(0.9 * s.cov[mk, mk], covs.reduce(0, +) / Double(covs.count))
        return Swift.max(v, 0.05 * s.cov[mk, mk])
      }
      switch r.kind {
      case .loading(let i, let j):
        if t.options.standardizedLatent {
          let mk = markerItem(j) ?? i
          let sign: Double = i == mk || s.cov[i, mk] >= 0 ? 1 : -1
          x[k] = sign * (0.7 * s.cov[i, i]).squareRoot()
        } else {
          let mk = markerItem(j) ?? i
          x[k] = s.cov[i, mk] / factorVar(j)
        }
      case .residual(let i, let l): x[k] = i == l ? 0.5 * s.cov[i, i] : 0
      case .factorCovariance(let j, let l): x[k] = j == l ? factorVar(j) : 0
      case .intercept(let i): x[k] = s.mean[i]
      case .latentMean: x[k] = 0
      }
    }
    return x.map { $0.isNaN ? 0 : $0 }
  }

  /// Parameter rows with SEs and standardized solutions.
  static func estimates(_ fit: CFAFit) -> [CFAEstimate] {
    let zc = NormalDistribution.standardQuantile(1 - (1 - fit.options.confidenceLevel) / 2)
    var out: [CFAEstimate] = []
    for r in fit.table.rows {
      let mm = fit.matrices(group: r.group)
      let sigma = mm.sigma
      let est = r.free.map { fit.x[$0] } ?? r.value
      let se = r.free.map { fit.vcov[$0, $0].squareRoot() } ?? .nan
      let z = est / se
      let pv = r.free == nil ? Double.nan : 2 * NormalDistribution.standard.complementaryCDF(abs(z))
      var stdLV = est, stdAll = est
      switch r.kind {
      case .loading(let i, let j):
        stdLV = est * mm.psi[j, j].squareRoot(); stdAll = stdLV / sigma[i, i].squareRoot()
      case .residual(let i, let l): stdAll = est / (sigma[i, i] * sigma[l, l]).squareRoot()
      case .factorCovariance(let j, let l):
        stdLV = est / (mm.psi[j, j] * mm.psi[l, l]).squareRoot(); stdAll = stdLV
      case .intercept(let i): stdAll = est / sigma[i, i].squareRoot()
      case .latentMean(let j): stdLV = est / mm.psi[j, j].squareRoot(); stdAll = stdLV
      }
      out.append(CFAEstimate(group: r.group, kind: r.kind, lhs: r.lhs, op: r.op, rhs: r.rhs, label: r.label, free: r.free,
                             estimate: est, standardError: se, z: r.free == nil ? .nan : z, pValue: pv,
                             ciLower: r.free == nil ? est : est - zc * se, ciUpper: r.free == nil ? est : est + zc * se,
                             stdLV: stdLV, stdAll: stdAll))
    }
    return out
  }
}
