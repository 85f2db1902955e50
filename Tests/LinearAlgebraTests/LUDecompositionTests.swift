import Foundation
import LinearAlgebra
import Testing
import _TestSupport

@Suite struct LUDecompositionTests {
  /// ‖A − PLU‖_F/‖A‖_F ≤ 1e-12 and the solve residual ‖AX − B‖_F/(‖A‖_F‖X‖_F) ≤ 1e-12
  /// (normwise backward error) on a seeded random 50×50 matrix.
  @Test func reconstructionAndSolveResidual() throws {
    let a = randomMatrix(50, 50, seed: 51)
    let lu = LUDecomposition(a)
    #expect(!lu.isSingular)
    #expect(relativeFrobeniusError(lu.permutation * lu.lower * lu.upper, a) <= 1e-12)
    let b = randomMatrix(50, 4, seed: 52)
    let x = try lu.solve(b)
    #expect((a * x - b).frobeniusNorm / (a.frobeniusNorm * x.frobeniusNorm) <= 1e-12)
    // One right-hand side vs the first of four: blocked kernels round differently, so compare
    // normwise, ‖Δx‖₂/‖x‖₂ ≤ 1e-12 (≈ κ(A)·ε with κ(A) of a random 50×50 matrix ~1e3).
    let x0 = try lu.solve(b.column(0))
    let col0 = Matrix(rows: 50, columns: 1, columnMajor: x.column(0))
    #expect(relativeFrobeniusError(Matrix(rows: 50, columns: 1, columnMajor: x0), col0) <= 1e-12)
    let inv = try lu.inverse()
    #expect((a * inv - .identity(50)).frobeniusNorm / (a.frobeniusNorm * inv.frobeniusNorm) <= 1e-12)
  }

  @Test func determinantOfKnownMatrices() {
    // numpy 2.4.6: np.linalg.det([[4,1,2],[1,3,0],[2,0,5]]) = 43.000000000000014; exact 43.
    let lu = LUDecomposition(Matrix([[4, 1, 2], [1, 3, 0], [2, 0, 5]]))
    #expect(isClose(lu.determinant, 43, relative: 8 * eps))
    #expect(lu.determinantSign == 1)
    #expect(isClose(lu.logAbsDeterminant, log(43.0), relative: 8 * eps))
    let two = LUDecomposition(Matrix([[1, 2], [3, 4]]))  // det −2
    #expect(isClose(two.determinant, -2, relative: 4 * eps))
    #expect(two.determinantSign == -1)
    #expect(LUDecomposition(Matrix(rows: 0, columns: 0)).determinant == 1)
  }

  @Test func singularMatrixHasZeroDeterminantAndThrowsOnSolve() {
    let lu = LUDecomposition(Matrix([[1, 2], [2, 4]]))  // U₂₂ = 0 exactly after pivoting
    #expect(lu.isSingular)
    #expect(lu.determinant == 0)
    #expect(lu.determinantSign == 0)
    #expect(lu.logAbsDeterminant == -.infinity)
    #expect(lu.reciprocalConditionNumber() == 0)
    #expect(throws: LAPACKError(routine: "dgetrf", info: 2)) { try lu.solve([1, 2]) }
    #expect(throws: LAPACKError(routine: "dgetrf", info: 2)) { try lu.inverse() }
  }

  @Test func determinantBeyondDoubleRangeUsesLogarithm() {
    let lu = LUDecomposition(.diagonal(Array(repeating: 10, count: 400)))
    #expect(lu.determinant == .infinity)
    #expect(isClose(lu.logAbsDeterminant, 400 * log(10.0), relative: 1e-14))
  }

  /// Hilbert 8×8, κ₂ ≈ 1.53e10, κ₁ = 3.387e10 (numpy `cond(H, 1)` = 33872792384.49069):
  /// inverse vs the exact integer inverse to n·κ₂·ε ≈ 2.7e-5 (Frobenius, relative);
  /// `dgecon`'s estimate of 1/κ₁ within a factor 10 of the true value.
  @Test func hilbertIllConditioned() throws {
    let h = hilbert(8)
    let lu = LUDecomposition(h)
    #expect(relativeFrobeniusError(try lu.inverse(), hilbertInverse(8)) <= 8 * 1.5257575538060041e10 * eps)
    #expect(relativeFrobeniusError(lu.permutation * lu.lower * lu.upper, h) <= 1e-12)
    let rcond = lu.reciprocalConditionNumber()
    let trueRcond = 1 / 33872792384.49069
    #expect(rcond >= trueRcond / 10 && rcond <= trueRcond * 10)
  }
}
