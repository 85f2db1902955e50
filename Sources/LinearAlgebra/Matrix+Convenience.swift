import COpenBLAS

/// A matrix did not have a property an operation requires.
public enum MatrixError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A covariance matrix has a diagonal element (a variance) that is not positive and finite.
  case nonPositiveVariance(index: Int, value: Double)
  /// The operation needs a square matrix.
  case notSquare(rows: Int, columns: Int)

  public var description: String {
    switch self {
    case .nonPositiveVariance(let index, let value):
      return "variance \(value) at diagonal position \(index) (0-based) is not positive and finite; "
        + "a correlation needs every variance > 0"
    case .notSquare(let rows, let columns):
      return "the matrix is \(rows)×\(columns); a square matrix is required"
    }
  }
}

extension Matrix {
  /// The correlation matrix of a covariance matrix (R `cov2cor`).
  ///
  /// ```
  /// R[i, j] = S[i, j] / √(S[i, i]·S[j, j]),   R[i, i] = 1 exactly
  /// ```
  /// Reads the whole matrix (it need not be exactly symmetric); every variance must be positive
  /// and finite, otherwise `MatrixError.nonPositiveVariance` names the first offending index.
  /// Same operations in the same order as R 4.2 `cov2cor`, so results agree to the last bit (tested);
  /// R returns NaN/Inf with a warning where this throws.
  public func correlationFromCovariance() throws(MatrixError) -> Matrix {
    guard isSquare else { throw .notSquare(rows: rows, columns: columns) }
    let n = rows
    var scale = [Double](repeating: 0, count: n)
    for i in 0..<n {
      let v = elements[i + i * n]
      guard v > 0, v.isFinite else { throw .nonPositiveVariance(index: i, value: v) }
      scale[i] = (1 / v).squareRoot()  // R: Is <- sqrt(1/diag(V))
    }
    var r = self
    r.elements.withUnsafeMutableBufferPointer { p in
      scale.withUnsafeBufferPointer { s in
        for j in 0..<n {
          for i in 0..<n { p[i + j * n] = (s[i] * p[i + j * n]) * s[j] }  // R: Is * V * rep(Is, each = p)
          p[j + j * n] = 1
        }
      }
    }
    return r
  }

  /// The symmetric part (A + Aᵀ)/2 of a square matrix; exactly symmetric.
  ///
  /// Use it to remove rounding asymmetry before `SymmetricEigen` or `Cholesky`, which read only
  /// the lower triangle.
  public var symmetrized: Matrix {
    precondition(isSquare, "symmetrized: matrix is \(rows)×\(columns), not square")
    let n = rows
    var r = self
    r.elements.withUnsafeMutableBufferPointer { p in
      for j in 0..<n {
        for i in (j + 1)..<Swift.max(j + 1, n) {
          let v = 0.5 * (p[i + j * n] + p[j + i * n])
          p[i + j * n] = v
          p[j + i * n] = v
        }
      }
    }
    return r
  }

  /// The submatrix of the given rows and columns, in the given order (R `m[rows, columns]`).
  ///
  /// Indices are zero-based and may repeat; an out-of-range index is a programming error.
  public func submatrix<R: Collection<Int>, C: Collection<Int>>(rows rowIndices: R, columns columnIndices: C) -> Matrix {
    let ri = Array(rowIndices), ci = Array(columnIndices)
    precondition(ri.allSatisfy { $0 >= 0 && $0 < rows }, "submatrix: row index out of 0..<\(rows)")
    precondition(ci.allSatisfy { $0 >= 0 && $0 < columns }, "submatrix: column index out of 0..<\(columns)")
    let r = ri.count, srcRows = rows
    // Every row in order: whole columns are copied (one memcpy each), and when the columns are
    // also all of them in order the result is this matrix (its storage is shared copy-on-write).
    let allRows = r == srcRows && ri.elementsEqual(0..<srcRows)
    if allRows && ci.count == columns && ci.elementsEqual(0..<columns) { return self }
    let elements = [Double](unsafeUninitializedCapacity: r * ci.count) { po, initialized in
      initialized = 0
      guard r > 0, !ci.isEmpty else { return }
      self.elements.withUnsafeBufferPointer { ps in
        for (jOut, j) in ci.enumerated() {
          if allRows {
            (po.baseAddress! + jOut * r).initialize(from: ps.baseAddress! + j * srcRows, count: r)
          } else {
            for (iOut, i) in ri.enumerated() { (po.baseAddress! + iOut + jOut * r).initialize(to: ps[i + j * srcRows]) }
          }
        }
      }
      initialized = r * ci.count
    }
    return Matrix(rows: r, columns: ci.count, columnMajor: elements)
  }

  /// True when the matrix is square and |A[i, j] − A[j, i]| ≤ tolerance · max |A[k, l]| for all i, j.
  ///
  /// The tolerance is relative to the largest absolute element (a max-norm scale), so rounding
  /// noise in small off-diagonal elements of a well-scaled matrix is accepted. `tolerance: 0`
  /// asks for exact symmetry. A NaN anywhere makes the answer false.
  public func isSymmetric(tolerance: Double = 0) -> Bool {
    guard isSquare else { return false }
    let n = rows
    return elements.withUnsafeBufferPointer { p -> Bool in
      var maxAbs = 0.0
      for x in p {
        if x.isNaN { return false }
        maxAbs = Swift.max(maxAbs, Swift.abs(x))
      }
      let bound = tolerance * maxAbs
      for j in 0..<n {
        for i in (j + 1)..<Swift.max(j + 1, n) where !(Swift.abs(p[i + j * n] - p[j + i * n]) <= bound) {
          return false
        }
      }
      return true
    }
  }

  /// The Frobenius norm ‖A‖_F = √(Σᵢⱼ A[i, j]²) (BLAS `dnrm2`, scaled to avoid overflow).
  public var frobeniusNorm: Double {
    if elements.isEmpty { return 0 }
    let n = _checkedInt32(elements.count, "frobeniusNorm")
    return elements.withUnsafeBufferPointer { cblas_dnrm2(n, $0.baseAddress, 1) }
  }

  /// The 1-norm ‖A‖₁ = maxⱼ Σᵢ |A[i, j]| (largest absolute column sum).
  public var oneNorm: Double {
    let r = rows
    return elements.withUnsafeBufferPointer { p -> Double in
      var best = 0.0
      for j in 0..<columns {
        var s = 0.0
        for i in 0..<r { s += Swift.abs(p[i + j * r]) }
        if s > best || s.isNaN { best = s }
      }
      return best
    }
  }
}

/// max over (i, j) of |A[i, j] − B[i, j]|; NaN if any difference is NaN; 0 for empty matrices.
///
/// The shapes must agree (precondition).
public func maxAbsDifference(_ a: Matrix, _ b: Matrix) -> Double {
  precondition(a.rows == b.rows && a.columns == b.columns,
    "maxAbsDifference: \(a.rows)×\(a.columns) vs \(b.rows)×\(b.columns)")
  let count = a.elements.count
  return a.elements.withUnsafeBufferPointer { pa in
    b.elements.withUnsafeBufferPointer { pb -> Double in
      var m = 0.0
      for i in 0..<count {
        let d = Swift.abs(pa[i] - pb[i])
        if d.isNaN { return .nan }
        if d > m { m = d }
      }
      return m
    }
  }
}
