import LinearAlgebra
import Replication

/// A replicate design whose full-sample and replicate weights were calibrated again.
public struct ReplicateCalibrationResult: Sendable {
  public let design: ReplicateDesign
  /// Sweeps (raking), Newton iterations of the full sample (bounded or non-linear calibration),
  /// or 1 (linear calibration without bounds: one solve).
  public let iterations: Int
  /// Raking: the full sample converged. Calibration: every replicate converged (the full sample
  /// always has: otherwise the call throws).
  public let converged: Bool
  /// Replicates kept at their last Newton iterate under ``ReplicateNonConvergence/keepLastIterate``
  /// (empty otherwise).
  public var unconvergedReplicates: [UnconvergedReplicate] = []
}

/// A replicate whose calibration stopped at `maxIterations` without meeting the tolerance.
public struct UnconvergedReplicate: Sendable, Equatable {
  /// 0-based replicate (column of the replicate weights).
  public let replicate: Int
  public let iterations: Int
  /// max_k |misfit_k|/(1 + |T_k|) of the kept iterate (R's "Failed to converge: eps=").
  public let maxRelativeMisfit: Double
  public let worstConstraint: String
}

/// What calibration repeated on every replicate does with a replicate whose Newton iterations do
/// not meet the tolerance within `maxIterations`.
///
/// R survey 4.1.1 `calibrate()` on a `svyrep.design` stops ("Calibration failed") only for the
/// full sample; a replicate that fails keeps the g-weights of its last iteration with a warning
/// ("Failed to converge: eps=…"), so its constraints hold only approximately. With bounds
/// that are narrow for the replicates' totals this is common: on apiclus1 with bounds
/// (0.85, 1.6), 11 of 15 JK1 replicates and 45 of 50 bootstrap replicates.
public enum ReplicateNonConvergence: String, Sendable, Equatable, CaseIterable {
  /// Refuse: ``DesignError/replicateCalibrationDidNotConverge(replicate:iterations:maxRelativeMisfit:worstConstraint:)``
  /// naming the first such replicate (the default: no statistic is silently changed).
  case fail
  /// R's behaviour: keep the replicate's last iterate, listed in
  /// ``ReplicateCalibrationResult/unconvergedReplicates``.
  case keepLastIterate
}

