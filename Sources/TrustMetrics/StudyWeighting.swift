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

  /// Rakes the design weights of `rows` to `margins` (to convergence: ε = 1e-10 of the weight sum).
  public static func rake(_ data: StudyData, rows: [Int], margins: [MarginTable]) throws -> StudyRaking {
    let weights = data.weights(rows: rows) ?? [Double](repeating: 1, count: rows.count)
    var strata: [String]? = nil
    if let s = data.study.design?.strata, let col = data.variables[s] { strata = rows.map { col.text(at: $0) } }
    let policy = data.study.design.flatMap { SurveyWeighting.LonelyPSUPolicy(rawValue: $0.lonelyPSU.rawValue) } ?? .fail
    let design = try SurveyDesign(weights: weights, strata: strata, lonelyPSU: policy)
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
    return StudyRaking(rows: rows, result: result, droppedCells: dropped, before: design.weightSummary)
  }
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
    if !droppedCells.isEmpty {
      t.notes.append("population cells without respondents left out: " + droppedCells.map { "\($0.margin) \($0.cell) (\(formatNumber($0.population)))" }.joined(separator: ", "))
    }
    return t
  }
}
