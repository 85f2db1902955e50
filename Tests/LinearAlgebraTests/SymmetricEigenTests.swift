import LinearAlgebra
import Testing
import _TestSupport

@Suite struct SymmetricEigenTests {
  /// Reference: numpy 2.4.6 `eigh`, reordered descending and sign-normalised like ours:
  /// python3 -c "
  /// import numpy as np
  /// A=np.array([[4.,1,2],[1,3,0],[2,0,5]]); w,v=np.linalg.eigh(A)
  /// i=np.argsort(w)[::-1]; w=w[i]; v=v[:,i]
  /// for j in range(3): v[:,j]*=np.sign(v[np.argmax(abs(v[:,j])),j])
  /// print([repr(x) for x in w]); print(repr(v))"
  /// Tolerance 1e-14 relative for eigenvalues and 1e-14 absolute for unit-vector components:
  /// both libraries are backward stable with errors of a few ε·‖A‖ (well-separated eigenvalues).
  @Test func threeByThreeMatchesNumpy() throws {
    let a = Matrix([[4, 1, 2], [1, 3, 0], [2, 0, 5]])
    let e = try SymmetricEigen(a)
    let numpyValues = [6.669079088282288, 3.476023602918134, 1.854897308799577]
    #expect(firstMismatch(e.eigenvalues, numpyValues, relative: 1e-14) == nil)
    let numpyVectors = Matrix([
      [0.6311789687764832, 0.3743619547830716, 0.6793130619863367],
      [0.1720265367929079, 0.7864356987513784, -0.5932333119173847],
      [0.7563200248659909, -0.4912962635115684, -0.4319814827585529],
    ])
    #expect(maxAbsDifference(e.eigenvectors, numpyVectors) <= 1e-14)
    // Trace and determinant invariants: Σλ = 12, Πλ = 43.
    #expect(abs(e.eigenvalues.reduce(0, +) - 12) <= 1e-14 * 12)
    #expect(abs(e.eigenvalues.reduce(1, *) - 43) <= 1e-13 * 43)
  }

  /// ‖A − VΛVᵀ‖_F/‖A‖_F ≤ 1e-12 and max|VᵀV − I| ≤ 1e-12 on a seeded random 60×60 symmetric matrix.
  @Test func reconstructionAndOrthogonalityOnRandomMatrix() throws {
    let a = randomSymmetric(60, seed: 42)
    let e = try SymmetricEigen(a)
    #expect(relativeFrobeniusError(e.reconstructed, a) <= 1e-12)
    #expect(maxAbsDifference(crossProduct(e.eigenvectors), .identity(60)) <= 1e-12)
    // Each column is an eigenvector: ‖A·v − λ·v‖₂ ≤ 1e-12·‖A‖_F.
    let av = a * e.eigenvectors
    for j in 0..<60 {
      let residual = Matrix(rows: 60, columns: 1, columnMajor: av.column(j))
        - e.eigenvalues[j] * Matrix(rows: 60, columns: 1, columnMajor: e.eigenvectors.column(j))
      #expect(residual.frobeniusNorm <= 1e-12 * a.frobeniusNorm)
    }
  }

  @Test func orderIsDescendingByValueAndSignsAreNormalised() throws {
    let a = randomSymmetric(25, seed: 7)
    let e = try SymmetricEigen(a)
    #expect(zip(e.eigenvalues, e.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(e.eigenvalues.first! > 0 && e.eigenvalues.last! < 0)  // indefinite: sorted by value, not |value|
    for j in 0..<25 {
      let col = e.eigenvectors.column(j)
      let k = col.indices.max { abs(col[$0]) < abs(col[$1]) }!
      #expect(col[k] > 0, "column \(j): largest-magnitude component must be positive")
    }
    // The raw LAPACK signs differ at most by a sign flip per column.
    let raw = try SymmetricEigen(a, sign: .asComputed)
    #expect(raw.eigenvalues == e.eigenvalues)
    for j in 0..<25 {
      let c = e.eigenvectors.column(j), r = raw.eigenvectors.column(j)
      #expect(c == r || c == r.map { -$0 })
    }
    // Diagonal example: R eigen(diag(c(-3, 2, 0))) gives values 2, 0, −3.
    let d = try SymmetricEigen(.diagonal([-3, 2, 0]))
    #expect(d.eigenvalues == [2, 0, -3])
    #expect(d.eigenvectors == Matrix([[0, 0, 1], [1, 0, 0], [0, 1, 0]]))
  }

  @Test func valuesOnlyAgreesWithFullDecomposition() throws {
    let a = randomSymmetric(40, seed: 3)
    let full = try SymmetricEigen(a).eigenvalues
    let values = try SymmetricEigen.eigenvalues(of: a)
    // Tolerance: 1e-13·|λ₁| absolute (different algorithm paths inside dsyevr).
    #expect(firstMismatch(values, full, relative: 0, absolute: 1e-13 * abs(full[0])) == nil)
  }

  @Test func repeatedEigenvaluesStillGiveAnOrthonormalBasis() throws {
    let e = try SymmetricEigen(.identity(4) * 2)
    #expect(e.eigenvalues == [2, 2, 2, 2])
    #expect(maxAbsDifference(crossProduct(e.eigenvectors), .identity(4)) <= 1e-15)
  }

  /// Hilbert 8×8 vs numpy 2.4.6 `eigvalsh(H)[::-1]`:
  /// python3 -c "import numpy as np; H=np.array([[1/(i+j+1) for j in range(8)] for i in range(8)]);
  ///   print([repr(x) for x in np.linalg.eigvalsh(H)[::-1]])"
  /// Tolerance: absolute 4n·ε·λ₁ ≈ 1.2e-14 — eigenvalue error bounds are absolute (Weyl), so the
  /// smallest (1.1e-10) is only good to ~1e-4 relative; reconstruction is still 1e-12 relative.
  @Test func hilbertMatrixIllConditioned() throws {
    let h = hilbert(8)
    let e = try SymmetricEigen(h)
    let numpy = [
      1.695938996921949, 0.2981252113169306, 0.0262128435781189, 0.0014676881177417907,
      5.4369433697499504e-05, 1.294332091873755e-06, 1.7988737457918858e-08, 1.1115390158041429e-10,
    ]
    #expect(firstMismatch(e.eigenvalues, numpy, relative: 0, absolute: 4 * 8 * eps * numpy[0]) == nil)
    #expect(relativeFrobeniusError(e.reconstructed, h) <= 1e-12)
  }

  @Test func readsOnlyTheLowerTriangle() throws {
    let lowerOnly = Matrix([[4, 999], [1, 3]])
    let sym = Matrix([[4, 1], [1, 3]])
    #expect(try SymmetricEigen(lowerOnly) == SymmetricEigen(sym))
    #expect(try SymmetricEigen(Matrix(rows: 0, columns: 0)).eigenvalues.isEmpty)
  }
}
