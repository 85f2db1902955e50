import ArgumentParser
import LinearAlgebra
import TrustMetrics

@main
struct TrustMetricsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trustmetrics",
    abstract: "Survey and trust-metrics analytics for surveys of chief administrative officers.",
    discussion: reflow("""
      A study is a codebook (study.yaml) plus its data files (CSV, XLSX, SPSS .sav, Stata .dta);
      `trustmetrics init DATA` drafts the codebook from a survey tool's export.
      Every table-producing command takes --format text|csv|tsv|json|md|tex|xlsx (index, rank and compare also svg), --output FILE, --save DIR, --lang en|de, --labels and --csv rfc4180|excel-de; report writes the whole analysis as HTML or PDF. Disclosure control is on by default: every published number follows the study's publication plan (the codebook's disclosure: block; --min-cell-size can only raise its k).

      Exit codes: 0 ok, 1 internal error, 64 usage error, 65 data error, 73 output not writable.
      """),
    version: "0.1.0",
    subcommands: [Init.self, Check.self, Describe.self, Reliability.self, Correlate.self, Factors.self, CFA.self, Weight.self, Estimate.self, Index.self, Rank.self, Compare.self, ReportCommand.self, Simulate.self])

  /// OpenBLAS starts its worker threads when the library is loaded, and they spin in sched_yield
  /// for about 0.1 s of a core before they sleep: they are stopped before anything else runs (the
  /// first threaded BLAS call, or `--threads`, starts them again).
  static func main() {
    BLASThreads.releaseWorkers()
    main(nil)
  }
}
