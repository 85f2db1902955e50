import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads one worksheet of an Office Open XML workbook (`.xlsx`) into a `DataTable`.
///
/// The first row that holds any value is the header; every later row that holds a value is
/// a data row (wholly blank rows are skipped, so `rowLocations` holds the 1-based sheet row
/// numbers, which may have gaps). The table spans the columns from the first to the last
/// non-empty header cell; missing cells are empty.
///
/// Cell types (`t` attribute, ECMA-376 Part 1 §18.18.11):
/// - `n` (or no `t`): the number in `<v>`; a cell without `<v>` (e.g. a formula that was
///   never calculated) is empty.
/// - `s` (shared string; rich-text runs are concatenated, phonetic runs dropped),
///   `inlineStr`, `str` (formula string result): text. Text that is a plain decimal
///   number ("3", " 4.5 ", "-2", "1e3") counts as that number.
/// - `b`: the text `TRUE` / `FALSE` (what Excel shows).
/// - `e`: the error text, e.g. `#N/A`, so that a numeric column with an error cell
///   becomes text and is flagged downstream instead of silently losing a value.
/// `_xHHHH_` escapes (ST_Xstring) in strings are decoded.
///
/// A column is numeric when every non-empty cell is a number and no text cell has a
/// leading zero before a digit (so keys such as "01" stay text); empty numeric cells are
/// NaN. In a text column, number cells appear as `formatNumber(_:)` gives them, so "3.0"
/// from one writer and "3" from another read the same.
///
/// Dates are not converted (they arrive as serial day numbers).
///
/// Implementation notes:
/// 1. The workbook is opened with ZIPFoundation; `_rels/.rels` → workbook part,
///    `xl/_rels/workbook.xml.rels` → sheet parts, as the package relationships say.
/// 2. All XML is parsed with `XMLParser(stream: InputStream(data:))` as a SAX delegate:
///    `XMLParser(data:)` fails on Linux for documents over about 10 MB (PLATFORM.md §3).
///    Measured earlier: about 0.5 M cells/s for a 32 MB sheet.
/// 3. Memory: the sheet XML is inflated in memory, plus one small enum per non-empty cell.
///
/// Validated against: openpyxl 3.1.5 and LibreOffice 7.4 written files (Fixtures/same).
public enum XLSXReader {
  /// Reads the sheet called `sheet` (the first sheet when nil) of the workbook at `path`.
  ///
  /// - Throws: `DataError.unreadable` (no such file), `.wrongFormat(expected: .xlsx)` (not a
  ///   ZIP, or a ZIP without a workbook), `.sheetNotFound` (with the available names),
  ///   `.malformed` (broken XML, or a value in a column without a header), `.badHeader`
  ///   (empty or duplicate column name), `.empty`, `.headerOnly`.
  public static func read(path: String, sheet: String? = nil) throws(DataError) -> DataTable {
    let package = try XLSXPackage(path: path)
    let workbook = try package.workbookPart()
    let sheets = try package.sheets(workbook: workbook)
    let chosen: XLSXPackage.SheetRef
    if let sheet {
      guard let s = sheets.first(where: { $0.name == sheet }) else {
        throw .sheetNotFound(path: path, sheet: sheet, available: sheets.map(\.name))
      }
      chosen = s
    } else {
      guard let s = sheets.first else {
        throw .wrongFormat(path: path, expected: .xlsx, reason: "the workbook lists no sheets")
      }
      chosen = s
    }
    let shared = try package.sharedStrings(workbook: workbook)
    let sheetData = try package.entryData(chosen.part, what: "sheet '\(chosen.name)'")
    let handler = SheetHandler(sharedStrings: shared)
    do {
      try package.parse(sheetData, part: chosen.part, delegate: handler)
    } catch {
      // A content problem found by the handler aborts the parse; report it rather than the abort.
      if let problem = handler.problem {
        throw .malformed(path: path, location: "sheet '\(chosen.name)' (\(chosen.part))", reason: problem)
      }
      throw error
    }
    return try buildTable(path: path, sheetName: chosen.name, rows: handler.rows)
  }

  /// The sheet names of the workbook at `path`, in workbook order.
  ///
  /// - Throws: `DataError.unreadable` or `.wrongFormat(expected: .xlsx)` as `read`.
  public static func sheetNames(path: String) throws(DataError) -> [String] {
    let package = try XLSXPackage(path: path)
    return try package.sheets(workbook: try package.workbookPart()).map(\.name)
  }

