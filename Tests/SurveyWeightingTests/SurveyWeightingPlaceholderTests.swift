import Testing
@testable import SurveyWeighting

@Suite struct SurveyWeightingPlaceholder {
  @Test func moduleBuilds() { #expect(Bool(true)) }
}
