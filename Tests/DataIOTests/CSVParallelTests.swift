import Foundation
import PropertyBased
import Testing
@testable import DataIO

/// The parallel parse (`CSVOptions.threads`) against the one-thread parse: the same table
/// (names, record lines, labels, column kinds, every number bit for bit, every text) or the same
/// error, for any thread count. Chunks are made tiny (`minimumChunkBytes`) so that small files
/// are cut in many places, inside quoted fields and line breaks included.
@Suite struct CSVParallelTests {
  static func options(threads: Int, levels: Bool, base: CSVOptions = .init()) -> CSVOptions {
    var o = base
    o.threads = threads
    o.minimumChunkBytes = 16
    o.textAsLevels = levels
    return o
  }

  /// The table or the error's message.
  static func outcome(_ bytes: [UInt8], _ options: CSVOptions) -> Result<DataTable, DataError> {
    Result { () throws(DataError) in try CSVReader.read(data: bytes, path: "p.csv", options: options) }
  }

  /// The same table (`DataTable.hasSameContent`) or the same error.
  static func same(_ a: Result<DataTable, DataError>, _ b: Result<DataTable, DataError>) -> Bool {
    switch (a, b) {
    case (.success(let x), .success(let y)): x.hasSameContent(as: y)
    case (.failure(let e), .failure(let f)): e.description == f.description
    default: false
    }
  }

  static func expectSameForEveryThreadCount(_ bytes: [UInt8], base: CSVOptions = .init(), _ comment: String = "") {
    for levels in [false, true] {
      let one = outcome(bytes, options(threads: 1, levels: levels, base: base))
      for threads in [2, 3, 5] {
        let many = outcome(bytes, options(threads: threads, levels: levels, base: base))
        // Compared outside #expect, so that a failure prints the input, not two whole tables.
        let agree = same(many, one)
        #expect(agree, "threads \(threads), levels \(levels) \(comment): \(String(decoding: bytes.prefix(400), as: UTF8.self).debugDescription)")
      }
    }
  }

  @Test func randomTablesInEveryDialect() async {
    await propertyCheck(
      count: 150, input: Gen<UInt64>.value(in: 0...UInt64.max), Gen.int(in: 1...5), Gen.int(in: 1...60)
    ) { seed, columns, rows in
      let table = CSVPropertyTests.table(seed: seed, columns: columns, rows: rows)
      for (d, dec, eol) in [(Character(","), Character("."), CSVLineEnding.crlf), (";", ",", .lf), ("\t", ".", .lf)] {
        Self.expectSameForEveryThreadCount(CSVWriter.writeBytes(table, delimiter: d, decimalSeparator: dec, lineEnding: eol))
      }
    }
  }

  @Test func randomBytes() async {
    await propertyCheck(count: 1500, input: CSVPropertyTests.bytes) { input in
      Self.expectSameForEveryThreadCount(input)
      Self.expectSameForEveryThreadCount(input, base: CSVOptions(hasHeader: false))
    }
  }

