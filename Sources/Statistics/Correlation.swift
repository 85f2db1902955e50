import LinearAlgebra

/// How missing values (NaN) are treated by a statistic computed over several variables.
public enum MissingPolicy: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Any missing value is an error (the strict default).
  case fail
  /// Use only the rows where every variable is observed (R `use = "complete.obs"`).
  case listwise
  /// Use, for each pair of variables, the rows where both are observed (R `use = "pairwise.complete.obs"`).
  case pairwise
}

/// The correlation coefficient.
public enum CorrelationMethod: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Pearson's product-moment correlation.
  case pearson
  /// Spearman's ρ: Pearson's r of average ranks.
  case spearman
  /// Kendall's τ-b (tie-corrected).
  case kendall
}

/// Why a covariance or correlation matrix could not be computed.
public enum CorrelationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A value is NaN (missing) and the policy is `.fail`; row and column are 0-based.
  case missingValue(row: Int, column: Int)
  /// A value is ±∞; row and column are 0-based.
  case nonFiniteValue(row: Int, column: Int, value: Double)
  /// Fewer usable rows than the statistic needs (listwise: complete rows).
  case tooFewObservations(count: Int, required: Int)
  /// `weights` does not have one entry per row.
  case weightCountMismatch(expected: Int, found: Int)
  /// A weight is negative, NaN or infinite; row is 0-based.
  case invalidWeight(row: Int, value: Double)
  /// Weights were given for a coefficient that has no weighted form here.
  case weightsNotSupported(method: CorrelationMethod)
  /// Two accumulators cannot be merged: they differ in `what` (`PairwiseSums.merge`).
  case mergeMismatch(what: String, this: String, other: String)

  public var description: String {
    switch self {
    case .missingValue(let row, let column):
      return "missing value at row \(row + 1), column \(column + 1); choose missing: listwise or pairwise to allow missing values"
    case .nonFiniteValue(let row, let column, let value):
      return "value \(value) at row \(row + 1), column \(column + 1) is not finite; only finite numbers or NaN (missing) are allowed"
    case .tooFewObservations(let count, let required):
      return "\(count) usable rows; at least \(required) are required"
    case .weightCountMismatch(let expected, let found):
      return "\(found) weights for \(expected) rows; one weight per row is required"
    case .invalidWeight(let row, let value):
      return "weight \(value) at row \(row + 1) is not allowed; weights must be finite and ≥ 0"
    case .weightsNotSupported(let method):
      return "weighted \(method.rawValue) correlations are not available; weights apply to Pearson correlations"
    case .mergeMismatch(let what, let this, let other):
      return "the sums cannot be merged: \(what) is \(this) here and \(other) in the other part; sum every part over the same columns about the same shift"
    }
  }
}

/// A covariance matrix with the number of rows behind each element.
public struct CovarianceMatrix: Sendable, Equatable {
  /// p × p sample covariances (denominator n − 1, n = the rows used for that element; weighted:
  /// R `svyvar`'s n/(n − 1)·Σw(x − x̄)(y − ȳ)/Σw over the pair's rows).
  public let covariance: Matrix
  /// p × p counts n_jk of rows used for element (j, k) (all equal for `.fail`/`.listwise`).
  public let pairCounts: Matrix
  /// How missing values were treated.
  public let missingPolicy: MissingPolicy
  /// Rows of the input (for `.listwise`: the complete rows that were used).
  public let rowCount: Int
}

/// A correlation matrix with the number of rows behind each element.
public struct CorrelationMatrix: Sendable, Equatable {
  /// p × p correlations; NaN where a pair has fewer than 2 rows or a zero variance (as R gives NA).
  public let correlation: Matrix
  /// p × p counts n_jk of rows used for element (j, k) (all equal for `.fail`/`.listwise`).
  public let pairCounts: Matrix
  /// The coefficient.
  public let method: CorrelationMethod
  /// How missing values were treated.
  public let missingPolicy: MissingPolicy
  /// Rows of the input (for `.listwise`: the complete rows that were used).
  public let rowCount: Int
}

