import Foundation

/// A benchmark ranking read from a CSV and its metadata sidecar (`FILE.meta.yaml`).
public struct BenchmarkRanking: Sendable {
  public var path: String
  public var metadata: BenchmarkMetadata
  public var names: [String]
  public var keys: [String?]
  public var scores: [Double]

  /// Reads `path` and `path` with `.csv` replaced by `.meta.yaml`.
  public static func load(path: String) throws -> BenchmarkRanking {
    let metaPath = (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + ".meta.yaml"
    let meta = try BenchmarkMetadata.load(path: metaPath)
    let t = try CSVReader.read(path: path)
    for c in [meta.nameColumn, meta.scoreColumn] + Array(meta.filter.keys) + (meta.keyColumn.map { [$0] } ?? []) where t.columnIndex(c) == nil {
      throw IngestError.missingColumn(file: path, column: c, role: "named in \(metaPath)", available: t.columnNames)
    }
    var names: [String] = [], keys: [String?] = [], scores: [Double] = []
    for r in 0..<t.rowCount {
      guard meta.filter.allSatisfy({ t.column($0.key)?.text(at: r).trimmingWhitespace() == $0.value }) else { continue }
      let x = t.column(meta.scoreColumn)?.number(at: r) ?? .nan
      guard x.isFinite else { continue }
      names.append(t.column(meta.nameColumn)?.text(at: r).trimmingWhitespace() ?? "")
      keys.append(meta.keyColumn.flatMap { t.column($0)?.text(at: r).trimmingWhitespace() })
      scores.append(x)
    }
    return BenchmarkRanking(path: path, metadata: meta, names: names, keys: keys, scores: scores)
  }
}

/// The survey ranking of an index against a benchmark ranking.
public struct BenchmarkComparison: Sendable {
  public let index: RegionIndex
  public let benchmark: BenchmarkRanking
  /// Matched pairs: (position in `index.regions`, row in the benchmark).
  public let pairs: [(region: Int, row: Int, basis: RegionMatchBasis)]
  public let unmatchedRegions: [String]
  public let unmatchedBenchmark: [String]
  public let comparison: RankComparison

  public static func compare(_ index: RegionIndex, with benchmark: BenchmarkRanking, k: Int = 3, seed: UInt64 = 20231) throws -> BenchmarkComparison {
    let units = index.publishedRegions
    let left = units.map { RegionIdentifier(name: index.regions[$0].name, officialKey: index.regions[$0].key) }
    let right = benchmark.names.indices.map { RegionIdentifier(name: benchmark.names[$0], officialKey: benchmark.keys[$0]) }
    let m = matchRegions(left, right)
    let pairs = m.matches.map { (units[$0.left], $0.right, $0.basis) }.sorted { $0.0 < $1.0 }
    guard pairs.count >= 3 else { throw RegionIndexError.tooFewRegions(level: index.options.level, published: pairs.count) }
    let options = RankComparisonOptions(k: Swift.min(k, pairs.count), benchmarkHigherIsBetter: benchmark.metadata.higherIsBetter,
                                        surveyHigherIsBetter: true, level: 0.95, replicates: 2000, seed: seed)
    let c = try compareRankings(surveyEstimates: pairs.map { index.estimates[$0.0] }, standardErrors: pairs.map { index.standardErrors[$0.0] },
                                benchmark: pairs.map { benchmark.scores[$0.1] }, options: options)
    let suppressedOrEmpty = Set(index.regions.indices).subtracting(units).map { index.regions[$0].name }
    return BenchmarkComparison(index: index, benchmark: benchmark, pairs: pairs,
                               unmatchedRegions: m.unmatchedLeft.map { left[$0].name } + suppressedOrEmpty.sorted().map { "\($0) (not published)" },
                               unmatchedBenchmark: m.unmatchedRight.map { right[$0].name }, comparison: c)
  }

