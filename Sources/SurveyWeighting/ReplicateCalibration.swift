import LinearAlgebra
import Replication

/// A replicate design whose full-sample and replicate weights were calibrated again.
public struct ReplicateCalibrationResult: Sendable {
  public let design: ReplicateDesign
  /// Sweeps (raking) or 1 (linear calibration).
  public let iterations: Int
  public let converged: Bool
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

  /// Linear (GREG, χ² distance) calibration repeated on every replicate (R `calibrate(…,
  /// calfun = "linear")` on a `svyrep.design`): for the full sample and each replicate column
  /// w, g_i = 1 + x_iᵀλ with λ = (Σ w_i x_i x_iᵀ)⁻¹(T − Σ w_i x_i).
  ///
  /// Validated against: R survey 4.1.1 (api_replicate_calibration.json, 1e-8).
  public func calibrated(model: CalibrationModel, populationTotals: [Double]) throws(DesignError) -> ReplicateCalibrationResult {
    let x = model.matrix, n = count, q = x.columns
    if x.rows != n { throw .lengthMismatch(what: "calibration model", expected: n, found: x.rows) }
    if populationTotals.count != q { throw .lengthMismatch(what: "population totals", expected: q, found: populationTotals.count) }
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
