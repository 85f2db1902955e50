import LinearAlgebra
import Statistics

/// Which rank confidence sets are wanted: one per unit, or one family covering all units jointly.
public enum RankConfidenceScope: String, Sendable, CaseIterable {
  /// For each unit j, a set that contains j's true rank with probability ≈ coverage
  /// (csranks `simul = FALSE`).
  case marginal
  /// Sets that contain the true ranks of all units simultaneously with probability ≈ coverage
  /// (csranks `simul = TRUE`).
  case simultaneous
}

/// The shape of a rank confidence set (csranks `cstype`).
public enum RankConfidenceSetType: String, Sendable, CaseIterable {
  /// [L, U] with both bounds informative (csranks `"two-sided"`).
  case twoSided
  /// [L, p]: only a lower bound on the rank number, i.e. "at best rank L" (csranks `"lower"`).
  case lower
  /// [1, U]: only an upper bound on the rank number, "at worst rank U" (csranks `"upper"`).
  case upper
}

/// Options of `rankConfidenceSets` (defaults as R csranks 1.2: coverage 0.95, two-sided,
/// stepdown, R = 1000).
public struct RankConfidenceOptions: Sendable, Equatable {
  /// Nominal coverage 1 − α, in (0, 1).
  public var coverage: Double = 0.95
  /// Two-sided, lower or upper sets.
  public var type: RankConfidenceSetType = .twoSided
  /// Use the stepwise (step-down) refinement of Romano & Wolf (2005) — tighter, same coverage.
  public var stepdown: Bool = true
  /// Number of parametric bootstrap draws per step (≥ 100).
  public var replicates: Int = 1000
  /// Seed of the `SeededGenerator` used for the draws.
  public var seed: UInt64 = 20_240_101

  public init(
    coverage: Double = 0.95, type: RankConfidenceSetType = .twoSided, stepdown: Bool = true,
    replicates: Int = 1000, seed: UInt64 = 20_240_101
  ) {
    self.coverage = coverage; self.type = type; self.stepdown = stepdown
    self.replicates = replicates; self.seed = seed
  }
}

/// Confidence sets {L_j, …, U_j} for the ranks of p units (rank 1 = largest value).
public struct RankConfidenceSets: Sendable, Equatable {
  /// Ranks of the point estimates: 1 + #{k : θ̂_k > θ̂_j} (csranks `irank`).
  public let estimatedRanks: [Int]
  /// Lower ends L_j (best possible rank) of the sets.
  public let lower: [Int]
  /// Upper ends U_j (worst possible rank) of the sets.
  public let upper: [Int]
  /// Marginal or simultaneous.
  public let scope: RankConfidenceScope
  /// The options used.
  public let options: RankConfidenceOptions
  /// The critical values ĉ of each step (for marginal sets: those of the procedure for each unit,
  /// in unit order), kept for checking against reference implementations.
  public let criticalValues: [[Double]]

  /// Whether rank r (1-based) lies in the set of unit j.
  public func contains(unit j: Int, rank r: Int) -> Bool { lower[j] <= r && r <= upper[j] }
}

