import Foundation
import Testing
import _TestSupport
@testable import Codebook
@testable import DataIO
@testable import Ingest

/// A study in a temporary folder: `study.yaml` plus data files.
final class TempStudy {
  let dir: URL
  init(_ files: [String: String], encoding: String.Encoding = .utf8) throws {
    dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-ingest-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files {
      let enc: String.Encoding = name.hasSuffix(".yaml") ? .utf8 : encoding
      try text.data(using: enc)!.write(to: dir.appendingPathComponent(name))
    }
  }
  var study: String { dir.appendingPathComponent("study.yaml").path }
  func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
  func load(_ cases: CaseSelectionMode = .declared) throws -> StudyData { try StudyReader.load(studyPath: study, cases: cases) }
  deinit { try? FileManager.default.removeItem(at: dir) }
}

let agreeScale = """
  response_scales:
    agree:
      codes:
        1: {label: "Trifft gar nicht zu", aliases: [A1, AO01]}
        2: {label: "Trifft eher nicht zu", aliases: [A2, AO02]}
        3: {label: "Teils/teils", aliases: [A3, AO03]}
        4: {label: "Trifft eher zu", aliases: [A4, AO04]}
        5: {label: "Trifft voll zu", aliases: [A5, AO05]}
      missing: {-9: "nicht beantwortet", -1: {label: "weiß nicht", aliases: [AO06]}, "N/A": "keine Antwort", "-oth-": "Sonstiges"}

  """

@Suite struct TextAnswerTests {
  func study(_ csv: String, extra: String = "", encoding: String.Encoding = .utf8) throws -> TempStudy {
    try TempStudy([
      "study.yaml": "study: {id: t, title: T}\nrespondent_id: id\nfiles: [{path: d.csv}]\n" + agreeScale
        + "items: [{id: q1, scale: agree}, {id: q2, scale: agree}]\n" + extra,
      "d.csv": csv,
    ], encoding: encoding)
  }

  @Test func fullTextAnswerCodesCaseAndBlanksDecode() throws {
    let s = try study("""
      id,q1,q2
      r1,Trifft voll zu,A1
      r2,  trifft   VOLL zu ,AO03
      r3,weiß nicht,N/A
      r4,-9,
      r5,4,-oth-
      r6,Trifft voll zu.,AO06

      """)
    let d = try s.load()
    #expect((0..<6).map { d.items[$0, 0].isNaN ? -1 : d.items[$0, 0] } == [5, 5, -1, -1, 4, -1])
    #expect((0..<6).map { d.items[$0, 1].isNaN ? -1 : d.items[$0, 1] } == [1, 3, -1, -1, -1, -1])
    let q = QualityCheck.report(d, wave: nil)
    let q1 = try #require(q.items.first { $0.item == "q1" })
    #expect(q1.valid == 3 && q1.outOfRange == 1 && q1.undecodable == 1)
    #expect(q1.missingByCode.map(\.count) == [1, 1])  // -9, -1 ("weiß nicht")
    let q2 = try #require(q.items.first { $0.item == "q2" })
    #expect(q2.valid == 2 && q2.blank == 1 && q2.missingByCode.map(\.count) == [0, 1] && q2.missingByText.map(\.count) == [1, 1])
    let bad = try #require(q.outOfRange.first)
    #expect(bad.location == s.path("d.csv") + ":7:2" && bad.respondent == "r6" && bad.value == "Trifft voll zu.")
    #expect(bad.allowed.contains("'Trifft gar nicht zu' … 'Trifft voll zu'") && bad.allowed.contains("'N/A'"))
  }

  @Test func aDecimalOnAnIntegerScaleIsOutOfRange() throws {
    let s = try study("id;q1;q2\nr1;3,5;3\nr2;4;2.5\n")
    let d = try s.load()
    #expect(d.items[0, 0].isNaN && d.status[0, 0] == CellStatus.outOfRange && d.status.raw(row: 0, item: 0) == .number(3.5))
    #expect(d.items[1, 1].isNaN && d.status[1, 1] == CellStatus.outOfRange)
    #expect(d.items[0, 1] == 3 && d.items[1, 0] == 4)
  }