  // MARK: - Table assembly

  /// Turns the parsed rows into a table (header = first non-blank row).
  static func buildTable(path: String, sheetName: String, rows: [XLSXRow]) throws(DataError) -> DataTable {
    let nonBlank = rows.filter { row in row.cells.contains { !$0.value.isBlank } }
    guard let headerRow = nonBlank.first else { throw .empty(path: path) }
    let headerCells = headerRow.cells.filter { !$0.value.isBlank }
    // headerCells is non-empty because headerRow is non-blank.
    let firstColumn = headerCells.map(\.column).min() ?? 0
    let lastColumn = headerCells.map(\.column).max() ?? 0
    let width = lastColumn - firstColumn + 1

    var names = [String](repeating: "", count: width)
    for cell in headerCells { names[cell.column - firstColumn] = cell.value.displayText.trimmingWhitespace() }
    var seen: [String: Int] = [:]
    for (i, name) in names.enumerated() {
      let columnNumber = firstColumn + i + 1
      if name.isEmpty {
        throw .badHeader(
          path: path, column: columnNumber,
          reason: "sheet '\(sheetName)' cell \(columnLetters(firstColumn + i))\(headerRow.number): empty column name between '\(names[..<i].last(where: { !$0.isEmpty }) ?? "")' and the next name; every header cell from \(columnLetters(firstColumn)) to \(columnLetters(lastColumn)) needs a name")
      }
      if let previous = seen[name] {
        throw .badHeader(
          path: path, column: columnNumber,
          reason: "sheet '\(sheetName)': column name '\(name)' is used twice (columns \(columnLetters(previous)) and \(columnLetters(firstColumn + i)))")
      }
      seen[name] = firstColumn + i
    }

    let dataRows = nonBlank.dropFirst()
    guard !dataRows.isEmpty else { throw .headerOnly(path: path) }

    var cells = [[XLSXCellValue]](repeating: [XLSXCellValue](repeating: .empty, count: dataRows.count), count: width)
    var locations: [Int] = []
    locations.reserveCapacity(dataRows.count)
    for (r, row) in dataRows.enumerated() {
      locations.append(row.number)
      for cell in row.cells {
        let j = cell.column - firstColumn
        guard j >= 0, j < width else {
          if cell.value.isBlank { continue }
          throw .malformed(
            path: path, location: "sheet '\(sheetName)' cell \(columnLetters(cell.column))\(row.number)",
            reason: "the cell holds '\(cell.value.displayText)' but its column has no header; the header spans \(columnLetters(firstColumn))–\(columnLetters(lastColumn))")
        }
        cells[j][r] = cell.value
      }
    }
    let columns = cells.map(makeColumn)
    return DataTable(path: path, format: .xlsx, columnNames: names, columns: columns, rowLocations: locations)
  }

  /// Numeric when every non-blank cell is a number (or numeric text without a leading zero).
  static func makeColumn(_ values: [XLSXCellValue]) -> ColumnValues {
    var numbers = [Double]()
    numbers.reserveCapacity(values.count)
    for v in values {
      switch v {
      case .empty: numbers.append(.nan)
      case .number(let x): numbers.append(x)
      case .text(let s):
        let t = s.trimmingWhitespace()
        if t.isEmpty { numbers.append(.nan); continue }
        guard !hasLeadingZero(t), let x = parsePlainNumber(t) else {
          return .text(values.map(\.displayText))
        }
        numbers.append(x)
      case .boolean, .error:
        return .text(values.map(\.displayText))
      }
    }
    return .numeric(numbers)
  }
}

// MARK: - Cells

/// One parsed cell value.
enum XLSXCellValue: Equatable {
  case empty
  case number(Double)
  case text(String)
  case boolean(Bool)
  case error(String)

  var isBlank: Bool {
    switch self {
    case .empty: true
    case .text(let s): s.trimmingWhitespace().isEmpty
    default: false
    }
  }

  var displayText: String {
    switch self {
    case .empty: ""
    case .number(let x): formatNumber(x)
    case .text(let s): s
    case .boolean(let b): b ? "TRUE" : "FALSE"
    case .error(let e): e
    }
  }
}

/// One sheet row: its 1-based number and its cells (0-based column index).
struct XLSXRow {
  var number: Int
  var cells: [(column: Int, value: XLSXCellValue)]
}

