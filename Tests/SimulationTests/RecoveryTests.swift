import Testing
import _TestSupport
@testable import Simulation
import Codebook
import Ingest
import LinearAlgebra
import Psychometrics

/// The analysis recovers the generator's truth (truth.json) from the committed demo data.
@Suite struct RecoveryTests {
  /// Issue requirement: the true loadings are found with Tucker congruence ≥ 0.95 per factor.
  /// Wave 2023, polychoric correlations (the items are ordinal cuts of normal variables, so the
  /// polychoric matrix estimates the latent correlations), minres, oblimin, 4 factors; the true
  /// loading of a reverse-worded item is −loading.
  @Test func factorLoadingsAreRecovered() throws {
    let data = try StudyReader.load(studyPath: repoPath("Datasets/hvb-demo/study.yaml"), wave: 2023)
    let truth = defaultStudy.truth
    let ids = data.study.items.map(\.id)
    var target = Matrix(rows: ids.count, columns: truth.factors.count)
    for (i, id) in ids.enumerated() {
      let t = try #require(truth.items[id])
      let f = try #require(truth.factors.firstIndex(of: t.factor))
      target[i, f] = t.reversed ? -t.loading : t.loading
    }
    let r = try polychoric(data.items).correlation
    let fa = try FactorAnalysis(correlation: r, factors: 4, observationCount: data.rowCount, method: .minres, rotation: .oblimin)
    let aligned = alignFactors(fa.loadings, to: target)
    #expect(Set(aligned.match).count == 4)
    for (f, c) in aligned.congruence.enumerated() {
      #expect(c >= 0.95, "factor \(truth.factors[f]): congruence \(c)")
    }
  }
}
