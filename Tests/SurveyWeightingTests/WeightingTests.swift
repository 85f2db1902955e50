import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

let apipopStype: [String: Double] = ["E": 4421, "H": 755, "M": 1018]
let apipopSchWide: [String: Double] = ["No": 1072, "Yes": 5122]

@Suite struct RakingTests {
  func margins(_ d: APIData) -> [RakingMargin] {
    [RakingMargin(name: "stype", categories: d.strings("stype"), populationTotals: apipopStype),
     RakingMargin(name: "sch.wide", categories: d.strings("sch.wide"), populationTotals: apipopSchWide)]
  }

  func check(_ r: RakingResult, _ data: APIData, _ block: String, relative: Double) throws {
    let ref = try Reference("api_clus1_rake_calibrate")
    #expect(firstMismatch(Array(r.design.weights.prefix(10)), ref.doubles(block, "weights_first10"), relative: relative) == nil)
    let m = try r.design.mean(data.matrix(["api00"]))
    #expect(isClose(m[0].estimate, ref.double(block, "svymean_api00", "coef", "api00"), relative: relative))
    #expect(isClose(m[0].standardError, ref.double(block, "svymean_api00", "se", "api00"), relative: relative))
    let t = try r.design.total(data.matrix(["enroll"]))
    #expect(isClose(t[0].estimate, ref.double(block, "svytotal_enroll", "coef", "enroll"), relative: relative))
    #expect(isClose(t[0].standardError, ref.double(block, "svytotal_enroll", "se", "enroll"), relative: relative))
  }

  /// R default control (maxit 10, epsilon 1): the same sweeps are done, so the weights agree to
  /// rounding even though raking has not converged (tolerance 1e-10).
  @Test func defaultControlMatchesR() throws {
    let (design, data) = try APIDesigns.clus1()
    let r = try design.raked(margins: margins(data))
    #expect(r.converged)
    try check(r, data, "rake_default", relative: 1e-10)
    // SEs of the raked stype totals: R's residualisation leaves ~1e-2 (not converged).
    let ref = try Reference("api_clus1_rake_calibrate")
    let shares = try r.design.proportions(data.strings("stype").map { Optional($0) })
    _ = shares
    let ind = Matrix(columnVectors: ["E", "H", "M"].map { s in data.strings("stype").map { $0 == s ? 1.0 : 0 } })
    let tot = try r.design.total(ind)
    #expect(firstMismatch(tot.standardErrors, ["stypeE", "stypeH", "stypeM"].map { ref.double("rake_default", "svytotal_stype", "se", $0) }, relative: 1e-6) == nil)
  }

  /// Converged raking (epsilon 1e-10 relative to Σw): weights agree to ~1e-9 (solver tolerance ×10).
  @Test func convergedMatchesR() throws {
    let (design, data) = try APIDesigns.clus1()
    let r = try design.raked(margins: margins(data), epsilon: 1e-10, maxIterations: 100)
    #expect(r.converged)
    #expect(r.maxChange < 1e-10 * 6194)
    try check(r, data, "rake_converged", relative: 1e-8)
  }

  @Test func inconsistentMarginsAreNamed() throws {
    let (design, data) = try APIDesigns.clus1()
    var m = margins(data)
    m[1] = RakingMargin(name: "sch.wide", categories: data.strings("sch.wide"), populationTotals: ["No": 1000, "Yes": 5122])
    #expect(throws: DesignError.inconsistentMargins(margin: "sch.wide", total: 6122, firstMargin: "stype", firstTotal: 6194)) {
      try design.raked(margins: m)
    }
    m[1] = RakingMargin(name: "sch.wide", categories: data.strings("sch.wide"), populationTotals: ["No": 1000, "Yes": 5122, "Maybe": 72])
    #expect(throws: DesignError.emptyCell(margin: "sch.wide", category: "Maybe")) { try design.raked(margins: m) }
    m[1] = RakingMargin(name: "sch.wide", categories: data.strings("sch.wide"), populationTotals: ["Yes": 6194])
    #expect(throws: DesignError.categoryMissingFromPopulation(margin: "sch.wide", category: "No")) { try design.raked(margins: m) }
  }

  @Test func notConvergedCanFail() throws {
    let (design, data) = try APIDesigns.clus1()
    let r = try design.raked(margins: margins(data), epsilon: 1e-15, maxIterations: 2)
    #expect(!r.converged && r.iterations == 2 && r.history.count == 2)
    #expect(throws: DesignError.self) { try design.raked(margins: margins(data), epsilon: 1e-15, maxIterations: 2, failIfNotConverged: true) }
  }
}

