// Coefficient alpha with psych::alpha's full output (psych 2.2.9).
//
// Implementation notes (goals: equal to psych at full precision, then level-3 BLAS, then memory):
//  1. The item covariance matrix C comes from `covariance(_:missing: .pairwise)` (masked level-3
//     products, each pair with its own means, denominator n_jk − 1) — psych's `cov(x, use = "pairwise")`.
//     On listwise-deleted or complete data this is the ordinary covariance.
//  2. Keys act on C as C_k = D C D, D = diag(keys), before anything else, as psych does; the data
//     themselves are reflected only for the total score, item means and raw.r.
//  3. psych reflects a reverse-keyed item as (max + min) − x with max and min over ALL items and
//     rows of the call (not the item's own range); this is reproduced. Response frequencies are
//     taken before reflection (as psych).
//  4. SMCs are 1 − 1/diag(R⁺) with R⁺ the SVD pseudo-inverse at tolerance √ε·σ₁ (psych `smc` →
//     `Pinv`), clamped to [0, 1].
//  5. Divergences from psych: an item without variance throws `zeroVarianceItem` (psych deletes it
//     with a warning but keeps counting it in the total); `.listwise` drops incomplete rows before
//     everything (psych has no listwise mode; this equals `alpha(na.omit(x))`); psych's bootstrap
//     forgets to apply the keys to the replicate covariance (it assigns `xi <- key.d %*% C %*% key.d`),
//     ours applies them.
import Foundation
import LinearAlgebra
import Statistics

/// Alpha and related statistics of the scale with one item removed (psych `alpha.drop`).
public struct AlphaIfItemDeleted: Sendable, Equatable {
  /// The deleted item (psych appends "-" to reverse-keyed names; this keeps the plain name).
  public let item: String
  /// Raw alpha of the remaining items (`raw_alpha`).
  public let rawAlpha: Double
  /// Standardized alpha (`std.alpha`).
  public let standardizedAlpha: Double
  /// Guttman's λ6 (`G6(smc)`).
  public let guttmanLambda6: Double
  /// Average inter-item correlation (`average_r`).
  public let averageR: Double
  /// Signal-to-noise ratio (`S/N`).
  public let signalToNoise: Double
  /// Duhachek–Lamb asymptotic standard error √(Q/N) (`alpha se`); NaN when N ≤ k or k = 2.
  public let standardError: Double
  /// Variance of the inter-item correlations (`var.r`, denominator m − 1).
  public let varianceOfR: Double
  /// Median inter-item correlation (`med.r`).
  public let medianR: Double
}

/// Item–total statistics (psych `item.stats`).
public struct AlphaItemStatistics: Sendable, Equatable {
  /// Item name.
  public let item: String
  /// Observed (non-missing) values of the item (`n`).
  public let count: Int
  /// Pearson correlation of the (reflected) item with the total score, pairwise (`raw.r`).
  public let rawR: Double
  /// Item–total correlation from the correlation matrix: Σⱼ R_ij / √(Σ R) (`std.r`).
  public let standardizedR: Double
  /// `std.r` corrected for item overlap with SMCs on the diagonal (`r.cor`).
  public let correctedR: Double
  /// Correlation of the item with the sum of the other items, from C (`r.drop`).
  public let dropR: Double
  /// Mean of the (reflected) item (`mean`).
  public let mean: Double
  /// Standard deviation of the item, denominator n − 1 (`sd`).
  public let standardDeviation: Double
}

/// Proportion of each response category per item (psych `response.freq`, taken before reflection).
public struct ResponseFrequencies: Sendable, Equatable {
  /// The distinct observed values over all items, ascending (the column labels).
  public let categories: [Double]
  /// k × c proportions: count of category c for item i / observed values of item i.
  public let proportions: Matrix
  /// Per item: 1 − observed / rows (psych's `miss` column).
  public let missing: [Double]
}

