/// Renders reports. The ONLY place where numbers are rounded for display.
///
/// - `text`: aligned columns for the terminal (widths counted in characters, so umlauts align).
/// - `md`: GitHub-flavoured Markdown tables.
/// - `csv` / `tsv`: RFC 4180; numbers at full precision (shortest round-trip form); a report
///   with several tables puts a `# title` line before each table and a blank line between them.
/// - `json`: every number at full precision; suppressed cells are `"suppressed"`, missing `null`.
public enum ReportRenderer {
  /// The symbol used for suppressed cells in human formats, explained in a footnote.
  public static let suppressedSymbol = "▪"
  public static let suppressedFootnote = "▪ = suppressed (fewer respondents than the disclosure threshold)"

  public static func render(_ report: Report, format: OutputFormat, digits: Int = 3) -> String {
    switch format {
    case .text: return text(report, digits: digits)
    case .md: return markdown(report, digits: digits)
    case .csv: return delimited(report, separator: ",")
    case .tsv: return delimited(report, separator: "\t")
    case .json: return json(report)
    }
  }

  // MARK: Human formats

  static func human(_ cell: Cell, _ column: ReportColumn, digits: Int) -> String {
    switch cell {
    case .text(let s): return s
    case .integer(let i): return String(i)
    case .number(let x): return fixed(x, digits: column.digits ?? digits)
    case .missing: return ""
    case .suppressed: return suppressedSymbol
    }
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

  static func text(_ report: Report, digits: Int) -> String {
    var out = ""
    if let b = report.banner { out += "*** \(b) ***\n" }
    if !report.title.isEmpty { out += report.title + "\n\n" }
    for (k, t) in report.tables.enumerated() {
      if k > 0 { out += "\n" }
      out += t.title + "\n"
      let cells = t.rows.map { row in zip(row, t.columns).map { human($0, $1, digits: digits) } }
      var widths = t.columns.map { $0.name.count }
      for r in cells { for (j, s) in r.enumerated() { widths[j] = Swift.max(widths[j], s.count) } }
      func line(_ values: [String], header: Bool) -> String {
        var parts: [String] = []
        for (j, v) in values.enumerated() {
          let pad = String(repeating: " ", count: widths[j] - v.count)
          let right = t.columns[j].kind != .text
          parts.append(right ? pad + v : v + pad)
        }
        var s = parts.joined(separator: "  ")
        while s.hasSuffix(" ") { s.removeLast() }
        return s
      }
      out += line(t.columns.map(\.name), header: true) + "\n"
      out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
      for r in cells { out += line(r, header: false) + "\n" }
      if t.rows.isEmpty { out += "(no rows)\n" }
      for n in t.notes { out += "  " + n + "\n" }
      if usesSuppression(t) && !t.notes.contains(where: { $0.hasPrefix(suppressedSymbol) }) { out += "  " + suppressedFootnote + "\n" }
    }
    return out
  }

  static func markdownEscape(_ s: String) -> String {
    s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
  }

  static func markdown(_ report: Report, digits: Int) -> String {
    var out = ""
    if !report.title.isEmpty { out += "# " + markdownEscape(report.title) + "\n\n" }
    if let b = report.banner { out += "> **\(markdownEscape(b))**\n\n" }
    for t in report.tables {
      out += "## " + markdownEscape(t.title) + "\n\n"
      out += "| " + t.columns.map { markdownEscape($0.name) }.joined(separator: " | ") + " |\n"
      out += "|" + t.columns.map { $0.kind == .text ? " --- |" : " ---: |" }.joined() + "\n"
      for r in t.rows {
        out += "| " + zip(r, t.columns).map { markdownEscape(human($0, $1, digits: digits)) }.joined(separator: " | ") + " |\n"
      }
      var notes = t.notes
      if usesSuppression(t) && !notes.contains(where: { $0.hasPrefix(suppressedSymbol) }) { notes.append(suppressedFootnote) }
      if !notes.isEmpty { out += "\n" + notes.map { markdownEscape($0) }.joined(separator: "  \n") + "\n" }
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

  static func machine(_ cell: Cell) -> String {
    switch cell {
    case .text(let s): return s
    case .integer(let i): return String(i)
    case .number(let x): return fullPrecision(x)
    case .missing: return ""
    case .suppressed: return suppressedSymbol
    }
  }

  static func delimited(_ report: Report, separator: Character) -> String {
    var out = ""
    let many = report.tables.count > 1
    for (k, t) in report.tables.enumerated() {
      if many {
        if k > 0 { out += "\n" }
        out += "# " + t.title + "\n"
      }
      out += t.columns.map { csvField($0.name, separator: separator) }.joined(separator: String(separator)) + "\n"
      for r in t.rows { out += r.map { csvField(machine($0), separator: separator) }.joined(separator: String(separator)) + "\n" }
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

  static func json(_ report: Report) -> String {
    var out = "{\n  \"title\": \(jsonString(report.title)),\n"
    if let b = report.banner { out += "  \"banner\": \(jsonString(b)),\n" }
    out += "  \"tables\": ["
    for (k, t) in report.tables.enumerated() {
      out += k == 0 ? "\n" : ",\n"
      out += "    {\n      \"id\": \(jsonString(t.id)),\n      \"title\": \(jsonString(t.title)),\n"
      out += "      \"columns\": [" + t.columns.map { jsonString($0.name) }.joined(separator: ", ") + "],\n"
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
