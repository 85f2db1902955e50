import COpenBLAS

/// The LU factorisation P·A = L·U of a square matrix with partial pivoting (LAPACK `dgetrf`).
///
/// ```
/// A = P·L·U,   L unit lower triangular,   U upper triangular,   det A = (−1)^(#swaps)·Πᵢ Uᵢᵢ
/// ```
/// The factorisation itself never throws: an exactly singular A (some Uᵢᵢ = 0, `dgetrf`
/// `info = i > 0`) is recorded. Then ``determinant`` is 0, ``logAbsDeterminant`` is −∞ and
/// ``determinantSign`` is 0 (R `determinant()` gives modulus −Inf), while `solve(_:)`
/// and ``inverse()`` throw `LAPACKError(routine: "dgetrf", info: i)`. A nearly singular A is not
/// detected here; check ``reciprocalConditionNumber()`` (`dgecon`). NaN/±∞ propagate.
/// Cost 2n³/3 flops.
public struct LUDecomposition: Sendable, Equatable {
  /// L (strictly below the diagonal, unit diagonal implied) and U (on and above it), as `dgetrf` stores them.
  public let factors: Matrix
  /// LAPACK's 1-based pivot indices: row i was interchanged with row `pivots[i]`.
  public let pivots: [Int32]
  /// `dgetrf`'s `info`: 0, or i > 0 when Uᵢᵢ (1-based) is exactly zero.
  public let singularInfo: Int32
  /// ‖A‖₁ of the input, for ``reciprocalConditionNumber()``.
  public let oneNormOfInput: Double

  /// Factorises the square matrix `a`.
  public init(_ a: Matrix) {
    precondition(a.isSquare, "LUDecomposition: matrix is \(a.rows)×\(a.columns), not square")
    let nInt = a.rows
    oneNormOfInput = a.oneNorm
    var f = a
    var ipiv = [Int32](repeating: 0, count: nInt)
    var info: Int32 = 0
    if nInt > 0 {
      var n = _checkedInt32(nInt, "dgetrf"), m = n, lda = _ld(nInt)
      f.elements.withUnsafeMutableBufferPointer { p in
        dgetrf_(&m, &n, p.baseAddress, &lda, &ipiv, &info)
      }
      precondition(info >= 0, "dgetrf: illegal value in argument \(-info) (a TrustMetrics bug)")
    }
    factors = f
    pivots = ipiv
    singularInfo = info
  }

  /// The order n.
  public var order: Int { factors.rows }

  /// True when some Uᵢᵢ is exactly zero.
  public var isSingular: Bool { singularInfo > 0 }

  /// The unit lower-triangular factor L.
  public var lower: Matrix {
    let n = order
    var l = Matrix.identity(n)
    for j in 0..<n { for i in (j + 1)..<Swift.max(j + 1, n) { l.elements[i + j * n] = factors.elements[i + j * n] } }
    return l
  }

  /// The upper-triangular factor U.
  public var upper: Matrix {
    let n = order
    var u = Matrix(rows: n, columns: n)
    for j in 0..<n { for i in 0...j { u.elements[i + j * n] = factors.elements[i + j * n] } }
    return u
  }

  /// The permutation matrix P with A = P·L·U.
  public var permutation: Matrix {
    let n = order
    var perm = Array(0..<n)  // after the swaps, row i of L·U is row perm[i] of A
    for i in 0..<n {
      let p = Int(pivots[i]) - 1
      perm.swapAt(i, p)
    }
    // Row i of L·U is row perm[i] of A, so A = P·L·U with P[perm[i], i] = 1.
    var pm = Matrix(rows: n, columns: n)
    for i in 0..<n { pm.elements[perm[i] + i * n] = 1 }
    return pm
  }

  /// log |det A| = Σᵢ log |Uᵢᵢ| (−∞ when singular); no overflow for large n (R `determinant()$modulus`).
  public var logAbsDeterminant: Double {
    if isSingular { return -.infinity }
    var s = 0.0
    for i in 0..<order { s += _log(Swift.abs(factors.elements[i + i * order])) }
    return s
  }

  /// The sign of det A: +1, −1, or 0 when singular (R `determinant()$sign`, which has no 0).
  public var determinantSign: Int {
    if isSingular { return 0 }
    var negative = false
    for i in 0..<order {
      if Int(pivots[i]) != i + 1 { negative.toggle() }
      if factors.elements[i + i * order] < 0 { negative.toggle() }
    }
    return negative ? -1 : 1
  }

