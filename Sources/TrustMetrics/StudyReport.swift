import Foundation

/// What `trustmetrics report` publishes.
public struct StudyReportOptions: Sendable {
  /// Indices to report (empty: every index of the codebook).
  public var indices: [String] = []
  /// Level, wave, disclosure threshold, replicates, seed, weights and raking of the indices.
  public var region: RegionIndexOptions
  /// Benchmarks: (index id or nil for every reported index, benchmark CSV path).
  public var benchmarks: [(index: String?, path: String)] = []
  /// Earlier wave for the change section.
  public var previousWave: Int?
  /// The column that identifies the same unit in both waves: such units keep their bootstrap
  /// draws, so the covariance of the two waves' estimates is measured (nil: the waves are
  /// resampled independently; the change table's footnote says which).
  public var panelVariable: String?
  /// Add Fay–Herriot shrinkage to the rankings.
  public var shrink = false
  public var language: ReportLanguage = .en
  public var toolVersion: String = ""

  public init(region: RegionIndexOptions) { self.region = region }
}

/// Glue from a study to a published report: runs the same library calls as `check`,
/// `reliability`, `index`, `rank` and `compare`, collects their `ReportTable`s and hands them to
/// `Publication.HTMLReport`. Nothing here computes a number of its own.
public enum StudyReport {
  /// The report's input (tables in English at full precision; HTMLReport translates and draws).
  public static func input(_ data: StudyData, options: StudyReportOptions) throws -> PublicationInput {
    let study = data.study
    let wave = options.region.wave ?? study.waves.last ?? 0
    var region = options.region
    region.wave = wave
    let ids = options.indices.isEmpty ? study.indices.map(\.id) : options.indices
    guard !ids.isEmpty else { throw RegionIndexError.unknownIndex("(none)", defined: []) }
    let definitions = try ids.map { id in
      guard let d = study.index(id) else { throw RegionIndexError.unknownIndex(id, defined: study.indices.map(\.id)) }
      return d
    }
    let level = region.level.rawValue

    // Data quality of the wave: the checks and completeness.
    var quality = QualityCheck.report(data, wave: wave).reportTables().filter { $0.id.hasPrefix("quality_summary") || $0.id.hasPrefix("quality_completeness") }
    // What the codebook's case rules did (or that --cases all skipped them).
    if let note = data.caseSelection.footnote, !quality.isEmpty { quality[0].notes.append(note) }

    // Reliability of the scales the indices are built from.
    var scaleIDs: [String] = []
    func collect(_ d: IndexDefinition, depth: Int) {
      guard depth < 16 else { return }
      for c in d.components {
        switch c.source {
        case .scale(let s): if !scaleIDs.contains(s) { scaleIDs.append(s) }
        case .index(let sub): if let s = study.index(sub) { collect(s, depth: depth + 1) }
        case .item: break
        }
      }
    }
    definitions.forEach { collect($0, depth: 0) }
    let scales = scaleIDs.compactMap { study.scale($0) }
    var reliability: [ReportTable] = []
    if !scales.isEmpty {
      let alphas = try StudyReliability.alpha(data, scales: scales, rows: data.rows(wave: wave), options: ReliabilityOptions(missing: .pairwise))
      reliability = [alphas.summaryTable(scales: scales, interval: .feldt)]
    }

    // Indices and rankings.
    var parts: [PublicationInput.IndexPart] = []
    var estimates: [String: RegionIndex] = [:]
    for d in definitions {
      let idx = try RegionIndex.estimate(data, index: d.id, options: region)
      estimates[d.id] = idx
      var ranking: [ReportTable] = []
      if idx.publishedRegions.count >= 2 {
        ranking = try RegionRanking.rank(idx, uncertainty: .all, shrink: options.shrink, seed: region.seed).reportTables()
      }
      parts.append(.init(id: d.id, label: d.label, estimates: idx.estimateTable(), checks: idx.checksTable(data), ranking: ranking))
    }

    // Benchmarks (at the benchmark's level, as `compare --benchmark`).
    var benchmarks: [PublicationInput.BenchmarkPart] = []
    var sources: [String] = []
    for (target, path) in options.benchmarks {
      let b = try BenchmarkRanking.load(path: path)
      sources.append("\(b.metadata.name): \(b.metadata.source)")
      for d in definitions where target == nil || target == d.id {
        var o = region
        o.level = b.metadata.level
        let idx = o.level == region.level ? estimates[d.id]! : try RegionIndex.estimate(data, index: d.id, options: o)
        let c = try BenchmarkComparison.compare(idx, with: b, seed: region.seed)
        benchmarks.append(.init(indexID: d.id, indexLabel: d.label, benchmarkName: b.metadata.name, level: o.level.rawValue,
                                tables: c.reportTables(), index: idx.estimateTable()))
      }
      if let target, !definitions.contains(where: { $0.id == target }) {
        throw RegionIndexError.unknownIndex(target, defined: definitions.map(\.id))
      }
    }

    // Change from the previous wave.
    var changes: [PublicationInput.ChangePart] = []
    if let previous = options.previousWave {
      guard study.waves.contains(previous) else { throw IngestError.unknownWave(previous, available: study.waves) }
      for d in definitions {
        var o = region
        o.wave = previous
        // Both waves are estimated together, so panel units share their replicate draws and the
        // covariance of the two waves' estimates is measured (WaveIndexComparison).
        let c = try WaveIndexComparison.compare(data, index: d.id, earlier: o, later: region, panelVariable: options.panelVariable)
        for t in c.reportTables() {
          changes.append(.init(indexID: d.id, indexLabel: d.label, earlierWave: previous, laterWave: wave, table: t, laterIndex: c.later.estimateTable()))
        }
      }
    }

    let margins = region.rakeMargins.map { $0.variables.joined(separator: " × ") }
    let weighting = !region.weighted ? "none (every respondent weighs 1)"
      : (study.design?.weight.map { "design weights '\($0)'" } ?? "no design weights declared (every respondent weighs 1)")
        + (margins.isEmpty ? "" : ", raked to " + margins.joined(separator: "; "))
    var input = PublicationInput(language: options.language, labels: labels(study), studyID: study.id, title: study.title, description: study.description,
                            banner: study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil, wave: wave, level: level,
                            minimumCellSize: Swift.max(region.minimumCellSize, study.disclosure.minimumCellSize), replicates: region.replicates, weighting: weighting,
                            quality: quality, reliability: reliability, indices: parts, benchmarks: benchmarks, changes: changes,
                            placements: placements(study, level: region.level), placementSource: "", sources: sources,
                            toolVersion: options.toolVersion)
    input.disclosureUnit = study.disclosure.unit.rawValue
    input.disclosureDominance = study.disclosure.dominance != .none
    input.texts = texts(study)
    return input
  }

