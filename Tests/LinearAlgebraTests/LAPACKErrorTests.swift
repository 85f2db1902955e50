import LinearAlgebra
import Testing

@Suite struct LAPACKErrorTests {
  @Test func meaningNamesTheProblem() {
    let e = LAPACKError(routine: "dpotrf", info: 3)
    #expect(e.kind == .info)
    #expect(e.description == "dpotrf: the matrix is not positive definite (leading minor of order 3 is not positive)")
    #expect(LAPACKError(routine: "dgetrf", info: 2).meaning.contains("singular"))
  }

  @Test func nonFiniteInputIsReportedNotTrapped() {
    let nan = Matrix([[1, .nan], [.nan, 1]])
    #expect(throws: LAPACKError.nonFiniteInput(routine: "dsyevr")) { try SymmetricEigen(nan) }
    #expect(throws: LAPACKError.nonFiniteInput(routine: "dgesdd")) { try SVD(Matrix([[1, .infinity]])) }
    #expect(throws: LAPACKError.nonFiniteInput(routine: "dpotrf")) { try Cholesky(nan) }
    #expect(throws: LAPACKError.nonFiniteInput(routine: "dgels")) { try leastSquares(nan, [1, 2]) }
    #expect(LAPACKError.nonFiniteInput(routine: "dgesdd").description == "dgesdd: the input contains NaN or infinite values")
  }
}
