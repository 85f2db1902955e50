import Foundation
import LinearAlgebra
import Testing
import _TestSupport
@testable import Statistics

/// Reads the 25 bfi items (A1…O5) from Datasets/real/bfi/bfi.csv; empty cells are NaN.
func bfiItems() throws -> Matrix {
  let text = try String(contentsOfFile: repoPath("Datasets/real/bfi/bfi.csv"), encoding: .utf8)
  var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
  let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  let names = ["A", "C", "E", "N", "O"].flatMap { l in (1...5).map { "\(l)\($0)" } }
  let idx = names.map { n in header.firstIndex(of: n) ?? -1 }
  var cols = [[Double]](repeating: [], count: names.count)
  for line in lines {
    let f = line.split(separator: ",", omittingEmptySubsequences: false)
    for (c, i) in idx.enumerated() { cols[c].append(Double(f[i]) ?? .nan) }
  }
  return Matrix(columnVectors: cols)
}

// referenceJSON, referenceMatrix and matrixMismatch are in _TestSupport/Reference.swift.

@Suite struct CorrelationTests {
  let ref: [String: Any]
  let x: Matrix
  init() throws {
    ref = try referenceJSON("Datasets/reference/psychometrics/bfi_cor_pairwise.json")
    x = try bfiItems()
  }

  /// R `cor(bfi[1:25], use = "pairwise")`; tolerance 1e-8 relative (closed form; the masked BLAS
  /// route sums in a different order from R's per-pair loop, expected error ≈ 1e-14).
  @Test func pearsonPairwiseMatchesR() throws {
    let r = try correlation(x, missing: .pairwise)
    #expect(matrixMismatch(r.correlation, referenceMatrix(ref["pairwise"]), relative: 1e-8) == nil)
    #expect(matrixMismatch(r.pairCounts, referenceMatrix(ref["n_pairwise"]), relative: 0) == nil)
    #expect(r.rowCount == 2800)
  }

  /// R `cor(bfi[1:25], use = "complete.obs")` (2,436 complete rows); 1e-8 relative.
  @Test func pearsonListwiseMatchesR() throws {
    let r = try correlation(x, missing: .listwise)
    #expect(matrixMismatch(r.correlation, referenceMatrix(ref["complete_obs"]), relative: 1e-8) == nil)
    #expect(r.rowCount == (ref["n_complete"] as? Int))
  }

  /// R `cor(bfi[1:25], use = "pairwise", method = "spearman")` (per-pair ranks); 1e-8 relative.
  @Test func spearmanPairwiseMatchesR() throws {
    let r = try correlation(x, method: .spearman, missing: .pairwise)
    #expect(matrixMismatch(r.correlation, referenceMatrix(ref["spearman_pairwise"]), relative: 1e-8) == nil)
  }

  /// Pairwise covariance diagonal equals each column's variance (n − 1); off-diagonal from the BLAS
  /// route equals a direct two-pass loop over the pair's rows to 1e-12 relative.
  @Test func pairwiseCovarianceEqualsDirectLoop() throws {
    let s = try covariance(x, missing: .pairwise)
    for (j, k) in [(0, 0), (0, 1), (3, 17), (24, 5)] {
      let rows = (0..<x.rows).filter { !x[$0, j].isNaN && !x[$0, k].isNaN }
      let mj = rows.map { x[$0, j] }.reduce(0, +) / Double(rows.count)
      let mk = rows.map { x[$0, k] }.reduce(0, +) / Double(rows.count)
      let c = rows.map { (x[$0, j] - mj) * (x[$0, k] - mk) }.reduce(0, +) / Double(rows.count - 1)
      #expect(isClose(s.covariance[j, k], c, relative: 1e-12), "(\(j), \(k))")
    }
  }