@Suite struct CalibrationTests {
  func model(_ d: APIData) throws -> CalibrationModel {
    try CalibrationModel(categorical: [("stype", d.strings("stype")), ("sch.wide", d.strings("sch.wide"))])
  }
  let totals: [Double] = [6194, 755, 1018, 5122]

  @Test func linearMatchesR() throws {
    let (design, data) = try APIDesigns.clus1()
    let x = try model(data)
    #expect(x.names == ["(Intercept)", "stypeH", "stypeM", "sch.wideYes"])
    let c = try design.calibrated(model: x, populationTotals: totals)
    let ref = try Reference("api_clus1_rake_calibrate")
    // Linear calibration is one exact Newton step: closed form (1e-10).
    #expect(firstMismatch(Array(c.design.weights.prefix(10)), ref.doubles("calibrate_linear", "weights_first10"), relative: 1e-10) == nil)
    let m = try c.design.mean(data.matrix(["api00"]))
    #expect(isClose(m[0].estimate, ref.double("calibrate_linear", "svymean_api00", "coef", "api00"), relative: 1e-10))
    #expect(isClose(m[0].standardError, ref.double("calibrate_linear", "svymean_api00", "se", "api00"), relative: 1e-10))
    let t = try c.design.total(data.matrix(["enroll"]))
    #expect(isClose(t[0].standardError, ref.double("calibrate_linear", "svytotal_enroll", "se", "enroll"), relative: 1e-10))
  }

  /// Iterative (raking distance, bounded linear): R stops at max relative misfit < 1e-7, so
  /// weights and estimates agree to about 1e-6 relative.
  @Test(arguments: [("calibrate_raking", CalibrationFunction.raking, -Double.infinity, Double.infinity),
                    ("calibrate_linear_bounded", .linear, 0.85, 1.6)])
  func iterativeMatchesR(_ block: String, _ f: CalibrationFunction, _ lo: Double, _ hi: Double) throws {
    let (design, data) = try APIDesigns.clus1()
    let c = try design.calibrated(model: model(data), populationTotals: totals, function: f, lowerBound: lo, upperBound: hi)
    let ref = try Reference("api_calibrate_extra")
    #expect(firstMismatch(Array(c.design.weights.prefix(10)), ref.doubles(block, "weights_first10"), relative: 1e-6) == nil)
    let m = try c.design.mean(data.matrix(["api00"]))
    #expect(isClose(m[0].estimate, ref.double(block, "svymean_api00", "coef", "api00"), relative: 1e-6))
    #expect(isClose(m[0].standardError, ref.double(block, "svymean_api00", "se", "api00"), relative: 1e-6))
  }

  /// Raking via calibrate(calfun = raking) and IPF reach the same weights (two routes).
  @Test func rakingDistanceEqualsIPF() throws {
    let (design, data) = try APIDesigns.clus1()
    let c = try design.calibrated(model: model(data), populationTotals: totals, function: .raking, epsilon: 1e-12)
    let r = try design.raked(margins: RakingTests().margins(data), epsilon: 1e-12, maxIterations: 200)
    #expect(firstMismatch(c.design.weights, r.design.weights, relative: 1e-9) == nil)
  }

  @Test func nonConvergenceNamesTheConstraint() throws {
    let (design, data) = try APIDesigns.clus1()
    do {
      _ = try design.calibrated(model: model(data), populationTotals: totals, lowerBound: 0.9, upperBound: 1.1)
      Issue.record("expected an error (R: 'Failed to converge: eps=0.3092 in 51 iterations')")
    } catch {
      guard let e = error as? DesignError, case .calibrationDidNotConverge(_, let misfit, _) = e else { Issue.record("\(error)"); return }
      #expect(misfit > 0.1)
    }
  }
}

