import ArgumentParser
import TrustMetrics

struct Describe: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Per-item distributions, means and missingness, by wave or a publication grouping.",
    discussion: reflow("""
      One row per group and item: the group's key and label, valid n, mean, SD (n − 1), median,
      the share missing (blank, missing codes, out of range) and the percentage of each response
      code. Unweighted. Without --wave the waves are pooled: n counts answers, while disclosure
      control counts each unit (respondent, municipality or office holder, as the codebook's
      disclosure: block says) once.

      --by takes `wave` or a publication grouping of the study (disclosure: groupings:, by default
      the region variables and the design strata); any other column is refused, because tables by
      arbitrary columns could be differenced against each other.

      Every number comes from the study's publication plan: a group with fewer than k units
      (disclosure: min_cell_size, default 5), a dominated sum, or a value that could be derived from
      any other table the study publishes (other groupings, other waves, the pooled waves) shows ▪
      in every output format. --min-cell-size can only raise k for this output.

      Example:
        trustmetrics describe Datasets/hvb-demo/study.yaml --by wave --items tr_land,tr_bund
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Group by `wave` or a publication grouping of the study (default: no grouping).")
  var by: String?

  @Option(help: "Only this wave (default: the waves pooled).")
  var wave: Int?

  @Option(help: "Comma-separated item ids (default: all items).")
  var items: String?

  @Option(help: "Disclosure control: withhold groups with fewer units than this too (default and minimum: the study's min_cell_size).")
  var minCellSize: Int?

  @OptionGroup var cases: CaseOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    try reportingErrors {
      // The publication plan needs every wave, also for a table of one wave.
      let data = try cases.load(study, writing: output.paths)
      if let wave, !data.study.waves.contains(wave) { throw IngestError.unknownWave(wave, available: data.study.waves) }
      RunFiles.protect(StudyPublication.declaredRakeMargins(data.study))
      try RunFiles.check(output.paths)
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
        try StudyPublication.checkGrouping(v, study: data.study)
        grouping = .variable(v)
      }
      let k = try StudyPublication.minimumUnits(minCellSize, study: data.study)
      let plan = try StudyPublication.plan(data)
      let publication = DescribePublication(plan: plan, grouping: by, wave: wave, unit: data.study.disclosure.unit.rawValue, minimumUnits: k)
      let summaries = TrustMetrics.Describe.items(data, by: grouping, items: selected, rows: data.rows(wave: wave))
      let table = try summaries.reportTable(study: data.study, groupName: by ?? "group", publication: publication)
      try output.emit(Report(title: "Item distributions: \(data.study.title)" + (wave.map { " — wave \($0)" } ?? ""),
                             banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil, tables: [table]),
                      context: EmitContext(subject: ["describe", by ?? "all", wave.map(String.init) ?? ""], study: data.study))
    }
  }
}
