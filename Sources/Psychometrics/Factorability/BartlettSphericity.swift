import LinearAlgebra
import Statistics

/// Bartlett's test that a correlation matrix is the identity (psych `cortest.bartlett`).
public struct BartlettSphericity: Sendable, Equatable {
  /// χ² = −(n − 1 − (2p + 5)/6) · log det R.
  public let chiSquare: Double
  /// p(p − 1)/2.
  public let degreesOfFreedom: Double
  /// Upper-tail χ² probability.
  public let pValue: Double
  /// The n used.
  public let observationCount: Int
  /// log det R.
  public let logDeterminant: Double
}

/// Bartlett's (1951) test of sphericity for a p × p correlation matrix from n observations (psych 2.2 `cortest.bartlett`).
///
/// ```
/// χ² = −(n − 1 − (2p + 5)/6) · log det R,   df = p(p − 1)/2,   p-value = P(χ²_df > χ²)
/// ```
/// The diagonal of R is taken as 1 (psych `diag = TRUE`). log det R from the LU factorisation
/// (R `det` uses LU too), computed as Σ log|u_ii| so it does not underflow for large p.
/// With pairwise correlations, n is a choice (psych's reference uses the number of rows).
///
/// References: Bartlett, M. S. (1951). The effect of standardization on a χ² approximation in factor
/// analysis. Biometrika 38, 337–344. doi:10.2307/2332580
/// Validated against: psych 2.2.9 `cortest.bartlett(R, n)` on bfi (1e-8).
///
/// Example:
/// ```swift
/// let r = Matrix([[1, 0.5, 0.4], [0.5, 1, 0.3], [0.4, 0.3, 1]])
/// let b = try bartlettSphericity(r, observationCount: 200)   // b.chiSquare, b.pValue
/// ```
public func bartlettSphericity(_ r: Matrix, observationCount n: Int) throws(FactorabilityError) -> BartlettSphericity {
  try _checkCorrelationMatrix(r)
  let p = r.rows
  var unitDiagonal = r
  for j in 0..<p { unitDiagonal[j, j] = 1 }
  let lu = LUDecomposition(unitDiagonal)
  guard lu.determinantSign > 0 else { throw .notPositiveDefinite(determinantSign: lu.determinantSign) }
  let logDet = lu.logAbsDeterminant
  let statistic = -logDet * (Double(n) - 1 - (2 * Double(p) + 5) / 6)
  let df = Double(p * (p - 1)) / 2
  return BartlettSphericity(
    chiSquare: statistic, degreesOfFreedom: df,
    pValue: ChiSquaredDistribution(degreesOfFreedom: df).complementaryCDF(statistic),
    observationCount: n, logDeterminant: logDet)
}
