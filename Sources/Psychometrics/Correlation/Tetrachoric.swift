import Foundation
import LinearAlgebra
import Statistics

/// Tetrachoric correlations of dichotomous items (psych 2.2 `tetrachoric`).
public struct TetrachoricCorrelation: Sendable, Equatable {
  /// p × p tetrachoric correlations, smoothed when needed (psych `$rho`); NaN for pairs with ≤ 2 rows.
  public let correlation: Matrix
  /// The pairwise estimates before smoothing.
  public let unsmoothedCorrelation: Matrix
  /// True when `cor.smooth` changed the matrix.
  public let wasSmoothed: Bool
  /// τ_j = −Φ⁻¹(mean of item j's 0/1 codes) over its observed rows (psych `$tau`).
  public let thresholds: [Double]
  /// p × p numbers of rows where both items are observed.
  public let pairCounts: Matrix
  /// Number of pairs with an empty cell replaced by the continuity correction.
  public let correctedPairs: Int
}

/// A tetrachoric correlation estimated from one 2 × 2 table (psych `tetrachoric(table)`).
public struct TetrachoricTableEstimate: Sendable, Equatable {
  /// The estimate ρ̂.
  public let rho: Double
  /// Threshold of the row variable, Φ⁻¹(first row's share).
  public let rowThreshold: Double
  /// Threshold of the column variable, Φ⁻¹(first column's share).
  public let columnThreshold: Double
  /// True when an empty cell was replaced by the continuity correction.
  public let corrected: Bool
}

/// Tetrachoric correlation matrix of items with two values each (psych 2.2.9 `tetrachoric`).
///
/// Each item is recoded to 0/1 by subtracting its own minimum. Thresholds are fixed per item
/// (psych `global = TRUE`), and ρ_jk minimises the negative log-likelihood of the pair's 2 × 2 counts:
/// ```
/// τ_j = −Φ⁻¹(x̄_j)
/// P₀₀ = Φ₂(τ_j, τ_k; ρ),  P₀₁ = Φ(τ_j) − P₀₀,  P₁₀ = Φ(τ_k) − P₀₀,  P₁₁ = 1 − Φ(τ_j) − Φ(τ_k) + P₀₀
/// ρ̂_jk = argmin −Σ n_ab log P_ab      (R `optimize` on (−1, 1), ported exactly)
/// ```
/// If a pair's table has an empty cell, every 0 count is replaced by `continuityCorrection`
/// (psych `correct = 0.5`). Pairs with ≤ 2 complete rows get NaN (and no smoothing), as psych.
/// The 2 × 2 tables come from one indicator cross-product (see `polychoric(_:options:)`).
///
/// Validated against: psych 2.2.9 `tetrachoric()` on bfi A1…A5, C1 dichotomised at > 3
/// (Datasets/reference/psychometrics/correlation_extra_tetrachoric.json).
///
/// Example:
/// ```swift
/// let d = Matrix([[0, 0], [0, 1], [1, 1], [1, 1], [0, 0], [1, 0], [1, 1]])
/// let t = try tetrachoric(d)
/// ```
public func tetrachoric(
  _ x: Matrix, continuityCorrection: Double = 0.5, smooth: Bool = true, tolerance: Double = rOptimizeDefaultTolerance
) throws(PolychoricError) -> TetrachoricCorrelation {
  let p = x.columns, n = x.rows
  guard p > 0, n > 0 else { throw .empty }
  // Recode each item to 0/1 (own minimum subtracted, as psych).
  var d = x
  var tau = [Double](repeating: .nan, count: p)
  for j in 0..<p {
    var values = Set<Double>()
    for i in 0..<n where !x[i, j].isNaN {
      guard x[i, j].isFinite else { throw .nonIntegerValue(row: i, column: j, value: x[i, j]) }
      values.insert(x[i, j])
    }
    guard values.count >= 2 else { throw .noVariance(column: j) }
    guard values.count == 2, let low = values.min() else { throw .notDichotomous(column: j, distinctValues: values.count) }
    var s = 0.0, c = 0.0
    for i in 0..<n where !x[i, j].isNaN {
      d[i, j] = x[i, j] == low ? 0 : 1
      s += d[i, j]
      c += 1
    }
    tau[j] = -NormalDistribution.standard.quantile(s / c)
  }
  let tables = _indicatorCrossProduct(d, minimum: 0, categories: 2)
  var rho = Matrix.identity(p)
  var counts = Matrix(rows: p, columns: p)
  var corrected = 0
  for j in 0..<p {
    counts[j, j] = tables[2 * j, 2 * j] + tables[2 * j + 1, 2 * j + 1]
    for i in (j + 1)..<Swift.max(j + 1, p) {
      var t = [Double](repeating: 0, count: 4)
      for a in 0..<2 { for b in 0..<2 { t[a * 2 + b] = tables[2 * i + a, 2 * j + b] } }
      let total = t.reduce(0, +)
      counts[i, j] = total
      counts[j, i] = total
      var r = Double.nan
      if total > 2 {
        if total > 1 && t.contains(0) && continuityCorrection > 0 {
          corrected += 1
          t = t.map { $0 == 0 ? continuityCorrection : $0 }
        }
        let table = _BivariateTable(counts: t, rows: 2, columns: 2, rowCuts: [tau[i]], columnCuts: [tau[j]])
        r = _brentMinimize(-1, 1, tolerance: tolerance) { table.negativeLogLikelihood($0) }
      }
      rho[i, j] = r
      rho[j, i] = r
    }
  }
  var smoothed = rho
  var wasSmoothed = false
  if smooth && !rho.elements.contains(where: { $0.isNaN }) {
    do {
      let s = try smoothCorrelation(rho)
      smoothed = s.correlation
      wasSmoothed = s.wasSmoothed
    } catch {
      throw .smoothing(error)
    }
  }
  return TetrachoricCorrelation(
    correlation: smoothed, unsmoothedCorrelation: rho, wasSmoothed: wasSmoothed, thresholds: tau,
    pairCounts: counts, correctedPairs: corrected)
}

