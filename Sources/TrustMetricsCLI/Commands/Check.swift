import ArgumentParser
import TrustMetrics

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate a study: codebook, data files and a data-quality report per wave.",
    discussion: """
      Reads the codebook and every data file it names, applies the response scales and prints
      per wave: valid / blank / missing-code / out-of-range counts per item, out-of-range cells
      (file, line, item, value), duplicate respondent ids, region keys missing from the region
      table, straight-lining over item blocks, and completeness per respondent.

      With --strict any warning is an error (exit 65).

      Example:
        trustmetrics check Datasets/hvb-demo/study.yaml --wave 2023
      """)

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Only this wave.")
  var wave: Int?

  @Flag(help: "Treat data-quality warnings as errors (exit 65).")
  var strict = false

  @OptionGroup var output: OutputOptions

  func run() throws {
    try reportingErrors {
      let data = try RunFiles.load(study, wave: wave, writing: output.paths)
      let quality = wave.map { [QualityCheck.report(data, wave: $0)] } ?? QualityCheck.run(data)
      try output.emit(quality.report(study: data.study), context: EmitContext(subject: ["check", wave.map(String.init) ?? "all"], study: data.study))
      let warnings = quality.warnings
      for w in warnings { warn(w) }
      if strict, let first = warnings.first {
        throw IngestError.strictWarnings(count: warnings.count, first: first)
      }
    }
  }
}
