import Foundation

/// Options of a region-level index analysis.
public struct RegionIndexOptions: Sendable, Equatable {
  /// Region level (land, kreis, gemeinde); the codebook must have a region variable of this level.
  public var level: RegionLevel
  /// Wave (nil: all rows).
  public var wave: Int?
  /// Disclosure threshold k: regions with fewer respondents are suppressed (never below 3).
  public var minimumCellSize: Int = 5
  /// Bootstrap replicates for standard errors and rank distributions.
  public var replicates: Int = 1000
  public var seed: UInt64 = 20231
  /// Use the codebook's design weights (false: every respondent weighs 1).
  public var weighted: Bool = true
  /// Population margins to rake the design weights to (per wave) before estimating.
  public var rakeMargins: [MarginTable] = []

  public init(level: RegionLevel, wave: Int?, minimumCellSize: Int = 5, replicates: Int = 1000, seed: UInt64 = 20231, weighted: Bool = true) {
    self.level = level
    self.wave = wave
    self.minimumCellSize = minimumCellSize
    self.replicates = replicates
    self.seed = seed
    self.weighted = weighted
  }
}

/// Errors of the region-index pipeline (usage-level problems in the study for the request).
public enum RegionIndexError: Error, Sendable, Equatable, CustomStringConvertible {
  case unknownIndex(String, defined: [String])
  case noRegionVariable(level: RegionLevel, available: [String])
  case tooFewRegions(level: RegionLevel, published: Int)
  case thresholdTooSmall(Int)

  public var description: String {
    switch self {
    case .unknownIndex(let id, let defined):
      return "index '\(id)' is not defined in the codebook; indices: \(defined.isEmpty ? "(none)" : defined.joined(separator: ", "))"
    case .noRegionVariable(let level, let available):
      return "the codebook has no region variable of level '\(level.rawValue)'; levels: \(available.joined(separator: ", "))"
    case .tooFewRegions(let level, let n):
      return "only \(n) \(level.rawValue) region(s) have enough respondents to rank; at least 2 are needed"
    case .thresholdTooSmall(let k): return "the disclosure threshold must be at least 3, got \(k)"
    }
  }
}

/// A composite index estimated per region, with design-based bootstrap uncertainty.
///
/// Method (documented in Notebooks-md/04-ranking-with-uncertainty.md):
/// 1. Respondent scores of each leaf component: a scale's score is the mean of its keyed items
///    (Psychometrics.scaleScores, psych::scoreItems semantics; reverse-keyed items reflected over
///    the response scale's range) when at least `min_answered` of its items are answered; an item
///    is its value.
/// 2. Region component means: Hájek means Σ w x / Σ w over the region's respondents who have the
///    component (design weights from the codebook).
/// 3. The index: the regions × components matrix goes through the codebook's index tree
///    (normalisation, weights, aggregation, coverage rule) in CompositeIndices.
/// 4. Uncertainty: R bootstrap replicate weights of the survey design (Rao–Wu rescaling within
///    strata, R survey `subbootstrap`; a Poisson bootstrap when no design is declared). All
///    replicate region means come from two matrix products (n × R)ᵀ(n × G·C); each replicate's
///    index is recomputed with the same tree, so non-linear choices are carried through.
///    Var = scale · Σ_r (θ_r − θ̄)² with the replicate design's scale.
public struct RegionIndex: Sendable {
  public let definition: IndexDefinition
  public let options: RegionIndexOptions
  /// Regions of the level, in region-table order.
  public let regions: [Region]
  /// Leaf components (scales or items) in tree order.
  public let componentNames: [String]
  /// Respondents per region with at least one component score.
  public let counts: [Int]
  /// Region × component means (G × C).
  public let componentMeans: Matrix
  /// Bootstrap SEs of the component means (G × C).
  public let componentStandardErrors: Matrix
  /// Index per region.
  public let estimates: [Double]
  public let standardErrors: [Double]
  /// Replicate index values (R × G).
  public let replicates: Matrix
  /// The CompositeIndices specification the codebook's definition maps to.
  public let spec: IndexSpec
  /// Variance method, for footnotes.
  public let varianceMethod: String
  /// Regions suppressed by disclosure control (primary and secondary).
  public let suppressed: [Bool]

