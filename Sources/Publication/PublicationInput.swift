import Charts
import Reports

/// Everything a published report shows, as the tables the commands produce (in English, at full
/// precision, suppressed cells as `Cell.suppressed`). `HTMLReport` translates, labels, rounds
/// and draws them; it computes nothing.
public struct PublicationInput: Sendable {
  /// One index: its region table, checks and ranking tables.
  public struct IndexPart: Sendable {
    public var id: String
    public var label: String
    /// The index table (`key`, region name column, `n`, components, `index`, `se`, `ci95_*`).
    public var estimates: ReportTable
    public var checks: ReportTable?
    /// The rank table first (`rank`, `rank_lower`…), then sensitivity and shrinkage tables.
    public var ranking: [ReportTable]
    public init(id: String, label: String, estimates: ReportTable, checks: ReportTable?, ranking: [ReportTable]) {
      self.id = id
      self.label = label
      self.estimates = estimates
      self.checks = checks
      self.ranking = ranking
    }
  }

  /// A comparison with a published ranking.
  public struct BenchmarkPart: Sendable {
    public var indexID: String
    public var indexLabel: String
    public var benchmarkName: String
    /// The level of the benchmark (its region name column in the tables).
    public var level: String
    /// Benchmark metadata, rank agreement and rank shifts (as `compare --benchmark` prints them).
    public var tables: [ReportTable]
    /// The index table at the benchmark's level (for regions that are not published).
    public var index: ReportTable?
    public init(indexID: String, indexLabel: String, benchmarkName: String, level: String, tables: [ReportTable], index: ReportTable?) {
      self.indexID = indexID
      self.indexLabel = indexLabel
      self.benchmarkName = benchmarkName
      self.level = level
      self.tables = tables
      self.index = index
    }
  }

  /// The change of an index between two waves.
  public struct ChangePart: Sendable {
    public var indexID: String
    public var indexLabel: String
    public var earlierWave: Int
    public var laterWave: Int
    public var table: ReportTable
    public var laterIndex: ReportTable?
    public init(indexID: String, indexLabel: String, earlierWave: Int, laterWave: Int, table: ReportTable, laterIndex: ReportTable?) {
      self.indexID = indexID
      self.indexLabel = indexLabel
      self.earlierWave = earlierWave
      self.laterWave = laterWave
      self.table = table
      self.laterIndex = laterIndex
    }
  }

  public var language: ReportLanguage
  /// Codebook ids → labels (items, scales, indices, blocks); shown instead of ids.
  public var labels: [String: String]
  public var studyID: String
  public var title: String
  public var description: String
  /// The synthetic-data banner (English; translated like every string), nil for real data.
  public var banner: String?
  public var wave: Int
  /// Region level of the indices and rankings ("land", "kreis", …).
  public var level: String
  public var minimumCellSize: Int
  /// What k counts ("respondent", "municipality" or "officer") and whether the study's
  /// publication plan also applies a dominance rule: the report states the rule that was applied.
  public var disclosureUnit: String = "respondent"
  public var disclosureDominance: Bool = false
  public var replicates: Int
  /// How weights were built (e.g. "design weights raked to land × size_class").
  public var weighting: String
  public var quality: [ReportTable]
  public var reliability: [ReportTable]
  public var indices: [IndexPart]
  public var benchmarks: [BenchmarkPart]
  public var changes: [ChangePart]
  /// Tile placements by official region key.
  public var placements: [String: TilePlacement]
  /// Where the tile placements come from.
  public var placementSource: String
  /// Sources beyond the methods' references (e.g. a benchmark's citation).
  public var sources: [String]
  public var toolVersion: String
  /// The codebook's own texts (title, descriptions, region names): shown as written in every
  /// language, never reported as untranslated.
  public var texts: Set<String> = []

  public init(language: ReportLanguage, labels: [String: String], studyID: String, title: String, description: String, banner: String?,
              wave: Int, level: String, minimumCellSize: Int, replicates: Int, weighting: String,
              quality: [ReportTable], reliability: [ReportTable], indices: [IndexPart], benchmarks: [BenchmarkPart], changes: [ChangePart],
              placements: [String: TilePlacement], placementSource: String, sources: [String], toolVersion: String) {
    self.language = language
    self.labels = labels
    self.studyID = studyID
    self.title = title
    self.description = description
    self.banner = banner
    self.wave = wave
    self.level = level
    self.minimumCellSize = minimumCellSize
    self.replicates = replicates
    self.weighting = weighting
    self.quality = quality
    self.reliability = reliability
    self.indices = indices
    self.benchmarks = benchmarks
    self.changes = changes
    self.placements = placements
    self.placementSource = placementSource
    self.sources = sources
    self.toolVersion = toolVersion
  }
}
