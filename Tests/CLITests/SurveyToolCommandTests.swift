import Foundation
import Testing
import _TestSupport

/// End to end, per survey tool, from the raw export with no prepared column:
/// `init` → `check` → `reliability` → (the human's decisions: region table, index) →
/// `index --level kreis` rolled up from the municipality key → `rank`.
@Suite struct SurveyToolEndToEndTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var file: String
    var extra: [String]
    var scale: String
    var keyColumn: String
    var testDescription: String { file }
  }

  static let cases = [
    Case(file: "sosci_2022.csv", extra: ["sosci_2022.sps"], scale: "tr01", keyColumn: "GE01_01"),
    Case(file: "limesurvey_2024_codes.csv", extra: ["limesurvey_2024.lss"], scale: "g02q02", keyColumn: "G01Q01"),
    Case(file: "limesurvey_2024_full.csv", extra: ["limesurvey_2024.lss"], scale: "g02q02", keyColumn: "G01Q01"),
    Case(file: "survey.sav", extra: [], scale: "tr", keyColumn: "ags"),
    Case(file: "survey.dta", extra: [], scale: "tr", keyColumn: "ags"),
  ]

  @Test(arguments: cases)
  func fromExportToKreisRanking(_ c: Case) throws {
    let tmp = try TemporaryFolder()
    for f in [c.file, "regions_sachsen_anhalt.csv"] + c.extra {
      try tmp.write(f, try Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/IngestTests/Fixtures/tools/" + f))))
    }
    let initRun = try CLI.run(["init", c.file, "--output", "study.yaml"], in: tmp.path)
    #expect(initRun.status == 0, "\(initRun.stderr)")
    let check = try CLI.run(["check", "study.yaml"], in: tmp.path)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("Item quality"))
    let reliability = try CLI.run(["reliability", "study.yaml", "--format", "json"], in: tmp.path)
    #expect(reliability.status == 0, "\(reliability.stderr)")
    let rows = try jsonRows(reliability.stdout, table: "reliability")
    #expect(rows.count == 2 && rows.first?["scale"] as? String == c.scale)
    #expect(((rows.first?["raw_alpha"] as? Double) ?? 0) > 0.5)

    // The human's decisions: the region table, an index and (for these small fixtures) k = 3 in the
    // disclosure block (the command line can only raise the study's k). No data are prepared.
    var yaml = try String(contentsOf: tmp.url.appendingPathComponent("study.yaml"), encoding: .utf8)
    yaml += """

      regions:
        table_file: regions_sachsen_anhalt.csv
        variables:
          - {variable: kreis, level: kreis, from: \(c.keyColumn)}
      indices:
        - {id: trust, components: [{scale: \(c.scale)}], normalisation: {method: minmax, goalposts: [1, 5], range: [0, 100]}}
      disclosure: {min_cell_size: 3}

      """
    try tmp.write("study.yaml", yaml)
    let index = try CLI.run(["index", "study.yaml", "--index", "trust", "--level", "kreis", "--format", "json"], in: tmp.path)
    #expect(index.status == 0, "\(index.stderr)")
    let kreise = try jsonRows(index.stdout, table: "index_trust_kreis")
    #expect(kreise.count == 14)
    let published = kreise.filter { ($0["index"] as? Double) != nil }
    #expect(published.count >= 2, "\(index.stdout.prefix(2000))")
    let n = kreise.compactMap { $0["n"] as? Int }.reduce(0, +)
    #expect(n >= 20)
    let rank = try CLI.run(["rank", "study.yaml", "--index", "trust", "--level", "kreis", "--replicates", "200"], in: tmp.path)
    #expect(rank.status == 0, "\(rank.stderr)")
    #expect(rank.stdout.contains("rank"))
  }
}

/// Each problem of issue 9 gives its named error (or is reported by `check`).
@Suite struct SurveyToolErrorTests {
  func study(_ yaml: String, files: [String: String]) throws -> TemporaryFolder {
    let tmp = try TemporaryFolder()
    try tmp.write("study.yaml", yaml)
    for (k, v) in files { try tmp.write(k, v) }
    return tmp
  }

  let head = """
    study: {id: t, title: T}
    respondent_id: id
    response_scales:
      agree: {codes: {1: "gar nicht", 2: "eher nicht", 3: teils, 4: eher, 5: voll}, missing: {-9: "nicht beantwortet"}}

    """

