// Velicer's minimum average partial (MAP) criterion (psych `VSS()$map`).
import Foundation
import LinearAlgebra

/// Velicer's (1976) minimum average partial criterion for 1…maxFactors components.
///
/// ```
/// A = V·diag(√λ)  (all principal components of R);  C_m = R − A₁..ₘA₁..ₘᵀ
/// R*_m = D^(−½) C_m D^(−½) with D = diag(C_m);  MAP(m) = Σ_{i≠j} (R*_m)²ᵢⱼ / (p(p − 1))
/// ```
/// m runs to min(maxFactors, p − 1) as psych; the suggested number is argmin MAP.
/// Reference: Velicer (1976) Psychometrika 41, 321–327, doi:10.1007/BF02293557.
/// Validated against: psych 2.2.9 `VSS(bfi[1:25], n = 8)$map` (tests `ParallelAnalysisTests`).
public struct VelicerMAP: Sendable, Equatable {
  /// MAP(m) for m = 1…count (index 0 is one component).
  public let values: [Double]
  /// argmin MAP (1-based number of components).
  public let suggestedComponents: Int

  public init(correlation: Matrix, maxFactors: Int = 8) throws(FactorAnalysisError) {
    try _validateCorrelation(correlation)
    let p = correlation.rows
    guard maxFactors >= 1 else { throw .invalidFactorCount(requested: maxFactors, allowed: 1...Swift.max(1, p - 1)) }
    let r = correlation
    let e = try _la { () throws(LAPACKError) in try SymmetricEigen(r, sign: .asComputed) }
    let n1 = Swift.min(maxFactors, p - 1)
    var values: [Double] = []
    var c = r
    for m in 0..<n1 {
      let s = Foundation.sqrt(e.eigenvalues[m])
      let a = e.eigenvectors.column(m).map { $0 * s }
      for j in 0..<p { for i in 0..<p { c[i, j] -= a[i] * a[j] } }
      let d = c.diagonalElements.map { 1 / Foundation.sqrt($0) }
      var sum = 0.0
      for j in 0..<p {
        for i in 0..<p where i != j {
          let v = c[i, j] * d[i] * d[j]
          sum += v * v
        }
      }
      values.append(sum / Double(p * (p - 1)))
    }
    self.values = values
    var best = 0
    for i in values.indices where values[i] < values[best] { best = i }
    self.suggestedComponents = best + 1
  }
}
