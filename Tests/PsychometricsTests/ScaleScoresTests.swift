// ScaleScores against R psych 2.2.9 scoreItems on the bfi agreeableness scale
// (Datasets/reference/psychometrics/bfi_scoreitems_A.json, written by
// Datasets/reference/scripts/reliability_extra.R). Tolerance: 1e-13 relative (means and sums of
// at most five integers and imputed means/medians); NaN must match NaN (null in the JSON).
import Foundation
import LinearAlgebra
import Psychometrics
import Testing
import _TestSupport

@Suite("Scale scores vs psych::scoreItems")
struct ScaleScoresTests {
  @Test("bfi A: imputation none/mean/median × mean/sum (1e-13 relative)",
        arguments: [ItemImputation.none, .mean, .median], [ScoreType.mean, .sum])
  func bfiAgreeableness(imputation: ItemImputation, type: ScoreType) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: repoPath("Datasets/reference/psychometrics/bfi_scoreitems_A.json")))
    let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    let ref = (root["\(imputation.rawValue)_\(type.rawValue)"] as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan }
    let def = scaleDefinition("A")
    let s = try scaleScores(bfiScale(def.items), keys: def.keys, type: type, imputation: imputation)
    #expect(ref.count == 2800)
    #expect(s.reflectionConstant == 7)
    #expect(firstMismatch(s.scores, ref, relative: 1e-13) == nil, "\(firstMismatch(s.scores, ref, relative: 1e-13) ?? "")")
  }

  @Test("Minimum-answered rule and hand-computed example")
  func minimumAnswered() throws {
    let x = Matrix([[1, 5, 4], [2, .nan, 5], [6, 3, .nan], [.nan, .nan, .nan]])
    let s = try scaleScores(x, keys: [-1, 1, 1], type: .mean, imputation: .none)
    #expect(s.reflectionConstant == 7)
    #expect(s.scores[0] == (6 + 5 + 4) / 3)
    #expect(s.scores[1] == (5 + 5) / 2)
    #expect(s.scores[2] == (1 + 3) / 2)
    #expect(s.scores[3].isNaN)
    #expect(s.answeredCounts == [3, 2, 2, 0])
    let sums = try scaleScores(x, keys: [-1, 1, 1], type: .sum, imputation: .none)
    #expect(sums.scores[3] == 0)  // psych: rowSums(na.rm = TRUE) of nothing
    let ruled = try scaleScores(x, keys: [-1, 1, 1], type: .mean, imputation: .mean, minimumAnswered: 3)
    #expect(!ruled.scores[0].isNaN && ruled.scores[1].isNaN && ruled.scores[2].isNaN && ruled.scores[3].isNaN)
    // Mean imputation: row 1's missing item 2 becomes mean(5, 3) = 4 → ((7 − 2) + 4 + 5) / 3.
    let imputed = try scaleScores(x, keys: [-1, 1, 1], type: .mean, imputation: .mean)
    #expect(isClose(imputed.scores[1], (5.0 + 4 + 5) / 3, relative: 1e-15))
    #expect(throws: ReliabilityError.invalidOption(name: "minimumAnswered", value: 4, allowed: "0 ... 3")) {
      try scaleScores(x, minimumAnswered: 4)
    }
  }

  /// An item without variance is refused: all answers equal, or fewer than two answers (psych's
  /// scoreItems would divide by a zero standard deviation in its item statistics).
  @Test func zeroVarianceItemsAreRefused() throws {
    let equal = Matrix([[1, 3], [2, 3], [3, .nan], [4, 3]])
    #expect(throws: ReliabilityError.zeroVarianceItem(item: "b", index: 1)) {
      try scaleScores(equal, itemNames: ["a", "b"], imputation: .none)
    }
    let single = Matrix([[1, .nan], [2, 4], [3, .nan]])
    #expect(throws: ReliabilityError.zeroVarianceItem(item: "V2", index: 1)) {
      try scaleScores(single, imputation: .none)
    }
    let empty = Matrix([[1, .nan], [2, .nan]])
    #expect(throws: ReliabilityError.zeroVarianceItem(item: "V2", index: 1)) {
      try scaleScores(empty, imputation: .median)
    }
    // Two different answers are enough.
    let two = try scaleScores(Matrix([[1, 2], [2, .nan], [3, 5]]), imputation: .none)
    #expect(two.scores == [1.5, 2, 4])
  }
}
