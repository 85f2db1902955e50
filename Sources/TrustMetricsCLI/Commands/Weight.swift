import ArgumentParser
import TrustMetrics

struct Weight: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Rake design weights to population margins; print convergence and a weight summary.",
    discussion: reflow("""
      Rakes (iterative proportional fitting, R survey::rake) the codebook's design weights of each
      wave to the population margins given as CSV files (key columns naming data columns, and a
      `population` column; several key columns make a joint margin, i.e. post-stratification).
      Population cells without any respondent are left out and listed. Prints per wave the
      convergence and a weight summary (min, max, mean, CV, Kish effective n, design effect due to
      weighting), and with --output writes respondent id, wave and raked weight as CSV.

      Example:
        trustmetrics weight Datasets/hvb-demo/study.yaml --rake Datasets/hvb-demo/margins/land_sizeclass.csv --output weights.csv
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: ArgumentHelp("Population margin CSV; repeatable.", valueName: "margins.csv"))
  var rake: [String] = []

  @Option(help: "Only this wave.")
  var wave: Int?

  @Option(help: "Write respondent id, wave and raked weight to this CSV file (respondent-level: an analyst file, not a publication).")
  var weightsOutput: String?

  @OptionGroup var cases: CaseOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    guard !rake.isEmpty else { throw ValidationError("give at least one --rake margins.csv") }
  }

  func run() throws {
    try reportingErrors {
      let data = try cases.load(study, wave: wave, reading: rake, writing: output.paths + [weightsOutput])
      let margins = try rake.map { try MarginTable.load(path: $0) }
      let waves: [Int?] = wave.map { [$0] } ?? (data.study.waves.isEmpty ? [nil] : data.study.waves.map { Optional($0) })
      var tables: [ReportTable] = []
      var csv = "\(data.study.respondentID),wave,weight\n"
      for w in waves {
        let rows = data.rows(wave: w)
        let r = try StudyRaking.rake(data, rows: rows, margins: margins)
        tables.append(r.reportTable(wave: w))
        for (i, row) in rows.enumerated() {
          csv += "\(data.respondentIDs[row]),\(w.map(String.init) ?? ""),\(ReportRenderer.fullPrecision(r.result.design.weights[i]))\n"
        }
      }
      try output.emit(Report(title: "Weighting: \(data.study.title)", banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil, tables: tables),
                      context: EmitContext(subject: ["weight"] + margins.map { fileStem($0.path) } + [wave.map(String.init) ?? "all"],
                                           study: data.study, inputs: rake))
      if let weightsOutput { try RunFiles.write(csv, to: weightsOutput) }
    }
  }
}