/// Sample covariance matrix of the columns of an n × p matrix; NaN marks a missing value.
///
/// ```
/// s_jk = Σᵢ (x_ij − x̄_j(jk)) (x_ik − x̄_k(jk)) / (n_jk − 1)
/// ```
/// over the rows i used for the pair: all rows (`.fail`), the complete rows (`.listwise`) or the rows
/// where both j and k are observed (`.pairwise`, each pair with its own means x̄_j(jk), x̄_k(jk), as R).
/// Denominator n_jk − 1. Elements with n_jk < 2 are NaN.
///
/// Weights (survey weights w_i ≥ 0, one per row): the same rows, weighted moments with R survey
/// `svyvar`'s scaling,
/// ```
/// s_jk = m_jk/(m_jk − 1) · Σᵢ wᵢ (x_ij − x̄_j(jk)) (x_ik − x̄_k(jk)) / Σᵢ wᵢ,   x̄_j(jk) = Σ wᵢ x_ij / Σ wᵢ
/// ```
/// with m_jk the pair's rows of non-zero weight (rows of weight 0 are left out, as a design subset).
/// The weighted kernel is the unweighted one with wᵢ inserted (see `_RowWeights`): with unit
/// weights every operation is the same, so the result is bit for bit the unweighted one.
///
/// Implementation (goals: accuracy, then level-3 BLAS, then memory): columns are first shifted by
/// their observed means (which removes most cancellation and changes no covariance). Listwise and
/// complete data use one `dsyrk` on the centred rows. Pairwise needs, with M the 0/1 indicator of
/// observed values and X0 the shifted data with missing set to 0,
/// ```
/// N = MᵀWM, S = X0ᵀWM, SS = (X0∘X0)ᵀWM, C = X0ᵀWX0      (W = diag(w), I unweighted)
/// x̄_j(jk) = S[j,k]/N[j,k];  s_jk = (C[j,k] − S[j,k]·S[k,j]/N[j,k]) / (n_jk − 1) · n_jk/N[j,k]
/// s_j(jk)² = (SS[j,k] − S[j,k]²/N[j,k]) / (n_jk − 1) · n_jk/N[j,k]
/// ```
/// and no loop over the rows of a pair. When at most half the cells are missing, only C is a
/// level-3 product (`dsyrk` of √w∘X0 over blocks of 1,024 rows); N, S and SS come from the complement
/// Z = 1 − M of the mask, which is sparse: S[j,k] = Σᵢ wᵢx0_ij − Σ_{i: k missing} wᵢx0_ij (likewise SS),
/// N[j,k] = Σw − w(j missing) − w(k missing) + w(j and k missing). Cost n·p² flops for C plus 4p per
/// missing cell (instead of 6·n·p² for four masked products); work memory two 1,024 × p blocks; one
/// pass over the data. The shifts are then the observed means of the first 1,024 rows; if one of
/// them is more than half a standard deviation from its column's observed mean (sorted or drifting
/// data), the pass is repeated with the exact means. With more than half the cells missing, the four
/// masked products are used (two `dsyrk`, two `dgemm`; three n × p work matrices).
///
/// Validated against: R 4.2 `cov(x, use = "pairwise.complete.obs" | "complete.obs")`; weighted:
/// R survey `svyvar` per pair (`WeightedCorrelationTests`).
public func covariance(_ x: Matrix, missing: MissingPolicy = .fail, weights: [Double]? = nil) throws(CorrelationError) -> CovarianceMatrix {
  let m: _PairMoments
  if let weights {
    let (data, w) = try _weightedRows(x, weights)
    m = try _moments(data, missing: missing, weights: _SurveyWeights(w))
  } else {
    m = try _moments(x, missing: missing, weights: _UnitWeights())
  }
  return CovarianceMatrix(covariance: m.cov, pairCounts: m.n, missingPolicy: missing, rowCount: m.rows)
}

