import Foundation
import LinearAlgebra
import Statistics
import Testing
import _TestSupport
@testable import Psychometrics

@Suite struct FactorabilityTests {
  /// psych 2.2.9 `KMO(R)` and `cortest.bartlett(R, n)` for R = cor(bfi[1:25], use = "pairwise")
  /// (n = 2800) and use = "complete.obs" (n = 2436): closed form, 1e-8 relative. The p-values
  /// underflow to 0 in R; ours must be below 1e-300.
  @Test(arguments: [("pairwise", MissingPolicy.pairwise), ("listwise", MissingPolicy.listwise)])
  func matchesPsych(key: String, policy: MissingPolicy) throws {
    let ref = try referenceJSON("Datasets/reference/psychometrics/bfi_kmo_bartlett.json")
    let case_ = ref[key] as? [String: Any] ?? [:]
    let r = try correlation(bfiItems.matrix, missing: policy).correlation
    let kmo = try kaiserMeyerOlkin(r)
    #expect(isClose(kmo.overall, (case_["kmo_msa"] as? NSNumber)?.doubleValue ?? .nan, relative: 1e-8))
    let names = ["A", "C", "E", "N", "O"].flatMap { l in (1...5).map { "\(l)\($0)" } }
    let msai = names.map { ((case_["kmo_msai"] as? [String: Any])?[$0] as? NSNumber)?.doubleValue ?? .nan }
    #expect(firstMismatch(kmo.items, msai, relative: 1e-8) == nil)
    let n = (case_["n"] as? Int) ?? 0
    let b = try bartlettSphericity(r, observationCount: n)
    let bref = case_["bartlett"] as? [String: Any] ?? [:]
    #expect(isClose(b.chiSquare, (bref["chisq"] as? NSNumber)?.doubleValue ?? .nan, relative: 1e-8))
    #expect(b.degreesOfFreedom == 300)
    #expect(b.pValue < 1e-300)
  }

  /// A hand-checkable case: R = I gives χ² = 0, p = 1, and KMO of an equicorrelated 3 × 3 matrix
  /// with r = 0.5: R⁻¹ has off-diagonal −0.5 and diagonal 1.5 ⇒ q = −1/3, MSA = 0.25 / (0.25 + 1/9) = 9/13.
  @Test func handChecked() throws {
    let b = try bartlettSphericity(Matrix.identity(4), observationCount: 50)
    #expect(b.chiSquare == 0 && b.pValue == 1)
    let r = Matrix([[1, 0.5, 0.5], [0.5, 1, 0.5], [0.5, 0.5, 1]])
    let kmo = try kaiserMeyerOlkin(r)
    #expect(isClose(kmo.overall, 9.0 / 13.0, relative: 1e-14))
    #expect(kmo.items.allSatisfy { isClose($0, 9.0 / 13.0, relative: 1e-14) })
  }

  @Test func errors() {
    #expect(throws: FactorabilityError.singular) { try kaiserMeyerOlkin(Matrix([[1, 1], [1, 1]])) }
    #expect(throws: FactorabilityError.notPositiveDefinite(determinantSign: -1)) {
      try bartlettSphericity(Matrix([[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]), observationCount: 10)
    }
    #expect(throws: FactorabilityError.notSquare(rows: 2, columns: 3)) { try kaiserMeyerOlkin(Matrix(rows: 2, columns: 3)) }
    #expect(throws: FactorabilityError.nonFiniteElement(row: 1, column: 0)) { try kaiserMeyerOlkin(Matrix([[1, 0], [.nan, 1]])) }
  }
}
