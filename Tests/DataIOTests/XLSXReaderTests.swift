import Foundation
import Testing
import ZIPFoundation
import _TestSupport

@testable import DataIO

private let fixtures = "Tests/DataIOTests/Fixtures/xlsx/"

@Suite struct XLSXReaderTests {
  // MARK: - Same data

  @Test func openpyxlFixture() throws {
    let t = try XLSXReader.read(path: SameData.openpyxl)
    #expect(t.format == .xlsx)
    SameData.check(t, rowLocations: Array(2...13))
    #expect(try XLSXReader.sheetNames(path: SameData.openpyxl) == ["Befragung"])
  }

  /// LibreOffice writes shared strings (`t="s"`) and explicit styles; same table.
  @Test func libreOfficeFixture() throws {
    let t = try XLSXReader.read(path: SameData.libreoffice, sheet: "Befragung")
    SameData.check(t, rowLocations: Array(2...13))
  }

  // MARK: - Edge cases (openpyxl fixture)

  @Test func edgeSheet() throws {
    let path = repoPath(fixtures + "edge.xlsx")
    #expect(try XLSXReader.sheetNames(path: path) == ["Daten", "Leer", "NurKopf", "Versatz", "LueckeImKopf"])
    let t = try XLSXReader.read(path: path)  // first sheet: Daten
    #expect(t.columnNames == ["key", "zahl_als_text", "rich", "bool", "formel", "fehler"])
    #expect(t.rowLocations == [2, 3, 5])  // the blank row 4 is skipped
    #expect(t.column("key") == .text(["01", "10", "02"]))  // leading zero keeps the column text
    #expect(t.column("zahl_als_text") == .numeric([3, 4.5, -2]))  // numbers stored as text
    #expect(t.column("rich") == .text(["Grüße", "abc", "x"]))  // rich-text runs concatenated
    #expect(t.column("bool") == .text(["TRUE", "FALSE", "TRUE"]))
    guard case .numeric(let f)? = t.column("formel") else {
      Issue.record("formel should be numeric (all empty)")
      return
    }
    #expect(f.count == 3 && f.allSatisfy(\.isNaN))  // formula without cached value
    #expect(t.column("fehler") == .text(["#N/A", "7", "1"]))  // error cell makes the column text
  }

  @Test func tableNotStartingAtA1() throws {
    let t = try XLSXReader.read(path: repoPath(fixtures + "edge.xlsx"), sheet: "Versatz")
    #expect(t.columnNames == ["x", "y"])
    #expect(t.rowLocations == [4, 6])
    #expect(t.column("x")?.count == 2)
    #expect(t.column("x").map { sameCells($0, .numeric([1, 2.5])) } == true)
    #expect(t.column("y") == .text(["u", ""]))
  }

