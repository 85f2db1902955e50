import Codebook
import DataIO

/// Problems found while a study is loaded. `StudyData.readWarnings` turns the ones every
/// command must report into lines; `trustmetrics check` shows all of them.
public struct LoadReport: Sendable {
  /// The data files read, in load order (paths as resolved).
  public var files: [String] = []
  /// Per file and item: the 1-based column of the file holding the item (nil: not asked).
  public var itemColumns: [[Int?]] = []
  /// Non-numeric cells in columns that must be numbers (weights, fpc, numeric variables):
  /// the first 20 per column, and `columnProblemCounts` for all.
  public var columnProblems: [ColumnProblem] = []
  public var columnProblemCounts: [String: Int] = [:]
  /// Files whose header declares a row count other than the rows they hold.
  public var rowCountNotes: [RowCountNote] = []
  /// Value labels of SAV/DTA files that disagree with the codebook's response scale.
  public var labelConflicts: [LabelConflict] = []
  /// Region values that resolve to no region of their level.
  public var regionProblems: [RegionProblem] = []
  /// Per region variable with problems: what the values look like and what would match.
  public var regionHints: [String: String] = [:]

  /// One warning per kind of load problem (for check and --strict).
  public var warnings: [String] {
    var w = rowCountNotes.map(\.text)
    if let c = labelConflicts.first { w.append("\(labelConflicts.count) value label(s) of the data files disagree with the codebook; first: \(c.text)") }
    for (name, count) in columnProblemCounts.sorted(by: { $0.key < $1.key }) {
      if let p = columnProblems.first(where: { $0.name == name }) {
        w.append("column \(name) (\(p.role)): \(count) cell(s) are not numbers, treated as missing; first \(p.location) '\(p.value)'")
      }
    }
    return w
  }

  public struct ColumnProblem: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var name: String
    public var role: String
    public var value: String
    public var location: String { "\(file):\(line):\(column)" }
  }

  public struct RowCountNote: Sendable, Equatable {
    public var file: String
    public var declared: Int
    public var found: Int
    public var text: String {
      "\(file): the header declares \(declared) row(s) but the file holds \(found); all \(found) were read"
    }
  }

  public struct LabelConflict: Sendable, Equatable {
    public var file: String
    public var item: String
    public var column: String
    public var code: Double
    public var fileLabel: String
    /// The codebook's label for the code, or nil when the scale has no such code.
    public var codebookLabel: String?
    public var text: String {
      if let c = codebookLabel {
        return "\(file): \(column) (item \(item)) labels \(formatNumber(code)) '\(fileLabel)', the codebook '\(c)'"
      }
      return "\(file): \(column) (item \(item)) labels \(formatNumber(code)) '\(fileLabel)', a code the codebook's scale does not have"
    }
  }

  public struct RegionProblem: Sendable, Equatable {
    public var variable: String
    /// The value as found in the data.
    public var value: String
    /// Rows (after case selection) holding it.
    public var rows: [Int32]
  }
}

extension StudyData {
  /// Cells of one item that cannot be used although they are not missing codes.
  public struct ItemCellProblems: Sendable, Equatable {
    public var item: String
    public var outOfRange: Int
    public var undecodable: Int
    /// The first such cell: file:line:column, the value, what is allowed.
    public var first: String
    public var value: String
    public var allowed: String
  }

  /// Per item, the cells that are out of range or not decodable, in `rows` (all rows when nil).
  public func itemCellProblems(rows: [Int]? = nil) -> [ItemCellProblems] {
    let n = rowCount
    var out: [ItemCellProblems] = []
    status.bytes.withUnsafeBufferPointer { bytes in
      for (j, item) in study.items.enumerated() {
        guard let base = bytes.baseAddress, n > 0 else { break }
        let column = base + j * n
        // Counted branch-free over the column (or the given rows); the first flagged row is
        // looked for only when there is one.
        var oor = 0, undecodable = 0
        if let rows {
          for i in rows {
            oor &+= column[i] == CellStatus.outOfRange ? 1 : 0
            undecodable &+= column[i] == CellStatus.undecodable ? 1 : 0
          }
        } else if Self.mayHoldFlaggedCells(column, count: n) {
          for i in 0..<n {
            oor &+= column[i] == CellStatus.outOfRange ? 1 : 0
            undecodable &+= column[i] == CellStatus.undecodable ? 1 : 0
          }
        }
        guard oor + undecodable > 0, let rs = study.responseScale(of: item) else { continue }
        let flagged = { (i: Int) in column[i] == CellStatus.outOfRange || column[i] == CellStatus.undecodable }
        let firstFlagged = if let rows { rows.first(where: flagged) } else { (0..<n).first(where: flagged) }
        guard let f = firstFlagged else { continue }
        out.append(ItemCellProblems(item: item.id, outOfRange: oor, undecodable: undecodable, first: cellLocation(row: f, item: j),
                                    value: status.raw(row: f, item: j)?.display ?? "", allowed: QualityCheck.allowedText(rs)))
      }
    }
    return out
  }

  /// Whether a column of status bytes may hold an out-of-range or undecodable cell: eight bytes
  /// at a time, a byte equal to 3 or 4 found with the zero-byte test on x ⊕ 0x03… and x ⊕ 0x04…
  /// (exact: no false negatives; a false positive only costs the byte loop). Most columns have
  /// none, so the count loop is skipped.
  static func mayHoldFlaggedCells(_ column: UnsafePointer<UInt8>, count n: Int) -> Bool {
    precondition(CellStatus.outOfRange == 3 && CellStatus.undecodable == 4)
    let low: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
    @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- low) & ~x & high != 0 }
    var i = 0
    let raw = UnsafeRawPointer(column)
    while i &+ 8 <= n {
      let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      if hasZeroByte(w ^ (3 &* low)) || hasZeroByte(w ^ (4 &* low)) { return true }
      i &+= 8
    }
    while i < n {
      if column[i] == 3 || column[i] == 4 { return true }
      i &+= 1
    }
    return false
  }

  /// file:line:column of an item cell.
  public func cellLocation(row: Int, item: Int) -> String {
    let f = sources.file(of: row)
    let column = loadReport.itemColumns.indices.contains(f) ? loadReport.itemColumns[f][item] : nil
    return sources[row].location + (column.map { ":\($0)" } ?? "")
  }

  /// One line per problem that every command reports when it reads the data: item cells that
  /// are out of range or cannot be decoded (per item, with the first file:line:column), cells
  /// of numeric columns that are not numbers, header row counts that disagree with the data.
  /// These cells are treated as missing; the warning says so, so that no value goes missing
  /// silently.
  public var readWarnings: [String] {
    var w: [String] = []
    for p in itemCellProblems() {
      var what: [String] = []
      if p.undecodable > 0 { what.append("\(p.undecodable) cell(s) that are no number and no label of its scale") }
      if p.outOfRange > 0 { what.append("\(p.outOfRange) value(s) out of range") }
      w.append("item \(p.item): \(what.joined(separator: " and ")), treated as missing; first \(p.first) '\(p.value)' (allowed: \(p.allowed))")
    }
    for (name, count) in loadReport.columnProblemCounts.sorted(by: { $0.key < $1.key }) {
      guard let first = loadReport.columnProblems.first(where: { $0.name == name }) else { continue }
      w.append("column \(name) (\(first.role)): \(count) cell(s) are not numbers, treated as missing; first \(first.location) '\(first.value)'")
    }
    w += loadReport.rowCountNotes.map(\.text)
    return w
  }
}