  @Test func aLetterInsideANumberIsReportedWithFileLineColumn() throws {
    // Windows-1252 "ä" (0xE4) inside a number: the column turns text, the cell is undecodable.
    let s = try study("id;q1;q2\r\nr1;4;3\r\nr2;3ä;2\r\n", encoding: .windowsCP1252)
    let d = try s.load()
    #expect(d.items[1, 0].isNaN && d.status[1, 0] == CellStatus.undecodable)
    let w = d.readWarnings
    #expect(w.count == 1)
    #expect(w.first?.contains("item q1: 1 cell(s) that are no number and no label of its scale") == true)
    #expect(w.first?.contains(s.path("d.csv") + ":3:2 '3ä'") == true)
  }

  @Test func aWholeUndecodableColumnIsSummarisedAndAnalysisSaysWhy() throws {
    var csv = "id,q1,q2\n"
    for i in 0..<60 { csv += "r\(i),sehr gut,\(i % 5 + 1)\n" }
    let s = try study(csv)
    let d = try s.load()
    let q = QualityCheck.report(d, wave: nil)
    #expect(q.outOfRangeTotal == 60)
    #expect(q.outOfRange.count == WaveQuality.listedPerItem)
    #expect(d.readWarnings.first?.hasPrefix("item q1: 60 cell(s)") == true)
    #expect(throws: IngestError.self) { try d.requireValidValues(["q1", "q2"]) }
    do {
      try d.requireValidValues(["q1"])
    } catch {
      #expect(error.description.hasPrefix("item 'q1' has no valid value in the 60 row(s) analysed: 60 out of range or not a label of its scale; first: "))
      #expect(error.description.contains(":2:2 'sehr gut'"))
    }
    try d.requireValidValues(["q2"])
  }

  @Test func numericColumnsWithTextAreReported() throws {
    let s = try study("id,q1,q2,w\nr1,1,2,1.5\nr2,2,3,x\n", extra: "design: {weight: w}\n")
    let d = try s.load()
    #expect(d.weights?[0] == 1.5 && d.weights?[1].isNaN == true)
    #expect(d.loadReport.columnProblemCounts["w"] == 1)
    #expect(d.readWarnings.contains { $0.contains("column w (design weight): 1 cell(s) are not numbers") && $0.contains("d.csv:3:4 'x'") })
  }
}

@Suite struct StatisticalFileIngestTests {
  func study(_ file: String, missing: String = "{-9: \"nicht beantwortet\"}", labels: String = "{1: \"trifft gar nicht zu\", 2: \"trifft eher nicht zu\", 3: \"teils/teils\", 4: \"trifft eher zu\", 5: \"trifft voll zu\"}") throws -> Study {
    let yaml = """
      study: {id: s, title: S}
      respondent_id: resp
      files: [{path: \(file)}]
      response_scales:
        s5: {codes: \(labels), missing: \(missing)}
      items: [{id: tr_land, scale: s5}, {id: tr_kreis, scale: s5}]
      """
    return try StudyLoader.parse(yaml: yaml, file: "s.yaml", baseDirectory: repoPath("Tests/IngestTests/Fixtures/tools"))
  }

  @Test func userMissingOfTheFileCountsWithoutTheCodebook() throws {
    // The codebook lists -9 only; the file also declares -1 user-missing.
    let d = try StudyReader.load(study: try study("survey.sav"))
    let q = QualityCheck.report(d, wave: nil)
    let t = try #require(q.items.first { $0.item == "tr_land" })
    let raw = try SAVReader.read(path: repoPath("Tests/IngestTests/Fixtures/tools/survey.sav"))
    let v = raw.column("tr_land")!
    #expect(t.fileMissing == (0..<40).filter { v.number(at: $0) == -1 }.count)
    #expect(t.missingByCode.first?.count == (0..<40).filter { v.number(at: $0) == -9 }.count)
    #expect(t.outOfRange == 0)
    #expect(t.valid + t.fileMissing + t.missingByCode[0].count + t.blank == 40)
  }

