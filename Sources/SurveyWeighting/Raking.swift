import LinearAlgebra

/// One raking margin: the category of every row and the population count of every category.
public struct RakingMargin: Sendable, Equatable {
  public let name: String
  public let categories: [String]
  public let populationTotals: [String: Double]
  public init(name: String, categories: [String], populationTotals: [String: Double]) {
    self.name = name
    self.categories = categories
    self.populationTotals = populationTotals
  }
}

/// A raked design with convergence diagnostics.
public struct RakingResult: Sendable {
  public let design: SurveyDesign
  /// Sweeps performed (one sweep post-stratifies to every margin once).
  public let iterations: Int
  /// Max absolute change of the weighted joint table in the last sweep (R's `delta`).
  public let maxChange: Double
  /// Whether `maxChange < epsilon` was reached within `maxIterations`.
  public let converged: Bool
  /// `maxChange` after every sweep.
  public let history: [Double]
}

extension SurveyDesign {
  /// Raking (iterative proportional fitting) to population margins (R `rake(design, sample.margins,
  /// population.margins, control = list(maxit, epsilon))`).
  ///
  /// Each sweep post-stratifies to every margin in turn; after the sweep, delta = max |change| of
  /// the weighted joint table of all margin variables. Stop when delta < ε, where ε = `epsilon` if
  /// ≥ 1 and `epsilon`·Σw otherwise (R), or after `maxIterations` sweeps (R default 10, ε = 1:
  /// within one unit of weight — not fully converged; use e.g. 1e-10 for convergence).
  /// R warns when not converged; here ``RakingResult/converged`` is false, or with
  /// `failIfNotConverged` ``DesignError/rakingDidNotConverge(iterations:maxChange:)`` is thrown.
  ///
  /// Variance: R's raking residualisation (10 rounds of removing the unweighted cell means of
  /// x/w* over every margin, scaled by the margin's weights w*), then the design's Taylor variance.
  ///
  /// Errors: margins whose population totals differ (relative 1e-9) → `inconsistentMargins`; a sample
  /// category without population total → `categoryMissingFromPopulation`; a population category
  /// with no sample → `emptyCell`.
  ///
  /// Validated against: R survey 4.1.1 `rake` on apiclus1 (api_clus1_rake_calibrate.json) and the
  /// Kalton & Flores-Cervantes (2003) raking example.
  public func raked(margins: [RakingMargin], epsilon: Double = 1, maxIterations: Int = 10, failIfNotConverged: Bool = false) throws(DesignError) -> RakingResult {
    if margins.isEmpty { throw .invalidArgument(name: "margins", value: "[]", allowed: "at least one margin") }
    if !(epsilon > 0) { throw .invalidArgument(name: "epsilon", value: "\(epsilon)", allowed: "> 0") }
    let first = margins[0]
    let firstTotal = first.populationTotals.values.reduce(0, +)
    for m in margins {
      if m.categories.count != count { throw .lengthMismatch(what: "margin '\(m.name)'", expected: count, found: m.categories.count) }
      let t = m.populationTotals.values.reduce(0, +)
      if abs(t - firstTotal) > 1e-9 * max(abs(t), abs(firstTotal)) {
        throw .inconsistentMargins(margin: m.name, total: t, firstMargin: first.name, firstTotal: firstTotal)
      }
    }
    let eps = epsilon < 1 ? epsilon * weights.reduce(0, +) : epsilon
    let coded = margins.map { _codes($0.categories) }
    // Joint cell of every row over all margin variables: the mixed-radix code Σ_k c_k·Π_{l<k} L_l
    // (L_k = categories of margin k), renumbered densely in order of first appearance.
    var joint = [Int](repeating: 0, count: count)
    var jointCount = 0
    var radix = 1, fits = true
    for c in coded where fits {
      let (r, overflow) = radix.multipliedReportingOverflow(by: max(c.labels.count, 1))
      fits = !overflow
      radix = r
    }
    if fits && radix <= max(4 * count, 1 << 16) {
      var dense = [Int](repeating: -1, count: radix)
      for i in 0..<count {
        var key = 0, scale = 1
        for c in coded { key += c.codes[i] * scale; scale *= c.labels.count }
        if dense[key] < 0 { dense[key] = jointCount; jointCount += 1 }
        joint[i] = dense[key]
      }
    } else {
      var jointKeys: [[Int]: Int] = [:]
      for i in 0..<count {
        let key = coded.map { $0.codes[i] }
        if let k = jointKeys[key] { joint[i] = k } else { jointKeys[key] = jointKeys.count; joint[i] = jointKeys.count - 1 }
      }
      jointCount = jointKeys.count
    }
    func table(_ w: [Double]) -> [Double] {
      var t = [Double](repeating: 0, count: jointCount)
      for i in 0..<count { t[joint[i]] += w[i] }
      return t
    }
    var oldTable = table(weights)
    var d = self
    let baseAdjustments = adjustments
    var history: [Double] = []
    var converged = false
    var marginInfo: [(cell: [Int], cellCount: Int, weights: [Double])] = []
    var iterations = 0
    while iterations < maxIterations {
      marginInfo = []
      for (k, m) in margins.enumerated() {
        d = try d._postStratified(index: coded[k].codes, labels: coded[k].labels, populationTotals: m.populationTotals, marginName: m.name)
        marginInfo.append((coded[k].codes, coded[k].labels.count, d.weights))
      }
      d.adjustments = baseAdjustments
      iterations += 1
      let newTable = table(d.weights)
      var delta = 0.0
      for k in 0..<newTable.count { delta = max(delta, abs(newTable[k] - oldTable[k])) }
      history.append(delta)
      if delta < eps { converged = true; break }
      oldTable = newTable
    }
    if !converged && failIfNotConverged { throw .rakingDidNotConverge(iterations: iterations, maxChange: history.last ?? .nan) }
    d.adjustments = baseAdjustments + [.raking(margins: marginInfo)]
    return RakingResult(design: d, iterations: iterations, maxChange: history.last ?? .nan, converged: converged, history: history)
  }
}
