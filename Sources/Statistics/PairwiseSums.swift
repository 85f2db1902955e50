import LinearAlgebra

/// Per-row columns appended to every block of a ``pairwiseSums(_:augmenter:)`` pass.
///
/// The pass reads the data in blocks of rows; for each block the augmenter gets the same rows of
/// x (still in cache) and writes `extraColumns` values per row. Those columns take part in every
/// sum of the pass like data columns that are never missing — their cross products with the
/// data come out of the same `dsyrk` — so a statistic that needs a per-row derived quantity
/// (a total score) and its products with the items costs no second pass over the data. The
/// augmenter may also keep its own per-column state (frequencies, extremes).
public protocol PairwiseBlockAugmenter {
  /// Number of columns it appends.
  var extraColumns: Int { get }
  /// Writes the extra columns of rows start ..< start + rows into `extra` (column-major, leading
  /// dimension `rows`). `x` is the whole column-major n × p data (NaN = missing). Values should be
  /// centred near 0 (the sums are formed without a shift).
  mutating func fill(x: UnsafeBufferPointer<Double>, rowCount n: Int, start: Int, rows: Int, into extra: UnsafeMutablePointer<Double>)
  /// Forgets all state: called before the pass is repeated with better shifts.
  mutating func reset()
}

/// No extra columns (plain pairwise moments).
struct _NoAugmenter: PairwiseBlockAugmenter {
  var extraColumns: Int { 0 }
  func fill(x: UnsafeBufferPointer<Double>, rowCount n: Int, start: Int, rows: Int, into extra: UnsafeMutablePointer<Double>) {}
  func reset() {}
}

/// The sums behind pairwise-complete moments of p data columns (and an augmenter's extra columns),
/// from one pass over the data: the kernel of `covariance(_:missing:.pairwise)`.
///
/// Column a is 0 ..< p (data, shifted by `shift[a]`, 0 where missing) or p ..< p + e (extra).
/// For columns a, b and a data column k:
/// ```
/// count(j, k)            rows where data columns j and k are both observed
/// sum(a, observed: k)    Σ x0_a over the rows where k is observed
/// squares(a, observed: k) Σ x0_a² over the rows where k is observed
/// cross(a, b)            Σ x0_a x0_b over all rows (0 where missing, so: where both are observed)
/// total(a), totalSquares(a)  Σ x0_a, Σ x0_a² over all rows
/// ```
/// Cost: one pass over the data, one `dsyrk` per block of 1,024 rows ((p + e)² per row), and
/// 2(p + e) flops per missing cell.
///
/// ## Mergeable accumulators
///
/// Every quantity above is a plain sum over rows (counts are integers; the rest are sums of
/// shifted values, squares and products), so the sums of two sets of rows — two files, two
/// machines, two halves — add up to the sums of their union: ``merge(_:)``. The one condition is
/// a common shift: pass the same `shift` to ``init(_:shift:)`` on every part (any value near the
/// column means keeps the sums accurate: a pilot file's means, the codebook's scale midpoint).
/// With integer data (Likert codes) and integer shifts every sum is an integer below 2⁵³, so the
/// merged sums — and the covariances, correlations and α computed from them — are bit-identical
/// to one pass over all rows; otherwise they agree to rounding (the order of the additions
/// differs; 1e-13 relative in `MergeableSumsTests`). What the library derives from sums of this
/// kind: pairwise and listwise covariances and correlations (`covariance()`; listwise: the sums
/// of the complete rows), item means and variances (`sum`/`squares` over a column's observed
/// rows), and α with its item statistics (`cronbachAlpha` runs the same pass with the row
/// totals as extra columns, about its own data-derived shifts, so its internal sums are not
/// exposed for merging; for complete data α = k/(k − 1)·(1 − Σ_j s_jj / Σ_jk s_jk) of the merged
/// covariance, as the test shows). The scalar counterpart is `Moments` (Welford with Chan's
/// pairwise merge: equal to one pass up to rounding).
public struct PairwiseSums: Sendable {
  var sums: _ComplementSums
  /// The shift subtracted from each data column (its observed mean, to the pass's accuracy).
  public let shift: [Double]

  /// The sums of one part of the data about a given shift (one pass, no augmenter): parts summed
  /// about the same shift can be merged (see "Mergeable accumulators").
  public init(_ x: Matrix, shift: [Double]) throws(CorrelationError) {
    guard shift.count == x.columns, shift.allSatisfy(\.isFinite) else {
      throw .mergeMismatch(what: "shift", this: "\(x.columns) finite values", other: "\(shift.count) values")
    }
    var none: any PairwiseBlockAugmenter = _NoAugmenter()
    let sums = _pairwiseSumsByComplement(x, shift: shift, weights: _UnitWeights(), augmenter: &none)
    try sums.checkFinite(x)
    self.init(sums: sums, shift: shift)
  }

