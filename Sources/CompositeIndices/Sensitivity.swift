import Statistics
import Foundation
import LinearAlgebra

/// One uncertain modelling choice of an uncertainty or sensitivity analysis (COINr `SA_specs` entry).
///
/// Each choice is one input of the analysis, driven by a uniform u ∈ [0, 1). A choice among k
/// alternatives takes alternative ⌊u·k⌋ (COINr maps u with `cut(u, k)`, equal-width bins over
/// the sample's range — the same up to the sample's extremes).
public enum UncertainInput: Sendable, Hashable {
  /// Imputation method, applied to every indicator.
  case imputation([Imputation])
  /// Normalisation method, applied to every indicator (overrides are ignored in variants).
  case normalisation([Normalisation])
  /// Aggregation method, applied to every node.
  case aggregation([Aggregation])
  /// Explicit weight sets: node name → relative weights; nodes not listed keep their nominal weights.
  case weights([[String: [Double]]])
  /// Weight perturbation as COINr `get_noisy_weights()`: `sets` weight sets are drawn (seeded), each
  /// weight wᵢ of every node becoming wᵢ·(1 + f·(2v − 1)), v uniform, then normalised within its node;
  /// u picks one set. `fraction` f is the ±share (0.25 = ±25 %).
  case weightNoise(fraction: Double, sets: Int = 100)
}

/// A named uncertain input.
public struct UncertainChoice: Sendable, Hashable {
  /// Name shown in results.
  public var name: String
  /// The alternatives.
  public var input: UncertainInput
  public init(_ name: String, _ input: UncertainInput) {
    self.name = name
    self.input = input
  }
}

/// The scalar output whose variance is decomposed.
public enum SensitivityOutput: Sendable, Hashable {
  /// Mean over units of |rank in the variant − nominal rank| (COINr `get_sensitivity`, the default).
  case meanAbsoluteRankShift
  /// The rank of one unit (0-based row).
  case rank(unit: Int)
  /// The index score of one unit (0-based row).
  case score(unit: Int)
}

/// Rank statistics over Monte Carlo variants (COINr `get_sensitivity()$RankStats`).
public struct UncertaintyResult: Sendable {
  /// Nominal index scores and ranks.
  public let nominalScores: [Double], nominalRanks: [Double]
  /// Per unit: mean, median, 5 % and 95 % quantiles (R type 7) of the rank over the variants (NaN ignored).
  public let meanRank: [Double], medianRank: [Double], q05Rank: [Double], q95Rank: [Double]
  /// Per variant: mean absolute rank shift from the nominal ranks.
  public let meanAbsoluteRankShift: [Double]
  /// Ranks of every unit in every variant (units × variants).
  public let ranks: Matrix
  /// Index scores of every unit in every variant (units × variants).
  public let scores: Matrix
}

/// A variance-based sensitivity analysis of the index.
public struct SensitivityResult: Sendable {
  /// Input names, in design column order.
  public let inputNames: [String]
  /// First-order and total-effect indices of the chosen output.
  public let indices: SobolIndices
  /// The output in run order (A, B, A_B⁽¹⁾, …), N(d + 2) values.
  public let outputs: [Double]
  /// Rank statistics over the 2N runs of A and B (as COINr).
  public let uncertainty: UncertaintyResult
  /// The design.
  public let design: SaltelliDesign
}

/// Monte Carlo uncertainty analysis: `variants` random combinations of the declared choices
/// (uniform, seeded), each index recomputed, ranked and compared with the nominal ranks
/// (COINr `get_sensitivity(SA_type = "UA")`).
///
/// Weights resolved from data (PCA) are taken from the nominal run and perturbed from there.
/// Performance: variants sharing imputation, normalisation and aggregation are evaluated together —
/// when the normalised data are complete and one aggregation is used at every node, nested means of
/// one order collapse to one mean with path-product weights, so all index scores of the group are one
/// `dgemm` T(Z)·W (T = identity, log, reciprocal or power); otherwise the tree is evaluated per variant.
public func uncertaintyAnalysis(
  _ data: Matrix, spec: IndexSpec, choices: [UncertainChoice], variants: Int, seed: UInt64
) throws(IndexError) -> UncertaintyResult {
  let engine = try VariantEngine(data: data, spec: spec, choices: choices, seed: seed)
  var g = SeededGenerator(seed: seed)
  let u = Matrix(rows: variants, columns: choices.count, columnMajor: (0..<(variants * choices.count)).map { _ in g.uniform() })
  let scores = try engine.scores(u)
  return engine.statistics(scores, columns: 0..<variants)
}

