import ArgumentParser
import TrustMetrics

struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate the synthetic demo study (seeded, with its truth file).",
    discussion: """
      Writes study.yaml, data/hvb_<wave>.csv, truth.json, margins/ and README.md to --output.
      The same seed always gives byte-identical files. The data are SYNTHETIC.

      Example:
        trustmetrics simulate --seed 20231 --output Datasets/hvb-demo
      """)

  @Option(help: "Random seed.")
  var seed: UInt64 = 20231

  @Option(name: [.short, .long], help: "Output folder.")
  var output: String

  func run() throws {
    throw ValidationError("simulate is not available yet")
  }
}
