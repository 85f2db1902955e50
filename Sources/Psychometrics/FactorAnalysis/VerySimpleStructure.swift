// Revelle & Rocklin's Very Simple Structure criterion (psych `VSS`).
import Foundation
import LinearAlgebra

/// Very Simple Structure (VSS) fits for 1…maxFactors factors, as R psych 2.2.9 `VSS()`.
///
/// For each k: Λ from ``FactorAnalysis`` (k factors, `method`, `rotation` for k ≥ 2, none for k = 1);
/// for complexity c ≤ k, Λ_c keeps the c largest |λ| of each row (others 0) and
/// ```
/// VSS_c(k) = 1 − Σᵢⱼ (R − Λ_cΛ_cᵀ)²ᵢⱼ / Σᵢⱼ R²ᵢⱼ      (diagonal included; psych diagonal = FALSE; Φ = I)
/// ```
/// ``complexityFits``[k − 1][c − 1] is VSS_c(k) (0 for c > k, as psych's matrix); ``map`` is
/// Velicer's MAP (``VelicerMAP``); ``fits`` holds each k-factor model's fit statistics (psych `vss.stats`).
/// Reference: Revelle & Rocklin (1979) Multivariate Behav Res 14, 403–414, doi:10.1207/s15327906mbr1404_2.
/// Validated against: psych 2.2.9 `VSS(bfi[1:25], n = 8, rotate = "varimax", fm = "minres")`.
public struct VerySimpleStructure: Sendable, Equatable {
  /// complexityFits[k − 1][c − 1] = VSS fit of complexity c for k factors.
  public let complexityFits: [[Double]]
  /// Velicer's MAP for the same range.
  public let map: VelicerMAP
  /// Fit statistics of each k-factor model.
  public let fits: [FactorFit]

  /// VSS complexity 1 per number of factors (psych `cfit.1`).
  public var complexity1: [Double] { complexityFits.map { $0[0] } }
  /// VSS complexity 2 per number of factors (psych `cfit.2`; 0 for one factor).
  public var complexity2: [Double] { complexityFits.map { $0.count > 1 ? $0[1] : 0 } }

  public init(
    correlation: Matrix, maxFactors: Int = 8, observationCount: Int? = nil, method: FactorMethod = .minres,
    rotation: Rotation = .varimax
  ) throws(FactorAnalysisError) {
    try _validateCorrelation(correlation)
    let p = correlation.rows
    let n = Swift.min(maxFactors, p - 1)
    guard n >= 1 else { throw .invalidFactorCount(requested: maxFactors, allowed: 1...Swift.max(1, p - 1)) }
    let r = try _standardize(correlation)
    map = try VelicerMAP(correlation: r, maxFactors: maxFactors)
    let total = r.sumOfSquares
    var cfits: [[Double]] = []
    var fits: [FactorFit] = []
    for k in 1...n {
      let fa = try FactorAnalysis(
        correlation: r, factors: k, observationCount: observationCount ?? 1000, method: method,
        rotation: k < 2 ? .none : rotation)
      fits.append(fa.fit)
      var row = [Double](repeating: 0, count: n)
      for c in 1...k {
        var simple = Matrix(rows: p, columns: k)
        for i in 0..<p {
          let order = (0..<k).sorted { Swift.abs(fa.loadings[i, $0]) > Swift.abs(fa.loadings[i, $1]) }
          for j in order.prefix(c) { simple[i, j] = fa.loadings[i, j] }
        }
        row[c - 1] = 1 - (r - _outer(simple)).sumOfSquares / total
      }
      cfits.append(row)
    }
    complexityFits = cfits
    self.fits = fits
  }
}
