import Foundation

/// Options of a region-level index analysis.
public struct RegionIndexOptions: Sendable, Equatable {
  /// Region level (land, kreis, gemeinde); the codebook must have a region variable of this level.
  public var level: RegionLevel
  /// Wave (nil: all rows).
  public var wave: Int?
  /// Disclosure threshold k: a region is published only if each of its component means rests on
  /// at least k respondents (never below 3).
  public var minimumCellSize: Int = 5
  /// Bootstrap replicates for standard errors and rank distributions.
  public var replicates: Int = 1000
  public var seed: UInt64 = 20231
  /// Use the codebook's design weights (false: every respondent weighs 1; strata and clusters
  /// are still used for the replicates).
  public var weighted: Bool = true
  /// Population margins to rake the weights to (per wave) before estimating; the raking is
  /// redone on every replicate.
  public var rakeMargins: [MarginTable] = []
  /// Threads for the replicates (the results do not depend on it).
  public var threads: Int = 1

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
  /// No respondent of the analysed rows belongs to any region of the level.
  case noRespondentsAtLevel(level: RegionLevel, wave: Int?)
  /// A `ratio` normalisation's reference key is not a region of the analysed level.
  case unknownReferenceRegion(key: String, level: RegionLevel, otherLevel: RegionLevel?)
  /// A `ratio` normalisation's reference region is suppressed (or empty) at the analysed level.
  case suppressedReferenceRegion(key: String, level: RegionLevel, reason: String)
  /// A publication decision for another number of regions.
  case publicationMismatch(expected: Int, found: Int)

