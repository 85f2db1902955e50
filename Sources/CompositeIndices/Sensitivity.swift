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

/// Bootstrap confidence intervals of Sobol' indices over the base rows of a Saltelli design.
///
/// Convention (SALib 1.6 `sobol.analyze`): each replicate draws N of the N base rows with
/// replacement and keeps them **jointly** — the same rows of y_A, y_B and every y_AB⁽ⁱ⁾, since
/// each row is one matched set of model runs — and recomputes the estimator on them, the variance
/// V included (`.salib`: on the outputs standardised once by the full sample's mean and SD, as
/// SALib; `.coinr`: on the raw outputs). Reported per input: the percentile interval (R
/// `quantile(type = 7)` of the replicates at (1 ∓ level)/2) and the bootstrap SD (n − 1); SALib's
/// `S1_conf` is z_{(1+level)/2}·SD. COINr's `SA_estimate(Nboot =)` instead resamples each input's
/// terms separately with V fixed and reports 5 %/95 % quantiles; joint resampling is used here
/// because the terms of one base row are not independent.
///
/// Why an interval matters: Sᵢ and STᵢ are Monte Carlo estimates. A small true Sᵢ can come out
/// negative, and STᵢ can come out below Sᵢ although STᵢ ≥ Sᵢ holds for the true indices; the
/// interval shows whether that is within the sampling error (see `anomalies`).
///
/// Validated against: SALib 1.6.0 with `keep_resamples = True` on the committed Ishigami and
/// index-model outputs, given SALib's own resample rows (`sobol_bootstrap.json`): every replicate
/// estimate to 1e-12, S1_conf and ST_conf to 1e-12.
public struct SobolBootstrap: Sendable, Hashable {
  /// Number of bootstrap replicates and the interval level.
  public let replicates: Int
  public let level: Double
  /// Percentile intervals of Sᵢ and STᵢ.
  public let firstOrderLower: [Double], firstOrderUpper: [Double]
  public let totalEffectLower: [Double], totalEffectUpper: [Double]
  /// Bootstrap standard deviations (denominator B − 1).
  public let firstOrderSD: [Double], totalEffectSD: [Double]
  /// Replicate estimates, inputs × replicates.
  public let firstOrderReplicates: Matrix, totalEffectReplicates: Matrix
}

/// A Sobol' estimate that contradicts a property of the true indices (0 ≤ Sᵢ ≤ STᵢ).
public enum SobolAnomaly: Sendable, Hashable {
  /// Sᵢ < 0.
  case negativeFirstOrder(input: Int)
  /// STᵢ < Sᵢ.
  case totalBelowFirstOrder(input: Int)
}

extension SensitivityResult {
  /// The inputs whose estimates are impossible for true indices (negative Sᵢ, STᵢ < Sᵢ): Monte
  /// Carlo error of the finite Saltelli sample, to be shown with the bootstrap interval.
  public var anomalies: [SobolAnomaly] {
    var out: [SobolAnomaly] = []
    for i in inputNames.indices {
      if indices.firstOrder[i] < 0 { out.append(.negativeFirstOrder(input: i)) }
      if indices.totalEffect[i] < indices.firstOrder[i] { out.append(.totalBelowFirstOrder(input: i)) }
    }
    return out
  }
}

/// Bootstrap intervals for the Sobol' indices of `sobolIndices(yA:yB:yAB:estimator:)`: `replicates`
/// joint resamples of the N base rows drawn with `SeededGenerator(seed:)` (see ``SobolBootstrap``).
/// Cost O(B·N·d).
public func sobolBootstrap(
  yA: [Double], yB: [Double], yAB: [[Double]], estimator: SobolEstimator = .coinr, replicates: Int = 1000,
  level: Double = 0.95, seed: UInt64
) -> SobolBootstrap {
  let n = yA.count
  var g = SeededGenerator(seed: seed)
  // Row k = ⌊u·N⌋ by the high half of a 64×64-bit product (bias ≤ N/2⁶⁴).
  let rows = (0..<replicates).map { _ in (0..<n).map { _ in Int(g.next().multipliedFullWidth(by: UInt64(n)).high) } }
  return sobolBootstrap(yA: yA, yB: yB, yAB: yAB, estimator: estimator, resamples: rows, level: level)
}

