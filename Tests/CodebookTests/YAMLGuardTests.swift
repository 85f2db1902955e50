import Foundation
import Testing
import _TestSupport

@testable import Codebook

private func refusal(_ yaml: String, limits: YAMLLimits = .default) -> CodebookError? {
  do {
    try YAMLGuard.check(yaml: yaml, file: "s.yaml", limits: limits)
    return nil
  } catch {
    return error
  }
}

@Suite struct YAMLGuardTests {
  /// Each limit names itself with the line and column of the node that passes it.
  @Test func limitsWithLocations() {
    let small = YAMLLimits(anchors: 2, aliases: 3, aliasExpansion: 10, depth: 3)
    #expect(refusal("a: &a 1\nb: &b 2\nc: &c 3\n", limits: small)
      == CodebookError(file: "s.yaml", line: 3, column: 4, keyPath: "", problem: .limitExceeded("more than 2 anchors (&name)")))
    #expect(refusal("a: &a 1\nb: [*a, *a, *a, *a]\n", limits: small)
      == CodebookError(file: "s.yaml", line: 2, column: 17, keyPath: "", problem: .limitExceeded("more than 3 aliases (*name)")))
    #expect(refusal("a: &a [1, 2, 3, 4, 5]\nb: [*a, *a]\n", limits: small)
      == CodebookError(file: "s.yaml", line: 2, column: 9, keyPath: "",
                       problem: .limitExceeded("aliases expand to more than 10 nodes (alias *a adds 6)")))
    // The document's own mapping is the first level.
    #expect(refusal("a: [[[1]]]\n", limits: small)
      == CodebookError(file: "s.yaml", line: 1, column: 6, keyPath: "", problem: .limitExceeded("lists and mappings nested more than 3 deep")))
    #expect(refusal("a: [[1]]\n", limits: small) == nil)
    #expect(refusal(String(repeating: "x", count: 100), limits: YAMLLimits(fileBytes: 99))?.problem
      == .limitExceeded("the document is larger than 99 bytes"))
  }

  /// Nested aliases count their full expansion ("billion laughs").
  @Test func nestedExpansion() {
    var lines = ["a0: &a0 [x, x, x]"]
    for k in 1...12 { lines.append("a\(k): &a\(k) [*a\(k - 1), *a\(k - 1), *a\(k - 1)]") }
    let start = Date()
    let e = refusal(lines.joined(separator: "\n") + "\n")
    #expect(e?.problem == .limitExceeded("aliases expand to more than 1000000 nodes (alias *a10 adds 265720)"), "\(String(describing: e))")
    #expect(Date().timeIntervalSince(start) < 1)
  }

  /// Keys must be plain values: no list, mapping or alias as a key.
  @Test func complexKeys() {
    #expect(refusal("? [a, b]\n: x\n")?.problem == .limitExceeded("a list used as a mapping key (complex key); keys must be plain values"))
    #expect(refusal("{a: 1}: x\n")?.problem == .limitExceeded("a mapping used as a mapping key (complex key); keys must be plain values"))
    #expect(refusal("a: &k key\n*k : x\n")?.problem == .limitExceeded("an alias used as a mapping key; keys must be plain values"))
    #expect(refusal("m:\n  ? x\n  : y\n") == nil)  // an explicit but plain key is fine
  }

  /// Aliases as values within the limits compose as before; syntax errors are left to Yams.
  @Test func acceptedDocuments() throws {
    let yaml = validStudy.replacingOccurrences(of: "response_scales:\n  likert5:\n", with: "response_scales:\n  likert5: &l5\n")
      .replacingOccurrences(of: "items:\n", with: "  copy: *l5\nitems:\n")
    let study = try StudyLoader.parse(yaml: yaml, file: "study.yaml", baseDirectory: "/tmp")
    #expect(study.responseScales["copy"]?.missingCodes.map(\.value) == [8, 9])
    #expect(refusal("a: [unclosed\n") == nil)
    #expect(throws: CodebookError.self) { try StudyLoader.parse(yaml: "a: [unclosed\n", file: "s.yaml", baseDirectory: "/tmp") }
  }

  /// The real codebooks pass in milliseconds.
  @Test func realCodebooks() throws {
    for path in ["Datasets/hvb-demo/study.yaml", "Datasets/real/bfi/study.yaml", "Datasets/real/api/apistrat.yaml"] {
      let text = try YAMLGuard.readText(path: repoPath(path))
      let start = Date()
      try YAMLGuard.check(yaml: text, file: path)
      #expect(Date().timeIntervalSince(start) < 0.5, "\(path)")
    }
  }

  /// A codebook path that is not a regular file is refused before it is opened.
  @Test func readTextRefusesDevicesAndFIFOs() throws {
    let dir = NSTemporaryDirectory() + "yamlguard-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    mkfifo(dir + "/p.yaml", 0o600)
    for (path, kind) in [(dir + "/p.yaml", "a FIFO (named pipe)"), ("/dev/zero", "a character device"), (dir, "a directory")] {
      #expect(throws: CodebookError(file: path, line: 0, column: 0, keyPath: "",
                                    problem: .unreadable(reason: "it is \(kind), not a regular file; only regular files are read"))) {
        try YAMLGuard.readText(path: path)
      }
    }
    try Data([0xFF, 0xFE, 0x41]).write(to: URL(fileURLWithPath: dir + "/bin.yaml"))
    #expect(throws: CodebookError(file: dir + "/bin.yaml", line: 1, column: 1, keyPath: "", problem: .notYAML(reason: "the file is not UTF-8 text"))) {
      try YAMLGuard.readText(path: dir + "/bin.yaml")
    }
  }
}

