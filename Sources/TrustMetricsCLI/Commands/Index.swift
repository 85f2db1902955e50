import ArgumentParser
import TrustMetrics

struct Index: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Composite indices (e.g. trust, digital readiness) per region with design-based standard errors.",
    discussion: """
      For each index of the codebook (or --index): scale scores per respondent, design-weighted
      region means of the components, then the codebook's normalisation, weights and aggregation
      (JRC/OECD Handbook 2008, as R COINr). Standard errors and 95 % intervals come from bootstrap
      replicate weights of the survey design (Rao–Wu within strata), recomputing the whole index
      per replicate. Regions with fewer than --min-cell-size respondents (and any region whose
      value could be recovered from them) are suppressed in every output format.

      Example:
        trustmetrics index Datasets/hvb-demo/study.yaml --level land --wave 2023
        trustmetrics index Datasets/hvb-demo/study.yaml --index readiness --level kreis
      """)

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Only this index (default: all indices of the codebook).")
  var index: String?

  @OptionGroup var region: RegionOptions
  @OptionGroup var compute: ComputeOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    compute.apply(.smallMatrices)
    try reportingErrors {
      // Only the analysed wave is read when one is named.
      let data = try RunFiles.load(study, wave: region.wave, reading: region.rake, writing: output.paths)
      let ids = index.map { [$0] } ?? data.study.indices.map(\.id)
      guard !ids.isEmpty else { throw ValidationError("the codebook declares no indices (indices:)") }
      let options = try region.options(for: data.study, threads: compute.threads)
      var tables: [ReportTable] = []
      for id in ids {
        let r = try RegionIndex.estimate(data, index: id, options: options)
        tables.append(r.estimateTable())
        tables.append(r.checksTable(data))
      }
      try output.emit(Report(title: "Indices: \(data.study.title)", banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil, tables: tables))
    }
  }
}