  public func reportTables() -> [ReportTable] {
    let meta = benchmark.metadata
    var info = ReportTable(id: "benchmark", title: "Benchmark: \(meta.name)", columns: [ReportColumn("field"), ReportColumn("value")])
    info.append([.text("source"), .text(meta.source)])
    info.append([.text("year"), .integer(meta.year)])
    info.append([.text("scale"), .text(meta.scale)])
    info.append([.text("scoring"), .text(meta.scoring.rawValue + (meta.scoring == .absolute ? "" : " — a unit can fall in rank while its level rises"))])
    info.append([.text("survey"), .text("\(index.definition.label), wave \(index.options.wave.map(String.init) ?? "all")")])
    if !meta.notes.isEmpty { info.append([.text("notes"), .text(meta.notes)]) }

    var corr = ReportTable(id: "rank_agreement", title: "Agreement of the rankings (\(pairs.count) matched regions)",
                           columns: [ReportColumn("statistic"), ReportColumn("estimate", .number, digits: 3), ReportColumn("p", .number, digits: 4),
                                     ReportColumn("fisher_lower", .number, digits: 3, joinedHeader: "fisher_ci"), ReportColumn("fisher_upper", .number, digits: 3),
                                     ReportColumn("bootstrap_lower", .number, digits: 3, joinedHeader: "bootstrap_ci"), ReportColumn("bootstrap_upper", .number, digits: 3)])
    func ci(_ r: ClosedRange<Double>?) -> [Cell] { r.map { [.value($0.lowerBound), .value($0.upperBound)] } ?? [.missing, .missing] }
    let c = comparison
    corr.append([.text("Spearman ρ"), .value(c.spearman.estimate), .value(c.spearman.pValue)] + ci(c.spearman.fisherInterval) + ci(c.bootstrap.spearman))
    corr.append([.text("Kendall τ-b"), .value(c.kendall.estimate), .value(c.kendall.pValue)] + ci(c.kendall.fisherInterval) + ci(c.bootstrap.kendall))
    corr.append([.text("top-\(c.k) overlap"), .integer(c.topOverlap), .missing, .missing, .missing, .missing, .missing])
    corr.append([.text("bottom-\(c.k) overlap"), .integer(c.bottomOverlap), .missing, .missing, .missing, .missing, .missing])
    corr.notes = ["p-values as R cor.test (Spearman: AS 89 / exact; Kendall: exact without ties); fisher_ci: Fisher z with Fieller–Hartley–Pearson variances (not part of cor.test)",
                  "bootstrap_ci: 95 % percentile interval over \(c.bootstrap.replicates) draws of the survey estimates from their sampling distribution (benchmark taken as fixed)"]

    var shifts = ReportTable(id: "rank_shifts", title: "Rank shifts (data for an agreement plot)",
                             columns: [ReportColumn("key"), ReportColumn(index.options.level.rawValue), ReportColumn("benchmark_name"), ReportColumn("match"),
                                       ReportColumn("survey_index", .number, digits: 1), ReportColumn("survey_se", .number, digits: 2),
                                       ReportColumn("benchmark_score", .number, digits: 1), ReportColumn("survey_rank", .integer),
                                       ReportColumn("benchmark_rank", .integer), ReportColumn("shift", .integer)])
    for (i, p) in pairs.enumerated() {
      let s = c.shifts.first { $0.unit == i }
      shifts.append([.text(index.regions[p.region].key), .text(index.regions[p.region].name), .text(benchmark.names[p.row]), .text(p.basis.rawValue), .value(index.estimates[p.region]),
                     .value(index.standardErrors[p.region]), .value(benchmark.scores[p.row]), s.map { .integer($0.surveyRank) } ?? .missing,
                     s.map { .integer($0.benchmarkRank) } ?? .missing, s.map { .integer($0.shift) } ?? .missing])
    }
    shifts.notes = ["shift = benchmark rank − survey rank (positive: the region ranks better in the survey)"]
    if !unmatchedRegions.isEmpty { shifts.notes.append("survey regions without a benchmark match: " + unmatchedRegions.joined(separator: ", ")) }
    if !unmatchedBenchmark.isEmpty { shifts.notes.append("benchmark rows without a survey match: " + unmatchedBenchmark.joined(separator: ", ")) }
    return [info, corr, shifts]
  }
}

/// Change of an index per region between two waves.
public struct WaveIndexComparison: Sendable {
  public let earlier: RegionIndex
  public let later: RegionIndex
  public let units: [Int]
  public let result: WaveComparison
  /// Units (panel key) present in both waves, per compared region.
  public let overlap: [Int]
  /// Cov(a_g, b_g) from the shared replicates, per compared region.
  public let covariances: [Double]
  /// Corr(a_g, b_g) = Cov/(se_a·se_b), per compared region.
  public let correlations: [Double]
  /// The panel key used to keep a unit's draws across waves (nil: none, the waves' samples are
  /// drawn independently).
  public let panelVariable: String?