extension ReplicateDesign {
  /// Raking repeated on every replicate (R `rake()` on a `svyrep.design`).
  ///
  /// The full-sample weights are raked as `SurveyDesign.raked` (each sweep post-stratifies to
  /// every margin; stop when the joint table changes by less than ε, ε = `epsilon` if ≥ 1 and
  /// `epsilon`·Σw otherwise, or after `maxIterations` sweeps); every replicate column is then
  /// raked with its own replicate totals for the same number of sweeps (R's
  /// `postStratify.svyrep.design` inside `rake`'s loop, which stops on the full sample's table).
  /// Raking acts on the joint cells of the margins (`Replication.CellRaking`). The variance is the
  /// replicate variance of the calibrated replicates (no residuals: the replicates carry the
  /// calibration).
  ///
  /// A bootstrap design (``ReplicateMethod/bootstrap(replicates:seed:)``) is raked without n × R
  /// weights: the engine gives every replicate's J joint-cell totals (cells as domains, in blocks
  /// of replicates), each is raked on its own, and the design keeps the R × J cell factors; its
  /// estimators then scale the engine's (domain, cell) totals by them. Same numbers as raking the
  /// expanded weights (summation order aside: 1e-12, `BootstrapEngineTests`).
  ///
  /// Validated against: R survey 4.1.1 `rake(as.svrepdesign(…))` for JK1, JKn and Rao–Wu
  /// bootstrap replicates on the api data (api_replicate_calibration.json, 1e-8).
  public func raked(margins: [RakingMargin], epsilon: Double = 1, maxIterations: Int = 10) throws(DesignError) -> ReplicateCalibrationResult {
    if margins.isEmpty { throw .invalidArgument(name: "margins", value: "[]", allowed: "at least one margin") }
    let n = count
    var codes: [[Int]] = [], pops: [[Double]] = []
    for m in margins {
      if m.categories.count != n { throw .lengthMismatch(what: "margin '\(m.name)'", expected: n, found: m.categories.count) }
      let labels = m.populationTotals.keys.sorted()
      var index: [String: Int] = [:]
      for (k, l) in labels.enumerated() { index[l] = k }
      var c = [Int](repeating: 0, count: n)
      for (i, cat) in m.categories.enumerated() {
        guard let k = index[cat] else { throw .categoryMissingFromPopulation(margin: m.name, category: cat) }
        c[i] = k
      }
      codes.append(c)
      pops.append(labels.map { m.populationTotals[$0]! })
    }
    let (cellOfRow, cats) = CellRaking.jointCells(codes)
    let J = cats[0].count
    let total = weights.reduce(0, +)
    let relative = epsilon < 1 ? epsilon : epsilon / total
    let problem: CellRaking
    do {
      problem = try CellRaking(cellCount: J, categoryOfCell: cats, populationTotals: pops, relativeEpsilon: relative, maximumSweeps: maxIterations)
    } catch {
      throw .invalidArgument(name: "raking", value: "\(error)", allowed: "a valid raking problem")
    }
    func cellTotals(_ w: (Int) -> Double) -> [Double] {
      var t = [Double](repeating: 0, count: J)
      for i in 0..<n { t[cellOfRow[i]] += w(i) }
      return t
    }
    guard let full = problem.rake(cellTotals { weights[$0] }) else {
      throw .noObservations(what: "a raking margin category of the full sample")
    }
    if case .engine(let e) = storage, e.cellFactors == nil {
      // A bootstrap design: each replicate's cell totals from the engine (cells as domains),
      // raked on the cell table; only the R × J factors are kept (no n × R weights).
      let cellsAsDomains = _ReplicateEngine(scheme: e.scheme, psuOfRow: e.psuOfRow, baseWeights: e.baseWeights,
                                            cellOfRow: [Int](repeating: 0, count: n), cellCount: 1, cellFactors: nil)
      let t = cellsAsDomains.totals(Matrix(rows: n, columns: 1, repeating: 1), domainOfRow: cellOfRow, domainCount: J)
      var factors = [Double](repeating: 1, count: replicateCount * J)
      for r in 0..<replicateCount {
        guard let o = problem.rake((0..<J).map { t[$0].elements[r] }, sweeps: full.sweeps) else {
          throw .noObservations(what: "a raking margin category in replicate \(r + 1)")
        }
        for c in 0..<J { factors[r * J + c] = o.factors[c] }
      }
      let engine = _ReplicateEngine(scheme: e.scheme, psuOfRow: e.psuOfRow, baseWeights: e.baseWeights, cellOfRow: cellOfRow,
                                    cellCount: J, cellFactors: factors)
      let d = ReplicateDesign(weights: (0..<n).map { weights[$0] * full.factors[cellOfRow[$0]] }, engine: engine, scale: scale,
                              rscales: rscales, mse: mse, degreesOfFreedom: degreesOfFreedom)
      return ReplicateCalibrationResult(design: d, iterations: full.sweeps, converged: full.converged)
    }
    // Supplied or jackknife/BRR weights (or a bootstrap design raked before): the n × R weights.
    let dense = replicateWeights
    var out = dense
    for r in 0..<replicateCount {
      let t = cellTotals { dense.elements[r * n + $0] }
      guard let o = problem.rake(t, sweeps: full.sweeps) else {
        throw .noObservations(what: "a raking margin category in replicate \(r + 1)")
      }
      for i in 0..<n { out.elements[r * n + i] *= o.factors[cellOfRow[i]] }
    }
    let w = (0..<n).map { weights[$0] * full.factors[cellOfRow[$0]] }
    let d = try ReplicateDesign(weights: w, replicateWeights: out, scale: scale, rscales: rscales, mse: mse, degreesOfFreedom: degreesOfFreedom)
    return ReplicateCalibrationResult(design: d, iterations: full.sweeps, converged: full.converged)
  }

