/// The CSV dialects a table can be written in.
public enum CSVDialect: String, Sendable, CaseIterable, Equatable {
  /// RFC 4180: `,` between fields, `.` as decimal point, LF line ends, no byte-order mark.
  case rfc4180
  /// What German Excel opens with a double click: `;` between fields, decimal comma, a UTF-8
  /// byte-order mark (so umlauts are read as UTF-8, not Windows-1252) and CRLF line ends.
  case excelDE = "excel-de"
}

/// How numbers and tables are rendered (everything but the words: see `Presentation`).
public struct RenderOptions: Sendable, Equatable {
  /// Decimal places in human formats for columns that do not set their own.
  public var digits: Int
  /// A decimal comma in human formats (text, Markdown, LaTeX): German reports.
  public var decimalComma: Bool
  /// Dialect of CSV output.
  public var csv: CSVDialect

  public init(digits: Int = 3, decimalComma: Bool = false, csv: CSVDialect = .rfc4180) {
    self.digits = digits
    self.decimalComma = decimalComma
    self.csv = csv
  }
}

/// Renders reports. The ONLY place where numbers are rounded for display.
///
/// - `text`: aligned columns for the terminal (widths counted in characters, so umlauts align).
/// - `md`: GitHub-flavoured Markdown tables.
/// - `csv` / `tsv`: one table per file (`table(_:…)`); numbers at full precision (shortest
///   round-trip form). RFC 4180 or German Excel (`CSVDialect.excelDE`). `render(_:format:)` on a
///   report with several tables stacks them with a `# title` line before each; that is for
///   reading in a terminal, not a CSV file (the CLI refuses it for files).
/// - `json`: every number at full precision; suppressed cells are `"suppressed"`, missing `null`.
/// - `tex`: LaTeX tables (booktabs, dcolumn, threeparttable); see `tex(_:options:)`.
///
/// Human formats (text, Markdown, LaTeX) show a lower/upper column pair marked with
/// `ReportColumn.joinedHeader` as one column "lower–upper"; machine formats keep both numbers.
public enum ReportRenderer {
  /// The symbol used for suppressed cells in human formats, explained in a footnote.
  public static let suppressedSymbol = "▪"
  public static let suppressedFootnote = "▪ = suppressed (fewer respondents than the disclosure threshold)"

  public static func render(_ report: Report, format: OutputFormat, digits: Int = 3) -> String {
    render(report, format: format, options: RenderOptions(digits: digits))
  }

  public static func render(_ report: Report, format: OutputFormat, options: RenderOptions) -> String {
    switch format {
    case .text: return text(report, options: options)
    case .md: return markdown(report, options: options)
    case .csv, .tsv:
      var out = ""
      let many = report.tables.count > 1
      for (k, t) in report.tables.enumerated() {
        if many {
          if k > 0 { out += "\n" }
          out += "# " + t.title + "\n"
        }
        out += delimited(t, separator: format == .tsv ? "\t" : ",", dialect: format == .tsv ? .rfc4180 : options.csv, byteOrderMark: k == 0)
      }
      return out
    case .json: return json(report)
    case .tex: return tex(report, options: options)
    }
  }

  /// One table as CSV (in `dialect`) or TSV: the file content.
  public static func table(_ t: ReportTable, format: OutputFormat, options: RenderOptions = RenderOptions()) -> String {
    precondition(format == .csv || format == .tsv, "table(_:format:) is for CSV and TSV")
    return delimited(t, separator: format == .tsv ? "\t" : ",", dialect: format == .tsv ? .rfc4180 : options.csv, byteOrderMark: true)
  }

  // MARK: Human formats

  static func human(_ cell: Cell, _ column: ReportColumn, options: RenderOptions) -> String {
    switch cell {
    case .text(let s): return s
    case .integer(let i): return String(i)
    case .number(let x): return number(x, digits: column.digits ?? options.digits, decimalComma: options.decimalComma)
    case .missing: return ""
    case .suppressed: return suppressedSymbol
    }
  }

  /// `fixed`, with a decimal comma when asked.
  public static func number(_ x: Double, digits: Int, decimalComma: Bool) -> String {
    let s = fixed(x, digits: digits)
    return decimalComma ? s.replacingOccurrences(of: ".", with: ",") : s
  }

