import Foundation
import ArgumentParser
import TrustMetrics

extension RegionLevel: ExpressibleByArgument {}

/// Options shared by the region-index commands (index, rank, compare).
struct RegionOptions: ParsableArguments {
  @Option(help: "Region level: land, kreis or gemeinde.")
  var level: RegionLevel = .land

  @Option(help: "Wave (default: the latest).")
  var wave: Int?

  @Option(help: "Disclosure control: withhold regions with fewer units than this too (default and minimum: the study's min_cell_size).")
  var minCellSize: Int?

  @Option(help: "Bootstrap replicates for standard errors and rank distributions.")
  var replicates: Int = 1000

  @Option(help: "Random seed for the bootstrap.")
  var seed: UInt64 = 20231

  @Flag(help: "Ignore the design weights (every respondent weighs 1).")
  var unweighted = false

  @Option(help: ArgumentHelp("Rake the design weights to this population margin CSV (key columns + population); repeatable. Default: the study's declared margins (disclosure: rake_margins); others are refused.",
                             valueName: "margins.csv"))
  var rake: [String] = []

  func validate() throws {
    if let minCellSize, minCellSize < 3 { throw ValidationError("--min-cell-size must be at least 3, got \(minCellSize)") }
    guard (100...100_000).contains(replicates) else { throw ValidationError("--replicates must be between 100 and 100000, got \(replicates)") }
  }

  /// Library options for a study (the latest wave when none is given).
  func options(for study: Study, wave override: Int? = nil, threads: String = "auto") throws -> RegionIndexOptions {
    if let w = override ?? wave, !study.waves.contains(w) { throw IngestError.unknownWave(w, available: study.waves) }
    var o = RegionIndexOptions(level: level, wave: override ?? wave ?? study.waves.last,
                               minimumCellSize: try StudyPublication.minimumUnits(minCellSize, study: study),
                               replicates: replicates, seed: seed, weighted: !unweighted)
    // Tables of regions use the study's publication weighting: its declared raking, also without --rake.
    o.rakeMargins = try StudyPublication.groupTableMargins(requested: try rake.map { try MarginTable.load(path: $0) }, weighted: !unweighted,
                                                           study: study)
    o.threads = Int(threads) ?? ProcessInfo.processInfo.activeProcessorCount
    return o
  }
}
