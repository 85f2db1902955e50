import COpenBLAS

/// How the sign of each eigenvector is fixed (an eigenvector is determined only up to sign).
public enum EigenvectorSign: Sendable, Equatable, Hashable, CaseIterable {
  /// The component of largest absolute value is made positive (the first such component when
  /// several are exactly equal in absolute value). Deterministic across BLAS builds except for
  /// near-ties between components.
  case largestComponentPositive
  /// Whatever LAPACK `dsyevr` returned (what R `eigen()` shows; it depends on the BLAS build).
  case asComputed
}

/// The eigendecomposition A = V·Λ·Vᵀ of a real symmetric matrix (LAPACK `dsyevr`).
///
/// ```
/// A·vⱼ = λⱼ·vⱼ,   λ₁ ≥ λ₂ ≥ … ≥ λₙ,   VᵀV = I
/// ```
/// Conventions (R `eigen(symmetric = TRUE)`): eigenvalues in **descending** order, column j of
/// `eigenvectors` belongs to `eigenvalues[j]`, eigenvectors have unit 2-norm. Signs follow
/// ``EigenvectorSign`` (default: largest-magnitude component positive; R leaves LAPACK's sign).
///
/// Only the lower triangle of the input is read (like R, which reads the lower triangle too);
/// symmetrise first (``Matrix/symmetrized``) if the upper triangle may differ.
/// `dsyevr` (MRRR, Dhillon & Parlett 2004) is called for all eigenpairs (`RANGE = 'A'`,
/// `ABSTOL = 0` as in R's `La_rs`) after a workspace query (`LWORK = LIWORK = −1`).
/// Cost O(n³) flops, memory 2n² + O(n).
///
/// Throws `LAPACKError(routine: "dsyevr", …)` on an internal failure or on NaN/±∞ input.
/// Validated against: numpy 1.x `numpy.linalg.eigh` (3×3 example in the tests) and reconstruction.
public struct SymmetricEigen: Sendable, Equatable {
  /// The eigenvalues λ₁ ≥ … ≥ λₙ.
  public let eigenvalues: [Double]
  /// The orthonormal eigenvectors as columns, column j matching `eigenvalues[j]`.
  public let eigenvectors: Matrix

  /// Eigenvalues and eigenvectors of the symmetric matrix `a` (lower triangle read).
  public init(_ a: Matrix, sign: EigenvectorSign = .largestComponentPositive) throws(LAPACKError) {
    precondition(a.isSquare, "SymmetricEigen: matrix is \(a.rows)×\(a.columns), not square")
    let (w, z) = try SymmetricEigen._dsyevr(a, vectors: true)
    let n = a.rows
    // dsyevr returns ascending order: reverse values and columns.
    eigenvalues = Array(w.reversed())
    var v = Matrix(rows: n, columns: n)
    v.elements.withUnsafeMutableBufferPointer { pv in
      z.withUnsafeBufferPointer { pz in
        for j in 0..<n {
          let src = (n - 1 - j) * n, dst = j * n
          var flip = false
          if sign == .largestComponentPositive {
            var best = -1.0, bestValue = 0.0
            for i in 0..<n where Swift.abs(pz[src + i]) > best {
              best = Swift.abs(pz[src + i])
              bestValue = pz[src + i]
            }
            flip = bestValue < 0
          }
          if flip {
            for i in 0..<n { pv[dst + i] = -pz[src + i] }
          } else {
            for i in 0..<n { pv[dst + i] = pz[src + i] }
          }
        }
      }
    }
    eigenvectors = v
  }

  /// The eigenvalues only, in descending order (LAPACK `dsyevr` with `JOBZ = 'N'`; cheaper).
  public static func eigenvalues(of a: Matrix) throws(LAPACKError) -> [Double] {
    precondition(a.isSquare, "SymmetricEigen.eigenvalues: matrix is \(a.rows)×\(a.columns), not square")
    return Array(try _dsyevr(a, vectors: false).values.reversed())
  }

  /// The reconstruction V·Λ·Vᵀ (for checks; level-3 BLAS).
  public var reconstructed: Matrix {
    var scaled = eigenvectors
    let n = eigenvectors.rows
    for j in 0..<eigenvalues.count {
      let l = eigenvalues[j]
      for i in 0..<n { scaled.elements[i + j * n] *= l }
    }
    return gemm(transB: .transposed, a: scaled, b: eigenvectors)
  }

  /// Calls `dsyevr` (lower triangle, all eigenpairs); values ascending, vectors column-major n×n.
  static func _dsyevr(_ a: Matrix, vectors: Bool) throws(LAPACKError) -> (values: [Double], vectors: [Double]) {
    let n = a.rows
    if n == 0 { return ([], []) }
    try LAPACKError.checkFinite("dsyevr", a.elements)
    var work_a = a.elements
    var n32 = _checkedInt32(n, "dsyevr"), lda = _ld(n), ldz: Int32 = vectors ? _ld(n) : 1
    var vl = 0.0, vu = 0.0, il: Int32 = 0, iu: Int32 = 0, abstol = 0.0
    var found: Int32 = 0, info: Int32 = 0
    var w = [Double](repeating: 0, count: n)
    var z = [Double](repeating: 0, count: vectors ? n * n : 1)
    var isuppz = [Int32](repeating: 0, count: 2 * n)
    let jobz = vectors ? "V" : "N"
    // Workspace query.
    var lwork: Int32 = -1, liwork: Int32 = -1
    var workQuery = 0.0
    var iworkQuery: Int32 = 0
    work_a.withUnsafeMutableBufferPointer { pa in
      dsyevr_(jobz, "A", "L", &n32, pa.baseAddress, &lda, &vl, &vu, &il, &iu, &abstol, &found,
        &w, &z, &ldz, &isuppz, &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1, 1)
    }
    try LAPACKError.check("dsyevr", info)
    lwork = Swift.max(Int32(workQuery.rounded(.up)), 26 * n32)
    liwork = Swift.max(iworkQuery, 10 * n32)
    var work = [Double](repeating: 0, count: Int(lwork))
    var iwork = [Int32](repeating: 0, count: Int(liwork))
    work_a.withUnsafeMutableBufferPointer { pa in
      dsyevr_(jobz, "A", "L", &n32, pa.baseAddress, &lda, &vl, &vu, &il, &iu, &abstol, &found,
        &w, &z, &ldz, &isuppz, &work, &lwork, &iwork, &liwork, &info, 1, 1, 1)
    }
    try LAPACKError.check("dsyevr", info)
    precondition(found == n32, "dsyevr found \(found) of \(n) eigenvalues (a TrustMetrics bug)")
    return (w, z)
  }
}
