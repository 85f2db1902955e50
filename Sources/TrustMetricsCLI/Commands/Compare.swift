import ArgumentParser
import TrustMetrics

struct Compare: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Compare an index's regional ranking with a published ranking or with an earlier wave.",
    discussion: reflow("""
      --benchmark FILE.csv: a published ranking with a metadata sidecar FILE.meta.yaml (source,
      year, level, columns, scale, absolute/relative scoring — printed with the result). Regions
      are matched by official key or by normalised name (umlauts, "Halle (Saale)" vs "Halle");
      unmatched ones are listed. Prints Spearman ρ and Kendall τ-b with p-values and intervals that
      include the survey's sampling uncertainty (bootstrap), top-k and bottom-k overlap, and a
      rank-shift table (the data for an agreement plot).
      --previous-wave W: change per region from wave W to --wave with 95 % interval and a
      significance flag (panel overlap taken into account), and the rank mobility.

      Example:
        trustmetrics compare Datasets/hvb-demo/study.yaml --index readiness --benchmark Datasets/benchmarks/bitkom_laenderindex_2024.csv
        trustmetrics compare Datasets/hvb-demo/study.yaml --index trust --previous-wave 2021
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "The index to compare.")
  var index: String

  @Option(help: "A benchmark ranking CSV (with FILE.meta.yaml).")
  var benchmark: String?

  @Option(help: "Compare with this earlier wave.")
  var previousWave: Int?

  @Option(help: PanelOption.help)
  var panel: String?

  @OptionGroup var cases: CaseOptions
  @OptionGroup var region: RegionOptions
  @OptionGroup var compute: ComputeOptions
  @OptionGroup var output: OutputOptions
  @OptionGroup var charting: ChartOptions

  func validate() throws {
    guard (benchmark == nil) != (previousWave == nil) else { throw ValidationError("give exactly one of --benchmark FILE or --previous-wave W") }
    if let previousWave, let wave = region.wave, previousWave >= wave {
      throw ValidationError("--previous-wave \(previousWave) must be earlier than the analysed wave (--wave \(wave))")
    }
    if panel != nil && previousWave == nil { throw ValidationError("--panel needs --previous-wave (it links the units of two waves)") }
  }

  func run() throws {
    compute.apply(.smallMatrices)
    try reportingErrors {
      let data = try cases.load(study, reading: region.rake + (benchmark.map(RunFiles.benchmarkFiles) ?? []), writing: output.paths)
      RunFiles.protect(StudyPublication.declaredRakeMargins(data.study))
      try RunFiles.check(output.paths)
      let banner = data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil
      if let benchmark {
        let b = try BenchmarkRanking.load(path: benchmark)
        var options = try region.options(for: data.study, threads: compute.threads)
        options.level = b.metadata.level
        let idx = try RegionIndex.estimate(data, index: index, options: options)
        let c = try BenchmarkComparison.compare(idx, with: b, seed: region.seed)
        let tables = c.reportTables(), estimates = idx.estimateTable(), level = options.level.rawValue, label = idx.definition.label, id = index
        let chart: (ChartBuilder) throws -> String = { builder in
          try builder.agreement(agreement: tables[1], shifts: tables[2], index: estimates, id: "agreement-\(id)", indexLabel: builder.labels[id] ?? label,
                                benchmarkName: b.metadata.name, level: level)
        }
        try output.emit(Report(title: "Comparison with \(b.metadata.name): \(data.study.title)", banner: banner, tables: tables),
                        context: EmitContext(subject: ["compare", index, level, options.wave.map(String.init) ?? "all", fileStem(benchmark)],
                                             study: data.study, inputs: benchmarkInputs(benchmark) + region.rake, charts: [(.agreement, chart)], chart: charting.chart))
      } else if let previousWave {
        guard data.study.waves.contains(previousWave) else {
          throw IngestError.unknownWave(previousWave, available: data.study.waves)
        }
        if let analysed = region.wave ?? data.study.waves.last, previousWave >= analysed {
          throw ValidationError("--previous-wave \(previousWave) must be earlier than the analysed wave \(analysed) (\(region.wave == nil ? "the latest; choose another with --wave" : "--wave"))")
        }
        let panelColumn = try PanelOption.resolve(panel, data: data, waves: [previousWave, region.wave ?? data.study.waves.last ?? previousWave])
        let c = try WaveIndexComparison.compare(data, index: index,
                                                earlier: try region.options(for: data.study, wave: previousWave, threads: compute.threads),
                                                later: try region.options(for: data.study, threads: compute.threads), panelVariable: panelColumn)
        let later = c.later
        var changeTables = c.reportTables()
        if !changeTables.isEmpty {   // measurement invariance of the index's scales across the two waves
          changeTables[0].notes += StudyCFA.invarianceNotes(data, index: index, wave: nil, waves: [previousWave, later.options.wave ?? data.study.waves.last ?? previousWave])
        }
        let tables = changeTables, estimates = later.estimateTable(), level = later.options.level.rawValue, label = later.definition.label, id = index
        let w0 = previousWave, w1 = later.options.wave ?? 0
        let chart: (ChartBuilder) throws -> String = { builder in
          try builder.change(tables[0], laterIndex: estimates, id: "change-\(id)", indexLabel: builder.labels[id] ?? label, level: level, earlier: w0, later: w1)
        }
        try output.emit(Report(title: "Change between waves: \(data.study.title)", banner: banner, tables: tables),
                        context: EmitContext(subject: ["change", index, level, "\(w0)-\(w1)"], study: data.study, inputs: region.rake, charts: [(.change, chart)], chart: charting.chart))
      }
    }
  }
}