  /// Calibration repeated on every replicate (R `calibrate(repdesign, formula, population,
  /// calfun, bounds)` on a `svyrep.design`).
  ///
  /// - Linear without bounds (R's `regcalibrate`): for the full sample and each replicate column
  ///   w, g_i = 1 + x_iᵀλ with λ = (Σ w_i x_i x_iᵀ)⁻¹(T − Σ w_i x_i): one solve each.
  /// - Linear with bounds, raking (with or without bounds) and logit (finite bounds): R's `grake`
  ///   Newton iterations (see `SurveyDesign.calibrated`) on the full sample, which must converge
  ///   (else ``DesignError/calibrationDidNotConverge(iterations:maxRelativeMisfit:worstConstraint:)``,
  ///   R's "Calibration failed"), then on every replicate column from η = 0 with the replicate's
  ///   own weights; the bounds apply to g relative to the replicate's weights, as in R. A
  ///   replicate that does not converge is refused or kept at its last iterate according to
  ///   `nonConvergence` (R keeps it). A replicate whose iterate is not finite (logit: e^{Au}
  ///   overflows to Inf/Inf) is always refused: R stops there with "missing value where
  ///   TRUE/FALSE needed".
  ///
  /// The replicate weights become w_ir·g_ir and the variance is the replicate variance of the
  /// calibrated replicates (no residuals: the replicates carry the calibration).
  ///
  /// Validated against: R survey 4.1.1 on the same JK1, JKn and bootstrap replicate weights
  /// (api_replicate_calibration.json: linear; api_replicate_bounded.json: linear with bounds,
  /// raking, bounded raking, logit, including R's kept non-converged replicates), SEs of svymean,
  /// svytotal, svyratio and svyby at 1e-8 relative.
  public func calibrated(
    model: CalibrationModel, populationTotals: [Double], function: CalibrationFunction = .linear,
    lowerBound: Double = -.infinity, upperBound: Double = .infinity, epsilon: Double = 1e-7, maxIterations: Int = 50,
    nonConvergence: ReplicateNonConvergence = .fail
  ) throws(DesignError) -> ReplicateCalibrationResult {
    let x = model.matrix, n = count, q = x.columns
    if x.rows != n { throw .lengthMismatch(what: "calibration model", expected: n, found: x.rows) }
    if populationTotals.count != q { throw .lengthMismatch(what: "population totals", expected: q, found: populationTotals.count) }
    if function == .linear && lowerBound == -.infinity && upperBound == .infinity {
      return try _linearCalibrated(x: x, populationTotals: populationTotals)
    }
    try _checkCalibrationBounds(function, lowerBound, upperBound)
    let sampleTotal = x.transposeTimes(weights)
    for k in 0..<q where sampleTotal[k] == 0 && populationTotals[k] != 0 {
      throw .emptyCell(margin: "calibration", category: model.names[k])
    }
    func run(_ w: [Double]) -> _GrakeRun {
      _grake(x: x, weights: w, populationTotals: populationTotals, function: function, lowerBound: lowerBound,
             upperBound: upperBound, epsilon: epsilon, maxIterations: maxIterations)
    }
    let full = run(weights)
    if !full.converged {
      throw .calibrationDidNotConverge(iterations: full.iterations, maxRelativeMisfit: full.maxRelativeMisfit, worstConstraint: model.names[full.worstConstraint])
    }
    var out = replicateWeights
    var unconverged: [UnconvergedReplicate] = []
    for r in 0..<replicateCount {
      let w = Array(out.elements[(r * n)..<((r + 1) * n)])
      let o = run(w)
      if !o.converged {
        let finite = o.maxRelativeMisfit.isFinite && o.g.allSatisfy(\.isFinite)
        if nonConvergence == .fail || !finite {
          throw .replicateCalibrationDidNotConverge(replicate: r + 1, iterations: o.iterations, maxRelativeMisfit: o.maxRelativeMisfit,
                                                     worstConstraint: model.names[o.worstConstraint])
        }
        unconverged.append(UnconvergedReplicate(replicate: r, iterations: o.iterations, maxRelativeMisfit: o.maxRelativeMisfit,
                                                worstConstraint: model.names[o.worstConstraint]))
      }
      for i in 0..<n { out.elements[r * n + i] = w[i] * o.g[i] }
    }
    let d = try ReplicateDesign(weights: (0..<n).map { weights[$0] * full.g[$0] }, replicateWeights: out, scale: scale, rscales: rscales,
                                mse: mse, degreesOfFreedom: degreesOfFreedom)
    return ReplicateCalibrationResult(design: d, iterations: full.iterations, converged: unconverged.isEmpty, unconvergedReplicates: unconverged)
  }

  func _linearCalibrated(x: Matrix, populationTotals: [Double]) throws(DesignError) -> ReplicateCalibrationResult {
    let n = count, q = x.columns
    func calibrate(_ w: [Double]) throws(DesignError) -> [Double] {
      var m = Matrix(rows: q, columns: q), b = populationTotals
      for i in 0..<n where w[i] != 0 {
        for a in 0..<q {
          let xa = x.elements[a * n + i]
          if xa == 0 { continue }
          b[a] -= w[i] * xa
          for c in 0..<q { m.elements[c * q + a] += w[i] * xa * x.elements[c * n + i] }
        }
      }
      let lambda: [Double]
      do { lambda = try LUDecomposition(m).solve(b) } catch { throw .noObservations(what: "a calibration model column (singular Σ w x xᵀ)") }
      return (0..<n).map { i in
        var g = 1.0
        for a in 0..<q { g += x.elements[a * n + i] * lambda[a] }
        return w[i] * g
      }
    }
    let full = try calibrate(weights)
    var out = replicateWeights
    for r in 0..<replicateCount {
      let cal = try calibrate(Array(out.elements[(r * n)..<((r + 1) * n)]))
      for i in 0..<n { out.elements[r * n + i] = cal[i] }
    }
    let d = try ReplicateDesign(weights: full, replicateWeights: out, scale: scale, rscales: rscales, mse: mse, degreesOfFreedom: degreesOfFreedom)
    return ReplicateCalibrationResult(design: d, iterations: 1, converged: true)
  }
}
