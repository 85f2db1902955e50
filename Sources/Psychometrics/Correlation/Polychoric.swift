import Foundation
import LinearAlgebra
import Statistics

/// Where the thresholds (cut points) of a polychoric correlation come from.
public enum ThresholdSource: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Each item's thresholds from its own marginal distribution over all its observed rows, fixed
  /// for every pair (psych `global = TRUE`, the default).
  case global
  /// Each pair's thresholds from the margins of that pair's table, after dropping empty rows and
  /// columns and applying the continuity correction (psych `global = FALSE`).
  case pairwise
}

/// Options for `polychoric(_:options:)`; the defaults are psych 2.2's.
public struct PolychoricOptions: Sendable, Equatable {
  /// Threshold source (psych `global`).
  public var thresholds: ThresholdSource
  /// Count added to empty cells (psych `correct`); psych applies it only with `.pairwise`
  /// thresholds, and so does this implementation. 0 turns it off.
  public var continuityCorrection: Double
  /// Smooth a non-positive-definite result (psych `smooth`, via `cor.smooth`).
  public var smooth: Bool
  /// Tolerance of the one-dimensional search for rho (R `optimize(tol =)`); the default
  /// ε^(1/4) ≈ 1.22e-4 reproduces psych. Use e.g. 1e-10 for the exact maximum-likelihood rho.
  public var tolerance: Double
  /// Largest number of categories (global max − global min + 1) accepted (psych `max.cat`).
  public var maximumCategories: Int

  public init(
    thresholds: ThresholdSource = .global, continuityCorrection: Double = 0.5, smooth: Bool = true,
    tolerance: Double = rOptimizeDefaultTolerance, maximumCategories: Int = 8
  ) {
    self.thresholds = thresholds
    self.continuityCorrection = continuityCorrection
    self.smooth = smooth
    self.tolerance = tolerance
    self.maximumCategories = maximumCategories
  }
}

/// Why polychoric or tetrachoric correlations could not be computed.
public enum PolychoricError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A value is not a whole number (categories must be integer codes); 0-based row and column.
  case nonIntegerValue(row: Int, column: Int, value: Double)
  /// More categories than allowed (global max − global min + 1).
  case tooManyCategories(found: Int, allowed: Int)
  /// An item has fewer than two distinct observed values (psych deletes it with a message).
  case noVariance(column: Int)
  /// A tetrachoric item has more than two values.
  case notDichotomous(column: Int, distinctValues: Int)
  /// No column or no row.
  case empty
  /// The eigendecomposition used for smoothing failed.
  case smoothing(LAPACKError)
  /// `weights` does not have one entry per row.
  case weightCountMismatch(expected: Int, found: Int)
  /// A weight is negative, NaN or infinite (0-based row).
  case invalidWeight(row: Int, value: Double)

  public var description: String {
    switch self {
    case .nonIntegerValue(let row, let column, let value):
      return "value \(value) at row \(row + 1), column \(column + 1) is not a whole number; polychoric correlations need integer category codes (NaN = missing)"
    case .tooManyCategories(let found, let allowed):
      return "\(found) categories (max − min + 1 over all items); at most \(allowed) are allowed — treat the items as continuous"
    case .noVariance(let column):
      return "column \(column + 1) has fewer than two distinct observed values; remove it"
    case .notDichotomous(let column, let distinctValues):
      return "column \(column + 1) has \(distinctValues) distinct values; a tetrachoric correlation needs exactly 2"
    case .empty:
      return "no data: at least one row and one column are required"
    case .smoothing(let e):
      return "smoothing the correlation matrix failed: \(e)"
    case .weightCountMismatch(let expected, let found):
      return "\(found) weights for \(expected) rows; one weight per row is required"
    case .invalidWeight(let row, let value):
      return "weight \(value) at row \(row + 1) is not allowed; weights must be finite and ≥ 0"
    }
  }
}