/// Correlation matrix (Pearson, Spearman or Kendall τ-b) of the columns of an n × p matrix; NaN = missing.
///
/// Pearson:
/// ```
/// r_jk = s_jk / (s_j(jk) · s_k(jk))
/// ```
/// with the covariance and both standard deviations taken over the same rows (for `.pairwise`, the
/// pair's complete rows and the pair's own means and SDs, exactly as R `cor(use = "pairwise")`);
/// see `covariance(_:missing:weights:)` for the masked level-3 BLAS products. Results are clamped to
/// [−1, 1] and the diagonal is 1, as R does; pairs with n_jk < 2 or a zero SD give NaN (R: NA with
/// a warning). With `weights`, the design-weighted Pearson correlation over the same rows (pairwise:
/// each pair's rows, weighted means and SDs of that pair — `svyvar(~x_j + x_k, design, na.rm = TRUE)`
/// made a correlation); unit weights give exactly the unweighted matrix. Weights apply to Pearson only.
///
/// Spearman: Pearson's r of average ranks (ties get the mean rank). With `.pairwise`, each pair's
/// complete rows are ranked afresh, as R's `cor(method = "spearman", use = "pairwise")` does; each
/// column is sorted once, so a pair costs O(n). With `.listwise`, the complete rows are ranked once.
///
/// Kendall τ-b:
/// ```
/// τ_b = (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)),   n₀ = m(m − 1)/2
/// ```
/// (n₁, n₂ tied pairs in x, y), computed per pair by Knight's (1966) O(m log m) algorithm; R
/// `cor(method = "kendall")`. Intended for a moderate number of columns (p² / 2 pairs).
///
/// References: Knight (1966), JASA 61(314) 436–439, doi:10.1080/01621459.1966.10480879.
///
/// Validated against: R 4.2 `cor()` on psych::bfi (tests: `CorrelationTests`).
///
/// Example:
/// ```swift
/// let x = Matrix([[1, 2], [2, .nan], [3, 7], [4, 8]])
/// let r = try correlation(x, method: .pearson, missing: .pairwise)
/// // r.correlation[0, 1] uses rows 1, 3, 4; r.pairCounts[0, 1] == 3
/// ```
public func correlation(
  _ x: Matrix, method: CorrelationMethod = .pearson, missing: MissingPolicy = .fail, weights: [Double]? = nil
) throws(CorrelationError) -> CorrelationMatrix {
  switch method {
  case .pearson:
    let m: _PairMoments
    if let weights {
      let (data, w) = try _weightedRows(x, weights)
      m = try _moments(data, missing: missing, weights: _SurveyWeights(w))
    } else {
      m = try _moments(x, missing: missing, weights: _UnitWeights())
    }
    let p = x.columns
    var r = Matrix(rows: p, columns: p)
    for k in 0..<p {
      for j in 0..<p {
        if j == k {
          r[j, j] = m.varJ[j, j] > 0 ? 1 : .nan
          continue
        }
        // varJ[j, k]: variance of j over the rows of pair (j, k); varJ[k, j]: that of k.
        let v = m.varJ[j, k] * m.varJ[k, j]
        r[j, k] = v > 0 ? Swift.min(1, Swift.max(-1, m.cov[j, k] / v.squareRoot())) : .nan
      }
    }
    return CorrelationMatrix(correlation: r, pairCounts: m.n, method: .pearson, missingPolicy: missing, rowCount: m.rows)
  case .spearman, .kendall:
    if weights != nil { throw .weightsNotSupported(method: method) }
    return try _rankCorrelation(x, method: method, missing: missing)
  }
}

// MARK: - Row weights

/// The row weights of the moment kernels. The unweighted statistics use `_UnitWeights`, whose
/// 1.0 the compiler folds away; `_SurveyWeights` inserts wᵢ (and √wᵢ for the cross products) at the
/// same places. Since x·1 = x and √1 = 1 exactly, unit survey weights reproduce the unweighted
/// results bit for bit.
protocol _RowWeights {
  /// wᵢ.
  func weight(_ i: Int) -> Double
  /// √wᵢ.
  func root(_ i: Int) -> Double
  /// True for `_UnitWeights` (lets a kernel skip work that only weights need).
  static var isUnit: Bool { get }
}

struct _UnitWeights: _RowWeights {
  @inline(__always) func weight(_ i: Int) -> Double { 1 }
  @inline(__always) func root(_ i: Int) -> Double { 1 }
  static var isUnit: Bool { true }
}

struct _SurveyWeights: _RowWeights {
  let w: [Double]
  let sqrtW: [Double]
  init(_ w: [Double]) {
    self.w = w
    sqrtW = w.map { $0.squareRoot() }
  }
  @inline(__always) func weight(_ i: Int) -> Double { w[i] }
  @inline(__always) func root(_ i: Int) -> Double { sqrtW[i] }
  static var isUnit: Bool { false }
}

/// Checks the weights (one per row, finite, ≥ 0) and drops the rows of weight 0 (a design subset).
func _weightedRows(_ x: Matrix, _ weights: [Double]) throws(CorrelationError) -> (Matrix, [Double]) {
  guard weights.count == x.rows else { throw .weightCountMismatch(expected: x.rows, found: weights.count) }
  for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) { throw .invalidWeight(row: i, value: w) }
  guard weights.contains(0) else { return (x, weights) }
  let keep = weights.indices.filter { weights[$0] != 0 }
  return (x.submatrix(rows: keep, columns: 0..<x.columns), keep.map { weights[$0] })
}

// MARK: - Moments

