import ArgumentParser
import TrustMetrics

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Validate a study: codebook, data files and a data-quality report per wave.",
    discussion: reflow("""
      Reads the codebook and every data file it names, applies the response scales (numbers,
      or text answers decoded through the scales' labels and aliases) and prints per wave:
      valid / blank / not-asked / missing-code / out-of-range counts per item, out-of-range and
      undecodable cells (file:line:column, respondent, value, what is allowed), duplicate
      respondent ids, region keys that resolve to no region (with what they look like and what
      would match), straight-lining over item blocks, and completeness per respondent. Then the
      case selection (rows read, dropped per rule), header row counts that disagree with the
      data, value labels of .sav/.dta files that disagree with the codebook, and non-numeric
      cells in numeric columns.

      With --strict any warning is an error (exit 65).

      --dropped FILE writes the rows the case rules dropped (file, line, wave, respondent id,
      rule) as CSV. It is a respondent-level file: analyst microdata, for finding the rows in
      the raw export; never publish it.

      The report is for the analyst, not a publication: its out-of-range listing names
      respondents (file, line, item, value). Keep it out of folders you publish.

      Example:
        trustmetrics check Datasets/hvb-demo/study.yaml --wave 2023
        trustmetrics check Datasets/tool-exports/study.yaml --dropped /tmp/dropped.csv
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Only this wave.")
  var wave: Int?

  @Flag(help: "Treat data-quality warnings as errors (exit 65).")
  var strict = false

  @Option(help: ArgumentHelp("Write the rows the case rules dropped to FILE (CSV; respondent-level microdata: never publish).",
                             valueName: "file"))
  var dropped: String?

  @OptionGroup var cases: CaseOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    try reportingErrors {
      let data = try cases.load(study, wave: wave, writing: output.paths + [dropped], printWarnings: false, qualityReport: true)
      let quality = wave.map { [QualityCheck.report(data, wave: $0)] } ?? QualityCheck.run(data)
      var report = quality.report(study: data.study)
      if data.caseSelection.declaredRules > 0 { report.tables.append(data.caseSelection.reportTable()) }
      report.tables += data.loadReport.reportTables()
      try output.emit(report, context: EmitContext(subject: ["check", wave.map(String.init) ?? "all"], study: data.study))
      if let dropped {
        try RunFiles.write(CaseSelectionFile.csv(data.caseSelection), to: dropped)
      }
      let warnings = quality.warnings + data.loadReport.warnings
      for w in warnings { warn(w) }
      if strict, let first = warnings.first {
        throw IngestError.strictWarnings(count: warnings.count, first: first)
      }
    }
  }
}