  init(sums: _ComplementSums, shift: [Double]) {
    self.sums = sums
    self.shift = shift
  }

  /// Adds the sums of another part of the data (other rows, the same columns, the same shift,
  /// no weights): afterwards these are the sums of both parts' rows.
  ///
  /// - Throws: ``CorrelationError/mergeMismatch(what:this:other:)`` when the columns, extra
  ///   columns or shifts differ, or either part is weighted.
  public mutating func merge(_ other: PairwiseSums) throws(CorrelationError) {
    let a = sums, b = other.sums
    if a.p != b.p || a.extra != b.extra {
      throw .mergeMismatch(what: "columns", this: "\(a.p) + \(a.extra) extra", other: "\(b.p) + \(b.extra) extra")
    }
    if shift != other.shift {
      let j = shift.indices.first { shift[$0] != other.shift[$0] } ?? 0
      throw .mergeMismatch(what: "shift of column \(j + 1)", this: "\(shift[j])", other: "\(other.shift[j])")
    }
    if a.bothWeight != nil || b.bothWeight != nil {
      throw .mergeMismatch(what: "weights", this: a.bothWeight == nil ? "none" : "weighted", other: b.bothWeight == nil ? "none" : "weighted")
    }
    sums.rowCount += b.rowCount
    for k in sums.cross.elements.indices { sums.cross.elements[k] += b.cross.elements[k] }
    for k in sums.colSum.indices { sums.colSum[k] += b.colSum[k]; sums.colSquares[k] += b.colSquares[k] }
    for k in sums.d.indices { sums.d[k] += b.d[k]; sums.d2[k] += b.d2[k] }
    for k in sums.both.indices { sums.both[k] += b.both[k] }
    sums.totalWeight += b.totalWeight
    sums.missingCells += b.missingCells
  }

  /// Number of data columns p and of extra columns.
  public var dataColumns: Int { sums.p }
  public var extraColumns: Int { sums.extra }
  /// Rows of the data.
  public var rowCount: Int { sums.rowCount }
  /// Missing cells of the data.
  public var missingCells: Int { sums.missingCells }

  public func count(_ j: Int, _ k: Int) -> Int {
    let p = sums.p
    return sums.rowCount - sums.both[j + j * p] - sums.both[k + k * p] + sums.both[j + k * p]
  }
  public func sum(_ a: Int, observed k: Int) -> Double { sums.colSum[a] - sums.d[a + k * (sums.p + sums.extra)] }
  public func squares(_ a: Int, observed k: Int) -> Double { sums.colSquares[a] - sums.d2[a + k * (sums.p + sums.extra)] }
  public func cross(_ a: Int, _ b: Int) -> Double { sums.cross[a, b] }
  public func total(_ a: Int) -> Double { sums.colSum[a] }
  public func totalSquares(_ a: Int) -> Double { sums.colSquares[a] }

  /// The p × p pairwise covariances (denominator n_jk − 1, each pair's own means; a variance over
  /// its column's observed rows) and the pair counts — exactly `covariance(_:missing: .pairwise)`.
  public func covariance() -> CovarianceMatrix {
    let m = sums.moments()
    return CovarianceMatrix(covariance: m.cov, pairCounts: m.n, missingPolicy: .pairwise, rowCount: m.rows)
  }

  /// Throws `nonFiniteValue` for the first ±∞ of x in column-major order, if any.
  public func checkFinite(_ x: Matrix) throws(CorrelationError) { try sums.checkFinite(x) }
}

/// One pass of pairwise sums over x with an augmenter's extra columns (see ``PairwiseSums``).
///
/// Shifts are the observed means of the first 1,024 rows; if one is more than half a standard
/// deviation from its column's observed mean (sorted or drifting data), the augmenter is reset and
/// the pass repeated with the exact means — as `covariance(_:missing: .pairwise)` does.
public func pairwiseSums<A: PairwiseBlockAugmenter>(_ x: Matrix, augmenter: inout A) -> PairwiseSums {
  let n = x.rows, p = x.columns
  let head = Swift.min(n, _pairwiseBlockRows)
  var shift = [Double](repeating: 0, count: p)
  x.elements.withUnsafeBufferPointer { px in
    for j in 0..<p {
      let (s, c) = _observedSumAndCount(px, from: j &* n, count: head)
      shift[j] = c > 0 ? s / Double(c) : 0
    }
  }
  var boxed: any PairwiseBlockAugmenter = augmenter
  defer { if let back = boxed as? A { augmenter = back } }  // always the boxed type
  let sums = _pairwiseSumsByComplement(x, shift: shift, weights: _UnitWeights(), augmenter: &boxed)
  if let exact = sums.exactShiftsIfNeeded(shift) {
    boxed.reset()
    return PairwiseSums(sums: _pairwiseSumsByComplement(x, shift: exact, weights: _UnitWeights(), augmenter: &boxed), shift: exact)
  }
  return PairwiseSums(sums: sums, shift: shift)
}
