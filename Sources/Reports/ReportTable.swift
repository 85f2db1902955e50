/// One cell of a report table. Numbers keep full precision; rounding happens only when a
/// renderer formats them for people (text, Markdown).
public enum Cell: Sendable, Equatable {
  case text(String)
  case number(Double)
  case integer(Int)
  /// No value (rendered empty, `null` in JSON).
  case missing
  /// A value withheld by disclosure control; rendered as a marked symbol, never a number.
  case suppressed

  /// Convenience: a number, or `.missing` when NaN.
  public static func value(_ x: Double) -> Cell { x.isNaN ? .missing : .number(x) }
}

/// How a column is aligned and formatted.
public enum ColumnKind: String, Sendable, Equatable {
  case text, number, integer
}

/// A column of a report table.
public struct ReportColumn: Sendable, Equatable {
  /// Machine name (JSON key, CSV header).
  public var name: String
  /// Kind (alignment and formatting).
  public var kind: ColumnKind
  /// Decimal places for human formats; nil uses the renderer's default.
  public var digits: Int?
  /// The header people read (set by `Report.presented`); nil shows `name`.
  public var label: String?
  /// Set on the first column of a lower/upper pair (a rank set, an interval): machine formats
  /// (CSV, TSV, JSON, XLSX) keep the two numeric columns, human formats (text, Markdown, LaTeX,
  /// HTML) show them as one column "lower–upper" under this header.
  public var joinedHeader: String?

  public init(_ name: String, _ kind: ColumnKind = .text, digits: Int? = nil, joinedHeader: String? = nil) {
    self.name = name
    self.kind = kind
    self.digits = digits
    self.joinedHeader = joinedHeader
  }

  /// The header people read: `label` when `Report.presented` set one, else `name`.
  public var shownHeader: String { label ?? name }
}

/// Which header a renderer shows: the machine name (CSV/JSON keys, scripts) or the label people
/// read (set by `Report.presented`).
public enum HeaderStyle: String, Sendable, Equatable {
  case machine, display
}

/// A titled table with footnotes: the one table model every command renders.
public struct ReportTable: Sendable, Equatable {
  /// Machine id (JSON key), e.g. `quality_items`.
  public var id: String
  /// Human title.
  public var title: String
  public var columns: [ReportColumn]
  public var rows: [[Cell]]
  /// Footnotes printed under the table.
  public var notes: [String]

  public init(id: String, title: String, columns: [ReportColumn], rows: [[Cell]] = [], notes: [String] = []) {
    self.id = id
    self.title = title
    self.columns = columns
    self.rows = rows
    self.notes = notes
  }

  /// Appends a row; it must have one cell per column.
  public mutating func append(_ row: [Cell]) {
    precondition(row.count == columns.count, "ReportTable \(id): row has \(row.count) cells for \(columns.count) columns")
    rows.append(row)
  }
}

/// A report: a title, an optional banner (e.g. "SYNTHETIC DATA"), and tables.
public struct Report: Sendable, Equatable {
  public var title: String
  public var banner: String?
  public var tables: [ReportTable]
  public init(title: String, banner: String? = nil, tables: [ReportTable] = []) {
    self.title = title
    self.banner = banner
    self.tables = tables
  }
}

/// Output formats for every table-producing command.
public enum OutputFormat: String, Sendable, CaseIterable {
  case text, csv, tsv, json, md
  /// LaTeX: booktabs + dcolumn + threeparttable (see `ReportRenderer.tex`).
  case tex
}
