import COpenBLAS

/// The thin QR factorisation A = Q·R of an m×n matrix by Householder reflections (LAPACK `dgeqrf` + `dorgqr`).
///
/// ```
/// A = Q·R,   k = min(m, n),   Q: m×k with QᵀQ = I_k,   R: k×n upper triangular (trapezoidal if n > m)
/// ```
/// No column pivoting. Sign convention: as LAPACK returns it — the diagonal of R may be negative
/// (R `qr()` uses LINPACK `dqrdc2` with its own pivoting and signs; numpy `qr` matches LAPACK).
/// A rank-deficient A still factorises (R then has (near-)zero diagonal elements).
/// Both routines run after workspace queries (`LWORK = −1`). Cost ≈ 4mnk − 2k²(m + n) + 4k³/3 flops.
///
/// Neither routine has a data-dependent failure, so the initialiser does not throw; NaN/±∞
/// propagate into Q and R.
public struct QR: Sendable, Equatable {
  /// The m×k factor with orthonormal columns.
  public let q: Matrix
  /// The k×n upper-triangular factor.
  public let r: Matrix

  /// Factorises `a`.
  public init(_ a: Matrix) {
    let m = a.rows, n = a.columns, k = Swift.min(m, n)
    if k == 0 {
      q = Matrix(rows: m, columns: 0)
      r = Matrix(rows: 0, columns: n)
      return
    }
    var f = a.elements
    var m32 = _checkedInt32(m, "dgeqrf"), n32 = _checkedInt32(n, "dgeqrf"), k32 = Int32(k), lda = _ld(m)
    var tau = [Double](repeating: 0, count: k)
    var info: Int32 = 0
    // dgeqrf: workspace query, then the factorisation.
    var lwork: Int32 = -1
    var query = 0.0
    f.withUnsafeMutableBufferPointer { pf in
      dgeqrf_(&m32, &n32, pf.baseAddress, &lda, &tau, &query, &lwork, &info)
    }
    precondition(info == 0, "dgeqrf workspace query: info = \(info) (a TrustMetrics bug)")
    lwork = Swift.max(Int32(query.rounded(.up)), n32)
    var work = [Double](repeating: 0, count: Int(lwork))
    f.withUnsafeMutableBufferPointer { pf in
      dgeqrf_(&m32, &n32, pf.baseAddress, &lda, &tau, &work, &lwork, &info)
    }
    precondition(info == 0, "dgeqrf: info = \(info) (a TrustMetrics bug)")
    // R: the upper triangle of the first k rows.
    var rr = Matrix(rows: k, columns: n)
    for j in 0..<n {
      for i in 0...Swift.min(j, k - 1) { rr.elements[i + j * k] = f[i + j * m] }
    }
    r = rr
    // Q: dorgqr on the first k columns (m×k, k reflectors).
    var qElements = Array(f[0..<(m * k)])
    lwork = -1
    qElements.withUnsafeMutableBufferPointer { pq in
      dorgqr_(&m32, &k32, &k32, pq.baseAddress, &lda, &tau, &query, &lwork, &info)
    }
    precondition(info == 0, "dorgqr workspace query: info = \(info) (a TrustMetrics bug)")
    lwork = Swift.max(Int32(query.rounded(.up)), k32)
    work = [Double](repeating: 0, count: Int(lwork))
    qElements.withUnsafeMutableBufferPointer { pq in
      dorgqr_(&m32, &k32, &k32, pq.baseAddress, &lda, &tau, &work, &lwork, &info)
    }
    precondition(info == 0, "dorgqr: info = \(info) (a TrustMetrics bug)")
    q = Matrix(rows: m, columns: k, columnMajor: qElements)
  }
}