/// Pair-specific second moments: n (counts), cov, varJ[j,k] = variance of j over pair (j,k)'s rows.
struct _PairMoments {
  var n: Matrix
  var cov: Matrix
  var varJ: Matrix
  var rows: Int
}

/// Checks values: ±∞ is always an error, NaN is an error under `.fail`. Returns whether any NaN exists.
func _scan(_ x: Matrix, missing: MissingPolicy) throws(CorrelationError) -> Bool {
  var anyMissing = false
  for j in 0..<x.columns {
    for i in 0..<x.rows {
      let v = x[i, j]
      if v.isNaN {
        if missing == .fail { throw .missingValue(row: i, column: j) }
        anyMissing = true
      } else if v.isInfinite {
        throw .nonFiniteValue(row: i, column: j, value: v)
      }
    }
  }
  return anyMissing
}

/// Indices of the rows of `x` with no NaN, in order (R `which(complete.cases(x))`, 0-based):
/// the rows that listwise deletion keeps. One pass column by column over the storage.
public func completeRows(_ x: Matrix) -> [Int] {
  var missing = [Bool](repeating: false, count: x.rows)
  x.elements.withUnsafeBufferPointer { e in
    missing.withUnsafeMutableBufferPointer { m in
      for j in 0..<x.columns {
        let base = j * x.rows
        for i in 0..<x.rows where e[base + i].isNaN { m[i] = true }
      }
    }
  }
  return missing.indices.filter { !missing[$0] }
}

func _moments<W: _RowWeights>(_ x: Matrix, missing: MissingPolicy, weights: W) throws(CorrelationError) -> _PairMoments {
  let p = x.columns
  if missing == .pairwise {
    let n = x.rows
    // Provisional shifts: observed means of the first rows (they are read again at once).
    let head = Swift.min(n, _pairwiseBlockRows)
    var shift = [Double](repeating: 0, count: p)
    var headMissing = 0
    x.elements.withUnsafeBufferPointer { px in
      for j in 0..<p {
        let (s, c) = _observedSumAndCount(px, from: j &* n, count: head)
        shift[j] = c > 0 ? s / Double(c) : 0
        headMissing += head - c
      }
    }
    if 2 * headMissing <= head * p {
      // The augmenter is an existential: it is called once per block, and the row-weight type
      // stays the only generic parameter, so the hot loops are specialised for it.
      var none: any PairwiseBlockAugmenter = _NoAugmenter()
      var sums = _pairwiseSumsByComplement(x, shift: shift, weights: weights, augmenter: &none)
      try sums.checkFinite(x)
      if sums.missingCells == 0 { return try _completeMoments(x, weights: weights) }
      // Accept the provisional shifts only if each is within half an SD of the column's
      // observed mean (cancellation in C − S·Sᵀ/N then costs < 1 bit); otherwise pass again
      // with the exact means (data sorted by a column, drifting columns).
      if let exact = sums.exactShiftsIfNeeded(shift) {
        sums = _pairwiseSumsByComplement(x, shift: exact, weights: weights, augmenter: &none)
      }
      return sums.moments()
    }
    // Mostly missing data: exact observed means (one pass, with the ±∞ check) and masked products.
    var missingCells = 0
    var infinite: (row: Int, column: Int, value: Double)? = nil
    x.elements.withUnsafeBufferPointer { px in
      for j in 0..<p where infinite == nil {
        let (s, c) = _observedSumAndCount(px, from: j &* n, count: n)
        if !s.isFinite, let i = (0..<n).first(where: { px[$0 + j * n].isInfinite }) {
          infinite = (i, j, px[i + j * n])
        }
        shift[j] = c > 0 ? s / Double(c) : 0
        missingCells += n - c
      }
    }
    if let infinite { throw .nonFiniteValue(row: infinite.row, column: infinite.column, value: infinite.value) }
    if missingCells == 0 { return try _completeMoments(x, weights: weights) }
    return _pairwiseMomentsMasked(x, shift: shift, weights: weights)
  }
  let anyMissing = try _scan(x, missing: missing)
  if anyMissing {
    let rows = completeRows(x)
    let sub = x.submatrix(rows: rows, columns: 0..<p)
    if W.isUnit { return try _completeMoments(sub, weights: weights) }
    return try _completeMoments(sub, weights: _SurveyWeights(rows.map { weights.weight($0) }))
  }
  return try _completeMoments(x, weights: weights)
}