/// Options for `cronbachAlpha`.
public struct ReliabilityOptions: Sendable, Equatable {
  /// How missing values are handled; `.pairwise` is psych's default, `.fail` (the strict default) throws.
  public var missing: MissingPolicy
  /// Coverage of the Feldt, Duhachek and bootstrap intervals (psych: 0.95).
  public var confidenceLevel: Double
  /// Response frequencies are reported when there are at most this many distinct values (psych `max = 10`).
  public var maximumResponseCategories: Int
  /// Bootstrap settings; nil (the default) skips the bootstrap. Needs the whole matrix in memory.
  public var bootstrap: BootstrapOptions?

  /// Options; all arguments have psych's defaults except `missing` (strict `.fail`).
  public init(
    missing: MissingPolicy = .fail, confidenceLevel: Double = 0.95, maximumResponseCategories: Int = 10,
    bootstrap: BootstrapOptions? = nil
  ) {
    self.missing = missing
    self.confidenceLevel = confidenceLevel
    self.maximumResponseCategories = maximumResponseCategories
    self.bootstrap = bootstrap
  }
}

/// Seeded percentile bootstrap settings.
public struct BootstrapOptions: Sendable, Equatable {
  /// Number of replicates (psych `n.iter`).
  public var replicates: Int
  /// Seed of the generator (Statistics.SeededGenerator) that draws the resamples.
  public var seed: UInt64

  /// `replicates` resamples drawn with `seed`.
  public init(replicates: Int = 1000, seed: UInt64 = 42) {
    self.replicates = replicates
    self.seed = seed
  }
}

/// Cronbach's alpha and the full psych::alpha output for one scale.
public struct CronbachAlpha: Sendable, Equatable {
  /// Item names, in input order.
  public let items: [String]
  /// Keys (+1 / −1) per item.
  public let keys: [Int]
  /// How missing values were handled.
  public let missingPolicy: MissingPolicy
  /// Rows used: all rows (`.pairwise`, `.fail`) or complete rows (`.listwise`); psych's N (`nrow(x)`).
  public let observationCount: Int
  /// Raw alpha from the keyed covariance matrix (`raw_alpha`).
  public let rawAlpha: Double
  /// Standardized alpha from the correlation matrix (`std.alpha`).
  public let standardizedAlpha: Double
  /// Guttman's λ6 with SMCs (`G6(smc)`).
  public let guttmanLambda6: Double
  /// Average inter-item correlation (`average_r`).
  public let averageR: Double
  /// Median inter-item correlation (`median_r`).
  public let medianR: Double
  /// Variance of the inter-item correlations (psych `var.r`).
  public let varianceOfR: Double
  /// Signal-to-noise ratio k·r̄/(1 − r̄) (`S/N`).
  public let signalToNoise: Double
  /// Duhachek & Lamb's asymptotic standard error √(Q/N) (`ase`).
  public let standardError: Double
  /// Mean of the total score (row means of the reflected items over answered items) (`mean`).
  public let mean: Double
  /// Standard deviation of the total score, denominator n − 1 (`sd`).
  public let standardDeviation: Double
  /// Feldt's interval (psych `alpha.ci`, printed as "Feldt").
  public let feldt: ConfidenceInterval
  /// Duhachek's interval raw_alpha ∓ z·ase (printed by psych as "Duhachek").
  public let duhachek: ConfidenceInterval
  /// Alpha if item deleted, one row per item.
  public let alphaIfDeleted: [AlphaIfItemDeleted]
  /// Item statistics, one row per item.
  public let itemStatistics: [AlphaItemStatistics]
  /// Response frequencies; nil when there are more distinct values than allowed.
  public let responseFrequencies: ResponseFrequencies?
  /// The bootstrap, when requested.
  public let bootstrap: AlphaBootstrap?
}

/// The summary statistics psych's internal `alpha.1(C, R)` returns.
struct AlphaCore {
  var raw: Double
  var standardized: Double
  var lambda6: Double
  var averageR: Double
  var signalToNoise: Double
  var q: Double
  var varianceOfR: Double
  var medianR: Double