/// The same with given resamples (each an array of N base-row indices), e.g. SALib's.
func sobolBootstrap(
  yA: [Double], yB: [Double], yAB: [[Double]], estimator: SobolEstimator, resamples: [[Int]], level: Double
) -> SobolBootstrap {
  let n = yA.count, d = yAB.count, reps = resamples.count
  precondition(yB.count == n && yAB.allSatisfy { $0.count == n }, "sobolBootstrap: all output vectors need N = \(n) entries")
  var a = yA, b = yB, ab = yAB
  if estimator == .salib {
    // SALib standardises all N(d + 2) outputs once, by the full sample's mean and population SD.
    let all = a + b + ab.flatMap { $0 }
    let mean = all.reduce(0, +) / Double(all.count)
    let sd = (all.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(all.count)).squareRoot()
    a = a.map { ($0 - mean) / sd }
    b = b.map { ($0 - mean) / sd }
    ab = ab.map { $0.map { ($0 - mean) / sd } }
  }
  var first = Matrix(rows: d, columns: reps), total = Matrix(rows: d, columns: reps)
  let nd = Double(n)
  for (r, rows) in resamples.enumerated() {
    // V on the resampled y_A ∪ y_B (SALib: population variance; COINr: n − 1).
    var mean = 0.0
    for k in rows { mean += a[k] + b[k] }
    mean /= 2 * nd
    var ss = 0.0
    for k in rows { ss += (a[k] - mean) * (a[k] - mean) + (b[k] - mean) * (b[k] - mean) }
    let v = estimator == .salib ? ss / (2 * nd) : ss / (2 * nd - 1)
    for i in 0..<d {
      var s1 = 0.0, s2 = 0.0
      for k in rows {
        s1 += b[k] * (ab[i][k] - a[k])
        let diff = a[k] - ab[i][k]
        s2 += diff * diff
      }
      first[i, r] = s1 / nd / v
      total[i, r] = s2 / (2 * nd * v)
    }
  }
  func summary(_ m: Matrix) -> (lower: [Double], upper: [Double], sd: [Double]) {
    var lo: [Double] = [], hi: [Double] = [], sd: [Double] = []
    for i in 0..<d {
      let x = m.row(i)
      lo.append(quantile(x, (1 - level) / 2))
      hi.append(quantile(x, (1 + level) / 2))
      let mean = x.reduce(0, +) / Double(reps)
      sd.append(reps > 1 ? (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(reps - 1)).squareRoot() : .nan)
    }
    return (lo, hi, sd)
  }
  let f = summary(first), t = summary(total)
  return SobolBootstrap(
    replicates: reps, level: level, firstOrderLower: f.lower, firstOrderUpper: f.upper, totalEffectLower: t.lower,
    totalEffectUpper: t.upper, firstOrderSD: f.sd, totalEffectSD: t.sd, firstOrderReplicates: first, totalEffectReplicates: total)
}

/// A variance-based sensitivity analysis of the index.
public struct SensitivityResult: Sendable {
  /// Input names, in design column order.
  public let inputNames: [String]
  /// First-order and total-effect indices of the chosen output.
  public let indices: SobolIndices
  /// Bootstrap intervals of the indices (joint resampling of the base rows).
  public let bootstrap: SobolBootstrap
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
/// variants, the chosen output per variant, first-order / total-effect indices and their
/// bootstrap intervals (``SobolBootstrap``; `bootstrapReplicates` joint resamples of the base rows).
public func sensitivityAnalysis(
  _ data: Matrix, spec: IndexSpec, choices: [UncertainChoice], baseSamples: Int, seed: UInt64,
  output: SensitivityOutput = .meanAbsoluteRankShift, estimator: SobolEstimator = .coinr,
  bootstrapReplicates: Int = 1000, level: Double = 0.95
) throws(IndexError) -> SensitivityResult {
  let design = SaltelliDesign(baseSamples: baseSamples, dimensions: choices.count, seed: seed)
  return try sensitivityAnalysis(data, spec: spec, choices: choices, design: design, seed: seed, output: output, estimator: estimator,
                                 bootstrapReplicates: bootstrapReplicates, level: level)
}

/// Sensitivity analysis on a given design (e.g. matrices shared with SALib); `seed` drives
/// ``UncertainInput/weightNoise(fraction:sets:)`` and the bootstrap resamples.
public func sensitivityAnalysis(
  _ data: Matrix, spec: IndexSpec, choices: [UncertainChoice], design: SaltelliDesign, seed: UInt64,
  output: SensitivityOutput = .meanAbsoluteRankShift, estimator: SobolEstimator = .coinr,
  bootstrapReplicates: Int = 1000, level: Double = 0.95
) throws(IndexError) -> SensitivityResult {
  guard bootstrapReplicates >= 2 else { throw .invalidChoice(name: "bootstrapReplicates", reason: "\(bootstrapReplicates) must be at least 2") }
  guard level > 0 && level < 1 else { throw .invalidChoice(name: "level", reason: "\(level) must be between 0 and 1") }
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
    bootstrap: sobolBootstrap(yA: yA, yB: yB, yAB: yAB, estimator: estimator, replicates: bootstrapReplicates, level: level,
                              seed: seed ^ 0xB007_5EED),
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
