import ArgumentParser
import TrustMetrics

extension MissingPolicy: ExpressibleByArgument {}
extension ReliabilityInterval: ExpressibleByArgument {}

struct Reliability: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Cronbach's α, Guttman's λ6 and item statistics for the codebook's scales.",
    discussion: reflow("""
      For every scale of the codebook (or one with --scale): raw and standardised α, λ6 (SMC),
      average and median inter-item r, signal/noise, α's asymptotic SE, the scale mean and SD,
      and a confidence interval (Feldt, or a seeded percentile bootstrap over respondents). With
      --scale also α if an item is dropped, item statistics (raw.r, std.r, r.cor, r.drop) and
      response frequencies. Reverse-keyed items are reflected as R psych::alpha does. --omega K
      adds McDonald's ω hierarchical and total (Schmid–Leiman with K group factors, psych::omega)
      over the selected scales' items.
      Values equal R psych::alpha (pairwise, its default) to 1e-10; see the tests. --missing fail
      refuses any missing answer (naming the respondent and item). --weighted gives the
      design-weighted α (R survey::svycralpha, complete rows) with a Taylor SE, and with --omega a
      design-weighted ω (on the weighted Pearson correlations, pairwise or listwise as --missing,
      or the weighted polychoric ones with --ordinal).

      Example:
        trustmetrics reliability Datasets/real/bfi/study.yaml --scale agree
        trustmetrics reliability Datasets/real/bfi/study.yaml --omega 5
        trustmetrics reliability Datasets/hvb-demo/study.yaml --wave 2023 --ci bootstrap
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Only this scale (also prints item statistics).")
  var scale: String?

  @Option(help: "Only this wave.")
  var wave: Int?

  @Option(help: "Missing data: pairwise (psych's default), listwise, or fail (refuse any missing answer).")
  var missing: MissingPolicy = .pairwise

  @Option(help: "Confidence interval: Feldt (psych) or a percentile bootstrap over respondents.")
  var ci: ReliabilityInterval = .feldt

  @Option(help: "Bootstrap replicates (with --ci bootstrap).")
  var replicates: Int = 1000

  @Option(help: "Bootstrap seed.")
  var seed: UInt64 = 20231

  @Option(help: "Also McDonald's ω (psych::omega) over the selected scales' items with this many group factors.")
  var omega: Int?

  @Flag(help: "Also ordinal α on polychoric correlations (and ω on them with --omega).")
  var ordinal = false

  @Flag(help: "Design-weighted α with a design-based SE (the codebook's design; svycralpha).")
  var weighted = false

  @OptionGroup var cases: CaseOptions
  @OptionGroup var compute: ComputeOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let omega, omega < 1 { throw ValidationError("--omega must be at least 1 group factor, got \(omega)") }
    if weighted && ci == .bootstrap {
      throw ValidationError("--ci bootstrap is not available with --weighted: the design-weighted α comes with a design-based (Taylor) SE")
    }
    guard (100...100_000).contains(replicates) else { throw ValidationError("--replicates must be between 100 and 100000, got \(replicates)") }
  }

  func run() throws {
    compute.apply(.largeProducts)
    try reportingErrors {
      let data = try cases.load(study, wave: wave, writing: output.paths, weighted: weighted)
      var scales = data.study.scales
      if let scale {
        guard let s = data.study.scale(scale) else {
          throw ValidationError("unknown scale '\(scale)'; scales: \(data.study.scales.map(\.id).joined(separator: ", "))")
        }
        scales = [s]
      }
      guard !scales.isEmpty else { throw ValidationError("the codebook declares no scales") }
      if weighted {
        let rows = data.rows(wave: wave)
        let results = try WeightedPsychometrics.alpha(data, scales: scales, rows: rows, missing: missing)
        let note = "design: weights '\(data.study.design?.weight ?? "1")', strata '\(data.study.design?.strata ?? "none")'"
        var tables = [WeightedPsychometrics.alphaTable(results, note: note)]
        if let omega {
          let ids = scales.flatMap(\.items)
          let r = try ItemCorrelations.compute(data, items: ids, rows: rows, method: ordinal ? .polychoric : .pearson, missing: missing,
                                               weighted: true, tests: false)
          var om = try Omega(correlation: r.correlation, factors: omega).reportTables(items: ids)
          om[0].title = "Design-weighted " + om[0].title
          om[0].notes.append("on the design-weighted \(ordinal ? "polychoric" : "Pearson") correlations (\(missing == .listwise ? "complete rows" : "each pair's rows"))")
          tables += om
        }
        try output.emit(Report(title: "Reliability (weighted): \(data.study.title)" + (wave.map { " — wave \($0)" } ?? ""),
                               banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil,
                               tables: tables),
                        context: EmitContext(subject: ["reliability", "weighted", scale ?? "all", wave.map(String.init) ?? ""], study: data.study))
        return
      }
      let options = ReliabilityOptions(missing: missing, bootstrap: ci == .bootstrap ? BootstrapOptions(replicates: replicates, seed: seed) : nil)
      let alphas = try StudyReliability.alpha(data, scales: scales, options: options)
      var tables = [alphas.summaryTable(scales: scales, interval: ci)]
      if scale != nil, let a = alphas.first, let s = scales.first { tables += a.itemTables(scale: s) }
      if ordinal {
        tables.append(try scales.map { try OrdinalAlpha.compute(data, scale: $0) }.reportTable())
      }
      if let omega {
        let ids = scales.flatMap(\.items)
        let r = try ItemCorrelations.compute(data, items: ids, method: ordinal ? .polychoric : .pearson, missing: missing,
                                             tests: false).correlation
        tables += try Omega(correlation: r, factors: omega).reportTables(items: ids)
      }
      try output.emit(Report(title: "Reliability: \(data.study.title)" + (wave.map { " — wave \($0)" } ?? ""),
                             banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil, tables: tables),
                      context: EmitContext(subject: ["reliability", scale ?? "all", wave.map(String.init) ?? ""], study: data.study))
    }
  }
}
