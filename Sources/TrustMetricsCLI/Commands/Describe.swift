import ArgumentParser
import TrustMetrics

struct Describe: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Per-item distributions, means and missingness, by wave or region.",
    discussion: """
      One row per item and group: valid n, mean, SD (n − 1), median, the share missing
      (blank, missing codes, out of range) and the percentage of each response code. Unweighted.
      Groups with fewer than --min-cell-size valid answers (default 5, never below 3) show ▪
      instead of numbers in every output format.

      --by takes `wave`, a region variable of the codebook (e.g. land, kreis) or any other column.

      Example:
        trustmetrics describe Datasets/hvb-demo/study.yaml --by wave --items tr_land,tr_bund
      """)

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Group by `wave`, a region variable or another column (default: no grouping).")
  var by: String?

  @Option(help: "Only this wave.")
  var wave: Int?

  @Option(help: "Comma-separated item ids (default: all items).")
  var items: String?

  @Option(help: "Disclosure control: groups with fewer valid answers are suppressed (at least 3).")
  var minCellSize: Int = 5

  @OptionGroup var cases: CaseOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard minCellSize >= 3 else { throw ValidationError("--min-cell-size must be at least 3, got \(minCellSize)") }
  }

  func run() throws {
    try reportingErrors {
      let data = try cases.load(study, wave: wave, writing: output.paths)
      let selected = items.map { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }
      if let selected {
        for id in selected where data.study.item(id) == nil {
          throw ValidationError("unknown item '\(id)'; items: \(data.study.items.map(\.id).joined(separator: ", "))")
        }
      }
      let grouping: Grouping
      switch by {
      case nil: grouping = .none
      case "wave": grouping = .wave
      case let v?:
        guard data.regionKeys[v] != nil || data.variables[v] != nil else {
          let allowed = ["wave"] + data.study.regionVariables.map(\.variable) + data.variables.keys.sorted()
          throw ValidationError("--by '\(v)' is not a column of the study; allowed: \(allowed.joined(separator: ", "))")
        }
        grouping = .variable(v)
      }
      let summaries = TrustMetrics.Describe.items(data, by: grouping, items: selected)
      let table = summaries.reportTable(study: data.study, groupName: by ?? "group", minimumCellSize: minCellSize)
      try output.emit(Report(title: "Item distributions: \(data.study.title)",
                             banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil, tables: [table]),
                      context: EmitContext(subject: ["describe", by ?? "all", wave.map(String.init) ?? ""], study: data.study))
    }
  }
}
