import Foundation
import Testing
import _TestSupport

/// A one-file study whose data file is `data.<ext>`.
func studyYAML(dataFile: String) -> String {
  """
  study: {id: bad, title: "Bad input"}
  respondent_id: id
  files:
    - {path: \(dataFile)}
  response_scales:
    likert5: {codes: {1: a, 2: b, 3: c, 4: d, 5: e}, missing: {9: "keine Angabe"}}
  items:
    - {id: q1, scale: likert5}
    - {id: q2, scale: likert5}
  """
}

struct BadInput: CustomTestStringConvertible, Sendable {
  var name: String
  var file: String
  var bytes: [UInt8]
  var expectedMessage: String
  var testDescription: String { name }
}

let badInputs: [BadInput] = [
  BadInput(name: "unbalanced quote", file: "data.csv", bytes: Array("id,q1,q2\n1,2,3\n2,\"4,5\n3,1,1\n".utf8), expectedMessage: "data.csv:3: column 2: a quoted field is opened here and never closed"),
  BadInput(name: "ragged row", file: "data.csv", bytes: Array("id,q1,q2\n1,2,3\n2,4\n".utf8), expectedMessage: "data.csv:3: the record has 2 fields but the header has 3"),
  BadInput(name: "binary garbage", file: "data.csv", bytes: [0x50, 0x00, 0xFF, 0x13, 0x00, 0x01, 0x02, 0x0A, 0x00, 0x00], expectedMessage: "is not text"),
  BadInput(name: "empty file", file: "data.csv", bytes: [], expectedMessage: "the file is empty"),
  BadInput(name: "header only", file: "data.csv", bytes: Array("id,q1,q2\r\n".utf8), expectedMessage: "has a header but no data rows"),
  BadInput(name: "huge single line", file: "data.csv", bytes: Array(repeating: UInt8(ascii: "7"), count: 3 << 20), expectedMessage: "longer than"),
  BadInput(name: "xlsx that is a zip of something else", file: "data.xlsx",
           bytes: Array((try? Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/DataIOTests/Fixtures/xlsx/not_a_workbook.xlsx")))) ?? Data()),
           expectedMessage: "not a valid XLSX file"),
  BadInput(name: "xlsx of random bytes", file: "data.xlsx",
           bytes: Array((try? Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/DataIOTests/Fixtures/xlsx/random_bytes.xlsx")))) ?? Data()),
           expectedMessage: "not a valid XLSX file"),
  BadInput(name: "truncated sav", file: "data.sav",
           bytes: Array((try? Data(contentsOf: URL(fileURLWithPath: repoPath("Tests/DataIOTests/Fixtures/sav/truncated.sav")))) ?? Data()),
           expectedMessage: "data.sav"),
]

@Suite struct ExitCodeTests {
  /// Every bad data file: exit 65, one line on stderr naming the file, no stack trace, nothing on stdout.
  @Test(arguments: badInputs)
  func badDataFileExits65(_ c: BadInput) throws {
    let dir = try TemporaryFolder()
    try dir.write("study.yaml", studyYAML(dataFile: c.file))
    try dir.write(c.file, Data(c.bytes))
    let r = try CLI.run(["check", "study.yaml"], in: dir.path)
    #expect(r.status == 65, "\(c.name): status \(r.status), stderr: \(r.stderr)")
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1, "\(c.name): stderr has \(lines.count) lines: \(r.stderr)")
    #expect(r.stderr.hasPrefix("trustmetrics: error: "), "\(c.name): \(r.stderr)")
    #expect(r.stderr.contains(c.expectedMessage), "\(c.name): \(r.stderr)")
    #expect(r.stderr.contains(c.file), "\(c.name): message does not name the file: \(r.stderr)")
    #expect(r.stdout.isEmpty)
  }

  @Test func codebookThatIsNotYAML() throws {
    let dir = try TemporaryFolder()
    try dir.write("study.yaml", "study: {id: x, title: [unclosed\nitems: ]]\n")
    let r = try CLI.run(["check", "study.yaml"], in: dir.path)
    #expect(r.status == 65)
    #expect(r.stderr.hasPrefix("trustmetrics: error: study.yaml:"))
    #expect(r.stderr.contains("not valid YAML"))
  }

  @Test func codebookThatIsBinary() throws {
    let dir = try TemporaryFolder()
    try dir.write("study.yaml", Data([0xFF, 0xFE, 0x00, 0x01, 0x9C]))
    let r = try CLI.run(["check", "study.yaml"], in: dir.path)
    #expect(r.status == 65)
    #expect(r.stderr.split(separator: "\n").count == 1)
  }

  @Test func codebookUnknownKeyNamesLine() throws {
    let dir = try TemporaryFolder()
    try dir.write("study.yaml", studyYAML(dataFile: "d.csv").replacingOccurrences(of: "{id: q2, scale", with: "{id: q2, skala"))
    let r = try CLI.run(["check", "study.yaml"], in: dir.path)
    #expect(r.status == 65)
    #expect(r.stderr == "trustmetrics: error: study.yaml:9:14: items[1]: unknown key 'skala'; allowed: id, label, text, scale, reverse, block\n")
  }

  @Test func missingStudyFile() throws {
    let r = try CLI.run(["check", "does/not/exist.yaml"])
    #expect(r.status == 65)
    #expect(r.stderr.contains("does/not/exist.yaml: cannot read the study file"))
  }

  @Test func missingDataColumn() throws {
    let dir = try TemporaryFolder()
    try dir.write("study.yaml", studyYAML(dataFile: "data.csv"))
    try dir.write("data.csv", "id;q1\n1;2\n")
    let r = try CLI.run(["check", "study.yaml"], in: dir.path)
    #expect(r.status == 65)
    #expect(r.stderr.contains("data.csv:1: column 'q2' (item q2) required by the codebook is missing; columns in the file: id, q1"))
  }

  @Test func usageErrorsExit64() throws {
    for args in [["check"], ["check", "x.yaml", "--format", "png"], ["check", "x.yaml", "--bogus"], ["frobnicate"],
                 ["describe", "x.yaml", "--digits", "99"]] {
      let r = try CLI.run(args)
      #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
      #expect(!r.stderr.isEmpty)
    }
    let r = try CLI.run(["check", "x.yaml", "--format", "png"])
    #expect(r.stderr.contains("'text', 'csv', 'tsv', 'json'") || r.stderr.contains("text, csv, tsv, json, md"))
  }

  @Test func strictTurnsWarningsIntoExit65() throws {
    let study = "Tests/IngestTests/Fixtures/mini/study.yaml"
    let ok = try CLI.run(["check", study])
    #expect(ok.status == 0)
    #expect(ok.stderr.contains("warning"))
    let strict = try CLI.run(["check", study, "--strict"])
    #expect(strict.status == 65)
    #expect(strict.stderr.contains("--strict: the data-quality report has 7 warning(s)"))
  }

  @Test func outputIsWrittenAtomicallyAndOnlyThere() throws {
    let dir = try TemporaryFolder()
    let out = dir.url.appendingPathComponent("sub/q.json").path
    let r = try CLI.run(["check", "Tests/IngestTests/Fixtures/mini/study.yaml", "--format", "json", "--output", out])
    #expect(r.status == 0)
    #expect(r.stdout.isEmpty)
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any]
    #expect((json?["tables"] as? [Any])?.isEmpty == false)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.appendingPathComponent("sub").path) == ["q.json"])
  }

  @Test func helpHasAbstractDiscussionAndExample() throws {
    for cmd in ["check", "describe", "simulate"] {
      let r = try CLI.run([cmd, "--help"])
      #expect(r.status == 0)
      #expect(r.stdout.contains("OVERVIEW:"))
      #expect(r.stdout.contains("Example"), "\(cmd) --help has no example")
    }
    let top = try CLI.run(["--help"])
    #expect(top.stdout.contains("Exit codes: 0 ok, 1 internal error, 64 usage error, 65 data error, 73 output not"))
  }

  /// Help prose is one line per paragraph in the source as ArgumentParser sees it (`reflow`), so an
  /// 80-column terminal wraps it once: no short prose line followed by more prose (the signature
  /// of a source line break re-wrapped: "… a codebook that" / "`trustmetrics check` …").
  @Test(arguments: ["init", "check", "describe", "reliability", "correlate", "factors", "cfa", "weight", "estimate", "index", "rank",
                    "compare", "report", "simulate"])
  func helpProseWrapsOnce(_ cmd: String) throws {
    let r = try CLI.run([cmd, "--help"])  // not a terminal: ArgumentParser wraps at 80 columns
    #expect(r.status == 0)
    let overview = r.stdout.components(separatedBy: "USAGE:")[0].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for (k, line) in overview.enumerated().dropLast() where !line.isEmpty && line.first != " " && !line.hasSuffix(":") {
      let next = overview[k + 1]
      let ragged = line.count < 40 && !next.isEmpty && next.first != " "
      #expect(!ragged, "\(cmd) --help: '\(line)' / '\(next)'")
    }
    #expect(!r.stdout.contains("reflow"), "no source text leaks")
  }
}
