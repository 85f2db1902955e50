import ArgumentParser
import TrustMetrics

extension RankUncertainty: ExpressibleByArgument {}

struct Rank: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Rank regions on an index with honest uncertainty (rank confidence sets, bootstrap, Monte Carlo).",
    discussion: reflow("""
      Ranks the regions of one level and wave on an index of the codebook. A bare league table of
      means is noise when a region has a handful of respondents, so three views are given:
        csranks     marginal and simultaneous 95 % confidence sets for each rank (Mogstad, Romano,
                    Shaikh & Wilhelm 2024, as R csranks), from the estimates and their covariance;
        bootstrap   the rank over the design's bootstrap replicates: median, 5–95 % band, P(top k);
        montecarlo  the rank over variants of the index's own choices (normalisation, weights,
                    aggregation) with Sobol sensitivity indices (as COINr get_sensitivity).
      --shrink adds area-level empirical-Bayes (Fay–Herriot) estimates towards a regression on the
      region table's covariates, with their RMSE and the shrinkage factor. Only the regions the
      study's publication plan publishes are ranked (ranks are among them; see index).

      Example:
        trustmetrics rank Datasets/hvb-demo/study.yaml --index readiness --level land --wave 2023
        trustmetrics rank Datasets/hvb-demo/study.yaml --index trust --level kreis --shrink
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "The index to rank on.")
  var index: String

  @Option(help: "csranks, bootstrap, montecarlo or all.")
  var uncertainty: RankUncertainty = .all

  @Flag(help: "Add Fay–Herriot shrinkage estimates.")
  var shrink = false

  @Option(help: "k for P(top k) and P(bottom k).")
  var top: Int = 3

  @OptionGroup var cases: CaseOptions
  @OptionGroup var region: RegionOptions
  @OptionGroup var compute: ComputeOptions
  @OptionGroup var output: OutputOptions
  @OptionGroup var charting: ChartOptions

  func validate() throws {
    guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
  }

  func run() throws {
    compute.apply(.smallMatrices)
    try reportingErrors {
      // Every wave is read: the publication plan covers the tables of all of them.
      let data = try cases.load(study, reading: region.rake, writing: output.paths)
      RunFiles.protect(StudyPublication.declaredRakeMargins(data.study))
      try RunFiles.check(output.paths)
      let idx = try RegionIndex.estimate(data, index: index, options: try region.options(for: data.study, threads: compute.threads))
      let ranking = try RegionRanking.rank(idx, uncertainty: uncertainty, shrink: shrink, topK: top, seed: region.seed)
      var rankTables = ranking.reportTables()
      if !rankTables.isEmpty {   // measurement invariance of the index's scales (codebook `invariance:`)
        rankTables[0].notes += StudyCFA.invarianceNotes(data, index: index, level: idx.options.level, wave: idx.options.wave)
      }
      let tables = rankTables, estimates = idx.estimateTable()
      let level = idx.options.level, wave = idx.options.wave ?? 0, label = idx.definition.label, id = index
      let placements = StudyReport.placements(data.study, level: level)
      var charts: [(ChartChoice, (ChartBuilder) throws -> String)] = [
        (.rank, { try $0.rankPlot(tables[0], index: estimates, id: "rank-\(id)", indexLabel: $0.labels[id] ?? label, level: level.rawValue, wave: wave) }),
        (.caterpillar, { try $0.caterpillar(estimates, id: "caterpillar-\(id)", indexLabel: $0.labels[id] ?? label, level: level.rawValue, wave: wave) }),
      ]
      if placements.count >= 2 {
        charts.append((.map, { b in
          guard let m = try b.tileMap(estimates, id: "map-\(id)", indexLabel: b.labels[id] ?? label, level: level.rawValue, wave: wave, placements: placements) else {
            throw ValidationError("--chart map: fewer than two regions of this level have a tile position")
          }
          return m.svg
        }))
      }
      try output.emit(Report(title: "Ranking: \(data.study.title)", banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil,
                             tables: tables),
                      context: EmitContext(subject: ["rank", index, level.rawValue, idx.options.wave.map(String.init) ?? "all"],
                                           study: data.study, inputs: region.rake, charts: charts, chart: charting.chart))
    }
  }
}
