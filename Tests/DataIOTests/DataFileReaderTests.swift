import Foundation
import Testing
import _TestSupport

@testable import DataIO

/// The "same data" fixture set (Tests/DataIOTests/Fixtures/same, made by make_fixtures.py):
/// 12 respondents, key `id` ("01"…"12", text), `ort` (umlauts, one blank, one with `& < >`),
/// items q1…q6 (1–5, 9 = keine Angabe, some blank), `gewicht` (decimals, one blank).
enum SameData {
  static let dir = "Tests/DataIOTests/Fixtures/same/"
  static let csv = repoPath(dir + "same.csv")
  static let openpyxl = repoPath(dir + "same_openpyxl.xlsx")
  static let libreoffice = repoPath(dir + "same_libreoffice.xlsx")
  static let sav = repoPath(dir + "same.sav")

  static let n = Double.nan
  static let names = ["id", "ort", "q1", "q2", "q3", "q4", "q5", "q6", "gewicht"]
  static let id = (1...12).map { $0 < 10 ? "0\($0)" : "\($0)" }
  static let ort = [
    "Müllheim", "Überlingen", "Göppingen", "Weißenburg", "", "Bad Dürkheim", "Öhringen", "Lörrach",
    "Söhne & Co <Süd>", "Tübingen", "Füssen", "Gießen",
  ]
  static let items: [[Double]] = [
    [4, 3, 5, 2, 4, 1, 5, 3, 9, 4, 2, 3],
    [5, 3, 4, 2, 4, 9, 5, n, 9, 3, 3, 4],
    [3, 9, 4, 1, 4, 2, 5, 3, 9, 4, 2, n],
    [4, 4, n, 2, 4, 1, 5, 3, 9, n, 3, 4],
    [2, 4, 5, 9, 4, 1, 5, 2, 9, 3, 2, 3],
    [5, 2, 4, 1, 4, 2, 5, 3, 9, 4, 3, 4],
  ]
  static let gewicht: [Double] = [1.25, 0.8, 1.0, 1.5, 0.75, 1.1, 0.9, 1.2, 1.0, 0.95, 1.05, n]

  /// The expected columns, in file order.
  static var columns: [ColumnValues] {
    [.text(id), .text(ort)] + items.map { .numeric($0) } + [.numeric(gewicht)]
  }

  /// Checks names, every cell (numbers exactly: the files store the same decimal text) and
  /// the row locations.
  static func check(_ t: DataTable, rowLocations: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(t.columnNames == names, sourceLocation: sourceLocation)
    #expect(t.rowLocations == rowLocations, sourceLocation: sourceLocation)
    #expect(t.columns.count == columns.count, sourceLocation: sourceLocation)
    for (j, (got, want)) in zip(t.columns, columns).enumerated() {
      switch (got, want) {
      case (.numeric(let g), .numeric(let w)):
        // Tolerance 0: every writer stores the shortest decimal, which parses to the same Double.
        #expect(firstMismatch(g, w, relative: 0) == nil, "column \(names[j])", sourceLocation: sourceLocation)
      case (.text(let g), .text(let w)):
        #expect(g == w, "column \(names[j])", sourceLocation: sourceLocation)
      default:
        Issue.record("column \(names[j]): got \(got), want \(want)", sourceLocation: sourceLocation)
      }
    }
  }
}

@Suite struct DataFileReaderTests {
  @Test func formatFromExtension() {
    #expect(DataFileReader.format(forExtensionOf: "a/b.XLSX") == .xlsx)
    #expect(DataFileReader.format(forExtensionOf: "b.sav") == .sav)
    #expect(DataFileReader.format(forExtensionOf: "b.csv") == .csv)
    #expect(DataFileReader.format(forExtensionOf: "b.dat") == nil)
  }

  @Test func formatFromContentWhenExtensionUnknown() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dfr-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let x = dir.appendingPathComponent("daten.bin").path
    try FileManager.default.copyItem(atPath: SameData.openpyxl, toPath: x)
    #expect(try DataFileReader.inferFormat(path: x) == .xlsx)
    SameData.check(try DataFileReader.read(path: x), rowLocations: Array(2...13))
    let s = dir.appendingPathComponent("daten.dat").path
    try FileManager.default.copyItem(atPath: SameData.sav, toPath: s)
    #expect(try DataFileReader.inferFormat(path: s) == .sav)
    #expect(throws: DataError.unreadable(path: dir.appendingPathComponent("nix.dat").path, reason: "no such file")) {
      try DataFileReader.read(path: dir.appendingPathComponent("nix.dat").path)
    }
  }

  /// CSV (";", Windows-1252, decimal comma, all detected), XLSX (openpyxl), XLSX (LibreOffice)
  /// and SAV give identical columns.
  @Test func sameDataAcrossFormats() throws {
    let a = try DataFileReader.read(path: SameData.openpyxl)
    let b = try DataFileReader.read(path: SameData.libreoffice)
    let c = try DataFileReader.read(path: SameData.sav)
    let d = try DataFileReader.read(path: SameData.csv)
    SameData.check(d, rowLocations: Array(2...13))
    #expect(zip(a.columns, d.columns).allSatisfy { sameCells($0, $1) })
    SameData.check(a, rowLocations: Array(2...13))
    SameData.check(b, rowLocations: Array(2...13))
    SameData.check(c, rowLocations: Array(1...12))
    #expect(a.columns == b.columns || zip(a.columns, b.columns).allSatisfy { sameCells($0, $1) })
    #expect(zip(a.columns, c.columns).allSatisfy { sameCells($0, $1) })
    #expect(a.format == .xlsx && c.format == .sav)
  }

  @Test func explicitFormatOverridesExtension() {
    // A ZIP handed to the SAV reader is not a SAV file.
    #expect {
      try DataFileReader.read(path: SameData.openpyxl, format: .sav)
    } throws: { error in
      guard case .wrongFormat(_, .sav, _)? = error as? DataError else { return false }
      return true
    }
  }
}

/// Cell-by-cell equality with NaN == NaN.
func sameCells(_ a: ColumnValues, _ b: ColumnValues) -> Bool {
  switch (a, b) {
  case (.numeric(let x), .numeric(let y)): return firstMismatch(x, y, relative: 0) == nil
  case (.text(let x), .text(let y)): return x == y
  default: return false
  }
}
