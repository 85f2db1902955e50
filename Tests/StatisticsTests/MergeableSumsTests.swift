import LinearAlgebra
import Testing
import _TestSupport
@testable import Statistics

/// Partial sums from two parts of a data set (two files, two machines) merge into the sums of the
/// whole: `PairwiseSums.merge`. Likert codes with integer shifts give integer sums, so the merge
/// is exact (bit-identical covariances); real-valued data agree to rounding (1e-13 relative: the
/// same sums, added in another order).
@Suite struct MergeableSumsTests {
  /// n × p data: Likert codes 1–5 (integers) or real values, with about 8 % missing.
  static func data(rows n: Int, columns p: Int, likert: Bool, seed: UInt64) -> Matrix {
    var g = SeededGenerator(seed: seed)
    var x = Matrix(rows: n, columns: p)
    for i in 0..<n {
      let common = g.uniform()
      for j in 0..<p {
        if g.uniform() < 0.08 { x[i, j] = .nan; continue }
        let u = 0.6 * common + 0.4 * g.uniform()
        x[i, j] = likert ? (1 + (u * 5).rounded(.down)) : 3 + 2 * u + Double(j) * 0.37
      }
    }
    return x
  }

  static func rows(_ x: Matrix, _ r: Range<Int>) -> Matrix {
    Matrix(columnVectors: (0..<x.columns).map { Array(x.column($0)[r]) })
  }

  @Test func likertHalvesMergeExactly() throws {
    let x = Self.data(rows: 5_000, columns: 6, likert: true, seed: 11)
    let shift = [Double](repeating: 3, count: 6)
    // Halves not at a block boundary (blocks are 1,024 rows).
    var a = try PairwiseSums(Self.rows(x, 0..<2_345), shift: shift)
    let b = try PairwiseSums(Self.rows(x, 2_345..<5_000), shift: shift)
    try a.merge(b)
    let whole = try PairwiseSums(x, shift: shift)
    #expect(a.rowCount == 5_000 && a.missingCells == whole.missingCells && a.missingCells > 0)
    for j in 0..<6 {
      #expect(a.total(j) == whole.total(j) && a.totalSquares(j) == whole.totalSquares(j))
      for k in 0..<6 {
        #expect(a.count(j, k) == whole.count(j, k))
        #expect(a.cross(j, k) == whole.cross(j, k))
        #expect(a.sum(j, observed: k) == whole.sum(j, observed: k) && a.squares(j, observed: k) == whole.squares(j, observed: k))
      }
    }
    #expect(a.covariance() == whole.covariance())
    // And the library's own pairwise covariance of the whole (its shifts are the data's means):
    // the same statistic, to rounding.
    let lib = try covariance(x, missing: .pairwise)
    #expect(lib.pairCounts == a.covariance().pairCounts)
    #expect(firstMismatch(a.covariance().covariance.elements, lib.covariance.elements, relative: 1e-13) == nil)
  }

  @Test func realValuedHalvesMergeToRounding() throws {
    let x = Self.data(rows: 3_000, columns: 5, likert: false, seed: 5)
    let shift = [3.9, 4.3, 4.7, 5.0, 5.4]  // near the means, the same in both parts
    var a = try PairwiseSums(Self.rows(x, 0..<1_500), shift: shift)
    try a.merge(try PairwiseSums(Self.rows(x, 1_500..<3_000), shift: shift))
    let lib = try covariance(x, missing: .pairwise)
    #expect(lib.pairCounts == a.covariance().pairCounts)
    #expect(firstMismatch(a.covariance().covariance.elements, lib.covariance.elements, relative: 1e-13) == nil)
    // α of the complete rows from merged sums equals α from the whole: k/(k − 1)(1 − tr S / ΣS).
    let complete = (0..<x.rows).filter { i in (0..<5).allSatisfy { !x[i, $0].isNaN } }
    let cx = Matrix(columnVectors: (0..<5).map { j in complete.map { x[$0, j] } })
    var c = try PairwiseSums(Self.rows(cx, 0..<(cx.rows / 2)), shift: shift)
    try c.merge(try PairwiseSums(Self.rows(cx, (cx.rows / 2)..<cx.rows), shift: shift))
    func alpha(_ s: Matrix) -> Double {
      let tr = (0..<5).reduce(0.0) { $0 + s[$1, $1] }, all = s.elements.reduce(0, +)
      return 5.0 / 4.0 * (1 - tr / all)
    }
    let wholeAlpha = alpha(try covariance(cx).covariance)
    #expect(wholeAlpha > 0.5)
    #expect(isClose(alpha(c.covariance().covariance), wholeAlpha, relative: 1e-13))
  }

  @Test func mismatchedPartsAreRefused() throws {
    let x = Self.data(rows: 100, columns: 3, likert: true, seed: 2)
    var a = try PairwiseSums(x, shift: [3, 3, 3])
    #expect(throws: CorrelationError.mergeMismatch(what: "shift of column 2", this: "3.0", other: "2.5")) {
      try a.merge(try PairwiseSums(x, shift: [3, 2.5, 3]))
    }
    #expect(throws: CorrelationError.self) { try a.merge(try PairwiseSums(Self.rows(x, 0..<50).columnsPrefix(2), shift: [3, 3])) }
    #expect(throws: CorrelationError.self) { _ = try PairwiseSums(x, shift: [3, 3]) }
  }
}

extension Matrix {
  fileprivate func columnsPrefix(_ k: Int) -> Matrix { Matrix(columnVectors: (0..<k).map { column($0) }) }
}
