import Testing
@testable import Ranking

@Suite struct RankingPlaceholder {
  @Test func moduleBuilds() { #expect(Bool(true)) }
}