  /// psych `alpha.1`: C the keyed covariance matrix, R = cov2cor(C).
  ///
  /// ```
  /// raw = (1 − tr C / ΣC) · k/(k − 1)            std = (1 − k / ΣR) · k/(k − 1)
  /// λ6  = 1 − (k − Σ smc) / ΣR                   r̄ = (ΣR − k) / (k(k − 1))
  /// S/N = k r̄ / (1 − r̄)
  /// Q   = 2k² / ((k − 1)² (ΣC)³) · [ΣC (tr C² + (tr C)²) − 2 tr C · Σ(C²)]
  /// ```
  /// (ΣA = sum of all elements; C² the matrix product.) var.r and med.r are the sample variance
  /// and median of the strict lower triangle of R.
  init(c: Matrix, r: Matrix, smc given: [Double]? = nil) throws(ReliabilityError) {
    let k = c.columns
    let kd = Double(k)
    let sumC = c.elements.reduce(0, +)
    let trC = c.diagonalElements.reduce(0, +)
    raw = (1 - trC / sumC) * (kd / (kd - 1))
    let sumR = r.elements.reduce(0, +)
    standardized = (1 - kd / sumR) * (kd / (kd - 1))
    let smc: [Double]
    if let given { smc = given } else { smc = try squaredMultipleCorrelations(r) }
    lambda6 = 1 - (kd - smc.reduce(0, +)) / sumR
    averageR = (sumR - kd) / (kd * (kd - 1))
    var lower: [Double] = []
    for j in 0..<k { for i in (j + 1)..<k { lower.append(r[i, j]) } }
    varianceOfR = Moments(lower).variance
    medianR = median(lower)
    signalToNoise = kd * averageR / (1 - averageR)
    // tr(C²) = Σᵢⱼ Cᵢⱼ² and Σ(C²) = ‖C·1‖² for symmetric C (O(k²) instead of the product).
    var trCC = 0.0, sumCC = 0.0
    for j in 0..<k {
      var column = 0.0
      for i in 0..<k {
        trCC += c[i, j] * c[i, j]
        column += c[i, j]
      }
      sumCC += column * column
    }
    q = (2 * kd * kd / ((kd - 1) * (kd - 1) * (sumC * sumC * sumC))) * (sumC * (trCC + trC * trC) - 2 * (trC * sumCC))
  }
}

/// Squared multiple correlations of R and of every R₋ᵢ (item i deleted, psych `alpha.drop`).
///
/// When R is well conditioned (σ_min > √ε·σ₁, psych's `Pinv` tolerance) its pseudo-inverse is the
/// inverse, and so is every R₋ᵢ's (the singular values of a principal submatrix interlace with
/// R's), and the inverse of R₋ᵢ is the Schur downdate of R⁻¹:
/// ```
/// diag(R₋ᵢ⁻¹)_j = (R⁻¹)_jj − (R⁻¹)_ji² / (R⁻¹)_ii
/// ```
/// — O(k²) for all deletions instead of k SVDs. Otherwise each R₋ᵢ gets its own SVD, as psych.
struct _DeletionSMC {
  let all: [Double]
  let inverse: Matrix?
  let r: Matrix

  init(_ r: Matrix) throws(ReliabilityError) {
    self.r = r
    let k = r.columns
    let svd: SVD
    do { svd = try SVD(r) } catch {
      throw .invalidOption(name: "correlation matrix (SVD failed)", value: .nan, allowed: "finite values")
    }
    let sigma = svd.singularValues
    let tol = Double.ulpOfOne.squareRoot() * (sigma.first ?? 0)
    all = _smcFromSVD(svd, tolerance: tol, size: k)
    if let smallest = sigma.last, smallest > tol {
      var inv = Matrix(rows: k, columns: k)
      for j in 0..<k {
        for i in 0..<k {
          var s = 0.0
          for m in sigma.indices { s += svd.vt[m, i] * svd.u[j, m] / sigma[m] }
          inv[i, j] = s
        }
      }
      inverse = inv
    } else {
      inverse = nil
    }
  }

