import FileSafety
import Foundation

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
/// Hostile input (see ``XLSXLimits``): the file must be a regular file (``FileSafety/InputFile``);
/// every part is inflated with a size limit and a compression-ratio limit checked while it inflates
/// (a zip bomb stops at the limit, named in the error); a part whose inflated size or CRC-32 differs
/// from its ZIP header, or whose XML is not well-formed — including a part cut short — is an error,
/// never a table with fewer rows; the table's size is bounded by the cells the sheet holds.
///
/// Implementation notes:
/// 1. The workbook is read into memory (it is compressed) and opened with ``ZIPReader`` (our own
///    bounds-checked container reader; ZIPFoundation is used for writing only);
///    `_rels/.rels` → workbook part, `xl/_rels/workbook.xml.rels` → sheet parts, as the package
///    relationships say.
/// 2. All XML is tokenized by ``XMLTokenizer``, a pull tokenizer over the bytes that checks
///    UTF-8 and well-formedness and cannot trap (Foundation's `XMLParser` traps on some malformed
///    input on Linux, PLATFORM.md "Measured 2026-12-07", and fails on documents over 10 MB).
/// 3. Memory: the compressed file, the inflated sheet XML, plus one small enum per non-empty cell.
///
/// Validated against: openpyxl 3.1.5 and LibreOffice 7.4 written files (Fixtures/same).
public enum XLSXReader {
  /// Reads the sheet called `sheet` (the first sheet when nil) of the workbook at `path`.
  ///
  /// - Throws: `DataError.unreadable` (no such file, not a regular file), `.wrongFormat(expected:
  ///   .xlsx)` (not a ZIP, a ZIP without a workbook, a part over a limit, truncated or corrupt),
  ///   `.sheetNotFound` (with the available names), `.malformed` (XML that is not well-formed, with
  ///   part, line, column and byte; a value in a column without a header), `.badHeader` (empty or
  ///   duplicate column name), `.empty`, `.headerOnly`.
  public static func read(path: String, sheet: String? = nil, limits: XLSXLimits = .default) throws(DataError) -> DataTable {
    try read(XLSXPackage(path: path, limits: limits), sheet: sheet)
  }

  /// Reads a workbook held in memory; `path` is only used in messages and `DataTable.path`.
  public static func read(data: [UInt8], path: String, sheet: String? = nil, limits: XLSXLimits = .default)
    throws(DataError) -> DataTable
  {
    try read(XLSXPackage(bytes: data, path: path, limits: limits), sheet: sheet)
  }

  static func read(_ package: XLSXPackage, sheet: String?) throws(DataError) -> DataTable {
    let path = package.path
    let limits = package.limits
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
    var parser = SheetParser(sharedStrings: shared, textBudget: limits.sheetText)
    try package.parse(sheetData, part: chosen.part, context: "sheet '\(chosen.name)'") { (t: inout XMLTokenizer) throws(XMLSyntaxError) in
      try parser.parse(&t)
    }
    return try buildTable(path: path, sheetName: chosen.name, rows: parser.rows, cellCount: parser.cellCount, limits: limits)
  }

  /// Reads a sheet from its XML part and, optionally, the shared-strings part, without the ZIP
  /// container: for tools that have unpacked a workbook themselves, and for fuzzing the XML layer
  /// (`Fuzz/`). `path` is only used in messages and `DataTable.path`.
  public static func read(sheetXML: [UInt8], sharedStringsXML: [UInt8]? = nil, path: String, limits: XLSXLimits = .default)
    throws(DataError) -> DataTable
  {
    var shared = SharedStringsParser()
    if let sharedStringsXML {
      try XLSXPackage.parse(Data(sharedStringsXML), path: path, part: "xl/sharedStrings.xml") { (t: inout XMLTokenizer) throws(XMLSyntaxError) in
        try shared.parse(&t)
      }
    }
    var parser = SheetParser(sharedStrings: shared.strings, textBudget: limits.sheetText)
    try XLSXPackage.parse(Data(sheetXML), path: path, part: "xl/worksheets/sheet1.xml", context: "sheet 'S1'") {
      (t: inout XMLTokenizer) throws(XMLSyntaxError) in try parser.parse(&t)
    }
    return try buildTable(path: path, sheetName: "S1", rows: parser.rows, cellCount: parser.cellCount, limits: limits)
  }

  /// The sheet names of the workbook at `path`, in workbook order.
  ///
  /// - Throws: `DataError.unreadable` or `.wrongFormat(expected: .xlsx)` as `read`.
  public static func sheetNames(path: String, limits: XLSXLimits = .default) throws(DataError) -> [String] {
    let package = try XLSXPackage(path: path, limits: limits)
    return try package.sheets(workbook: try package.workbookPart()).map(\.name)
  }

