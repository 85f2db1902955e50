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

  func validate() throws {
    guard (0...12).contains(digits) else { throw ValidationError("--digits must be between 0 and 12, got \(digits)") }
  }

  /// Renders and writes (or prints) the report.
  func emit(_ report: Report) throws {
    let text = ReportRenderer.render(report, format: format, digits: digits)
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      print(text, terminator: "")
    }
  }
}

/// Options shared by commands that compute.
struct ComputeOptions: ParsableArguments {
  @Option(name: .long, help: "BLAS threads (default: all cores).")
  var threads: Int?

  func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
  }

  func apply() {
    if let threads { BLASThreads.set(threads) }
  }
}