/// Confidence sets for ranks from estimates and their covariance (Mogstad, Romano, Shaikh and
/// Wilhelm 2024), the procedure of R `csranks::csranks`.
///
/// With estimates θ̂ (p values), covariance Σ and σ_jk = √(Σ_jj + Σ_kk − 2Σ_jk), the sets come
/// from simultaneous confidence bounds for all pairwise differences θ_j − θ_k whose critical
/// value is a bootstrap quantile of the maximum of standardised differences:
/// ```
/// Z* = Σ^{1/2} ε,  ε ~ N(0, I_p)  (R draws; Σ^{1/2} = lower Cholesky factor)
/// two-sided (stepdown):  I = {(j,k): j ≠ k, j ∈ J or k ∈ J},  T* = max_{(j,k)∈I} (Z*_j − Z*_k)/σ_jk
///                        reject (j,k) when  θ̂_j − θ̂_k − σ_jk·ĉ > 0,   ĉ = quantile_{1−α}(T*)
/// two-sided (one step):  I = {(j,k): j ∈ J, k ≠ j},  T* = max |Z*_j − Z*_k|/σ_jk,  reject |θ̂_j − θ̂_k| > σ_jk ĉ
/// lower:  I = {(j,k): j ∈ J},  T* = max (Z*_k − Z*_j)/σ_jk,  reject θ̂_j − θ̂_k + σ_jk ĉ < 0
/// upper:  I = {(j,k): j ∈ J},  T* = max (Z*_j − Z*_k)/σ_jk,  reject θ̂_j − θ̂_k − σ_jk ĉ > 0
/// L_j = 1 + #{k : θ_k > θ_j shown},   U_j = p − #{k : θ_j > θ_k shown}
/// ```
/// J is all units (simultaneous) or {j} (marginal, one run per unit, each starting from the same
/// seed as csranks does with `seed`). Step-down: the rejected pairs are removed from I and ĉ is
/// recomputed on fresh draws until no new pair is rejected. Quantiles are R type 7.
///
/// Divergences from csranks: draws are Σ^{1/2}ε with the Cholesky factor of the full Σ and the
/// seeded xoshiro256** stream (csranks draws `MASS::mvrnorm` on the sub-block of needed units with
/// R's RNG) — the same distribution but not the same numbers, so seeded results agree with csranks
/// in distribution; with the same draws they agree exactly. Σ must be positive semi-definite
/// (a singular Σ uses the eigen root, as `MASS::mvrnorm`).
///
/// Cost per step: one R×p by p×p product and one R×p by p×|I| product (`dgemm`), |I| ≤ p(p−1).
///
/// References: M. Mogstad, J. P. Romano, A. M. Shaikh and D. Wilhelm (2024), "Inference for
/// Ranks with Applications to Mobility across Neighbourhoods and Academic Achievement across
/// Countries", Review of Economic Studies 91(1), 476–518, doi:10.1093/restud/rdad006.
/// Validated against: an independent numpy implementation of the same procedure on identical draws
/// (`Datasets/reference/scripts/ranking_csranks.py`, all 24 variants: integers exact, critical
/// values 1e-12); R csranks 1.2.2.9001 itself reproduces those 24 results draw for draw when its
/// `MASS::mvrnorm` is fed the same draws (`ranking_csranks_check.R`); hand-checked
/// separated/identical units.
public func rankConfidenceSets(
  estimates: [Double], covariance: Matrix, scope: RankConfidenceScope = .simultaneous,
  options: RankConfidenceOptions = RankConfidenceOptions()
) throws(RankingError) -> RankConfidenceSets {
  try _rankConfidenceSets(
    estimates: estimates, covariance: covariance, scope: scope, options: options, draws: nil)
}

/// The same procedure with caller-supplied standard normal draws: `standardNormalDraws(s)` must
/// return the R×p matrix ε of step s (s = 0, 1, …); every run (each unit, for marginal sets)
/// starts again at s = 0. Used to compare draw for draw with a reference implementation.
public func rankConfidenceSets(
  estimates: [Double], covariance: Matrix, scope: RankConfidenceScope = .simultaneous,
  options: RankConfidenceOptions = RankConfidenceOptions(),
  standardNormalDraws: @escaping (Int) -> Matrix
) throws(RankingError) -> RankConfidenceSets {
  try _rankConfidenceSets(
    estimates: estimates, covariance: covariance, scope: scope, options: options,
    draws: standardNormalDraws)
}

