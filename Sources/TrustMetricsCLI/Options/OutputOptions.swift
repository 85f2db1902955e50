import ArgumentParser
import TrustMetrics

/// Output formats on the command line: the text formats of `OutputFormat`, and `xlsx`.
enum OutputChoice: String, CaseIterable, ExpressibleByArgument {
  case text, csv, tsv, json, md, xlsx
  var textFormat: OutputFormat? { OutputFormat(rawValue: rawValue) }
}

/// Options shared by every table-producing command.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: \(OutputChoice.allCases.map(\.rawValue).joined(separator: ", ")) (xlsx needs --output).")
  var format: OutputChoice = .text

  @Option(name: [.short, .long], help: "Write to FILE (atomically) instead of standard output.")
  var output: String?

  @Option(name: .long, help: "Decimal places in text and Markdown output (CSV and JSON keep full precision).")
  var digits: Int = 3

  @Option(name: .long, help: ArgumentHelp("Also save the tables as CSV, JSON, Markdown and XLSX in this folder (NAME.csv/.json/.md/.xlsx).", valueName: "dir"))
  var save: String?

  func validate() throws {
    guard (0...12).contains(digits) else { throw ValidationError("--digits must be between 0 and 12, got \(digits)") }
    if format == .xlsx && output == nil { throw ValidationError("--format xlsx writes a workbook: give --output FILE.xlsx") }
  }

  /// The output files known before the run (checked against the run's inputs when the study loads).
  var paths: [String?] { [output] }

  /// Renders and writes (or prints) the report; with --save also writes it as CSV, JSON and
  /// Markdown named after its first table. Every path is checked against the run's inputs first
  /// (`RunFiles.check`: an output that is an input is exit 64, nothing written).
  func emit(_ report: Report) throws {
    let name = report.tables.first?.id ?? "report"
    let saved = save.map { save in ["csv", "json", "md", "xlsx"].map { "\(save)/\(name).\($0)" } } ?? []
    try RunFiles.check([output] + saved)
    if let textFormat = format.textFormat {
      let text = ReportRenderer.render(report, format: textFormat, digits: digits)
      if let output {
        try AtomicFile.write(text, to: output)
      } else {
        // Unbuffered, so a full or failing standard output is exit 73, not a silent loss.
        try SafeOutput.writeStandardOutput(text)
      }
    } else if let output {
      try ReportWorkbook.write(report, to: output)
    }
    if let save {
      for (f, ext) in [(OutputFormat.csv, "csv"), (.json, "json"), (.md, "md")] {
        try AtomicFile.write(ReportRenderer.render(report, format: f, digits: digits), to: "\(save)/\(name).\(ext)")
      }
      try ReportWorkbook.write(report, to: "\(save)/\(name).xlsx")
    }
  }
}

/// Options shared by commands that compute.
struct ComputeOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(
    "BLAS threads: a number, or auto (all cores for large cross-products; one thread for work on small matrices).",
    discussion: "OpenBLAS threads cost more than they gain on the many small decompositions of factor analysis."))
  var threads: String = "auto"

  func validate() throws {
    if threads != "auto", (Int(threads) ?? 0) < 1 {
      throw ValidationError("--threads must be auto or a number ≥ 1, got '\(threads)'")
    }
  }

  /// Kinds of work, for `--threads auto`.
  enum Workload { case largeProducts, smallMatrices }

  /// Sets the process-wide BLAS thread count: the given number, or for `auto` all cores for
  /// large products and 1 for small-matrix work (measured: `factors --nfactors parallel` on the
  /// demo study took 0.6 s with one thread and 17 s with two on a loaded 2-core machine).
  func apply(_ workload: Workload) {
    if let n = Int(threads) {
      BLASThreads.set(n)
    } else if workload == .smallMatrices {
      BLASThreads.set(1)
    }
  }
}