/// Variance-based sensitivity analysis of the index over the declared choices (COINr
/// `get_sensitivity(SA_type = "SA")`): a seeded Saltelli design with N base samples, N(d + 2)
/// variants, the chosen output per variant, and first-order / total-effect indices.
public func sensitivityAnalysis(
  _ data: Matrix, spec: IndexSpec, choices: [UncertainChoice], baseSamples: Int, seed: UInt64,
  output: SensitivityOutput = .meanAbsoluteRankShift, estimator: SobolEstimator = .coinr
) throws(IndexError) -> SensitivityResult {
  let design = SaltelliDesign(baseSamples: baseSamples, dimensions: choices.count, seed: seed)
  return try sensitivityAnalysis(data, spec: spec, choices: choices, design: design, seed: seed, output: output, estimator: estimator)
}

/// Sensitivity analysis on a given design (e.g. matrices shared with SALib); `seed` drives only
/// ``UncertainInput/weightNoise(fraction:sets:)``.
public func sensitivityAnalysis(
  _ data: Matrix, spec: IndexSpec, choices: [UncertainChoice], design: SaltelliDesign, seed: UInt64,
  output: SensitivityOutput = .meanAbsoluteRankShift, estimator: SobolEstimator = .coinr
) throws(IndexError) -> SensitivityResult {
  guard design.dimensions == choices.count else {
    throw .invalidChoice(name: "design", reason: "has \(design.dimensions) columns for \(choices.count) choices")
  }
  guard design.baseSamples >= 2 else { throw .invalidChoice(name: "design", reason: "needs at least 2 base samples") }
  let engine = try VariantEngine(data: data, spec: spec, choices: choices, seed: seed)
  let scores = try engine.scores(design.runs)
  let n = design.baseSamples, d = design.dimensions
  let stats = engine.statistics(scores, columns: 0..<(2 * n))
  let all = engine.statistics(scores, columns: 0..<(n * (d + 2)))
  let y: [Double]
  switch output {
  case .meanAbsoluteRankShift: y = all.meanAbsoluteRankShift
  case .rank(let unit), .score(let unit):
    guard unit >= 0, unit < data.rows else {
      throw .invalidChoice(name: "output", reason: "unit \(unit) must be >= 0 and < \(data.rows)")
    }
    let m = { if case .rank = output { return all.ranks } else { return all.scores } }()
    y = (0..<m.columns).map { m[unit, $0] }
  }
  let yA = Array(y[0..<n]), yB = Array(y[n..<(2 * n)])
  let yAB = (0..<d).map { Array(y[((2 + $0) * n)..<((3 + $0) * n)]) }
  return SensitivityResult(
    inputNames: choices.map(\.name), indices: sobolIndices(yA: yA, yB: yB, yAB: yAB, estimator: estimator),
    outputs: y, uncertainty: stats, design: design)
}

/// Evaluates index variants. Internal.
struct VariantEngine {
  let data: Matrix
  let spec: IndexSpec
  let compiled: CompiledIndex
  let choices: [UncertainChoice]
  let nominal: IndexResult
  let observed: [Bool]
  /// Resolved weight sets (per node, normalised); index 0 = nominal when no weight choice exists.
  let weightSets: [[[Double]]]
  let weightChoice: Int?

  init(data: Matrix, spec: IndexSpec, choices: [UncertainChoice], seed: UInt64) throws(IndexError) {
    self.data = data
    self.spec = spec
    self.choices = choices
    compiled = try CompiledIndex(spec: spec)
    nominal = try computeIndex(data, spec: spec)
    observed = data.elements.map { !$0.isNaN }
    let nominalWeights = nominal.nodes.map(\.weights)
    var sets: [[[Double]]] = [nominalWeights]
    var wc: Int? = nil
    for (c, choice) in choices.enumerated() {
      let count: Int
      switch choice.input {
      case .imputation(let a): count = a.count
      case .normalisation(let a): count = a.count
      case .aggregation(let a): count = a.count
      case .weights(let alternatives):
        count = alternatives.count
        guard wc == nil else { throw .invalidChoice(name: choice.name, reason: "only one weights choice is allowed") }
        wc = c
        sets = []
        for alt in alternatives {
          var s = nominalWeights
          for (name, w) in alt {
            guard let i = compiled.nodes.firstIndex(where: { $0.name == name }) else {
              throw .invalidChoice(name: choice.name, reason: "unknown node '\(name)'")
            }
            guard w.count == s[i].count else {
              throw .weightCountMismatch(node: name, found: w.count, expected: s[i].count)
            }
            s[i] = try normalisedWeights(w, node: name)
          }
          sets.append(s)
        }
      case .weightNoise(let f, let k):
        count = k
        guard wc == nil else { throw .invalidChoice(name: choice.name, reason: "only one weights choice is allowed") }
        guard f >= 0, f < 1 else { throw .invalidChoice(name: choice.name, reason: "fraction \(f) must be in [0, 1)") }
        wc = c
        var g = SeededGenerator(seed: seed ^ 0x5EED_0F_DA7A)
        sets = (0..<k).map { _ in
          nominalWeights.map { w in
            let noisy = w.map { $0 * (1 + f * (2 * g.uniform() - 1)) }
            let s = noisy.reduce(0, +)
            return noisy.map { $0 / s }
          }
        }
      }
      guard count > 0 else { throw .invalidChoice(name: choice.name, reason: "lists no alternatives") }
    }
    weightSets = sets
    weightChoice = wc
  }

