import ArgumentParser
import TrustMetrics

extension CorrelationChoice: ExpressibleByArgument {}
extension PValueAdjustment: ExpressibleByArgument {}

struct Correlate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Item correlations (Pearson, Spearman, Kendall, polychoric) with tests, KMO and Bartlett.",
    discussion: reflow("""
      Pearson with pairwise-complete data is computed from one level-3 BLAS product of the shifted
      data and sparse corrections for the missing cells, never a loop over pairs; polychoric
      correlations take all contingency tables from one product of one-hot indicator matrices and
      equal R psych::polychoric (global thresholds, 0.5 correction, cor.smooth). Every pair of a
      Pearson, Spearman or Kendall matrix is tested as R cor.test (two-sided; Pearson t with a
      Fisher-z interval; Spearman and Kendall exact without ties for small n, otherwise the
      approximations R uses), and the p-values are adjusted over all pairs (--p-adjust, Holm by
      default, as psych::corr.test, whose p matrix layout is printed). The per-pair table is part
      of csv, tsv, json and xlsx output, and of text and md output with --pairs. Also printed: KMO
      (overall and per item, psych::KMO) and Bartlett's test of sphericity (psych::cortest.bartlett).
      --weighted uses the codebook's design weights (Pearson pairwise or listwise as R survey
      svyvar; polychoric as psych::polychoric(weight =)); design-weighted correlations get no tests.

      Example:
        trustmetrics correlate Datasets/real/bfi/study.yaml --items A1,A2,A3,A4,A5 --method polychoric
        trustmetrics correlate Datasets/real/bfi/study.yaml --scale agree --method spearman --pairs
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Comma-separated item ids (default: all items).")
  var items: String?

  @Option(help: "Items of this scale.")
  var scale: String?

  @Option(help: "Correlation coefficient.")
  var method: CorrelationChoice = .pearson

  @Option(help: "Missing data: pairwise (each pair's rows), listwise (complete rows) or fail (refuse any missing answer).")
  var missing: MissingPolicy = .pairwise

  @Option(name: .customLong("p-adjust"), help: "Adjustment of the pairs' p-values (R p.adjust methods).")
  var pAdjust: PValueAdjustment = .holm

  @Option(help: "Confidence level of the Pearson intervals.")
  var level: Double = 0.95

  @Flag(help: "Also print the per-pair test table in text and md output.")
  var pairs = false

  @Option(help: "Only this wave.")
  var wave: Int?

  @Flag(help: "Design-weighted correlations (the codebook's weights): Pearson or polychoric.")
  var weighted = false

  @OptionGroup var cases: CaseOptions
  @OptionGroup var compute: ComputeOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if items != nil && scale != nil { throw ValidationError("give --items or --scale, not both") }
    if weighted && (method == .spearman || method == .kendall) {
      throw ValidationError("--weighted supports --method pearson or polychoric (design-weighted rank correlations are not available)")
    }
    guard level > 0 && level < 1 else { throw ValidationError("--level must be between 0 and 1, got \(level)") }
  }

  func run() throws {
    compute.apply(.largeProducts)
    try reportingErrors {
      let data = try cases.load(study, wave: wave, writing: output.paths, weighted: weighted)
      let ids = try selectItems(data.study, items: items, scale: scale)
      let result = try ItemCorrelations.compute(data, items: ids, method: method, missing: missing, weighted: weighted,
                                                adjustment: pAdjust, level: level)
      let machine = [.csv, .tsv, .json, .xlsx].contains(output.format)
      try output.emit(Report(title: "Correlations: \(data.study.title)" + (wave.map { " — wave \($0)" } ?? ""),
                             banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil,
                             tables: result.reportTables(includePairs: pairs || machine)),
                      context: EmitContext(subject: ["correlate", method.rawValue, scale ?? (items == nil ? "all" : "items"), wave.map(String.init) ?? ""], study: data.study))
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