/// "A" → 0, "Z" → 25, "AA" → 26 from a cell reference such as "AB12"; nil if no letters.
func columnIndex(ofReference ref: String) -> Int? {
  var index = 0
  var letters = 0
  for u in ref.utf8 {
    switch u {
    case UInt8(ascii: "A")...UInt8(ascii: "Z"): index = index * 26 + Int(u - UInt8(ascii: "A")) + 1
    case UInt8(ascii: "a")...UInt8(ascii: "z"): index = index * 26 + Int(u - UInt8(ascii: "a")) + 1
    case UInt8(ascii: "$"): continue
    default:
      return letters == 0 ? nil : index - 1
    }
    letters += 1
    if letters > 3 { return nil }  // XFD (16384 columns) is the maximum
  }
  return letters == 0 ? nil : index - 1
}

/// 0 → "A", 25 → "Z", 26 → "AA".
func columnLetters(_ index: Int) -> String {
  var n = index + 1
  var scalars: [Character] = []
  while n > 0 {
    let r = (n - 1) % 26
    scalars.append(Character(Unicode.Scalar(UInt8(65 + r))))
    n = (n - 1) / 26
  }
  return String(scalars.reversed())
}

/// True when the text has a zero followed by a digit at its start (after an optional sign):
/// "01", "-007". Such cells are keys, not numbers.
func hasLeadingZero(_ s: String) -> Bool {
  var it = s.utf8.makeIterator()
  var first = it.next()
  if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") { first = it.next() }
  guard first == UInt8(ascii: "0"), let second = it.next() else { return false }
  return second >= UInt8(ascii: "0") && second <= UInt8(ascii: "9")
}

/// A plain decimal number: optional sign, digits with an optional '.', optional exponent.
/// Rejects what `Double(_:)` would also accept but a spreadsheet cell never means as a
/// number ("nan", "inf", hex "0x1p3").
func parsePlainNumber(_ s: String) -> Double? {
  var digits = 0
  var i = s.utf8.startIndex
  let u = s.utf8
  if i < u.endIndex, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i = u.index(after: i) }
  while i < u.endIndex, u[i] >= 48, u[i] <= 57 { digits += 1; i = u.index(after: i) }
  if i < u.endIndex, u[i] == UInt8(ascii: ".") {
    i = u.index(after: i)
    while i < u.endIndex, u[i] >= 48, u[i] <= 57 { digits += 1; i = u.index(after: i) }
  }
  guard digits > 0 else { return nil }
  if i < u.endIndex, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
    i = u.index(after: i)
    if i < u.endIndex, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i = u.index(after: i) }
    var expDigits = 0
    while i < u.endIndex, u[i] >= 48, u[i] <= 57 { expDigits += 1; i = u.index(after: i) }
    guard expDigits > 0 else { return nil }
  }
  guard i == u.endIndex else { return nil }
  return Double(s)
}

/// Decodes the OOXML `_xHHHH_` escapes (ECMA-376 Part 1 §22.9.2.19 ST_Xstring).
func decodeXString(_ s: String) -> String {
  guard s.contains("_x") else { return s }
  var out = String.UnicodeScalarView()
  let scalars = Array(s.unicodeScalars)
  var i = 0
  while i < scalars.count {
    if scalars[i] == "_", i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_" {
      let hex = String(String.UnicodeScalarView(scalars[(i + 2)..<(i + 6)]))
      if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
        out.append(scalar)
        i += 7
        continue
      }
    }
    out.append(scalars[i])
    i += 1
  }
  return String(out)
}

/// The local part of a possibly prefixed XML name ("x:row" → "row").
@inline(__always) func localName(_ qualified: String) -> Substring {
  if let colon = qualified.lastIndex(of: ":") { return qualified[qualified.index(after: colon)...] }
  return Substring(qualified)
}

/// The attribute whose local name is `name`, whatever its prefix.
func attribute(_ attributes: [String: String], _ name: String) -> String? {
  if let v = attributes[name] { return v }
  for (k, v) in attributes where localName(k) == name { return v }
  return nil
}

// MARK: - Package

/// The ZIP container and its relationship parts.
struct XLSXPackage {
  struct SheetRef { var name: String; var part: String }

  let path: String
  let archive: Archive