  /// SMCs of R with item i deleted (the remaining items in order).
  func deleting(_ i: Int) throws(ReliabilityError) -> [Double] {
    let k = r.columns
    let rest = (0..<k).filter { $0 != i }
    guard let inv = inverse else { return try squaredMultipleCorrelations(r.submatrix(rows: rest, columns: rest)) }
    return rest.map { j in
      let d = inv[j, j] - inv[j, i] * inv[i, j] / inv[i, i]
      return Swift.min(1, Swift.max(0, 1 - 1 / d))
    }
  }
}

/// 1 − 1/diag(R⁺) over the singular values above `tolerance`, clamped to [0, 1].
func _smcFromSVD(_ svd: SVD, tolerance tol: Double, size k: Int) -> [Double] {
  let sigma = svd.singularValues
  return (0..<k).map { i in
    var d = 0.0
    for m in sigma.indices where sigma[m] > Swift.max(tol, 0) {
      d += svd.vt[m, i] * svd.u[i, m] / sigma[m]
    }
    return Swift.min(1, Swift.max(0, 1 - 1 / d))
  }
}

/// Squared multiple correlations 1 − 1/diag(R⁺), R⁺ the SVD pseudo-inverse with psych's tolerance
/// √ε·σ₁, clamped to [0, 1] (psych `smc`).
func squaredMultipleCorrelations(_ r: Matrix) throws(ReliabilityError) -> [Double] {
  let k = r.columns
  let svd: SVD
  do { svd = try SVD(r) } catch {
    throw .invalidOption(name: "correlation matrix (SVD failed)", value: .nan, allowed: "finite values")
  }
  let sigma = svd.singularValues
  let tol = Double.ulpOfOne.squareRoot() * (sigma.first ?? 0)
  return (0..<k).map { i in
    var d = 0.0
    for m in sigma.indices where sigma[m] > Swift.max(tol, 0) {
      d += svd.vt[m, i] * svd.u[i, m] / sigma[m]
    }
    return Swift.min(1, Swift.max(0, 1 - 1 / d))
  }
}

