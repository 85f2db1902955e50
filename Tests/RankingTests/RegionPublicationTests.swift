import Testing

@testable import Ranking

@Suite struct RegionPublicationTests {
  /// Two waves compared (moved from the former small-cell rule's wave link): a region withheld in
  /// either wave is withheld in both, with the reason of the wave that withheld it, so no
  /// published change involves a withheld value.
  @Test func aRegionWithheldInEitherWaveIsWithheldInBoth() {
    let earlier = RegionPublication(published: [true, false, true, true], reasons: [nil, "fewer than 5 units", nil, nil], rule: "plan")
    let later = RegionPublication(published: [true, true, false, true], reasons: [nil, nil, "secondary suppression", nil], rule: "plan")
    let both = earlier.intersection(later)
    #expect(both.published == [true, false, false, true])
    #expect(both.reasons == [nil, "fewer than 5 units", "secondary suppression", nil])
    #expect(both.publishedRegions == [0, 3])
    #expect(both.rule == "plan")
    #expect(later.intersection(earlier).published == both.published)
  }
}
