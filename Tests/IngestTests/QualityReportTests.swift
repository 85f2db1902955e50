import Foundation
import Testing
import _TestSupport
@testable import Codebook
@testable import Ingest

let miniStudy = repoPath("Tests/IngestTests/Fixtures/mini/study.yaml")

/// Every count below was made by hand from Tests/IngestTests/Fixtures/mini/data/*.csv.
@Suite struct QualityReportTests {
  @Test func wave2019CountsByHand() throws {
    let data = try StudyReader.load(studyPath: miniStudy)
    #expect(data.rowCount == 9)
    let q = QualityCheck.report(data, wave: 2019)
    #expect(q.rows == 5)
    let t1 = try #require(q.items.first { $0.item == "t1" })
    #expect(t1.valid == 3 && t1.blank == 1 && t1.outOfRange == 1)
    let t2 = try #require(q.items.first { $0.item == "t2" })
    #expect(t2.valid == 3 && t2.blank == 0 && t2.missingByCode.map(\.count) == [1, 1] && t2.outOfRange == 0)
    #expect(q.items.first { $0.item == "t3" }?.valid == 5)
    #expect(q.outOfRange.count == 1)
    #expect(q.outOfRange.first?.source.line == 6)
    #expect(q.outOfRange.first?.value == "6")
    #expect(q.outOfRange.first?.allowed == "1–5 ('trifft gar nicht zu' … 'trifft voll zu'), missing codes 8, 9 or blank")
    #expect(q.duplicates.isEmpty)
    #expect(q.unknownRegions.map(\.key) == ["15009"])
    #expect(q.unknownRegions.first?.first.line == 6)
    #expect(q.straightLiners.map(\.respondent) == ["r3"])
    #expect(q.straightLiners.first?.value == 5)
    #expect(q.completeness == [1, 0.75, 1, 0.5, 0.75])
    #expect(q.warnings.count == 3)
  }

  @Test func wave2021CountsByHand() throws {
    let data = try StudyReader.load(studyPath: miniStudy)
    let q = QualityCheck.report(data, wave: 2021)
    #expect(q.rows == 4)
    let t1 = try #require(q.items.first { $0.item == "t1" })
    #expect(t1.valid == 3 && t1.outOfRange == 1)
    #expect(q.outOfRange.first?.value == "x")
    #expect(q.outOfRange.first?.source.line == 3)
    #expect(q.items.first { $0.item == "d1" }?.missingByCode.map(\.count) == [0, 1])
    #expect(q.duplicates.map(\.respondent) == ["r2"])
    #expect(q.duplicates.first?.sources.map(\.line) == [3, 4])
    #expect(q.straightLiners.map(\.respondent) == ["r2", "r6"])
    #expect(q.waveMismatches.count == 1)
    #expect(q.waveMismatches.first?.source.line == 5)
    #expect(q.completeness == [1, 0.75, 0.75, 1])
  }

  @Test func analysableValuesDropMissingCodesAndOutOfRange() throws {
    let data = try StudyReader.load(studyPath: miniStudy)
    // Row r2 (2019): t2 = 8 "weiß nicht" → NaN in items, 8 in rawItems.
    #expect(data.rawItems[1, 1] == 8)
    #expect(data.items[1, 1].isNaN)
    // Row r5 (2019): t1 = 6 out of range → NaN.
    #expect(data.rawItems[4, 0] == 6)
    #expect(data.items[4, 0].isNaN)
    #expect(data.items[0, 0] == 4)
    #expect(data.regionKeys["kreis"]?[0] == "15001")
  }

  @Test func missingColumnNamesFileAndRole() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-mini-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
    try String(contentsOfFile: miniStudy, encoding: .utf8).write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
    try "id,wave,kreis,t1,t2,d1\nr1,2019,15001,1,2,3\n".write(to: dir.appendingPathComponent("data/w2019.csv"), atomically: true, encoding: .utf8)
    try "id,wave,kreis,t1,t2,t3,d1\nr1,2021,15001,1,2,3,4\n".write(to: dir.appendingPathComponent("data/w2021.csv"), atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect {
      try StudyReader.load(studyPath: dir.appendingPathComponent("study.yaml").path)
    } throws: { e in
      guard case .missingColumn(let file, let column, let role, _)? = e as? IngestError else { return false }
      return file.hasSuffix("data/w2019.csv") && column == "t3" && role == "item t3"
    }
  }

