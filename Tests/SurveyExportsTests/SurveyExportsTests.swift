import Foundation
import Testing
import _TestSupport
@testable import Codebook
@testable import Ingest
@testable import SurveyExports

let toolFixtures = repoPath("Tests/IngestTests/Fixtures/tools")

/// Drafts a codebook for a fixture, writes it next to the data and loads it as `check` does.
func draftAndLoad(_ file: String, tool: SurveyTool = .auto, structure: String? = nil) throws -> (CodebookDraft, StudyData) {
  let draft = try CodebookDrafter.draft(dataPath: toolFixtures + "/" + file, tool: tool, structure: structure, outputDirectory: toolFixtures)
  let study = try StudyLoader.parse(yaml: draft.yaml(), file: "drafted.yaml", baseDirectory: toolFixtures)
  return (draft, try StudyReader.load(study: study))
}

@Suite struct LimeSurveyStructureTests {
  @Test func modernLayoutWithL10nTables() throws {
    let s = try LimeSurveyStructure.read(path: toolFixtures + "/limesurvey_2024.lss")
    #expect(s.title == "HVB-Befragung 2024 (synthetisch)" && s.language == "de")
    #expect(s.groups.map(\.name) == ["Gemeinde", "Vertrauen", "Digitalisierung", "Angaben zur Person"])
    #expect(s.questions.map(\.code) == ["G01Q01", "G02Q02", "G03Q03", "G04Q04"])
    let trust = s.questions[1]
    #expect(trust.type == "F" && trust.subquestions.map(\.code) == ["SQ001", "SQ002", "SQ003", "SQ004", "SQ005"])
    #expect(trust.text == "Wie sehr stimmen Sie den folgenden Aussagen zum Vertrauen zu?")  // HTML removed
    #expect(trust.answers.map(\.code) == ["AO01", "AO02", "AO03", "AO04", "AO05", "AO06"])
    #expect(trust.answers.last?.label == "weiß nicht")
    #expect(s.questions[3].hasOther)
  }

