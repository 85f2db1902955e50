import FileSafety
import Foundation
import ZIPFoundation

/// One cell for `XLSXWriter`.
public enum XLSXCell: Sendable, Equatable {
  /// A number; NaN is written as an empty cell, ±infinity is refused.
  case number(Double)
  /// Text, stored as an inline string (UTF-8, XML-escaped, spaces kept).
  case text(String)
  /// No cell.
  case empty
}

/// Why a workbook could not be written.
public enum XLSXWriterError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A sheet name Excel would refuse: empty, longer than 31 characters, or holding one of `[]:*?/\`.
  case invalidSheetName(name: String, reason: String)
  /// Two sheets have the same name (Excel compares case-insensitively).
  case duplicateSheetName(name: String)
  /// A row has more cells than the header has names (`row` is 1-based, data rows only).
  case rowTooWide(sheet: String, row: Int, found: Int, expected: Int)
  /// A number is ±infinity, which a spreadsheet cannot store.
  case nonFiniteNumber(sheet: String, row: Int, column: Int)
  /// No sheets were given; a workbook needs at least one.
  case noSheets
  /// The file could not be created, written or moved into place.
  case io(path: String, reason: String)

  public var description: String {
    switch self {
    case .invalidSheetName(let n, let r): return "sheet name '\(n)' is not allowed: \(r)"
    case .duplicateSheetName(let n): return "sheet name '\(n)' is used twice (names are compared ignoring case)"
    case .rowTooWide(let s, let r, let f, let e):
      return "sheet '\(s)': data row \(r) has \(f) cells but the header has \(e) names"
    case .nonFiniteNumber(let s, let r, let c):
      return "sheet '\(s)': data row \(r), column \(c): infinity cannot be stored in a spreadsheet"
    case .noSheets: return "a workbook needs at least one sheet"
    case .io(let p, let r): return "\(p): cannot write workbook: \(r)"
    }
  }
}

/// How a cell looks in a styled sheet (`XLSXSheet`). The workbook's `styles.xml` holds one
/// cell format per case; `number(digits:)` formats show that many decimals (`0.0`, `0.00`, …)
/// while the cell keeps the full-precision value.
public enum XLSXStyle: Sendable, Hashable {
  case normal
  /// Bold, 13 pt: a table title.
  case title
  /// Bold: a banner line.
  case banner
  /// Bold with a bottom border, wrapped: the header row (`headerRight` right-aligned, over numbers).
  case header, headerRight
  /// Italic: footnotes.
  case note
  /// A number shown with `digits` decimals (0…10).
  case number(digits: Int)
  /// A suppressed cell: empty with a light grey fill (the mark a footnote explains).
  case suppressed

  /// Index of the cell format (`cellXfs`) in `XLSXWriter.styles`.
  var index: Int {
    switch self {
    case .normal: 0
    case .title: 1
    case .banner: 2
    case .header: 3
    case .note: 4
    case .suppressed: 5
    case .headerRight: 6
    case .number(let d): 7 + Swift.max(0, Swift.min(d, 10))
    }
  }
}

/// A cell with its style.
public struct XLSXStyledCell: Sendable, Equatable {
  public var value: XLSXCell
  public var style: XLSXStyle
  public init(_ value: XLSXCell, _ style: XLSXStyle = .normal) {
    self.value = value
    self.style = style
  }
}

/// A sheet with layout: rows from row 1 (no implicit header), column widths, a frozen top pane
/// and an autofilter.
public struct XLSXSheet: Sendable {
  public var name: String
  public var rows: [[XLSXStyledCell]]
  /// Width of each column in characters of the default font (nil: Excel's default).
  public var columnWidths: [Double?]
  /// Rows kept visible when scrolling (the pane is frozen below them); 0 for none.
  public var frozenRows: Int
  /// Autofilter over rows `rows` (1-based, header row first) and the first `columns` columns.
  public var autoFilter: (rows: ClosedRange<Int>, columns: Int)?

  public init(name: String, rows: [[XLSXStyledCell]], columnWidths: [Double?] = [], frozenRows: Int = 0,
              autoFilter: (rows: ClosedRange<Int>, columns: Int)? = nil) {
    self.name = name
    self.rows = rows
    self.columnWidths = columnWidths
    self.frozenRows = frozenRows
    self.autoFilter = autoFilter
  }
}

/// Writes a minimal Office Open XML workbook (`.xlsx`).
///
/// The package holds exactly the parts Excel, LibreOffice and openpyxl need
/// (PLATFORM.md §3): `[Content_Types].xml`, `_rels/.rels`, `xl/workbook.xml`,
/// `xl/_rels/workbook.xml.rels`, `xl/styles.xml` and one `xl/worksheets/sheetN.xml` per sheet.
/// Text is written as inline strings (`t="inlineStr"`, no shared-string table); numbers as the
/// shortest round-tripping decimal (`formatNumber`), so reading the file back gives the same
/// `Double`s bit for bit, whatever number format shows them.
///
/// Two entry points: `write(sheets:to:)` (row 1 is the header, no styling) and
/// `write(workbook:to:)` with `XLSXSheet`s (styles from `XLSXStyle`, column widths
/// `<cols>`, a frozen pane `<sheetView><pane state="frozen">`, an `<autoFilter>` with the
/// `_xlnm._FilterDatabase` defined name Excel itself writes).
///
/// Escaping: `& < > "` become entities; characters XML 1.0 forbids (controls other than
/// tab, LF, CR) and a literal `_xHHHH_` become ST_Xstring `_xHHHH_` escapes; CR is written
/// as `&#13;` so it survives XML line-end normalisation; `xml:space="preserve"` keeps
/// leading and trailing spaces.
///
/// The workbook is built in memory and written by `FileSafety.SafeOutput`: to a temporary file
/// next to `path` renamed over it (a reader never sees a half-written file, a failed write leaves
/// any old file intact), through a symbolic link, or directly to a device or pipe.
///
/// Memory: each sheet's XML is built in memory before it is deflated (about 30 bytes per cell).
///
/// Validated against: openpyxl 3.1.5 `load_workbook` (Fixtures/make_fixtures.py --check-writer),
/// and for the styled form the fonts, number formats, pane and filter openpyxl reads back
/// (Tests/TrustMetricsTests/ReportWorkbookTests.swift).
public enum XLSXWriter {
  /// Writes `sheets` to `path`, replacing any file there. Row 1 is the header.
  ///
  /// - Throws: `XLSXWriterError`.
  public static func write(
    sheets: [(name: String, header: [String], rows: [[XLSXCell]])], to path: String
  ) throws(XLSXWriterError) {
    var styled: [XLSXSheet] = []
    for s in sheets {
      for (i, row) in s.rows.enumerated() where row.count > s.header.count {
        throw .rowTooWide(sheet: s.name, row: i + 1, found: row.count, expected: s.header.count)
      }
      var rows: [[XLSXStyledCell]] = []
      if !s.header.isEmpty { rows.append(s.header.map { XLSXStyledCell(.text($0)) }) }
      rows += s.rows.map { $0.map { XLSXStyledCell($0) } }
      styled.append(XLSXSheet(name: s.name, rows: rows))
    }
    try write(workbook: styled, to: path, firstDataRow: sheets.first.map { $0.header.isEmpty ? 1 : 2 } ?? 2)
  }