  /// det A = (−1)^(#swaps)·Πᵢ Uᵢᵢ; exactly 0 for a singular matrix (never throws).
  ///
  /// Computed as the direct product (relative error ≈ n·ε); when that over- or underflows,
  /// as sign·exp(``logAbsDeterminant``), which is then ±∞ or ±0 as the true value dictates.
  public var determinant: Double {
    if isSingular { return 0 }
    var prod = 1.0
    for i in 0..<order {
      prod *= factors.elements[i + i * order]
      if Int(pivots[i]) != i + 1 { prod = -prod }
    }
    if prod.isFinite && prod != 0 { return prod }
    return Double(determinantSign) * _exp(logAbsDeterminant)
  }

  /// The solution X of A·X = B for an n×k B (LAPACK `dgetrs`).
  ///
  /// Throws `LAPACKError(routine: "dgetrf", info: i)` when A is exactly singular.
  public func solve(_ b: Matrix) throws(LAPACKError) -> Matrix {
    precondition(b.rows == order, "LUDecomposition.solve: right-hand side has \(b.rows) rows, matrix is \(order)×\(order)")
    if isSingular { throw LAPACKError(routine: "dgetrf", info: singularInfo) }
    var x = b
    if order == 0 || b.columns == 0 { return x }
    var n = Int32(order), nrhs = _checkedInt32(b.columns, "dgetrs"), lda = _ld(order), ldb = _ld(order)
    var info: Int32 = 0
    factors.elements.withUnsafeBufferPointer { pf in
      pivots.withUnsafeBufferPointer { pp in
        x.elements.withUnsafeMutableBufferPointer { px in
          dgetrs_("N", &n, &nrhs, pf.baseAddress, &lda, pp.baseAddress, px.baseAddress, &ldb, &info, 1)
        }
      }
    }
    precondition(info == 0, "dgetrs: illegal value in argument \(-info) (a TrustMetrics bug)")
    return x
  }

  /// The solution x of A·x = b (LAPACK `dgetrs`); throws like the matrix version.
  public func solve(_ b: [Double]) throws(LAPACKError) -> [Double] {
    try solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
  }

  /// The inverse A⁻¹ (LAPACK `dgetri`, after a workspace query).
  ///
  /// Throws `LAPACKError(routine: "dgetrf", info: i)` when A is exactly singular.
  public func inverse() throws(LAPACKError) -> Matrix {
    if isSingular { throw LAPACKError(routine: "dgetrf", info: singularInfo) }
    var inv = factors
    if order == 0 { return inv }
    var n = Int32(order), lda = _ld(order), info: Int32 = 0
    var lwork: Int32 = -1
    var query = 0.0
    inv.elements.withUnsafeMutableBufferPointer { p in
      pivots.withUnsafeBufferPointer { pp in
        dgetri_(&n, p.baseAddress, &lda, pp.baseAddress, &query, &lwork, &info)
      }
    }
    precondition(info == 0, "dgetri workspace query: info = \(info) (a TrustMetrics bug)")
    lwork = Swift.max(n, Int32(query.rounded(.up)))
    var work = [Double](repeating: 0, count: Int(lwork))
    inv.elements.withUnsafeMutableBufferPointer { p in
      pivots.withUnsafeBufferPointer { pp in
        dgetri_(&n, p.baseAddress, &lda, pp.baseAddress, &work, &lwork, &info)
      }
    }
    try LAPACKError.check("dgetri", info)
    return inv
  }

  /// An estimate of 1/κ₁(A) = 1/(‖A‖₁·‖A⁻¹‖₁) (LAPACK `dgecon`); 0 when singular.
  ///
  /// Values near ε (≈ 2.2e-16) mean A is numerically singular: solutions lose all digits.
  public func reciprocalConditionNumber() -> Double {
    if isSingular { return 0 }
    if order == 0 { return .infinity }
    var n = Int32(order), lda = _ld(order), anorm = oneNormOfInput, rc = 0.0, info: Int32 = 0
    var work = [Double](repeating: 0, count: 4 * order)
    var iwork = [Int32](repeating: 0, count: order)
    factors.elements.withUnsafeBufferPointer { pf in
      dgecon_("1", &n, pf.baseAddress, &lda, &anorm, &rc, &work, &iwork, &info, 1)
    }
    precondition(info == 0, "dgecon: info = \(info) (a TrustMetrics bug)")
    return rc
  }
}
