import LinearAlgebra
import Testing
import _TestSupport

@Suite struct LeastSquaresTests {
  /// Consistent overdetermined system b = A·x: x recovered to 1e-12 relative (κ₂(A) ≈ 3).
  @Test func consistentOverdeterminedRecoversX() throws {
    let a = randomMatrix(30, 5, seed: 41)
    let x = [1.5, -2, 0.25, 3, -1]
    let sol = try leastSquares(a, a * x)
    #expect(sol.method == .qr && sol.rank == 5)
    #expect(firstMismatch(sol.coefficients.elements, x, relative: 1e-12) == nil)
    #expect(sol.residualSumOfSquares[0] <= 1e-25)
  }

  /// Inconsistent system: normal equations hold, ‖Aᵀ(b − Ax)‖₂ ≤ 1e-12·‖A‖_F²·‖x‖₂,
  /// and the QR and SVD paths agree to 1e-12 relative.
  @Test func inconsistentSatisfiesNormalEquationsAndPathsAgree() throws {
    let a = randomMatrix(40, 6, seed: 42), b = randomMatrix(40, 2, seed: 43)
    let qr = try leastSquares(a, b, method: .qr)
    let svd = try leastSquares(a, b, method: .svd)
    #expect(svd.method == .svd && svd.rank == 6 && svd.singularValues.count == 6)
    let r = b - a * qr.coefficients
    let normal = crossProduct(a, r).frobeniusNorm
    #expect(normal <= 1e-12 * a.frobeniusNorm * a.frobeniusNorm * qr.coefficients.frobeniusNorm)
    #expect(relativeFrobeniusError(svd.coefficients, qr.coefficients) <= 1e-12)
    for j in 0..<2 {
      let rj = Matrix(rows: 40, columns: 1, columnMajor: r.column(j)).frobeniusNorm
      #expect(isClose(qr.residualSumOfSquares[j], rj * rj, relative: 1e-12))
    }
  }

  /// Rank-deficient 4×3 (rank 2). Exact minimum-norm solution (8/45, 13/90, 1/9), RSS = 3/10;
  /// numpy 2.4.6 agrees to ~4e-16:
  /// python3 -c "import numpy as np; A=np.array([[1.,2,3],[4,5,6],[7,8,9],[10,11,12]]);
  ///   print(np.linalg.lstsq(A, np.array([1.,2,3,5]), rcond=None))"
  /// → [0.17777777777777742, 0.14444444444444435, 0.11111111111111152], rank 2,
  ///   σ = [25.46240743603639, 1.2906616757612335, 2.5767381096281823e-15].
  /// Tolerance 1e-13 absolute (σ₁/σ₂ ≈ 20 times a few ε).
  @Test func rankDeficientSwitchesToSVDWithRankReported() throws {
    let a = Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]])
    let sol = try leastSquares(a, [1, 2, 3, 5])
    #expect(sol.method == .svd)
    #expect(sol.rank == 2)
    #expect(sol.rcond == 4 * eps)
    #expect(firstMismatch(sol.coefficients.elements, [8.0 / 45, 13.0 / 90, 1.0 / 9], relative: 0, absolute: 1e-13) == nil)
    #expect(abs(sol.residualSumOfSquares[0] - 0.3) <= 1e-13)
    #expect(firstMismatch(Array(sol.singularValues[0..<2]), [25.46240743603639, 1.2906616757612335], relative: 1e-13) == nil)
  }

  @Test func duplicatedColumnGivesMinimumNormSplit() throws {
    let x = [1.0, 2, 3, 4]
    let a = Matrix(columnVectors: [x, x])
    let sol = try leastSquares(a, x.map { 2 * $0 })
    #expect(sol.method == .svd && sol.rank == 1)
    #expect(firstMismatch(sol.coefficients.elements, [1, 1], relative: 1e-14) == nil)
  }

  @Test func forcedQROnExactlyRankDeficientThrows() {
    let a = Matrix([[1, 0], [0, 0], [0, 0]])  // second column zero: R₂₂ = 0 exactly
    #expect(throws: LAPACKError(routine: "dgels", info: 2)) { try leastSquares(a, [1, 2, 3], method: .qr) }
  }

  @Test func underdeterminedGivesMinimumNorm() throws {
    let sol = try leastSquares(Matrix([[1, 1]]), [2])
    #expect(sol.method == .qr && sol.rank == 1)
    #expect(firstMismatch(sol.coefficients.elements, [1, 1], relative: 1e-15) == nil)
  }

  /// Random rank-4 20×6: the SVD solution satisfies the normal equations and lies in the row space
  /// (orthogonal to the null space spanned by the last two right singular vectors), 1e-12 relative.
  @Test func randomRankDeficientIsMinimumNormLeastSquares() throws {
    let a = randomMatrix(20, 4, seed: 44) * randomMatrix(4, 6, seed: 45)
    let b = randomMatrix(20, 1, seed: 46).elements
    let sol = try leastSquares(a, b)
    #expect(sol.method == .svd && sol.rank == 4)
    let x = sol.coefficients
    let r = Matrix(rows: 20, columns: 1, columnMajor: b) - a * x
    #expect(crossProduct(a, r).frobeniusNorm <= 1e-12 * a.frobeniusNorm * a.frobeniusNorm * x.frobeniusNorm)
    let vt = try SVD(a).vt
    let nullComponents = (vt.submatrix(rows: 4..<6, columns: 0..<6) * x).frobeniusNorm
    #expect(nullComponents <= 1e-12 * x.frobeniusNorm)
  }
}