  public var description: String {
    switch self {
    case .unknownIndex(let id, let defined):
      return "index '\(id)' is not defined in the codebook; indices: \(defined.isEmpty ? "(none)" : defined.joined(separator: ", "))"
    case .noRegionVariable(let level, let available):
      return "the codebook has no region variable of level '\(level.rawValue)'; levels: \(available.joined(separator: ", "))"
    case .tooFewRegions(let level, let n):
      return "only \(n) \(level.rawValue) region(s) have enough respondents to rank; at least 2 are needed"
    case .thresholdTooSmall(let k): return "the disclosure threshold must be at least 3, got \(k)"
    case .noRespondentsAtLevel(let level, let wave):
      return "no respondent\(wave.map { " of wave \($0)" } ?? "") belongs to a region of level '\(level.rawValue)': every region would be empty"
    case .unknownReferenceRegion(let key, let level, let other):
      if let other { return "ratio normalisation: reference region '\(key)' is a \(other.rawValue), not a region of the analysed level '\(level.rawValue)'" }
      return "ratio normalisation: reference region '\(key)' is not in the region table (level '\(level.rawValue)')"
    case .suppressedReferenceRegion(let key, let level, let reason):
      return "ratio normalisation: reference region '\(key)' (\(level.rawValue)) is not published (\(reason)); choose a published reference"
    case .publicationMismatch(let e, let f): return "publication decision: expected \(e) regions, found \(f)"
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
/// 2. Publication, decided before anything is estimated (`RegionPublication`, the seam): by
///    default the study's publication plan (`Disclosure`, via `StudyPublication`), which publishes
///    a region only when each of its component means and its count rest on at least k units and
///    cannot be derived from any other table the study publishes.
/// 3. Region component means of the published regions: Hájek means Σ w x / Σ w over the region's
///    respondents who have the component (design weights, raked to the margins when given).
/// 4. The index: the published regions × components matrix goes through the codebook's index
///    tree (normalisation, weights, aggregation, coverage rule) in CompositeIndices — so
///    min–max, z-scores, ranks, PCA weights and the ratio reference see published regions only.
/// 5. Uncertainty: bootstrap replicates of the declared design from the replicate engine
///    (`Replication`: Rao–Wu within strata over PSUs, R survey `subbootstrap`; Poisson when no
///    design is declared), computed in blocks without an n × R matrix; the raking is redone on
///    every replicate; each replicate's index is recomputed with the same tree.
///    Var = 1/(R − 1) · Σ_r (θ_r − θ̄)².
public struct RegionIndex: Sendable {
  public let definition: IndexDefinition
  public let options: RegionIndexOptions
  /// Regions of the level, in region-table order.
  public let regions: [Region]
  /// Leaf components (scales or items) in tree order.
  public let componentNames: [String]
  /// Per region: respondents behind its least-supported component mean (min over components of
  /// the respondents with a value for that component) — the count k applies to.
  public let counts: [Int]
  /// Per region and component: respondents with a value for the component (G × C).
  public let componentCounts: [[Int]]
  /// Region × component means (G × C; NaN for regions not published).
  public let componentMeans: Matrix
  /// Bootstrap SEs of the component means (G × C).
  public let componentStandardErrors: Matrix
  /// Index per region (NaN for regions not published).
  public let estimates: [Double]
  public let standardErrors: [Double]
  /// Replicate index values (R × G; NaN columns for regions not published).
  public let replicates: Matrix
  /// The CompositeIndices specification the codebook's definition maps to.
  public let spec: IndexSpec
  /// Variance method, for footnotes.
  public let varianceMethod: String
  /// Regions withheld by the publication decision.
  public let suppressed: [Bool]
  /// The publication decision used.
  public let publication: RegionPublication
  /// The replicate variance scale (1/(R − 1)).
  public let replicateScale: Double

  /// The publication decision for `index` at `options`: the study's publication plan
  /// (`StudyPublication.regionPublication`; `data` must hold every wave), so the main job publishes
  /// exactly what every other table of the study allows. The plan audits one weighting (the
  /// declared raking, else the design weights): published region means must use it
  /// (`StudyPublication.groupTableMargins`, which the CLI applies).
  public static func publication(_ data: StudyData, index id: String, options: RegionIndexOptions) throws -> RegionPublication {
    return try StudyPublication.regionPublication(try StudyPublication.plan(data), study: data.study, index: id, level: options.level,
                                                  wave: options.wave, minimumUnits: options.minimumCellSize)
  }

  /// Runs the pipeline for the index `id` of the study. `publication` (default: the study's
  /// publication plan) decides which regions are estimated and published; `replication` supplies a
  /// shared replicate scheme (e.g. over the union of two waves) and which of its samples these rows are.
  public static func estimate(_ data: StudyData, index id: String, options: RegionIndexOptions, publication given: RegionPublication? = nil,
                              replication shared: (StudyReplication, sample: Int)? = nil) throws -> RegionIndex {
    let p = try Problem(data, index: id, options: options)
    let publication = try given ?? RegionIndex.publication(data, index: id, options: options)
    let G = p.regions.count, C = p.leaves.count
    guard publication.published.count == G else { throw RegionIndexError.publicationMismatch(expected: G, found: publication.published.count) }
    let units = publication.publishedRegions
    let position = Dictionary(uniqueKeysWithValues: units.enumerated().map { ($1, $0) })
    let spec = try p.spec(publishedPosition: { position[$0] }, publication: publication)

    // Weights, raking problem and the replicate scheme.
    let rows = p.rows, n = rows.count
    let weights: [Double] = options.weighted ? (data.weights(rows: rows) ?? [Double](repeating: 1, count: n)) : [Double](repeating: 1, count: n)
    var raking: (cellOfRow: [Int], problem: CellRaking)? = nil
    var rakingText = ""
    if !options.rakeMargins.isEmpty {
      let r = try StudyRaking.cellRaking(data, rows: rows, margins: options.rakeMargins)
      raking = (r.cellOfRow, r.problem)
      rakingText = "; weights raked to \(r.names.joined(separator: ", "))"
        + (StudyPublication.isPublicationWeighting(options.rakeMargins, study: data.study) ? " (the study's publication weighting, disclosure: rake_margins)" : "")
        + ", the raking redone on every replicate"
        + (r.dropped.isEmpty ? "" : " (population cells without respondents left out: \(r.dropped.joined(separator: ", ")))")
    }
    let replication: StudyReplication
    let sample: Int
    if let shared { (replication, sample) = shared } else {
      replication = try StudyReplication.make(data, samples: [rows], replicates: options.replicates, seed: options.seed)
      sample = 0
    }
    let domain: [Int?] = p.domain.map { $0.flatMap { position[$0] } }
    let dm = try DomainMeanReplicates.compute(scheme: replication.scheme, psuOfRow: replication.psuOfRow[sample], weights: weights,
                                              domainOfRow: domain, domainCount: units.count, values: p.scores, raking: raking,
                                              threads: options.threads)
    let R = replication.scheme.replicates, P = units.count, scale = replication.scheme.varianceScale
    var means = Matrix(rows: G, columns: C, repeating: .nan)
    for (j, g) in units.enumerated() { for c in 0..<C { means[g, c] = dm.means[j, c] } }
    var estimates = [Double](repeating: .nan, count: G)
    var rep = Matrix(rows: R, columns: G, repeating: .nan)
    if P > 0 {
      let full = try computeIndex(dm.means, spec: spec)
      for (j, g) in units.enumerated() { estimates[g] = full.scores[j] }
      var m = Matrix(rows: P, columns: C)
      for r in 0..<R {
        for j in 0..<P { for c in 0..<C { m[j, c] = dm.replicateMeans[r, j * C + c] } }
        if let result = try? computeIndex(m, spec: spec) {
          for (j, g) in units.enumerated() { rep[r, g] = result.scores[j] }
        }
      }
    }
    var se = [Double](repeating: .nan, count: G)
    var compSE = Matrix(rows: G, columns: C, repeating: .nan)
    for (j, g) in units.enumerated() {
      se[g] = DomainMeanReplicates.standardError((0..<R).map { rep[$0, g] }, scale: scale)
      for c in 0..<C { compSE[g, c] = DomainMeanReplicates.standardError((0..<R).map { dm.replicateMeans[$0, j * C + c] }, scale: scale) }
    }
    let failedIndex = (0..<R).filter { r in units.contains { !rep[r, $0].isFinite } }.count - dm.failedReplicates
    var method = replication.description + (options.weighted ? (data.study.design?.weight.map { ", design weights '\($0)'" } ?? ", equal weights (no weight column declared)") : ", equal weights (--unweighted)") + rakingText
    if dm.lonelyStrata > 0 { method += "; \(dm.lonelyStrata) strata with a single PSU kept at multiplier 1 (no variance contribution)" }
    if dm.failedReplicates > 0 { method += "; \(dm.failedReplicates) replicate(s) could not be raked (a margin category without drawn respondents) and are left out" }
    if failedIndex > 0 { method += "; in \(failedIndex) replicate(s) a region had no drawn respondent for a component, so its index is undefined there and those replicates are left out of its SE and of the rank distributions" }
    method += "; Var = Σ (θ_r − θ̄)²/(R − 1)"
    return RegionIndex(definition: p.definition, options: options, regions: p.regions, componentNames: p.leaves.map(\.name), counts: p.counts,
                       componentCounts: p.componentCounts, componentMeans: means, componentStandardErrors: compSE, estimates: estimates,
                       standardErrors: se, replicates: rep, spec: spec, varianceMethod: method, suppressed: publication.published.map { !$0 },
                       publication: publication, replicateScale: scale)
  }

  /// Indices of the regions that are published (not suppressed and with an estimate).
  public var publishedRegions: [Int] {
    regions.indices.filter { !suppressed[$0] && estimates[$0].isFinite && standardErrors[$0].isFinite }
  }

  /// The inputs of one analysis: rows, regions, leaf scores and counts.
  struct Problem {
    var definition: IndexDefinition
    var leaves: [Leaf]
    var regions: [Region]
    var rows: [Int]
    /// Region (index into `regions`) of every row.
    var domain: [Int?]
    var scores: Matrix
    var componentCounts: [[Int]]
    var counts: [Int]
    var options: RegionIndexOptions
    var study: Study

    init(_ data: StudyData, index id: String, options: RegionIndexOptions) throws {
      let study = data.study
      guard let definition = study.index(id) else { throw RegionIndexError.unknownIndex(id, defined: study.indices.map(\.id)) }
      guard options.minimumCellSize >= 3 else { throw RegionIndexError.thresholdTooSmall(options.minimumCellSize) }
      guard let regionVariable = study.regionVariables.first(where: { $0.level == options.level }) else {
        throw RegionIndexError.noRegionVariable(level: options.level, available: study.regionVariables.map(\.level.rawValue))
      }
      self.study = study
      self.options = options
      self.definition = definition
      rows = data.rows(wave: options.wave)
      regions = study.regions.filter { $0.level == options.level }
      let regionIndex = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($0.element.key, $0.offset) })
      let keys = data.regionKeys[regionVariable.variable] ?? []
      domain = rows.map { keys.isEmpty ? nil : regionIndex[keys[$0]] }
      leaves = try RegionIndex.leaves(definition, study: study)
      scores = try RegionIndex.leafScores(data, rows: rows, leaves: leaves, minimumAnswered: definition.minimumAnswered)
      let C = leaves.count
      var cc = [[Int]](repeating: [Int](repeating: 0, count: C), count: regions.count)
      var any = [Int](repeating: 0, count: regions.count)
      for (i, d) in domain.enumerated() {
        guard let g = d else { continue }
        var has = false
        for c in 0..<C where !scores[i, c].isNaN { cc[g][c] += 1; has = true }
        if has { any[g] += 1 }
      }
      if any.allSatisfy({ $0 == 0 }) { throw RegionIndexError.noRespondentsAtLevel(level: options.level, wave: options.wave) }
      componentCounts = cc
      counts = cc.map { $0.min() ?? 0 }
    }

    /// The CompositeIndices spec with a `ratio` reference resolved by key at the analysed level
    /// to its position among the published regions.
    func spec(publishedPosition: (Int) -> Int?, publication: RegionPublication) throws -> IndexSpec {
      try RegionIndex.compile(definition, study: study, leafCount: leaves.count) { key in
        guard let g = regions.firstIndex(where: { $0.key == key }) else {
          throw RegionIndexError.unknownReferenceRegion(key: key, level: options.level, otherLevel: study.regions.first { $0.key == key }?.level)
        }
        guard let j = publishedPosition(g) else {
          throw RegionIndexError.suppressedReferenceRegion(key: key, level: options.level, reason: publication.reasons[g] ?? "withheld")
        }
        return j
      }
    }
  }

  // MARK: Building blocks

  struct Leaf {
    var name: String
    var source: IndexComponentSource
  }

  /// The leaves (scales or items) of the codebook tree, in tree order.
  static func leaves(_ def: IndexDefinition, study: Study) throws -> [Leaf] {
    var leaves: [Leaf] = []
    func walk(_ d: IndexDefinition, depth: Int) throws {
      guard depth < 16 else { throw RegionIndexError.unknownIndex(d.id, defined: ["(cycle in the index tree)"]) }
      for c in d.components {
        switch c.source {
        case .scale, .item: leaves.append(Leaf(name: c.source.id, source: c.source))
        case .index(let sub):
          guard let s = study.index(sub) else { throw RegionIndexError.unknownIndex(sub, defined: study.indices.map(\.id)) }
          try walk(s, depth: depth + 1)
        }
      }
    }
    try walk(def, depth: 0)
    return leaves
  }

  /// A CompositeIndices spec whose nodes mirror the codebook tree; `reference` resolves a
  /// `ratio` normalisation's key to a unit (row) of the data the spec will be applied to.
  static func compile(_ def: IndexDefinition, study: Study, leafCount: Int, reference: (String) throws -> Int) throws -> IndexSpec {
    var leaves = 0
    var directions: [Direction] = []
    func node(_ d: IndexDefinition, depth: Int) throws -> IndexNode {
      guard depth < 16 else { throw RegionIndexError.unknownIndex(d.id, defined: ["(cycle in the index tree)"]) }
      var children: [CompositeIndices.IndexComponent] = []
      for c in d.components {
        switch c.source {
        case .scale, .item:
          leaves += 1
          directions.append(c.direction < 0 ? .negative : .positive)
          children.append(.indicator(leaves - 1))
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
    precondition(leaves == leafCount, "leaf count changed between walks")
    return IndexSpec(indicatorNames: try Self.leaves(def, study: study).map(\.name), directions: directions, root: root,
                     imputation: imputation(def.imputation), treatment: def.outliers == .winsorise ? .coinrDefault : .none,
                     normalisation: try normalisation(def.normalisation, reference: reference), aggregation: aggregation(def),
                     minimumCoverage: def.minimumCoverage)
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

  static func normalisation(_ n: IndexNormalisation, reference: (String) throws -> Int) throws -> Normalisation {
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
      return .ratioToReference(unit: try reference(key))
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
}