  /// Compares wave `later.wave` with `earlier.wave` (same index and level).
  ///
  /// - Publication: a region is compared only if it is published in both waves, and both waves'
  ///   indices are computed over exactly those regions (wave-linked disclosure control; the
  ///   normalisation of either wave sees no region withheld in the other).
  /// - Covariance: both waves' replicates come from one replicate frame over the union of the
  ///   waves' PSUs keyed by `panelVariable` (e.g. `muni_id`; or the declared clusters). Each
  ///   wave's replicate is the Rao–Wu bootstrap of its own sample (m_h − 1 draws among its m_h
  ///   PSUs), taken from a pick sequence per stratum and replicate that both waves read
  ///   (`ResamplingScheme.forEachDraw(replicate:sample:)`), so a unit interviewed in both waves
  ///   has the same multiplier in both wherever the two prefixes of the sequence agree. Then
  ///   Cov(a_g, b_g) = Σ_r (a_gr − ā_g)(b_gr − b̄_g)/(R − 1), the replicate covariance, and
  ///   Var(b − a) = Var(a) + Var(b) − 2 Cov(a, b) (Ranking.compareWaves).
  public static func compare(_ data: StudyData, index id: String, earlier earlierOptions: RegionIndexOptions, later laterOptions: RegionIndexOptions,
                             panelVariable: String?) throws -> WaveIndexComparison {
    let both = try RegionIndex.publication(data, index: id, options: earlierOptions)
      .intersection(try RegionIndex.publication(data, index: id, options: laterOptions))
    let rowsA = data.rows(wave: earlierOptions.wave), rowsB = data.rows(wave: laterOptions.wave)
    let replication = try StudyReplication.make(data, samples: [rowsA, rowsB], panelKey: panelVariable,
                                                replicates: laterOptions.replicates, seed: laterOptions.seed)
    var eo = earlierOptions
    eo.replicates = laterOptions.replicates
    eo.seed = laterOptions.seed
    let earlier = try RegionIndex.estimate(data, index: id, options: eo, publication: both, replication: (replication, 0))
    let later = try RegionIndex.estimate(data, index: id, options: laterOptions, publication: both, replication: (replication, 1))
    let units = later.regions.indices.filter { later.publishedRegions.contains($0) && earlier.publishedRegions.contains($0) }
    guard units.count >= 2 else { throw RegionIndexError.tooFewRegions(level: later.options.level, published: units.count) }
    let R = replication.scheme.replicates
    let cov = units.map { g in DomainMeanReplicates.covariance((0..<R).map { earlier.replicates[$0, g] }, (0..<R).map { later.replicates[$0, g] },
                                                                 scale: replication.scheme.varianceScale) }
    let corr = units.indices.map { cov[$0] / (earlier.standardErrors[units[$0]] * later.standardErrors[units[$0]]) }
    var overlap = [Int](repeating: 0, count: units.count)
    if let pv = panelVariable, let rv = data.study.regionVariables.first(where: { $0.level == later.options.level }), let keys = data.regionKeys[rv.variable] {
      let text: (Int) -> String
      if let col = data.variables[pv] { text = { col.text(at: $0) } } else if let k = data.regionKeys[pv] { text = { k[$0] } } else { text = { _ in "" } }
      for (j, g) in units.enumerated() {
        let key = later.regions[g].key
        let a = Set(rowsA.filter { keys[$0] == key }.map(text))
        let b = Set(rowsB.filter { keys[$0] == key }.map(text))
        overlap[j] = a.intersection(b).count
      }
    }
    let r = try compareWaves(first: units.map { earlier.estimates[$0] }, firstStandardErrors: units.map { earlier.standardErrors[$0] },
                             second: units.map { later.estimates[$0] }, secondStandardErrors: units.map { later.standardErrors[$0] },
                             covariances: cov, level: 0.95)
    return WaveIndexComparison(earlier: earlier, later: later, units: units, result: r, overlap: overlap, covariances: cov,
                               correlations: corr, panelVariable: panelVariable)
  }

