import Foundation
import PropertyBased
import Testing
import _TestSupport

@testable import DataIO

@Suite struct XLSXWriterTests {
  /// Writes the same data, reads it back: identical table.
  @Test func roundTripSameData() throws {
    let expected = SameData.columns
    var rows: [[XLSXCell]] = []
    for r in 0..<12 {
      rows.append(
        expected.map { col in
          switch col {
          case .text(let v): return v[r].isEmpty ? .empty : .text(v[r])
          case .numeric(let v): return .number(v[r])  // NaN → empty cell
          case .categorical: return col.text(at: r).isEmpty ? .empty : .text(col.text(at: r))
          }
        })
    }
    let path = try TempDir().path("same.xlsx")
    try XLSXWriter.write(sheets: [(name: "Befragung", header: SameData.names, rows: rows)], to: path)
    SameData.check(try XLSXReader.read(path: path), rowLocations: Array(2...13))
  }

  @Test func escapingAndSpecialText() throws {
    let tricky = [
      "a & b < c > d \"e\" 'f'", "  leading and trailing  ", "Zeile1\nZeile2", "cr\r\nlf", "tab\there",
      "ctrl\u{1}\u{B}", "_x0041_ literal", "Ärger über Öl – 😀", "]]>", "&amp;",
    ]
    let path = try TempDir().path("escape.xlsx")
    try XLSXWriter.write(
      sheets: [
        (name: "Text & <Zahlen>", header: ["t"], rows: tricky.map { [.text($0)] }),
        (name: "Zwei", header: ["x", "y"], rows: [[.number(0.1), .number(-1e-300)], [.number(1e20), .empty]]),
      ], to: path)
    // For the one-off openpyxl check (not in CI):
    //   XLSX_WRITER_COPY=/tmp/w.xlsx swift test --filter escapingAndSpecialText
    //   python3 Tests/DataIOTests/Fixtures/make_fixtures.py --check-writer /tmp/w.xlsx
    if let copy = ProcessInfo.processInfo.environment["XLSX_WRITER_COPY"] {
      try? FileManager.default.removeItem(atPath: copy)
      try FileManager.default.copyItem(atPath: path, toPath: copy)
    }
    #expect(try XLSXReader.sheetNames(path: path) == ["Text & <Zahlen>", "Zwei"])
    let t = try XLSXReader.read(path: path)
    #expect(t.column("t") == .text(tricky))
    let z = try XLSXReader.read(path: path, sheet: "Zwei")
    // Exact: the shortest round-trip decimal parses back to the same Double.
    #expect(z.column("x") == .numeric([0.1, 1e20]))
    #expect(z.column("y").map { sameCells($0, .numeric([-1e-300, .nan])) } == true)
  }

  @Test func invalidInputIsRefused() throws {
    let dir = try TempDir()
    let p = dir.path("bad.xlsx")
    #expect(throws: XLSXWriterError.noSheets) { try XLSXWriter.write(sheets: [], to: p) }
    #expect(throws: XLSXWriterError.invalidSheetName(name: "a/b", reason: "it contains '/'; none of [ ] : * ? / \\ is allowed")) {
      try XLSXWriter.write(sheets: [(name: "a/b", header: ["x"], rows: [])], to: p)
    }
    #expect(throws: XLSXWriterError.duplicateSheetName(name: "daten")) {
      try XLSXWriter.write(sheets: [(name: "Daten", header: ["x"], rows: []), (name: "daten", header: ["x"], rows: [])], to: p)
    }
    #expect(throws: XLSXWriterError.rowTooWide(sheet: "S", row: 1, found: 2, expected: 1)) {
      try XLSXWriter.write(sheets: [(name: "S", header: ["x"], rows: [[.number(1), .number(2)]])], to: p)
    }
    #expect(throws: XLSXWriterError.nonFiniteNumber(sheet: "S", row: 1, column: 1)) {
      try XLSXWriter.write(sheets: [(name: "S", header: ["x"], rows: [[.number(.infinity)]])], to: p)
    }
    #expect(!FileManager.default.fileExists(atPath: p))
    // No temporary files left behind.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path).isEmpty)
  }

  @Test func replacesExistingFileAtomically() throws {
    let dir = try TempDir()
    let p = try dir.file("out.xlsx", Data("old".utf8))
    try XLSXWriter.write(sheets: [(name: "S", header: ["x"], rows: [[.number(1)]])], to: p)
    #expect(try XLSXReader.read(path: p).column("x") == .numeric([1]))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["out.xlsx"])
    // A folder that cannot be created (its parent is a file; running as root, a missing folder would be made).
    #expect(throws: XLSXWriterError.self) {
      try XLSXWriter.write(sheets: [(name: "S", header: ["x"], rows: [])], to: p + "/sub/out.xlsx")
    }
  }

  /// Property: any finite doubles and any text (incl. controls and surrogate-plane
  /// characters) survive write → read exactly.
  @Test func roundTripProperty() async throws {
    let dir = try TempDir()
    let chars: [Character] = ["a", "Z", "0", " ", "&", "<", ">", "\"", "_", "x", "\n", "\t", "\u{1}", "ä", "€", "😀"]
    await propertyCheck(
      count: 60,
      input: Gen.double(in: -1e6...1e6).array(of: 1...8),
      Gen.int(in: 0...(Int.max / 2)).array(of: 1...8)
    ) { numbers, seeds in
      let texts = seeds.map { s in String((0..<(s % 9)).map { chars[(s >> ($0 * 4)) % chars.count] }) }
      let n = min(numbers.count, texts.count)
      let rows: [[XLSXCell]] = (0..<n).map { [.number(numbers[$0]), .text("k" + texts[$0])] }
      let p = dir.path("prop-\(UUID().uuidString).xlsx")
      do {
        try XLSXWriter.write(sheets: [(name: "P", header: ["num", "txt"], rows: rows)], to: p)
        let t = try XLSXReader.read(path: p)
        #expect(t.column("num") == .numeric(Array(numbers.prefix(n))))
        #expect(t.column("txt") == .text(texts.prefix(n).map { "k" + $0 }))
      } catch {
        Issue.record("\(error)")
      }
    }
  }
}