  /// Runs the pipeline for the index `id` of the study.
  public static func estimate(_ data: StudyData, index id: String, options: RegionIndexOptions) throws -> RegionIndex {
    let study = data.study
    guard let definition = study.index(id) else { throw RegionIndexError.unknownIndex(id, defined: study.indices.map(\.id)) }
    guard options.minimumCellSize >= 3 else { throw RegionIndexError.thresholdTooSmall(options.minimumCellSize) }
    guard let regionVariable = study.regionVariables.first(where: { $0.level == options.level }) else {
      throw RegionIndexError.noRegionVariable(level: options.level, available: study.regionVariables.map(\.level.rawValue))
    }
    let rows = data.rows(wave: options.wave)
    let regions = study.regions.filter { $0.level == options.level }
    let regionIndex = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($0.element.key, $0.offset) })
    let keys = data.regionKeys[regionVariable.variable] ?? []
    let domain: [Int?] = rows.map { keys.isEmpty ? nil : regionIndex[keys[$0]] }

    // 1. Leaf components and respondent scores.
    let (leaves, spec) = try compile(definition, study: study)
    let scores = try leafScores(data, rows: rows, leaves: leaves, minimumAnswered: definition.minimumAnswered)
    let n = rows.count, G = regions.count, C = leaves.count

    // 2–4. Weights (raked when margins are given) and replicate weights.
    var baseWeights: [Double] = options.weighted ? (data.weights(rows: rows) ?? [Double](repeating: 1, count: n)) : [Double](repeating: 1, count: n)
    var raked: SurveyDesign? = nil
    if options.weighted && !options.rakeMargins.isEmpty {
      let r = try StudyRaking.rake(data, rows: rows, margins: options.rakeMargins)
      raked = r.result.design
      baseWeights = r.result.design.weights
    }
    let (replicateWeights, scale, method) = try replicateWeightMatrix(data, rows: rows, weights: baseWeights, options: options, design: raked)
    let R = replicateWeights.columns

    // Indicator layouts: A[i, g·C + c] = x_ic if row i in region g and x observed; D = the indicator.
    var a = Matrix(rows: n, columns: G * C)
    var d = Matrix(rows: n, columns: G * C)
    var counts = [Int](repeating: 0, count: G)
    for i in 0..<n {
      guard let g = domain[i] else { continue }
      var any = false
      for c in 0..<C where !scores[i, c].isNaN {
        a[i, g * C + c] = scores[i, c]
        d[i, g * C + c] = 1
        any = true
      }
      if any { counts[g] += 1 }
    }
    // Full sample: weighted sums as vector products; replicates: two level-3 products.
    let fullNumerator = a.transposeTimes(baseWeights)
    let fullDenominator = d.transposeTimes(baseWeights)
    let repNumerator = gemm(transA: .transposed, a: replicateWeights, b: a)   // R × GC
    let repDenominator = gemm(transA: .transposed, a: replicateWeights, b: d)
    func regionMatrix(_ num: (Int) -> Double, _ den: (Int) -> Double) -> Matrix {
      var m = Matrix(rows: G, columns: C, repeating: .nan)
      for g in 0..<G { for c in 0..<C {
        let q = den(g * C + c)
        if q > 0 { m[g, c] = num(g * C + c) / q }
      } }
      return m
    }
    let means = regionMatrix({ fullNumerator[$0] }, { fullDenominator[$0] })
    let full = try computeIndex(means, spec: spec)
    var rep = Matrix(rows: R, columns: G, repeating: .nan)
    var repComponents: [Matrix] = []
    repComponents.reserveCapacity(R)
    for r in 0..<R {
      let m = regionMatrix({ repNumerator[r, $0] }, { repDenominator[r, $0] })
      repComponents.append(m)
      if let result = try? computeIndex(m, spec: spec) {
        for g in 0..<G { rep[r, g] = result.scores[g] }
      }
    }
    func bootstrapSE(_ values: [Double]) -> Double {
      let v = values.filter { $0.isFinite }
      guard v.count > 1 else { return .nan }
      let mean = v.reduce(0, +) / Double(v.count)
      return (scale * v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } * Double(R) / Double(v.count)).squareRoot()
    }
    let se = (0..<G).map { g in bootstrapSE((0..<R).map { rep[$0, g] }) }
    var compSE = Matrix(rows: G, columns: C, repeating: .nan)
    for g in 0..<G { for c in 0..<C { compSE[g, c] = bootstrapSE(repComponents.map { $0[g, c] }) } }

    // Disclosure: primary (n < k) and secondary (one suppressed child under a published parent).
    let parents = Array(Set(regions.compactMap(\.parent))).sorted()
    let parentIndex = regions.map { r in r.parent.flatMap { parents.firstIndex(of: $0) } ?? 0 }
    let shape = DisclosureTableShape(regions: G, waves: 1, subgroups: 1, parentOfRegion: parentIndex, parentCount: Swift.max(1, parents.count))
    let suppression = try suppressSmallCells(counts: counts, shape: shape, options: DisclosureOptions(threshold: options.minimumCellSize))
    return RegionIndex(definition: definition, options: options, regions: regions, componentNames: leaves.map(\.name), counts: counts,
                       componentMeans: means, componentStandardErrors: compSE, estimates: full.scores, standardErrors: se,
                       replicates: rep, spec: spec, varianceMethod: method, suppressed: suppression.suppressed)
  }

  /// Indices of the regions that are published (not suppressed and with an estimate).
  public var publishedRegions: [Int] {
    regions.indices.filter { !suppressed[$0] && estimates[$0].isFinite && standardErrors[$0].isFinite }
  }

  // MARK: Building blocks

  struct Leaf {
    var name: String
    var source: IndexComponentSource
  }

  /// Flattens the codebook tree into leaves and a CompositeIndices spec whose nodes mirror it.
  static func compile(_ def: IndexDefinition, study: Study) throws -> ([Leaf], IndexSpec) {
    var leaves: [Leaf] = []
    var directions: [Direction] = []
    func node(_ d: IndexDefinition, depth: Int) throws -> IndexNode {
      guard depth < 16 else { throw RegionIndexError.unknownIndex(d.id, defined: ["(cycle in the index tree)"]) }
      var children: [CompositeIndices.IndexComponent] = []
      for c in d.components {
        switch c.source {
        case .scale, .item:
          leaves.append(Leaf(name: c.source.id, source: c.source))
          directions.append(c.direction < 0 ? .negative : .positive)
          children.append(.indicator(leaves.count - 1))
        case .index(let sub):
          guard let s = study.index(sub) else { throw RegionIndexError.unknownIndex(sub, defined: study.indices.map(\.id)) }
          children.append(.node(try node(s, depth: depth + 1)))
        }
      }
      let weights: WeightScheme
      switch d.weighting {
      case .equal: weights = .equal
      case .explicit: weights = .explicit(d.components.map { $0.weight ?? 0 })
      case .pca: weights = .pca
      }
      return IndexNode(name: d.id, children: children, weights: weights, aggregation: aggregation(d), minimumCoverage: d.minimumCoverage)
    }
    let root = try node(def, depth: 0)
    let spec = IndexSpec(indicatorNames: leaves.map(\.name), directions: directions, root: root,
                         imputation: imputation(def.imputation), treatment: def.outliers == .winsorise ? .coinrDefault : .none,
                         normalisation: normalisation(def.normalisation, study: study), aggregation: aggregation(def),
                         minimumCoverage: def.minimumCoverage)
    return (leaves, spec)
  }

  static func aggregation(_ d: IndexDefinition) -> Aggregation {
    switch d.aggregation {
    case .arithmetic: .arithmetic
    case .geometric: .geometric
    case .harmonic: .harmonic
    case .generalised: .generalised(order: d.power)
    }
  }

  static func imputation(_ i: IndexImputation) -> Imputation {
    switch i {
    case .none: .none
    case .mean: .mean
    case .median: .median
    case .groupMean: .groupMean
    }
  }

  static func normalisation(_ n: IndexNormalisation, study: Study) -> Normalisation {
    switch n {
    case .none: return .none
    case .zScore(let m, let sd): return .zScore(mean: m, standardDeviation: sd)
    case .minMax(let goalposts, let range):
      if let g = goalposts {
        // Fixed goalposts → [range]: (x − lo)/(hi − lo)·(b − a) + a, with a = 0 in the codebook's use.
        return .goalposts(lower: g[0], upper: g[1], scale: range[1] - range[0], truncate: true)
      }
      return .minMax(lower: range[0], upper: range[1])
    case .rank: return .rank
    case .distanceToTarget(let t): return .distanceToTarget(target: t)
    case .ratioToReference(let key):
      let units = study.regions
      return .ratioToReference(unit: units.firstIndex { $0.key == key } ?? 0)
    }
  }

  /// Respondent × leaf scores.
  static func leafScores(_ data: StudyData, rows: [Int], leaves: [Leaf], minimumAnswered: Double) throws -> Matrix {
    var out = Matrix(rows: rows.count, columns: leaves.count, repeating: .nan)
    for (c, leaf) in leaves.enumerated() {
      switch leaf.source {
      case .item(let id):
        guard let j = data.itemColumns([id])?.first else { continue }
        for (i, r) in rows.enumerated() { out[i, c] = data.items[r, j] }
      case .scale(let id):
        // psych::scoreItems semantics (Psychometrics.scaleScores): mean of the keyed items, reverse
        // keys reflected over the response scale's range, no imputation, minimum-answered rule.
        guard let scale = data.study.scale(id), let m = data.itemMatrix(scale.items, rows: rows) else { continue }
        let scales = scale.items.compactMap { data.study.item($0).flatMap { data.study.responseScale(of: $0) } }
        let range = (scales.map(\.minimum).min() ?? 1)...(scales.map(\.maximum).max() ?? 5)
        let needed = Swift.max(1, Int((minimumAnswered * Double(scale.items.count)).rounded(.up)))
        if scale.measurement.scoring == .factor {   // codebook `score: factor` (StudyCFA.factorScores)
          let f = try StudyCFA.factorScores(data, scale: scale, rows: rows, minimumAnswered: needed)
          for i in rows.indices { out[i, c] = f[i] }
          continue
        }
        let s = try scaleScores(m, keys: scale.keys, itemNames: scale.items, type: .mean, imputation: .none,
                                minimumAnswered: needed, responseRange: range)
        for i in rows.indices { out[i, c] = s.scores[i] }
      case .index:
        continue
      }
    }
    return out
  }

  /// n × R replicate weights: Rao–Wu bootstrap of the codebook's design, or a Poisson bootstrap.
  static func replicateWeightMatrix(_ data: StudyData, rows: [Int], weights: [Double], options: RegionIndexOptions,
                                    design raked: SurveyDesign? = nil) throws -> (Matrix, Double, String)
  {
    let R = options.replicates
    if let raked {
      let rep = try raked.replicateDesign(.bootstrap(replicates: R, seed: options.seed))
      let margins = options.rakeMargins.map { $0.variables.joined(separator: "×") }.joined(separator: ", ")
      return (rep.replicateWeights, rep.scale,
              "Rao–Wu bootstrap of the stratified design (\(R) replicates) with weights raked to \(margins); raking is not repeated per replicate (conservative)")
    }
    if options.weighted, let spec = data.study.design, let strataColumn = spec.strata, let strata = data.variables[strataColumn] {
      let s = rows.map { strata.text(at: $0) }
      let clusters = spec.clusters.compactMap { c in data.variables[c].map { col in rows.map { col.text(at: $0) } } }
      let policy = SurveyWeighting.LonelyPSUPolicy(rawValue: spec.lonelyPSU.rawValue) ?? .fail
      let design = try SurveyDesign(weights: weights, strata: s, clusters: clusters, lonelyPSU: policy)
      let rep = try design.replicateDesign(.bootstrap(replicates: R, seed: options.seed))
      return (rep.replicateWeights, rep.scale, "Rao–Wu bootstrap of the stratified design (\(R) replicates, strata '\(strataColumn)', design weights)")
    }
    var g = SeededGenerator(seed: options.seed)
    var m = Matrix(rows: rows.count, columns: R)
    for r in 0..<R { for i in 0..<rows.count { m[i, r] = weights[i] * Double(poisson1(&g)) } }
    return (m, 1 / Double(R - 1), "Poisson bootstrap over respondents (\(R) replicates\(options.weighted ? ", design weights" : ", unweighted"))")
  }

  /// A Poisson(1) draw by inversion.
  static func poisson1(_ g: inout SeededGenerator) -> Int {
    let u = Double(g.next() >> 11) * 0x1p-53
    var k = 0
    var p = exp(-1.0)
    var cdf = p
    while u > cdf && k < 20 {
      k += 1
      p /= Double(k)
      cdf += p
    }
    return k
  }
}
