import Foundation
import Testing
import _TestSupport

/// End-to-end runs of `trustmetrics cfa` and its errors.
@Suite struct CFACommandTests {
  @Test func holzingerDefaultModel() throws {
    let r = try CLI.run(["cfa", "Datasets/real/holzinger/study.yaml", "--format", "csv"])
    #expect(r.status == 0, "\(r.stderr)")
    // lavaan: chisq 85.306 on 24 df; visual=~x2 0.554 (SE 0.100).
    #expect(r.stdout.contains("chi-square,85.30552"))
    #expect(r.stdout.contains("visual,=~,x2,0.55"))
  }

  @Test func modelFileSyntaxErrorNamesLineColumnToken() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfa-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = dir.appendingPathComponent("bad.lav").path
    try "visual =~ x1 + x2 + x3\nspeed =~ x7 + x8 x9\n".write(toFile: model, atomically: true, encoding: .utf8)
    let r = try CLI.run(["cfa", "Datasets/real/holzinger/study.yaml", "--model", model])
    #expect(r.status == 65)
    #expect(r.stderr.contains("bad.lav:2:18:") && r.stderr.contains("'x9'"), "\(r.stderr)")
  }

  @Test func unknownVariableInModelIsData() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfa-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let model = dir.appendingPathComponent("m.lav").path
    try "f =~ x1 + x2 + x10\n".write(toFile: model, atomically: true, encoding: .utf8)
    let r = try CLI.run(["cfa", "Datasets/real/holzinger/study.yaml", "--model", model])
    #expect(r.status == 65)
    #expect(r.stderr.contains("1:16: 'x10' is neither a factor nor a data column"), "\(r.stderr)")
  }

  @Test func smallGroupRefusedByNameAndN() throws {
    let r = try CLI.run(["cfa", "Datasets/hvb-demo/study.yaml", "--scale", "digital_infrastructure", "--group", "land", "--invariance"])
    #expect(r.status == 65)
    #expect(r.stderr.contains("group '04'") && r.stderr.contains("has 5 respondents") && r.stderr.contains("--exclude-groups 04"), "\(r.stderr)")
  }

  /// A group model publishes each group's item moments (intercepts = item means under the
  /// saturated mean structure): only `wave` and publication groupings, and only groups the study's
  /// publication plan publishes.
  @Test func groupModelsFollowThePublicationPlan() throws {
    let role = try CLI.run(["cfa", "Datasets/hvb-demo/study.yaml", "--scale", "vertical_trust", "--group", "role"])
    #expect(role.status == 64)
    #expect(role.stderr.contains("--group 'role' is not a publication grouping of the study; allowed: wave, land, kreis, size_class"), "\(role.stderr)")
    // Holzinger–Swineford with k = 150: Grant-White (145 pupils) is withheld.
    let dir = try TemporaryFolder()
    let yaml = try String(contentsOfFile: repoPath("Datasets/real/holzinger/study.yaml"), encoding: .utf8)
      .replacingOccurrences(of: "  - path: holzinger.csv", with: "  - path: " + repoPath("Datasets/real/holzinger/holzinger.csv"))
      .replacingOccurrences(of: "  groupings: [school]", with: "  groupings: [school]\n  min_cell_size: 150")
    try dir.write("study.yaml", yaml)
    let withheld = try CLI.run(["cfa", dir.path + "/study.yaml", "--group", "school", "--invariance"])
    #expect(withheld.status == 64)
    #expect(withheld.stderr.contains("the study's publication plan withholds these groups: Grant-White (x1:"), "\(withheld.stderr)")
    #expect(withheld.stderr.contains("leave them out with --exclude-groups Grant-White"), "\(withheld.stderr)")
    #expect(withheld.stdout.isEmpty, "nothing printed")
    // Pasteur alone is withheld too (secondary suppression: the total minus Pasteur is Grant-White).
    let single = try CLI.run(["cfa", dir.path + "/study.yaml", "--group", "school", "--exclude-groups", "Grant-White"])
    #expect(single.status == 64)
    #expect(single.stderr.contains("withholds these groups: Pasteur (x1: withheld to protect"), "\(single.stderr)")
  }

  @Test func usageErrors() throws {
    #expect(try CLI.run(["cfa", "Datasets/real/holzinger/study.yaml", "--free", "x1~1"]).status == 64)
    #expect(try CLI.run(["cfa", "Datasets/real/holzinger/study.yaml", "--scale", "nope"]).status == 64)
    #expect(try CLI.run(["cfa", "Datasets/real/holzinger/study.yaml", "--invariance"]).status == 64)
    let r = try CLI.run(["cfa", "Datasets/real/holzinger/study.yaml", "--group", "school", "--invariance", "--free", "visual=~x99"])
    #expect(r.status == 64, "\(r.stderr)")
  }

  @Test func scoresFileIsWrittenAtomically() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfa-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("scores.csv").path
    let r = try CLI.run(["cfa", "Datasets/real/holzinger/study.yaml", "--scores", out, "--score-method", "bartlett", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
    #expect(lines.first == "id,visual,textual,speed")
    #expect(lines.count == 302)
  }
}