  /// Writes styled sheets to `path`, replacing any file there.
  ///
  /// - Throws: `XLSXWriterError`.
  public static func write(workbook sheets: [XLSXSheet], to path: String) throws(XLSXWriterError) {
    try write(workbook: sheets, to: path, firstDataRow: 1)
  }

  static func write(workbook sheets: [XLSXSheet], to path: String, firstDataRow: Int) throws(XLSXWriterError) {
    guard !sheets.isEmpty else { throw .noSheets }
    var seen = Set<String>()
    for s in sheets {
      try validateSheetName(s.name)
      guard seen.insert(s.name.lowercased()).inserted else { throw .duplicateSheetName(name: s.name) }
    }
    var parts: [(name: String, data: Data)] = []
    parts.append(("[Content_Types].xml", Data(contentTypes(sheetCount: sheets.count).utf8)))
    parts.append(("_rels/.rels", Data(rootRels.utf8)))
    parts.append(("xl/workbook.xml", Data(workbook(sheets).utf8)))
    parts.append(("xl/_rels/workbook.xml.rels", Data(workbookRels(sheetCount: sheets.count).utf8)))
    parts.append(("xl/styles.xml", Data(styles.utf8)))
    for (i, s) in sheets.enumerated() {
      parts.append(("xl/worksheets/sheet\(i + 1).xml", try sheetXML(s, firstDataRow: firstDataRow)))
    }
    try writeAtomically(parts: parts, to: path)
  }

  // MARK: - Parts

