import Foundation
import Testing
@testable import Codebook

/// The codebook keys for survey-tool exports: text answers, per-file columns, case rules,
/// region tables from a file and derived region variables.
@Suite struct StudyLoaderExportTests {
  func study(_ body: String, base: String = "/tmp/s") throws(CodebookError) -> Study {
    try StudyLoader.parse(yaml: "study: {id: s, title: S}\nrespondent_id: id\n" + body, file: "study.yaml", baseDirectory: base)
  }

  let scale = """
    response_scales:
      agree:
        codes:
          1: {label: "Stimme überhaupt nicht zu", aliases: [AO01, A1]}
          2: "eher nicht"
          3: "teils"
        missing: {-9: "nicht beantwortet", 8: {label: "weiß nicht", aliases: [AO06]}, "N/A": "keine Antwort", "-oth-": Sonstiges}
    items:
      - {id: q1, scale: agree}
      - {id: q2, scale: agree}

    """

  @Test func labelsAliasesAndTextMissingCodes() throws {
    let s = try study("files: [{path: d.csv}]\n" + scale)
    let rs = try #require(s.responseScales["agree"])
    #expect(rs.codes.map(\.value) == [1, 2, 3])
    #expect(rs.codes[0].aliases == ["AO01", "A1"])
    #expect(rs.missingCodes.map(\.value) == [-9, 8])
    #expect(rs.missingCodes[1].aliases == ["AO06"])
    #expect(rs.missingTexts.map(\.label) == ["N/A", "-oth-"])
    #expect(!rs.allowsDecimals)
    #expect(!rs.isValid(2.5) && rs.isValid(2))
  }