  @Test func undecodableCellsWarnInEveryCommandAndFailCheckStrict() throws {
    let tmp = try study(head + "files: [{path: d.csv}]\nitems: [{id: a, scale: agree}, {id: b, scale: agree}]\nscales: [{id: s, items: [a, b]}]\n",
                        files: ["d.csv": "id,a,b\nr1,voll,1\nr2,sehr voll,2\nr3,4,3\nr4,3.5,4\n"])
    let check = try CLI.run(["check", "study.yaml", "--strict"], in: tmp.path)
    #expect(check.status == 65)
    #expect(check.stderr.contains("--strict: the data-quality report has 1 warning(s); first: 2 out-of-range value(s); first: d.csv:3:2 item a = 'sehr voll'"))
    let rel = try CLI.run(["reliability", "study.yaml"], in: tmp.path)
    #expect(rel.status == 0)
    #expect(rel.stderr.contains("warning: item a: 1 cell(s) that are no number and no label of its scale and 1 value(s) out of range, treated as missing; first d.csv:3:2 'sehr voll'"))
  }

  @Test func anItemWithoutValidValuesSaysWhy() throws {
    let tmp = try study(head + "files: [{path: d.csv}]\nitems: [{id: a, scale: agree}, {id: b, scale: agree}]\nscales: [{id: s, items: [a, b]}]\n",
                        files: ["d.csv": "id,a,b\nr1,A5,1\nr2,A4,2\nr3,-9,3\n"])
    let r = try CLI.run(["reliability", "study.yaml"], in: tmp.path)
    #expect(r.status == 65)
    #expect(r.stderr.contains("item 'a' has no valid value in the 3 row(s) analysed: 2 out of range or not a label of its scale, 1 missing codes; first: d.csv:2:2 'A5'"))
  }

  @Test func droppedRowsFileAndCasesAll() throws {
    let tmp = try study(head + "files: [{path: d.csv}]\ncases: [keep: FINISHED == 1]\nitems: [{id: a, scale: agree}, {id: b, scale: agree}]\n",
                        files: ["d.csv": "id,FINISHED,a,b\nr1,1,5,1\nr2,0,4,2\nr3,1,4,3\n"])
    let check = try CLI.run(["check", "study.yaml", "--dropped", "dropped.csv"], in: tmp.path)
    #expect(check.status == 0, "\(check.stderr)")
    #expect(check.stdout.contains("Case selection (3 rows read, 2 kept)"))
    let dropped = try String(contentsOf: tmp.url.appendingPathComponent("dropped.csv"), encoding: .utf8)
    #expect(dropped == "file,line,wave,respondent,rule\r\nd.csv,3,,r2,keep FINISHED == 1\r\n")
    let describe = try CLI.run(["describe", "study.yaml"], in: tmp.path)
    #expect(describe.stdout.contains("cases: 3 rows read, 2 kept; dropped per rule: 'keep FINISHED == 1' 1"))
    let all = try CLI.run(["check", "study.yaml", "--cases", "all"], in: tmp.path)
    #expect(all.stdout.contains("cases: all 3 rows of the files (--cases all: the codebook's 1 case rule(s) are not applied)"))
    // Published statistics come from the declared selection only: beside it, a table over every
    // row would give the dropped respondent's answers by differencing (r2: a = 4, b = 2).
    let published = try CLI.run(["describe", "study.yaml"], in: tmp.path)
    #expect(published.status == 0)
    for args in [["describe"], ["reliability"], ["estimate"], ["index"], ["rank", "--index", "i"], ["report", "--output", "r.html"]] {
      let cmd = args[0]
      let refused = try CLI.run([cmd, "study.yaml", "--cases", "all"] + args.dropFirst(), in: tmp.path)
      #expect(refused.status == 64, "\(cmd): \(refused.status) \(refused.stderr)")
      #expect(refused.stderr.contains("--cases all is only for check: the codebook declares 1 case rule(s)"), "\(cmd): \(refused.stderr)")
    }
  }