  @Test func labelConflictsAreReported() throws {
    let d = try StudyReader.load(study: try study("survey.sav", labels: "{1: \"stimme gar nicht zu\", 2: \"trifft eher nicht zu\", 3: \"teils/teils\", 4: \"trifft eher zu\", 5: \"trifft voll zu\"}"))
    let c = d.loadReport.labelConflicts
    #expect(c.count == 2)  // code 1 in tr_land and tr_kreis
    #expect(c.first?.code == 1 && c.first?.fileLabel == "trifft gar nicht zu" && c.first?.codebookLabel == "stimme gar nicht zu")
    #expect(d.loadReport.warnings.contains { $0.hasPrefix("2 value label(s) of the data files disagree with the codebook") })
  }

  @Test func aHeaderCountThatDisagreesIsReportedAndAllRowsAreRead() throws {
    let yaml = """
      study: {id: s, title: S}
      respondent_id: id
      files: [{path: count_bytecode_small.sav}]
      response_scales:
        s5: {codes: {1: a, 2: b, 3: c, 4: d, 5: e}}
      items: [{id: y, scale: s5}]
      """
    let study = try StudyLoader.parse(yaml: yaml, file: "s.yaml", baseDirectory: repoPath("Tests/DataIOTests/Fixtures/sav"))
    let d = try StudyReader.load(study: study)
    #expect(d.rowCount == 25)
    #expect(d.loadReport.rowCountNotes.map(\.declared) == [10] && d.loadReport.rowCountNotes.map(\.found) == [25])
    #expect(d.readWarnings.contains { $0.hasSuffix("count_bytecode_small.sav: the header declares 10 row(s) but the file holds 25; all 25 were read") })
    // The file's user-missing 9 (case 7) is missing although the codebook does not list it.
    #expect(d.status[6, 0] == CellStatus.fileMissing)
  }

  @Test func statsFileAndCSVOfTheSameDataAgree() throws {
    let sav = try StudyReader.load(study: try study("survey.sav", missing: "{-9: \"nicht beantwortet\", -1: \"weiß nicht\"}"))
    let dta = try StudyReader.load(study: try study("survey.dta", missing: "{-9: \"nicht beantwortet\", -1: \"weiß nicht\"}"))
    // Stata's extended missing values (.a for -1, .i for -9) are missing; the valid answers agree.
    for j in 0..<2 {
      for i in 0..<40 {
        let a = sav.items[i, j], b = dta.items[i, j]
        #expect(a == b || (a.isNaN && b.isNaN), "row \(i) item \(j)")
      }
    }
  }
}

@Suite struct CaseRuleTests {
  let csv = """
    id;MODE;FINISHED;TIME_RSI;q1;q2;q3
    a;interview;1;1,1;4;3;2
    b;pretest;1;1,0;4;4;4
    c;interview;0;0,9;;;
    d;interview;1;2,6;5;5;5
    a;interview;1;1,0;3;3;2
    e;interview;1;0,8;2;2;2

    """

  func study(_ rules: String) throws -> TempStudy {
    try TempStudy([
      "study.yaml": "study: {id: t, title: T}\nrespondent_id: id\nfiles: [{path: d.csv}]\ncases:\n\(rules)\n" + agreeScale
        + "items: [{id: q1, scale: agree, block: b}, {id: q2, scale: agree, block: b}, {id: q3, scale: agree, block: b}]\n",
      "d.csv": csv,
    ])
  }

