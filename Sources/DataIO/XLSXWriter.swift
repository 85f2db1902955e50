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

/// Writes a minimal Office Open XML workbook (`.xlsx`).
///
/// The package holds exactly the parts Excel, LibreOffice and openpyxl need
/// (PLATFORM.md §3): `[Content_Types].xml`, `_rels/.rels`, `xl/workbook.xml`,
/// `xl/_rels/workbook.xml.rels`, `xl/styles.xml` (one font/fill/border/xf and the
/// `Normal` cell style) and one `xl/worksheets/sheetN.xml` per sheet. Text is written as
/// inline strings (`t="inlineStr"`, no shared-string table); numbers as the shortest
/// round-tripping decimal (`formatNumber`), so reading the file back gives the same
/// `Double`s bit for bit. Row 1 is the header.
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
/// Validated against: openpyxl 3.1.5 `load_workbook` (Fixtures/make_fixtures.py --check-writer).
public enum XLSXWriter {
  /// Writes `sheets` to `path`, replacing any file there.
  ///
  /// - Throws: `XLSXWriterError`.
  public static func write(
    sheets: [(name: String, header: [String], rows: [[XLSXCell]])], to path: String
  ) throws(XLSXWriterError) {
    guard !sheets.isEmpty else { throw .noSheets }
    var seen = Set<String>()
    for s in sheets {
      try validateSheetName(s.name)
      guard seen.insert(s.name.lowercased()).inserted else { throw .duplicateSheetName(name: s.name) }
    }
    var parts: [(name: String, data: Data)] = []
    parts.append(("[Content_Types].xml", Data(contentTypes(sheetCount: sheets.count).utf8)))
    parts.append(("_rels/.rels", Data(rootRels.utf8)))
    parts.append(("xl/workbook.xml", Data(workbook(names: sheets.map(\.name)).utf8)))
    parts.append(("xl/_rels/workbook.xml.rels", Data(workbookRels(sheetCount: sheets.count).utf8)))
    parts.append(("xl/styles.xml", Data(styles.utf8)))
    for (i, s) in sheets.enumerated() {
      parts.append(("xl/worksheets/sheet\(i + 1).xml", try sheetXML(name: s.name, header: s.header, rows: s.rows)))
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

  static func workbook(names: [String]) -> String {
    var s = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
      xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
      """
    for (i, n) in names.enumerated() {
      s += "<sheet name=\"\(escapeXML(n, xstring: false))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
    }
    return s + "</sheets></workbook>"
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

  static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
    <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
    <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
    <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
    </styleSheet>
    """

  static func sheetXML(name: String, header: [String], rows: [[XLSXCell]]) throws(XLSXWriterError) -> Data {
    var out = """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      """
    out.reserveCapacity(64 + 32 * (rows.count + 1) * Swift.max(header.count, 1))
    let letters = (0..<Swift.max(header.count, rows.map(\.count).max() ?? 0)).map(columnLetters)
    if !header.isEmpty {
      out += "<row r=\"1\">"
      for (j, h) in header.enumerated() { appendText(h, ref: "\(letters[j])1", to: &out) }
      out += "</row>"
    }
    for (i, row) in rows.enumerated() {
      if row.count > header.count {
        throw .rowTooWide(sheet: name, row: i + 1, found: row.count, expected: header.count)
      }
      let r = i + 2
      out += "<row r=\"\(r)\">"
      for (j, cell) in row.enumerated() {
        switch cell {
        case .empty: continue
        case .number(let x):
          if x.isNaN { continue }
          guard x.isFinite else { throw .nonFiniteNumber(sheet: name, row: i + 1, column: j + 1) }
          out += "<c r=\"\(letters[j])\(r)\"><v>\(numberText(x))</v></c>"
        case .text(let s):
          appendText(s, ref: "\(letters[j])\(r)", to: &out)
        }
      }
      out += "</row>"
    }
    out += "</sheetData></worksheet>"
    return Data(out.utf8)
  }

  /// Shortest round-tripping decimal: integers without ".0", others as Swift prints them.
  static func numberText(_ x: Double) -> String {
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
  }

  static func appendText(_ s: String, ref: String, to out: inout String) {
    out += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t"
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
