import Foundation
import LinearAlgebra
import MeasurementModels
import Testing
import _TestSupport

@Suite struct InvarianceTests {
  /// Holzinger–Swineford split by school in lavaan's group order (first appearance: Pasteur, Grant-White).
  static func groups() throws -> [CFAGroupData] {
    let hs = try CFARef.holzinger()
    var order: [String] = []
    for s in hs.school where !order.contains(s) { order.append(s) }
    return order.map { name in
      let rows = hs.school.indices.filter { hs.school[$0] == name }
      return CFAGroupData(name: name, data: hs.x.submatrix(rows: rows, columns: 0..<9))
    }
  }

  @Test func sequenceML() throws {
    let ref = try CFARef.load("hs_invariance")
    let groups = try Self.groups()
    #expect(groups.map(\.name) == (ref["groups"] as? [String]))
    let model = try MeasurementModel(text: CFARef.model)
    let seq = try InvarianceSequence.run(model: model, groups: groups)
    var atReference: [InvarianceLevel: CFAFit] = [:]
    for step in seq.steps {
      let r = ref[step.level.rawValue] as? [String: Any] ?? [:]
      var o = CFAOptions(); o.groupEqual = step.level.constraints; o.meanStructure = true
      let c = try CFARef.check(model: model, groups: groups, options: o, ref: r, estimateTolerance: 1e-6, seTolerance: 1e-6,
                               fitTolerance: 1e-8, fitNames: CFATests.fitNames)
      #expect(c.problems.isEmpty, "\(step.level): \(c.problems)")
      atReference[step.level] = c.atReference
    }
    // lavTestLRT: Δχ², Δdf, p (closed form in the χ² values: 1e-6 through the estimates).
    let lrt = ref["lrt"] as? [String: Any] ?? [:]
    let d = (lrt["chisq_diff"] as? [Any] ?? []).map(CFARef.number)
    let p = (lrt["pvalue"] as? [Any] ?? []).map(CFARef.number)
    let df = (lrt["df_diff"] as? [Any] ?? []).map(CFARef.number)
    for (i, step) in seq.steps.enumerated().dropFirst() {
      // At lavaan's solutions the differences are closed form: 1e-8; at ours within the optimiser spread.
      let t = InvarianceSequence.difference(restricted: atReference[step.level]!, general: atReference[seq.steps[i - 1].level]!)
      #expect(isClose(t.chisqDiff, d[i], relative: 1e-8), "\(step.level) Δχ² \(t.chisqDiff) vs \(d[i])")
      #expect(Double(t.dfDiff) == df[i])
      #expect(isClose(t.pValue, p[i], relative: 1e-8), "\(step.level) p")
      #expect(isClose(step.test!.chisqDiff, d[i], relative: 1e-5), "\(step.level) Δχ² at our optimum")
    }
    // Metric holds (p = .22), scalar is rejected (p < 1e-6): the supported level is metric.
    #expect(seq.supportedLevel == .metric)
    // Score tests of the scalar constraints (lavTestScore$uni), 1e-6.
    let st = ref["score_test"] as? [String: Any] ?? [:]
    let names = (st["rhs"] as? [String] ?? [])
    // lavTestScore's statistic uses the full gradient, not exactly zero at lavaan's default solution:
    // compared at the optimum (lavaan polished by BFGS, x2_tight) with ours at our optimum.
    let x2 = (st["x2_tight"] as? [Any] ?? []).map(CFARef.number)
    let scalar = seq.steps.first { $0.level == .scalar }!.fit
    let ours = try scalar.equalityScoreTests()
    #expect(ours.count == names.count)
    for (i, n) in names.enumerated() {
      // "visual=~x2@g2" → the group-2 copy of visual=~x2.
      let key = String(n.split(separator: "@")[0])
      let o = ours.first { $0.name == key && $0.group == 1 }
      #expect(o != nil, "\(key)")
      // 1e-6 relative; statistics near 0 (∝ gradient²) to 1e-7 absolute on the χ² scale.
      if let o { #expect(isClose(o.mi, x2[i], relative: 1e-6, absolute: 1e-7), "\(key): \(o.mi) vs lavaan \(x2[i])") }
    }
    // The suggestions at the rejected scalar step are the intercept constraints, largest first: x3~1, then x7~1.
    #expect(seq.suggestions.prefix(2).map(\.name) == ["x3~1", "x7~1"])
    // Latent mean differences (Grant-White − Pasteur) with SEs from the scalar fit.
    let lm = scalar.latentMeans
    #expect(lm.count == 3)
  }

  @Test func partialScalar() throws {
    let ref = try CFARef.load("hs_invariance")
    let r = ref["partial"] as? [String: Any] ?? [:]
    let model = try MeasurementModel(text: CFARef.model)
    var o = CFAOptions(groupEqual: InvarianceLevel.scalar.constraints, groupPartial: ["x3~1", "x7~1"])
    o.meanStructure = true
    let c = try CFARef.check(model: model, groups: try Self.groups(), options: o, ref: r, estimateTolerance: 1e-6,
                             seTolerance: 1e-6, fitTolerance: 1e-8, fitNames: CFATests.fitNames)
    #expect(c.problems.isEmpty, "\(c.problems)")
    // The automatic search frees x3~1 and x7~1 and then accepts partial scalar invariance.
    let search = try InvarianceSequence.partialSearch(model: model, groups: try Self.groups())
    #expect(search.free == ["x3~1", "x7~1"])
    #expect(search.supportedLevel == .scalar)
  }

  @Test func modificationIndicesSingleGroup() throws {
    let ref = try CFARef.load("hs_ml")
    let hs = try CFARef.holzinger()
    let model = try MeasurementModel(text: CFARef.model)
    let fit0 = try ConfirmatoryFactorAnalysis.fit(model: model, groups: [CFAGroupData(name: "all", data: hs.x)])
    // At lavaan's estimates (MIs depend on the gradient there, which is not exactly zero in lavaan).
    let fit = try ConfirmatoryFactorAnalysis.fit(model: model, groups: [CFAGroupData(name: "all", data: hs.x)],
                                                 evaluateAt: CFARef.referenceVector(fit0, CFARef.parameters(ref["parameters"])))
    let mi = ref["modindices"] as? [String: Any] ?? [:]
    let lhs = mi["lhs"] as? [String] ?? [], op = mi["op"] as? [String] ?? [], rhs = mi["rhs"] as? [String] ?? []
    let v = (mi["mi"] as? [Any] ?? []).map(CFARef.number), epc = (mi["epc"] as? [Any] ?? []).map(CFARef.number)
    let sepc = (mi["sepc_all"] as? [Any] ?? []).map(CFARef.number)
    let ours = try fit.modificationIndices()
    #expect(ours.count == lhs.count)
    for i in lhs.indices {
      let o = ours.first { ($0.lhs == lhs[i] && $0.rhs == rhs[i] || $0.lhs == rhs[i] && $0.rhs == lhs[i]) && $0.op == op[i] }
      #expect(o != nil, "\(lhs[i])\(op[i])\(rhs[i])")
      guard let o else { continue }
      #expect(isClose(o.mi, v[i], relative: 1e-6, absolute: 1e-9), "\(o.name) mi \(o.mi) vs \(v[i])")
      #expect(isClose(o.epc, epc[i], relative: 1e-6, absolute: 1e-9), "\(o.name) epc \(o.epc) vs \(epc[i])")
      #expect(isClose(o.sepcAll, sepc[i], relative: 1e-6, absolute: 1e-9), "\(o.name) sepc.all \(o.sepcAll) vs \(sepc[i])")
    }
  }
}
