import ArgumentParser
import Foundation
import TrustMetrics

struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate the synthetic demo study (seeded, with its truth file).",
    discussion: reflow("""
      Writes study.yaml, data/hvb_<wave>.csv, truth.json, margins/ and README.md to --output:
      a SYNTHETIC survey of chief administrative officers (Hauptverwaltungsbeamte) in the 16
      Länder with a Sachsen-Anhalt boost (its 14 Kreise and ≈120 Gemeinde-level HVB), three waves
      with panel overlap, non-response, missing codes and planted data-quality problems. The model
      (loadings, factor correlations, region and wave effects, inclusion probabilities) is in
      truth.json; see Notebooks-md/reference-demo-study.md. The same seed gives identical files.

      Example:
        trustmetrics simulate --seed 20231 --output Datasets/hvb-demo
      """))

  @Option(help: "Random seed.")
  var seed: UInt64 = 20231

  @Option(help: "Size of the national sample of HVB positions.")
  var sampleSize: Int = 1600

  @Option(name: [.short, .long], help: "Output folder (new or empty, unless --force).")
  var output: String

  @Flag(help: "Write into a folder that already holds files (files of the same name are replaced).")
  var force = false

  func validate() throws {
    guard (100...1_000_000).contains(sampleSize) else {
      throw ValidationError("--sample-size must be between 100 and 1000000, got \(sampleSize)")
    }
  }

  func run() throws {
    try reportingErrors {
      try refuseNonEmptyFolder()
      let config = DemoStudyConfiguration(seed: seed, nationalSampleSize: sampleSize)
      let study = DemoStudyGenerator.generate(config)
      try DemoStudyGenerator.write(study, to: output)
      let rows = study.waves.map { "\($0.wave): \($0.rows.count) rows" }.joined(separator: ", ")
      print("SYNTHETIC demo study written to \(output) (seed \(seed); \(rows))")
    }
  }

  /// Refuses (exit 64) an output that is a file, or a folder that holds anything, unless --force.
  func refuseNonEmptyFolder() throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) else { return }
    guard isDirectory.boolValue else {
      throw ValidationError("--output \(output) is a file; simulate writes a folder (study.yaml, data/, margins/, truth.json, README.md)")
    }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
    guard !entries.isEmpty, !force else { return }
    let shown = entries.sorted().prefix(3).joined(separator: ", ") + (entries.count > 3 ? ", …" : "")
    throw ValidationError(
      "--output \(output) is not empty (\(entries.count) entries: \(shown)); simulate would replace study.yaml, data/, margins/, truth.json and README.md there. Give a new or empty folder, or --force")
  }
}
