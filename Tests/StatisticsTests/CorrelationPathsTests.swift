import Testing
import _TestSupport
@testable import LinearAlgebra
@testable import Statistics

/// The pairwise-complete Pearson paths that bfi does not reach: the exact-mean re-pass (data whose
/// first rows are far from the column means: sorted, offset by 1e6) and the four-product path for
/// more than 50 % missing cells. Reference: a naive per-pair two-pass computation (R's definition of
/// cor(use = "pairwise")), 1e-12 relative.
@Suite struct CorrelationPathsTests {
  func naive(_ x: Matrix) -> Matrix {
    var r = Matrix(rows: x.columns, columns: x.columns)
    for j in 0..<x.columns { for k in 0..<x.columns {
      let rows = (0..<x.rows).filter { !x[$0, j].isNaN && !x[$0, k].isNaN }
      let a = rows.map { x[$0, j] }, b = rows.map { x[$0, k] }
      let ma = a.reduce(0, +) / Double(a.count), mb = b.reduce(0, +) / Double(b.count)
      var sab = 0.0, saa = 0.0, sbb = 0.0
      for i in a.indices { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb) }
      r[j, k] = sab / (saa * sbb).squareRoot()
    } }
    return r
  }

  func data(rows n: Int, columns p: Int, missing: Double, sorted: Bool, offset: Double, seed: UInt64) -> Matrix {
    var g = SeededGenerator(seed: seed)
    var cols: [[Double]] = []
    let latent = (0..<n).map { _ in g.uniform() }
    for _ in 0..<p {
      var c = latent.map { offset + 3 * $0 + g.uniform() }
      if sorted { c.sort() }
      cols.append(c)
    }
    for j in 0..<p { for i in 0..<n where g.uniform() < missing { cols[j][i] = .nan } }
    return Matrix(columnVectors: cols)
  }

  @Test(arguments: [(0.05, true, 1e6), (0.3, false, 0.0), (0.6, false, 10.0), (0.6, true, 1e6)])
  func pairwiseEqualsNaiveDefinition(_ c: (missing: Double, sorted: Bool, offset: Double)) throws {
    let x = data(rows: 3000, columns: 6, missing: c.missing, sorted: c.sorted, offset: c.offset, seed: 42)
    let ours = try correlation(x, method: .pearson, missing: .pairwise).correlation
    let ref = naive(x)
    #expect(firstMismatch(ours.elements, ref.elements, relative: 1e-12) == nil, "\(c)")
  }
}
