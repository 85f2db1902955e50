import Statistics
import Foundation
import LinearAlgebra
import Testing
import _TestSupport

@testable import Psychometrics

struct ParallelAnalysisTests {
  /// Observed eigenvalues: components exact (1e-12), factor values at the minres optimiser
  /// tolerance (1e-5). Simulated means: psych's 20 draws vs our 200 draws differ only by Monte
  /// Carlo error; bound 4·sd·√(1/20 + 1/200) per position (sd from our draws).
  @Test func bfiParallel() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_parallel")
    let pa = try ParallelAnalysis(correlation: r, observationCount: 2800, iterations: 200, seed: 7)
    #expect(worstDifference(pa.observedComponentEigenvalues, FAReference.vector(ref["pc_values"])).value < 1e-12)
    let dfa = worstDifference(pa.observedFactorEigenvalues, FAReference.vector(ref["fa_values"]))
    #expect(dfa.value < 1e-5, "fa_values [\(dfa.index)]")
    let sim = try FAReference.load("bfi_parallel_sim")  // Datasets/reference/scripts/parallel_sim.R
    let pcSim = FAReference.vector(sim["pc_sim_seeded"])
    let faSim = FAReference.vector(sim["fa_sim_seeded"])
    #expect(pcSim.count == 25 && faSim.count == 25)
    let scale = (1.0 / 20 + 1.0 / 200).squareRoot()
    for j in 0..<25 {
      let bpc = 4 * pa.simulatedComponents.standardDeviation[j] * scale
      #expect(Swift.abs(pa.simulatedComponents.mean[j] - pcSim[j]) < bpc, "pc sim [\(j)]")
      let bfa = 4 * pa.simulatedFactors.standardDeviation[j] * scale
      #expect(Swift.abs(pa.simulatedFactors.mean[j] - faSim[j]) < bfa, "fa sim [\(j)]")
    }
    #expect(pa.suggestedFactors == Int(FAReference.number(ref["nfact"])))
    #expect(pa.suggestedComponents == Int(FAReference.number(ref["ncomp"])))
    // Seeded: the same seed gives the same draws.
    let again = try ParallelAnalysis(correlation: r, observationCount: 2800, iterations: 3, seed: 7)
    let again2 = try ParallelAnalysis(correlation: r, observationCount: 2800, iterations: 3, seed: 7)
    #expect(again == again2)
  }

  /// The Wishart shortcut has the right moments: E[r²ᵢⱼ] = 1/(n − 1) for independent normal data
  /// (tolerance 5 standard errors over 2000 draws of all 10 pairs).
  @Test func wishartCorrelationMoments() throws {
    var rng = _Xoshiro256(seed: 1)
    let n = 30, p = 5
    var sum = 0.0, sum2 = 0.0, count = 0.0
    for _ in 0..<2000 {
      let c = try _wishartCorrelation(p: p, n: n, &rng)
      for j in 0..<p { for i in (j + 1)..<p { let v = c[i, j] * c[i, j]; sum += v; sum2 += v * v; count += 1 } }
    }
    let mean = sum / count
    let se = ((sum2 / count - mean * mean) / count).squareRoot()
    #expect(Swift.abs(mean - 1.0 / Double(n - 1)) < 5 * se, "E r² = \(mean)")
  }

  /// Raw-data input: resampled and simulated summaries exist; permutation keeps column sums.
  @Test func rawDataResampling() throws {
    var rng = _Xoshiro256(seed: 3)
    // Two independent factors, three items each, loadings 0.8, n = 500.
    var x = Matrix(rows: 500, columns: 6)
    for i in 0..<500 {
      let f = [rng.normal(), rng.normal()]
      for j in 0..<6 { x[i, j] = 0.8 * f[j / 3] + 0.6 * rng.normal() }
    }
    let pa = try ParallelAnalysis(data: x, iterations: 10, seed: 5, resampling: .permuteColumns)
    #expect(pa.resampledComponents != nil)
    #expect(pa.suggestedComponents == 2)
    #expect(pa.suggestedFactors == 2)
    var col = x
    col[0, 0] = .nan
    #expect(throws: FactorAnalysisError.missingData(row: 0, column: 0)) { try ParallelAnalysis(data: col) }
  }

  /// psych `VSS(bfi[1:25], n = 8)$map`: closed form, 1e-12 relative.
  @Test func velicerMAP() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_parallel")
    let map = try VelicerMAP(correlation: r, maxFactors: 8)
    #expect(firstMismatch(map.values, FAReference.vector(ref["vss_map"]), relative: 1e-12) == nil)
    #expect(map.suggestedComponents == 5)
  }
}

/// psych `VSS(bfi[1:25], n = 8, rotate = "varimax", fm = "minres")`: complexity 1 and 2 fits,
/// 1e-5 absolute (minres optimiser tolerance).
struct VerySimpleStructureTests {
  @Test func bfiVSS() throws {
    let (r, _) = try FAReference.bfiCorrelation()
    let ref = try FAReference.load("bfi_parallel")
    let vss = try VerySimpleStructure(correlation: r, maxFactors: 8, observationCount: 2800)
    let d1 = worstDifference(vss.complexity1, FAReference.vector(ref["vss1"]))
    #expect(d1.value < 1e-5, "vss1 [\(d1.index)] \(d1.value)")
    let d2 = worstDifference(vss.complexity2, FAReference.vector(ref["vss2"]))
    #expect(d2.value < 1e-5, "vss2 [\(d2.index)] \(d2.value)")
    #expect(firstMismatch(vss.map.values, FAReference.vector(ref["vss_map"]), relative: 1e-12) == nil)
  }
}
