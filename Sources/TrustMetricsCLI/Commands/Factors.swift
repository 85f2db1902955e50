import ArgumentParser
import Foundation
import TrustMetrics

extension ExtractionChoice: ExpressibleByArgument {}
extension Rotation: ExpressibleByArgument {}
extension FactorScoreMethod: ExpressibleByArgument {}

struct Factors: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Exploratory factor analysis: minres, ML, PA or PCA with rotations, parallel analysis, MAP.",
    discussion: reflow("""
      Fits the factor model to the pairwise item correlation matrix (Pearson, Spearman, Kendall or
      polychoric) as R psych::fa(x, cor = …) given the data, or psych::principal: minres, maximum
      likelihood (χ², RMSEA with 90 % CI, TLI, BIC; the residual statistics RMSR and fit weighted by
      each pair's count, as psych does with data),
      principal axis, or principal components; rotations varimax, quartimax, promax, oblimin,
      quartimin, geominQ, geominT (GPArotation semantics; oblique ones print Φ). The number of
      factors is a number, `parallel` (psych::fa.parallel) or `map` (Velicer).
      --scores FILE writes per-respondent factor scores (regression, bartlett or tenBerge) as CSV:
      respondent-level output meant for the analyst, written atomically.

      Example:
        trustmetrics factors Datasets/real/bfi/study.yaml --method minres --rotate oblimin --nfactors 5
        trustmetrics factors Datasets/hvb-demo/study.yaml --wave 2023 --nfactors parallel
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Comma-separated item ids (default: all items).")
  var items: String?

  @Option(help: "Items of this scale.")
  var scale: String?

  @Option(help: "Only this wave.")
  var wave: Int?

  @Option(help: "Extraction: minres, ml, pa or pca.")
  var method: ExtractionChoice = .minres

  @Option(help: "Rotation: \(Rotation.allCases.map(\.rawValue).joined(separator: ", ")).")
  var rotate: Rotation = .oblimin

  @Option(help: "Number of factors: a number, `parallel` or `map`.")
  var nfactors: String = "parallel"

  @Option(help: "Correlations to factor (pairwise).")
  var correlation: CorrelationChoice = .pearson

  @Option(help: "Simulated matrices for parallel analysis.")
  var iterations: Int = 20

  @Option(help: "Seed for parallel analysis.")
  var seed: UInt64 = 20231

  @Option(help: "Write factor scores per respondent to this CSV file (respondent-level: an analyst file, not a publication).")
  var scores: String?

  @Option(help: "Factor-score method: regression, bartlett or tenBerge.")
  var scoreMethod: FactorScoreMethod = .tenBerge

  @Flag(help: "Factor the design-weighted correlation matrix (the codebook's weights; Pearson or polychoric).")
  var weighted = false

  @OptionGroup var cases: CaseOptions
  @OptionGroup var compute: ComputeOptions
  @OptionGroup var output: OutputOptions

  var rule: FactorCountRule? {
    switch nfactors {
    case "parallel": .parallel
    case "map": .map
    default: Int(nfactors).map { .fixed($0) }
    }
  }

  func validate() throws {
    guard let rule else { throw ValidationError("--nfactors must be a whole number, parallel or map; got '\(nfactors)'") }
    if case .fixed(let k) = rule, k < 1 { throw ValidationError("--nfactors must be at least 1, got \(k)") }
    if weighted && (correlation == .spearman || correlation == .kendall) {
      throw ValidationError("--weighted supports --correlation pearson or polychoric (design-weighted rank correlations are not available)")
    }
    guard (5...10_000).contains(iterations) else { throw ValidationError("--iterations must be between 5 and 10000") }
    if items != nil && scale != nil { throw ValidationError("give --items or --scale, not both") }
  }

  func run() throws {
    compute.apply(.smallMatrices)
    try reportingErrors {
      let data = try cases.load(study, wave: wave, writing: output.paths + [scores], weighted: weighted)
      let ids = try selectItems(data.study, items: items, scale: scale)
      guard let rule else { return }
      let fa = try ItemFactorAnalysis.run(data, items: ids, correlation: correlation, extraction: method, rotation: rotate,
                                          count: rule, iterations: iterations, seed: seed, weighted: weighted)
      try output.emit(Report(title: "Factor analysis: \(data.study.title)" + (wave.map { " — wave \($0)" } ?? ""),
                             banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil,
                             tables: fa.reportTables()),
                      context: EmitContext(subject: ["factors", method.rawValue, rotate.rawValue, scale ?? (items == nil ? "all" : "items"), wave.map(String.init) ?? ""], study: data.study))
      if let scores {
        let s = try fa.scores(data, method: scoreMethod)
        var csv = ([data.study.respondentID] + (1...s.columns).map { "F\($0)" }).joined(separator: ",") + "\n"
        for i in 0..<s.rows {
          csv += ([data.respondentIDs[i]] + (0..<s.columns).map { s[i, $0].isNaN ? "" : ReportRenderer.fullPrecision(s[i, $0]) })
            .joined(separator: ",") + "\n"
        }
        try RunFiles.write(csv, to: scores)
      }
    }
  }
}
