/// Writes tables as RFC 4180 CSV that `CSVReader` (and Excel, R, pandas) read back unchanged.
///
/// Quoting: a field is quoted when it contains `"`, CR, LF or any of the delimiters `,` `;`
/// tab (not only the one in use, so delimiter detection on the written file cannot be fooled),
/// or when it is empty in a one-column table (an empty line would be a blank line). Numbers
/// are quoted only when they contain the delimiter (a decimal comma with ","). Quotes
/// inside are doubled. Numbers are written by `formatNumber` (integers without ".0", other values
/// shortest round-trip), with `decimalSeparator` in place of "."; NaN is an empty cell.
///
/// Round trip: `CSVReader.read` of the output gives the same names and values, provided each
/// text column holds at least one cell that is not a number (otherwise it reads back numeric),
/// names have no leading or trailing spaces, and, with `decimalSeparator: ","`, the delimiter
/// is `;` or tab.
public enum CSVWriter {
  /// The table as CSV text: header, then one record per row.
  public static func write(
    _ table: DataTable, delimiter: Character = ",", decimalSeparator: Character = ".",
    lineEnding: CSVLineEnding = .crlf
  ) -> String {
    var out = write(rows: [table.columnNames], delimiter: delimiter, lineEnding: lineEnding)
    let decimal = String(decimalSeparator)
    let sep = String(delimiter)
    let eol = lineEnding.bytes
    let alone = table.columns.count == 1
    for r in 0..<table.rowCount {
      for (j, column) in table.columns.enumerated() {
        if j > 0 { out += sep }
        switch column {
        case .text(let v):
          out += quoted(v[r], delimiter: delimiter, alone: alone)
        case .categorical:
          out += quoted(column.text(at: r), delimiter: delimiter, alone: alone)
        case .numeric(let v):
          // Numbers are quoted only when they contain the delimiter itself (a decimal comma
          // with "," as delimiter), so "1,5" stays unquoted with ";" as Excel writes it.
          let s = formatNumber(v[r])
          let t = decimal == "." ? s : s.replacingDot(with: decimal)
          if t.isEmpty {
            out += alone ? "\"\"" : ""
          } else {
            out += t.contains(delimiter) ? "\"\(t)\"" : t
          }
        }
      }
      out += eol
    }
    return out
  }

  /// Rows of fields as CSV text (the first row is written like any other).
  public static func write(
    rows: [[String]], delimiter: Character = ",", lineEnding: CSVLineEnding = .crlf
  ) -> String {
    var out = ""
    let sep = String(delimiter)
    let eol = lineEnding.bytes
    for row in rows {
      for (j, field) in row.enumerated() {
        if j > 0 { out += sep }
        out += quoted(field, delimiter: delimiter, alone: row.count == 1)
      }
      out += eol
    }
    return out
  }

  /// The table as UTF-8 bytes, optionally with a byte-order mark (Excel needs one to open
  /// UTF-8 CSV with umlauts correctly).
  public static func writeBytes(
    _ table: DataTable, delimiter: Character = ",", decimalSeparator: Character = ".",
    lineEnding: CSVLineEnding = .crlf, byteOrderMark: Bool = false
  ) -> [UInt8] {
    let text = write(table, delimiter: delimiter, decimalSeparator: decimalSeparator, lineEnding: lineEnding)
    return (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
  }

  /// One field, quoted when needed.
  static func quoted(_ field: String, delimiter: Character, alone: Bool) -> String {
    if field.isEmpty { return alone ? "\"\"" : "" }
    var needs = false
    for u in field.utf8 where u == 0x22 || u == 0x0A || u == 0x0D || u == 0x2C || u == 0x3B || u == 0x09 {
      needs = true
      break
    }
    if !needs, let d = delimiter.asciiValue, field.utf8.contains(d) { needs = true }
    if !needs && !delimiter.isASCII && field.contains(delimiter) { needs = true }
    guard needs else { return field }
    var out = "\""
    for ch in field.unicodeScalars {
      if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
    }
    out += "\""
    return out
  }
}

extension String {
  fileprivate func replacingDot(with replacement: String) -> String {
    var out = ""
    for ch in self { if ch == "." { out += replacement } else { out.append(ch) } }
    return out
  }
}