  init(path: String) throws(DataError) {
    self.path = path
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .unreadable(path: path, reason: "no such file")
    }
    guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory") }
    guard fm.isReadableFile(atPath: path) else { throw .unreadable(path: path, reason: "permission denied") }
    if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue == 0 {
      throw .empty(path: path)
    }
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw .wrongFormat(
        path: path, expected: .xlsx,
        reason: "it is not a ZIP archive (an .xlsx workbook is a ZIP package of XML parts)")
    }
  }

  /// The inflated bytes of a part.
  func entryData(_ part: String, what: String) throws(DataError) -> Data {
    guard let entry = archive[part] else {
      throw .wrongFormat(
        path: path, expected: .xlsx, reason: "the workbook names \(part) for \(what), but the ZIP has no such entry")
    }
    return try extract(entry)
  }

  func extract(_ entry: Entry) throws(DataError) -> Data {
    var data = Data()
    // The declared size comes from the file: reserve at most 64 MB up front.
    data.reserveCapacity(Swift.min(Int(clamping: entry.uncompressedSize), 64 << 20))
    do {
      _ = try archive.extract(entry, skipCRC32: false) { chunk in data.append(chunk) }
    } catch {
      throw .wrongFormat(path: path, expected: .xlsx, reason: "cannot unpack \(entry.path): \(error)")
    }
    return data
  }

  /// Runs a SAX parse; XML errors become `.malformed` with line and column.
  func parse(_ data: Data, part: String, delegate: XMLParserDelegate) throws(DataError) {
    let parser = XMLParser(stream: InputStream(data: data))
    parser.shouldProcessNamespaces = false
    parser.shouldResolveExternalEntities = false
    parser.delegate = delegate
    if !parser.parse() {
      let message = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown XML error"
      throw .malformed(
        path: path, location: "\(part):\(parser.lineNumber):\(parser.columnNumber)",
        reason: "the XML part cannot be parsed: \(message)")
    }
  }

  /// The workbook part: from `_rels/.rels` (officeDocument), else `xl/workbook.xml`.
  func workbookPart() throws(DataError) -> String {
    if let rels = archive["_rels/.rels"] {
      let handler = RelationshipsHandler()
      try parse(try extract(rels), part: "_rels/.rels", delegate: handler)
      if let target = handler.relationships.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
        return resolve(target, base: "")
      }
    }
    if archive["xl/workbook.xml"] != nil { return "xl/workbook.xml" }
    let names = archive.prefix(8).map(\.path)
    throw .wrongFormat(
      path: path, expected: .xlsx,
      reason: "the ZIP archive has no workbook (no xl/workbook.xml and no officeDocument relationship in _rels/.rels); it holds: \(names.joined(separator: ", "))")
  }

  /// Sheets in workbook order with their part names.
  func sheets(workbook: String) throws(DataError) -> [SheetRef] {
    let wbHandler = WorkbookHandler()
    try parse(try entryData(workbook, what: "the workbook"), part: workbook, delegate: wbHandler)
    let dir = workbook.split(separator: "/").dropLast().joined(separator: "/")
    let relsPart = (dir.isEmpty ? "" : dir + "/") + "_rels/" + (workbook.split(separator: "/").last.map(String.init) ?? "") + ".rels"
    var targets: [String: String] = [:]
    if let rels = archive[relsPart] {
      let handler = RelationshipsHandler()
      try parse(try extract(rels), part: relsPart, delegate: handler)
      for r in handler.relationships { targets[r.id] = resolve(r.target, base: dir) }
    }
    var result: [SheetRef] = []
    for (i, s) in wbHandler.sheets.enumerated() {
      if let rid = s.relationshipID, let part = targets[rid] {
        result.append(SheetRef(name: s.name, part: part))
      } else {
        // No relationship part: fall back to the conventional name.
        result.append(SheetRef(name: s.name, part: (dir.isEmpty ? "" : dir + "/") + "worksheets/sheet\(i + 1).xml"))
      }
    }
    return result
  }

  /// The shared string table (empty when the workbook has none).
  func sharedStrings(workbook: String) throws(DataError) -> [String] {
    let dir = workbook.split(separator: "/").dropLast().joined(separator: "/")
    let part = (dir.isEmpty ? "" : dir + "/") + "sharedStrings.xml"
    guard let entry = archive[part] else { return [] }
    let handler = SharedStringsHandler()
    try parse(try extract(entry), part: part, delegate: handler)
    return handler.strings
  }

  /// Resolves a relationship target against the folder of its source part.
  func resolve(_ target: String, base: String) -> String {
    if target.hasPrefix("/") { return String(target.dropFirst()) }
    var parts = base.split(separator: "/").map(String.init)
    for component in target.split(separator: "/") {
      if component == ".." { _ = parts.popLast() } else if component != "." { parts.append(String(component)) }
    }
    return parts.joined(separator: "/")
  }
}
