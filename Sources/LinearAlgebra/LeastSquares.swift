import COpenBLAS

/// Which LAPACK solver `leastSquares` uses.
public enum LeastSquaresMethod: Sendable, Equatable, Hashable, CaseIterable {
  /// `dgels` (QR); if `dgels` reports an exactly singular R, or the estimated reciprocal
  /// 1-norm condition number of R (`dtrcon`) is ≤ `rcond`, solve again with `dgelsd` (SVD).
  case automatic
  /// `dgels` only; an exactly rank-deficient A throws `LAPACKError(routine: "dgels", …)`.
  case qr
  /// `dgelsd` (SVD, divide and conquer) only: minimum-norm solution with rank determination.
  case svd
}

/// The result of `leastSquares(_:_:method:rcond:)`.
public struct LeastSquaresSolution: Sendable, Equatable {
  /// The n×k solution X (one column per right-hand side).
  public let coefficients: Matrix
  /// The rank used: min(m, n) for the QR path, the number of σⱼ > rcond·σ₁ for the SVD path.
  public let rank: Int
  /// The solver that produced `coefficients`: `.qr` or `.svd` (never `.automatic`).
  public let method: LeastSquaresMethod
  /// The singular values of A, descending (SVD path only; empty for the QR path).
  public let singularValues: [Double]
  /// The threshold used: σⱼ ≤ rcond·σ₁ count as zero (and the QR→SVD switch point).
  public let rcond: Double
  /// ‖bⱼ − A·xⱼ‖² for each right-hand side j (recomputed with `dgemm` from the solution).
  public let residualSumOfSquares: [Double]
}

/// The least-squares solution of A·X ≈ B for an m×n A and an m×k B (LAPACK `dgels` / `dgelsd`).
///
/// ```
/// X = argmin ‖B − A·X‖_F          (m ≥ n, full rank: unique)
/// X = argmin ‖X‖_F s.t. A·X = B   (m < n, full rank: minimum norm)
/// X = A⁺·B                         (rank deficient: minimum-norm, via SVD with threshold rcond·σ₁)
/// ```
/// `rcond` defaults to max(m, n)·ε (numpy `lstsq(rcond=None)`); the SVD path matches numpy
/// `linalg.lstsq` and R `MASS::ginv(A) %*% B` with the same threshold. Note that the automatic
/// switch relies on `dtrcon`'s 1-norm *estimate* for R from an unpivoted QR, which flags the usual
/// rank deficiencies (duplicated or collinear columns) but is a heuristic; choose `.svd` to be safe.
///
/// Throws `LAPACKError` for `.qr` on exact rank deficiency (`dgels`), if the SVD does not converge
/// (`dgelsd`), or for NaN/±∞ input.
public func leastSquares(
  _ a: Matrix, _ b: Matrix, method: LeastSquaresMethod = .automatic, rcond: Double? = nil
) throws(LAPACKError) -> LeastSquaresSolution {
  precondition(a.rows == b.rows, "leastSquares: A has \(a.rows) rows, B has \(b.rows)")
  let m = a.rows, n = a.columns, nrhs = b.columns
  let threshold = rcond ?? Double(Swift.max(m, n)) * Double.ulpOfOne
  if Swift.min(m, n) == 0 || nrhs == 0 {
    let x = Matrix(rows: n, columns: nrhs)
    return LeastSquaresSolution(
      coefficients: x, rank: 0, method: method == .svd ? .svd : .qr, singularValues: [],
      rcond: threshold, residualSumOfSquares: _residualSumOfSquares(a, b, x))
  }
  try LAPACKError.checkFinite(method == .svd ? "dgelsd" : "dgels", a.elements)
  try LAPACKError.checkFinite(method == .svd ? "dgelsd" : "dgels", b.elements)
  if method != .svd {
    switch _dgels(a, b, checkCondition: method == .automatic, threshold: threshold) {
    case .solved(let x):
      return LeastSquaresSolution(
        coefficients: x, rank: Swift.min(m, n), method: .qr, singularValues: [], rcond: threshold,
        residualSumOfSquares: _residualSumOfSquares(a, b, x))
    case .rankDeficient(let info):
      if method == .qr { throw LAPACKError(routine: "dgels", info: info) }
    case .illConditioned:
      break
    }
  }
  let (x, rank, s) = try _dgelsd(a, b, threshold: threshold)
  return LeastSquaresSolution(
    coefficients: x, rank: rank, method: .svd, singularValues: s, rcond: threshold,
    residualSumOfSquares: _residualSumOfSquares(a, b, x))
}

/// The least-squares solution of A·x ≈ b for one right-hand side (see the matrix version).
public func leastSquares(
  _ a: Matrix, _ b: [Double], method: LeastSquaresMethod = .automatic, rcond: Double? = nil
) throws(LAPACKError) -> LeastSquaresSolution {
  try leastSquares(a, Matrix(rows: b.count, columns: 1, columnMajor: b), method: method, rcond: rcond)
}

enum _DgelsOutcome {
  case solved(Matrix)
  case rankDeficient(Int32)
  case illConditioned
}

/// Copies the m×k `b` into the top of a max(m, n)×k buffer, as `dgels`/`dgelsd` need.
func _paddedRHS(_ b: Matrix, _ ldb: Int) -> [Double] {
  let m = b.rows
  if ldb == m { return b.elements }
  var out = [Double](repeating: 0, count: ldb * b.columns)
  for j in 0..<b.columns {
    for i in 0..<m { out[i + j * ldb] = b.elements[i + j * m] }
  }
  return out
}