  @Test func unknownWaveIsAnError() {
    #expect(throws: IngestError.unknownWave(2030, available: [2019, 2021])) {
      try StudyReader.load(studyPath: miniStudy, wave: 2030)
    }
  }
}

/// The same 12 respondents stored as CSV (";", Windows-1252, decimal comma), XLSX written by
/// openpyxl, XLSX written by LibreOffice and SPSS .sav give the identical quality report.
@Suite struct CrossFormatTests {
  static let dir = repoPath("Tests/DataIOTests/Fixtures/same")

  func study(file: String) throws -> Study {
    let yaml = """
      study: {id: same, title: "Same data, four files"}
      respondent_id: id
      files:
        - {path: \(file)}
      response_scales:
        likert5: {codes: {1: a, 2: b, 3: c, 4: d, 5: e}, missing: {9: "keine Angabe"}}
      items:
      \((1...6).map { "  - {id: q\($0), scale: likert5, block: all}" }.joined(separator: "\n"))
      variables:
        - {id: ort, type: text}
        - {id: gewicht, type: numeric}
      """
    return try StudyLoader.parse(yaml: yaml, file: "same.yaml", baseDirectory: Self.dir)
  }

  func qualityCSV(_ file: String) throws -> String {
    let data = try StudyReader.load(study: try study(file: file))
    var report = QualityCheck.run(data).map(\.self)
    for i in report.indices {
      for j in report[i].outOfRange.indices { report[i].outOfRange[j].source.file = "same" }
      for j in report[i].straightLiners.indices { report[i].straightLiners[j].source.file = "same" }
    }
    let counts = report[0].items.map { "\($0.item):\($0.valid)/\($0.blank)/\($0.missingByCode.map(\.count))/\($0.outOfRange)" }
    let values = (0..<data.rowCount).map { r in (0..<6).map { data.rawItems[r, $0] } }
    let w = data.variables["gewicht"].map { c in (0..<data.rowCount).map { c.number(at: $0) } } ?? []
    let ort = data.variables["ort"].map { c in (0..<data.rowCount).map { c.text(at: $0) } } ?? []
    return "\(counts)\n\(values)\n\(w)\n\(ort)\n\(Array(data.respondentIDs))\n\(report[0].straightLiners.map(\.respondent))\n\(report[0].completeness)"
  }

  @Test func csvXlsxSavAgree() throws {
    let csv = try qualityCSV("same.csv")
    #expect(csv.contains("Müllheim"))
    #expect(csv.contains("\"01\""))
    for other in ["same_openpyxl.xlsx", "same_libreoffice.xlsx", "same.sav"] {
      let o = try qualityCSV(other)
      #expect(o == csv, "\(other) differs from same.csv")
    }
  }
}

/// The eight-bytes-at-a-time screen of `itemCellProblems` never misses an out-of-range (3) or
/// undecodable (4) status byte, at any position and column length.
@Suite struct FlaggedCellScreenTests {
  @Test func screenAgreesWithTheByteLoop() {
    var rng = TestSplitMix(seed: 5)
    let harmless: [UInt8] = [0, 1, 2, 5, 16, 17, 80, 131, 255, 0x83, 0x84]
    for n in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1_000] {
      for _ in 0..<40 {
        var bytes = (0..<n).map { _ in harmless[Int(rng.next() % UInt64(harmless.count))] }
        if n > 0 && rng.next() % 2 == 0 { bytes[Int(rng.next() % UInt64(n))] = rng.next() % 2 == 0 ? 3 : 4 }
        let expected = bytes.contains(3) || bytes.contains(4)
        let screened = bytes.withUnsafeBufferPointer { b in
          b.baseAddress.map { StudyData.mayHoldFlaggedCells($0, count: n) } ?? false
        }
        #expect(screened == expected, "n = \(n)")
      }
    }
  }
}
