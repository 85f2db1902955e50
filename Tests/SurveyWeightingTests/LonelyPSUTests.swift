import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

/// apistrat with one high school in its own stratum "X" (survey_extra.R, api_lonely_extra.json).
@Suite struct LonelyPSUTests {
  func design(_ policy: LonelyPSUPolicy) throws -> (SurveyDesign, APIData) {
    let d = try APIData("apistrat")
    var strata = d.strings("stype")
    let ref = try Reference("api_lonely_extra")
    strata[Int(ref.double("lonely_row")) - 1] = "X"
    return (try SurveyDesign(weights: d.numbers("pw"), strata: strata, lonelyPSU: policy), d)
  }

  @Test(arguments: [LonelyPSUPolicy.remove, .adjust, .average, .certainty])
  func policyMatchesR(_ policy: LonelyPSUPolicy) throws {
    let (d, data) = try design(policy)
    let ref = try Reference("api_lonely_extra")
    let m = try d.mean(data.matrix(["api00", "enroll"]))
    #expect(isClose(m[0].standardError, ref.double("policies", policy.rawValue, "se", "api00"), relative: 1e-10))
    #expect(isClose(m[1].standardError, ref.double("policies", policy.rawValue, "se", "enroll"), relative: 1e-10))
  }

  @Test func failNamesTheStratum() throws {
    #expect(throws: DesignError.singlePSUStratum(stratum: "X", stage: 1)) { try design(.fail) }
    let message = DesignError.singlePSUStratum(stratum: "X", stage: 1).description
    #expect(message.hasPrefix("Stratum 'X' has only one sampling unit"))
  }

  @Test func otherErrorsNameTheirItem() throws {
    #expect(throws: DesignError.invalidWeight(row: 1, value: -1)) { try SurveyDesign(weights: [1, -1, 2]) }
    #expect(throws: DesignError.populationSmallerThanSample(stratum: "a", stage: 1, populationSize: 1, sampleSize: 2)) {
      try SurveyDesign(weights: [1, 1], strata: ["a", "a"], fpc: [.populationSize([1, 1])])
    }
    #expect(throws: DesignError.fpcVariesWithinStratum(stratum: "a", stage: 1)) {
      try SurveyDesign(weights: [1, 1, 1], strata: ["a", "a", "a"], fpc: [.populationSize([10, 11, 10])])
    }
  }
}
