import Foundation
import Testing
import _TestSupport
@testable import Codebook
@testable import DataIO
@testable import Ingest
@testable import SurveyExports

/// Files written by other tools (pyreadstat's, SciPy's and LimeSurvey's test data; sources and
/// licences in Tests/IngestTests/Fixtures/tools/real/README.md) that `init` once read wrongly.
@Suite struct RealFileTests {
  let real = toolFixtures + "/real"

  @Test func anSPSSPortableFileIsNamedNotReadAsCSV() {
    #expect {
      try CodebookDrafter.draft(dataPath: real + "/pyreadstat_sample.por", outputDirectory: real)
    } throws: { error in
      guard case .unreadable(_, let reason)? = error as? SurveyExportError else { return false }
      return reason.contains("SPSS portable file") && reason.contains("allowed: .csv")
    }
  }

  @Test func anIDLSaveFileIsNoSPSSFile() {
    #expect {
      try CodebookDrafter.draft(dataPath: real + "/scipy_idl_scalar_byte.sav", outputDirectory: real)
    } throws: { error in
      guard case .data(.wrongFormat(_, .sav, let reason))? = error as? SurveyExportError else { return false }
      return reason.contains("an IDL save file") && reason.contains("$FL2")
    }
    // SciPy's various_compressed.sav: a compressed IDL save file ("SR", 0, 6).
    #expect(StatisticalFileReader.signatureMismatch(Array("SR".utf8) + [0, 6, 0, 0, 0, 10], format: .sav)?.hasPrefix("the file looks like an IDL save file") == true)
    #expect(StatisticalFileReader.signatureMismatch(Array("$FL2".utf8), format: .sav) == nil)
    #expect(StatisticalFileReader.signatureMismatch(Array("<stata_dta>".utf8), format: .dta) == nil)
    #expect(StatisticalFileReader.signatureMismatch([114, 2, 1, 0], format: .dta) == nil)  // release 114, LSF
    #expect(StatisticalFileReader.signatureMismatch(Array("$FL2".utf8), format: .dta)?.contains("an SPSS .sav file") == true)
  }

  @Test func aColumnHoldingAUserMissingCodeIsNoRespondentID() {
    // x: values 1, 2, 3, 4, 8, 9 with user-missing 7, 8, 99 (pyreadstat reads row 5 as missing).
    #expect(throws: SurveyExportError.noRespondentID(path: real + "/pyreadstat_simple_alltypes.sav", passedOver: ["x"])) {
      try CodebookDrafter.draft(dataPath: real + "/pyreadstat_simple_alltypes.sav", outputDirectory: real)
    }
  }

  @Test func aFileWithoutLabelledItemsDraftsEmptyCollectionsThatLoad() throws {
    let draft = try CodebookDrafter.draft(dataPath: real + "/pyreadstat_missing_test.dta", outputDirectory: real)
    let yaml = draft.yaml()
    #expect(draft.items.isEmpty && draft.scales.isEmpty && draft.respondentColumn == "var9")
    #expect(yaml.contains("\nresponse_scales: {}") && yaml.contains("\nitems: []"))
    let study = try StudyLoader.parse(yaml: yaml, file: "drafted.yaml", baseDirectory: real)
    let data = try StudyReader.load(study: study)
    #expect(data.rowCount == 1)  // pyreadstat: 1 row, 9 columns
  }

  @Test func dataPathsAreRelativeToTheCodebooksFolder() {
    #expect(CodebookDrafter.relativePath("data/x.sav", from: "out") == "../data/x.sav")
    #expect(CodebookDrafter.relativePath("data/x.sav", from: "out/deep") == "../../data/x.sav")
    #expect(CodebookDrafter.relativePath("out/x.sav", from: "out") == "x.sav")
    #expect(CodebookDrafter.relativePath("x.sav", from: ".") == "x.sav")
    #expect(CodebookDrafter.relativePath("/srv/data/x.sav", from: "/srv/out") == "/srv/data/x.sav")
    #expect(CodebookDrafter.relativePath("/srv/out/x.sav", from: "/srv/out") == "x.sav")
  }

  @Test func eachScaleOfADualScaleArrayHasItsOwnAnswers() throws {
    let (draft, data) = try draftAndLoad("real/limesurvey_dual_scale.csv", structure: real + "/limesurvey_dual_scale.lss")
    #expect(draft.items.map(\.column) == ["Q00[SQ001][1]", "Q00[SQ001][2]"])
    #expect(draft.items.map(\.label) == ["Question one — scale 1", "Question one — scale 2"])
    let scales = draft.items.map { i in draft.scales.first { $0.id == i.scale } }
    #expect(scales[0]?.codes.map(\.label) == ["Good", "Important"])
    #expect(scales[1]?.codes.map(\.label) == ["Bad", "Not important"])
    #expect(Set(draft.items.compactMap(\.block)).count == 2)  // two blocks, so no α over both scales
    #expect(data.rowCount == 4)
  }

  @Test func textsOfAnotherLanguageWhenTheBaseLanguageHasNone() throws {
    var xml = try String(contentsOfFile: real + "/limesurvey_dual_scale.lss", encoding: .utf8)
    xml = xml.replacingOccurrences(of: "<sid>372723</sid><language>en</language>", with: "<sid>372723</sid><language>fr</language>")
    let s = try LimeSurveyStructure.parse(Array(xml.utf8), path: "missing-language.lss")
    #expect(s.language == "en" && s.languageNote.contains("'fr' has no question texts"))
    #expect(s.questions.first?.subquestions.first?.text == "Question one")
    #expect(s.questions.first?.answers.map(\.label) == ["Good", "Important", "Bad", "Not important"])
  }
}

