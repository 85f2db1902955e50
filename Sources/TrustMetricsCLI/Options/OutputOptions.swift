import ArgumentParser
import TrustMetrics

extension OutputFormat: ExpressibleByArgument {}

/// Options shared by every table-producing command.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
  var format: OutputFormat = .text

  @Option(name: [.short, .long], help: "Write to FILE (atomically) instead of standard output.")
  var output: String?

  @Option(name: .long, help: "Decimal places in text and Markdown output (CSV and JSON keep full precision).")
  var digits: Int = 3

  @Option(name: .long, help: ArgumentHelp("Also save the tables as CSV, JSON and Markdown in this folder (NAME.csv/.json/.md).", valueName: "dir"))
  var save: String?

  func validate() throws {
    guard (0...12).contains(digits) else { throw ValidationError("--digits must be between 0 and 12, got \(digits)") }
  }

  /// Renders and writes (or prints) the report; with --save also writes it as CSV, JSON and
  /// Markdown named after its first table.
  func emit(_ report: Report) throws {
    let text = ReportRenderer.render(report, format: format, digits: digits)
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      print(text, terminator: "")
    }
    if let save {
      let name = report.tables.first?.id ?? "report"
      for (f, ext) in [(OutputFormat.csv, "csv"), (.json, "json"), (.md, "md")] {
        try AtomicFile.write(ReportRenderer.render(report, format: f, digits: digits), to: "\(save)/\(name).\(ext)")
      }
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
    if threads != "auto" {
      guard let n = Int(threads), n >= 1 else { throw ValidationError("--threads must be auto or a number ≥ 1, got '\(threads)'") }
      _ = n
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