/// Moments of complete data (every pair uses all rows): centred columns, one dsyrk.
func _completeMoments<W: _RowWeights>(_ data: Matrix, weights: W) throws(CorrelationError) -> _PairMoments {
  let p = data.columns
  let n = data.rows
  guard n >= 2 else { throw .tooFewObservations(count: n, required: 2) }
  var total = 0.0
  for i in 0..<n { total += weights.weight(i) }
  // Two-pass: centre each column by its (weighted) mean, then one dsyrk of √w ∘ centred.
  var centred = data
  for j in 0..<p {
    var s = 0.0
    for i in 0..<n { s += weights.weight(i) * data[i, j] }
    let mean = s / total
    var c = 0.0  // R-style refinement of the mean: add the mean residual.
    for i in 0..<n { c += weights.weight(i) * (data[i, j] - mean) }
    let refined = mean + c / total
    for i in 0..<n { centred[i, j] = weights.root(i) * (data[i, j] - refined) }
  }
  // svyvar scaling n/W: exactly 1 for unit weights.
  let cov = crossProduct(centred) / Double(n - 1) * (Double(n) / total)
  var varJ = Matrix(rows: p, columns: p)
  for k in 0..<p { for j in 0..<p { varJ[j, k] = cov[j, j] } }
  return _PairMoments(n: Matrix(rows: p, columns: p, repeating: Double(n)), cov: cov, varJ: varJ, rows: n)
}

/// Pairwise moments from the four masked products (for data with more than half the cells missing).
func _pairwiseMomentsMasked<W: _RowWeights>(_ x: Matrix, shift: [Double], weights: W) -> _PairMoments {
  let n = x.rows, p = x.columns
  var mask = Matrix(rows: n, columns: p)  // √w where observed
  var x0 = Matrix(rows: n, columns: p)  // √w (x − shift) where observed
  // Weighted only: 1 where observed (the integer counts; unweighted, `mask` is that already).
  var unitMask = W.isUnit ? Matrix(rows: 0, columns: 0) : Matrix(rows: n, columns: p)
  for j in 0..<p {
    for i in 0..<n where !x[i, j].isNaN {
      let r = weights.root(i)
      mask[i, j] = r
      if !W.isUnit { unitMask[i, j] = 1 }
      x0[i, j] = r * (x[i, j] - shift[j])
    }
  }
  let x2 = x0.hadamard(x0)  // w (x − shift)² where observed … times √w below
  let weightSums = crossProduct(mask)  // Σ w over the pair's rows
  let counts = W.isUnit ? weightSums : crossProduct(unitMask)
  let sums = crossProduct(x0, mask)  // S[j,k] = Σ_{i: k observed} w x0_ij
  let squares = W.isUnit ? crossProduct(x2, mask) : crossProduct(x2, unitMask)  // Σ_{i: k observed} w x0_ij²
  let cross = crossProduct(x0)  // C = X0ᵀWX0
  return _pairMoments(counts: counts, weightSums: weightSums, cross: cross, rows: n) { j, k in (sums[j, k], squares[j, k]) }
}

