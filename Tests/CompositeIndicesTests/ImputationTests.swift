import Testing
import _TestSupport

@testable import CompositeIndices

@Suite struct ImputationTests {
  static let x = [1.0, .nan, 3, 10, .nan, 6]
  static let groups = [0, 0, 0, 1, 1, 1]

  /// COINr i_mean / i_median / i_mean_grp / i_median_grp by hand; exact.
  @Test func methods() throws {
    // Mean of (1, 3, 10, 6) = 5; median = (3 + 6)/2 = 4.5.
    #expect(try Imputation.mean.apply(to: Self.x) == [1, 5, 3, 10, 5, 6])
    #expect(try Imputation.median.apply(to: Self.x) == [1, 4.5, 3, 10, 4.5, 6])
    // Group 0: (1, 3) → 2; group 1: (10, 6) → 8.
    #expect(try Imputation.groupMean.apply(to: Self.x, groups: Self.groups) == [1, 2, 3, 10, 8, 6])
    #expect(try Imputation.groupMedian.apply(to: Self.x, groups: Self.groups) == [1, 2, 3, 10, 8, 6])
    #expect(firstMismatch(try Imputation.none.apply(to: Self.x), Self.x, relative: 0) == nil)
  }

  @Test func groupNeedsGrouping() {
    #expect(throws: IndexError.unitGroupsMissing(expected: 6, found: 0)) { try Imputation.groupMean.apply(to: Self.x) }
  }
}
