import Foundation
import Testing
import _TestSupport

@testable import DataIO

private let corpus = "Fuzz/corpus/xlsx/"

/// The reason of a `.wrongFormat` or the location and reason of a `.malformed` error, as one line.
private func message(_ body: () throws -> DataTable) -> String? {
  do {
    _ = try body()
    return nil
  } catch let e as DataError {
    return e.description
  } catch {
    return "unexpected \(error)"
  }
}

/// Workbooks built to break the reader: each is an error naming the part and the limit or the
/// defect, read in well under a second.
@Suite struct XLSXHostileTests {
  /// The crashers of issue 8 (Foundation's XMLParser trapped: SIGILL, SIGSEGV).
  @Test func formerCrashers() {
    let bad = message { try XLSXReader.read(path: repoPath(corpus + "crash-invalid-utf8-in-name.xlsx")) }
    #expect(bad?.contains("xl/worksheets/sheet1.xml:2:") == true && bad?.contains("byte 0xFF is not valid UTF-8") == true, "\(bad ?? "")")
    let lt = message { try XLSXReader.read(path: repoPath(corpus + "crash-lt-in-attribute.xlsx")) }
    #expect(lt?.contains("'<' inside the value of attribute 'xmlns'") == true, "\(lt ?? "")")
  }

  /// A sheet cut short is an error, never a table with fewer rows.
  @Test func truncation() {
    let sheet = message { try XLSXReader.read(path: repoPath(corpus + "truncated-sheet.xlsx")) }
    #expect(sheet?.contains("the document ends inside element <sheetData> (truncated part?)") == true, "\(sheet ?? "")")
    let file = message { try XLSXReader.read(path: repoPath(corpus + "truncated-file.xlsx")) }
    #expect(file?.contains("not a valid XLSX file") == true, "\(file ?? "")")
  }

  @Test func zipBombs() {
    let start = Date()
    let honest = message { try XLSXReader.read(path: repoPath(corpus + "zip-bomb-1mb.xlsx")) }
    #expect(honest?.contains("ratio 1028:1), above the limit of 200:1 (XLSXLimits.compressionRatio)") == true, "\(honest ?? "")")
    // Headers that claim 1,000 bytes: stopped while inflating, at 200 × the compressed size.
    let lying = message { try XLSXReader.read(path: repoPath(corpus + "zip-bomb-lying-sizes.xlsx")) }
    #expect(lying?.contains("it inflates to more than 200 times its") == true, "\(lying ?? "")")
    #expect(Date().timeIntervalSince(start) < 10)
  }

  /// ZIP64 fields, stored parts and a corrupted byte.
  @Test func containerVariants() throws {
    for name in ["seed-zip64.xlsx", "seed-stored.xlsx", "seed-small.xlsx"] {
      let t = try XLSXReader.read(path: repoPath(corpus + name))
      #expect(t.columnNames == ["id", "q1", "q2"], "\(name)")
      #expect(t.rowCount == 12, "\(name)")
    }
    var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: repoPath(corpus + "seed-stored.xlsx"))))
    // Flip a byte inside the stored sheet: the CRC-32 no longer matches.
    if let at = bytes.indices.dropFirst(200).first(where: { bytes[$0] == UInt8(ascii: "7") }) { bytes[at] = UInt8(ascii: "8") }
    let crc = message { try XLSXReader.read(data: bytes, path: "flipped.xlsx") }
    #expect(crc?.contains("CRC-32 does not match") == true, "\(crc ?? "")")
  }

  /// Each limit, made small, names itself.
  @Test func limits() throws {
    let dir = try TempDir()
    let rows = (2...400).map { r in "<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(r)</v></c><c r=\"B\(r)\" t=\"s\"><v>0</v></c></row>" }.joined()
    let sheet = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>n</t></is></c>"
      + "<c r=\"B1\" t=\"inlineStr\"><is><t>s</t></is></c></row>\(rows)</sheetData></worksheet>"
    let shared = "<sst><si><t>\(String(repeating: "long text ", count: 50))</t></si></sst>"
    let path = try dir.workbook("limits.xlsx", sheetXML: sheet, sharedStrings: shared)
    #expect(try XLSXReader.read(path: path).rowCount == 399)
    func read(_ l: XLSXLimits) -> String? { message { try XLSXReader.read(path: path, limits: l) } }
    #expect(read(XLSXLimits(entryBytes: 10_000))?.contains("XLSXLimits.entryBytes") == true)
    #expect(read(XLSXLimits(totalBytes: 20_000))?.contains("XLSXLimits.totalBytes") == true)
    #expect(read(XLSXLimits(compressionRatio: 2, ratioFloor: 0))?.contains("XLSXLimits.compressionRatio") == true)
    let text = read(XLSXLimits(sheetText: 100_000))
    #expect(text?.contains("the sheet's text (shared strings counted at every use) exceeds") == true, "\(text ?? "")")
    #expect(read(XLSXLimits(fileBytes: 1000))?.contains("XLSXLimits.fileBytes") == true)
  }

  /// A header of many columns over rows with one value each would allocate columns × rows cells.
  @Test func sparseTable() throws {
    let dir = try TempDir()
    let header = (0..<200).map { "<c r=\"\(columnLetters($0))1\" t=\"inlineStr\"><is><t>h\($0)</t></is></c>" }.joined()
    let rows = (2...300).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>1</v></c></row>" }.joined()
    let path = try dir.workbook("sparse.xlsx", sheetXML: "<worksheet><sheetData><row r=\"1\">\(header)</row>\(rows)</sheetData></worksheet>")
    #expect(try XLSXReader.read(path: path).columnNames.count == 200)  // 59,800 cells: under the default floor
    let m = message { try XLSXReader.read(path: path, limits: XLSXLimits(sparseTableCells: 10_000, sparseness: 64)) }
    #expect(m?.contains("the table would be 200 columns × 299 rows but the sheet holds only") == true, "\(m ?? "")")
  }
}