  private func pick(_ u: Double, _ k: Int) -> Int { Swift.min(Swift.max(Int(u * Double(k)), 0), k - 1) }

  /// Index scores (units × variants) for sample rows u (variants × choices).
  func scores(_ u: Matrix) throws(IndexError) -> Matrix {
    let v = u.rows, n = data.rows
    struct Key: Hashable { var imp: Int, norm: Int, agg: Int }
    var groups: [Key: [Int]] = [:]
    var wIndex = [Int](repeating: 0, count: v)
    for r in 0..<v {
      var key = Key(imp: -1, norm: -1, agg: -1)
      for (c, choice) in choices.enumerated() {
        switch choice.input {
        case .imputation(let a): key.imp = pick(u[r, c], a.count)
        case .normalisation(let a): key.norm = pick(u[r, c], a.count)
        case .aggregation(let a): key.agg = pick(u[r, c], a.count)
        case .weights, .weightNoise: wIndex[r] = pick(u[r, c], weightSets.count)
        }
      }
      groups[key, default: []].append(r)
    }
    var out = Matrix(rows: n, columns: v)
    var prepared: [Key: Matrix] = [:]
    for key in groups.keys.sorted(by: { ($0.imp, $0.norm, $0.agg) < ($1.imp, $1.norm, $1.agg) }) {
      let rows = groups[key] ?? []
      var imputation = spec.imputation, normalisation: Normalisation? = nil, aggregation: Aggregation? = nil
      for choice in choices {
        switch choice.input {
        case .imputation(let a) where key.imp >= 0: imputation = a[key.imp]
        case .normalisation(let a) where key.norm >= 0: normalisation = a[key.norm]
        case .aggregation(let a) where key.agg >= 0: aggregation = a[key.agg]
        default: break
        }
      }
      let pk = Key(imp: key.imp, norm: key.norm, agg: -1)
      let z: Matrix
      if let cached = prepared[pk] {
        z = cached
      } else {
        z = try prepare(data, spec: spec, imputation: imputation, normalisation: normalisation).normalised
        prepared[pk] = z
      }
      let uniform = aggregation ?? compiled.nodes.first.map(\.aggregation)
      let sameEverywhere = aggregation != nil || compiled.nodes.allSatisfy { $0.aggregation == uniform }
      let coverageIrrelevant = compiled.nodes.allSatisfy { $0.coverage == 0 } || !observed.contains(false)
      let complete = !z.elements.contains { $0.isNaN }
      if let agg = uniform, sameEverywhere, coverageIrrelevant, complete,
        !agg.requiresPositive || z.elements.allSatisfy({ $0 > 0 })
      {
        fastScores(z, aggregation: agg, variants: rows, weightIndex: wIndex, into: &out)
      } else {
        for r in rows {
          let ws = weightSets[wIndex[r]].map { Optional($0) }
          let (values, _) = try compiled.evaluate(normalised: z, observed: observed, weights: ws, aggregation: aggregation)
          let root = values[values.count - 1]
          for i in 0..<n { out[i, r] = root[i] }
        }
      }
    }
    return out
  }

  /// Effective indicator weights (product of node weights along each indicator's path).
  private func effectiveWeights(_ set: [[Double]]) -> [Double] {
    var eff = [Double](repeating: 0, count: data.columns)
    func walk(_ node: Int, _ factor: Double) {
      for (c, s) in compiled.nodes[node].children.enumerated() {
        let f = factor * set[node][c]
        switch s {
        case .indicator(let j): eff[j] = f
        case .node(let i): walk(i, f)
        }
      }
    }
    walk(compiled.nodes.count - 1, 1)
    return eff
  }

