import Foundation
import LinearAlgebra
import MeasurementModels
import Testing
import _TestSupport

@Suite struct OrdinalCFATests {
  static let model = "A =~ A2 + A1 + A3 + A4 + A5\nC =~ C1 + C2 + C3 + C4 + C5\nE =~ E3 + E1 + E2 + E4 + E5\nN =~ N1 + N2 + N3 + N4 + N5\nO =~ O1 + O2 + O3 + O4 + O5"

  /// bfi items in the given order, and gender.
  static func bfi(_ items: [String]) throws -> (x: Matrix, gender: [String]) {
    let text = try String(contentsOfFile: repoPath("Datasets/real/bfi/bfi.csv"), encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    let header = lines.removeFirst().split(separator: ",").map(String.init)
    let cols = items.map { header.firstIndex(of: $0)! }
    let gc = header.firstIndex(of: "gender")!
    var rows: [[Double]] = []
    var gender: [String] = []
    for l in lines {
      let f = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      rows.append(cols.map { Double(f[$0]) ?? .nan })
      gender.append(f[gc])
    }
    return (Matrix(rows), gender)
  }

  static let wlsmvFitNames = ["npar", "fmin", "chisq", "df", "chisq.scaled", "chisq.scaling.factor", "baseline.chisq", "baseline.df",
                              "baseline.chisq.scaled", "baseline.chisq.scaling.factor", "cfi", "tli", "cfi.scaled", "tli.scaled",
                              "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.scaled", "rmsea.ci.lower.scaled",
                              "rmsea.ci.upper.scaled", "srmr"]

  @Test func bfiWLSMV() throws {
    let ref = try CFARef.load("bfi_wlsmv")
    let model = try MeasurementModel(text: Self.model)
    let data = try Self.bfi(model.observed)
    let fit = try OrdinalCFA.fit(model: model, groups: [OrdinalGroupData(name: "all", data: data.x)])
    // Sample statistics: thresholds, polychoric correlations, diag(Γ), 1e-6.
    let s = ref["sample"] as? [String: Any] ?? [:]
    let th = (s["th"] as? [Any] ?? []).map(CFARef.number)
    #expect(firstMismatch(fit.sampleThresholds[0].flatMap { $0 }, th, relative: 1e-8) == nil)
    let cor = referenceMatrix(s["cor"])
    // lavaan's nlminb stops each ρ at rel.tol 1e-10 of the pair's objective (and ours at the polychoric
    // routine's Brent tolerance): the two agree to 5e-8 absolute (A4–N5: −0.00660294 vs −0.00660293;
    // R optimize(tol = 1e-14) on the same likelihood with pbivnorm: −0.00660292).
    let cm = matrixMismatch(fit.samplePolychoric[0], cor, relative: 1e-6, absolute: 5e-8)
    #expect(cm == nil, "\(cm ?? "")")
    let nd = (s["nacov_diag"] as? [Any] ?? []).map(CFARef.number)
    #expect(firstMismatch(fit.gammaDiagonal(group: 0), nd, relative: 1e-5) == nil, "\(firstMismatch(fit.gammaDiagonal(group: 0), nd, relative: 1e-5) ?? "")")
    let params = CFARef.parameters(ref["parameters"])
    var bad = CFARef.compareOrdinal(fit, params, columns: ["est_tight"], relative: 1e-5)
    let atRef = try OrdinalCFA.fit(model: model, groups: [OrdinalGroupData(name: "all", data: data.x)],
                                   evaluateAt: CFARef.referenceVector(fit, params))
    bad += CFARef.compareOrdinal(atRef, params, columns: ["se", "z", "std_lv", "std_all"], relative: 1e-5)
    bad += CFARef.compareFit(atRef.fit, ref["fit"], names: Self.wlsmvFitNames, relative: 1e-5)
    #expect(bad.isEmpty, "\(bad)")
  }
}

extension OrdinalCFATests {
  @Test func bfiGenderInvariance() throws {
    let ref = try CFARef.load("bfi_invariance_gender")
    let model = try MeasurementModel(text: Self.model)
    let data = try Self.bfi(model.observed)
    let names = (ref["groups"] as? [String]) ?? []
    let groups = names.map { g in
      OrdinalGroupData(name: g, data: data.x.submatrix(rows: data.gender.indices.filter { data.gender[$0] == g }, columns: 0..<data.x.columns))
    }
    let sample = try OrdinalCFA.sample(model: model, groups: groups)
    let seq = try InvarianceSequence.run(model: model, ordinalSample: sample)
    var atReference: [InvarianceLevel: OrdinalCFAFit] = [:]
    for step in seq.steps {
      let r = ref[step.level.rawValue] as? [String: Any] ?? [:]
      let fit = step.fit as! OrdinalCFAFit
      let params = CFARef.parameters(r["parameters"])
      var bad = CFARef.compareOrdinal(fit, params, columns: ["est_tight"], relative: 1e-5)
      let o = OrdinalCFAOptions(groupEqual: step.level == .scalar ? [.loadings, .thresholds] : step.level.constraints)
      let atRef = try OrdinalCFA.fit(model: model, sample: sample, options: o, evaluateAt: CFARef.referenceVector(fit, params))
      atReference[step.level] = atRef
      bad += CFARef.compareOrdinal(atRef, params, columns: ["se", "z", "std_lv", "std_all"], relative: 1e-5)
      bad += CFARef.compareFit(atRef.fit, r["fit"], names: Self.wlsmvFitNames, relative: 1e-5, groupCount: 2)
      #expect(bad.isEmpty, "\(step.level): \(bad)")
    }
    // lavTestLRT (Satorra 2000, scaled and shifted, delta-method A), at lavaan's solutions: 1e-5.
    let lrt = ref["lrt"] as? [String: Any] ?? [:]
    let d = (lrt["chisq_diff"] as? [Any] ?? []).map(CFARef.number)
    let levels: [InvarianceLevel] = [.configural, .metric, .scalar]
    for i in 1..<3 {
      let t = try atReference[levels[i]]!.difference(general: atReference[levels[i - 1]]!)
      #expect(isClose(t.chisqDiff, d[i], relative: 1e-5), "\(levels[i]): \(t.chisqDiff) vs lavaan \(d[i])")
    }
    #expect(seq.supportedLevel == .configural)   // metric p = .047, scalar p ≈ 6e-71
  }
}

extension OrdinalCFATests {
  /// lavaan `sampling.weights` with ordered items (WLSMV, pairwise) on bfi with the documented
  /// weights w = 1 + ((7 i) mod 5)/4: weighted thresholds, polychorics and NACOV, then the same DWLS
  /// fit; sample statistics 1e-6 (NACOV 1e-5), estimates, SEs and fit 1e-5.
  @Test func bfiWLSMVSamplingWeights() throws {
    let ref = try CFARef.load("bfi_wlsmv_weighted")
    let model = try MeasurementModel(text: Self.model)
    let data = try Self.bfi(model.observed)
    let w = (1...data.x.rows).map { 1 + Double((7 * $0) % 5) / 4 }
    let groups = [OrdinalGroupData(name: "all", data: data.x, weights: w)]
    let fit = try OrdinalCFA.fit(model: model, groups: groups)
    let s = ref["sample"] as? [String: Any] ?? [:]
    let th = (s["th"] as? [Any] ?? []).map(CFARef.number)
    let thm = firstMismatch(fit.sampleThresholds[0].flatMap { $0 }, th, relative: 1e-8)
    #expect(thm == nil, "\(thm ?? "")")
    let cm = matrixMismatch(fit.samplePolychoric[0], referenceMatrix(s["cor"]), relative: 1e-6, absolute: 5e-8)
    #expect(cm == nil, "\(cm ?? "")")
    let nd = (s["nacov_diag"] as? [Any] ?? []).map(CFARef.number)
    let ndm = firstMismatch(fit.gammaDiagonal(group: 0), nd, relative: 1e-5)
    #expect(ndm == nil, "\(ndm ?? "")")
    let params = CFARef.parameters(ref["parameters"])
    var bad = CFARef.compareOrdinal(fit, params, columns: ["est_tight"], relative: 1e-5)
    let atRef = try OrdinalCFA.fit(model: model, groups: groups, evaluateAt: CFARef.referenceVector(fit, params))
    bad += CFARef.compareOrdinal(atRef, params, columns: ["se", "z", "std_lv", "std_all"], relative: 1e-5)
    bad += CFARef.compareFit(atRef.fit, ref["fit"], names: Self.wlsmvFitNames, relative: 1e-5)
    #expect(bad.isEmpty, "\(bad)")
  }
}
