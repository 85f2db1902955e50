import Foundation
import LinearAlgebra
import Testing
import _TestSupport
@testable import Psychometrics

@Suite struct PolychoricTests {
  /// psych 2.2.9 `polychoric(bfi[1:25])` (global thresholds, smoothing): rho at 1e-8 absolute (brief: 1e-5; observed 2.7e-11)
  /// (iterative: R's optimize() is ported step by step, so the same points are visited; the
  /// remaining difference comes from the bivariate-normal cdf only), tau at 1e-12 relative (closed form).
  @Test func bfiMatchesPsych() throws {
    let ref = try referenceJSON("Datasets/reference/psychometrics/bfi_polychoric.json")
    let psychRef = ref["psych_polychoric"] as? [String: Any] ?? [:]
    let pc = try polychoric(try bfiItems())
    let rho = referenceMatrix(psychRef["rho"]), tau = referenceMatrix(psychRef["tau"])
    #expect(matrixMismatch(pc.thresholds, tau, relative: 1e-12) == nil)
    #expect(matrixMismatch(pc.correlation, rho, relative: 0, absolute: 1e-8) == nil)
    var worst = 0.0
    for j in 0..<25 { for i in 0..<25 { worst = Swift.max(worst, abs(pc.correlation[i, j] - rho[i, j])) } }
    print("polychoric bfi: max |Δrho| vs psych = \(worst), smoothed: \(pc.wasSmoothed)")
    #expect(pc.thresholdSource == .global)
  }
}
