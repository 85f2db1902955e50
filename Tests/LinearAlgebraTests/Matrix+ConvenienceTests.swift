import LinearAlgebra
import Testing

@Suite struct MatrixConvenienceTests {
  /// Reference from R 4.2.2 (column-major), same operation order, so compared exactly:
  /// Rscript -e 'S <- matrix(c(4,2,-1,2,9,0.3,-1,0.3,1.7),3); print(sprintf("%.17g", cov2cor(S)))'
  @Test func correlationFromCovarianceMatchesRcov2corExactly() throws {
    let s = Matrix(rows: 3, columns: 3, columnMajor: [4, 2, -1, 2, 9, 0.3, -1, 0.3, 1.7])
    let r = try s.correlationFromCovariance()
    let rReference: [Double] = [
      1, 0.33333333333333331, -0.38348249442368521,
      0.33333333333333331, 1, 0.076696498884737035,
      -0.38348249442368521, 0.076696498884737035, 1,
    ]
    #expect(r.elements == rReference)
  }

  @Test func correlationFromCovarianceRejectsNonPositiveVariance() {
    #expect(throws: MatrixError.nonPositiveVariance(index: 1, value: 0)) {
      try Matrix([[1, 0], [0, 0]]).correlationFromCovariance()
    }
    #expect(throws: MatrixError.notSquare(rows: 1, columns: 2)) {
      try Matrix([[1, 0]]).correlationFromCovariance()
    }
  }

  @Test func symmetrizedAveragesTheTriangles() {
    let m = Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    #expect(m.symmetrized == Matrix([[1, 3, 5], [3, 5, 7], [5, 7, 9]]))
    #expect(m.symmetrized.isSymmetric())
  }

  @Test func submatrixSelectsAndReorders() {
    let m = Matrix([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    #expect(m.submatrix(rows: [2, 0], columns: 1..<3) == Matrix([[8, 9], [2, 3]]))
    #expect(m.submatrix(rows: [1, 1], columns: [0]) == Matrix([[4], [4]]))
    #expect(m.submatrix(rows: [Int](), columns: [0]).rows == 0)
  }

  /// The fast paths: every row in order (whole columns copied) and every row and column in order
  /// (the matrix itself), including NaN cells and a matrix without rows.
  @Test func submatrixOfAllRowsCopiesWholeColumns() {
    let m = Matrix([[1, .nan, 3], [4, 5, 6], [7, 8, .nan], [10, 11, 12]])
    let cols = m.submatrix(rows: 0..<4, columns: [2, 0])
    #expect(cols.rows == 4 && cols.columns == 2)
    #expect(cols[0, 0] == 3 && cols[1, 0] == 6 && cols[2, 0].isNaN && cols[3, 0] == 12)
    #expect(cols.column(1) == [1, 4, 7, 10])
    let all = m.submatrix(rows: Array(0..<4), columns: 0..<3)
    #expect(all.elements.count == 12)
    for (a, b) in zip(all.elements, m.elements) { #expect(a == b || (a.isNaN && b.isNaN)) }
    let noRows = Matrix(rows: 0, columns: 3)
    #expect(noRows.submatrix(rows: [Int](), columns: [1, 2]).columns == 2)
    #expect(m.submatrix(rows: 0..<4, columns: [Int]()).columns == 0)
  }

  @Test func isSymmetricUsesMaxNormRelativeTolerance() {
    let m = Matrix([[100, 1], [1 + 1e-12, 1]])
    #expect(!m.isSymmetric())
    #expect(m.isSymmetric(tolerance: 2e-14))  // |Δ| ≈ 1.0000889e-12 (1 + 1e-12 rounded) ≤ 2e-14 · 100
    #expect(!m.isSymmetric(tolerance: 1e-15))
    #expect(!Matrix([[1, 2]]).isSymmetric(tolerance: 1))
    #expect(!Matrix([[1, .nan], [.nan, 1]]).isSymmetric(tolerance: 1))
  }

  @Test func normsAndDifferences() {
    #expect(Matrix([[3, 0], [0, -4]]).frobeniusNorm == 5)
    #expect(Matrix(rows: 0, columns: 0).frobeniusNorm == 0)
    // dnrm2 scales, so huge entries do not overflow: ‖(1e200, 1e200)‖ = √2·1e200.
    let big = Matrix([[1e200, 1e200]]).frobeniusNorm
    #expect(abs(big - 2.0.squareRoot() * 1e200) <= 1e-15 * big)
    #expect(Matrix([[1, -2], [3, 4]]).oneNorm == 6)
    #expect(maxAbsDifference(Matrix([[1, 2]]), Matrix([[1.5, -1]])) == 3)
    #expect(maxAbsDifference(Matrix([[1, 2]]), Matrix([[1, .nan]])).isNaN)
  }
}