/// Index parameters that make an index degenerate are refused at load time, located.
@Suite struct IndexParameterCheckTests {
  func study(_ index: String) -> String {
    validStudy + "\n" + """
      indices:
        - id: ix
      \(index)

      """
  }

  @Test func refusals() {
    let cases: [(String, String, Int, Int)] = [
      ("    components: [{scale: trust}]\n    normalisation: {method: zscore, sd: 0}", "indices[0].normalisation.sd", 36, 41),
      ("    components: [{scale: trust}]\n    normalisation: {method: zscore, sd: -2}", "indices[0].normalisation.sd", 36, 41),
      ("    components: [{scale: trust}]\n    normalisation: {method: minmax, goalposts: [0, 1e-20]}", "indices[0].normalisation.goalposts", 36, 48),
      ("    components: [{scale: trust}]\n    normalisation: {method: minmax, range: [0, 1e16]}", "indices[0].normalisation.range[1]", 36, 48),
      ("    components: [{scale: trust}]\n    aggregation: generalised\n    power: 60", "indices[0].power", 37, 12),
      ("    components: [{scale: trust, weight: 1e16}]", "indices[0].components[0].weight", 35, 41),
      ("    weights: explicit\n    components: [{scale: trust, weight: 0}, {item: a1, weight: 0}]", "indices[0].components", 36, 17),
    ]
    for (index, keyPath, line, column) in cases {
      do {
        _ = try parse(study(index))
        Issue.record("accepted: \(index)")
      } catch {
        #expect(error.keyPath == keyPath && error.line == line && error.column == column, "\(index): \(error) @ \(error.line):\(error.column)")
        guard case .invalidValue = error.problem else {
          Issue.record("\(index): \(error)")
          continue
        }
      }
    }
  }

  @Test func acceptedParameters() throws {
    for index in [
      "    components: [{scale: trust}]\n    normalisation: {method: zscore, mean: 50, sd: 10}",
      "    components: [{scale: trust}]\n    normalisation: {method: minmax, goalposts: [1, 5], range: [0, 100]}",
      "    components: [{scale: trust}]\n    aggregation: generalised\n    power: -2",
      "    weights: explicit\n    components: [{scale: trust, weight: 0}, {item: a1, weight: 1}]",
    ] {
      _ = try parse(study(index))
    }
  }
}