  static func validateSheetName(_ name: String) throws(XLSXWriterError) {
    if name.isEmpty { throw .invalidSheetName(name: name, reason: "it is empty") }
    if name.count > 31 { throw .invalidSheetName(name: name, reason: "it has \(name.count) characters; at most 31 are allowed") }
    if let bad = name.first(where: { "[]:*?/\\".contains($0) }) {
      throw .invalidSheetName(name: name, reason: "it contains '\(bad)'; none of [ ] : * ? / \\ is allowed")
    }
    if name.hasPrefix("'") || name.hasSuffix("'") {
      throw .invalidSheetName(name: name, reason: "it begins or ends with an apostrophe")
    }
    if name.unicodeScalars.contains(where: { !isXMLChar($0) || $0.value < 0x20 }) {
      throw .invalidSheetName(name: name, reason: "it contains a control character")
    }
  }

  static func contentTypes(sheetCount: Int) -> String {
    var s = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
      <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
      <Default Extension="xml" ContentType="application/xml"/>\
      <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
      <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
      """
    for i in 1...sheetCount {
      s += "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    }
    return s + "</Types>"
  }

  static let rootRels = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
    </Relationships>
    """

  static func workbook(_ sheets: [XLSXSheet]) -> String {
    var s = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
      xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
      """
    for (i, sheet) in sheets.enumerated() {
      s += "<sheet name=\"\(escapeXML(sheet.name, xstring: false))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
    }
    s += "</sheets>"
    let filters = sheets.enumerated().compactMap { i, sheet in sheet.autoFilter.map { (i, sheet.name, $0) } }
    if !filters.isEmpty {
      s += "<definedNames>"
      for (i, name, f) in filters {
        let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
        let ref = "\(quoted)!$A$\(f.rows.lowerBound):$\(columnLetters(Swift.max(0, f.columns - 1)))$\(f.rows.upperBound)"
        s += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">\(escapeXML(ref, xstring: false))</definedName>"
      }
      s += "</definedNames>"
    }
    return s + "</workbook>"
  }

  static func workbookRels(sheetCount: Int) -> String {
    var s = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
      """
    for i in 1...sheetCount {
      s += "<Relationship Id=\"rId\(i)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i).xml\"/>"
    }
    s += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
    return s + "</Relationships>"
  }

  /// Fonts: 0 Calibri 11, 1 bold, 2 bold 13 pt, 3 italic. Fills: 0 none, 1 gray125 (required),
  /// 2 solid light grey (suppressed). Borders: 0 none, 1 thin bottom. Number formats 165–174:
  /// `0.0` … `0.0000000000`. Cell formats in the order of `XLSXStyle.index`.
  static let styles: String = {
    var numFmts = ""
    for d in 1...10 { numFmts += "<numFmt numFmtId=\"\(164 + d)\" formatCode=\"0.\(String(repeating: "0", count: d))\"/>" }
    var numberXfs = "<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    for d in 1...10 { numberXfs += "<xf numFmtId=\"\(164 + d)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" }
    return """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
      <numFmts count="10">\(numFmts)</numFmts>\
      <fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
      <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
      <font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font>\
      <font><i/><sz val="10"/><name val="Calibri"/><family val="2"/></font></fonts>\
      <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
      <fill><patternFill patternType="solid"><fgColor rgb="FFD9D9D9"/><bgColor indexed="64"/></patternFill></fill></fills>\
      <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
      <border><left/><right/><top/><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>\
      <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
      <cellXfs count="18"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
      <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
      <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
      <xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
      <xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
      <xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>\
      <xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="right" vertical="top" wrapText="1"/></xf>\
      \(numberXfs)</cellXfs>\
      <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
      </styleSheet>
      """
  }()