  /// Fixed-point formatting with round-half-away-from-zero at `digits` places.
  public static func fixed(_ x: Double, digits: Int) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "Inf" : "-Inf" }
    let d = Swift.max(0, Swift.min(digits, 15))
    var scale = 1.0
    for _ in 0..<d { scale *= 10 }
    let r = (Swift.abs(x) * scale).rounded(.toNearestOrAwayFromZero)
    if r >= 9.0e15 { return "\(x)" }
    var frac = ""
    if d > 0 {
      let f = UInt64(r) % UInt64(scale)
      frac = String(f)
      frac = String(repeating: "0", count: d - frac.count) + frac
    }
    let intPart = String(UInt64(r) / UInt64(scale))
    let negative = x < 0 && r != 0
    return (negative ? "-" : "") + intPart + (d > 0 ? "." + frac : "")
  }

  static func usesSuppression(_ t: ReportTable) -> Bool {
    t.rows.contains { $0.contains(.suppressed) }
  }

  /// A table as people read it: lower/upper pairs joined, numbers rounded, headers shown.
  public struct HumanTable: Sendable, Equatable {
    public var headers: [String]
    /// True for right-aligned (numeric) columns.
    public var numeric: [Bool]
    /// Machine names of the source columns behind each shown column (two for a joined pair).
    public var sources: [[String]]
    public var rows: [[String]]
    /// Whether each shown cell is a suppression mark.
    public var suppressed: [[Bool]]
  }

  /// Joins lower/upper pairs (`ReportColumn.joinedHeader`) and formats every cell.
  public static func humanTable(_ t: ReportTable, options: RenderOptions) -> HumanTable {
    var groups: [[Int]] = []
    var j = 0
    while j < t.columns.count {
      if t.columns[j].joinedHeader != nil, j + 1 < t.columns.count {
        groups.append([j, j + 1])
        j += 2
      } else {
        groups.append([j])
        j += 1
      }
    }
    var out = HumanTable(headers: [], numeric: [], sources: [], rows: [], suppressed: [])
    for g in groups {
      let c = t.columns[g[0]]
      out.headers.append(g.count == 2 ? (c.joinedHeader ?? c.shownHeader) : c.shownHeader)
      out.numeric.append(c.kind != .text)
      out.sources.append(g.map { t.columns[$0].name })
    }
    for row in t.rows {
      var cells: [String] = []
      var marks: [Bool] = []
      for g in groups {
        if g.count == 1 {
          cells.append(human(row[g[0]], t.columns[g[0]], options: options))
          marks.append(row[g[0]] == .suppressed)
        } else {
          let a = row[g[0]], b = row[g[1]]
          if a == .suppressed || b == .suppressed {
            cells.append(suppressedSymbol)
            marks.append(true)
          } else if a == .missing && b == .missing {
            cells.append("")
            marks.append(false)
          } else {
            let ca = t.columns[g[0]], cb = t.columns[g[1]]
            let tight = ca.kind == .integer || (ca.digits ?? options.digits) == 0
            cells.append(human(a, ca, options: options) + (tight ? "–" : " – ") + human(b, cb, options: options))
            marks.append(false)
          }
        }
      }
      out.rows.append(cells)
      out.suppressed.append(marks)
    }
    return out
  }

  /// Footnotes of a table, with the suppression footnote added when a cell is suppressed and no
  /// note explains the mark yet.
  public static func notes(_ t: ReportTable) -> [String] {
    var notes = t.notes
    if usesSuppression(t) && !notes.contains(where: { $0.hasPrefix(suppressedSymbol) }) { notes.append(suppressedFootnote) }
    return notes
  }

  static func text(_ report: Report, options: RenderOptions) -> String {
    var out = ""
    if let b = report.banner { out += "*** \(b) ***\n" }
    if !report.title.isEmpty { out += report.title + "\n\n" }
    for (k, t) in report.tables.enumerated() {
      if k > 0 { out += "\n" }
      out += t.title + "\n"
      let h = humanTable(t, options: options)
      var widths = h.headers.map(\.count)
      for r in h.rows { for (j, s) in r.enumerated() { widths[j] = Swift.max(widths[j], s.count) } }
      func line(_ values: [String]) -> String {
        var parts: [String] = []
        for (j, v) in values.enumerated() {
          let pad = String(repeating: " ", count: widths[j] - v.count)
          parts.append(h.numeric[j] ? pad + v : v + pad)
        }
        var s = parts.joined(separator: "  ")
        while s.hasSuffix(" ") { s.removeLast() }
        return s
      }
      out += line(h.headers) + "\n"
      out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
      for r in h.rows { out += line(r) + "\n" }
      if t.rows.isEmpty { out += "(no rows)\n" }
      for n in notes(t) { out += "  " + n + "\n" }
    }
    return out
  }

  static func markdownEscape(_ s: String) -> String {
    s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  static func markdown(_ report: Report, options: RenderOptions) -> String {
    var out = ""
    if !report.title.isEmpty { out += "# " + markdownEscape(report.title) + "\n\n" }
    if let b = report.banner { out += "> **\(markdownEscape(b))**\n\n" }
    for t in report.tables {
      let h = humanTable(t, options: options)
      out += "## " + markdownEscape(t.title) + "\n\n"
      out += "| " + h.headers.map(markdownEscape).joined(separator: " | ") + " |\n"
      out += "|" + h.numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
      for r in h.rows { out += "| " + r.map(markdownEscape).joined(separator: " | ") + " |\n" }
      let n = notes(t)
      if !n.isEmpty { out += "\n" + n.map(markdownEscape).joined(separator: "  \n") + "\n" }
      out += "\n"
    }
    return out
  }

  // MARK: Machine formats

  /// Shortest round-trip representation; integers without a fraction.
  public static func fullPrecision(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "Inf" : "-Inf" }
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
  }

  static func csvField(_ s: String, separator: Character) -> String {
    if s.contains(separator) || s.contains("\"") || s.contains("\n") || s.contains("\r") {
      return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return s
  }

  static func machine(_ cell: Cell, decimalComma: Bool = false) -> String {
    switch cell {
    case .text(let s): return s
    case .integer(let i): return String(i)
    case .number(let x):
      let s = fullPrecision(x)
      return decimalComma ? s.replacingOccurrences(of: ".", with: ",") : s
    case .missing: return ""
    case .suppressed: return suppressedSymbol
    }
  }

  static func delimited(_ t: ReportTable, separator: Character, dialect: CSVDialect, byteOrderMark: Bool) -> String {
    let german = dialect == .excelDE && separator == ","
    let sep: Character = german ? ";" : separator
    let eol = german ? "\r\n" : "\n"
    var out = german && byteOrderMark ? "\u{FEFF}" : ""
    out += t.columns.map { csvField($0.shownHeader, separator: sep) }.joined(separator: String(sep)) + eol
    for r in t.rows {
      out += r.map { csvField(machine($0, decimalComma: german), separator: sep) }.joined(separator: String(sep)) + eol
    }
    return out
  }

  public static func jsonString(_ s: String) -> String {
    var o = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": o += "\\\""
      case "\\": o += "\\\\"
      case "\n": o += "\\n"
      case "\r": o += "\\r"
      case "\t": o += "\\t"
      default:
        if u.value < 0x20 {
          let h = String(u.value, radix: 16)
          o += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        } else {
          o.unicodeScalars.append(u)
        }
      }
    }
    return o + "\""
  }

  static func jsonValue(_ cell: Cell) -> String {
    switch cell {
    case .text(let s): return jsonString(s)
    case .integer(let i): return String(i)
    case .number(let x): return x.isFinite ? "\(x)" : jsonString(fullPrecision(x))
    case .missing: return "null"
    case .suppressed: return "\"suppressed\""
    }
  }

  /// JSON: column names are the machine names (keys); titles and notes as presented. Column
  /// labels, when `Report.presented` set them, are listed in `labels`.
  static func json(_ report: Report) -> String {
    var out = "{\n  \"title\": \(jsonString(report.title)),\n"
    if let b = report.banner { out += "  \"banner\": \(jsonString(b)),\n" }
    out += "  \"tables\": ["
    for (k, t) in report.tables.enumerated() {
      out += k == 0 ? "\n" : ",\n"
      out += "    {\n      \"id\": \(jsonString(t.id)),\n      \"title\": \(jsonString(t.title)),\n"
      out += "      \"columns\": [" + t.columns.map { jsonString($0.name) }.joined(separator: ", ") + "],\n"
      if t.columns.contains(where: { $0.label != nil }) {
        out += "      \"labels\": [" + t.columns.map { jsonString($0.shownHeader) }.joined(separator: ", ") + "],\n"
      }
      out += "      \"rows\": ["
      for (i, r) in t.rows.enumerated() {
        out += i == 0 ? "\n" : ",\n"
        out += "        {" + zip(t.columns, r).map { "\(jsonString($0.name)): \(jsonValue($1))" }.joined(separator: ", ") + "}"
      }
      out += t.rows.isEmpty ? "],\n" : "\n      ],\n"
      out += "      \"notes\": [" + t.notes.map(jsonString).joined(separator: ", ") + "]\n    }"
    }
    out += report.tables.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
    return out
  }
}
