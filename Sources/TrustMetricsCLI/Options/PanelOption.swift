import ArgumentParser
import TrustMetrics

/// `--panel COLUMN` (compare --previous-wave, report --previous-wave): the column that identifies
/// the same unit in both waves. A unit found in both waves keeps its bootstrap draws, so the
/// covariance of the two waves' estimates enters the variance of the change
/// (`WaveIndexComparison`). Default: `muni_id` when the study has that column; the change
/// table's footnote names the key used, or says that the waves were resampled independently.
/// A named column that does not exist (neither a data column nor a region variable), or that is
/// empty in every row of a compared wave, is a usage error (exit 64), never silently ignored.
enum PanelOption {
  static let help = ArgumentHelp(
    "With --previous-wave: the column that identifies the same unit in both waves; such units keep their bootstrap draws, so the covariance of the waves enters the change's variance (default: muni_id when the study has it; the footnote names the key used).",
    valueName: "column")

  /// The panel key to use: `panel` after checking it, else the documented default.
  static func resolve(_ panel: String?, data: StudyData, waves: [Int]) throws -> String? {
    guard let panel else { return data.variables["muni_id"] != nil ? "muni_id" : nil }
    let isEmpty: (Int) -> Bool
    if let column = data.variables[panel] {
      isEmpty = { column.isEmpty(at: $0) }
    } else if let keys = data.regionKeys[panel] {
      isEmpty = { keys[$0].isEmpty }
    } else {
      let allowed = (Array(data.variables.keys) + Array(data.regionKeys.keys)).sorted()
      throw ValidationError("--panel '\(panel)' is not a column of the study; declared columns: \(allowed.isEmpty ? "(none)" : allowed.joined(separator: ", "))")
    }
    for w in Set(waves).sorted() {
      guard data.rows(wave: w).contains(where: { !isEmpty($0) }) else {
        throw ValidationError("--panel '\(panel)' cannot identify units across waves: it is empty in every row of wave \(w)")
      }
    }
    return panel
  }
}
