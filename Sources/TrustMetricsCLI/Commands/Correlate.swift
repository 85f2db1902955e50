import ArgumentParser
import TrustMetrics

extension CorrelationChoice: ExpressibleByArgument {}

struct Correlate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Item correlations (Pearson, Spearman, Kendall, polychoric) with KMO and Bartlett.",
    discussion: """
      Pearson with pairwise-complete data is computed from four masked level-3 BLAS products,
      never a loop over pairs; polychoric correlations take all contingency tables from one product
      of one-hot indicator matrices and equal R psych::polychoric (global thresholds, 0.5
      correction, cor.smooth). Also printed: KMO (overall and per item, psych::KMO) and Bartlett's
      test of sphericity (psych::cortest.bartlett).

      Example:
        trustmetrics correlate Datasets/real/bfi/study.yaml --items A1,A2,A3,A4,A5 --method polychoric
      """)

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Comma-separated item ids (default: all items).")
  var items: String?

  @Option(help: "Items of this scale.")
  var scale: String?

  @Option(help: "Correlation: pearson, spearman, kendall or polychoric.")
  var method: CorrelationChoice = .pearson

  @Option(help: "Missing data: pairwise or listwise.")
  var missing: MissingPolicy = .pairwise

  @Option(help: "Only this wave.")
  var wave: Int?

  @Flag(help: "Design-weighted Pearson correlations (the codebook's weights; complete cases).")
  var weighted = false

  @OptionGroup var compute: ComputeOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard missing != .fail else { throw ValidationError("--missing must be pairwise or listwise") }
    if items != nil && scale != nil { throw ValidationError("give --items or --scale, not both") }
    if weighted && method != .pearson { throw ValidationError("--weighted supports --method pearson") }
  }

  func run() throws {
    compute.apply(.largeProducts)
    try reportingErrors {
      let data = try StudyReader.load(studyPath: study, wave: wave)
      let ids = try selectItems(data.study, items: items, scale: scale)
      let result = try ItemCorrelations.compute(data, items: ids, method: method, missing: missing, weighted: weighted)
      try output.emit(Report(title: "Correlations: \(data.study.title)" + (wave.map { " — wave \($0)" } ?? ""),
                             banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil,
                             tables: result.reportTables()))
    }
  }
}

/// The items named by --items or --scale (all items when neither is given); usage errors name what exists.
func selectItems(_ study: Study, items: String?, scale: String?, minimum: Int = 2) throws -> [String] {
  if let scale {
    guard let s = study.scale(scale) else {
      throw ValidationError("unknown scale '\(scale)'; scales: \(study.scales.map(\.id).joined(separator: ", "))")
    }
    return s.items
  }
  guard let items else { return study.items.map(\.id) }
  let ids = items.split(separator: ",").map { String($0).trimmingWhitespace() }
  for id in ids where study.item(id) == nil {
    throw ValidationError("unknown item '\(id)'; items: \(study.items.map(\.id).joined(separator: ", "))")
  }
  guard ids.count >= minimum else { throw ValidationError("--items needs at least \(minimum) item(s)") }
  return ids
}
