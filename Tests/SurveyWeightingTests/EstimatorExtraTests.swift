import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

@Suite struct EstimatorExtraTests {
  @Test func factorSharesMatchR() throws {
    let (design, data) = try APIDesigns.clus1()
    let ref = try Reference("api_misc_extra")
    let s = try design.proportions(data.optionalStrings("stype"), designEffect: .withoutReplacement)
    #expect(s.categories == ["E", "H", "M"])
    for (k, c) in s.categories.enumerated() {
      #expect(isClose(s.shares[k].estimate, ref.double("svymean_stype_clus1", "coef", "stype" + c), relative: 1e-10))
      #expect(isClose(s.shares[k].standardError, ref.double("svymean_stype_clus1", "se", "stype" + c), relative: 1e-10))
      #expect(isClose(s.shares[k].designEffect ?? .nan, ref.double("svymean_stype_clus1", "deff", "stype" + c), relative: 1e-10))
    }
  }

  @Test func twoStageDomainsMatchR() throws {
    let (design, data) = try APIDesigns.clus2()
    let ref = try Reference("api_misc_extra")
    let by = try design.domainMeans(data.matrix(["api00", "api99"]), domains: data.optionalStrings("stype"))
    #expect(by.map(\.domain) == ["E", "H", "M"])
    let coef = ref.rows("svyby_stype_clus2", "coef").map { $0[0] }
    let se = ref.rows("svyby_stype_clus2", "se")
    for k in 0..<3 {
      #expect(isClose(by[k].estimates[0].estimate, coef[k], relative: 1e-10))
      #expect(isClose(by[k].estimates[1].estimate, coef[3 + k], relative: 1e-10))
      #expect(isClose(by[k].estimates[0].standardError, se[k][0], relative: 1e-10))
      #expect(isClose(by[k].estimates[1].standardError, se[k][1], relative: 1e-10))
    }
    // na.rm within domains (enroll has missing values).
    let e = try design.domainMeans(data.matrix(["enroll"]), domains: data.optionalStrings("stype"), missing: .dropRows)
    #expect(firstMismatch(e.map { $0.estimates[0].estimate }, ref.doubles("svyby_enroll_stype_clus2", "coef"), relative: 1e-10) == nil)
    #expect(firstMismatch(e.map { $0.estimates[0].standardError }, ref.doubles("svyby_enroll_stype_clus2", "se"), relative: 1e-10) == nil)
  }

  /// Totals of the stratum indicators in a stratified design with fpc: estimate = N_h, SE = 0 (R).
  @Test func stratumTotalsHaveZeroVariance() throws {
    let (design, data) = try APIDesigns.strat()
    let ref = try Reference("api_misc_extra")
    let ind = Matrix(columnVectors: ["E", "H", "M"].map { s in data.strings("stype").map { $0 == s ? 1.0 : 0 } })
    let t = try design.total(ind)
    #expect(isClose(t[0].estimate, ref.double("svytotal_stype_strat", "coef", "stypeE"), relative: 1e-12))
    #expect(t.standardErrors.allSatisfy { $0 < 1e-9 })
  }
}

@Suite struct WeightedAlphaAndCorrelationTests {
  let items = ["ell", "mobility", "avg.ed", "emer", "meals"]

  @Test(arguments: ["api_strat", "api_clus1"])
  func alphaMatchesSvycralpha(_ name: String) throws {
    let (design, data) = name == "api_strat" ? try APIDesigns.strat() : try APIDesigns.clus1()
    let a = try design.cronbachAlpha(data.matrix(items))
    #expect(isClose(a.estimate, try Reference(name).double("svycralpha_example"), relative: 1e-12))
    #expect(a.standardError > 0 && a.standardError < 0.2)
  }

  @Test func alphaTwoStageAndReplicateRoutes() throws {
    let (d2, data2) = try APIDesigns.clus2()
    let a2 = try d2.cronbachAlpha(data2.matrix(items))
    #expect(isClose(a2.estimate, try Reference("api_misc_extra").double("svycralpha_clus2"), relative: 1e-12))
    // Linearisation vs JK1 SE on the one-stage cluster design: the jackknife of a smooth statistic
    // agrees with linearisation to O(1/#PSU); bound 25% with 15 PSUs.
    let (d1, data1) = try APIDesigns.clus1()
    let lin = try d1.cronbachAlpha(data1.matrix(items))
    let rep = try d1.replicateDesign(.jackknife1).cronbachAlpha(data1.matrix(items))
    #expect(isClose(rep.estimate, lin.estimate, relative: 1e-12))
    #expect(isClose(rep.standardError, lin.standardError, relative: 0.25), "JK1 \(rep.standardError) vs linearisation \(lin.standardError)")
  }

  /// Unit weights reproduce the unweighted results: sample covariance (n − 1), Pearson r, raw α.
  @Test func unitWeightsReproduceUnweighted() throws {
    let x = Matrix([[1, 2, 3], [2, 2, 4], [3, 5, 4], [4, 4, 6], [5, 6, 5]])
    let d = try SurveyDesign(weights: [Double](repeating: 1, count: 5))
    let c = try d.correlation(x)
    // Unweighted: column means 3, 3.8, 4.4; covariance by hand (denominator 4).
    let cols = (0..<3).map { x.column($0) }
    for a in 0..<3 {
      for b in 0..<3 {
        let ma = cols[a].reduce(0, +) / 5, mb = cols[b].reduce(0, +) / 5
        let s = zip(cols[a], cols[b]).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) } / 4
        #expect(isClose(c.covariance[a, b], s, relative: 1e-14))
      }
    }
    let alpha = try d.cronbachAlpha(x)
    let itemVar = (0..<3).reduce(0) { $0 + c.covariance[$1, $1] }
    var total = 0.0
    for a in 0..<3 { for b in 0..<3 { total += c.covariance[a, b] } }
    #expect(isClose(alpha.estimate, 1.5 * (1 - itemVar / total), relative: 1e-14))
    // Scaling all weights leaves everything unchanged.
    let d10 = try SurveyDesign(weights: [Double](repeating: 10, count: 5))
    #expect(maxAbsDifference(try d10.correlation(x).correlation, c.correlation) < 1e-15)
  }
}
