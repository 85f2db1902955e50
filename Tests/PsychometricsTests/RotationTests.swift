import Foundation
import LinearAlgebra
import Testing
import _TestSupport

@testable import Psychometrics

/// Rotations on the bfi minres loadings.
struct RotationTests {
  static func unrotated() throws -> Matrix {
    let (r, _) = try FAReference.bfiCorrelation()
    return try FactorAnalysis(correlation: r, factors: 5, method: .minres, rotation: .none).unrotatedLoadings
  }

  /// psych `rot.mat` for varimax and oblimin (1e-5: inherits the minres optimiser tolerance).
  @Test func rotationMatricesMatchPsych() throws {
    let a = try Self.unrotated()
    for (rotation, file) in [(Rotation.varimax, "bfi_fa_minres_varimax"), (.oblimin, "bfi_fa_minres_oblimin"), (.promax, "bfi_fa_minres_promax")] {
      let ref = try FAReference.load(file)
      let rot = try rotate(a, rotation)
      let refT = try #require(FAReference.matrix(ref["rot_mat"]))
      let d = worstDifference(rot.rotationMatrix, refT)
      #expect(d.value < 1e-5, "\(rotation) rot.mat [\(d.row), \(d.column)] \(d.value)")
      #expect(rot.converged)
    }
  }

  /// Structural properties (1e-10): Λ_rot = Λ·rot.mat; orthogonal rotations keep communalities;
  /// oblique Φ has a unit diagonal and reproduces ΛΛᵀ = Λ_rot Φ Λ_rotᵀ.
  @Test func invariants() throws {
    let a = try Self.unrotated()
    let model = a * a.transposed
    for rotation in Rotation.allCases {
      let rot = try rotate(a, rotation)
      #expect(worstDifference(a * rot.rotationMatrix, rot.loadings).value < 1e-10, "\(rotation) Λ·T")
      if let phi = rot.phi {
        #expect(worstDifference(phi.diagonalElements, [Double](repeating: 1, count: 5)).value < 1e-10, "\(rotation) diag Φ")
        #expect(worstDifference(rot.loadings * phi * rot.loadings.transposed, model).value < 1e-10, "\(rotation) ΛΦΛᵀ")
      } else {
        #expect(worstDifference(rot.loadings * rot.loadings.transposed, model).value < 1e-10, "\(rotation) ΛΛᵀ")
      }
    }
  }

  /// Quartimax on an already simple structure converges and keeps it.
  @Test func singleFactorIsUnchanged() throws {
    let a = Matrix([[0.8], [0.7], [0.6]])
    let rot = try rotate(a, .oblimin)
    #expect(rot.loadings == a)
    #expect(rot.phi == nil)
  }
}