/// Kalton & Flores-Cervantes (2003), J. Official Statistics 19(2), 81–97: the artificial 4×3
/// example (sample and population counts per cell, equal initial weights), as reproduced by R
/// survey's tests/kalton.R (kalton.Rout.save prints the tables to 2 decimals; full precision from
/// Datasets/reference/scripts/survey_extra.R, kalton_extra.json).
@Suite struct KaltonFloresCervantesTests {
  // Cells in R's expand.grid order (a fastest): (a1,b1), (a2,b1), …, (a4,b3).
  static let sampleCounts = [20, 50, 100, 30, 40, 140, 50, 100, 40, 310, 50, 70]
  static let populationCounts: [Double] = [80, 60, 170, 55, 40, 150, 60, 165, 55, 340, 200, 125]
  // Table B (raking) as printed in kalton.Rout.save, rows a = 1..4, columns b = 1..3.
  static let tableB: [[Double]] = [[1.81, 1.45, 2.02], [1.08, 0.87, 1.21], [2.20, 1.76, 2.45], [1.83, 1.47, 2.04]]
  static let tableC: [[Double]] = [[1.82, 1.50, 1.97], [1.09, 0.78, 1.24], [2.19, 1.88, 2.34], [1.83, 1.52, 1.98]]
  static let tableA: [[Double]] = [[4.00, 1.00, 1.38], [1.20, 1.07, 1.10], [1.70, 1.20, 4.00], [1.83, 1.65, 1.79]]

  struct Sample { var a: [String] = []; var b: [String] = []; var cell: [Int] = [] }
  var sample: Sample {
    var s = Sample()
    for (k, n) in Self.sampleCounts.enumerated() {
      for _ in 0..<n { s.a.append("\(k % 4 + 1)"); s.b.append("\(k / 4 + 1)"); s.cell.append(k) }
    }
    return s
  }
  var marginA: [String: Double] { var m: [String: Double] = [:]; for k in 0..<12 { m["\(k % 4 + 1)", default: 0] += Self.populationCounts[k] }; return m }
  var marginB: [String: Double] { var m: [String: Double] = [:]; for k in 0..<12 { m["\(k / 4 + 1)", default: 0] += Self.populationCounts[k] }; return m }

  func cellFactors(_ w: [Double], _ s: Sample) -> [[Double]] {
    var f = [[Double]](repeating: [0, 0, 0], count: 4)
    for i in w.indices { f[s.cell[i] % 4][s.cell[i] / 4] = w[i] }
    return f
  }

  func compare(_ got: [[Double]], _ printed: [[Double]], _ ref: [[Double]], relative: Double) {
    for a in 0..<4 {
      for b in 0..<3 {
        #expect(abs((got[a][b] * 100).rounded() / 100 - printed[a][b]) < 1e-9, "published [\(a + 1),\(b + 1)]: \(got[a][b]) vs \(printed[a][b])")
        #expect(isClose(got[a][b], ref[a][b], relative: relative), "R [\(a + 1),\(b + 1)]: \(got[a][b]) vs \(ref[a][b])")
      }
    }
  }

  @Test func tableBRaking() throws {
    let s = sample
    let d = try SurveyDesign(weights: [Double](repeating: 1, count: s.a.count))
    let r = try d.raked(margins: [RakingMargin(name: "a", categories: s.a, populationTotals: marginA),
                                  RakingMargin(name: "b", categories: s.b, populationTotals: marginB)], epsilon: 0.0001)
    // epsilon 1e-4·1000 = 0.1 (R control): the same sweeps as R, so agreement to rounding.
    compare(cellFactors(r.design.weights, s), Self.tableB, try Reference("kalton_extra").rows("table_B_raking"), relative: 1e-10)
  }

