import ArgumentParser
import Foundation
import TrustMetrics

extension CaseSelectionMode: ExpressibleByArgument {}

/// Loading a study: case selection (`--cases`), the read warnings every command prints, and the
/// case-selection footnote every report of the run carries.
struct CaseOptions: ParsableArguments {
  @Option(help: ArgumentHelp(
    "Case selection: declared (apply the codebook's cases: rules) or all (every row of the data files).",
    valueName: "declared|all"))
  var cases: CaseSelectionMode = .declared

  /// Loads the study through ``RunFiles/load(_:wave:cases:reading:writing:)`` (no output may
  /// overwrite an input), prints the read warnings (cells that cannot be used, with
  /// file:line:column) and registers the case-selection footnote for `OutputOptions.emit`.
  /// `weighted`: the command was asked for design-weighted statistics; without design weights
  /// in the codebook that is refused (exit 64) rather than silently computed unweighted.
  /// `qualityReport`: the command is `check` (an analyst's look at the rows, which may include
  /// every row). Any other command publishes statistics: with `--cases all` on a study whose
  /// codebook declares case rules it is refused (exit 64) — a table over every row beside the
  /// published one over the kept rows would let a reader difference out the dropped respondents
  /// (break-offs, speeders and duplicates are office holders too).
  func load(
    _ path: String, wave: Int? = nil, reading extra: [String] = [], writing outputs: [String?],
    printWarnings: Bool = true, weighted: Bool = false, qualityReport: Bool = false
  ) throws -> StudyData {
    let data = try RunFiles.load(path, wave: wave, cases: cases, reading: extra, writing: outputs)
    if cases == .all && !qualityReport && data.caseSelection.declaredRules > 0 {
      throw ValidationError("--cases all is only for check: the codebook declares \(data.caseSelection.declaredRules) case rule(s), and statistics over every "
        + "row beside the published ones over the kept rows would let a reader difference out the dropped respondents (disclosure control); "
        + "look at them with `trustmetrics check --cases all` or `check --dropped FILE`")
    }
    if weighted && data.study.design?.weight == nil {
      throw ValidationError("--weighted needs design weights, but the codebook declares none (design: weight: COLUMN)")
    }
    if printWarnings { for w in data.readWarnings { warn(w) } }
    RunNotes.shared.set(data.caseSelection.footnote)
    return data
  }
}

/// Notes that belong under every report of this run (the case-selection footnote). One process
/// runs one command, so one value; a lock keeps it safe anyway.
final class RunNotes: @unchecked Sendable {
  static let shared = RunNotes()
  private let lock = NSLock()
  private var value: String? = nil
  func set(_ note: String?) { lock.lock(); value = note; lock.unlock() }
  var note: String? { lock.lock(); defer { lock.unlock() }; return value }
}
