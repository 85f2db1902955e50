import LinearAlgebra

/// Kaiser–Meyer–Olkin measure of sampling adequacy (psych `KMO`).
public struct KaiserMeyerOlkin: Sendable, Equatable {
  /// Overall MSA.
  public let overall: Double
  /// MSA of each item (psych `MSAi`).
  public let items: [Double]
  /// Anti-image correlation matrix cov2cor(R⁻¹) (psych `$Image`; its off-diagonal elements are the
  /// negated partial correlations).
  public let antiImageCorrelation: Matrix
  /// Anti-image covariance matrix D⁻¹ R⁻¹ D⁻¹ with D = diag(R⁻¹) (psych `$ImCov`).
  public let antiImageCovariance: Matrix
}

/// Kaiser–Meyer–Olkin measure of sampling adequacy of a correlation matrix R (psych 2.2 `KMO`).
///
/// With Q = R⁻¹ and q_jk = Q_jk / √(Q_jj Q_kk) (partial correlations up to sign):
/// ```
/// MSA   = Σ_{j≠k} r_jk² / (Σ_{j≠k} r_jk² + Σ_{j≠k} q_jk²)
/// MSA_j = Σ_{k≠j} r_jk² / (Σ_{k≠j} r_jk² + Σ_{k≠j} q_jk²)
/// ```
/// R⁻¹ by LU (LAPACK `dgetrf`/`dgetri`, as R's `solve`). Cost O(p³).
/// Divergence from psych: a singular R throws `.singular` (psych prints a message and uses R for Q).
///
/// References: Kaiser, H. F. (1970). A second generation little jiffy. Psychometrika 35, 401–415.
/// doi:10.1007/BF02291817; Kaiser & Rice (1974), Educ. Psychol. Meas. 34, 111–117.
/// Validated against: psych 2.2.9 `KMO()` on bfi pairwise and listwise correlations (1e-8).
///
/// Example:
/// ```swift
/// let r = Matrix([[1, 0.5, 0.4], [0.5, 1, 0.3], [0.4, 0.3, 1]])
/// let kmo = try kaiserMeyerOlkin(r)   // kmo.overall, kmo.items
/// ```
public func kaiserMeyerOlkin(_ r: Matrix) throws(FactorabilityError) -> KaiserMeyerOlkin {
  try _checkCorrelationMatrix(r)
  let p = r.rows
  let lu = LUDecomposition(r)
  guard !lu.isSingular, let q = try? lu.inverse() else { throw .singular }
  var imCov = q
  for j in 0..<p { for i in 0..<p { imCov[i, j] = q[i, j] / (q[i, i] * q[j, j]) } }
  let image: Matrix
  do { image = try q.correlationFromCovariance() } catch { throw .singular }
  var sumR = 0.0, sumQ = 0.0
  var items = [Double](repeating: 0, count: p)
  for k in 0..<p {
    var cr = 0.0, cq = 0.0
    for j in 0..<p where j != k {
      cr += r[j, k] * r[j, k]
      cq += image[j, k] * image[j, k]
    }
    items[k] = cr / (cr + cq)
    sumR += cr
    sumQ += cq
  }
  return KaiserMeyerOlkin(overall: sumR / (sumR + sumQ), items: items, antiImageCorrelation: image, antiImageCovariance: imCov)
}
