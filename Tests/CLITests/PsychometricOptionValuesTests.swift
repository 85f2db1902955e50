// Every value that `--help` lists for the psychometric commands is accepted (issue 9 §6): the
// listed values are read from the help text itself, so an option that gains a value its command
// cannot handle fails here.
import Foundation
import Testing
import _TestSupport

@Suite(.serialized) struct PsychometricOptionValuesTests {
  /// option name → values, from "(values: a, b, c; default: …)" in `trustmetrics COMMAND --help`.
  static func listedValues(_ command: String) throws -> [String: [String]] {
    let help = try CLI.run([command, "--help"])
    let text = help.stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    let regex = try NSRegularExpression(pattern: #"--([a-z-]+) <[a-z-]+>((?:(?!--[a-z-]+ <).)*?)\(values: ([^;)]*)"#)
    var out: [String: [String]] = [:]
    for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
      guard let name = Range(m.range(at: 1), in: text), let values = Range(m.range(at: 3), in: text) else { continue }
      out[String(text[name])] = text[values].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
    return out
  }

  static let bfi = "Datasets/real/bfi/study.yaml"
  static let holzinger = "Datasets/real/holzinger/study.yaml"  // no missing values, continuous scores

  /// Runs a command line; status 0 required.
  func ok(_ args: [String], _ what: String) throws {
    let r = try CLI.run(args + ["--format", "csv"])
    #expect(r.status == 0, "\(what): exit \(r.status): \(r.stderr)")
    #expect(!r.stdout.isEmpty, "\(what)")
  }

  @Test func reliabilityAcceptsEveryListedValue() throws {
    let listed = try Self.listedValues("reliability")
    #expect(Set(listed.keys) == ["missing", "ci", "format", "lang", "csv"], "\(listed)")
    for v in listed["missing"] ?? [] {
      // fail: on complete data it computes; on bfi (missing answers) it refuses, naming the respondent.
      try ok(["reliability", Self.holzinger, "--scale", "visual", "--missing", v], "--missing \(v)")
      if v == "fail" {
        let r = try CLI.run(["reliability", Self.bfi, "--scale", "agree", "--missing", "fail"])
        #expect(r.status == 65 && r.stderr.contains("has no valid answer for item"), "\(r.stderr)")
      } else {
        try ok(["reliability", Self.bfi, "--scale", "agree", "--missing", v], "bfi --missing \(v)")
      }
    }
    for v in listed["ci"] ?? [] { try ok(["reliability", Self.bfi, "--scale", "agree", "--ci", v, "--replicates", "200"], "--ci \(v)") }
    try formats("reliability", listed, base: ["reliability", Self.bfi, "--scale", "agree"])
  }

  @Test func correlateAcceptsEveryListedValue() throws {
    let listed = try Self.listedValues("correlate")
    #expect(Set(listed.keys) == ["method", "missing", "p-adjust", "format", "lang", "csv"], "\(listed)")
    for v in listed["method"] ?? [] {
      try ok(["correlate", Self.bfi, "--scale", "agree", "--method", v], "--method \(v)")
    }
    for v in listed["missing"] ?? [] {
      try ok(["correlate", Self.holzinger, "--missing", v], "--missing \(v)")
      if v == "fail" {
        let r = try CLI.run(["correlate", Self.bfi, "--scale", "agree", "--missing", "fail"])
        #expect(r.status == 65 && r.stderr.contains("has no valid answer for item"), "\(r.stderr)")
      } else {
        try ok(["correlate", Self.bfi, "--scale", "agree", "--missing", v], "bfi --missing \(v)")
      }
    }
    #expect(listed["p-adjust"] == ["holm", "hochberg", "hommel", "bonferroni", "BH", "BY", "none"])
    for v in listed["p-adjust"] ?? [] { try ok(["correlate", Self.bfi, "--scale", "agree", "--p-adjust", v], "--p-adjust \(v)") }
    try formats("correlate", listed, base: ["correlate", Self.bfi, "--scale", "agree"])
  }

  @Test func factorsAcceptsEveryListedValue() throws {
    let listed = try Self.listedValues("factors")
    #expect(Set(listed.keys) == ["method", "rotate", "correlation", "score-method", "format", "lang", "csv"], "\(listed)")
    let base = ["factors", Self.bfi, "--nfactors", "3"]
    for v in listed["method"] ?? [] { try ok(base + ["--method", v], "--method \(v)") }
    for v in listed["rotate"] ?? [] { try ok(base + ["--rotate", v], "--rotate \(v)") }
    for v in listed["correlation"] ?? [] { try ok(base + ["--correlation", v], "--correlation \(v)") }
    let scores = FileManager.default.temporaryDirectory.appendingPathComponent("tm-scores-\(getpid()).csv").path
    defer { try? FileManager.default.removeItem(atPath: scores) }
    for v in listed["score-method"] ?? [] {
      try ok(base + ["--scores", scores, "--score-method", v], "--score-method \(v)")
      #expect(FileManager.default.fileExists(atPath: scores))
    }
    // --nfactors lists "a number, parallel or map" in prose.
    for v in ["parallel", "map", "2"] { try ok(["factors", Self.bfi, "--nfactors", v, "--iterations", "5"], "--nfactors \(v)") }
    try formats("factors", listed, base: base)
  }

  /// --format: every listed format (xlsx needs --output); --lang and --csv: every listed value.
  func formats(_ command: String, _ listed: [String: [String]], base: [String]) throws {
    #expect(listed["lang"] == ["en", "de"] && listed["csv"] == ["rfc4180", "excel-de"])
    for v in listed["lang"] ?? [] { try ok(base + ["--lang", v], "--lang \(v)") }
    for v in listed["csv"] ?? [] { try ok(base + ["--csv", v], "--csv \(v)") }
    #expect(listed["format"] == ["text", "csv", "tsv", "json", "md", "tex", "xlsx"])
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("tm-\(command)-\(getpid()).xlsx").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    for v in listed["format"] ?? [] {
      let r = try CLI.run(base + ["--format", v] + (v == "xlsx" ? ["--output", file] : []))
      #expect(r.status == 0, "\(command) --format \(v): \(r.stderr)")
    }
    #expect(FileManager.default.fileExists(atPath: file))
  }
}