/// Pairwise moments by the complement of the mask (at most half the cells missing).
///
/// With Z = 1 − M the indicator of missing cells, Zᵢ the missing items of row i, and column
/// totals s_j = Σᵢ wᵢx0_ij, q_j = Σᵢ wᵢx0_ij² over all rows (x0 = 0 where missing):
/// ```
/// S[j,k]  = s_j − Σ_{i: k ∈ Zᵢ} wᵢx0_ij        SS[j,k] = q_j − Σ_{i: k ∈ Zᵢ} wᵢx0_ij²
/// N[j,k]  = Σw − w(j missing) − w(k missing) + w(j, k missing)   (counts alike, without w)
/// C       = X0ᵀWX0                              (dsyrk of √w∘X0, accumulated over row blocks)
/// ```
/// The same sums as the masked products in another order; the corrections cost 2p flops per
/// missing cell instead of 4np² for the two masked dgemm and np² for the mask's dsyrk. Rows are
/// processed in blocks of 1,024 (one column-major copy for dsyrk, one row-major for the
/// corrections), so the work memory is two 1,024 × p blocks rather than three n × p matrices.
/// An augmenter appends per-row columns to every block (always observed, unshifted, unweighted);
/// they take part in C, S and SS like the data columns (see ``PairwiseSums``).
func _pairwiseSumsByComplement<W: _RowWeights>(
  _ x: Matrix, shift: [Double], weights: W, augmenter: inout any PairwiseBlockAugmenter
) -> _ComplementSums {
  let n = x.rows, p = x.columns
  let e = augmenter.extraColumns
  let pp = p + e  // columns of a block: the data, then the augmenter's
  let blockRows = _pairwiseBlockRows
  var cross = Matrix(rows: pp, columns: pp)
  var colSum = [Double](repeating: 0, count: pp)
  var colSquares = [Double](repeating: 0, count: pp)
  var d = [Double](repeating: 0, count: pp * p)  // d[j + k pp] = Σ_{i: k ∈ Zᵢ} w x0_ij
  var d2 = [Double](repeating: 0, count: pp * p)  // same for w x0_ij²
  var both = [Int](repeating: 0, count: p * p)  // #{i: j, k ∈ Zᵢ}
  var bothWeight = [Double](repeating: 0, count: W.isUnit ? 0 : p * p)  // Σ w over {i: j, k ∈ Zᵢ}
  var totalWeight = 0.0
  var block = Matrix(rows: blockRows, columns: pp)
  var rowMajor = [Double](repeating: 0, count: blockRows * pp)
  var missingCount = [Int](repeating: 0, count: blockRows)
  var missingItems = [Int](repeating: 0, count: blockRows * p)
  var start = 0
  while start < n {
    let rows = Swift.min(blockRows, n - start)
    if rows < blockRows { block = Matrix(rows: rows, columns: pp) }
    for r in 0..<rows { totalWeight += weights.weight(start &+ r) }
    x.elements.withUnsafeBufferPointer { px in
      block.elements.withUnsafeMutableBufferPointer { pb in
        missingItems.withUnsafeMutableBufferPointer { pmi in
          missingCount.withUnsafeMutableBufferPointer { pmc in
            for r in 0..<rows { pmc[r] = 0 }
            // Shifted copy (times √w), column by column; each row's missing items listed.
            for j in 0..<p {
              let offset = start &+ j &* n, out = j &* rows
              let sh = shift[j]
              // Branch-free shifted copy with four partial sums (the loop vectorises) …
              var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0, q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0
              var r = 0
              while r &+ 4 <= rows {
                let i = start &+ r
                let v0 = px[offset &+ r], v1 = px[offset &+ r &+ 1], v2 = px[offset &+ r &+ 2], v3 = px[offset &+ r &+ 3]
                let c0 = v0.isNaN ? 0 : v0 - sh, c1 = v1.isNaN ? 0 : v1 - sh
                let c2 = v2.isNaN ? 0 : v2 - sh, c3 = v3.isNaN ? 0 : v3 - sh
                let r0 = weights.root(i) * c0, r1 = weights.root(i &+ 1) * c1
                let r2 = weights.root(i &+ 2) * c2, r3 = weights.root(i &+ 3) * c3
                pb[out &+ r] = r0
                pb[out &+ r &+ 1] = r1
                pb[out &+ r &+ 2] = r2
                pb[out &+ r &+ 3] = r3
                s0 += weights.weight(i) * c0; s1 += weights.weight(i &+ 1) * c1
                s2 += weights.weight(i &+ 2) * c2; s3 += weights.weight(i &+ 3) * c3
                q0 += r0 * r0; q1 += r1 * r1; q2 += r2 * r2; q3 += r3 * r3
                r &+= 4
              }
              while r < rows {
                let i = start &+ r
                let v = px[offset &+ r]
                let c = v.isNaN ? 0 : v - sh
                let rc = weights.root(i) * c
                pb[out &+ r] = rc
                s0 += weights.weight(i) * c
                q0 += rc * rc
                r &+= 1
              }
              colSum[j] += (s0 + s1) + (s2 + s3)
              colSquares[j] += (q0 + q1) + (q2 + q3)
              // … then the (few) missing cells of this column segment, still in cache.
              for r in 0..<rows where px[offset &+ r].isNaN {
                pmi[r &* p &+ pmc[r]] = j
                pmc[r] &+= 1
              }
            }
            // The augmenter's columns (it reads the same rows of x, still in cache).
            if e > 0, let base = pb.baseAddress {
              augmenter.fill(x: px, rowCount: n, start: start, rows: rows, into: base + p &* rows)
              for c in p..<pp {
                var s = 0.0, q = 0.0
                for r in 0..<rows {
                  let v = pb[c &* rows &+ r]
                  s += v
                  q += v * v
                }
                colSum[c] += s
                colSquares[c] += q
              }
            }
          }
        }
        // Row-major copy of the block in tiles of 16 rows (both sides stay in L1).
        rowMajor.withUnsafeMutableBufferPointer { prm in
          var r0 = 0
          while r0 < rows {
            let r1 = Swift.min(r0 &+ 16, rows)
            for j in 0..<pp {
              let col = j &* rows
              for r in r0..<r1 { prm[r &* pp &+ j] = pb[col &+ r] }
            }
            r0 = r1
          }
        }
      }
    }
    // Corrections from each row's missing items.
    rowMajor.withUnsafeBufferPointer { prm in
      missingItems.withUnsafeBufferPointer { pmi in
        missingCount.withUnsafeBufferPointer { pmc in
          d.withUnsafeMutableBufferPointer { pd in
            d2.withUnsafeMutableBufferPointer { pd2 in
              both.withUnsafeMutableBufferPointer { pboth in
                guard let row0 = prm.baseAddress, let d0 = pd.baseAddress, let d20 = pd2.baseAddress else { return }
                for r in 0..<rows where pmc[r] > 0 {
                  let row = r &* pp, items = r &* p
                  let root = weights.root(start &+ r)
                  for a in 0..<pmc[r] {
                    let k = pmi[items &+ a]
                    _addValuesAndSquares(row0 + row, scale: root, into: d0 + k &* pp, squares: d20 + k &* pp, count: pp)
                    for b in 0..<pmc[r] { pboth[k &+ pmi[items &+ b] &* p] &+= 1 }
                  }
                  if !W.isUnit {
                    let w = weights.weight(start &+ r)
                    for a in 0..<pmc[r] { for b in 0..<pmc[r] { bothWeight[pmi[items &+ a] &+ pmi[items &+ b] &* p] += w } }
                  }
                }
              }
            }
          }
        }
      }
    }
    cross += crossProduct(block)
    start += rows
  }
  return _ComplementSums(
    p: p, extra: e, rowCount: n, cross: cross, colSum: colSum, colSquares: colSquares, d: d, d2: d2, both: both,
    bothWeight: W.isUnit ? nil : bothWeight, totalWeight: totalWeight,
    missingCells: (0..<p).reduce(0) { $0 + both[$1 + $1 * p] })
}