  @Test func rulesRunInOrderAndAreCounted() throws {
    let s = try study("""
        - drop: MODE == "pretest"
        - keep: FINISHED == 1
        - speeders: {column: TIME_RSI, above: 2.0}
        - duplicates: last
        - straightliners: flag
      """)
    let d = try s.load()
    #expect(Array(d.respondentIDs) == ["a", "e"])
    #expect(d.sources.map(\.line) == [6, 7])
    let c = d.caseSelection
    #expect(c.rowsRead == 6 && c.rowsKept == 2)
    #expect(c.rules.map(\.dropped) == [1, 1, 1, 1, 1])
    #expect(c.rules.map(\.considered) == [6, 5, 4, 3, 2])
    #expect(c.rules.last?.flagOnly == true)
    #expect(c.dropped.map(\.respondent) == ["b", "c", "d", "a"])
    #expect(c.dropped.map(\.rule) == ["drop MODE == \"pretest\"", "keep FINISHED == 1", "speeders: TIME_RSI > 2", "duplicates: last"])
    #expect(c.footnote == "cases: 6 rows read, 2 kept; dropped per rule: 'drop MODE == \"pretest\"' 1, 'keep FINISHED == 1' 1, 'speeders: TIME_RSI > 2' 1, 'duplicates: last' 1; flagged: 'straightliners: flag' 1")
    let file = CaseSelectionFile.csv(c)
    #expect(file.hasPrefix("file,line,wave,respondent,rule\r\n"))
    #expect(file.contains(s.path("d.csv") + ",3,,b,\"drop MODE == \"\"pretest\"\"\""))
    // --cases all: every row, and a footnote that says the rules were not applied.
    let all = try s.load(.all)
    #expect(all.rowCount == 6)
    #expect(all.caseSelection.footnote == "cases: all 6 rows of the files (--cases all: the codebook's 5 case rule(s) are not applied)")
  }

  @Test func straightLinersAndFirstDuplicatesDrop() throws {
    let s = try study("  - straightliners: drop\n  - duplicates: first\n")
    let d = try s.load()
    // b, d and e give the same answer to the whole block; the second "a" is a duplicate.
    #expect(Array(d.respondentIDs) == ["a", "c"])
    #expect(d.caseSelection.rules.map(\.dropped) == [3, 1])
  }

  @Test func duplicatesErrorNamesTheRows() throws {
    let s = try study("  - duplicates: error\n")
    #expect { try s.load() } throws: { e in
      guard case .duplicateRespondents("duplicates: error", 1, "a", let locations)? = e as? IngestError else { return false }
      return locations == [s.path("d.csv") + ":2", s.path("d.csv") + ":6"]
    }
  }

  @Test func aRuleColumnMissingInAFileIsAnError() throws {
    let s = try study("  - keep: LASTPAGE >= 3\n")
    #expect { try s.load() } throws: { e in
      guard case .missingColumn(_, "LASTPAGE", let role, _)? = e as? IngestError else { return false }
      return role.contains("case rule 'keep LASTPAGE >= 3'")
    }
  }

  @Test func speedersBelowAShareOfTheMedian() throws {
    let s = try TempStudy([
      "study.yaml": "study: {id: t, title: T}\nrespondent_id: id\nfiles: [{path: d.csv}]\ncases: [speeders: {column: t, below_median: 0.5}]\n" + agreeScale
        + "items: [{id: q1, scale: agree}]\n",
      "d.csv": "id,t,q1\na,100,1\nb,40,2\nc,120,3\nd,,4\ne,90,5\n",
    ])
    // Median of 100, 40, 120, 90 is 95: below 47.5 is a speeder; a blank time is kept.
    let d = try s.load()
    #expect(Array(d.respondentIDs) == ["a", "c", "d", "e"])
  }
}

@Suite struct RegionKeyTests {
  let table = """
    key,name,level,parent
    01,Schleswig-Holstein,land,
    15,Sachsen-Anhalt,land,
    01001,Flensburg,kreis,01
    15002,Halle (Saale),kreis,15
    15085,Harz,kreis,15
    15085040,Halberstadt,gemeinde,15085

    """

  func study(_ variables: String, _ csv: String) throws -> TempStudy {
    try TempStudy([
      "study.yaml": "study: {id: t, title: T}\nrespondent_id: id\nfiles: [{path: d.csv}]\n" + agreeScale
        + "items: [{id: q1, scale: agree}]\nvariables: [{id: ags, type: text}]\nregions:\n  table_file: r.csv\n  variables:\n\(variables)\n",
      "d.csv": csv, "r.csv": table,
    ])
  }