  @Test func emptyHeaderOnlyAndGappedHeader() {
    let path = repoPath(fixtures + "edge.xlsx")
    #expect(throws: DataError.empty(path: path)) { try XLSXReader.read(path: path, sheet: "Leer") }
    #expect(throws: DataError.headerOnly(path: path)) { try XLSXReader.read(path: path, sheet: "NurKopf") }
    #expect {
      try XLSXReader.read(path: path, sheet: "LueckeImKopf")
    } throws: { error in
      guard case .badHeader(_, 2, let reason)? = error as? DataError else { return false }
      return reason.contains("B1")
    }
  }

  // MARK: - Bad input

  @Test func missingSheetNamesTheAvailableOnes() {
    let path = SameData.openpyxl
    #expect(throws: DataError.sheetNotFound(path: path, sheet: "Tabelle1", available: ["Befragung"])) {
      try XLSXReader.read(path: path, sheet: "Tabelle1")
    }
  }

  @Test func zipHoldingATextFile() {
    let path = repoPath(fixtures + "not_a_workbook.xlsx")
    #expect {
      try XLSXReader.read(path: path)
    } throws: { error in
      guard case .wrongFormat(_, .xlsx, let reason)? = error as? DataError else { return false }
      return reason.contains("xl/workbook.xml") && reason.contains("readme.txt")
    }
  }

  @Test func randomBytes() {
    let path = repoPath(fixtures + "random_bytes.xlsx")
    #expect {
      try XLSXReader.read(path: path)
    } throws: { error in
      guard case .wrongFormat(_, .xlsx, let reason)? = error as? DataError else { return false }
      return reason.contains("not a ZIP")
    }
  }

  @Test func missingAndEmptyFile() throws {
    #expect(throws: DataError.unreadable(path: "/nonexistent/x.xlsx", reason: "no such file")) {
      try XLSXReader.read(path: "/nonexistent/x.xlsx")
    }
    let empty = try TempDir().file("leer.xlsx", Data())
    #expect(throws: DataError.empty(path: empty)) { try XLSXReader.read(path: empty) }
  }

  // MARK: - Hand-written parts (shared strings, escapes, prefixes, missing refs)

  /// Shared strings with rich runs and a phonetic run, `_xHHHH_` escapes, a `x:` namespace
  /// prefix, cells without `r`, a `str` formula result, an absolute relationship target.
  @Test func handWrittenWorkbook() throws {
    let sheet = """
      <?xml version="1.0" encoding="UTF-8"?>
      <x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
      <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>
      <x:row><x:c r="A2" t="s"><x:v>3</x:v></x:c><x:c r="B2"><x:v>1.5E2</x:v></x:c><x:c r="C2" t="str"><x:f>A2</x:f><x:v>a_x0009_b</x:v></x:c></x:row>
      <x:row r="3"><x:c r="B3" t="n"><x:v>-0.25</x:v></x:c><x:c r="C3" t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t xml:space="preserve"> line</x:t></x:r></x:is></x:c></x:row>
      </x:sheetData></x:worksheet>
      """
    let shared = """
      <?xml version="1.0" encoding="UTF-8"?>
      <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
      <si><t>name</t></si><si><r><t>we</t></r><r><rPr><b/></rPr><t>rt</t></r></si><si><t>Spalte &amp; &lt;C&gt;</t></si>
      <si><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>
      </sst>
      """
    let path = try TempDir().workbook(
      "hand.xlsx", sheetXML: sheet, sharedStrings: shared, sheetTarget: "/xl/worksheets/data.xml")
    let t = try XLSXReader.read(path: path)
    #expect(t.columnNames.count == 3)
    #expect(t.columnNames.prefix(2) == ["name", "wert"])
    #expect(t.columnNames.last == "Spalte & <C>")
    #expect(t.rowLocations == [2, 3])
    #expect(t.column("name") == .text(["東京", ""]))
    #expect(t.column("wert") == .numeric([150, -0.25]))
    #expect(t.column("Spalte & <C>") == .text(["a\tb", "in line"]))
  }

  @Test func duplicateColumnNameIsAnError() throws {
    let sheet = """
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>a</t></is></c></row>
      <row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c></row></sheetData></worksheet>
      """
    let path = try TempDir().workbook("dup.xlsx", sheetXML: sheet)
    #expect {
      try XLSXReader.read(path: path)
    } throws: { error in
      guard case .badHeader(_, 2, let reason)? = error as? DataError else { return false }
      return reason.contains("used twice")
    }
  }

  @Test func valueOutsideTheHeaderIsAnError() throws {
    let sheet = """
      <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
      <row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>
      <row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>2</v></c></row></sheetData></worksheet>
      """
    let path = try TempDir().workbook("wide.xlsx", sheetXML: sheet)
    #expect(throws: DataError.malformed(
      path: path, location: "sheet 'S1' cell C2", reason: "the cell holds '2' but its column has no header; the header spans A–A")
    ) { try XLSXReader.read(path: path) }
  }

  @Test func brokenXMLAndBadSharedIndex() throws {
    let broken = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData></worksheet>"
    let p1 = try TempDir().workbook("broken.xlsx", sheetXML: broken)
    #expect {
      try XLSXReader.read(path: p1)
    } throws: { error in
      guard case .malformed(_, let loc, _)? = error as? DataError else { return false }
      return loc.hasPrefix("xl/worksheets/sheet1.xml:")
    }
    let badIndex = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>"
    let p2 = try TempDir().workbook("badindex.xlsx", sheetXML: badIndex)
    #expect {
      try XLSXReader.read(path: p2)
    } throws: { error in
      guard case .malformed(_, _, let reason)? = error as? DataError else { return false }
      return reason.contains("shared string '7'")
    }
  }

  // MARK: - Helpers

  @Test func cellReferences() {
    #expect(columnIndex(ofReference: "A1") == 0)
    #expect(columnIndex(ofReference: "Z9") == 25)
    #expect(columnIndex(ofReference: "AA10") == 26)
    #expect(columnIndex(ofReference: "AB12") == 27)
    #expect(columnIndex(ofReference: "XFD1048576") == 16383)
    #expect(columnIndex(ofReference: "$C$3") == 2)
    #expect(columnIndex(ofReference: "12") == nil)
    for i in [0, 1, 25, 26, 27, 701, 702, 16383] {
      #expect(columnIndex(ofReference: columnLetters(i) + "1") == i)
    }
  }

  @Test func plainNumbersAndLeadingZeros() {
    #expect(parsePlainNumber("3") == 3)
    #expect(parsePlainNumber("-2.50") == -2.5)
    #expect(parsePlainNumber(".5") == 0.5)
    #expect(parsePlainNumber("1e3") == 1000)
    for s in ["nan", "inf", "0x10", "1,5", "1e", "-", "", "3 4", "1.2.3"] { #expect(parsePlainNumber(s) == nil, "\(s)") }
    #expect(hasLeadingZero("01") && hasLeadingZero("-007") && hasLeadingZero("00"))
    #expect(!hasLeadingZero("0") && !hasLeadingZero("0.5") && !hasLeadingZero("10"))
  }
}

/// A fresh directory under the system temporary directory (files are tiny and left for the OS to clean).
struct TempDir {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("dataio-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  func file(_ name: String, _ data: Data) throws -> String {
    let p = path(name)
    try data.write(to: URL(fileURLWithPath: p))
    return p
  }

  /// A one-sheet workbook ("S1") with the given sheet XML, optional shared strings and
  /// relationship target for the sheet.
  func workbook(
    _ name: String, sheetXML: String, sharedStrings: String? = nil, sheetTarget: String = "worksheets/sheet1.xml"
  ) throws -> String {
    let p = path(name)
    let archive = try Archive(url: URL(fileURLWithPath: p), accessMode: .create)
    let sheetPart = sheetTarget.hasPrefix("/") ? String(sheetTarget.dropFirst()) : "xl/" + sheetTarget
    var parts: [(String, String)] = [
      (
        "_rels/.rels",
        """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """
      ),
      (
        "xl/workbook.xml",
        """
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets><sheet name="S1" sheetId="1" r:id="rId7"/></sheets></workbook>
        """
      ),
      (
        "xl/_rels/workbook.xml.rels",
        """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="\(sheetTarget)"/></Relationships>
        """
      ),
      (sheetPart, sheetXML),
    ]
    if let sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStrings)) }
    for (name, text) in parts {
      let data = Data(text.utf8)
      try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
        pos, size in data.subdata(in: Int(pos)..<min(Int(pos) + size, data.count))
      }
    }
    return p
  }
}
