import LinearAlgebra

/// Why a factorability statistic (KMO, Bartlett's test) could not be computed.
public enum FactorabilityError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The correlation matrix is not square.
  case notSquare(rows: Int, columns: Int)
  /// The matrix has a NaN or ±∞ element (0-based position).
  case nonFiniteElement(row: Int, column: Int)
  /// The correlation matrix is singular (KMO needs R⁻¹; psych then falls back to R itself).
  case singular
  /// det R ≤ 0: the matrix is not positive definite, so log det R is undefined.
  case notPositiveDefinite(determinantSign: Int)
  /// Fewer than two variables.
  case tooFewVariables(found: Int, required: Int)

  public var description: String {
    switch self {
    case .notSquare(let r, let c): return "the correlation matrix is \(r)×\(c); a square matrix is required"
    case .nonFiniteElement(let r, let c): return "element [\(r + 1), \(c + 1)] of the correlation matrix is not finite"
    case .singular: return "the correlation matrix is singular; KMO needs its inverse (remove redundant items)"
    case .notPositiveDefinite(let s):
      return "the correlation matrix has determinant sign \(s); Bartlett's test needs a positive definite matrix (smooth it first)"
    case .tooFewVariables(let found, let required): return "\(found) variables; at least \(required) are required"
    }
  }
}

func _checkCorrelationMatrix(_ r: Matrix) throws(FactorabilityError) {
  guard r.isSquare else { throw .notSquare(rows: r.rows, columns: r.columns) }
  guard r.rows >= 2 else { throw .tooFewVariables(found: r.rows, required: 2) }
  for j in 0..<r.columns { for i in 0..<r.rows where !r[i, j].isFinite { throw .nonFiniteElement(row: i, column: j) } }
}