  private func fastScores(_ z: Matrix, aggregation: Aggregation, variants: [Int], weightIndex: [Int], into out: inout Matrix) {
    let n = z.rows, p = z.columns
    var t = z
    var r = 1.0
    switch aggregation {
    case .arithmetic: break
    case .geometric: t.elements = z.elements.map { log($0) }
    case .harmonic: t.elements = z.elements.map { 1 / $0 }
    case .generalised(let order):
      r = order
      t.elements = order == 0 ? z.elements.map { log($0) } : z.elements.map { pow($0, order) }
    }
    var effCache: [Int: [Double]] = [:]
    var w = Matrix(rows: p, columns: variants.count)
    for (c, variant) in variants.enumerated() {
      let k = weightIndex[variant]
      let e = effCache[k] ?? effectiveWeights(weightSets[k])
      effCache[k] = e
      for j in 0..<p { w[j, c] = e[j] }
    }
    var s = gemm(a: t, b: w)
    switch aggregation {
    case .arithmetic: break
    case .geometric: s.elements = s.elements.map { exp($0) }
    case .harmonic: s.elements = s.elements.map { 1 / $0 }
    case .generalised: s.elements = r == 0 ? s.elements.map { exp($0) } : s.elements.map { pow($0, 1 / r) }
    }
    for (c, variant) in variants.enumerated() {
      out.elements.replaceSubrange((variant * n)..<((variant + 1) * n), with: s.elements[(c * n)..<((c + 1) * n)])
    }
  }

  /// Ranks and rank statistics of the given score columns.
  ///
  /// Ranks are multiples of ½ in [1, n], so each unit's rank distribution is kept as a histogram
  /// over 2·rank (filled column by column, contiguous reads) and the quantiles (R type 7) are read
  /// from the cumulative counts: O(V·n) after ranking instead of n sorts of V ranks.
  func statistics(_ scores: Matrix, columns: Range<Int>) -> UncertaintyResult {
    let n = scores.rows
    let nominalRanks = nominal.ranks
    let v = columns.count
    let bins = 2 * n + 2
    var rk = Matrix(rows: n, columns: v)
    var shift = [Double](repeating: .nan, count: v)
    var sc = Matrix(rows: n, columns: v)
    var hist = [Int32](repeating: 0, count: n * bins)
    var sum = [Double](repeating: 0, count: n)
    var count = [Int](repeating: 0, count: n)
    for (c, col) in columns.enumerated() {
      let s = Array(scores.elements[(col * n)..<((col + 1) * n)])
      let r = ranks(of: s, descending: true, ties: spec.tieMethod)
      var acc = 0.0, m = 0
      rk.elements.replaceSubrange((c * n)..<((c + 1) * n), with: r)
      sc.elements.replaceSubrange((c * n)..<((c + 1) * n), with: s)
      for i in 0..<n where !r[i].isNaN {
        hist[i * bins + Int((2 * r[i]).rounded())] += 1
        sum[i] += r[i]
        count[i] += 1
        if !nominalRanks[i].isNaN {
          acc += abs(r[i] - nominalRanks[i])
          m += 1
        }
      }
      shift[c] = m > 0 ? acc / Double(m) : .nan
    }
    var mean = [Double](), med = [Double](), q05 = [Double](), q95 = [Double]()
    for i in 0..<n {
      let h = hist[(i * bins)..<((i + 1) * bins)]
      // The k-th smallest rank (0-based) from the cumulative histogram.
      func order(_ k: Int) -> Double {
        var cum = 0
        for (b, c) in h.enumerated() {
          cum += Int(c)
          if cum > k { return Double(b) / 2 }
        }
        return .nan
      }
      func q(_ p: Double) -> Double {
        let total = count[i]
        guard total > 0 else { return .nan }
        let pos = Double(total - 1) * p
        let lo = Int(pos.rounded(.down)), hi = Swift.min(lo + 1, total - 1)
        let xlo = order(lo), xhi = order(hi)
        return xlo + (pos - Double(lo)) * (xhi - xlo)
      }
      mean.append(count[i] > 0 ? sum[i] / Double(count[i]) : .nan)
      med.append(q(0.5))
      q05.append(q(0.05))
      q95.append(q(0.95))
    }
    return UncertaintyResult(
      nominalScores: nominal.scores, nominalRanks: nominalRanks, meanRank: mean, medianRank: med, q05Rank: q05,
      q95Rank: q95, meanAbsoluteRankShift: shift, ranks: rk, scores: sc)
  }
}
