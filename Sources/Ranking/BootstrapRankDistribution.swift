import LinearAlgebra
import Statistics

/// How respondents are resampled in `bootstrapRankDistribution`.
public enum BootstrapResampling: String, Sendable, CaseIterable {
  /// Within each region, draw n_g respondents with replacement (the classical stratified
  /// bootstrap; every replicate keeps each region's sample size), generated as one multinomial
  /// draw over the region's cells by conditional binomials. Cost O(B·cells·log n).
  case multinomial
  /// Independent Poisson(1) frequency weights per respondent (Hanley & MacGibbon 2006), drawn as
  /// Poisson(m_c) per cell of m_c identical respondents. Cost O(B·cells). A region whose replicate
  /// total is 0 is redrawn for that replicate (conditional on a non-empty region).
  case poisson
}

/// Options of `bootstrapRankDistribution`.
public struct BootstrapRankOptions: Sendable, Equatable {
  /// Number of replicates B (≥ 100).
  public var replicates: Int = 2000
  public var seed: UInt64 = 20_240_101
  public var resampling: BootstrapResampling = .multinomial
  /// Size of the top and bottom groups for P(top-k) and P(bottom-k).
  public var k: Int = 3
  /// Quantile levels of the rank band (default 5 % and 95 %).
  public var bandLower: Double = 0.05
  public var bandUpper: Double = 0.95
  /// Whether a larger mean is better (rank 1).
  public var higherIsBetter: Bool = true
  public init(
    replicates: Int = 2000, seed: UInt64 = 20_240_101, resampling: BootstrapResampling = .multinomial,
    k: Int = 3, bandLower: Double = 0.05, bandUpper: Double = 0.95, higherIsBetter: Bool = true
  ) {
    self.replicates = replicates; self.seed = seed; self.resampling = resampling; self.k = k
    self.bandLower = bandLower; self.bandUpper = bandUpper; self.higherIsBetter = higherIsBetter
  }
}

/// The bootstrap distribution of one region's rank.
public struct RegionRankSummary: Sendable, Equatable {
  public let region: Int
  /// Number of respondents and the (weighted) mean of the full sample.
  public let count: Int
  public let estimate: Double
  /// Rank of `estimate` among all regions (1 = best, ties share the best rank).
  public let rank: Int
  /// Median and band (quantiles `bandLower`, `bandUpper`, R type 7) of the replicate ranks.
  public let medianRank: Double
  public let lowerRank: Double
  public let upperRank: Double
  /// Share of replicates with rank ≤ k, and with rank ≥ G − k + 1.
  public let probabilityTopK: Double
  public let probabilityBottomK: Double
}

/// Bootstrap distributions of regional ranks.
public struct BootstrapRankDistribution: Sendable, Equatable {
  public let regions: [RegionRankSummary]
  /// B × G replicate means (column g = region g).
  public let replicateMeans: Matrix
  /// B × G replicate ranks (1 = best; ties share the best rank).
  public let replicateRanks: [[Int]]
  public let options: BootstrapRankOptions
  /// Number of distinct (region, value, weight) cells the respondents collapse to.
  public let cellCount: Int
}