  @Test func rollUpFromAGSAndARSThroughParentsAndKeyStructure() throws {
    let s = try study("    - {variable: kreis, level: kreis, from: ags}\n    - {variable: land, level: land, from: ags}",
                      "id,ags,q1\na,15085040,1\nb,15085999,2\nc,150020000000,3\nd,1001000,4\ne,99999999,5\nf,,1\n")
    let d = try s.load()
    #expect(d.regionKeys["kreis"] == ["15085", "15085", "15002", "", "", ""])
    #expect(d.regionKeys["land"] == ["15", "15", "15", "", "", ""])
    let problems = d.loadReport.regionProblems.filter { $0.variable == "kreis" }
    #expect(problems.map(\.value) == ["1001000", "99999999"])
    #expect(d.loadReport.regionHints["kreis"]?.contains("1 look like AGS that lost their leading zero (Excel): add key_width: 8") == true)
  }

  @Test func lostLeadingZerosAreDiagnosedAndRestoredOnRequest() throws {
    let csv = "id,ags,kreis,q1\na,,1001,1\nb,,1001,2\nc,,15002,3\n"
    let plain = try study("    - {variable: kreis, level: kreis}", csv)
    let d = try plain.load()
    let hint = try #require(d.loadReport.regionHints["kreis"])
    #expect(hint.contains("2 look like 5-digit keys that lost leading zeros ('1001' would match '01001'): add key_width: 5"))
    let q = QualityCheck.report(d, wave: nil)
    #expect(q.unknownRegions.map(\.key) == ["1001"] && q.unknownRegions.first?.count == 2)
    #expect(q.warnings.contains { $0.contains("region key(s) not in the region table") && $0.contains("key_width: 5") })
    let fixed = try study("    - {variable: kreis, level: kreis, key_width: 5}", csv)
    #expect(try fixed.load().regionKeys["kreis"] == ["01001", "01001", "15002"])
  }

  @Test func agsInAKreisColumnSaysWhatWouldMatch() throws {
    let s = try study("    - {variable: kreis, level: kreis}", "id,ags,kreis,q1\na,,15085040,1\nb,,15002000,2\n")
    let hint = try #require(try s.load().loadReport.regionHints["kreis"])
    #expect(hint.hasPrefix("2 value(s) of 'kreis' do not resolve to a kreis: 2 look like 8-digit AGS whose first 5 digits are Kreis keys of the table"))
    #expect(hint.contains("derive it with {variable: kreis, level: kreis, from: <the key column>}"))
  }

  @Test func regionNamesMatchLikeCompareDoes() throws {
    let s = try study("    - {variable: kreis, level: kreis, names: ags}",
                      "id,ags,q1\na,Landkreis Harz,1\nb,Halle,2\nc,HARZ,3\nd,Hartz,4\n")
    let d = try s.load()
    #expect(d.regionKeys["kreis"] == ["15085", "15002", "15085", ""])
    let hint = try #require(d.loadReport.regionHints["kreis"])
    #expect(hint.contains("1 name(s) match no kreis of the region table") && hint.contains("'Hartz'"))
  }
}