  /// Codebook ids → labels: items, scales, indices, blocks and background variables (what
  /// `--labels` shows instead of ids).
  public static func labels(_ study: Study) -> [String: String] {
    var m: [String: String] = [:]
    for v in study.variables where !v.label.isEmpty { m[v.id] = v.label }
    for b in study.blocks where !b.label.isEmpty { m[b.id] = b.label }
    for i in study.items where !i.label.isEmpty { m[i.id] = i.label }
    for s in study.scales where !s.label.isEmpty { m[s.id] = s.label }
    for i in study.indices where !i.label.isEmpty { m[i.id] = i.label }
    return m
  }

  /// The codebook's own texts (title, description, index descriptions, region names): data shown
  /// as written in every language.
  public static func texts(_ study: Study) -> Set<String> {
    var t: Set<String> = [study.title, study.description]
    for i in study.indices where !i.description.isEmpty { t.insert(i.description) }
    for r in study.regions { t.insert(r.name) }
    t.remove("")
    return t
  }

  /// Tile positions of a level's regions by key: the codebook's `tile_row`/`tile_col` where set,
  /// else the default layout (`DefaultTileLayouts`).
  public static func placements(_ study: Study, level: RegionLevel) -> [String: TilePlacement] {
    var out: [String: TilePlacement] = [:]
    for r in study.regions where r.level == level {
      if let t = r.tile {
        out[r.key] = TilePlacement(row: t.row, column: t.column, short: t.label ?? DefaultTileLayouts.placement(forKey: r.key)?.short ?? String(r.name.prefix(3)))
      } else if let d = DefaultTileLayouts.placement(forKey: r.key) {
        out[r.key] = d
      }
    }
    return out
  }
}