/// Tetrachoric correlation of one 2 × 2 table of counts (psych `tetrachoric(table)`, `global = FALSE`).
///
/// If a cell is 0 (and the total exceeds 1), every 0 becomes `continuityCorrection`; the table is
/// then divided by its (new) total and the thresholds are Φ⁻¹ of the first row's and first column's
/// shares. ρ̂ minimises −Σ t_ab log P_ab as in `tetrachoric(_:continuityCorrection:smooth:tolerance:)`.
///
/// Validated against: psych 2.2.9 `tetrachoric(matrix(c(40, 0, 25, 35), 2, 2))`.
public func tetrachoric(
  table: Matrix, continuityCorrection: Double = 0.5, tolerance: Double = rOptimizeDefaultTolerance
) -> TetrachoricTableEstimate {
  precondition(table.rows == 2 && table.columns == 2, "tetrachoric(table:): table is \(table.rows)×\(table.columns), not 2×2")
  var t = [table[0, 0], table[0, 1], table[1, 0], table[1, 1]]
  var corrected = false
  if t.reduce(0, +) > 1 && t.contains(0) && continuityCorrection > 0 {
    corrected = true
    t = t.map { $0 == 0 ? continuityCorrection : $0 }
  }
  let tot = t.reduce(0, +)
  t = t.map { $0 / tot }
  let rowCut = NormalDistribution.standard.quantile(t[0] + t[1])
  let colCut = NormalDistribution.standard.quantile(t[0] + t[2])
  let bt = _BivariateTable(counts: t, rows: 2, columns: 2, rowCuts: [rowCut], columnCuts: [colCut])
  let rho = _brentMinimize(-1, 1, tolerance: tolerance) { bt.negativeLogLikelihood($0) }
  return TetrachoricTableEstimate(rho: rho, rowThreshold: rowCut, columnThreshold: colCut, corrected: corrected)
}
