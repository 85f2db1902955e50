import Testing

@testable import SurveyWeighting

/// Weights are checked where they enter a design: finite, ≥ 0, a total of at most 10¹⁵ (the row
/// where it is passed named), not all 0.
@Suite struct WeightValidationTests {
  @Test func refusals() {
    #expect(throws: DesignError.weightTotalTooLarge(row: 1, value: 1e308, limit: 1e15)) {
      try SurveyDesign.validateWeights([1, 1e308, 1])
    }
    #expect(throws: DesignError.weightTotalTooLarge(row: 2, value: 6e14, limit: 1e15)) {
      try SurveyDesign.validateWeights([3e14, 3e14, 6e14])  // no single weight is absurd; the sum is
    }
    #expect(throws: DesignError.invalidWeight(row: 0, value: -1)) { try SurveyDesign.validateWeights([-1, 2]) }
    #expect(throws: DesignError.allWeightsZero(count: 3)) { try SurveyDesign.validateWeights([0, 0, 0]) }
    #expect(DesignError.weightTotalTooLarge(row: 1, value: 1e308, limit: 1e15).description
      == "Weight in row 2 is 1e+308 and brings the total of the weights above 1e15; weighted sums would overflow (weights must add up to at most that, the estimated population size)")
  }

  @Test func designConstruction() throws {
    #expect(throws: DesignError.weightTotalTooLarge(row: 1, value: 1e308, limit: 1e15)) {
      try SurveyDesign(weights: [1, 1e308, 1])
    }
    #expect(throws: DesignError.allWeightsZero(count: 2)) { try SurveyDesign(weights: [0, 0]) }
    let d = try SurveyDesign(weights: [1, 2, 3])
    #expect(throws: DesignError.allWeightsZero(count: 3)) { try d.withWeights([0, 0, 0]) }
    #expect(throws: DesignError.weightTotalTooLarge(row: 0, value: 2e15, limit: 1e15)) { try d.withWeights([2e15, 0, 0]) }
    // Weights derived from an fpc are checked too: a population of 1e300 for 2 sampled units.
    #expect(throws: DesignError.self) {
      try SurveyDesign(strata: ["a", "a"], fpc: [.populationSize([1e300, 1e300])])
    }
    // The limit itself is fine; some zero weights are fine.
    _ = try SurveyDesign(weights: [5e14, 5e14, 0])
  }
}