@Suite struct WavesFromTwoToolsTests {
  @Test func columnsAndNotAskedCombineTwoExports() throws {
    let s = try TempStudy([
      "study.yaml": """
        study: {id: t, title: T}
        respondent_id: resp
        files:
          - {path: sosci.csv, wave: 2022, columns: {resp: CASE, q1: TR01_01, q2: TR01_02}, not_asked: [q3]}
          - {path: ls.csv, wave: 2024, columns: {resp: id, q1: "G02Q02[SQ001]", q2: "G02Q02[SQ002]", q3: "G02Q02[SQ003]"}}
        \(agreeScale)items: [{id: q1, scale: agree}, {id: q2, scale: agree}, {id: q3, scale: agree}]
        """,
      "sosci.csv": "CASE;TR01_01;TR01_02\n101;4;-9\n102;2;3\n",
      "ls.csv": "\"id\",\"G02Q02[SQ001]\",\"G02Q02[SQ002]\",\"G02Q02[SQ003]\"\n\"1\",\"AO05\",\"N/A\",\"AO01\"\n",
    ])
    let d = try s.load()
    #expect(d.rowCount == 3 && d.waves == [2022, 2022, 2024])
    #expect(d.items[0, 0] == 4 && d.items[2, 0] == 5 && d.items[2, 2] == 1)
    #expect(d.status[0, 2] == CellStatus.notAsked && d.status[2, 1] == CellStatus.missingText(0))
    let q = QualityCheck.report(d, wave: 2022)
    #expect(q.items.first { $0.item == "q3" }?.notAsked == 2)
    #expect(q.completeness == [0.5, 1])
    #expect(d.loadReport.itemColumns == [[2, 3, nil], [2, 3, 4]])
  }

  @Test func aMappedColumnThatIsMissingNamesTheMapping() throws {
    let s = try TempStudy([
      "study.yaml": "study: {id: t, title: T}\nrespondent_id: id\nfiles: [{path: d.csv, columns: {q1: TR01_01}}]\n" + agreeScale + "items: [{id: q1, scale: agree}]\n",
      "d.csv": "id,TR01_02\na,1\n",
    ])
    #expect { try s.load() } throws: { e in
      guard case .missingColumn(_, "TR01_01", let role, _)? = e as? IngestError else { return false }
      return role == "item q1; the file entry maps 'q1' to it"
    }
  }
}

@Suite struct RespondentIDTests {
  @Test func duplicateGroupsAgreeForEveryColumnKind() {
    let texts = ["a", "b", "a", " c", "c", "", "b", "", "d"]
    let expected = [[0, 2], [1, 6], [3, 4], [5, 7]]
    #expect(RespondentIDs(column: .text(texts)).duplicateGroups(rows: Array(0..<9)) == expected)
    var levels: [String] = []
    let codes = texts.map { t -> UInt32 in
      if let k = levels.firstIndex(of: t) { return UInt32(k) }
      levels.append(t)
      return UInt32(levels.count - 1)
    }
    #expect(RespondentIDs(column: .categorical(codes: codes, levels: levels)).duplicateGroups(rows: Array(0..<9)) == expected)
    let numbers: [Double] = [7, 8, 7, 9, 9, .nan, 8, .nan, 10]
    #expect(RespondentIDs(column: .numeric(numbers)).duplicateGroups(rows: Array(0..<9)) == expected)
    // Only the rows asked for.
    #expect(RespondentIDs(column: .text(texts)).duplicateGroups(rows: [0, 1, 3, 4]) == [[3, 4]])
  }

  /// The text path's hash table (linear probing, many rows) against grouping by a dictionary of
  /// the trimmed ids: 20,000 ids drawn from 15,000 values, some blank, some padded.
  @Test func textDuplicateGroupsMatchADictionaryOnManyRows() {
    var rng = TestSplitMix(seed: 11)
    let texts = (0..<20_000).map { _ -> String in
      let v = rng.next() % 15_000
      if v < 40 { return v % 2 == 0 ? "" : "  " }
      return v % 7 == 0 ? " R\(v) " : "R\(v)"
    }
    var byID: [String: [Int]] = [:]
    for (r, t) in texts.enumerated() { byID[t.trimmingCharacters(in: .whitespaces), default: []].append(r) }
    let expected = byID.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
    let groups = RespondentIDs(column: .text(texts)).duplicateGroups(rows: Array(0..<texts.count))
    #expect(groups.count > 3_000)
    #expect(groups == expected)
    let odd = Array(stride(from: 1, to: texts.count, by: 2))
    var byOdd: [String: [Int]] = [:]
    for r in odd { byOdd[texts[r].trimmingCharacters(in: .whitespaces), default: []].append(r) }
    #expect(RespondentIDs(column: .text(texts)).duplicateGroups(rows: odd) == byOdd.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] })
  }
}

