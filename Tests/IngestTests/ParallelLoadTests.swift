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
}