  @Test func duplicatesErrorAndMissingMappedColumn() throws {
    let dup = try study(head + "files: [{path: d.csv}]\ncases: [duplicates: error]\nitems: [{id: a, scale: agree}]\n",
                        files: ["d.csv": "id,a\nr1,5\nr1,4\n"])
    let r = try CLI.run(["check", "study.yaml"], in: dup.path)
    #expect(r.status == 65)
    #expect(r.stderr.contains("case rule 'duplicates: error': 1 respondent id(s) occur more than once in a wave; first: 'r1' at d.csv:2, d.csv:3"))
    let map = try study(head + "files: [{path: d.csv, columns: {a: TR01_01}}]\nitems: [{id: a, scale: agree}]\n", files: ["d.csv": "id,TR01_02\nr1,5\n"])
    let m = try CLI.run(["check", "study.yaml"], in: map.path)
    #expect(m.status == 65)
    #expect(m.stderr.contains("d.csv:1: column 'TR01_01' (item a; the file entry maps 'a' to it) required by the codebook is missing"))
  }

  @Test func weightedWithoutWeightsAndInitWithTheWrongTool() throws {
    let tmp = try study(head + "files: [{path: d.csv}]\nitems: [{id: a, scale: agree}, {id: b, scale: agree}]\nscales: [{id: s, items: [a, b]}]\n",
                        files: ["d.csv": "id,a,b\nr1,5,1\nr2,4,2\nr3,2,3\n"])
    let r = try CLI.run(["reliability", "study.yaml", "--weighted"], in: tmp.path)
    #expect(r.status == 64)
    #expect(r.stderr.contains("--weighted needs design weights, but the codebook declares none"))
    let i = try CLI.run(["init", repoPath("Tests/IngestTests/Fixtures/tools/limesurvey_2024_codes.csv"), "--tool", "sosci"], in: tmp.path)
    #expect(i.status == 65)
    #expect(i.stderr.contains("not a SoSci Survey export: the header lacks SoSci's system variables"))
    let o = try CLI.run(["init", "d.csv", "--output", "d.csv"], in: tmp.path)
    #expect(o.status == 64)
    #expect(o.stderr.contains("the input file"), "\(o.stderr)")
    // The structure file found next to the data is an input too, and so is the codebook for --dropped.
    let lss = try String(contentsOfFile: repoPath("Tests/IngestTests/Fixtures/tools/limesurvey_2024.lss"), encoding: .utf8)
    try tmp.write("lime.lss", lss)
    try tmp.write("lime.csv", try String(contentsOfFile: repoPath("Tests/IngestTests/Fixtures/tools/limesurvey_2024_codes.csv"), encoding: .utf8))
    let s = try CLI.run(["init", "lime.csv", "--output", "lime.lss"], in: tmp.path)
    #expect(s.status == 64, "\(s.stderr)")
    #expect(try String(contentsOf: tmp.url.appendingPathComponent("lime.lss"), encoding: .utf8) == lss)
    let d = try CLI.run(["check", "study.yaml", "--dropped", "d.csv"], in: tmp.path)
    #expect(d.status == 64, "\(d.stderr)")
  }

  @Test func panelThatIsNoColumnIsAnError() throws {
    let r = try CLI.run(["compare", "Datasets/hvb-demo/study.yaml", "--index", "trust", "--previous-wave", "2021", "--wave", "2023",
                         "--panel", "gemeinde_id", "--replicates", "100"])
    #expect(r.status == 64)
    #expect(r.stderr.contains("--panel 'gemeinde_id' is not a column of the study; declared columns:"))
    let ok = try CLI.run(["compare", "Datasets/hvb-demo/study.yaml", "--index", "trust", "--previous-wave", "2021", "--wave", "2023", "--replicates", "100"])
    #expect(ok.status == 0)
    #expect(ok.stdout.contains("a unit 'muni_id' in both waves keeps its bootstrap draws"), "the documented default is named")
    // report: the same rule (it used 'muni_id' silently when the column existed).
    let tmp = try TemporaryFolder()
    let rep = try CLI.run(["report", repoPath("Datasets/hvb-demo/study.yaml"), "--wave", "2023", "--previous-wave", "2021", "--panel", "gemeinde_id",
                           "--output", tmp.path + "/r.html"])
    #expect(rep.status == 64)
    #expect(rep.stderr.contains("--panel 'gemeinde_id' is not a column of the study"))
    let alone = try CLI.run(["compare", "Datasets/hvb-demo/study.yaml", "--index", "trust", "--benchmark", "Datasets/benchmarks/bitkom_laenderindex_2024.csv",
                             "--panel", "muni_id"])
    #expect(alone.status == 64)
    #expect(alone.stderr.contains("--panel needs --previous-wave"))
  }
}
