import Foundation
import Testing
import _TestSupport

@testable import DataIO

/// Header row counts of SAV and DTA files (issue 8 §2): Fixtures/make_sav_dta_fixtures.py writes
/// 25 cases and patches the header's count. Every SAV variant must yield all 25 cases with the
/// declared count kept for `check`; a DTA whose N disagrees with its data section is refused.
@Suite struct StatisticalFileHeaderTests {
  static let expectedX = (1...25).map(Double.init)

  @Test(arguments: ["plain", "bytecode", "zsav"], ["ok", "small", "large", "max", "unknown"])
  func savHeaderCountNeverDropsOrReserves(kind: String, count: String) throws {
    let ext = kind == "zsav" ? "zsav" : "sav"
    let t = try SAVReader.read(path: repoPath("Tests/DataIOTests/Fixtures/sav/count_\(kind)_\(count).\(ext)"))
    #expect(t.rowCount == 25)
    #expect(t.rowLocations == Array(1...25))
    guard case .numeric(let x)? = t.column("x") else { Issue.record("x is not numeric"); return }
    #expect(x == Self.expectedX)
    #expect(t.column("id")?.text(at: 24) == "c25")
    #expect(t.userMissing["y"] == [9])
    let declared: [String: Int?] = ["ok": 25, "small": 10, "large": 1000, "max": 2_147_483_647, "unknown": nil]
    #expect(t.declaredRowCount == declared[count] ?? nil)
  }

  @Test func dtaWithTheRightCountReads() throws {
    let t = try DTAReader.read(path: repoPath("Tests/DataIOTests/Fixtures/dta/n_ok.dta"))
    #expect(t.format == .dta)
    #expect(t.rowCount == 25)
    guard case .numeric(let x)? = t.column("x") else { Issue.record("x is not numeric"); return }
    #expect(x == Self.expectedX)
    #expect(t.declaredRowCount == 25)
  }

  @Test(arguments: ["small", "large"])
  func dtaWhoseCountDisagreesIsRefused(_ name: String) {
    let path = repoPath("Tests/DataIOTests/Fixtures/dta/n_\(name).dta")
    #expect {
      _ = try DTAReader.read(path: path)
    } throws: { e in
      guard case .malformed(let p, "header", let reason)? = e as? DataError else { return false }
      return p == path && reason.contains("the header declares \(name == "small" ? 10 : 1000) observations") && reason.contains("25 records")
    }
  }

  @Test func dtaFromDataFileReaderByExtensionAndContent() throws {
    #expect(DataFileReader.format(forExtensionOf: "x.dta") == .dta)
    #expect(try DataFileReader.inferFormat(path: repoPath("Tests/DataIOTests/Fixtures/dta/n_ok.dta")) == .dta)
  }

  @Test func metadataOfTheToolFixtureSAV() throws {
    let (table, variables) = try StatisticalFileReader.read(
      path: repoPath("Tests/IngestTests/Fixtures/tools/survey.sav"), format: .sav, rowLimit: nil)
    #expect(table.rowCount == 40)
    let tr = try #require(variables.first { $0.name == "tr_land" })
    #expect(tr.isNumeric && tr.measure == .ordinal)
    #expect(tr.valueLabels[5] == "trifft voll zu" && tr.valueLabels[-9] == "nicht beantwortet")
    #expect(tr.missingValues.sorted() == [-9, -1])
    #expect(tr.isUserMissing(-1) && !tr.isUserMissing(3))
    let ags = try #require(variables.first { $0.name == "ags" })
    #expect(!ags.isNumeric && ags.label == "Amtlicher Gemeindeschlüssel")
    // A row limit reads only the first rows.
    let (sample, _) = try StatisticalFileReader.read(
      path: repoPath("Tests/IngestTests/Fixtures/tools/survey.sav"), format: .sav, rowLimit: 5)
    #expect(sample.rowCount == 5)
  }
}

@Suite struct CSVLabelRowAndLevelsTests {
  @Test func labelRowBecomesVariableLabelsAndIsNoData() throws {
    let csv = "CASE;TR01_01;MODE\r\nInterview-Nummer;Vertrauen: Land;Modus\r\n118;4;interview\r\n120;-9;pretest\r\n"
    var o = CSVOptions()
    o.labelRow = true
    let t = try CSVReader.read(data: Array(csv.utf8), path: "s.csv", options: o)
    #expect(t.rowCount == 2)
    #expect(t.rowLocations == [3, 4])
    #expect(t.variableLabels["TR01_01"] == "Vertrauen: Land")
    guard case .numeric(let v)? = t.column("TR01_01") else { Issue.record("not numeric"); return }
    #expect(v == [4, -9])
  }

  @Test func labelRowWithTheWrongNumberOfFieldsIsARaggedRow() {
    var o = CSVOptions()
    o.labelRow = true
    #expect(throws: DataError.raggedRow(path: "s.csv", line: 2, found: 1, expected: 2)) {
      try CSVReader.read(data: Array("a;b\nonly one\n1;2\n".utf8), path: "s.csv", options: o)
    }
  }

  @Test func levelsHoldTheSameTextAsStrings() throws {
    // Repeated, quoted, escaped and recovered (column turning text after numbers) cells.
    let csv = "id,q,r\n1,3,\"Trifft voll zu\"\n2,\"Trifft voll zu\",\"a \"\"b\"\"\"\n3,Teils,Trifft voll zu\n4,,\"a \"\"b\"\"\"\n"
    let plain = try CSVReader.read(data: Array(csv.utf8), path: "l.csv")
    var o = CSVOptions()
    o.textAsLevels = true
    let levels = try CSVReader.read(data: Array(csv.utf8), path: "l.csv", options: o)
    for (name, distinct) in [("q", 4), ("r", 2)] {
      let a = try #require(plain.column(name)), b = try #require(levels.column(name))
      guard case .categorical(let codes, let l) = b else { Issue.record("\(name) is not categorical"); continue }
      #expect((0..<4).map { a.text(at: $0) } == (0..<4).map { b.text(at: $0) }, "\(name)")
      // Each distinct text is one level (a quoted and an unquoted "Trifft voll zu" included).
      #expect(codes.count == 4 && l.count == distinct, "\(name): \(l)")
    }
    #expect(levels.column("id") == plain.column("id"))
  }

  @Test func columnsThatHardlyRepeatGoPlainAndStayEqual() throws {
    // ids are distinct (plain text after 1,024 cells); answers repeat (levels); "x" turns the
    // numeric column q text late, so its first cells are recovered.
    var csv = "id,a,q\n"
    for i in 0..<3000 { csv += "R\(i),\(["ja", "nein", "\"weiß nicht\""][i % 3]),\(i == 2500 ? "x" : String(i % 5))\n" }
    var o = CSVOptions()
    o.textAsLevels = true
    let t = try CSVReader.read(data: Array(csv.utf8), path: "p.csv", options: o)
    let plain = try CSVReader.read(data: Array(csv.utf8), path: "p.csv")
    guard case .text = t.column("id") else { Issue.record("ids should be plain text"); return }
    guard case .categorical(_, let levels) = t.column("a") else { Issue.record("answers should be levels"); return }
    #expect(levels.count == 3)
    for name in ["id", "a", "q"] {
      let x = try #require(t.column(name)), y = try #require(plain.column(name))
      #expect((0..<3000).allSatisfy { x.text(at: $0) == y.text(at: $0) }, "\(name)")
    }
  }
}