  /// Kendall τ-b against R: x <- c(1, 2, 2, 3, 4, 4, 4, 5); y <- c(2, 1, 3, 3, 5, 4, 4, 6);
  /// cor(x, y, method = "kendall") = 0.84067280747670758 (R 4.2, printed with digits = 17)
  /// and against the O(m²) definition on ties-heavy data; 1e-14 relative.
  @Test func kendallTauB() throws {
    let a: [Double] = [1, 2, 2, 3, 4, 4, 4, 5], b: [Double] = [2, 1, 3, 3, 5, 4, 4, 6]
    #expect(isClose(Statistics.kendallTauB(a, b), 0.84067280747670758, relative: 1e-14))
    let u = (0..<300).map { Double(($0 * 37) % 7) }, v = (0..<300).map { Double(($0 * 11) % 5) + Double($0 % 3) }
    var s = 0.0, sx = 0.0, sy = 0.0
    for i in 0..<300 {
      for j in 0..<300 where i != j {
        let dx = (u[i] - u[j]).sign == .minus ? -1.0 : (u[i] == u[j] ? 0 : 1)
        let dy = (v[i] - v[j]).sign == .minus ? -1.0 : (v[i] == v[j] ? 0 : 1)
        s += dx * dy; sx += dx * dx; sy += dy * dy
      }
    }
    #expect(isClose(Statistics.kendallTauB(u, v), s / (sx * sy).squareRoot(), relative: 1e-14))
    let m = try correlation(Matrix(columnVectors: [a, b]), method: .kendall)
    #expect(isClose(m.correlation[0, 1], 0.84067280747670758, relative: 1e-14))
  }

  /// R `cor(bfi[1:5], method = "kendall", use = "pairwise")` (tau-b on each pair's complete rows;
  /// correlation_extra_kendall.json): exact integer counts, 1e-12 relative.
  @Test func kendallPairwiseMatchesR() throws {
    let k = try referenceJSON("Datasets/reference/psychometrics/correlation_extra_kendall.json")
    let r = try correlation(x.submatrix(rows: 0..<x.rows, columns: 0..<5), method: .kendall, missing: .pairwise)
    #expect(matrixMismatch(r.correlation, referenceMatrix(k["kendall_pairwise"]), relative: 1e-12) == nil)
  }

  /// Rescaling an item (a·x + b, a > 0) leaves its correlations unchanged; a < 0 flips their sign;
  /// permuting rows leaves everything unchanged. Tolerance 1e-12 (rounding only).
  @Test func invariances() throws {
    let r0 = try correlation(x, missing: .pairwise)
    var y = x
    for i in 0..<y.rows where !y[i, 3].isNaN { y[i, 3] = 100 * y[i, 3] - 7 }
    for i in 0..<y.rows where !y[i, 5].isNaN { y[i, 5] = -0.5 * y[i, 5] + 3 }
    let r1 = try correlation(y, missing: .pairwise)
    for k in 0..<25 {
      let sign = k == 5 ? -1.0 : 1.0
      #expect(isClose(r1.correlation[3, k], sign * r0.correlation[3, k], relative: 1e-12))
      if k != 5 { #expect(isClose(r1.correlation[5, k], -r0.correlation[5, k], relative: 1e-12)) }
    }
    let perm = (0..<x.rows).map { ($0 * 1231) % x.rows }  // 1231 is coprime with 2800
    let xp = x.submatrix(rows: perm, columns: 0..<25)
    for method in CorrelationMethod.allCases where method != .kendall {
      let a = try correlation(x, method: method, missing: .pairwise)
      let b = try correlation(xp, method: method, missing: .pairwise)
      #expect(matrixMismatch(a.correlation, b.correlation, relative: 1e-12) == nil, "\(method)")
    }
  }

  @Test func errors() {
    let x = Matrix([[1, 2], [.nan, 3], [2, 5]])
    #expect(throws: CorrelationError.missingValue(row: 1, column: 0)) { try correlation(x) }
    #expect(throws: CorrelationError.tooFewObservations(count: 1, required: 2)) {
      try correlation(Matrix([[1, 2], [.nan, 3], [2, .nan]]), missing: .listwise)
    }
    #expect(throws: CorrelationError.nonFiniteValue(row: 0, column: 1, value: .infinity)) {
      try correlation(Matrix([[1, .infinity], [2, 3]]), missing: .pairwise)
    }
    // A pair with fewer than two complete rows, or a constant column, gives NaN (R: NA).
    let r = try? correlation(Matrix([[1, .nan, 4], [2, 3, 4], [3, .nan, 4]]), missing: .pairwise)
    #expect(r?.correlation[0, 1].isNaN == true)
    #expect(r?.correlation[0, 2].isNaN == true)
    #expect(r?.correlation[0, 0] == 1)
  }
}
