import Codebook
import DataIO

/// Errors loading a study's data against its codebook. Each case names the file and what is
/// expected; the CLI prints `description` and exits with 65.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
  case codebook(CodebookError)
  case data(DataError)
  /// A column that the codebook requires is not in the data file.
  case missingColumn(file: String, column: String, role: String, available: [String])
  /// A data file's format is not one of csv, xlsx, sav, dta.
  case unsupportedFormat(file: String, format: String)
  /// `--strict`: the quality report has warnings.
  case strictWarnings(count: Int, first: String)
  /// A wave was requested that the study does not have.
  case unknownWave(Int, available: [Int])
  /// A design weight that would overflow weighted sums, or a wave whose weights are all 0.
  case designWeight(DesignWeightProblem)
  /// A `duplicates: error` case rule found respondent ids that occur more than once in a wave.
  case duplicateRespondents(rule: String, count: Int, first: String, locations: [String])
  /// An analysis needs an item that has no valid value among the rows it uses.
  case noValidValues(item: String, rows: Int, reason: String)

  public var description: String {
    switch self {
    case .codebook(let e): return e.description
    case .data(let e): return e.description
    case .missingColumn(let f, let c, let role, let available):
      let list = available.count > 15 ? available.prefix(15).joined(separator: ", ") + ", …" : available.joined(separator: ", ")
      return "\(f):1: column '\(c)' (\(role)) required by the codebook is missing; columns in the file: \(list)"
    case .unsupportedFormat(let f, let fmt): return "\(f): unsupported format '\(fmt)'; allowed: csv | xlsx | sav | dta"
    case .strictWarnings(let n, let first):
      return "--strict: the data-quality report has \(n) warning(s); first: \(first)"
    case .unknownWave(let w, let available):
      return "wave \(w) is not in the study; waves: \(available.map(String.init).joined(separator: ", "))"
    case .designWeight(let p): return p.description
    case .duplicateRespondents(let rule, let n, let first, let locations):
      return "case rule '\(rule)': \(n) respondent id(s) occur more than once in a wave; first: '\(first)' at \(locations.joined(separator: ", "))"
    case .noValidValues(let item, let rows, let reason):
      return "item '\(item)' has no valid value in the \(rows) row(s) analysed: \(reason)"
    }
  }
}