private func _rankConfidenceSets(
  estimates: [Double], covariance: Matrix, scope: RankConfidenceScope,
  options: RankConfidenceOptions, draws suppliedDraws: ((Int) -> Matrix)?
) throws(RankingError) -> RankConfidenceSets {
  let p = estimates.count
  guard p >= 2 else { throw .tooFewUnits(found: p, required: 2) }
  guard covariance.rows == p && covariance.columns == p else {
    throw .lengthMismatch(what: "covariance rows/columns vs estimates", expected: p, found: covariance.rows)
  }
  for (i, x) in estimates.enumerated() where !x.isFinite { throw .nonFiniteValue(what: "estimates", index: i) }
  for (i, x) in covariance.elements.enumerated() where !x.isFinite {
    throw .nonFiniteValue(what: "covariance", index: i)
  }
  guard options.coverage > 0 && options.coverage < 1 else { throw .invalidLevel(options.coverage) }
  guard options.replicates >= 100 else { throw .invalidReplicateCount(found: options.replicates, minimum: 100) }
  // Σ^{1/2}: the lower Cholesky factor; for a positive semi-definite Σ (e.g. index values that
  // sum to a constant over the regions, as z-scores or ranks over the published regions do) the
  // symmetric eigen root V·diag(√max(λ, 0)), accepted as MASS::mvrnorm does when every
  // eigenvalue λ ≥ −1e-6·|λ_max| (only differences Z_j − Z_k enter the procedure).
  let root: Matrix
  if let chol = try? Cholesky(covariance) {
    root = chol.lower
  } else {
    guard let eig = try? SymmetricEigen(covariance), let top = eig.eigenvalues.map(Swift.abs).max(), top > 0,
          eig.eigenvalues.allSatisfy({ $0 >= -1e-6 * top }) else { throw .covarianceNotPositiveDefinite }
    var r = eig.eigenvectors
    for (j, lambda) in eig.eigenvalues.enumerated() {
      let f = Swift.max(lambda, 0).squareRoot()
      for i in 0..<p { r[i, j] *= f }
    }
    root = r
  }

  let R = options.replicates
  // Step s of every run uses the s-th R×p block of one stream started at the seed (so each
  // marginal run restarts from the seed, as csranks does with `seed`).
  var seededBlocks: [Matrix] = []
  var gen = SeededGenerator(seed: options.seed)
  var spare: Double? = nil
  func drawsFor(_ s: Int) -> Matrix {
    if let supplied = suppliedDraws { return supplied(s) }
    while seededBlocks.count <= s {
      var e = Matrix(rows: R, columns: p)
      for idx in 0..<(R * p) { e.elements[idx] = gen.standardNormal(&spare) }
      seededBlocks.append(e)
    }
    return seededBlocks[s]
  }
  var sigma = Matrix(rows: p, columns: p)
  for j in 0..<p {
    for k in 0..<p where j != k {
      sigma[j, k] = (covariance[j, j] + covariance[k, k] - 2 * covariance[j, k]).squareRoot()
      // A difference without variance makes the standardised differences undefined.
      if !(sigma[j, k] > 0) { throw .covarianceNotPositiveDefinite }
    }
  }
  // Z* = ε·Lᵀ has rows distributed N(0, Σ); reused by every run (draws depend only on the step).
  var zCache: [Int: Matrix] = [:]
  func z(_ s: Int) -> Matrix {
    if let m = zCache[s] { return m }
    let e = drawsFor(s)
    precondition(e.rows == R && e.columns == p, "standardNormalDraws(\(s)) must be \(R)×\(p)")
    let m = gemm(transB: .transposed, a: e, b: root)
    zCache[s] = m
    return m
  }

  func run(_ J: Set<Int>) -> (lower: [Int], upper: [Int], critical: [Double]) {
    let oneSidedLowerDiff: Bool  // statistic (Z_j − Z_k)/σ (lower confidence bound on θ_j − θ_k)
    var active = [[Bool]](repeating: [Bool](repeating: false, count: p), count: p)
    var symmetric = false
    switch options.type {
    case .twoSided:
      if options.stepdown {
        oneSidedLowerDiff = true
        for j in 0..<p { for k in 0..<p where j != k && (J.contains(j) || J.contains(k)) { active[j][k] = true } }
      } else {
        oneSidedLowerDiff = true; symmetric = true
        for j in J { for k in 0..<p where k != j { active[j][k] = true } }
      }
    case .upper:
      oneSidedLowerDiff = true
      for j in J { for k in 0..<p where k != j { active[j][k] = true } }
    case .lower:
      oneSidedLowerDiff = false
      for j in J { for k in 0..<p where k != j { active[j][k] = true } }
    }
    let initial = active
    // lowerBound[j][k] > 0 shows θ_j > θ_k; upperBound[j][k] < 0 shows θ_j < θ_k.
    var lowerBound = [[Double]](repeating: [Double](repeating: -.infinity, count: p), count: p)
    var upperBound = [[Double]](repeating: [Double](repeating: .infinity, count: p), count: p)
    var critical: [Double] = []
    var step = 0
    while true {
      var pairs: [(Int, Int)] = []
      for k in 0..<p { for j in 0..<p where active[j][k] { pairs.append((j, k)) } }  // column-major order as R's which()
      if pairs.isEmpty { break }
      var d = Matrix(rows: p, columns: pairs.count)
      for (c, (j, k)) in pairs.enumerated() {
        let s = sigma[j, k]
        let sign = oneSidedLowerDiff ? 1.0 : -1.0
        d[j, c] = sign / s; d[k, c] = -sign / s
      }
      let t = gemm(a: z(step), b: d)  // R × |I|
      var maxima = [Double](repeating: -.infinity, count: R)
      for c in 0..<pairs.count {
        for r in 0..<R {
          let v = symmetric ? Swift.abs(t[r, c]) : t[r, c]
          if v > maxima[r] { maxima[r] = v }
        }
      }
      let q = quantile(maxima, options.coverage)
      critical.append(q)
      var rejected = 0
      for (j, k) in pairs {
        let diff = estimates[j] - estimates[k], s = sigma[j, k]
        if symmetric {
          lowerBound[j][k] = diff - s * q; upperBound[j][k] = diff + s * q
        } else if oneSidedLowerDiff {
          lowerBound[j][k] = diff - s * q
        } else {
          upperBound[j][k] = diff + s * q
        }
        if lowerBound[j][k] > 0 || upperBound[j][k] < 0 { active[j][k] = false; rejected += 1 }
      }
      step += 1
      if !options.stepdown || rejected == 0 || rejected == pairs.count { break }
    }
    var lowerRanks: [Int] = [], upperRanks: [Int] = []
    for j in J.sorted() {
      var nPlus = 0, nMinus = 0
      for k in 0..<p where k != j {
        if initial[j][k] && lowerBound[j][k] > 0 { nPlus += 1 }
        if options.type == .twoSided && options.stepdown {
          if initial[k][j] && lowerBound[k][j] > 0 { nMinus += 1 }
        } else if initial[j][k] && upperBound[j][k] < 0 {
          nMinus += 1
        }
      }
      lowerRanks.append(nMinus + 1); upperRanks.append(p - nPlus)
    }
    return (lowerRanks, upperRanks, critical)
  }

  var lower = [Int](repeating: 1, count: p), upper = [Int](repeating: p, count: p)
  var criticalValues: [[Double]] = []
  switch scope {
  case .simultaneous:
    let r = run(Set(0..<p))
    lower = r.lower; upper = r.upper; criticalValues = [r.critical]
  case .marginal:
    for j in 0..<p {
      let r = run([j])
      lower[j] = r.lower[0]; upper[j] = r.upper[0]; criticalValues.append(r.critical)
    }
  }
  return RankConfidenceSets(
    estimatedRanks: descendingRanks(estimates), lower: lower, upper: upper, scope: scope,
    options: options, criticalValues: criticalValues)
}
