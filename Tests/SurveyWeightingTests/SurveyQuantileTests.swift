import Foundation
import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

/// Quantiles at ties of the weighted CDF against R survey 4.1.1 (`quantile_ties.json`, made by
/// `Datasets/reference/scripts/survey_quantile_ties.R`).
@Suite struct SurveyQuantileTests {
  struct Case {
    var label: String
    var weights: [Double]
    var x: [Double]
    var probabilities: [Double]
    var quantile: [Double]
    var lower: [Double]
    var upper: [Double]
    var se: [Double]
    var exactQuantile: [Double]
    var rEqualsExact: [Bool?]
    var degf: Int
  }

  static func cases() throws -> [Case] {
    let ref = try Reference("quantile_ties")
    let list = ref.root["cases"] as? [[String: Any]] ?? []
    func doubles(_ c: [String: Any], _ key: String) -> [Double] {
      (c[key] as? [Any])?.map { ($0 as? NSNumber)?.doubleValue ?? .nan } ?? []
    }
    return list.map { c in
      Case(
        label: c["label"] as? String ?? "", weights: doubles(c, "weights"), x: doubles(c, "x"),
        probabilities: doubles(c, "probabilities"), quantile: doubles(c, "quantile"), lower: doubles(c, "lower"),
        upper: doubles(c, "upper"), se: doubles(c, "se"), exactQuantile: doubles(c, "exact_quantile"),
        rEqualsExact: (c["r_equals_exact"] as? [Any])?.map { $0 as? Bool } ?? [],
        degf: (c["degf"] as? NSNumber)?.intValue ?? -1)
    }
  }

  /// The design each case was made with in R.
  static func design(_ c: Case) throws -> SurveyDesign {
    if c.label.hasPrefix("apisrs") {
      return try SurveyDesign(weights: c.weights, fpc: [.populationSize([Double](repeating: 6194, count: c.x.count))])
    }
    if c.label.hasPrefix("apistrat") {
      let d = try APIData("apistrat")
      return try SurveyDesign(weights: c.weights, strata: d.strings("stype"), fpc: [.populationSize(d.numbers("fpc"))])
    }
    return try SurveyDesign(weights: c.weights)
  }

  /// Default arithmetic: every estimate and Woodruff bound equals R's (data values, compared
  /// exactly), the se to 1e-9 relative (a t quantile and a Taylor SE), df equal. This includes the
  /// 40 equal-weight probabilities where R's rounding misses the mathematical tie.
  @Test func equalsRAtEveryTie() throws {
    let all = try Self.cases()
    #expect(all.count == 15)
    var compared = 0
    for c in all {
      let q = try Self.design(c).quantiles(c.x, probabilities: c.probabilities)
      for (k, e) in q.enumerated() {
        #expect(e.estimate == c.quantile[k], "\(c.label) p = \(c.probabilities[k]): \(e.estimate) vs R \(c.quantile[k])")
        #expect(e.lower == c.lower[k] || (e.lower.isNaN && c.lower[k].isNaN), "\(c.label) p = \(c.probabilities[k]) lower")
        #expect(e.upper == c.upper[k] || (e.upper.isNaN && c.upper[k].isNaN), "\(c.label) p = \(c.probabilities[k]) upper")
        #expect(isClose(e.standardError, c.se[k], relative: 1e-9) || (e.standardError.isNaN && c.se[k].isNaN),
                "\(c.label) p = \(c.probabilities[k]) se \(e.standardError) vs \(c.se[k])")
        #expect(e.degreesOfFreedom == c.degf)
        compared += 1
      }
    }
    #expect(compared == 193)
  }

  /// The example: apisrs (weights 30.97), median of api00 — R 658 [633, 693].
  @Test func apisrsMedian() throws {
    let c = try #require(try Self.cases().first)
    let q = try Self.design(c).quantiles(c.x, probabilities: [0.5])[0]
    #expect(q.estimate == 658 && q.lower == 633 && q.upper == 693)
  }

  /// `.exactTies`: on equal weights always the order statistic x₍ₙₚ₎ (exact rational CDF), so it
  /// equals R wherever R sees the tie and differs exactly where R's rounding misses it.
  @Test func exactTiesGiveTheOrderStatistic() throws {
    var agreeWithR = 0, differFromR = 0
    for c in try Self.cases() where !c.exactQuantile.isEmpty && !c.exactQuantile[0].isNaN {
      let q = try Self.design(c).quantiles(c.x, probabilities: c.probabilities, ties: .exactTies)
      for (k, e) in q.enumerated() {
        #expect(e.estimate == c.exactQuantile[k], "\(c.label) p = \(c.probabilities[k])")
        if c.rEqualsExact[k] == true {
          #expect(e.estimate == c.quantile[k])
          agreeWithR += 1
        } else {
          #expect(e.estimate != c.quantile[k])
          differFromR += 1
        }
      }
    }
    #expect(agreeWithR == 123 && differFromR == 40)
  }

  /// Unequal weights: both arithmetics give R's values, except where p·Σw lies below the first
  /// cumulative weight — there R's `qs()` falls back to position 1 and returns x₍₂₎ (survey's
  /// `last()` of no TRUE is 1), while the exact rule gives x₍₁₎ (the cyclic case at p = 0.01).
  @Test func unequalWeightsAgreeInBothArithmetics() throws {
    var fallbacks = 0
    for c in try Self.cases() where c.label.hasPrefix("apistrat") || c.label.contains("repeated") {
      let a = try Self.design(c).quantiles(c.x, probabilities: c.probabilities, ties: .exactTies)
      let sorted = zip(c.x, c.weights).filter { $0.1 != 0 }.map(\.0).sorted()
      let order = c.x.indices.sorted { c.x[$0] < c.x[$1] || (c.x[$0] == c.x[$1] && $0 < $1) }
      let firstWeight = c.weights[order[0]], total = c.weights.reduce(0, +)
      for (k, e) in a.enumerated() {
        if c.probabilities[k] * total < firstWeight {
          #expect(e.estimate == sorted[0] && c.quantile[k] == sorted[1], "\(c.label) p = \(c.probabilities[k])")
          fallbacks += 1
        } else {
          #expect(e.estimate == c.quantile[k], "\(c.label) p = \(c.probabilities[k])")
        }
      }
    }
    #expect(fallbacks == 1)
  }

  /// Equal weights of 1/7 on 7·m rows and weights k/7 in other orders: the exact rule sees every
  /// tie; scaling all weights leaves it unchanged.
  @Test func exactTiesAreScaleInvariant() throws {
    let x = (0..<700).map { Double(($0 * 37) % 701) }
    let sorted = x.sorted()
    for scale in [1.0 / 7, 0.1, 1.0 / 3, 30.97, 1e-3, 17.0 / 3] {
      let d = try SurveyDesign(weights: [Double](repeating: scale, count: x.count))
      let ps = [0.01, 0.1, 0.2, 0.25, 0.3, 0.5, 0.7, 0.75, 0.9, 0.99]
      let q = try d.quantiles(x, probabilities: ps, ties: .exactTies)
      for (k, p) in ps.enumerated() {
        let order = Int((Double(x.count) * p).rounded())
        #expect(q[k].estimate == sorted[order - 1], "w = \(scale), p = \(p)")
      }
    }
  }
}