/// Polychoric correlations of a set of ordinal items.
public struct PolychoricCorrelation: Sendable, Equatable {
  /// p × p polychoric correlations, smoothed when needed (psych `$rho`); NaN for a pair without data.
  public let correlation: Matrix
  /// The pairwise estimates before smoothing.
  public let unsmoothedCorrelation: Matrix
  /// True when `cor.smooth` changed the matrix.
  public let wasSmoothed: Bool
  /// p × (K − 1) thresholds τ_jc = Φ⁻¹(proportion of item j's observed values ≤ category c)
  /// (psych `$tau`; ±∞ for empty extreme categories).
  public let thresholds: Matrix
  /// The K category values, global minimum … global maximum.
  public let categories: [Double]
  /// p × p numbers of rows where both items are observed.
  public let pairCounts: Matrix
  /// The threshold source used (psych switches `.global` to `.pairwise` when items differ in their
  /// highest category, and so does this).
  public let thresholdSource: ThresholdSource
  /// Number of pairs whose table had empty cells replaced by the continuity correction.
  public let correctedPairs: Int
}

/// Polychoric correlation matrix of ordinal items coded as integers (psych 2.2 `polychoric`).
///
/// Model: item j is a discretised standard normal, X_j = c when τ_j,c−1 < Z_j ≤ τ_jc, and each pair
/// (Z_j, Z_k) is bivariate normal with correlation ρ_jk. With the thresholds fixed, ρ_jk maximises
/// the multinomial log-likelihood of the pair's K × K table of proportions t:
/// ```
/// ρ̂_jk = argmin_{−1<ρ<1} −Σ_ab t_ab log P_ab(ρ),
/// P_ab(ρ) = Φ₂(τ_ja, τ_kb; ρ) − Φ₂(τ_j,a−1, τ_kb; ρ) − Φ₂(τ_ja, τ_k,b−1; ρ) + Φ₂(τ_j,a−1, τ_k,b−1; ρ)
/// τ_jc = Φ⁻¹(Σ_{c' ≤ c} n_jc' / n_j)   (global thresholds: item j's n_j observed values)
/// ```
/// The minimisation is R's `optimize()` on (−1, 1) (ported exactly, default tolerance as psych).
/// Missing values (NaN) are handled pairwise: a pair uses the rows where both items are observed.
/// Afterwards the matrix is smoothed as psych's `cor.smooth` if it is not positive definite.
///
/// All contingency tables come from ONE product: with Z the n × pK one-hot indicator matrix of
/// the categories (a missing value has no indicator), ZᵀZ (`dsyrk`, accumulated over row chunks of
/// 8,192 rows) holds every pair's K × K table as a block, and each item's marginal counts on the
/// diagonal of its own block. Cost n·(pK)² flops for the tables, then about 15 likelihood
/// evaluations of (K − 1)² bivariate-normal cdfs per pair.
///
/// Weights (psych `polychoric(x, weight = w)`): each pair's table is the weighted table
/// Σᵢ wᵢ·[x_ij = a, x_ik = b] (psych `wtd.table`), turned into proportions as before (the continuity
/// correction becomes `correct`/Σw); the global thresholds stay the unweighted marginal proportions
/// and `pairCounts` the unweighted numbers of rows, exactly as psych 2.2.9 does. The tables are
/// then one `dsyrk` of √w∘Z; with unit weights every number is the unweighted one, bit for bit.
///
/// Divergences from psych: items without variance throw `.noVariance` (psych deletes them with a
/// message); non-integer values throw (psych truncates them in `tabulate`).
///
/// References: Olsson, U. (1979). Maximum likelihood estimation of the polychoric correlation
/// coefficient. Psychometrika 44, 443–460. doi:10.1007/BF02296207
///
/// Validated against: psych 2.2.9 `polychoric(bfi[1:25])` (rho and tau, PolychoricTests).
///
/// Example:
/// ```swift
/// let items = Matrix([[1, 2], [2, 2], [3, 3], [2, 1], [3, 2], [1, 1]])
/// let pc = try polychoric(items)
/// // pc.correlation[0, 1], pc.thresholds (2 × 2)
/// ```
public func polychoric(
  _ x: Matrix, options: PolychoricOptions = PolychoricOptions(), weights: [Double]? = nil
) throws(PolychoricError) -> PolychoricCorrelation {
  let p = x.columns, n = x.rows
  guard p > 0, n > 0 else { throw .empty }
  if let weights {
    guard weights.count == n else { throw .weightCountMismatch(expected: n, found: weights.count) }
    for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) { throw .invalidWeight(row: i, value: w) }
  }
  // Global range of the codes, integer check.
  var lo = Double.infinity, hi = -Double.infinity
  for j in 0..<p {
    for i in 0..<n {
      let v = x[i, j]
      if v.isNaN { continue }
      guard v.isFinite, v == v.rounded() else { throw .nonIntegerValue(row: i, column: j, value: v) }
      lo = Swift.min(lo, v)
      hi = Swift.max(hi, v)
    }
  }
  guard lo.isFinite else { throw .empty }
  let k = Int(hi - lo) + 1
  guard k <= options.maximumCategories else { throw .tooManyCategories(found: k, allowed: options.maximumCategories) }
  let tables = _indicatorCrossProduct(x, minimum: lo, categories: k, weights: weights)
  // Unweighted category counts per item (the diagonal blocks when there are no weights).
  let unweighted: Matrix? = weights == nil ? nil : _categoryCounts(x, minimum: lo, categories: k)
  // Marginals, variance check, maxima per item.
  var itemMax = [Int](repeating: 0, count: p)
  var marginals = [[Double]](repeating: [], count: p)
  for j in 0..<p {
    let m = (0..<k).map { unweighted?[j, $0] ?? tables[j * k + $0, j * k + $0] }
    guard m.filter({ $0 > 0 }).count >= 2 else { throw .noVariance(column: j) }
    marginals[j] = m
    itemMax[j] = m.lastIndex { $0 > 0 } ?? 0
  }
  var source = options.thresholds
  if source == .global && Set(itemMax).count > 1 { source = .pairwise }
  // Thresholds τ = qnorm(cumsum(freq / n)) as psych.
  var tau = Matrix(rows: p, columns: Swift.max(k - 1, 0))
  for j in 0..<p {
    let total = marginals[j].reduce(0, +)
    var s = 0.0
    for c in 0..<(k - 1) {
      s += marginals[j][c] / total
      tau[j, c] = NormalDistribution.standard.quantile(s)
    }
  }
  var rho = Matrix.identity(p)
  var counts = weights == nil ? Matrix(rows: p, columns: p) : _observedPairCounts(x)
  var corrected = 0
  for j in 0..<p {
    counts[j, j] = marginals[j].reduce(0, +)
    for i in (j + 1)..<Swift.max(j + 1, p) {
      // psych's pair order: rows = item i (the later item), columns = item j.
      var table = [Double](repeating: 0, count: k * k)
      for a in 0..<k { for b in 0..<k { table[a * k + b] = tables[i * k + a, j * k + b] } }
      if weights == nil {
        let total = table.reduce(0, +)
        counts[i, j] = total
        counts[j, i] = total
      }
      let fit = _fitPair(
        table: table, size: k, rowTau: tau.row(i), columnTau: tau.row(j), source: source,
        correction: options.continuityCorrection, tolerance: options.tolerance)
      if fit.corrected { corrected += 1 }
      rho[i, j] = fit.rho
      rho[j, i] = fit.rho
    }
  }
  var smoothed = rho
  var wasSmoothed = false
  if options.smooth && !rho.elements.contains(where: { $0.isNaN }) {
    do {
      let s = try smoothCorrelation(rho)
      smoothed = s.correlation
      wasSmoothed = s.wasSmoothed
    } catch {
      throw .smoothing(error)
    }
  }
  return PolychoricCorrelation(
    correlation: smoothed, unsmoothedCorrelation: rho, wasSmoothed: wasSmoothed, thresholds: tau,
    categories: (0..<k).map { lo + Double($0) }, pairCounts: counts, thresholdSource: source,
    correctedPairs: corrected)
}

