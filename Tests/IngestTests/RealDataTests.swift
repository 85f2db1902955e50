import Testing
import _TestSupport
@testable import Codebook
@testable import Ingest

/// psych's `bfi` as shipped in Datasets/real/bfi. Reference values from R 4.2.2 / psych 2.2.9:
///   colSums(is.na(bfi[1:25]))
///   sprintf("%.17g", mean(bfi$A1, na.rm = TRUE)); sprintf("%.17g", sd(bfi$A1, na.rm = TRUE))
@Suite struct RealDataTests {
  @Test func bfiLoadsWithPsychKeysAndMissingCounts() throws {
    let data = try StudyReader.load(studyPath: repoPath("Datasets/real/bfi/study.yaml"))
    #expect(data.rowCount == 2800)
    #expect(data.study.items.count == 25)
    let agree = try #require(data.study.scale("agree"))
    #expect(agree.items == ["A1", "A2", "A3", "A4", "A5"])
    #expect(agree.keys == [-1, 1, 1, 1, 1])  // "-A1" on a reverse: true item is keyed once
    let rNA = [16, 27, 26, 19, 16, 21, 24, 20, 26, 16, 23, 16, 25, 9, 21, 22, 21, 11, 36, 29, 22, 0, 28, 14, 20]
    let q = QualityCheck.run(data)[0]
    #expect(q.items.map(\.blank) == rNA)
    #expect(q.items.allSatisfy { $0.outOfRange == 0 })
    let d = Describe.items(data, by: .none, items: ["A1"])[0]
    #expect(isClose(d.moments.mean, 2.413433908045977, relative: 1e-14))
    #expect(isClose(d.moments.standardDeviation, 1.407737150521484, relative: 1e-14))
  }

  @Test func holzingerNumericScaleWithoutCodes() throws {
    let data = try StudyReader.load(studyPath: repoPath("Datasets/real/holzinger/study.yaml"))
    #expect(data.rowCount == 301)
    #expect(data.items.elements.allSatisfy { !$0.isNaN })
  }
}