/// SPSS string variables' user-missing values (pyreadstat reads them as `missing_ranges` and,
/// without `user_missing=True`, as NaN).
@Suite struct StringUserMissingTests {
  let real = toolFixtures + "/real"

  @Test func theReaderKeepsThem() throws {
    let (table, variables) = try StatisticalFileReader.read(path: real + "/pyreadstat_missing_char.sav", format: .sav, rowLimit: nil)
    #expect(table.userMissingTexts["mychar"] == ["Z"])
    #expect(variables.first { $0.name == "mychar" }?.missingTexts == ["Z"])
    #expect(table.rowCount == 2)
  }

  @Test func anItemsStringUserMissingValuesAreMissingFromTheFile() throws {
    let yaml = """
      study: {id: s, title: S}
      respondent_id: id
      files: [{path: string_user_missing.sav}]
      response_scales:
        s5: {codes: {1: a, 2: b, 3: c, 4: d, 5: e}}
      items: [{id: q1, scale: s5}]
      """
    let study = try StudyLoader.parse(yaml: yaml, file: "s.yaml", baseDirectory: real)
    let d = try StudyReader.load(study: study)
    // pyreadstat.read_sav: q1 = 1, 5, NaN, 3, NaN ('9' and 'X' are user-missing).
    #expect((0..<5).map { d.status[$0, 0] } == [CellStatus.valid, CellStatus.valid, CellStatus.fileMissing, CellStatus.valid, CellStatus.fileMissing])
    #expect(d.items[0, 0] == 1 && d.items[1, 0] == 5 && d.items[3, 0] == 3)
    let t = try #require(QualityCheck.report(d, wave: nil).items.first { $0.item == "q1" })
    #expect(t.fileMissing == 2 && t.outOfRange == 0 && t.valid == 3)
  }
}

/// A structure file that would be ignored is an error, not a silent draft without its labels.
@Suite struct UnusedStructureTests {
  let real = toolFixtures + "/real"

  /// LimeSurvey's export with headings "Full question text" (no question codes).
  func fullTextHeadingsCSV() throws -> String {
    let path = NSTemporaryDirectory() + "trustmetrics-fulltext-\(getpid()).csv"
    try """
      "Response ID","Date submitted","Last page","Start language","Seed","A first example question. Please answer this question: [Question one][Scale 1]"
      1,2024-01-01,1,en,1,1
      2,2024-01-01,1,en,1,2

      """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func aStructureWithAnExportWithoutSystemColumnsIsRefused() throws {
    let csv = try fullTextHeadingsCSV()
    defer { try? FileManager.default.removeItem(atPath: csv) }
    for tool in [SurveyTool.auto, .limesurvey] {
      #expect {
        try CodebookDrafter.draft(dataPath: csv, tool: tool, structure: real + "/limesurvey_dual_scale.lss", outputDirectory: real)
      } throws: { error in
        guard case .notThisTool(_, "LimeSurvey", let reason)? = error as? SurveyExportError else { return false }
        return reason.contains("headings 'Question code'")
      }
    }
  }

  @Test func aStructureWithASAVFileIsRefused() {
    #expect {
      try CodebookDrafter.draft(dataPath: real + "/pyreadstat_missing_test.dta", structure: real + "/limesurvey_dual_scale.lss", outputDirectory: real)
    } throws: { error in
      guard case .notThisTool(_, _, let reason)? = error as? SurveyExportError else { return false }
      return reason.contains("carries its own labels")
    }
  }
}