/// Rows per block of `_pairwiseSumsByComplement`.
let _pairwiseBlockRows = 1024

/// The accumulators of `_pairwiseSumsByComplement` (x0 = x − shift, 0 where missing).
struct _ComplementSums {
  var p: Int
  /// Augmenter columns after the p data columns (C, colSum, colSquares, d, d2 cover all p + extra).
  var extra: Int
  /// n, the rows of x.
  var rowCount: Int
  /// C = X0ᵀWX0 ((p + extra)²).
  var cross: Matrix
  /// s_j = Σᵢ wᵢx0_ij and q_j = Σᵢ wᵢx0_ij² over all rows.
  var colSum: [Double]
  var colSquares: [Double]
  /// d[j + k (p + extra)] = Σ_{i: k ∈ Zᵢ} wᵢx0_ij, d2 the same for wᵢx0_ij² (k < p).
  var d: [Double]
  var d2: [Double]
  /// both[j + k p] = #{i: j, k ∈ Zᵢ}; the diagonal holds each column's missing count.
  var both: [Int]
  /// Weighted: Σ wᵢ over {i: j, k ∈ Zᵢ}; nil for unit weights (then `both`).
  var bothWeight: [Double]?
  /// Σ wᵢ over all rows (n for unit weights).
  var totalWeight: Double
  var missingCells: Int

  /// Throws for the first ±∞ in column-major order (what `_scan` reports); a column holds one
  /// exactly when its sums are not finite.
  func checkFinite(_ x: Matrix) throws(CorrelationError) {
    let n = x.rows
    for j in 0..<p where !(colSum[j].isFinite && colSquares[j].isFinite) {
      if let i = (0..<n).first(where: { x[$0, j].isInfinite }) {
        throw .nonFiniteValue(row: i, column: j, value: x[i, j])
      }
    }
  }

  /// The exact observed (weighted) means if some provisional shift is more than half an SD from its column's mean.
  func exactShiftsIfNeeded(_ shift: [Double]) -> [Double]? {
    var exact = shift
    var needed = false
    for j in 0..<p {
      let c = observedWeight(j)
      guard c > 0 else { continue }
      let delta = colSum[j] / c
      exact[j] = shift[j] + delta
      // Unweighted: the sample variance (c = count); weighted: svyvar's m/(m − 1)·Σw(x − x̄)²/Σw.
      let m = Double(observedCount(j))
      let denominator = bothWeight == nil ? c - 1 : c * (m - 1) / m
      let variance = m > 1 ? Swift.max(0, (colSquares[j] - colSum[j] * delta) / denominator) : 0
      if delta * delta > 0.25 * variance && delta != 0 { needed = true }
    }
    return needed ? exact : nil
  }