  /// The median over the compared regions of Corr(a_g, b_g): the level's estimated panel
  /// correlation of the two waves' index estimates.
  public var medianCorrelation: Double {
    let v = correlations.filter(\.isFinite).sorted()
    guard !v.isEmpty else { return .nan }
    return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
  }

  public func reportTables() -> [ReportTable] {
    let level = later.options.level.rawValue
    let w0 = earlier.options.wave.map(String.init) ?? "?", w1 = later.options.wave.map(String.init) ?? "?"
    var t = ReportTable(id: "change_\(later.definition.id)_\(level)", title: "Change of \(later.definition.label) by \(level): \(w0) → \(w1)",
                        columns: [ReportColumn("key"), ReportColumn(level), ReportColumn("n_\(w0)", .integer), ReportColumn("n_\(w1)", .integer), ReportColumn("panel", .integer), ReportColumn("r_waves", .number, digits: 2),
                                  ReportColumn("index_\(w0)", .number, digits: 1), ReportColumn("index_\(w1)", .number, digits: 1),
                                  ReportColumn("change", .number, digits: 1), ReportColumn("se", .number, digits: 2),
                                  ReportColumn("ci95_lower", .number, digits: 1, joinedHeader: "ci95"), ReportColumn("ci95_upper", .number, digits: 1),
                                  ReportColumn("p", .number, digits: 4), ReportColumn("significant"), ReportColumn("rank_\(w0)", .integer), ReportColumn("rank_\(w1)", .integer)])
    for (j, g) in units.enumerated() {
      guard let ch = result.changes.first(where: { $0.region == j }) else { continue }
      let mob = result.mobility.first { $0.region == j }
      t.append([.text(later.regions[g].key), .text(later.regions[g].name), .integer(earlier.counts[g]), .integer(later.counts[g]), .integer(overlap[j]), .value(correlations[j]),
                .value(earlier.estimates[g]), .value(later.estimates[g]), .value(ch.difference), .value(ch.standardError),
                .value(ch.interval.lowerBound), .value(ch.interval.upperBound),
                .value(ch.pValue), .text(ch.pValue < 0.05 ? "yes" : "no"), mob.map { .integer($0.firstRank) } ?? .missing, mob.map { .integer($0.secondRank) } ?? .missing])
    }
    let hidden = later.regions.indices.filter { !units.contains($0) }.map { later.regions[$0].name }
    t.notes = ["Var(change) = Var(a) + Var(b) − 2 Cov(a, b); Cov(a, b) measured as the covariance of the two waves' replicates: one replicate frame over both waves, "
                 + (panelVariable.map { "a unit '\($0)' in both waves keeps its bootstrap draws (panel: units in both waves)" } ?? "no panel key, the waves' samples resampled independently")
                 + "; r_waves = Cov/(se·se), median over the \(units.count) \(level) regions \(ReportRenderer.fixed(medianCorrelation, digits: 2))",
               "mean absolute rank change \(ReportRenderer.fixed(result.meanAbsoluteRankChange, digits: 2)); SEs: \(later.varianceMethod)"]
    if !hidden.isEmpty { t.notes.append("▪ regions suppressed or empty in either wave are left out of both: " + hidden.joined(separator: ", ")) }
    return [t]
  }
}
