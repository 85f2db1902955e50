import LinearAlgebra
import Testing

@Suite struct MatrixTests {
  @Test func layoutIsColumnMajor() {
    let m = Matrix([[1, 2, 3], [4, 5, 6]])
    #expect(m.elements == [1, 4, 2, 5, 3, 6])
    #expect(m[1, 2] == 6)
    #expect(m.column(1) == [2, 5])
    #expect(m.row(1) == [4, 5, 6])
    #expect(m.transposed == Matrix([[1, 4], [2, 5], [3, 6]]))
    #expect(Matrix(columnVectors: [[1, 4], [2, 5], [3, 6]]) == m)
  }

  @Test func identityAndDiagonal() {
    #expect(Matrix.identity(2) == Matrix([[1, 0], [0, 1]]))
    #expect(Matrix.diagonal([2, 3]).diagonalElements == [2, 3])
  }
}