  /// Columns whose type changes in a later chunk, a column that is text only at the start,
  /// escaped quotes in levels, decimal commas, many distinct ids (plain text), and errors in a
  /// later chunk (the line must be the one-thread parse's).
  @Test func typeChangesAcrossChunksAndLateErrors() {
    var rows: [String] = []
    for r in 0..<400 {
      let late = r == 350 ? "k.A." : String(r % 5 + 1)
      let early = r < 3 ? "x\(r)" : String(r)
      let quoted = r % 7 == 0 ? "\"sagt \"\"ja\"\"\"" : (r % 3 == 0 ? "nein" : "ja")
      let decimal = "\(r % 10),\(r % 4)"
      rows.append("R\(r);\(late);\(early);\(quoted);\(decimal);\(r % 4 == 0 ? "" : "1")")
    }
    let text = "id;late;early;quoted;decimal;blank\n" + rows.joined(separator: "\n") + "\n"
    Self.expectSameForEveryThreadCount(Array(text.utf8))
    let table = try? CSVReader.read(data: Array(text.utf8), path: "p.csv", options: Self.options(threads: 3, levels: true))
    #expect(table?.column("late")?.text(at: 350) == "k.A.")
    #expect(table?.column("early")?.text(at: 200) == "200")
    #expect(table?.column("early")?.text(at: 1) == "x1")
    #expect(table?.column("decimal")?.number(at: 11) == 1.3)
    // A ragged row, an unbalanced quote and a quoted line break late in the file.
    for bad in ["R9;1;2\n", "R9;\"offen;1;2;3;4\n", "R9;\"zwei\nZeilen\";1;ja;1,0;1\n"] {
      var broken = rows
      broken.insert(String(bad.dropLast()), at: 330)
      Self.expectSameForEveryThreadCount(Array(("id;late;early;quoted;decimal;blank\n" + broken.joined(separator: "\n")).utf8))
    }
    // The chunks really joined (no fallback to one thread) for this file, which has no quoted
    // line breaks; with one in the middle, the record counts disagree and the reader falls back.
    #expect(Self.joinedChunks(text, threads: 3) == 400)
    var split = rows
    split[200] = "R200;1;2;\"zwei\nZeilen\";1,0;1"
    #expect(Self.joinedChunks("id;late;early;quoted;decimal;blank\n" + split.joined(separator: "\n") + "\n", threads: 3) == nil)
  }

  /// Records of the parallel parse when its chunks join, nil when it falls back.
  static func joinedChunks(_ text: String, threads: Int) -> Int? {
    let bytes = Array(text.utf8)
    let headerEnd = bytes.firstIndex(of: 0x0A)! + 1
    var contentEnd = bytes.count
    while contentEnd > 0 && bytes[contentEnd - 1] == 0x0A { contentEnd -= 1 }
    let columns = bytes[..<headerEnd].filter { $0 == 0x3B }.count + 1
    return bytes.withUnsafeBufferPointer { b -> Int? in
      let state: CSVRecordState?? = try? CSVReader.parseRecordsInParallel(
        p: b.baseAddress!, count: b.count, from: headerEnd, line: 2, to: contentEnd, delimiter: 0x3B,
        options: options(threads: threads, levels: true), columnCount: columns, estimatedRows: 500, encoding: .utf8,
        dot: true, comma: true, path: "p.csv")
      return state??.row
    }
  }

  /// `hasSameContent` compares cells, not their representation: NaN equals NaN (where `==`
  /// says no), levels equal the same texts; a changed cell, kind or row location differs.
  @Test func sameContentComparesCellsNotRepresentation() {
    let a = DataTable(path: "a.csv", format: .csv, columnNames: ["x", "y"], columns: [.numeric([1, .nan]), .text(["u", "v"])], rowLocations: [2, 3])
    let b = DataTable(path: "b.csv", format: .csv, columnNames: ["x", "y"],
                      columns: [.numeric([1, .nan]), .categorical(codes: [0, 1], levels: ["u", "v"])], rowLocations: [2, 3])
    #expect(a.hasSameContent(as: b))
    let copy = DataTable(path: "a.csv", format: .csv, columnNames: ["x", "y"], columns: [.numeric([1, .nan]), .text(["u", "v"])], rowLocations: [2, 3])
    #expect(a != copy && a.hasSameContent(as: copy))  // the synthesized == compares NaN as unequal
    var c = b
    c.columns[1] = .categorical(codes: [1, 0], levels: ["u", "v"])
    #expect(!a.hasSameContent(as: c))
    var d = a
    d.columns[0] = .text(["1", ""])
    #expect(!a.hasSameContent(as: d))
    var e = a
    e.rowLocations = [2, 4]
    #expect(!a.hasSameContent(as: e))
  }
}
