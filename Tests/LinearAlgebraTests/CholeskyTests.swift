import Foundation
import LinearAlgebra
import Testing
import _TestSupport

@Suite struct CholeskyTests {
  /// ‖A − LLᵀ‖_F/‖A‖_F ≤ 1e-12 on a seeded random SPD 50×50 matrix; L lower triangular.
  @Test func reconstructionOnRandomSPD() throws {
    let a = randomSPD(50, seed: 11)
    let c = try Cholesky(a)
    #expect(relativeFrobeniusError(gemm(transB: .transposed, a: c.lower, b: c.lower), a) <= 1e-12)
    for j in 0..<50 { for i in 0..<j { #expect(c.lower[i, j] == 0) } }
    #expect(c.lower.diagonalElements.allSatisfy { $0 > 0 })
  }

  @Test func notPositiveDefiniteThrowsNamingTheMinor() {
    // Leading minor of order 2: 1·1 − 2·2 = −3 < 0.
    #expect(throws: LAPACKError(routine: "dpotrf", info: 2)) {
      try Cholesky(Matrix([[1, 2, 3], [2, 1, 0], [3, 0, 1]]))
    }
    // Positive semi-definite (singular) is not positive definite either.
    #expect(throws: LAPACKError(routine: "dpotrf", info: 2)) { try Cholesky(Matrix([[1, 1], [1, 1]])) }
  }

  /// Solve residual ‖AX − B‖_F/(‖A‖_F‖X‖_F) ≤ 1e-12 (normwise backward error), 3 right-hand sides.
  @Test func solveResidual() throws {
    let a = randomSPD(40, seed: 12), b = randomMatrix(40, 3, seed: 13)
    let x = try Cholesky(a).solve(b)
    #expect((a * x - b).frobeniusNorm / (a.frobeniusNorm * x.frobeniusNorm) <= 1e-12)
    let xv = try Cholesky(a).solve(b.column(0))
    // Tolerance 1e-14 absolute: κ(A) ≲ 10 and entries of x are O(1).
    #expect(maxAbsDifference(Matrix(rows: 40, columns: 1, columnMajor: xv), x.submatrix(rows: 0..<40, columns: [0])) <= 1e-14)
  }

  /// A⁻¹ is exactly symmetric and ‖A·A⁻¹ − I‖_F/√n ≤ 1e-12 (κ(A) ≲ 10 here).
  @Test func inverseIsSymmetricAndInverts() throws {
    let a = randomSPD(30, seed: 14)
    let inv = try Cholesky(a).inverse()
    #expect(inv.isSymmetric(tolerance: 0))
    #expect((a * inv - .identity(30)).frobeniusNorm / 30.0.squareRoot() <= 1e-12)
  }

  @Test func logDeterminantAgreesWithLUAndEigenvalues() throws {
    let a = randomSPD(20, seed: 15)
    let chol = try Cholesky(a).logDeterminant
    let lu = LUDecomposition(a).logAbsDeterminant
    let eig = try SymmetricEigen.eigenvalues(of: a).reduce(0) { $0 + log($1) }
    // Tolerance 1e-12 relative (sums of 20 logs, each accurate to a few ε).
    #expect(isClose(chol, lu, relative: 1e-12))
    #expect(isClose(chol, eig, relative: 1e-12))
    #expect(try Cholesky(.diagonal([4, 9])).logDeterminant == log(36.0))
  }

  /// Hilbert 8×8 (κ₂ ≈ 1.53e10): LLᵀ reconstruction still 1e-12 relative (backward stability);
  /// the inverse against the exact integer inverse to n·κ₂·ε ≈ 2.7e-5 relative (Frobenius),
  /// the forward-error bound (the rounding of 1/(i+j+1) alone contributes κ₂·ε).
  @Test func hilbertIllConditioned() throws {
    let h = hilbert(8)
    let c = try Cholesky(h)
    #expect(relativeFrobeniusError(gemm(transB: .transposed, a: c.lower, b: c.lower), h) <= 1e-12)
    let bound = 8 * 1.5257575538060041e10 * eps
    #expect(relativeFrobeniusError(c.inverse(), hilbertInverse(8)) <= bound)
  }

  @Test func emptyMatrix() throws {
    let c = try Cholesky(Matrix(rows: 0, columns: 0))
    #expect(c.logDeterminant == 0)
    #expect(c.inverse().rows == 0)
  }
}
