import LinearAlgebra
import Testing
import _TestSupport

@Suite struct SVDTests {
  /// ‖A − UΣVᵀ‖_F/‖A‖_F ≤ 1e-12; max|UᵀU − I|, max|VᵀV − I| ≤ 1e-12; σ descending, ≥ 0.
  @Test(arguments: [(50, 20), (20, 50), (17, 17)])
  func reconstructionAndOrthogonality(shape: (Int, Int)) throws {
    let (m, n) = shape
    let a = randomMatrix(m, n, seed: UInt64(100 + m))
    let s = try SVD(a)
    let k = min(m, n)
    #expect(s.u.rows == m && s.u.columns == k && s.vt.rows == k && s.vt.columns == n)
    #expect(relativeFrobeniusError(s.reconstructed, a) <= 1e-12)
    #expect(maxAbsDifference(crossProduct(s.u), .identity(k)) <= 1e-12)
    #expect(maxAbsDifference(gemm(transB: .transposed, a: s.vt, b: s.vt), .identity(k)) <= 1e-12)
    #expect(zip(s.singularValues, s.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(s.singularValues.last! >= 0)
    #expect(s.rank() == k)
    // Values-only path: same values to 1e-13·σ₁ absolute.
    let values = try SVD.singularValues(of: a)
    #expect(firstMismatch(values, s.singularValues, relative: 0, absolute: 1e-13 * s.singularValues[0]) == nil)
  }

  /// A 30×10 matrix of rank 6 (product of 30×6 and 6×10): rank 6 is found; σ₇…σ₁₀ ≤ 30·ε·σ₁.
  @Test func rankDeficient() throws {
    let a = randomMatrix(30, 6, seed: 21) * randomMatrix(6, 10, seed: 22)
    let s = try SVD(a)
    #expect(s.rank() == 6)
    #expect(s.singularValues[6...].allSatisfy { $0 <= 30 * eps * s.singularValues[0] })
    #expect(relativeFrobeniusError(s.reconstructed, a) <= 1e-12)
    #expect(s.conditionNumber > 1e12)
  }

  /// For SPD Hilbert 8×8 the singular values are the eigenvalues; absolute 4n·ε·σ₁ tolerance
  /// (perturbation bounds for both are absolute, ≈ ε·‖H‖₂).
  @Test func hilbertSingularValuesEqualEigenvalues() throws {
    let h = hilbert(8)
    let s = try SVD(h)
    let e = try SymmetricEigen.eigenvalues(of: h)
    #expect(firstMismatch(s.singularValues, e, relative: 0, absolute: 4 * 8 * eps * e[0]) == nil)
    #expect(relativeFrobeniusError(s.reconstructed, h) <= 1e-12)
    #expect(isClose(s.conditionNumber, 1.5257575538060041e10, relative: 1e-4))  // numpy cond(H), κ·ε-limited
  }

  @Test func knownSmallExample() throws {
    // diag(3, −4) has singular values 4, 3.
    let s = try SVD(Matrix([[3, 0], [0, -4]]))
    #expect(s.singularValues == [4, 3])
    #expect(try SVD(Matrix(rows: 0, columns: 3)).singularValues.isEmpty)
  }
}
