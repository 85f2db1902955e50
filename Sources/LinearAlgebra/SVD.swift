import COpenBLAS

/// The thin singular value decomposition A = U·Σ·Vᵀ of an m×n matrix (LAPACK `dgesdd`).
///
/// ```
/// A = U·diag(σ)·Vᵀ,   k = min(m, n),   U: m×k, Vᵀ: k×n,   UᵀU = I_k, VᵀV = I_k,   σ₁ ≥ … ≥ σ_k ≥ 0
/// ```
/// Conventions (R `svd()`, numpy `svd(full_matrices=False)`): singular values in **descending**
/// order; column j of `u` and row j of `vt` belong to `singularValues[j]`. Signs of singular
/// vector pairs are as `dgesdd` returned them (flipping uⱼ and vⱼ together leaves A unchanged).
/// `dgesdd` (divide and conquer, `JOBZ = 'S'`) runs after a workspace query (`LWORK = −1`).
/// Cost O(mn·min(m, n)) flops.
///
/// Throws `LAPACKError(routine: "dgesdd", …)` if the iteration did not converge or on NaN/±∞.
/// Validated against: reconstruction and orthogonality on random, ill-conditioned and
/// rank-deficient matrices (tests).
public struct SVD: Sendable, Equatable {
  /// σ₁ ≥ σ₂ ≥ … ≥ σ_k ≥ 0, k = min(m, n).
  public let singularValues: [Double]
  /// The m×k matrix of left singular vectors (orthonormal columns).
  public let u: Matrix
  /// The k×n matrix Vᵀ (orthonormal rows: the right singular vectors).
  public let vt: Matrix

  /// The thin SVD of `a`.
  public init(_ a: Matrix) throws(LAPACKError) {
    let m = a.rows, n = a.columns, k = Swift.min(m, n)
    if k == 0 {
      singularValues = []
      u = Matrix(rows: m, columns: 0)
      vt = Matrix(rows: 0, columns: n)
      return
    }
    let r = try SVD._dgesdd(a, vectors: true)
    singularValues = r.s
    u = Matrix(rows: m, columns: k, columnMajor: r.u)
    vt = Matrix(rows: k, columns: n, columnMajor: r.vt)
  }

  /// The singular values only, descending (LAPACK `dgesdd` with `JOBZ = 'N'`; cheaper).
  public static func singularValues(of a: Matrix) throws(LAPACKError) -> [Double] {
    if Swift.min(a.rows, a.columns) == 0 { return [] }
    return try _dgesdd(a, vectors: false).s
  }

  /// The numerical rank: the number of σⱼ > tolerance (default max(m, n)·ε·σ₁, as numpy `matrix_rank`).
  public func rank(tolerance: Double? = nil) -> Int {
    guard let s1 = singularValues.first else { return 0 }
    let tol = tolerance ?? Double(Swift.max(u.rows, vt.columns)) * Double.ulpOfOne * s1
    return singularValues.reduce(0) { $0 + ($1 > tol ? 1 : 0) }
  }

  /// The 2-norm condition number σ₁/σ_k (∞ when σ_k = 0).
  public var conditionNumber: Double {
    guard let first = singularValues.first, let last = singularValues.last else { return 0 }
    return last == 0 ? .infinity : first / last
  }

  /// The reconstruction U·diag(σ)·Vᵀ (for checks; level-3 BLAS).
  public var reconstructed: Matrix {
    var us = u
    let m = u.rows
    for j in 0..<singularValues.count {
      for i in 0..<m { us.elements[i + j * m] *= singularValues[j] }
    }
    return us * vt
  }

  static func _dgesdd(_ a: Matrix, vectors: Bool) throws(LAPACKError) -> (s: [Double], u: [Double], vt: [Double]) {
    try LAPACKError.checkFinite("dgesdd", a.elements)
    let m = a.rows, n = a.columns, k = Swift.min(m, n)
    var work_a = a.elements
    var m32 = _checkedInt32(m, "dgesdd"), n32 = _checkedInt32(n, "dgesdd"), lda = _ld(m)
    var ldu: Int32 = vectors ? _ld(m) : 1, ldvt: Int32 = vectors ? _ld(k) : 1
    var s = [Double](repeating: 0, count: k)
    var u = [Double](repeating: 0, count: vectors ? m * k : 1)
    var vt = [Double](repeating: 0, count: vectors ? k * n : 1)
    var iwork = [Int32](repeating: 0, count: 8 * k)
    var info: Int32 = 0
    let jobz = vectors ? "S" : "N"
    var lwork: Int32 = -1
    var workQuery = 0.0
    work_a.withUnsafeMutableBufferPointer { pa in
      dgesdd_(jobz, &m32, &n32, pa.baseAddress, &lda, &s, &u, &ldu, &vt, &ldvt, &workQuery, &lwork, &iwork, &info, 1)
    }
    try LAPACKError.check("dgesdd", info)
    lwork = Int32(workQuery.rounded(.up))
    var work = [Double](repeating: 0, count: Swift.max(1, Int(lwork)))
    work_a.withUnsafeMutableBufferPointer { pa in
      dgesdd_(jobz, &m32, &n32, pa.baseAddress, &lda, &s, &u, &ldu, &vt, &ldvt, &work, &lwork, &iwork, &info, 1)
    }
    try LAPACKError.check("dgesdd", info)
    return (s, u, vt)
  }
}
