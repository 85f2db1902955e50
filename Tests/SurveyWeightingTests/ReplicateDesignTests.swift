import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

@Suite struct ReplicateDesignTests {
  @Test func jk1MatchesR() throws {
    let (design, data) = try APIDesigns.clus1()
    let ref = try Reference("api_clus1_jk1")
    let rep = try design.replicateDesign(.jackknife1)
    #expect(rep.replicateCount == 15)
    #expect(isClose(rep.scale, ref.double("scale"), relative: 1e-15))
    #expect(rep.mse == false)
    let m = try rep.mean(data.matrix(["api00", "api99"]), designEffect: .withoutReplacement)
    #expect(isClose(m[0].estimate, ref.double("svymean_api00_api99", "coef", "api00"), relative: 1e-12))
    #expect(isClose(m[0].standardError, ref.double("svymean_api00_api99", "se", "api00"), relative: 1e-10))
    #expect(isClose(m[1].standardError, ref.double("svymean_api00_api99", "se", "api99"), relative: 1e-10))
    #expect(isClose(m[0].designEffect ?? .nan, ref.double("svymean_api00_api99", "deff", "api00"), relative: 1e-10))
    let t = try rep.total(data.matrix(["enroll"]))
    #expect(isClose(t[0].standardError, ref.double("svytotal_enroll", "se", "enroll"), relative: 1e-10))
    let r = try rep.ratio(numerator: data.numbers("api00"), denominator: data.numbers("api99"))
    #expect(isClose(r.estimate, ref.double("svyratio_api00_api99", "ratio"), relative: 1e-12))
    #expect(isClose(r.standardError, ref.double("svyratio_api00_api99", "se"), relative: 1e-10))
  }

  @Test func jknMatchesR() throws {
    let (design, data) = try APIDesigns.strat()
    let ref = try Reference("api_misc_extra")
    let rep = try design.replicateDesign(.jackknifeN)
    #expect(firstMismatch(rep.rscales, ref.doubles("jkn", "rscales"), relative: 1e-14) == nil)
    let m = try rep.mean(data.matrix(["api00", "api99"]))
    #expect(isClose(m[0].standardError, ref.double("jkn", "svymean_api00_api99", "se", "api00"), relative: 1e-10))
    #expect(isClose(m[1].standardError, ref.double("jkn", "svymean_api00_api99", "se", "api99"), relative: 1e-10))
    let t = try rep.total(data.matrix(["enroll"]))
    #expect(isClose(t[0].standardError, ref.double("jkn", "svytotal_enroll", "se", "enroll"), relative: 1e-10))
  }

  /// Taylor and replicate variances agree exactly for totals where theory says so:
  /// - JKn (no fpc) for a total is algebraically the with-replacement Taylor variance
  ///   Σ_h (n_h − 1)/n_h Σ_u (n_h t_u − Σ t)²/(n_h − 1)² ·… = Σ_h n_h/(n_h − 1) Σ_u (t_u − t̄_h)²;
  /// - BRR with a Hadamard matrix (orthogonal columns) for a total gives Σ_h (t_h1 − t_h2)², the
  ///   Taylor variance for two PSUs per stratum.
  /// For means (non-linear) they differ by O(1/n); the bound checked is 5% relative (apistrat, n_h ≥ 50).
  @Test func taylorAndReplicatesAgree() throws {
    let d = try APIData("apistrat")
    let design = try SurveyDesign(weights: d.numbers("pw"), strata: d.strings("stype"))
    let x = d.matrix(["enroll", "api00"])
    let taylorTotal = try design.total(x)
    let jkn = try design.replicateDesign(.jackknifeN)
    let repTotal = try jkn.total(x)
    #expect(firstMismatch(repTotal.standardErrors, taylorTotal.standardErrors, relative: 1e-10) == nil)
    let tm = try design.mean(x), rm = try jkn.mean(x)
    #expect(firstMismatch(rm.standardErrors, tm.standardErrors, relative: 0.05) == nil)
    // BRR: pair up the PSUs of a design with 2 per stratum (first 2 schools of each district pair).
    let c = try APIData("apiclus1")
    let districts = c.strings("dnum")
    let uniq = Array(Set(districts)).sorted()
    let pairOf = Dictionary(uniqueKeysWithValues: uniq.enumerated().map { ($1, "s\($0 / 2)") })
    let keep = (0..<districts.count).filter { pairOf[districts[$0]] != "s7" }  // 15 districts: drop the odd one
    let strata = keep.map { pairOf[districts[$0]] ?? "" }
    let brrDesign = try SurveyDesign(weights: keep.map { c.numbers("pw")[$0] }, strata: strata, clusters: [keep.map { districts[$0] }])
    let y = Matrix(columnVectors: [keep.map { c.numbers("enroll")[$0] }])
    let brr = try brrDesign.replicateDesign(.brr)
    #expect(isClose(try brr.total(y)[0].standardError, try brrDesign.total(y)[0].standardError, relative: 1e-10))
    // Fay ρ = 0.5: same for a total (factors 1.5/0.5, scale 1/(R·0.25)).
    let fay = try brrDesign.replicateDesign(.fay(rho: 0.5))
    #expect(isClose(try fay.total(y)[0].standardError, try brrDesign.total(y)[0].standardError, relative: 1e-10))
  }

  /// Rao–Wu bootstrap: seeded (same seed → same SEs), and with many replicates close to Taylor
  /// (Monte Carlo error of a variance with B replicates ≈ √(2/B) ≈ 9% for B = 500; bound 25% on the SE).
  @Test func bootstrapIsSeededAndCloseToTaylor() throws {
    let (design, data) = try APIDesigns.strat()
    let x = data.matrix(["api00", "api99"])
    let b1 = try design.replicateDesign(.bootstrap(replicates: 500, seed: 42))
    let b2 = try design.replicateDesign(.bootstrap(replicates: 500, seed: 42))
    #expect(try b1.mean(x).standardErrors == b2.mean(x).standardErrors)
    let noFPC = try SurveyDesign(weights: data.numbers("pw"), strata: data.strings("stype"))
    #expect(firstMismatch(try b1.mean(x).standardErrors, try noFPC.mean(x).standardErrors, relative: 0.25) == nil)
  }

  @Test func suppliedReplicateWeightsReproduceGenerated() throws {
    let (design, data) = try APIDesigns.clus1()
    let rep = try design.replicateDesign(.jackknife1)
    let supplied = try ReplicateDesign(weights: rep.weights, replicateWeights: rep.replicateWeights, scale: rep.scale)
    let x = data.matrix(["api00", "api99"])
    #expect(firstMismatch(try supplied.mean(x).standardErrors, try rep.mean(x).standardErrors, relative: 1e-12) == nil)
    // mse = TRUE centres at the full-sample estimate: variance can only grow.
    let mse = try ReplicateDesign(weights: rep.weights, replicateWeights: rep.replicateWeights, scale: rep.scale, mse: true)
    #expect(try mse.mean(x)[0].standardError >= rep.mean(x)[0].standardError)
  }

  @Test func jk1RefusesStratifiedDesigns() throws {
    let (design, _) = try APIDesigns.strat()
    #expect(throws: DesignError.self) { try design.replicateDesign(.jackknife1) }
    #expect(throws: DesignError.brrNeedsTwoPSUs(stratum: "E", found: 100)) { try design.replicateDesign(.brr) }
  }
}