  // MARK: - Table assembly

  /// Turns the parsed rows into a table (header = first non-blank row).
  static func buildTable(
    path: String, sheetName: String, rows: [XLSXRow], cellCount: Int, limits: XLSXLimits = .default
  ) throws(DataError) -> DataTable {
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
    // The table is width × rows cells whatever the sheet holds; refuse one that is mostly absent.
    let (capacity, overflow) = width.multipliedReportingOverflow(by: dataRows.count)
    if overflow || capacity > limits.tableCells || capacity > Swift.max(limits.sparseTableCells, limits.sparseness * cellCount) {
      throw .malformed(
        path: path, location: "sheet '\(sheetName)'",
        reason: "the table would be \(width) columns × \(dataRows.count) rows but the sheet holds only \(cellCount) values; "
          + "refusing a table this large or sparse (at most \(limits.tableCells) cells, and beyond \(limits.sparseTableCells) cells at least one value in \(limits.sparseness))")
    }

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
    // As `trimmingWhitespace().isEmpty`, without copying the text (it stops at the first character).
    case .text(let s): s.unicodeScalars.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\u{FEFF}" }
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
  columnIndex(ofReferenceBytes: ref.utf8)
}

/// As `columnIndex(ofReference:)` for the bytes `r` of a tokenized document.
func columnIndex(ofReference t: XMLTokenizer, _ r: Range<Int>) -> Int? {
  columnIndex(ofReferenceBytes: r.lazy.map { t[$0] })
}

/// The column of a reference's leading letters (case-insensitive, `$` skipped), at most three
/// letters (XFD, 16384 columns, is the maximum); nil if there are none.
@inline(__always)
func columnIndex<Bytes: Sequence<UInt8>>(ofReferenceBytes bytes: Bytes) -> Int? {
  var index = 0
  var letters = 0
  for u in bytes {
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

// MARK: - Package

/// The ZIP container and its relationship parts.
struct XLSXPackage {
  struct SheetRef { var name: String; var part: String }

  let path: String
  let zip: ZIPReader
  let limits: XLSXLimits
  /// Inflated bytes so far (all parts read), for the total limit.
  private let inflated = Counter()

  final class Counter { var bytes = 0 }

  init(path: String, limits: XLSXLimits = .default) throws(DataError) {
    let bytes: [UInt8]
    do {
      bytes = try InputFile.read(path, limit: limits.fileBytes)
    } catch {
      if case .tooLarge(let limit) = error.kind {
        throw .wrongFormat(path: path, expected: .xlsx, reason: "the file is larger than \(byteCount(limit)) (XLSXLimits.fileBytes)")
      }
      throw .unreadable(path: path, reason: error.reason)
    }
    try self.init(bytes: bytes, path: path, limits: limits)
  }

  init(bytes: [UInt8], path: String, limits: XLSXLimits = .default) throws(DataError) {
    self.path = path
    self.limits = limits
    if bytes.isEmpty { throw .empty(path: path) }
    do {
      zip = try ZIPReader(bytes: bytes)
    } catch {
      throw .wrongFormat(path: path, expected: .xlsx, reason: error.message)
    }
  }

  /// The inflated bytes of a part.
  func entryData(_ part: String, what: String) throws(DataError) -> Data {
    guard let entry = zip.entry(part) else {
      throw .wrongFormat(
        path: path, expected: .xlsx, reason: "the workbook names \(part) for \(what), but the ZIP has no such entry")
    }
    return try extract(entry)
  }

  /// Inflates `entry` with the size and ratio limits checked as the bytes arrive.
  func extract(_ entry: ZIPReader.Entry) throws(DataError) -> Data {
    let name = entry.name
    func refuse(_ reason: String) -> DataError { .wrongFormat(path: path, expected: .xlsx, reason: "part \(name): \(reason)") }
    guard !entry.isDirectory else { throw refuse("the entry is a folder, not a part") }
    let declared = entry.uncompressedSize
    let compressed = entry.compressedSize
    let entryLimit = limits.entryBytes
    // Ratio limit: inflated bytes may exceed `ratio` × compressed bytes only below the floor.
    let (ratioCap, ratioOverflow) = limits.compressionRatio.multipliedReportingOverflow(by: Swift.max(compressed, 1))
    let allowed = Swift.min(entryLimit, Swift.max(limits.ratioFloor, ratioOverflow ? Int.max : ratioCap))
    if declared > allowed {
      if declared > entryLimit {
        throw refuse("its header declares \(declared) bytes, more than the limit of \(byteCount(entryLimit)) per part (XLSXLimits.entryBytes)")
      }
      throw refuse("its header declares \(declared) bytes from \(compressed) compressed (ratio \(declared / Swift.max(compressed, 1)):1), above the limit of \(limits.compressionRatio):1 (XLSXLimits.compressionRatio); a zip bomb?")
    }
    let totalLimit = limits.totalBytes
    var data = Data()
    data.reserveCapacity(declared)
    let counter = inflated
    do {
      try zip.inflate(entry) { (piece: UnsafeRawBufferPointer) throws(ZIPReader.Problem) in
        if data.count + piece.count > allowed {
          throw ZIPReader.Problem(
            message: data.count + piece.count > entryLimit
              ? "it inflates to more than \(byteCount(entryLimit)), the limit per part (XLSXLimits.entryBytes)"
              : "it inflates to more than \(limits.compressionRatio) times its \(compressed) compressed bytes (XLSXLimits.compressionRatio); a zip bomb?")
        }
        if counter.bytes + piece.count > totalLimit {
          throw ZIPReader.Problem(message: "the parts read so far inflate to more than \(byteCount(totalLimit)) (XLSXLimits.totalBytes)")
        }
        counter.bytes += piece.count
        data.append(contentsOf: piece)
      }
    } catch {
      throw refuse(error.message)
    }
    return data
  }

  /// Tokenizes a part and runs `body` on it; XML errors become `.malformed` with part, line,
  /// column and byte offset; content errors name `context` (e.g. the sheet).
  func parse(
    _ data: Data, part: String, context: String? = nil, _ body: (inout XMLTokenizer) throws(XMLSyntaxError) -> Void
  ) throws(DataError) {
    try XLSXPackage.parse(data, path: path, part: part, context: context, body)
  }

  static func parse(
    _ data: Data, path: String, part: String, context: String? = nil,
    _ body: (inout XMLTokenizer) throws(XMLSyntaxError) -> Void
  ) throws(DataError) {
    let outcome: Result<Void, DataError> = XMLDocument.withUTF8(data) { bytes, encodingError in
      if let encodingError {
        return .failure(.malformed(path: path, location: part, reason: "the XML part cannot be read: \(encodingError)"))
      }
      do throws(XMLSyntaxError) {
        var t = try XMLTokenizer(utf8: bytes)
        try body(&t)
        return .success(())
      } catch {
        let (line, column) = error.lineAndColumn(in: bytes)
        if error.isContent {
          let place = context.map { "\($0) (\(part))" } ?? part
          return .failure(.malformed(path: path, location: place, reason: "line \(line), column \(column): \(error.message)"))
        }
        return .failure(
          .malformed(
            path: path, location: "\(part):\(line):\(column)",
            reason: "the XML is not well-formed (byte \(error.offset)): \(error.message)"))
      }
    }
    try outcome.get()
  }

  /// The workbook part: from `_rels/.rels` (officeDocument), else `xl/workbook.xml`.
  func workbookPart() throws(DataError) -> String {
    if let rels = zip.entry("_rels/.rels") {
      var handler = RelationshipsParser()
      try parse(try extract(rels), part: "_rels/.rels") { (t: inout XMLTokenizer) throws(XMLSyntaxError) in try handler.parse(&t) }
      if let target = handler.relationships.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
        return resolve(target, base: "")
      }
    }
    if zip.entry("xl/workbook.xml") != nil { return "xl/workbook.xml" }
    let names = zip.entries.prefix(8).map(\.name)
    throw .wrongFormat(
      path: path, expected: .xlsx,
      reason: "the ZIP archive has no workbook (no xl/workbook.xml and no officeDocument relationship in _rels/.rels); it holds: \(names.joined(separator: ", "))")
  }

  /// Sheets in workbook order with their part names.
  func sheets(workbook: String) throws(DataError) -> [SheetRef] {
    var wbHandler = WorkbookParser()
    try parse(try entryData(workbook, what: "the workbook"), part: workbook) { (t: inout XMLTokenizer) throws(XMLSyntaxError) in
      try wbHandler.parse(&t)
    }
    let dir = workbook.split(separator: "/").dropLast().joined(separator: "/")
    let relsPart = (dir.isEmpty ? "" : dir + "/") + "_rels/" + (workbook.split(separator: "/").last.map(String.init) ?? "") + ".rels"
    var targets: [String: String] = [:]
    if let rels = zip.entry(relsPart) {
      var handler = RelationshipsParser()
      try parse(try extract(rels), part: relsPart) { (t: inout XMLTokenizer) throws(XMLSyntaxError) in try handler.parse(&t) }
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
    guard let entry = zip.entry(part) else { return [] }
    var handler = SharedStringsParser()
    try parse(try extract(entry), part: part) { (t: inout XMLTokenizer) throws(XMLSyntaxError) in try handler.parse(&t) }
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

