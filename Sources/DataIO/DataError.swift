/// What can go wrong reading a data file. Every case names the file and, where there is
/// one, the line (or sheet row), the column and what is allowed. `description` is the
/// one-line message the CLI prints (exit code 65).
public enum DataError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file does not exist or cannot be read.
  case unreadable(path: String, reason: String)
  /// The file holds no bytes, or no header.
  case empty(path: String)
  /// A header but no data rows.
  case headerOnly(path: String)
  /// A quoted field is never closed; `line` is where the quote opened.
  case unbalancedQuote(path: String, line: Int, column: Int)
  /// A record has a different number of fields from the header.
  case raggedRow(path: String, line: Int, found: Int, expected: Int)
  /// The bytes are not text in any supported encoding (UTF-8, Windows-1252).
  case notText(path: String, offset: Int)
  /// Two columns share a name, or a column has an empty name.
  case badHeader(path: String, column: Int, reason: String)
  /// A single line exceeds the maximum line length.
  case lineTooLong(path: String, line: Int, limit: Int)
  /// The file is not in the format its extension or the caller claims.
  case wrongFormat(path: String, expected: DataFormat, reason: String)
  /// A named sheet is missing from a workbook.
  case sheetNotFound(path: String, sheet: String, available: [String])
  /// A generic malformed-content error with a location.
  case malformed(path: String, location: String, reason: String)

  public var description: String {
    switch self {
    case .unreadable(let p, let r): return "\(p): cannot read file: \(r)"
    case .empty(let p): return "\(p): the file is empty; expected a header row and data rows"
    case .headerOnly(let p): return "\(p): the file has a header but no data rows"
    case .unbalancedQuote(let p, let l, let c):
      return "\(p):\(l): column \(c): a quoted field is opened here and never closed (add the closing \")"
    case .raggedRow(let p, let l, let f, let e):
      return "\(p):\(l): the record has \(f) fields but the header has \(e); every row must have \(e)"
    case .notText(let p, let o):
      return "\(p): byte \(o) is not text (binary data?); allowed: CSV in UTF-8 or Windows-1252"
    case .badHeader(let p, let c, let r): return "\(p):1: column \(c): \(r)"
    case .lineTooLong(let p, let l, let lim):
      return "\(p):\(l): the line is longer than \(lim) bytes; is this a CSV file?"
    case .wrongFormat(let p, let e, let r): return "\(p): not a valid \(e.rawValue.uppercased()) file: \(r)"
    case .sheetNotFound(let p, let s, let a):
      return "\(p): no sheet named '\(s)'; sheets: \(a.map { "'\($0)'" }.joined(separator: ", "))"
    case .malformed(let p, let loc, let r): return "\(p):\(loc): \(r)"
    }
  }
}