  static func sheetXML(_ sheet: XLSXSheet, firstDataRow: Int) throws(XLSXWriterError) -> Data {
    let width = sheet.rows.map(\.count).max() ?? 0
    var out = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      """
    out.reserveCapacity(256 + 32 * sheet.rows.count * Swift.max(width, 1))
    let letters = (0..<Swift.max(width, sheet.columnWidths.count, sheet.autoFilter?.columns ?? 0)).map(columnLetters)
    if sheet.frozenRows > 0 {
      let cell = "A\(sheet.frozenRows + 1)"
      out += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"\(sheet.frozenRows)\" topLeftCell=\"\(cell)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
      out += "<selection pane=\"bottomLeft\" activeCell=\"\(cell)\" sqref=\"\(cell)\"/></sheetView></sheetViews>"
    }
    if sheet.columnWidths.contains(where: { $0 != nil }) {
      out += "<cols>"
      for (j, w) in sheet.columnWidths.enumerated() {
        guard let w else { continue }
        out += "<col min=\"\(j + 1)\" max=\"\(j + 1)\" width=\"\(numberText((w * 100).rounded() / 100))\" customWidth=\"1\"/>"
      }
      out += "</cols>"
    }
    out += "<sheetData>"
    for (i, row) in sheet.rows.enumerated() {
      let r = i + 1
      out += "<row r=\"\(r)\">"
      for (j, cell) in row.enumerated() {
        let s = cell.style.index
        let styleAttr = s == 0 ? "" : " s=\"\(s)\""
        switch cell.value {
        case .empty:
          if s != 0 { out += "<c r=\"\(letters[j])\(r)\"\(styleAttr)/>" }
        case .number(let x):
          if x.isNaN {
            if s != 0 { out += "<c r=\"\(letters[j])\(r)\"\(styleAttr)/>" }
            continue
          }
          guard x.isFinite else { throw .nonFiniteNumber(sheet: sheet.name, row: r - firstDataRow + 1, column: j + 1) }
          out += "<c r=\"\(letters[j])\(r)\"\(styleAttr)><v>\(numberText(x))</v></c>"
        case .text(let t):
          appendText(t, ref: "\(letters[j])\(r)", style: styleAttr, to: &out)
        }
      }
      out += "</row>"
    }
    out += "</sheetData>"
    if let f = sheet.autoFilter, f.columns > 0 {
      out += "<autoFilter ref=\"A\(f.rows.lowerBound):\(letters[f.columns - 1])\(f.rows.upperBound)\"/>"
    }
    out += "</worksheet>"
    return Data(out.utf8)
  }

  /// Shortest round-tripping decimal: integers without ".0", others as Swift prints them.
  static func numberText(_ x: Double) -> String {
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
  }

  static func appendText(_ s: String, ref: String, style: String = "", to out: inout String) {
    out += "<c r=\"\(ref)\"\(style) t=\"inlineStr\"><is><t"
    if let f = s.unicodeScalars.first, let l = s.unicodeScalars.last,
      f == " " || f == "\t" || f == "\n" || f == "\r" || l == " " || l == "\t" || l == "\n" || l == "\r"
    {
      out += " xml:space=\"preserve\""
    }
    out += ">"
    out += escapeXML(s)
    out += "</t></is></c>"
  }

  // MARK: - File

  /// Builds the ZIP package in memory and writes it with `SafeOutput` (atomic replacement of a
  /// file, written through a symbolic link, written directly to a device or pipe).
  static func writeAtomically(parts: [(name: String, data: Data)], to path: String) throws(XLSXWriterError) {
    let bytes: Data
    do {
      let archive = try Archive(accessMode: .create)
      for part in parts {
        let data = part.data
        try archive.addEntry(
          with: part.name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
        ) { position, size in
          let start = Int(position)
          return data.subdata(in: start..<Swift.min(start + size, data.count))
        }
      }
      guard let d = archive.data else { throw XLSXWriterError.io(path: path, reason: "the ZIP package could not be built") }
      bytes = d
    } catch let e as XLSXWriterError {
      throw e
    } catch {
      throw .io(path: path, reason: "\(error)")
    }
    do {
      try SafeOutput.write(bytes, to: path)
    } catch {
      throw .io(path: error.path, reason: error.reason)
    }
  }
}

/// True for characters XML 1.0 allows (§2.2 Char).
func isXMLChar(_ u: Unicode.Scalar) -> Bool {
  switch u.value {
  case 0x9, 0xA, 0xD: true
  case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
  default: false
  }
}

/// Escapes text for an XML attribute or element (see `XLSXWriter` for the rules); `xstring`
/// adds the ST_Xstring `_xHHHH_` escapes used in cell text (not in sheet names).
func escapeXML(_ s: String, xstring: Bool = true) -> String {
  var out = ""
  out.reserveCapacity(s.utf8.count)
  let scalars = Array(s.unicodeScalars)
  for (i, u) in scalars.enumerated() {
    switch u {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    case "\r": out += "&#13;"
    case "_" where xstring:
      // A literal "_xHHHH_" would be decoded by readers; escape its underscore.
      if i + 6 < scalars.count, scalars[i + 1] == "x", scalars[i + 6] == "_",
        scalars[(i + 2)..<(i + 6)].allSatisfy({ $0.properties.isASCIIHexDigit })
      {
        out += "_x005F_"
      } else {
        out += "_"
      }
    default:
      if isXMLChar(u) {
        out.unicodeScalars.append(u)
      } else {
        let hex = String(u.value, radix: 16, uppercase: true)
        out += "_x" + String(repeating: "0", count: Swift.max(0, 4 - hex.count)) + hex + "_"
      }
    }
  }
  return out
}
