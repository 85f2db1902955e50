/// Raking (iterative proportional fitting) on a table of joint cells.
///
/// Raking multiplies every weight of a joint cell of the margin variables by the same factor,
/// so it depends on the weights only through the cell totals. Given cell totals t_j (of the
/// full sample or of one replicate), each sweep post-stratifies to every margin in turn
/// (t_j ← t_j · N_c / Σ_{j ∈ c} t_j for the category c of cell j), as R survey `rake()`;
/// after a sweep δ = max_j |t_j − t_j^(previous sweep)|, and raking stops when δ < ε·Σ_j t_j^(0)
/// (R's relative `epsilon` < 1) or after `maximumSweeps`. The factor of cell j is
/// t_j / t_j^(0). Raking a replicate's weights this way is exactly R's `rake()` on a replicate
/// design (`postStratify.svyrep.design` post-stratifies every replicate column with its own
/// totals), except that every replicate is iterated to its own convergence (R stops all
/// replicates when the full sample has converged).
public struct CellRaking: Sendable, Equatable {
  /// Number of joint cells.
  public let cellCount: Int
  /// categoryOfCell[m][j]: the category of margin m that cell j belongs to.
  public let categoryOfCell: [[Int]]
  /// populationTotals[m][c]: the population total of category c of margin m.
  public let populationTotals: [[Double]]
  public let relativeEpsilon: Double
  public let maximumSweeps: Int

  public init(cellCount: Int, categoryOfCell: [[Int]], populationTotals: [[Double]], relativeEpsilon: Double = 1e-10,
              maximumSweeps: Int = 100) throws(ReplicationError) {
    guard categoryOfCell.count == populationTotals.count, !categoryOfCell.isEmpty else {
      throw .lengthMismatch(what: "raking margins", expected: categoryOfCell.count, found: populationTotals.count)
    }
    for (m, cats) in categoryOfCell.enumerated() {
      guard cats.count == cellCount else { throw .lengthMismatch(what: "cells of margin \(m + 1)", expected: cellCount, found: cats.count) }
      for c in cats where c < 0 || c >= populationTotals[m].count {
        throw .invalidArgument(name: "category of a cell in margin \(m + 1)", value: "\(c)", allowed: "0..<\(populationTotals[m].count)")
      }
    }
    guard relativeEpsilon > 0, maximumSweeps >= 1 else {
      throw .invalidArgument(name: "relativeEpsilon/maximumSweeps", value: "\(relativeEpsilon)/\(maximumSweeps)", allowed: "> 0 / ≥ 1")
    }
    self.cellCount = cellCount
    self.categoryOfCell = categoryOfCell
    self.populationTotals = populationTotals
    self.relativeEpsilon = relativeEpsilon
    self.maximumSweeps = maximumSweeps
  }

  /// The outcome of raking one table.
  public struct Outcome: Sendable, Equatable {
    /// Factor per cell (1 for a cell with total 0).
    public var factors: [Double]
    public var sweeps: Int
    public var converged: Bool
  }

  /// Rakes the cell totals `t`. Returns nil when a category with a positive population total has
  /// no weight (the replicate cannot be raked: R would divide by zero). With `sweeps` given,
  /// exactly that many sweeps are done (R's `rake()` on a replicate design gives every replicate
  /// the number of sweeps the full sample needed).
  public func rake(_ t: [Double], sweeps fixed: Int? = nil) -> Outcome? {
    var cur = t, old = t
    let eps = relativeEpsilon * t.reduce(0, +)
    var sweeps = 0, converged = false
    var sums: [[Double]] = populationTotals.map { [Double](repeating: 0, count: $0.count) }
    while sweeps < (fixed ?? maximumSweeps) {
      for m in 0..<categoryOfCell.count {
        let cat = categoryOfCell[m], pop = populationTotals[m]
        for c in sums[m].indices { sums[m][c] = 0 }
        for j in 0..<cellCount { sums[m][cat[j]] += cur[j] }
        for c in pop.indices where !(sums[m][c] > 0) && pop[c] > 0 { return nil }
        for j in 0..<cellCount where cur[j] != 0 { cur[j] *= pop[cat[j]] / sums[m][cat[j]] }
      }
      sweeps += 1
      var delta = 0.0
      for j in 0..<cellCount { delta = Swift.max(delta, Swift.abs(cur[j] - old[j])) }
      if delta < eps { converged = true; if fixed == nil { break } }
      old = cur
    }
    return Outcome(factors: (0..<cellCount).map { t[$0] > 0 ? cur[$0] / t[$0] : 1 }, sweeps: sweeps, converged: converged)
  }

  /// Joint cells from per-row category codes of each margin: the cell of every row and the
  /// category of every cell per margin (cells numbered in order of first appearance).
  public static func jointCells(_ codes: [[Int]]) -> (cellOfRow: [Int], categoryOfCell: [[Int]]) {
    let n = codes.first?.count ?? 0
    var index: [[Int]: Int] = [:]
    var cellOfRow = [Int](repeating: 0, count: n)
    var cats: [[Int]] = codes.map { _ in [] }
    for i in 0..<n {
      let key = codes.map { $0[i] }
      if let c = index[key] { cellOfRow[i] = c } else {
        index[key] = index.count
        cellOfRow[i] = index.count - 1
        for m in codes.indices { cats[m].append(key[m]) }
      }
    }
    return (cellOfRow, cats)
  }
}
