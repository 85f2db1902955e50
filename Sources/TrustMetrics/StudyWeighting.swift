import Foundation

/// A population margin for raking, read from a CSV: one or more key columns that name data
/// columns (e.g. `land,size_class`) and a `population` column. Several key columns make one joint
/// margin (post-stratification cells).
public struct MarginTable: Sendable, Equatable {
  public var path: String
  public var variables: [String]
  /// Population count per cell, keyed by the key values joined with "|".
  public var totals: [String: Double]

  public static func load(path: String) throws -> MarginTable {
    let t = try CSVReader.read(path: path)
    guard let pj = t.columnIndex("population") else {
      throw DataError.malformed(path: path, location: "1", reason: "a margin file needs a 'population' column; columns: \(t.columnNames.joined(separator: ", "))")
    }
    let keys = t.columnNames.filter { $0 != "population" }
    guard !keys.isEmpty else { throw DataError.malformed(path: path, location: "1", reason: "a margin file needs at least one key column besides 'population'") }
    var totals: [String: Double] = [:]
    for r in 0..<t.rowCount {
      let key = keys.map { t.column($0)?.text(at: r).trimmingWhitespace() ?? "" }.joined(separator: "|")
      let x = t.columns[pj].number(at: r)
      guard x.isFinite, x >= 0 else {
        throw DataError.malformed(path: path, location: "\(t.rowLocations[r])", reason: "population '\(t.columns[pj].text(at: r))' is not a count ≥ 0")
      }
      totals[key, default: 0] += x
    }
    return MarginTable(path: path, variables: keys, totals: totals)
  }
}

/// Weighting problems found in the study's margins.
public enum WeightingError: Error, Sendable, Equatable, CustomStringConvertible {
  case marginsDifferAfterDroppingEmptyCells(dropped: [String], reason: String)
  public var description: String {
    switch self {
    case .marginsDifferAfterDroppingEmptyCells(let d, let r):
      return "population cells without respondents had to be left out (\(d.joined(separator: ", "))), and then: \(r); "
        + "rake to one joint margin instead (e.g. a land × size_class table)"
    }
  }
}

/// Raking of a study's design weights to population margins, per wave.
public struct StudyRaking: Sendable {
  public var rows: [Int]
  public var result: RakingResult
  /// Population cells without respondents that were left out (they cannot be weighted up).
  public var droppedCells: [(margin: String, cell: String, population: Double)]
  public var before: WeightSummary
  public var after: WeightSummary { result.design.weightSummary }
  /// The variance effect on the item means (nil without items).
  public var calibrationEffect: CalibrationEffect? = nil
  /// Design effect of the calibration itself: (1 + CV²_raked)/(1 + CV²_design), the factor by
  /// which the raking changed Kish's weighting design effect.
  public var calibrationDesignEffect: Double { after.designEffect / before.designEffect }

  /// The raking margins of `rows`: per margin the category of every row and the population
  /// totals. Population cells without respondents are left out (they cannot be weighted up) and
  /// listed in `dropped`.
  public static func margins(_ data: StudyData, rows: [Int], margins: [MarginTable]) throws -> (margins: [RakingMargin], dropped: [(margin: String, cell: String, population: Double)]) {
    var raking: [RakingMargin] = []
    var dropped: [(String, String, Double)] = []
    for m in margins {
      var cats: [String] = []
      cats.reserveCapacity(rows.count)
      let getters: [(Int) -> String] = try m.variables.map { v in
        if let keys = data.regionKeys[v] { return { keys[$0] } }
        if let col = data.variables[v] { return { col.text(at: $0).trimmingWhitespace() } }
        throw IngestError.missingColumn(file: m.path, column: v, role: "margin variable", available: data.variables.keys.sorted() + Array(data.regionKeys.keys))
      }
      for r in rows { cats.append(getters.count == 1 ? getters[0](r) : getters.map { $0(r) }.joined(separator: "|")) }
      let present = Set(cats)
      var totals = m.totals
      for (cell, pop) in m.totals where !present.contains(cell) {
        dropped.append((m.variables.joined(separator: "×"), cell, pop))
        totals[cell] = nil
      }
      raking.append(RakingMargin(name: m.variables.joined(separator: "×"), categories: cats, populationTotals: totals))
    }
    return (raking, dropped.sorted { $0.1 < $1.1 })
  }

  /// The raking problem on joint cells for the replicate engine: the joint cell of every row and
  /// the `CellRaking` with the population totals (ε = 1e-10 of the weight sum, at most 100
  /// sweeps, as `rake`). Checks as `SurveyDesign.raked`: a sample category without population
  /// total and margins whose totals differ are errors.
  public static func cellRaking(_ data: StudyData, rows: [Int], margins tables: [MarginTable]) throws -> (cellOfRow: [Int], problem: CellRaking, names: [String], dropped: [String]) {
    let (margins, dropped) = try Self.margins(data, rows: rows, margins: tables)
    let droppedText = dropped.map { "\($0.margin) \($0.cell) (\(formatNumber($0.population)))" }
    var codes: [[Int]] = [], pops: [[Double]] = []
    let first = margins[0].populationTotals.values.reduce(0, +)
    for m in margins {
      let t = m.populationTotals.values.reduce(0, +)
      if abs(t - first) > 1e-9 * max(abs(t), abs(first)) {
        let e = DesignError.inconsistentMargins(margin: m.name, total: t, firstMargin: margins[0].name, firstTotal: first)
        if !droppedText.isEmpty { throw WeightingError.marginsDifferAfterDroppingEmptyCells(dropped: droppedText, reason: e.description) }
        throw e
      }
      let labels = m.populationTotals.keys.sorted()
      let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
      var c = [Int](repeating: 0, count: m.categories.count)
      for (i, cat) in m.categories.enumerated() {
        guard let k = index[cat] else { throw DesignError.categoryMissingFromPopulation(margin: m.name, category: cat) }
        c[i] = k
      }
      codes.append(c)
      pops.append(labels.map { m.populationTotals[$0]! })
    }
    let (cellOfRow, cats) = CellRaking.jointCells(codes)
    let problem = try CellRaking(cellCount: cats.first?.count ?? 0, categoryOfCell: cats, populationTotals: pops, relativeEpsilon: 1e-10, maximumSweeps: 100)
    return (cellOfRow, problem, margins.map(\.name), droppedText)
  }