/// Bootstrap distribution of the rank of each region's (weighted) mean.
///
/// ```
/// cells c: distinct (region g_c, value v_c, weight w_c), m_c respondents each
/// A (cells × 2G):  A[c, g_c] = w_c·v_c,  A[c, G + g_c] = w_c
/// C (B × cells):   replicate frequencies — Multinomial(n_g; m_c/n_g) within region g
///                  (Σ_{c∈g} C[r, c] = n_g; conditional binomials), or Poisson(m_c)
/// T = C·A  (one dgemm per block of regions),   mean*_{r,g} = T[r, g] / T[r, G + g]
/// rank*_{r,g} = 1 + #{h : mean*_{r,h} better than mean*_{r,g}}
/// ```
/// There is no loop over respondents per replicate: frequencies are drawn per cell (resampling
/// n_g respondents with replacement is exactly a multinomial over the cells) and the replicate
/// totals are a matrix product. Survey values from rating scales collapse to few cells per region, so C is
/// small; with continuous weights every respondent is a cell and C is built in blocks of whole
/// regions (memory B × cells of the largest block). Deterministic for a given seed (xoshiro256**).
///
/// The bootstrap ignores the design (strata, clusters) beyond the region stratification and
/// treats the weights as fixed; for design-based replicate weights use the survey module.
/// Reference: B. Efron and R. J. Tibshirani (1993), An Introduction to the Bootstrap, ch. 6;
/// J. A. Hanley and B. MacGibbon (2006), Computer Methods and Programs in Biomedicine 83, 57–62,
/// doi:10.1016/j.cmpb.2006.04.006 (Poisson bootstrap).
public func bootstrapRankDistribution(
  values: [Double], regions: [Int], regionCount: Int, weights: [Double]? = nil,
  options: BootstrapRankOptions = BootstrapRankOptions()
) throws(RankingError) -> BootstrapRankDistribution {
  let n = values.count, G = regionCount, B = options.replicates
  guard regions.count == n else { throw .lengthMismatch(what: "regions", expected: n, found: regions.count) }
  if let weights, weights.count != n { throw .lengthMismatch(what: "weights", expected: n, found: weights.count) }
  guard G >= 2 else { throw .tooFewUnits(found: G, required: 2) }
  guard B >= 100 else { throw .invalidReplicateCount(found: B, minimum: 100) }
  guard options.k >= 1 && options.k <= G else { throw .invalidK(found: options.k, allowed: 1...G) }
  for level in [options.bandLower, options.bandUpper] where !(level > 0 && level < 1) { throw .invalidLevel(level) }
  for (i, v) in values.enumerated() where !v.isFinite { throw .nonFiniteValue(what: "values", index: i) }
  for (i, g) in regions.enumerated() where g < 0 || g >= G {
    throw .regionOutOfRange(respondent: i, region: g, regionCount: G)
  }
  if let weights {
    for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) { throw .invalidVariance(what: "weights", index: i, value: w) }
  }

  // Cells: distinct (region, value, weight), grouped by region.
  struct CellKey: Hashable { let g: Int; let v: Double; let w: Double }
  var cellIndex: [CellKey: Int] = [:]
  var cellKeys: [CellKey] = [], cellCounts: [Int] = []
  for i in 0..<n {
    let key = CellKey(g: regions[i], v: values[i], w: weights?[i] ?? 1)
    if let c = cellIndex[key] {
      cellCounts[c] += 1
    } else {
      cellIndex[key] = cellKeys.count
      cellKeys.append(key); cellCounts.append(1)
    }
  }
  var cellsOfRegion = [[Int]](repeating: [], count: G)
  for (c, key) in cellKeys.enumerated() { cellsOfRegion[key.g].append(c) }
  var regionCount_ = [Int](repeating: 0, count: G), totalW = [Double](repeating: 0, count: G), totalWV = [Double](repeating: 0, count: G)
  for (c, key) in cellKeys.enumerated() {
    regionCount_[key.g] += cellCounts[c]
    totalW[key.g] += Double(cellCounts[c]) * key.w
    totalWV[key.g] += Double(cellCounts[c]) * key.w * key.v
  }
  for g in 0..<G where regionCount_[g] == 0 || !(totalW[g] > 0) { throw .emptyRegion(g) }

  var gen = SeededGenerator(seed: options.seed)
  var totals = Matrix(rows: B, columns: 2 * G)
  // Blocks of whole regions, at most ~8M replicate frequencies each (64 MB) unless one region is larger.
  let cap = 8_000_000
  var g0 = 0
  while g0 < G {
    var g1 = g0, cellsInBlock = 0
    while g1 < G && (g1 == g0 || (cellsInBlock + cellsOfRegion[g1].count) * B <= cap) {
      cellsInBlock += cellsOfRegion[g1].count; g1 += 1
    }
    let blockCells = (g0..<g1).flatMap { cellsOfRegion[$0] }
    var local: [Int: Int] = [:]
    for (j, c) in blockCells.enumerated() { local[c] = j }
    var freq = Matrix(rows: B, columns: blockCells.count)
    var a = Matrix(rows: blockCells.count, columns: 2 * G)
    for (j, c) in blockCells.enumerated() {
      let key = cellKeys[c]
      a[j, key.g] = key.w * key.v; a[j, G + key.g] = key.w
    }
    for g in g0..<g1 {
      let cells = cellsOfRegion[g].map { local[$0] ?? 0 }
      switch options.resampling {
      case .multinomial:
        // Multinomial(n_g; m_c/n_g) over the region's cells by conditional binomials:
        // x_c ~ Binomial(n_g − Σ_{c'<c} x_c', m_c / Σ_{c'≥c} m_c').
        let regionCells = cellsOfRegion[g]
        let ng = regionCount_[g]
        for r in 0..<B {
          var remainingDraws = ng, remainingMass = ng
          for (t, c) in regionCells.enumerated() {
            let m = cellCounts[c]
            let x = t == regionCells.count - 1 ? remainingDraws
              : gen.binomial(remainingDraws, Double(m) / Double(remainingMass))
            freq[r, cells[t]] = Double(x)
            remainingDraws -= x; remainingMass -= m
            if remainingDraws == 0 { break }
          }
        }
      case .poisson:
        for r in 0..<B {
          var weightSum = 0.0
          repeat {
            weightSum = 0
            for (t, c) in cellsOfRegion[g].enumerated() {
              let draw = Double(gen.poisson(Double(cellCounts[c])))
              freq[r, cells[t]] = draw
              weightSum += draw * cellKeys[c].w
            }
          } while !(weightSum > 0)
        }
      }
    }
    gemm(a: freq, b: a, beta: 1, c: &totals)
    g0 = g1
  }

  let sign = options.higherIsBetter ? 1.0 : -1.0
  var means = Matrix(rows: B, columns: G)
  for g in 0..<G { for r in 0..<B { means[r, g] = totals[r, g] / totals[r, G + g] } }
  var ranks = [[Int]](repeating: [Int](repeating: 0, count: G), count: B)
  var rankColumns = [[Double]](repeating: [Double](repeating: 0, count: B), count: G)
  for r in 0..<B {
    for g in 0..<G {
      var better = 0
      let mg = sign * means[r, g]
      for h in 0..<G where sign * means[r, h] > mg { better += 1 }
      ranks[r][g] = better + 1
      rankColumns[g][r] = Double(better + 1)
    }
  }
  let estimates = (0..<G).map { totalWV[$0] / totalW[$0] }
  let pointRanks = descendingRanks(estimates.map { sign * $0 })
  let k = options.k
  let summaries = (0..<G).map { g -> RegionRankSummary in
    let col = rankColumns[g]
    let top = col.reduce(0) { $0 + ($1 <= Double(k) ? 1 : 0) }
    let bottom = col.reduce(0) { $0 + ($1 >= Double(G - k + 1) ? 1 : 0) }
    return RegionRankSummary(
      region: g, count: regionCount_[g], estimate: estimates[g], rank: pointRanks[g],
      medianRank: quantile(col, 0.5), lowerRank: quantile(col, options.bandLower),
      upperRank: quantile(col, options.bandUpper), probabilityTopK: Double(top) / Double(B),
      probabilityBottomK: Double(bottom) / Double(B))
  }
  return BootstrapRankDistribution(
    regions: summaries, replicateMeans: means, replicateRanks: ranks, options: options, cellCount: cellKeys.count)
}