/// ZᵀWZ for the n × pK one-hot indicator matrix Z of integer codes (NaN → no indicator) and
/// W = diag(w) (I without weights), by `dsyrk` of √w∘Z over chunks of rows (memory 8,192 × pK doubles).
func _indicatorCrossProduct(_ x: Matrix, minimum: Double, categories k: Int, weights: [Double]? = nil) -> Matrix {
  let p = x.columns, n = x.rows, width = p * k
  let chunk = 8192
  var total = Matrix(rows: width, columns: width)
  var start = 0
  while start < n {
    let rows = Swift.min(chunk, n - start)
    var z = Matrix(rows: rows, columns: width)
    for j in 0..<p {
      for r in 0..<rows {
        let v = x[start + r, j]
        if v.isNaN { continue }
        z[r, j * k + Int(v - minimum)] = weights.map { $0[start + r].squareRoot() } ?? 1
      }
    }
    total += crossProduct(z)
    start += rows
  }
  return total
}

/// p × K unweighted counts of each category per item (psych `tabulate`).
func _categoryCounts(_ x: Matrix, minimum: Double, categories k: Int) -> Matrix {
  var counts = Matrix(rows: x.columns, columns: k)
  for j in 0..<x.columns {
    for i in 0..<x.rows where !x[i, j].isNaN { counts[j, Int(x[i, j] - minimum)] += 1 }
  }
  return counts
}