  /// Rakes the design weights of `rows` to `margins` (to convergence: ε = 1e-10 of the weight sum)
  /// on the codebook's full design (weights, strata, clusters, fpc), and measures what the
  /// raking did to the variance of the item means (`calibrationEffect`).
  public static func rake(_ data: StudyData, rows: [Int], margins: [MarginTable]) throws -> StudyRaking {
    let design = try StudyEstimation.design(data, rows: rows)
    let (raking, dropped) = try Self.margins(data, rows: rows, margins: margins)
    let droppedText = dropped.map { "\($0.margin) \($0.cell) (\(formatNumber($0.population)))" }
    let result: RakingResult
    do {
      result = try design.raked(margins: raking, epsilon: 1e-10, maxIterations: 100)
    } catch {
      if case .inconsistentMargins = error, !droppedText.isEmpty {
        throw WeightingError.marginsDifferAfterDroppingEmptyCells(dropped: droppedText, reason: error.description)
      }
      throw error
    }
    var effect: CalibrationEffect? = nil
    let items = data.study.items.map(\.id)
    if let x = data.itemMatrix(items, rows: rows) {
      let before = try design.mean(x, missing: .perVariable)
      let after = try result.design.mean(x, missing: .perVariable)
      var ratios: [(String, Double)] = []
      for j in items.indices {
        let v0 = before[j].standardError * before[j].standardError, v1 = after[j].standardError * after[j].standardError
        if v0 > 0 && v1.isFinite { ratios.append((items[j], v1 / v0)) }
      }
      if !ratios.isEmpty {
        let sorted = ratios.map(\.1).sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        effect = CalibrationEffect(items: ratios.count, medianVarianceRatio: median, minimumVarianceRatio: sorted.first!, maximumVarianceRatio: sorted.last!)
      }
    }
    return StudyRaking(rows: rows, result: result, droppedCells: dropped, before: design.weightSummary, calibrationEffect: effect)
  }
}

/// What raking did to the variance of the study's item means (Taylor, R svymean).
///
/// For every item y: ratio = V_raked(ȳ) / V_design(ȳ), where V_design is the Taylor variance of
/// the weighted mean with the design weights and V_raked that with the raked weights *and* the
/// raking residuals (R `rake()` then `svymean`). ratio < 1: the margins explain part of y and
/// the raking reduced its variance; > 1: the weight variation it added outweighs that.
/// `variance reduction` = 1 − median ratio over the items.
public struct CalibrationEffect: Sendable, Equatable {
  public var items: Int
  public var medianVarianceRatio: Double
  public var minimumVarianceRatio: Double
  public var maximumVarianceRatio: Double
  public var varianceReduction: Double { 1 - medianVarianceRatio }
}

extension StudyRaking {
  /// Convergence and the weight summary before and after.
  public func reportTable(wave: Int?) -> ReportTable {
    var t = ReportTable(id: "weights\(wave.map { "_\($0)" } ?? "")", title: "Raked weights" + (wave.map { " — wave \($0)" } ?? ""),
                        columns: [ReportColumn("weights"), ReportColumn("n", .integer), ReportColumn("min", .number, digits: 2),
                                  ReportColumn("max", .number, digits: 2), ReportColumn("mean", .number, digits: 2),
                                  ReportColumn("cv", .number, digits: 3), ReportColumn("kish_n_eff", .number, digits: 1),
                                  ReportColumn("deff_weighting", .number, digits: 3)])
    for (label, s) in [("design", before), ("raked", after)] {
      t.append([.text(label), .integer(s.count), .value(s.minimum), .value(s.maximum), .value(s.mean), .value(s.cv),
                .value(s.kishEffectiveSampleSize), .value(s.designEffect)])
    }
    t.notes = ["raking: \(result.converged ? "converged" : "NOT converged") after \(result.iterations) sweep(s), last max change \(ReportRenderer.fullPrecision(result.maxChange)); CV with denominator n; Kish n_eff = (Σw)²/Σw²; deff = 1 + CV²"]
    t.notes.append("design effect of the calibration: deff_weighting raked / design = \(ReportRenderer.fixed(calibrationDesignEffect, digits: 3))")
    if let e = calibrationEffect {
      t.notes.append("variance of the \(e.items) item means, V_raked/V_design (Taylor; raked with the raking residuals as R rake + svymean): median \(ReportRenderer.fixed(e.medianVarianceRatio, digits: 3)), range \(ReportRenderer.fixed(e.minimumVarianceRatio, digits: 3))–\(ReportRenderer.fixed(e.maximumVarianceRatio, digits: 3)); variance reduction 1 − median = \(ReportRenderer.fixed(e.varianceReduction, digits: 3))")
    }
    if !droppedCells.isEmpty {
      t.notes.append("population cells without respondents left out: " + droppedCells.map { "\($0.margin) \($0.cell) (\(formatNumber($0.population)))" }.joined(separator: ", "))
    }
    return t
  }
}
