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
