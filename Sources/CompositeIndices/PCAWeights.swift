import LinearAlgebra
import Statistics

/// Weights from the first principal component (OECD/JRC Handbook 2008, §6.1).
///
/// With R the correlation matrix of the k children over the complete units and v₁ its leading
/// unit-norm eigenvector (R `prcomp(x, center = TRUE, scale. = TRUE)$rotation[, 1]`):
/// ```
/// wⱼ = v₁ⱼ² / Σₖ v₁ₖ² = v₁ⱼ²          (Σ wⱼ = 1 because ‖v₁‖ = 1)
/// ```
/// i.e. the squared loadings of the first component scaled to unity sum. The Handbook uses the
/// squared rotated loadings of several components; with one component this is the same formula.
/// COINr `get_PCA()` instead returns the signed `rotation[, 1]` as weights; squaring removes the
/// arbitrary sign and keeps weights non-negative.
public struct PCAWeights: Sendable, Hashable {
  /// The weights w (sum 1).
  public let weights: [Double]
  /// v₁, signed so that its sum is ≥ 0 (the sign of an eigenvector is arbitrary).
  public let loadings: [Double]
  /// λ₁, the leading eigenvalue of the correlation matrix (= `prcomp()$sdev[1]^2`).
  public let eigenvalue: Double
  /// λ₁ / k, the share of total standardised variance explained.
  public let varianceExplained: Double
  /// Number of complete units used.
  public let unitCount: Int
}

/// PCA weights of the columns of `x` (units × children, NaN = missing; incomplete units dropped,
/// as COINr `na.omit`). Correlations use n − 1 (the scaling cancels). Cost O(n k² + k³).
public func pcaWeights(_ x: Matrix, node: String = "") throws(IndexError) -> PCAWeights {
  let k = x.columns
  let complete = completeRows(x)
  let n = complete.count
  guard k >= 2, n >= 3 else { throw .tooFewObservationsForPCA(node: node, found: n, required: 3) }
  var z = x.submatrix(rows: complete, columns: 0..<k)
  for j in 0..<k {
    let col = z.column(j)
    let m = col.reduce(0, +) / Double(n)
    let sd = (col.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)).squareRoot()
    guard sd > 0 else { throw .tooFewObservationsForPCA(node: node, found: n, required: 3) }
    for i in 0..<n { z[i, j] = (col[i] - m) / sd }
  }
  let r = crossProduct(z) / Double(n - 1)
  let eigen: SymmetricEigen
  do { eigen = try SymmetricEigen(r) } catch { throw .eigendecompositionFailed(node: node, info: Int(error.info)) }
  var v = eigen.eigenvectors.column(0)
  if v.reduce(0, +) < 0 { v = v.map { -$0 } }
  let ss = v.reduce(0) { $0 + $1 * $1 }
  let lambda = eigen.eigenvalues[0]
  return PCAWeights(
    weights: v.map { $0 * $0 / ss }, loadings: v, eigenvalue: lambda, varianceExplained: lambda / Double(k),
    unitCount: n)
}
