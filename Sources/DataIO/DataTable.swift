/// One column of a `DataTable`: numbers (NaN marks an empty cell) or text.
///
/// A column is numeric when every non-empty cell parses as a number in the source's
/// number format and no cell has a leading zero before a digit (so keys such as "01" or
/// "01001" stay text and keep their zeros).
///
/// Text comes either as one string per cell (`.text`) or dictionary-encoded (`.categorical`:
/// each distinct text stored once in `levels`, `codes[r]` its index), which readers produce on
/// request (`CSVOptions.textAsLevels`) so that survey answers ("Trifft voll zu", "A1") cost four
/// bytes per cell and are decoded once per distinct text, as R's factors and Arrow's
/// dictionary arrays do.
public enum ColumnValues: Sendable, Equatable {
  case numeric([Double])
  case text([String])
  case categorical(codes: [UInt32], levels: [String])

  /// Number of cells.
  public var count: Int {
    switch self {
    case .numeric(let v): v.count
    case .text(let v): v.count
    case .categorical(let c, _): c.count
    }
  }

  /// The cell at `row` as text ("" for an empty numeric cell; integers without ".0").
  public func text(at row: Int) -> String {
    switch self {
    case .text(let v): return v[row]
    case .categorical(let c, let levels): return levels[Int(c[row])]
    case .numeric(let v):
      let x = v[row]
      if x.isNaN { return "" }
      return formatNumber(x)
    }
  }

  /// The cell at `row` as a number: NaN when empty or not a number.
  public func number(at row: Int) -> Double {
    switch self {
    case .numeric(let v): return v[row]
    case .text, .categorical:
      let s = text(at: row).trimmingWhitespace()
      return s.isEmpty ? .nan : (Double(s) ?? .nan)
    }
  }

  /// True when the cell is empty (NaN or a blank string).
  public func isEmpty(at row: Int) -> Bool {
    switch self {
    case .numeric(let v): v[row].isNaN
    case .text, .categorical: text(at: row).trimmingWhitespace().isEmpty
    }
  }

  /// The same cells as one string per cell (`.categorical` expanded; others unchanged).
  public var expanded: ColumnValues {
    guard case .categorical(let c, let levels) = self else { return self }
    return .text(c.map { levels[Int($0)] })
  }
}

/// Formats a number the way the data files store it: integers without a fraction,
/// other values with the shortest round-tripping representation.
public func formatNumber(_ x: Double) -> String {
  if x.isNaN { return "" }
  if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
  return "\(x)"
}

extension String {
  /// The string without leading and trailing spaces, tabs, CR and LF.
  public func trimmingWhitespace() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" || f == "\r" || f == "\n" || f == "\u{FEFF}" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\r" || l == "\n" { s.removeLast() }
    return String(s)
  }
}

/// The file format a table was read from.
public enum DataFormat: String, Sendable, CaseIterable, Codable {
  case csv, xlsx, sav, dta
}

/// A rectangular table as read from a data file, before any codebook is applied.
///
/// Readers (CSV, XLSX, SAV) produce exactly this type, so everything downstream of
/// ingestion is independent of the file format. `rowLocations[r]` is where row `r`
/// starts in the source (the physical 1-based line for CSV, the sheet row for XLSX, the
/// case number for SAV) so that errors and quality reports can point at it.
public struct DataTable: Sendable, Equatable {
  /// The file the table came from (as given by the caller).
  public var path: String
  /// The file format.
  public var format: DataFormat
  /// Column names, in file order.
  public var columnNames: [String]
  /// Column values, parallel to `columnNames`.
  public var columns: [ColumnValues]
  /// Source location of each row (1-based line / row / case number).
  public var rowLocations: [Int]
  /// Variable labels (SAV), by column name.
  public var variableLabels: [String: String]
  /// Value labels (SAV), by column name: code → label.
  public var valueLabels: [String: [Double: String]]
  /// User-missing codes declared in the file (SAV), by column name.
  public var userMissing: [String: [Double]]
  /// User-missing values declared for string variables (SAV), by column name.
  public var userMissingTexts: [String: [String]] = [:]
  /// The row count the file's header declares (SAV, DTA), when it declares one; `rowCount` is
  /// what the file actually holds. A difference is reported by `trustmetrics check`.
  public var declaredRowCount: Int? = nil

  public init(
    path: String, format: DataFormat, columnNames: [String], columns: [ColumnValues],
    rowLocations: [Int], variableLabels: [String: String] = [:],
    valueLabels: [String: [Double: String]] = [:], userMissing: [String: [Double]] = [:]
  ) {
    precondition(columnNames.count == columns.count, "DataTable: names and columns differ in count")
    self.path = path
    self.format = format
    self.columnNames = columnNames
    self.columns = columns
    self.rowLocations = rowLocations
    self.variableLabels = variableLabels
    self.valueLabels = valueLabels
    self.userMissing = userMissing
  }

  /// Number of data rows (the header is not counted).
  public var rowCount: Int { rowLocations.count }

  /// The index of the column called `name`, or nil.
  public func columnIndex(_ name: String) -> Int? { columnNames.firstIndex(of: name) }

  /// The column called `name`, or nil.
  public func column(_ name: String) -> ColumnValues? {
    columnIndex(name).map { columns[$0] }
  }

  /// Whether `other` holds the same data: column names, row locations, labels and declared
  /// missing values, and per column the same kind (numbers or text) and the same cells —
  /// numbers bit for bit (so NaN equals NaN, unlike `==`), texts whether stored as levels or
  /// one string per cell. The path and format are not compared. (Used to check that the
  /// parallel CSV parse gives the one-thread table.)
  public func hasSameContent(as other: DataTable) -> Bool {
    guard columnNames == other.columnNames, rowLocations == other.rowLocations, variableLabels == other.variableLabels,
          valueLabels == other.valueLabels, userMissing == other.userMissing, userMissingTexts == other.userMissingTexts,
          declaredRowCount == other.declaredRowCount
    else { return false }
    for (a, b) in zip(columns, other.columns) {
      guard a.count == b.count else { return false }
      switch (a, b) {
      case (.numeric(let u), .numeric(let v)):
        if !u.elementsEqual(v, by: { $0.bitPattern == $1.bitPattern }) { return false }
      case (.numeric, _), (_, .numeric):
        return false
      default:
        for r in 0..<a.count where a.text(at: r) != b.text(at: r) { return false }
      }
    }
    return true
  }
}
