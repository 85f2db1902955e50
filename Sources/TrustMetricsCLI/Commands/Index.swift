import ArgumentParser
import TrustMetrics

struct Index: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Composite indices (e.g. trust, digital readiness) per region with design-based standard errors.",
    discussion: reflow("""
      For each index of the codebook (or --index): scale scores per respondent, design-weighted
      region means of the components, then the codebook's normalisation, weights and aggregation
      (JRC/OECD Handbook 2008, as R COINr). Standard errors and 95 % intervals come from bootstrap
      replicate weights of the survey design (Rao–Wu within strata), recomputing the whole index
      per replicate. Which regions are published is the study's publication plan's decision (see
      describe): a region is shown only when each component mean and its count rest on enough
      units (k from the codebook's disclosure: block; --min-cell-size can only raise it) and
      cannot be derived from any other table the study publishes; withheld regions take no part
      in normalisation, weights or ranks. Region means use the study's publication weighting.

      Example:
        trustmetrics index Datasets/hvb-demo/study.yaml --level land --wave 2023
        trustmetrics index Datasets/hvb-demo/study.yaml --index readiness --level kreis
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Only this index (default: all indices of the codebook).")
  var index: String?

  @OptionGroup var cases: CaseOptions
  @OptionGroup var region: RegionOptions
  @OptionGroup var compute: ComputeOptions
  @OptionGroup var output: OutputOptions
  @OptionGroup var charting: ChartOptions

  func run() throws {
    compute.apply(.smallMatrices)
    try reportingErrors {
      // Every wave is read: the publication plan covers the tables of all of them.
      let data = try cases.load(study, reading: region.rake, writing: output.paths)
      RunFiles.protect(StudyPublication.declaredRakeMargins(data.study))
      try RunFiles.check(output.paths)
      let ids = index.map { [$0] } ?? data.study.indices.map(\.id)
      guard !ids.isEmpty else { throw ValidationError("the codebook declares no indices (indices:)") }
      let options = try region.options(for: data.study, threads: compute.threads)
      var tables: [ReportTable] = []
      var charts: [(ChartChoice, (ChartBuilder) throws -> String)] = []
      for id in ids {
        let r = try RegionIndex.estimate(data, index: id, options: options)
        let estimates = r.estimateTable()
        tables.append(estimates)
        tables.append(r.checksTable(data))
        if ids.count == 1 {
          let level = options.level, wave = options.wave ?? 0, label = r.definition.label
          let placements = StudyReport.placements(data.study, level: level)
          charts.append((.caterpillar, { try $0.caterpillar(estimates, id: "caterpillar-\(id)", indexLabel: $0.labels[id] ?? label, level: level.rawValue, wave: wave) }))
          if placements.count >= 2 {
            charts.append((.map, { b in
              guard let m = try b.tileMap(estimates, id: "map-\(id)", indexLabel: b.labels[id] ?? label, level: level.rawValue, wave: wave, placements: placements) else {
                throw ValidationError("--chart map: fewer than two regions of this level have a tile position")
              }
              return m.svg
            }))
          }
        }
      }
      if output.format == .svg && ids.count > 1 { throw ValidationError("--format svg draws one index: give --index (\(ids.joined(separator: ", ")))") }
      try output.emit(Report(title: "Indices: \(data.study.title)", banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil, tables: tables),
                      context: EmitContext(subject: ["index", index ?? "all", options.level.rawValue, options.wave.map(String.init) ?? "all"],
                                           study: data.study, inputs: region.rake, charts: charts, chart: charting.chart))
    }
  }
}
