import LinearAlgebra
import Testing

/// Checks |C − C_naive|ᵢⱼ ≤ 2k·ε·(|op(A)|·|op(B)|)ᵢⱼ + tiny, the standard floating-point bound for
/// an inner product of length k (Higham 2002, §3.1), element by element.
func expectWithinProductBound(
  _ c: Matrix, _ naive: Matrix, _ absBound: Matrix, k: Int, sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(c.rows == naive.rows && c.columns == naive.columns, sourceLocation: sourceLocation)
  for j in 0..<c.columns {
    for i in 0..<c.rows {
      let bound = 2 * Double(k) * eps * absBound[i, j] + 1e-300
      if !(abs(c[i, j] - naive[i, j]) <= bound) {
        Issue.record("[\(i), \(j)]: \(c[i, j]) vs naive \(naive[i, j]) (bound \(bound))", sourceLocation: sourceLocation)
        return
      }
    }
  }
}

func absMatrix(_ m: Matrix) -> Matrix {
  Matrix(rows: m.rows, columns: m.columns, columnMajor: m.elements.map { abs($0) })
}

@Suite struct MatrixBLASTests {
  @Test(arguments: [Transpose.none, .transposed], [Transpose.none, .transposed])
  func gemmAgreesWithNaiveTripleLoop(transA: Transpose, transB: Transpose) {
    let (m, k, n) = (37, 53, 29)
    let a = transA == .none ? randomMatrix(m, k, seed: 1) : randomMatrix(k, m, seed: 1)
    let b = transB == .none ? randomMatrix(k, n, seed: 2) : randomMatrix(n, k, seed: 2)
    let c = gemm(transA: transA, transB: transB, a: a, b: b)
    let naive = naiveProduct(a, b, transA: transA == .transposed, transB: transB == .transposed)
    let bound = naiveProduct(absMatrix(a), absMatrix(b), transA: transA == .transposed, transB: transB == .transposed)
    expectWithinProductBound(c, naive, bound, k: k)
  }

  @Test func gemmAccumulatesWithAlphaAndBeta() {
    let a = randomMatrix(6, 4, seed: 3), b = randomMatrix(4, 5, seed: 4), c0 = randomMatrix(6, 5, seed: 5)
    var c = c0
    gemm(alpha: 2.5, a: a, b: b, beta: -0.5, c: &c)
    let expected = 2.5 * naiveProduct(a, b) + (-0.5) * c0
    // Tolerance: 1e-14 absolute on O(1) entries (inner length 4, so the bound is ~2e-15).
    #expect(maxAbsDifference(c, expected) <= 1e-14)
  }

  @Test func gemmWithBetaZeroIgnoresNaNInC() {
    var c = Matrix(rows: 2, columns: 2, repeating: .nan)
    gemm(a: .identity(2), b: Matrix([[1, 2], [3, 4]]), c: &c)
    #expect(c == Matrix([[1, 2], [3, 4]]))
  }

  @Test func productOperatorAndEmptyShapes() {
    #expect(Matrix([[1, 2], [3, 4]]) * Matrix([[5, 6], [7, 8]]) == Matrix([[19, 22], [43, 50]]))
    // Inner dimension 0 gives a zero matrix of the outer shape.
    let z = Matrix(rows: 3, columns: 0) * Matrix(rows: 0, columns: 2)
    #expect(z == Matrix(rows: 3, columns: 2))
    #expect((Matrix(rows: 0, columns: 3) * Matrix(rows: 3, columns: 2)).rows == 0)
  }

  @Test func crossProductMatchesNaiveAndIsExactlySymmetric() {
    let x = randomMatrix(101, 23, seed: 6)
    let c = crossProduct(x)
    let naive = naiveProduct(x, x, transA: true)
    let bound = naiveProduct(absMatrix(x), absMatrix(x), transA: true)
    expectWithinProductBound(c, naive, bound, k: 101)
    #expect(c.isSymmetric(tolerance: 0))
    #expect(crossProduct(Matrix(rows: 0, columns: 3)) == Matrix(rows: 3, columns: 3))
  }

  @Test func crossProductOfTwoMatricesMatchesNaive() {
    let x = randomMatrix(41, 7, seed: 7), y = randomMatrix(41, 5, seed: 8)
    let c = crossProduct(x, y)
    expectWithinProductBound(c, naiveProduct(x, y, transA: true), naiveProduct(absMatrix(x), absMatrix(y), transA: true), k: 41)
    #expect(x.transposeTimes(y) == c)
  }

  @Test func matrixVectorProducts() {
    let a = randomMatrix(9, 6, seed: 9)
    let v = randomMatrix(6, 1, seed: 10).elements
    let w = randomMatrix(9, 1, seed: 11).elements
    let av = a * v
    let atw = a.transposeTimes(w)
    let naiveAv = naiveProduct(a, Matrix(rows: 6, columns: 1, columnMajor: v)).elements
    let naiveAtw = naiveProduct(a, Matrix(rows: 9, columns: 1, columnMajor: w), transA: true).elements
    // Tolerance: 1e-15 absolute; entries are sums of ≤ 9 products of numbers in (−1, 1).
    for i in 0..<9 { #expect(abs(av[i] - naiveAv[i]) <= 1e-15) }
    for j in 0..<6 { #expect(abs(atw[j] - naiveAtw[j]) <= 1e-15) }
    #expect(Matrix([[1, 2], [3, 4]]) * [1, 1] == [3, 7])
    #expect(Matrix([[1, 2], [3, 4]]).transposeTimes([1, 1]) == [4, 6])
    #expect(Matrix(rows: 2, columns: 0) * [] == [0, 0])
  }
}
