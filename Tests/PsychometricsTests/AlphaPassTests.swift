// α's one-pass implementation against psych's definitions computed naively (explicit reflected
// data, explicit total score, per-pair two-pass covariances), on data bfi does not exercise:
// continuous values (no response frequencies; extremes tracked directly), reverse keys, sorted
// columns (the exact-mean re-pass), rows with no answer, and mostly missing data.
import Foundation
import LinearAlgebra
import Statistics
import Testing
import _TestSupport

@testable import Psychometrics

@Suite struct AlphaPassTests {
  /// Naive psych quantities: raw α (pairwise covariances), total mean/sd, raw.r, item means.
  struct Naive {
    var rawAlpha: Double
    var totalMean: Double, totalSD: Double
    var rawR: [Double]
    var itemMeans: [Double]
  }

  static func naive(_ x: Matrix, keys: [Double]) -> Naive {
    let n = x.rows, k = x.columns
    func pairCov(_ a: [Double], _ b: [Double]) -> Double {
      let rows = a.indices.filter { !a[$0].isNaN && !b[$0].isNaN }
      let m = Double(rows.count)
      let ma = rows.reduce(0.0) { $0 + a[$1] } / m, mb = rows.reduce(0.0) { $0 + b[$1] } / m
      return rows.reduce(0.0) { $0 + (a[$1] - ma) * (b[$1] - mb) } / (m - 1)
    }
    let cols = (0..<k).map { x.column($0) }
    var sumC = 0.0, trC = 0.0
    for i in 0..<k { for j in 0..<k { let c = keys[i] * keys[j] * pairCov(cols[i], cols[j]); sumC += c; if i == j { trC += c } } }
    let observed = x.elements.filter { !$0.isNaN }
    let c = keys.contains(-1) ? (observed.max() ?? 0) + (observed.min() ?? 0) : 0
    let reflected = (0..<k).map { j in cols[j].map { keys[j] < 0 ? c - $0 : $0 } }
    let total = (0..<n).map { i -> Double in
      let v = (0..<k).map { reflected[$0][i] }.filter { !$0.isNaN }
      return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
    }
    let t = total.filter { !$0.isNaN }
    let tm = t.reduce(0, +) / Double(t.count)
    let tsd = (t.reduce(0) { $0 + ($1 - tm) * ($1 - tm) } / Double(t.count - 1)).squareRoot()
    // raw.r: both SDs over the pair's rows (R cor(use = "pairwise")).
    let rawRPair = (0..<k).map { j -> Double in
      let rows = (0..<n).filter { !reflected[j][$0].isNaN && !total[$0].isNaN }
      let a = rows.map { reflected[j][$0] }, b = rows.map { total[$0] }
      return pairCov(a, b) / (pairCov(a, a) * pairCov(b, b)).squareRoot()
    }
    let means = reflected.map { col -> Double in let o = col.filter { !$0.isNaN }; return o.reduce(0, +) / Double(o.count) }
    return Naive(rawAlpha: Double(k) / Double(k - 1) * (1 - trC / sumC), totalMean: tm, totalSD: tsd, rawR: rawRPair, itemMeans: means)
  }

  static func check(_ x: Matrix, keys: [Int], _ label: String) throws {
    let a = try cronbachAlpha(x, keys: keys, options: ReliabilityOptions(missing: .pairwise))
    let e = naive(x, keys: keys.map(Double.init))
    #expect(isClose(a.rawAlpha, e.rawAlpha, relative: 1e-11), "\(label) α \(a.rawAlpha) vs \(e.rawAlpha)")
    #expect(isClose(a.mean, e.totalMean, relative: 1e-12), "\(label) mean")
    #expect(isClose(a.standardDeviation, e.totalSD, relative: 1e-11), "\(label) sd")
    #expect(firstMismatch(a.itemStatistics.map(\.rawR), e.rawR, relative: 1e-10) == nil, "\(label) raw.r")
    #expect(firstMismatch(a.itemStatistics.map(\.mean), e.itemMeans, relative: 1e-12) == nil, "\(label) item means")
  }

  @Test func continuousValuesWithReverseKeys() throws {
    var g = SeededGenerator(seed: 5)
    let n = 3000, k = 7
    var x = Matrix(rows: n, columns: k)
    for i in 0..<n {
      let f = g.uniform() * 4 - 2
      for j in 0..<k { x[i, j] = g.uniform() < 0.1 ? .nan : 10 + (j % 2 == 0 ? f : -f) + g.uniform() * 3 }
    }
    for j in 0..<k { x[5, j] = .nan }  // a row without any answer
    let a = try cronbachAlpha(x, keys: [1, -1, 1, -1, 1, -1, 1], options: ReliabilityOptions(missing: .pairwise))
    #expect(a.responseFrequencies == nil)
    try Self.check(x, keys: [1, -1, 1, -1, 1, -1, 1], "continuous")
  }

  @Test func sortedColumnsTakeTheRepass() throws {
    var g = SeededGenerator(seed: 6)
    let n = 5000, k = 5
    var rows = (0..<n).map { _ in (0..<k).map { _ in Double(1 + Int(g.uniform() * 5)) } }
    rows.sort { $0[0] < $1[0] }  // the first 1,024 rows see only the smallest codes of column 0
    var x = Matrix(rows)
    for i in stride(from: 3, to: n, by: 17) { x[i, (i / 17) % k] = .nan }
    try Self.check(x, keys: [1, 1, -1, 1, 1], "sorted")
  }

  @Test func mostlyMissingData() throws {
    var g = SeededGenerator(seed: 7)
    let n = 4000, k = 6
    var x = Matrix(rows: n, columns: k)
    for i in 0..<n {
      let f = g.uniform()
      for j in 0..<k { x[i, j] = g.uniform() < 0.6 ? .nan : Double(1 + Int((f + g.uniform()) * 3)) }
    }
    try Self.check(x, keys: [1, -1, 1, 1, -1, 1], "mostly missing")
  }
}
