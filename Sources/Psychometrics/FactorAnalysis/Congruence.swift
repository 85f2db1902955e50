// Tucker's congruence coefficient between loading matrices.
import Foundation
import LinearAlgebra

/// Tucker's congruence coefficients φ between the columns of two loading matrices (psych `factor.congruence`).
///
/// ```
/// φ(x, y) = Σᵢ xᵢyᵢ / √(Σᵢ xᵢ² · Σᵢ yᵢ²)
/// ```
/// Returns the k₁ × k₂ matrix of φ between column a of `a` and column b of `b` (same p rows).
/// Reference: Tucker (1951); Lorenzo-Seva & ten Berge (2006) Methodology 2, 57–64,
/// doi:10.1027/1614-2241.2.2.57 (φ ≥ 0.95: factors considered equal).
public func tuckerCongruence(_ a: Matrix, _ b: Matrix) -> Matrix {
  precondition(a.rows == b.rows, "tuckerCongruence: \(a.rows) vs \(b.rows) rows")
  let num = gemm(transA: .transposed, a: a, b: b)
  let na = a.hadamard(a).columnSums.map { Foundation.sqrt($0) }
  let nb = b.hadamard(b).columnSums.map { Foundation.sqrt($0) }
  return num.scalingRows(na.map { 1 / $0 }).scalingColumns(nb.map { 1 / $0 })
}

/// Columns of one loading matrix matched to a target (``alignFactors(_:to:)``).
public struct FactorAlignment: Sendable, Equatable {
  /// The reordered, reflected loadings (column j matches target column j).
  public let aligned: Matrix
  /// For each target column, the matched column of the input.
  public let match: [Int]
  /// |φ| of each matched pair (after reflection φ ≥ 0).
  public let congruence: [Double]
}

/// Reorders and reflects the columns of `loadings` to best match `target` (greedy on |φ|, largest
/// first), e.g. before comparing loadings from two fits or in recovery tests.
public func alignFactors(_ loadings: Matrix, to target: Matrix) -> FactorAlignment {
  let phi = tuckerCongruence(loadings, target)
  let k = Swift.min(loadings.columns, target.columns)
  var usedA = Set<Int>(), usedB = Set<Int>()
  var match = [Int](repeating: 0, count: target.columns)
  var cong = [Double](repeating: .nan, count: target.columns)
  for _ in 0..<k {
    var best = (-1.0, 0, 0)
    for i in 0..<loadings.columns where !usedA.contains(i) {
      for j in 0..<target.columns where !usedB.contains(j) && Swift.abs(phi[i, j]) > best.0 {
        best = (Swift.abs(phi[i, j]), i, j)
      }
    }
    usedA.insert(best.1); usedB.insert(best.2)
    match[best.2] = best.1
    cong[best.2] = best.0
  }
  var columns: [[Double]] = []
  for j in 0..<k {
    let s: Double = phi[match[j], j] < 0 ? -1 : 1
    columns.append(loadings.column(match[j]).map { $0 * s })
  }
  return FactorAlignment(aligned: Matrix(columnVectors: columns), match: Array(match.prefix(k)), congruence: Array(cong.prefix(k)))
}
