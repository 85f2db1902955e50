import Foundation
import Testing
import _TestSupport
@testable import TrustMetrics

/// Codebook keys `score: factor` and `invariance: check`, and the invariance footnotes of rank/compare.
@Suite struct CFAIntegrationTests {
  /// The demo codebook with measurement keys added to the scales and absolute data paths.
  static func demoWithKeys(_ keys: [String: String]) throws -> StudyData {
    var text = try String(contentsOfFile: repoPath("Datasets/hvb-demo/study.yaml"), encoding: .utf8)
    text = text.replacingOccurrences(of: "path: \"data/", with: "path: \"\(repoPath("Datasets/hvb-demo/data"))/")
      .replacingOccurrences(of: "[\"margins/", with: "[\"\(repoPath("Datasets/hvb-demo/margins"))/")
    for (scale, extra) in keys {
      text = text.replacingOccurrences(of: "  - id: \"\(scale)\"\n", with: "  - id: \"\(scale)\"\n    \(extra)\n")
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfa-int-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("study.yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try StudyReader.load(studyPath: path)
  }

  @Test func codebookKeysAreRead() throws {
    let data = try Self.demoWithKeys(["vertical_trust": "score: factor", "digital_infrastructure": "invariance: check"])
    #expect(data.study.scale("vertical_trust")?.measurement.scoring == .factor)
    #expect(data.study.scale("digital_infrastructure")?.measurement.invariance == .check)
    #expect(data.study.scale("horizontal_trust")?.measurement == ScaleMeasurement())
  }

  @Test func invalidValueNamesLineAndAllowed() throws {
    #expect {
      _ = try Self.demoWithKeys(["vertical_trust": "score: median"])
    } throws: { e in
      "\(e)".contains("median") && "\(e)".contains("mean | factor")
    }
  }

  /// compare --previous-wave 2021 for the readiness index: digital_infrastructure is tested across
  /// waves 2021 and 2023 (dr_bundid's thresholds move in 2023: only metric invariance holds);
  /// digital_organisation is not tested and the note says what is assumed.
  @Test func waveComparisonStatesInvariance() throws {
    let data = try Self.demoWithKeys(["digital_infrastructure": "invariance: check"])
    let notes = StudyCFA.invarianceNotes(data, index: "readiness", wave: nil, waves: [2021, 2023])
    #expect(notes.count == 2)
    #expect(notes[0].contains("'digital_infrastructure' across waves 2021 and 2023: only metric invariance holds"), "\(notes[0])")
    #expect(notes[1].contains("'digital_organisation'") && notes[1].contains("not tested") && notes[1].contains("assumes scalar invariance"))
  }

  /// rank across Länder (wave 2023): vertical_trust tested; the tiny Länder are named as left out.
  @Test func rankingStatesInvarianceAndExcludedGroups() throws {
    let data = try Self.demoWithKeys(["vertical_trust": "invariance: check"])
    let notes = StudyCFA.invarianceNotes(data, index: "trust", level: .land, wave: 2023)
    #expect(notes[0].contains("'vertical_trust' across Länder (wave 2023)"), "\(notes[0])")
    #expect(notes[0].contains("scalar invariance not rejected"), "\(notes[0])")
    // Bremen and Berlin are too small; Saarland has an empty answer category: all named.
    #expect(notes[0].contains("Bremen (n = 2)") && notes[0].contains("Saarland (no answer 1 on tr_land)"), "\(notes[0])")
  }

  /// `score: factor`: the index runs on factor scores (marker metric, so the [1, 5] goalposts apply)
  /// and ranks the Länder almost as the mean scores do.
  @Test func factorScoresFeedTheIndex() throws {
    let plain = try Self.demoWithKeys([:])
    let factor = try Self.demoWithKeys(["vertical_trust": "score: factor", "horizontal_trust": "score: factor"])
    let o = RegionIndexOptions(level: .land, wave: 2023, replicates: 50)
    let a = try RegionIndex.estimate(plain, index: "trust", options: o)
    let b = try RegionIndex.estimate(factor, index: "trust", options: o)
    let pairs = zip(a.estimates, b.estimates).filter { !$0.0.isNaN && !$0.1.isNaN }
    #expect(pairs.count >= 10)
    let r = pearson(pairs.map(\.0), pairs.map(\.1))
    #expect(r > 0.95, "r = \(r)")
    #expect(pairs.allSatisfy { $0.1 > 0 && $0.1 < 100 })
  }

  func pearson(_ x: [Double], _ y: [Double]) -> Double {
    let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my) }
    return sxy / (sxx * syy).squareRoot()
  }
}
