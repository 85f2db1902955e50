import Foundation
import LinearAlgebra
import Testing
import _TestSupport

@testable import Psychometrics

/// psych 2.2.9 `omega(bfi[1:25], nfactors = 5)`; tolerance 1e-5 absolute (minres optimiser
/// tolerance, as for `fa`), key exact.
struct OmegaTests {
  @Test func bfiFiveFactors() throws {
    let (r, items) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_omega")
    let om = try Omega(correlation: r, factors: 5)
    let tol = 1e-5
    func close(_ a: Double, _ key: String) {
      let b = FAReference.number(ref[key])
      #expect(Swift.abs(a - b) < tol, "\(key): \(a) vs \(b)")
    }
    close(om.omegaHierarchical, "omega_h")
    close(om.omegaTotal, "omega_tot")
    close(om.omegaLimit, "omega_lim")
    close(om.alpha, "alpha")
    close(om.lambda6, "G6")
    #expect(Swift.abs(om.explainedCommonVariance - FAReference.vector(ref["ECV"])[0]) < tol)
    #expect(om.key.map(Double.init) == FAReference.vector(ref["key"], names: items))
    let sl = try #require(FAReference.matrix(ref["schmid_sl"]))
    let g = sl.column(0)
    #expect(worstDifference(om.generalLoadings, g).value < tol)
    var groupRef = Matrix(rows: 25, columns: 5)
    for j in 0..<5 { for i in 0..<25 { groupRef[i, j] = sl[i, j + 1] } }
    let d = worstDifference(om.groupLoadings, groupRef)
    #expect(d.value < tol, "group loadings [\(d.row), \(d.column)]")
    #expect(worstDifference(om.communality, sl.column(6)).value < tol)
    let og = try #require(FAReference.matrix(ref["omega_group"]))
    for (i, row) in om.groups.enumerated() {
      #expect(worstDifference([row.total, row.general, row.group], og.row(i)).value < tol, "omega.group row \(i)")
    }
  }
}
