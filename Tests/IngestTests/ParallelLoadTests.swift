import Foundation
import Testing
import _TestSupport
@testable import Ingest

/// The item matrix is decoded column by column on several threads (`StudyReader.load(threads:)`);
/// the result must not depend on the thread count.
@Suite struct ParallelLoadTests {
  @Test func loadingOnOneOrFourThreadsGivesTheSameStudy() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-parallel-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // 6,000 rows × 24 items (four decoding threads): numbers in and out of range, decimals, blanks, missing codes,
    // and (in the last eight columns) text answers, labels and undecodable text.
    let labels = ["trifft gar nicht zu", "trifft eher nicht zu", "teils/teils", "trifft eher zu", "trifft voll zu"]
    var rng = TestSplitMix(seed: 7)
    var csv = "id," + (1...24).map { String(format: "q%02d", $0) }.joined(separator: ",") + "\n"
    for r in 0..<6_000 {
      var cells = ["r\(r)"]
      for j in 0..<24 {
        let u = Int(rng.next() % 100)
        let text = j >= 16
        switch u {
        case 0..<70: cells.append(text ? labels[u % 5] : String(u % 5 + 1))
        case 70..<80: cells.append("")
        case 80..<88: cells.append(u % 2 == 0 ? "8" : "9")
        case 88..<94: cells.append(text ? "weiß nicht so recht" : "7")
        case 94..<97: cells.append("2.5")
        default: cells.append(text ? "keine Angabe" : "-1")
        }
      }
      csv += cells.joined(separator: ",") + "\n"
    }
    try csv.write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
    let codes = labels.enumerated().map { k, l in "      \(k + 1): {label: \"\(l)\"}" }.joined(separator: "\n")
    let yaml = """
      study: {id: parallel, title: Parallel load}
      respondent_id: id
      files: [{path: data.csv}]
      response_scales:
        agree:
          codes:
      \(codes)
          missing: {8: "weiß nicht", 9: "keine Angabe"}
      items:
      \((1...24).map { String(format: "  - {id: q%02d, scale: agree, block: b%d}", $0, ($0 - 1) / 8) }.joined(separator: "\n"))

      """
    let studyPath = dir.appendingPathComponent("study.yaml").path
    try yaml.write(toFile: studyPath, atomically: true, encoding: .utf8)

    let one = try StudyReader.load(studyPath: studyPath, threads: 1)
    let four = try StudyReader.load(studyPath: studyPath, threads: 4)
    #expect(one.rowCount == 6_000 && one.items.columns == 24)
    #expect(StudyAssembler.decodeParts(threads: 4, rows: 6_000, items: 24) == 4)
    #expect(one.items.elements.map(\.bitPattern) == four.items.elements.map(\.bitPattern))
    #expect(one.status.bytes == four.status.bytes)
    #expect(one.status.rawCells == four.status.rawCells)
    // The file has every kind of cell, so the comparison covers every decoding path.
    let kinds = Set(one.status.bytes)
    for s in [CellStatus.valid, CellStatus.blank, CellStatus.missingCode(0), CellStatus.missingCode(1), CellStatus.outOfRange, CellStatus.undecodable] {
      #expect(kinds.contains(s))
    }
    #expect(one.status.rawCells.count > 1_000)
  }

  /// The numeric fast path (one branch-free pass, then the listed cells classified) gives each
  /// cell the value and status of the cell-by-cell rules (`ItemDecoder.classify`), and rows of a
  /// file without the item are NaN / not asked while the other file's rows are decoded.
  @Test func numericFastPathEqualsTheCellRulesAcrossFiles() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-decode-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var rng = TestSplitMix(seed: 11)
    let pool = ["1", "2", "3", "4", "5", "", "8", "9", "7", "0", "2.5", "-1", "5.0", "1e0", "6"]
    var cells: [[String]] = []
    var first = "id,a,b\n", second = "id,a\n"
    for r in 0..<3_000 {
      let row = [pool[Int(rng.next() % UInt64(pool.count))], pool[Int(rng.next() % UInt64(pool.count))]]
      cells.append(row)
      if r < 2_000 { first += "f\(r),\(row[0]),\(row[1])\n" } else { second += "s\(r),\(row[0])\n" }
    }
    try first.write(to: dir.appendingPathComponent("w1.csv"), atomically: true, encoding: .utf8)
    try second.write(to: dir.appendingPathComponent("w2.csv"), atomically: true, encoding: .utf8)
    let yaml = """
      study: {id: decode, title: Decode}
      respondent_id: id
      files: [{path: w1.csv, wave: 1}, {path: w2.csv, wave: 2, not_asked: [b]}]
      response_scales:
        agree:
          codes: {1: a, 2: b, 3: c, 4: d, 5: e}
          missing: {8: "weiß nicht", 9: "keine Angabe"}
      items:
        - {id: a, scale: agree}
        - {id: b, scale: agree}

      """
    let studyPath = dir.appendingPathComponent("study.yaml").path
    try yaml.write(toFile: studyPath, atomically: true, encoding: .utf8)
    let decoder = ItemDecoder(scale: try #require(try StudyReader.load(studyPath: studyPath).study.responseScales["agree"]), fileMissing: [])
    for threads in [1, 4] {
      let d = try StudyReader.load(studyPath: studyPath, threads: threads)
      #expect(d.rowCount == 3_000)
      for r in 0..<3_000 {
        for j in 0..<2 {
          let (value, status): (Double, UInt8)
          if j == 1 && r >= 2_000 {
            (value, status) = (.nan, CellStatus.notAsked)
          } else {
            (value, status) = decoder.classify(Double(cells[r][j]) ?? .nan)
          }
          #expect(d.items[r, j].bitPattern == value.bitPattern && d.status[r, j] == status, "row \(r), item \(j): \(cells[r][j])")
        }
      }
    }
  }
}