  @Test func tableCLinearAndTableAPostStratification() throws {
    let s = sample
    let d = try SurveyDesign(weights: [Double](repeating: 1, count: s.a.count))
    let x = try CalibrationModel(categorical: [("a", s.a), ("b", s.b)])
    let totals = [1500.0, marginA["2"] ?? 0, marginA["3"] ?? 0, marginA["4"] ?? 0, marginB["2"] ?? 0, marginB["3"] ?? 0]
    let c = try d.calibrated(model: x, populationTotals: totals)
    compare(cellFactors(c.design.weights, s), Self.tableC, try Reference("kalton_extra").rows("table_C_linear"), relative: 1e-10)
    // Table A: post-stratification to the joint a×b cells: factor = N_ab / n_ab.
    let cells = zip(s.a, s.b).map { "\($0):\($1)" }
    var pop: [String: Double] = [:]
    for k in 0..<12 { pop["\(k % 4 + 1):\(k / 4 + 1)"] = Self.populationCounts[k] }
    let ps = try d.postStratified(cells: cells, populationTotals: pop)
    let f = cellFactors(ps.weights, s)
    for a in 0..<4 { for b in 0..<3 { #expect(abs((f[a][b] * 100).rounded() / 100 - Self.tableA[a][b]) < 1e-9) } }
  }

  @Test func tableGTruncatedLinear() throws {
    let s = sample
    let d = try SurveyDesign(weights: [Double](repeating: 1, count: s.a.count))
    let x = try CalibrationModel(categorical: [("a", s.a), ("b", s.b)])
    let totals = [1500.0, marginA["2"] ?? 0, marginA["3"] ?? 0, marginA["4"] ?? 0, marginB["2"] ?? 0, marginB["3"] ?? 0]
    let c = try d.calibrated(model: x, populationTotals: totals, lowerBound: 0.5, upperBound: 2.2)
    let ref = try Reference("kalton_extra").rows("table_G_truncated_linear")
    let f = cellFactors(c.design.weights, s)
    for a in 0..<4 { for b in 0..<3 { #expect(isClose(f[a][b], ref[a][b], relative: 1e-6)) } }
  }
}

@Suite struct WeightAdjustmentTests {
  /// postStratify(dclus1, ~stype, apipop counts): closed form (1e-10), SE from the residuals
  /// about the post-stratum means.
  @Test func postStratificationMatchesR() throws {
    let (design, data) = try APIDesigns.clus1()
    let ps = try design.postStratified(cells: data.strings("stype"), populationTotals: apipopStype)
    let ref = try Reference("api_calibrate_extra")
    #expect(firstMismatch(Array(ps.weights.prefix(10)), ref.doubles("poststratify_stype", "weights_first10"), relative: 1e-12) == nil)
    let m = try ps.mean(data.matrix(["api00"]))
    #expect(isClose(m[0].estimate, ref.double("poststratify_stype", "svymean_api00", "coef", "api00"), relative: 1e-10))
    #expect(isClose(m[0].standardError, ref.double("poststratify_stype", "svymean_api00", "se", "api00"), relative: 1e-10))
    let t = try ps.total(data.matrix(["enroll"]))
    #expect(isClose(t[0].standardError, ref.double("poststratify_stype", "svytotal_enroll", "se", "enroll"), relative: 1e-10))
  }

  @Test func trimmingMatchesR() throws {
    let (design, data) = try APIDesigns.strat()
    let ref = try Reference("api_misc_extra")
    let t = try design.trimmedWeights(lower: 16, upper: 40)
    #expect(isClose(t.design.weights.min() ?? .nan, ref.double("trim", "weights_summary", "min"), relative: 1e-12))
    #expect(isClose(t.design.weights.max() ?? .nan, ref.double("trim", "weights_summary", "max"), relative: 1e-12))
    #expect(isClose(t.design.weights.reduce(0, +), ref.double("trim", "weights_summary", "sum"), relative: 1e-12))
    let m = try t.design.mean(data.matrix(["api00"]))
    #expect(isClose(m[0].estimate, ref.double("trim", "svymean_api00", "coef", "api00"), relative: 1e-10))
    #expect(isClose(m[0].standardError, ref.double("trim", "svymean_api00", "se", "api00"), relative: 1e-10))
    let (d2, _) = try APIDesigns.clus2()
    let s = try d2.trimmedWeights(upper: 45, strict: true)
    #expect(firstMismatch(Array(s.design.weights.prefix(10)), ref.doubles("trim_strict", "weights_first10"), relative: 1e-12) == nil)
    #expect(isClose(s.design.weights.max() ?? .nan, ref.double("trim_strict", "max"), relative: 1e-12))
  }

  @Test func nonresponseKeepsClassTotals() throws {
    let w = [10.0, 10, 20, 20, 5, 5]
    let responded = [true, false, true, true, false, true]
    let classes = ["a", "a", "b", "b", "c", "c"]
    let adj = try nonresponseAdjustment(weights: w, responded: responded, classes: classes)
    #expect(adj.weights == [20, 0, 20, 20, 0, 10])
    #expect(adj.rates.map(\.weightedRate) == [0.5, 1, 0.5])
    #expect(throws: DesignError.noRespondents(weightingClass: "c")) {
      try nonresponseAdjustment(weights: w, responded: [true, false, true, true, false, false], classes: classes)
    }
  }

  @Test func weightSummaryKish() {
    let s = WeightSummary([1, 1, 2, 4])
    // Σw = 8, Σw² = 22: n_eff = 64/22, deff = 4·22/64 = 1.375 = 1 + CV² with CV² = var_n/mean² = 1.5/4.
    #expect(isClose(s.kishEffectiveSampleSize, 64.0 / 22, relative: 1e-15))
    #expect(isClose(s.designEffect, 1.375, relative: 1e-15))
    #expect(isClose(1 + s.cv * s.cv, s.designEffect, relative: 1e-14))
  }
}