/// The first n rows of a ldb×k buffer as an n×k matrix.
func _topRows(_ buffer: [Double], ldb: Int, n: Int, k: Int) -> Matrix {
  var x = Matrix(rows: n, columns: k)
  for j in 0..<k {
    for i in 0..<n { x.elements[i + j * n] = buffer[i + j * ldb] }
  }
  return x
}

func _residualSumOfSquares(_ a: Matrix, _ b: Matrix, _ x: Matrix) -> [Double] {
  var r = b
  gemm(alpha: -1, a: a, b: x, beta: 1, c: &r)
  return (0..<r.columns).map { j in
    let c = Matrix(rows: r.rows, columns: 1, columnMajor: r.column(j))
    let norm = c.frobeniusNorm
    return norm * norm
  }
}

func _dgels(_ a: Matrix, _ b: Matrix, checkCondition: Bool, threshold: Double) -> _DgelsOutcome {
  let m = a.rows, n = a.columns, k = Swift.min(m, n), nrhs = b.columns
  let ldbInt = Swift.max(1, m, n)
  var f = a.elements
  var rhs = _paddedRHS(b, ldbInt)
  var m32 = _checkedInt32(m, "dgels"), n32 = _checkedInt32(n, "dgels"), nrhs32 = _checkedInt32(nrhs, "dgels")
  var lda = _ld(m), ldb = Int32(ldbInt), info: Int32 = 0
  var lwork: Int32 = -1
  var query = 0.0
  f.withUnsafeMutableBufferPointer { pf in
    rhs.withUnsafeMutableBufferPointer { pb in
      dgels_("N", &m32, &n32, &nrhs32, pf.baseAddress, &lda, pb.baseAddress, &ldb, &query, &lwork, &info, 1)
    }
  }
  precondition(info == 0, "dgels workspace query: info = \(info) (a TrustMetrics bug)")
  lwork = Swift.max(1, Int32(query.rounded(.up)))
  var work = [Double](repeating: 0, count: Int(lwork))
  f.withUnsafeMutableBufferPointer { pf in
    rhs.withUnsafeMutableBufferPointer { pb in
      dgels_("N", &m32, &n32, &nrhs32, pf.baseAddress, &lda, pb.baseAddress, &ldb, &work, &lwork, &info, 1)
    }
  }
  precondition(info >= 0, "dgels: illegal value in argument \(-info) (a TrustMetrics bug)")
  if info > 0 { return .rankDeficient(info) }
  if checkCondition {
    // After dgels, f holds R (upper, m ≥ n) or L (lower, m < n) of order k.
    var k32 = Int32(k), rc = 0.0, tinfo: Int32 = 0
    var twork = [Double](repeating: 0, count: 3 * k)
    var tiwork = [Int32](repeating: 0, count: k)
    let uplo = m >= n ? "U" : "L"
    f.withUnsafeBufferPointer { pf in
      dtrcon_("1", uplo, "N", &k32, pf.baseAddress, &lda, &rc, &twork, &tiwork, &tinfo, 1, 1, 1)
    }
    precondition(tinfo == 0, "dtrcon: info = \(tinfo) (a TrustMetrics bug)")
    if !(rc > threshold) { return .illConditioned }
  }
  return .solved(_topRows(rhs, ldb: ldbInt, n: n, k: nrhs))
}

func _dgelsd(_ a: Matrix, _ b: Matrix, threshold: Double) throws(LAPACKError) -> (Matrix, Int, [Double]) {
  let m = a.rows, n = a.columns, k = Swift.min(m, n), nrhs = b.columns
  let ldbInt = Swift.max(1, m, n)
  var f = a.elements
  var rhs = _paddedRHS(b, ldbInt)
  var m32 = _checkedInt32(m, "dgelsd"), n32 = _checkedInt32(n, "dgelsd"), nrhs32 = _checkedInt32(nrhs, "dgelsd")
  var lda = _ld(m), ldb = Int32(ldbInt), info: Int32 = 0, rank: Int32 = 0
  var rcond = threshold
  var s = [Double](repeating: 0, count: k)
  var lwork: Int32 = -1
  var query = 0.0
  var iquery: Int32 = 0
  f.withUnsafeMutableBufferPointer { pf in
    rhs.withUnsafeMutableBufferPointer { pb in
      dgelsd_(&m32, &n32, &nrhs32, pf.baseAddress, &lda, pb.baseAddress, &ldb, &s, &rcond, &rank,
        &query, &lwork, &iquery, &info)
    }
  }
  precondition(info == 0, "dgelsd workspace query: info = \(info) (a TrustMetrics bug)")
  lwork = Swift.max(1, Int32(query.rounded(.up)))
  // LIWORK ≥ 3·k·NLVL + 11·k with NLVL = ⌊log₂(k/(SMLSIZ+1))⌋ + 1; ⌊log₂ k⌋ + 1 bounds NLVL for any SMLSIZ.
  let nlvl = Swift.max(0, Int.bitWidth - k.leadingZeroBitCount)
  let liwork = Swift.max(Int(iquery), 3 * k * nlvl + 11 * k, 1)
  var work = [Double](repeating: 0, count: Int(lwork))
  var iwork = [Int32](repeating: 0, count: liwork)
  f.withUnsafeMutableBufferPointer { pf in
    rhs.withUnsafeMutableBufferPointer { pb in
      dgelsd_(&m32, &n32, &nrhs32, pf.baseAddress, &lda, pb.baseAddress, &ldb, &s, &rcond, &rank,
        &work, &lwork, &iwork, &info)
    }
  }
  try LAPACKError.check("dgelsd", info)
  return (_topRows(rhs, ldb: ldbInt, n: n, k: nrhs), Int(rank), s)
}