  @Test func ambiguousLabelsAreAnError() {
    let yaml = "files: [{path: d.csv}]\nresponse_scales:\n  a:\n    codes: {1: {label: Ja, aliases: [Y]}, 2: \"ja \"}\nitems: [{id: q, scale: a}]\n"
    #expect { try study(yaml) } throws: { e in
      guard let e = e as? CodebookError, case .invalidValue(let v, let allowed) = e.problem else { return false }
      return v == "'ja '" && allowed.contains("code 1 and code 2")
    }
  }

  @Test func decimalsOnlyWhereDeclaredOrWithoutCodes() throws {
    let yaml = "files: [{path: d.csv}]\nresponse_scales:\n  t: {valid: [0, 100]}\n  d: {codes: {1: a, 5: b}, decimals: true}\nitems: [{id: q, scale: t}, {id: r, scale: d}]\n"
    let s = try study(yaml)
    #expect(s.responseScales["t"]?.allowsDecimals == true)
    #expect(s.responseScales["d"]?.isValid(2.5) == true)
  }

  @Test func fileColumnsNotAskedLabelRowAndCaseRules() throws {
    let yaml = """
      files:
        - path: sosci.csv
          label_row: true
          columns: {id: CASE, q1: "TR01_01"}
          not_asked: [q2]
          cases: [drop: MODE == "pretest", {keep: FINISHED == 1}]
      cases:
        - keep: ["LASTPAGE >= 5", "QUESTNNR == base"]
        - duplicates: first
        - speeders: {column: TIME_RSI, above: 2}
        - speeders: {column: t, below_median: 0.4}
        - straightliners: drop
      \(scale)
      """
    let s = try study(yaml)
    let f = try #require(s.dataFiles.first)
    #expect(f.labelRow && f.column(for: "q1") == "TR01_01" && f.column(for: "q2") == "q2" && f.notAsked == ["q2"])
    #expect(f.caseRules.map(\.text) == ["drop MODE == \"pretest\"", "keep FINISHED == 1"])
    #expect(s.caseRules.map(\.text) == ["keep LASTPAGE >= 5 and QUESTNNR == \"base\"", "duplicates: first", "speeders: TIME_RSI > 2",
                                        "speeders: t < 0.4 × median", "straightliners: drop"])
    #expect(s.caseRules[0].line == 10)
  }

  @Test func misspeltColumnKeyOrNotAskedIdIsAnError() {
    #expect { try study("files: [{path: d.csv, columns: {q3: X}}]\n" + scale) } throws: { e in
      guard let e = e as? CodebookError, case .undefinedReference("codebook id", "q3", _) = e.problem else { return false }
      return e.line == 3
    }
    #expect { try study("files: [{path: d.csv, not_asked: [qq]}]\n" + scale) } throws: { e in
      guard let e = e as? CodebookError, case .undefinedReference("item or variable", "qq", _) = e.problem else { return false }
      return true
    }
  }

  @Test(arguments: [
    ("keep: FINISHED", "COLUMN op VALUE"),
    ("keep: MODE > abc", "needs a number"),
    ("speeders: {column: t}", "exactly one of above"),
    ("duplicates: maybe", "first | last | error"),
    ("{keep: a == 1, drop: b == 2}", "one rule per list entry"),
  ])
  func caseRuleErrorsNameTheRule(rule: String, message: String) {
    #expect { try study("files: [{path: d.csv}]\ncases:\n  - \(rule)\n" + scale) } throws: { e in
      (e as? CodebookError)?.description.contains(message) ?? false
    }
  }

  @Test func conditionsParseAndHold() throws {
    let c = try CaseCondition.parse("LASTPAGE >= 5").get()
    #expect(c.holds(number: 5) && !c.holds(number: 4) && !c.holds(number: .nan))
    let t = try CaseCondition.parse("MODE != 'pretest'").get()
    #expect(t.holds(text: "interview") && !t.holds(text: "pretest") && t.holds(text: ""))
    let blank = try CaseCondition.parse("submitdate == \"\"").get()
    #expect(blank.holds(text: "") && !blank.holds(text: "2024-01-01"))
    #expect(throws: CaseConditionSyntaxError.self) { try CaseCondition.parse("a <= 'x'").get() }
  }

  @Test func regionTableFromAFileWithCovariatesAndTileMapPositions() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-regions-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "key,name,level,parent,population,tile_row,tile_col,tile_label\n01,Schleswig-Holstein,land,,2900000,,,\n01001,Flensburg,kreis,01,92000,0,3,FL\n01002,Kiel,kreis,01,,1,3,\n"
      .write(to: dir.appendingPathComponent("regions.csv"), atomically: true, encoding: .utf8)
    let s = try study("files: [{path: d.csv}]\nregions:\n  table_file: regions.csv\n  variables:\n    - {variable: kreis, level: kreis, from: ags, key_width: 8}\n" + scale,
                      base: dir.path)
    #expect(s.regions.map(\.key) == ["01", "01001", "01002"])
    #expect(s.regions[1].parent == "01" && s.regions[1].covariates == ["population": 92000])
    #expect(s.regions[0].tile == nil && s.regions[1].tile == RegionTile(row: 0, column: 3, label: "FL"))
    #expect(s.regions[2].covariates == [:] && s.regions[2].tile == RegionTile(row: 1, column: 3))
    #expect(s.regionVariables == [RegionVariable(variable: "kreis", level: .kreis, source: .rollUp(column: "ags"), keyWidth: 8)])
    #expect(s.regionTableFile == dir.path + "/regions.csv")
  }

  @Test func regionTableFileErrorsNameFileLineAndColumn() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-regions-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "key,name,level,parent\n15,Sachsen-Anhalt,land,\n15001,Dessau,kreis,16\n".write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
    #expect { try study("files: [{path: d.csv}]\nregions: {table_file: r.csv}\n" + scale, base: dir.path) } throws: { e in
      guard let e = e as? CodebookError, case .undefinedReference("region", "16", _) = e.problem else { return false }
      return e.file.hasSuffix("r.csv") && e.line == 3 && e.column == 4
    }
    try "key,name,level\n15,Sachsen-Anhalt,bundesland\n".write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
    #expect { try study("files: [{path: d.csv}]\nregions: {table_file: r.csv}\n" + scale, base: dir.path) } throws: { e in
      guard let e = e as? CodebookError, case .invalidValue("bundesland", _) = e.problem else { return false }
      return e.line == 2 && e.column == 3
    }
    #expect { try study("files: [{path: d.csv}]\nregions: {table_file: r.csv, table: []}\n" + scale, base: dir.path) } throws: { e in
      (e as? CodebookError)?.description.contains("one region table") ?? false
    }
    // A tile position needs row and column, each 0–99.
    try "key,name,level,tile_row,tile_col\n15,Sachsen-Anhalt,land,2,\n".write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
    #expect { try study("files: [{path: d.csv}]\nregions: {table_file: r.csv}\n" + scale, base: dir.path) } throws: { e in
      guard let e = e as? CodebookError, case .invalidValue("", _) = e.problem else { return false }
      return e.line == 2 && e.column == 5 && e.keyPath == "tile_col"
    }
  }

  @Test func dtaAndZsavAreFormats() throws {
    let s = try study("files: [{path: a.dta}, {path: b.zsav}]\n" + scale)
    #expect(s.dataFiles.map(\.format) == ["dta", "sav"])
  }
}