  /// Observed values of column j.
  func observedCount(_ j: Int) -> Int { rowCount - both[j + j * p] }

  /// Σ w over the observed values of column j.
  func observedWeight(_ j: Int) -> Double {
    guard let bw = bothWeight else { return Double(observedCount(j)) }
    return totalWeight - bw[j + j * p]
  }

  /// N, S, SS and C combined into the pair moments (see `_pairwiseSumsByComplement`).
  func moments() -> _PairMoments {
    let n = rowCount
    var counts = Matrix(rows: p, columns: p)
    let nd = Double(n)
    for k in 0..<p {
      for j in 0..<p {
        counts[j, k] = nd - Double(both[j + j * p]) - Double(both[k + k * p]) + Double(both[j + k * p])
      }
    }
    var weightSums = counts
    if let bw = bothWeight {
      for k in 0..<p {
        for j in 0..<p {
          weightSums[j, k] = totalWeight - bw[j + j * p] - bw[k + k * p] + bw[j + k * p]
        }
      }
    }
    let pp = p + extra
    return _pairMoments(counts: counts, weightSums: weightSums, cross: cross, rows: n) { j, k in
      (colSum[j] - d[j + k * pp], colSquares[j] - d2[j + k * pp])
    }
  }
}

/// (Σ of the non-NaN values, their count) of p[from ..< from + count], with four partial sums.
@inline(__always)
func _observedSumAndCount(_ p: UnsafeBufferPointer<Double>, from start: Int, count: Int) -> (Double, Int) {
  var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
  var c0 = 0, c1 = 0, c2 = 0, c3 = 0
  var i = start
  let end = start &+ count
  while i &+ 4 <= end {
    let v0 = p[i], v1 = p[i &+ 1], v2 = p[i &+ 2], v3 = p[i &+ 3]
    s0 += v0.isNaN ? 0 : v0
    s1 += v1.isNaN ? 0 : v1
    s2 += v2.isNaN ? 0 : v2
    s3 += v3.isNaN ? 0 : v3
    c0 &+= v0.isNaN ? 0 : 1
    c1 &+= v1.isNaN ? 0 : 1
    c2 &+= v2.isNaN ? 0 : 1
    c3 &+= v3.isNaN ? 0 : 1
    i &+= 4
  }
  while i < end {
    let v = p[i]
    s0 += v.isNaN ? 0 : v
    c0 &+= v.isNaN ? 0 : 1
    i &+= 1
  }
  return ((s0 + s1) + (s2 + s3), c0 &+ c1 &+ c2 &+ c3)
}

/// sum[j] += scale·v[j], squares[j] += v[j]² for j < count (a vectorisable loop). v holds √w·x0,
/// so scale = √w makes the sum w·x0 and the square w·x0².
@inline(__always)
func _addValuesAndSquares(
  _ v: UnsafePointer<Double>, scale: Double, into sum: UnsafeMutablePointer<Double>, squares: UnsafeMutablePointer<Double>, count: Int
) {
  var j = 0
  while j < count {
    let value = v[j]
    sum[j] += scale * value
    squares[j] += value * value
    j &+= 1
  }
}

/// cov and varJ from the counts n_jk, weight sums N (= counts unweighted), the cross products C and
/// (S[j,k], SS[j,k]) (see `covariance`). Weighted: times n_jk/N_jk (svyvar's scaling; 1 unweighted).
func _pairMoments(
  counts: Matrix, weightSums: Matrix, cross: Matrix, rows n: Int, sums: (_ j: Int, _ k: Int) -> (Double, Double)
) -> _PairMoments {
  let p = counts.rows
  var cov = Matrix(rows: p, columns: p)
  var varJ = Matrix(rows: p, columns: p)
  for k in 0..<p {
    for j in 0..<p {
      let njk = counts[j, k]
      guard njk >= 2 else {
        cov[j, k] = .nan
        varJ[j, k] = .nan
        continue
      }
      let wjk = weightSums[j, k]
      let scale = njk / wjk
      let (sjk, ssjk) = sums(j, k)
      let skj = sums(k, j).0
      cov[j, k] = (cross[j, k] - sjk * skj / wjk) / (njk - 1) * scale
      varJ[j, k] = Swift.max(0, (ssjk - sjk * sjk / wjk) / (njk - 1) * scale)
    }
  }
  return _PairMoments(n: counts, cov: cov, varJ: varJ, rows: n)
}
