import Statistics
import Testing
import _TestSupport

@testable import CompositeIndices

@Suite struct RanksTests {
  /// R `rank(-x, na.last = "keep", ties.method = ...)`; exact.
  @Test func matchesR() throws {
    let ref = try ReferenceJSON("ranks_ties")
    let x = ref.vector("x")
    let cases: [(TieMethod, String)] = [(.average, "average"), (.min, "min"), (.max, "max"), (.ordinal, "ordinal"), (.dense, "dense")]
    for (method, key) in cases {
      #expect(firstMismatch(ranks(of: x, ties: method), ref.vector(key), relative: 0) == nil, "\(key)")
    }
  }

  @Test func ascending() {
    #expect(ranks(of: [3, 1, 2, 1], descending: false, ties: .min) == [4, 1, 3, 1])
  }
}

@Suite struct RanksPropertyTests {
  /// The radix-sorted ranks equal their counting definitions on random vectors with ties,
  /// negative values, ±0, ±∞ and NaN (exact).
  @Test func matchesCountingDefinition() {
    var g = SeededGenerator(seed: 2026)
    let pool: [Double] = [-.infinity, -3.5, -1, -0.0, 0.0, 1e-300, 2, 2.5, 7, .infinity, .nan]
    for trial in 0..<200 {
      let n = 1 + trial % 40
      let x = (0..<n).map { _ in g.uniform() < 0.5 ? pool[Int(g.uniform() * Double(pool.count))] : (g.uniform() - 0.5) * 1e6 }
      for descending in [true, false] {
        let better: (Double, Double) -> Bool = descending ? { $0 > $1 } : { $0 < $1 }
        var expected: [TieMethod: [Double]] = [:]
        let distinct = Array(Set(x.filter { !$0.isNaN }.map { $0 == 0 ? 0 : $0 }))
        for t in TieMethod.allCases { expected[t] = [] }
        for (i, v) in x.enumerated() {
          if v.isNaN {
            for t in TieMethod.allCases { expected[t]?.append(.nan) }
            continue
          }
          let above = x.filter { !$0.isNaN && better($0, v) }.count
          let equal = x.filter { $0 == v }.count
          let equalBefore = x[..<i].filter { $0 == v }.count
          expected[.min]?.append(Double(above + 1))
          expected[.max]?.append(Double(above + equal))
          expected[.average]?.append(Double(2 * above + equal + 1) / 2)
          expected[.ordinal]?.append(Double(above + equalBefore + 1))
          expected[.dense]?.append(Double(distinct.filter { better($0, v) }.count + 1))
        }
        for t in TieMethod.allCases {
          let got = ranks(of: x, descending: descending, ties: t)
          #expect(firstMismatch(got, expected[t] ?? [], relative: 0) == nil, "\(t) descending \(descending) x = \(x)")
        }
      }
    }
  }
}