/// Cronbach's alpha with psych::alpha's complete output.
///
/// ```
/// α = k/(k − 1) · (1 − Σᵢ Cᵢᵢ / Σᵢⱼ Cᵢⱼ)
/// ```
/// with C the covariance matrix of the keyed items (denominator n − 1; pairwise-complete
/// observations for `.pairwise`). All other statistics follow psych 2.2.9's `alpha()` exactly (see
/// the field docs and `AlphaCore`): standardized alpha from R = cov2cor(C), Guttman's λ6 with SMCs,
/// Duhachek & Lamb's ase = √(Q/N) with N all rows, the Feldt interval
/// ```
/// [1 − (1 − α)·F⁻¹(1 − a/2; N − 1, (N − 1)(k − 1)),  1 − (1 − α)·F⁻¹(a/2; N − 1, (N − 1)(k − 1))]
/// ```
/// (psych `alpha.ci`, a = 1 − level), alpha if item deleted, item statistics (raw.r pairwise between
/// each reflected item and the total score; r.drop = (ΣⱼCᵢⱼ − Cᵢᵢ)/√(Cᵢᵢ·ΣC₋ᵢ)), and response
/// frequencies. The total score is the row mean of the answered reflected items (psych
/// `cumulative = FALSE`); reflection is (max + min) − x over all items' values.
///
/// - Parameters:
///   - items: n × k item values; NaN = missing.
///   - keys: +1 / −1 per item (nil: all +1).
///   - itemNames: names for results and errors (default "V1", "V2", … as psych).
///   - options: missing-value policy, interval level, bootstrap.
/// - Complexity: O(n k²) flops in level-3 BLAS (the pairwise covariance), O(n k) for raw.r and the
///   item moments (a few passes over the data), plus O(k⁴) for the k
///   alpha-if-deleted matrices; the bootstrap adds one B × n × O(k²) `dgemm`.
///
/// References: Cronbach (1951), Psychometrika 16, 297–334, doi:10.1007/BF02310555;
/// Guttman (1945), Psychometrika 10, 255–282, doi:10.1007/BF02288892;
/// Feldt, Woodruff & Salih (1987), Applied Psychological Measurement 11, 93–103,
/// doi:10.1177/014662168701100107; Duhachek & Lamb (2004), Journal of Consumer Research 30(4),
/// 490–495 (psych's ase).
///
/// Validated against: R psych 2.2.9 `alpha(x, keys, check.keys = FALSE, use = "pairwise")` on all
/// five bfi scales (CronbachAlphaTests; 1e-8 relative).
///
/// Example:
/// ```swift
/// let x = Matrix([[1, 2, 5], [2, 3, 4], [4, 4, 2], [5, 5, 1], [3, .nan, 3]])
/// let a = try cronbachAlpha(x, keys: [1, 1, -1], options: ReliabilityOptions(missing: .pairwise))
/// print(a.rawAlpha, a.feldt.lower, a.feldt.upper)
/// ```
public func cronbachAlpha(
  _ items: Matrix, keys: [Int]? = nil, itemNames: [String]? = nil, options: ReliabilityOptions = ReliabilityOptions()
) throws(ReliabilityError) -> CronbachAlpha {
  let level = options.confidenceLevel
  guard level > 0 && level < 1 else {
    throw .invalidOption(name: "confidenceLevel", value: level, allowed: "0 < level < 1")
  }
  // .pairwise and .fail need no separate scan: the pass finds ±∞ and missing cells.
  let v = try ValidatedItems(
    items, keys: keys, itemNames: itemNames, missing: options.missing, minimumItems: 2, scan: options.missing == .listwise)
  let x = v.data
  let n = x.rows
  let k = x.columns
  let names = v.names
  let key = v.keys
  guard n >= 2 else { throw .tooFewObservations(found: n, required: 2) }

  // One pass: pairwise sums of the items and the total score's parts, extremes, frequencies.
  let pass = _AlphaPass(x, keys: key, maximumCategories: options.maximumResponseCategories)
  var invalid = options.missing == .fail && pass.sums.missingCells > 0
  do { try pass.sums.checkFinite(x) } catch { invalid = true }
  if invalid { try ValidatedItems.reportFirstInvalidCell(x, names: names, missing: options.missing) }
  let moments = (0..<k).map { pass.moments($0) }
  for j in 0..<k where !(moments[j].variance > 0) {
    throw .zeroVarianceItem(item: names[j], index: j)
  }
  let frequencies = pass.augmenter.frequencies(rows: n)

  // Keyed covariance and correlation matrices.
  let cov = pass.sums.covariance().covariance
  for j in 0..<k { for i in 0..<k where cov[i, j].isNaN { throw .undefinedCovariance(item1: names[i], item2: names[j]) } }
  var c = cov
  for j in 0..<k { for i in 0..<k { c[i, j] = key[i] * key[j] * cov[i, j] } }
  let r: Matrix
  do { r = try c.correlationFromCovariance() } catch {
    throw .zeroVarianceItem(item: names[0], index: 0)
  }

  let smc = try _DeletionSMC(r)
  let total = try AlphaCore(c: c, r: r, smc: smc.all)
  let nd = Double(n)

  // Alpha if item deleted.
  var drops: [AlphaIfItemDeleted] = []
  let smcAll = smc.all
  for i in 0..<k {
    if k == 2 {
      // psych's two-item special case.
      let other = 1 - i
      let r12 = r[0, 1]
      drops.append(
        AlphaIfItemDeleted(
          item: names[i], rawAlpha: c[0, 1] / c[other, other], standardizedAlpha: r12, guttmanLambda6: smcAll[0],
          averageR: r12, signalToNoise: r12 / (1 - r12), standardError: .nan, varianceOfR: 0, medianR: r12))
      continue
    }
    let rest = (0..<k).filter { $0 != i }
    let core = try AlphaCore(
      c: c.submatrix(rows: rest, columns: rest), r: r.submatrix(rows: rest, columns: rest), smc: try smc.deleting(i))
    drops.append(
      AlphaIfItemDeleted(
        item: names[i], rawAlpha: core.raw, standardizedAlpha: core.standardized, guttmanLambda6: core.lambda6,
        averageR: core.averageR, signalToNoise: core.signalToNoise,
        standardError: n > k ? (core.q / nd).squareRoot() : .nan, varianceOfR: core.varianceOfR, medianR: core.medianR))
  }

  // Total score (row means of the reflected items over answered items, reflection (max + min) − x
  // over all items' values) and raw.r, from the pass's sums.
  let reflectionConstant = pass.reflection
  let totalMoments = pass.totalMoments()
  let rawR = pass.itemTotalCorrelations()

  // Item statistics.
  let sumR = r.elements.reduce(0, +)
  var rc = r
  for i in 0..<k { rc[i, i] = smcAll[i] }
  let sumRC = rc.elements.reduce(0, +)
  let sumC = c.elements.reduce(0, +)
  var stats: [AlphaItemStatistics] = []
  for i in 0..<k {
    let colR = (0..<k).reduce(0.0) { $0 + r[$1, i] }
    let colRC = (0..<k).reduce(0.0) { $0 + rc[$1, i] }
    let colC = (0..<k).reduce(0.0) { $0 + c[$1, i] }
    let vDrop = sumC - 2 * colC + c[i, i]
    let cDrop = colC - c[i, i]
    let itemMean = key[i] < 0 ? reflectionConstant - moments[i].mean : moments[i].mean
    stats.append(
      AlphaItemStatistics(
        item: names[i], count: moments[i].count, rawR: rawR[i], standardizedR: colR / sumR.squareRoot(),
        correctedR: colRC / sumRC.squareRoot(), dropR: cDrop / (c[i, i] * vDrop).squareRoot(), mean: itemMean,
        standardDeviation: moments[i].variance.squareRoot()))
  }

  // Intervals.
  let a = 1 - level
  let f = FDistribution(numeratorDegreesOfFreedom: nd - 1, denominatorDegreesOfFreedom: (nd - 1) * Double(k - 1))
  let feldt = ConfidenceInterval(
    lower: 1 - (1 - total.raw) * f.quantile(1 - a / 2), upper: 1 - (1 - total.raw) * f.quantile(a / 2), level: level)
  let ase = (total.q / nd).squareRoot()
  let z = NormalDistribution.standardQuantile(1 - a / 2)
  let duhachek = ConfidenceInterval(lower: total.raw - z * ase, upper: total.raw + z * ase, level: level)

  let boot: AlphaBootstrap?
  if let b = options.bootstrap {
    boot = try alphaBootstrap(x, keys: key, options: b, level: level)
  } else {
    boot = nil
  }

  return CronbachAlpha(
    items: names, keys: key.map { Int($0) }, missingPolicy: options.missing, observationCount: n,
    rawAlpha: total.raw, standardizedAlpha: total.standardized, guttmanLambda6: total.lambda6, averageR: total.averageR,
    medianR: total.medianR, varianceOfR: total.varianceOfR, signalToNoise: total.signalToNoise, standardError: ase,
    mean: totalMoments.mean, standardDeviation: totalMoments.standardDeviation, feldt: feldt, duhachek: duhachek,
    alphaIfDeleted: drops, itemStatistics: stats, responseFrequencies: frequencies, bootstrap: boot)
}
