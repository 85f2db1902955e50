import Charts
import Reports

/// Chart inputs read from the same `ReportTable`s the commands print: every number a chart shows
/// is a cell of a table, looked up by its machine column name. A suppressed cell
/// (`Cell.suppressed`) becomes `ChartEntry.suppressed`, which holds no number, so a chart cannot
/// show a withheld value; a missing cell becomes `.noData`.
public enum ChartsFromTables {
  /// Errors: a table lacks a column a chart needs (a programming error in the glue).
  public struct MissingColumn: Error, Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var column: String
    public var description: String { "table \(table) has no column '\(column)' (needed for its chart)" }
  }

  static func column(_ t: ReportTable, _ name: String) throws(MissingColumn) -> Int {
    guard let j = t.columns.firstIndex(where: { $0.name == name }) else { throw MissingColumn(table: t.id, column: name) }
    return j
  }

  static func number(_ c: Cell) -> Double? {
    switch c {
    case .number(let x): return x.isFinite ? x : nil
    case .integer(let i): return Double(i)
    default: return nil
    }
  }

  static func text(_ c: Cell) -> String {
    if case .text(let s) = c { return s }
    return ""
  }

  /// Caterpillar rows from an index table (`index`, `ci95_lower`, `ci95_upper`; names in
  /// `nameColumn`).
  public static func caterpillar(_ t: ReportTable, nameColumn: String) throws(MissingColumn) -> [ChartRow<IntervalValue>] {
    let name = try column(t, nameColumn), est = try column(t, "index"), lo = try column(t, "ci95_lower"), hi = try column(t, "ci95_upper")
    return t.rows.map { r in
      let label = text(r[name])
      if r[est] == .suppressed { return ChartRow(label, .suppressed) }
      guard let e = number(r[est]), let l = number(r[lo]), let u = number(r[hi]) else { return ChartRow(label, .noData) }
      return ChartRow(label, .published(IntervalValue(estimate: e, lower: l, upper: u)))
    }
  }

  /// Tiles from an index table (`key`, `index`) and placements by key; regions without a
  /// placement are left out (and listed in the return value's second part).
  public static func tiles(_ t: ReportTable, nameColumn: String, placements: [String: TilePlacement]) throws(MissingColumn) -> (tiles: [Tile], unplaced: [String]) {
    let key = try column(t, "key"), name = try column(t, nameColumn), est = try column(t, "index")
    var tiles: [Tile] = []
    var unplaced: [String] = []
    for r in t.rows {
      guard let place = placements[text(r[key])] else { unplaced.append(text(r[name])); continue }
      let entry: ChartEntry<Double> = r[est] == .suppressed ? .suppressed : (number(r[est]).map { .published($0) } ?? .noData)
      tiles.append(Tile(label: text(r[name]), place: place, entry: entry))
    }
    return (tiles, unplaced)
  }

  /// Rank-plot rows from a rank table (`rank`, `rank_lower`, `rank_upper`,
  /// `rank_lower_simultaneous`, `rank_upper_simultaneous`), plus the regions of the index table
  /// that are not ranked (suppressed or without data).
  public static func ranks(_ rank: ReportTable, index: ReportTable, nameColumn: String) throws(MissingColumn) -> [ChartRow<RankValue>] {
    let name = try column(rank, nameColumn), r0 = try column(rank, "rank")
    let ml = rank.columns.firstIndex { $0.name == "rank_lower" }, mu = rank.columns.firstIndex { $0.name == "rank_upper" }
    let sl = rank.columns.firstIndex { $0.name == "rank_lower_simultaneous" }, su = rank.columns.firstIndex { $0.name == "rank_upper_simultaneous" }
    var rows: [ChartRow<RankValue>] = []
    var ranked = Set<String>()
    for r in rank.rows {
      guard let k = number(r[r0]) else { continue }
      func set(_ a: Int?, _ b: Int?) -> ClosedRange<Int>? {
        guard let a, let b, let x = number(r[a]), let y = number(r[b]), x <= y else { return nil }
        return Int(x)...Int(y)
      }
      ranked.insert(text(r[name]))
      rows.append(ChartRow(text(r[name]), .published(RankValue(rank: Int(k), marginal: set(ml, mu), simultaneous: set(sl, su)))))
    }
    let iname = try column(index, nameColumn), est = try column(index, "index")
    for r in index.rows where !ranked.contains(text(r[iname])) {
      rows.append(ChartRow(text(r[iname]), r[est] == .suppressed ? .suppressed : .noData))
    }
    return rows
  }

  /// Agreement rows from a rank-shift table (`survey_index`, `benchmark_score`; names in
  /// `nameColumn`), plus the index table's regions that are not published.
  public static func agreement(_ shifts: ReportTable, index: ReportTable?, nameColumn: String) throws(MissingColumn) -> [ChartRow<AgreementValue>] {
    let name = try column(shifts, nameColumn), s = try column(shifts, "survey_index"), b = try column(shifts, "benchmark_score")
    var rows: [ChartRow<AgreementValue>] = []
    var seen = Set<String>()
    for r in shifts.rows {
      seen.insert(text(r[name]))
      if r[s] == .suppressed { rows.append(ChartRow(text(r[name]), .suppressed)); continue }
      guard let x = number(r[b]), let y = number(r[s]) else { rows.append(ChartRow(text(r[name]), .noData)); continue }
      rows.append(ChartRow(text(r[name]), .published(AgreementValue(benchmark: x, survey: y))))
    }
    if let index {
      let iname = try column(index, nameColumn), est = try column(index, "index")
      for r in index.rows where !seen.contains(text(r[iname])) && number(r[est]) == nil {
        rows.append(ChartRow(text(r[iname]), r[est] == .suppressed ? .suppressed : .noData))
      }
    }
    return rows
  }

  /// The rank correlations of an agreement table (rows "Spearman ρ", "Kendall τ-b", column
  /// `estimate`): (row index, estimate), in table order.
  public static func correlations(_ raw: ReportTable) throws(MissingColumn) -> [(row: Int, estimate: Double)] {
    let stat = try column(raw, "statistic"), est = try column(raw, "estimate")
    var out: [(row: Int, estimate: Double)] = []
    for (i, r) in raw.rows.enumerated() where ["Spearman ρ", "Kendall τ-b"].contains(text(r[stat])) {
      if let x = number(r[est]) { out.append((i, x)) }
    }
    return out
  }

  /// Wave-change rows from a change table (`index_<w0>`, `index_<w1>`, `change`, `ci95_lower`,
  /// `ci95_upper`, `significant` = "yes"/"no" as the library writes it: pass the table before
  /// translation), plus the regions of the later index table left out.
  public static func change(_ t: ReportTable, earlierWave: String, laterWave: String, index: ReportTable?, nameColumn: String) throws(MissingColumn) -> [ChartRow<ChangeValue>] {
    let name = try column(t, nameColumn), a = try column(t, "index_\(earlierWave)"), b = try column(t, "index_\(laterWave)")
    let d = try column(t, "change"), lo = try column(t, "ci95_lower"), hi = try column(t, "ci95_upper"), sig = try column(t, "significant")
    var rows: [ChartRow<ChangeValue>] = []
    var seen = Set<String>()
    for r in t.rows {
      seen.insert(text(r[name]))
      guard let x = number(r[a]), let y = number(r[b]), let c = number(r[d]), let l = number(r[lo]), let u = number(r[hi]) else {
        rows.append(ChartRow(text(r[name]), r.contains(.suppressed) ? .suppressed : .noData))
        continue
      }
      rows.append(ChartRow(text(r[name]), .published(ChangeValue(before: x, after: y, change: c, lower: l, upper: u, significant: text(r[sig]) == "yes"))))
    }
    if let index {
      let iname = try column(index, nameColumn), est = try column(index, "index")
      for r in index.rows where !seen.contains(text(r[iname])) {
        rows.append(ChartRow(text(r[iname]), r[est] == .suppressed ? .suppressed : .noData))
      }
    }
    return rows
  }
}