  @Test func legacyLayoutWithInlineTextsOneRowPerLanguage() throws {
    let xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <document><LimeSurveyDocType>Survey</LimeSurveyDocType><DBVersion>355</DBVersion>
      <languages><language>de</language><language>en</language></languages>
      <answers><rows>
        <row><qid>5</qid><code>A1</code><answer><![CDATA[gar nicht]]></answer><sortorder>1</sortorder><language>de</language><scale_id>0</scale_id></row>
        <row><qid>5</qid><code>A1</code><answer><![CDATA[not at all]]></answer><sortorder>1</sortorder><language>en</language><scale_id>0</scale_id></row>
        <row><qid>5</qid><code>A2</code><answer><![CDATA[voll &amp; ganz]]></answer><sortorder>2</sortorder><language>de</language><scale_id>0</scale_id></row>
      </rows></answers>
      <groups><rows><row><gid>1</gid><group_name>G</group_name><group_order>0</group_order><language>de</language></row></rows></groups>
      <questions><rows>
        <row><qid>5</qid><parent_qid>0</parent_qid><gid>1</gid><type>F</type><title>Q1</title><question>Frage &lt;b&gt;eins&lt;/b&gt; &amp;lt;2&amp;gt;</question><language>de</language><question_order>1</question_order></row>
        <row><qid>5</qid><parent_qid>0</parent_qid><gid>1</gid><type>F</type><title>Q1</title><question>Question one</question><language>en</language><question_order>1</question_order></row>
        <row><qid>6</qid><parent_qid>5</parent_qid><gid>1</gid><type>T</type><title>SQ1</title><question>Teil</question><language>de</language><question_order>1</question_order></row>
      </rows></questions>
      <surveys><rows><row><sid>1</sid><language>de</language></row></rows></surveys>
      </document>
      """
    let s = try LimeSurveyStructure.parse(Array(xml.utf8), path: "old.lss")
    #expect(s.questions.count == 1 && s.questions[0].text == "Frage eins <2>")
    #expect(s.questions[0].answers.map(\.label) == ["gar nicht", "voll & ganz"])
    #expect(s.questions[0].subquestions.map(\.code) == ["SQ1"])
  }

  @Test(arguments: [
    ("<document><a></b></document>", "column 14: end tag </b> does not match the open element <a>"),
    ("<document><c\u{FF}/></document>", "byte 0xFF is not valid UTF-8"),
    ("<document attr=\"a<b\"/>", "'<' inside the value"),
    ("<document>&bogus;</document>", "undeclared entity '&bogus;'"),
    ("<document><![CDATA[x</document>", "a CDATA section is never closed"),
    ("<!DOCTYPE d [<!ENTITY x \"y\">]><document/>", "a document type declaration (<!DOCTYPE) is not allowed"),
    (String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300), "elements nested more than 256 deep"),
    ("<other/>", "a LimeSurvey .lss has <document>"),
  ])
  func malformedXMLIsAnErrorNeverATrap(_ xml: String, _ message: String) {
    var bytes = Array(xml.utf8)
    if xml.contains("\u{FF}") { bytes = Array("<document><c".utf8) + [0xFF] + Array("/></document>".utf8) }
    #expect {
      _ = try LimeSurveyStructure.parse(bytes, path: "bad.lss")
    } throws: { e in
      guard case .malformed("bad.lss", _, let reason)? = e as? SurveyExportError else { return false }
      return reason.contains(message)
    }
  }
}

@Suite struct SPSSSyntaxTests {
  @Test func soSciVariableListing() throws {
    let s = try SPSSSyntax.read(path: toolFixtures + "/sosci_2022.sps")
    #expect(s.formats.first?.name == "CASE" && s.formats.first?.format == "F8.0")
    #expect(s.isString("GE01_01") && !s.isString("TR01_01"))
    #expect(s.variableLabels["TR01_01"]?.hasPrefix("Vertrauen: Ich vertraue darauf") == true)
    #expect(s.variableLabels["DEG_TIME"] == "Maluspunkte für schnelles Ausfüllen")
    #expect(s.valueLabels["TR01_01"] == [1: "trifft gar nicht zu", 2: "trifft eher nicht zu", 3: "teils/teils", 4: "trifft eher zu",
                                          5: "trifft voll zu", -1: "weiß nicht", -9: "nicht beantwortet"])
    #expect(s.valueLabels["FINISHED"] == [0: "abgebrochen", 1: "ausgefüllt"])
    #expect(s.missingValues["DR02_04"] == [-1, -9] && s.missingValues["SD01"] == [-1, -9])
  }

  @Test func quotesDoubledInsideAndCommandsAcrossLines() {
    let s = SPSSSyntax.parse("VARIABLE LABELS\n a 'It''s'\n b \"x\".\nVALUE LABELS /a 1 'one'\n 2 'two' /b 1 \"x\".\n")
    #expect(s.variableLabels == ["a": "It's", "b": "x"])
    #expect(s.valueLabels == ["a": [1: "one", 2: "two"], "b": [1: "x"]])
  }
}

@Suite struct CodebookDraftTests {
  @Test func soSciDraftLoadsWithoutEdits() throws {
    let (draft, data) = try draftAndLoad("sosci_2022.csv")
    #expect(draft.tool == .sosci && draft.labelRow && draft.respondentID == "CASE")
    #expect(draft.sources == ["sosci_2022.sps"])
    #expect(draft.items.map(\.id) == ["TR01_01", "TR01_02", "TR01_03", "TR01_04", "TR01_05", "DR02_01", "DR02_02", "DR02_03", "DR02_04"])
    #expect(draft.blocks.map(\.label) == ["Vertrauen", "Digitalisierung"])
    let scale = try #require(data.study.responseScales[draft.items[0].scale])
    #expect(scale.codes.map(\.label) == ["trifft gar nicht zu", "trifft eher nicht zu", "teils/teils", "trifft eher zu", "trifft voll zu"])
    #expect(scale.missingCodes.map(\.value) == [-9, -1])
    #expect(data.study.scales.map(\.id) == ["tr01", "dr02"])
    #expect(data.study.variables.map(\.id) == ["GE01_01", "SD01"])
    #expect(data.study.variables.last?.kind == .categorical)
    let q = QualityCheck.run(data)
    #expect(q.allSatisfy { $0.outOfRange.isEmpty && $0.unknownRegions.isEmpty })
    let yaml = draft.yaml()
    #expect(yaml.contains("#   - drop: MODE == \"pretest\""))
    #expect(yaml.contains("#     - {variable: kreis, level: kreis, from: GE01_01}"))
  }

  @Test(arguments: ["limesurvey_2024_codes.csv", "limesurvey_2024_full.csv"])
  func limeSurveyDraftDecodesBothAnswerModes(_ file: String) throws {
    let (draft, data) = try draftAndLoad(file)
    #expect(draft.tool == .limesurvey && draft.respondentID == "id" && draft.sources == ["limesurvey_2024.lss"])
    #expect(draft.items.first?.id == "G02Q02_SQ001" && draft.items.first?.column == "G02Q02[SQ001]")
    #expect(draft.items.count == 10)
    let scale = try #require(data.study.responseScales[draft.items[0].scale])
    #expect(scale.codes.map(\.aliases) == [["AO01"], ["AO02"], ["AO03"], ["AO04"], ["AO05"]])
    #expect(scale.missingCodes.map(\.label) == ["weiß nicht"] && scale.missingTexts.map(\.label) == ["N/A"])
    let q = QualityCheck.run(data)
    #expect(q.allSatisfy { $0.outOfRangeTotal == 0 })
    // Both modes give the same values.
    let other = file.contains("codes") ? "limesurvey_2024_full.csv" : "limesurvey_2024_codes.csv"
    let (_, data2) = try draftAndLoad(other)
    #expect(data.status.bytes == data2.status.bytes)
    #expect(zip(data.items.elements, data2.items.elements).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) })
    #expect(draft.yaml().contains("#   - drop: submitdate == \"N/A\""))
  }

  @Test func spssAndStataDrafts() throws {
    let (sav, savData) = try draftAndLoad("survey.sav")
    #expect(sav.tool == .spss && sav.respondentID == "resp")
    #expect(sav.items.map(\.id) == ["tr_land", "tr_kreis", "tr_nachbar", "tr_ikz", "tr_itdl", "dr_ozg", "dr_eakte", "dr_netz", "dr_kompetenz"])
    #expect(sav.variables.map(\.id) == ["ags", "role"])
    #expect(savData.study.scales.map(\.id) == ["tr", "dr"])
    #expect(savData.loadReport.labelConflicts.isEmpty)
    let (dta, dtaData) = try draftAndLoad("survey.dta")
    #expect(dta.tool == .stata && dta.items.count == 9)
    #expect(dtaData.rowCount == 40)
  }

  @Test func aToolThatDoesNotMatchIsNamed() {
    #expect {
      _ = try CodebookDrafter.draft(dataPath: toolFixtures + "/limesurvey_2024_codes.csv", tool: .sosci)
    } throws: { e in
      guard case .notThisTool(_, "SoSci Survey", let reason)? = e as? SurveyExportError else { return false }
      return reason.contains("CASE")
    }
  }
}
