import DataIO

/// Errors reading a survey tool's export or its metadata. Each names the file and, where there
/// is one, the line; `trustmetrics init` prints `description` and exits with 65.
public enum SurveyExportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A data file that cannot be read.
  case data(DataError)
  /// A metadata file (.lss, .sps) that cannot be read.
  case unreadable(path: String, reason: String)
  /// A metadata file whose content is not what the tool writes.
  case malformed(path: String, line: Int, reason: String)
  /// `--tool` names a tool whose export this is not (e.g. no SoSci system variables).
  case notThisTool(path: String, tool: String, reason: String)
  /// The data have no column that identifies respondents; `passedOver` are columns with
  /// distinct values that hold one of the file's user-missing codes (no id).
  case noRespondentID(path: String, passedOver: [String] = [])

  public var description: String {
    switch self {
    case .data(let e): return e.description
    case .unreadable(let p, let r): return "\(p): cannot read file: \(r)"
    case .malformed(let p, let l, let r): return "\(p):\(l): \(r)"
    case .notThisTool(let p, let t, let r): return "\(p): not a \(t) export: \(r)"
    case .noRespondentID(let p, let passed):
      return "\(p): no column has a distinct non-empty value in every row"
        + (passed.isEmpty ? "" : " (passed over because a value is one of the file's user-missing codes: \(passed.joined(separator: ", ")))")
        + "; add a respondent id column"
    }
  }
}
