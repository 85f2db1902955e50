import LinearAlgebra
import Testing

@Suite struct MatrixArithmeticTests {
  let a = Matrix([[1, 2], [3, 4]])
  let b = Matrix([[0.5, -1], [2, 8]])

  @Test func sumDifferenceNegation() {
    #expect(a + b == Matrix([[1.5, 1], [5, 12]]))
    #expect(a - b == Matrix([[0.5, 3], [1, -4]]))
    #expect(-a == Matrix([[-1, -2], [-3, -4]]))
  }

  @Test func scalarMultiplesAndQuotient() {
    #expect(2 * a == Matrix([[2, 4], [6, 8]]))
    #expect(a * 2 == 2 * a)
    #expect(a / 2 == Matrix([[0.5, 1], [1.5, 2]]))
    // IEEE semantics: 0 · NaN stays NaN (BLAS dscal may not propagate it).
    let z = 0 * Matrix([[.nan]])
    #expect(z[0, 0].isNaN)
  }

  @Test func hadamardProduct() {
    #expect(a.hadamard(b) == Matrix([[0.5, -2], [6, 32]]))
  }

  @Test func compoundAssignmentIncludingSelfAliasing() {
    var c = a
    c += b
    #expect(c == a + b)
    c -= b
    #expect(c == a)
    c *= 3
    #expect(c == 3 * a)
    var d = a
    d += d
    #expect(d == 2 * a)
    #expect(a == Matrix([[1, 2], [3, 4]]))  // value semantics: `a` untouched
  }
}
