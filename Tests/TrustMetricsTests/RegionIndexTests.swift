import Foundation
import Testing
import _TestSupport
@testable import TrustMetrics

/// A two-region study whose index is computed by hand below.
let handStudyYAML = """
study: {id: hand, title: "Hand-computed index"}
respondent_id: id
files: [{path: data.csv}]
response_scales:
  l5: {codes: {1: a, 2: b, 3: c, 4: d, 5: e}, missing: {9: "keine Angabe"}}
items:
  - {id: a1, scale: l5}
  - {id: a2, scale: l5, reverse: true}
  - {id: b1, scale: l5}
  - {id: b2, scale: l5}
scales:
  - {id: A, items: [a1, a2]}
  - {id: B, items: [b1, b2]}
regions:
  variables: [{variable: reg, level: land}]
  table:
    - {key: "01", name: "Nord", level: land}
    - {key: "02", name: "Süd", level: land}
indices:
  - id: idx
    label: "Hand index"
    components: [{scale: A, weight: 3}, {scale: B, weight: 1}]
    normalisation: {method: minmax, goalposts: [1, 5], range: [0, 100]}
    weights: explicit
    aggregation: arithmetic
"""

/// id, region, a1, a2 (reverse), b1, b2. Scale scores (a2 reflected as 6 − x):
/// Nord: r1 A = (4 + (6−2))/2 = 4, B = (3+5)/2 = 4; r2 A = (2 + (6−4))/2 = 2, B = (1+3)/2 = 2;
///       r3 A = 5 (a2 = 9 is a missing code: one of two items answered ≥ 50 %), B = 5 (b2 blank).
///       Means: A = (4+2+5)/3 = 11/3, B = 11/3.
/// Süd:  r4 A = (5 + (6−1))/2 = 5, B = (4+4)/2 = 4; r5 A = (3 + (6−3))/2 = 3, B = (2+2)/2 = 2.
///       Means: A = 4, B = 3.
/// Goalposts [1, 5] → 0–100: g(x) = 25(x − 1). Weights 3/4 and 1/4.
/// Nord: 0.75·25·(11/3 − 1) + 0.25·25·(11/3 − 1) = 25·8/3 = 66.666…
/// Süd:  0.75·25·3 + 0.25·25·2 = 56.25 + 12.5 = 68.75
let handData = """
id,reg,a1,a2,b1,b2
r1,01,4,2,3,5
r2,01,2,4,1,3
r3,01,5,9,5,
r4,02,5,1,4,4
r5,02,3,3,2,2
"""

func handStudy() throws -> StudyData {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-hand-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  try handStudyYAML.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
  try handData.write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
  defer { try? FileManager.default.removeItem(at: dir) }
  return try StudyReader.load(studyPath: dir.appendingPathComponent("study.yaml").path)
}

@Suite struct RegionIndexTests {
  @Test func indexEqualsTheHandComputation() throws {
    let data = try handStudy()
    let options = RegionIndexOptions(level: .land, wave: nil, minimumCellSize: 3, replicates: 200, weighted: false)
    // The hand computation, every region published through the publication seam.
    let all = RegionPublication(published: [true, true], reasons: [nil, nil], rule: "all (test)")
    let r = try RegionIndex.estimate(data, index: "idx", options: options, publication: all)
    #expect(r.componentNames == ["A", "B"])
    #expect(r.counts == [3, 2])
    #expect(isClose(r.componentMeans[0, 0], 11.0 / 3.0, relative: 1e-14))
    #expect(isClose(r.componentMeans[0, 1], 11.0 / 3.0, relative: 1e-14))
    #expect(isClose(r.componentMeans[1, 0], 4, relative: 1e-14))
    #expect(isClose(r.componentMeans[1, 1], 3, relative: 1e-14))
    #expect(isClose(r.estimates[0], 200.0 / 3.0, relative: 1e-13))
    #expect(isClose(r.estimates[1], 68.75, relative: 1e-13))
    #expect(r.suppressed == [false, false])
    // The default decision: Süd has 2 < k = 3 respondents: suppressed; Nord then is the only
    // published child of the national total, so it is suppressed too (secondary suppression),
    // and nothing of either is computed.
    let d = try RegionIndex.estimate(data, index: "idx", options: options)
    #expect(d.suppressed == [true, true])
    #expect(d.estimates.allSatisfy(\.isNaN) && d.componentMeans.elements.allSatisfy(\.isNaN))
  }

  @Test func unknownIndexNamesTheDefinedOnes() throws {
    let data = try handStudy()
    #expect(throws: RegionIndexError.unknownIndex("trust", defined: ["idx"])) {
      try RegionIndex.estimate(data, index: "trust", options: RegionIndexOptions(level: .land, wave: nil))
    }
    #expect(throws: RegionIndexError.thresholdTooSmall(2)) {
      try RegionIndex.estimate(data, index: "idx", options: RegionIndexOptions(level: .land, wave: nil, minimumCellSize: 2))
    }
  }
}

/// Ordinal α of the bfi scales against psych::alpha(polychoric(x)$rho) (bfi_ordinal_alpha.json,
/// Datasets/reference/scripts/ordinal_alpha.R). Iterative (polychoric): 1e-7 relative.
@Suite struct OrdinalAlphaTests {
  @Test func bfiScalesEqualPsych() throws {
    let data = try StudyReader.load(studyPath: repoPath("Datasets/real/bfi/study.yaml"))
    let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: repoPath("Datasets/reference/psychometrics/bfi_ordinal_alpha.json")))) as? [String: Any]
    for scale in data.study.scales {
      let ours = try OrdinalAlpha.compute(data, scale: scale)
      let ref = try #require(json?[scale.id] as? [String: Double])
      #expect(isClose(ours.alpha, ref["ordinal_alpha"] ?? .nan, relative: 1e-7), "\(scale.id): \(ours.alpha) vs \(ref["ordinal_alpha"] ?? .nan)")
      #expect(isClose(ours.averageR, ref["average_r"] ?? .nan, relative: 1e-7), "\(scale.id)")
    }
  }
}