/// p × p numbers of rows where both items are observed (psych `pairwiseCount`), one `dsyrk` of
/// the 0/1 mask over chunks of rows.
func _observedPairCounts(_ x: Matrix) -> Matrix {
  let p = x.columns, n = x.rows, chunk = 8192
  var total = Matrix(rows: p, columns: p)
  var start = 0
  while start < n {
    let rows = Swift.min(chunk, n - start)
    var m = Matrix(rows: rows, columns: p)
    for j in 0..<p { for r in 0..<rows where !x[start + r, j].isNaN { m[r, j] = 1 } }
    total += crossProduct(m)
    start += rows
  }
  return total
}

/// One pair's estimate: rho (NaN when undefined) and whether empty cells were corrected.
struct _PairFit {
  var rho: Double
  var corrected: Bool
}

/// psych `polyc` for one pair: the K × K count table (row-major, rows = first item).
func _fitPair(
  table: [Double], size k: Int, rowTau: [Double], columnTau: [Double], source: ThresholdSource,
  correction: Double, tolerance: Double
) -> _PairFit {
  let tot = table.reduce(0, +)
  guard tot > 0 else { return _PairFit(rho: .nan, corrected: false) }
  var prop = table.map { $0 / tot }
  switch source {
  case .global:
    let t = _BivariateTable(counts: prop, rows: k, columns: k, rowCuts: rowTau, columnCuts: columnTau)
    let r = _brentMinimize(-1, 1, tolerance: tolerance) { t.negativeLogLikelihood($0) }
    return _PairFit(rho: r, corrected: false)
  case .pairwise:
    let keepRows = (0..<k).filter { a in (0..<k).contains { prop[a * k + $0] != 0 } }
    let keepCols = (0..<k).filter { b in (0..<k).contains { prop[$0 * k + b] != 0 } }
    guard keepRows.count >= 2, keepCols.count >= 2 else { return _PairFit(rho: .nan, corrected: false) }
    prop = keepRows.flatMap { a in keepCols.map { b in prop[a * k + b] } }
    var corrected = false
    if correction > 0 && prop.contains(0) {
      corrected = true
      prop = prop.map { $0 == 0 ? correction / tot : $0 }
    }
    let r = keepRows.count, c = keepCols.count
    let rowSums = (0..<r).map { a in (0..<c).reduce(0.0) { $0 + prop[a * c + $1] } }
    let colSums = (0..<c).map { b in (0..<r).reduce(0.0) { $0 + prop[$1 * c + b] } }
    let t = _BivariateTable(
      counts: prop, rows: r, columns: c, rowCuts: _cumulativeQuantiles(rowSums), columnCuts: _cumulativeQuantiles(colSums))
    let rho = _brentMinimize(-1, 1, tolerance: tolerance) { t.negativeLogLikelihood($0) }
    return _PairFit(rho: rho, corrected: corrected)
  }
}

/// Φ⁻¹ of the cumulative sums of `proportions`, all but the last (R `qnorm(cumsum(x))[-length(x)]`).
func _cumulativeQuantiles(_ proportions: [Double]) -> [Double] {
  var s = 0.0
  var out: [Double] = []
  for v in proportions.dropLast() {
    s += v
    out.append(NormalDistribution.standard.quantile(s))
  }
  return out
}
