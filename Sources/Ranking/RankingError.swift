/// Errors of the Ranking module: problems with the caller's data or with the numerics, each with
/// the offending item and what is allowed as payload (turned into text once, in `description`).
public enum RankingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Two inputs that must have matching lengths do not (`what` names them).
  case lengthMismatch(what: String, expected: Int, found: Int)
  /// Fewer units (regions, pairs, areas) than the method needs.
  case tooFewUnits(found: Int, required: Int)
  /// A value that must be finite is NaN or ±∞.
  case nonFiniteValue(what: String, index: Int)
  /// A variance or weight that must be ≥ 0 (or > 0) is not.
  case invalidVariance(what: String, index: Int, value: Double)
  /// The covariance matrix is not symmetric positive definite (Cholesky failed).
  case covarianceNotPositiveDefinite
  /// A probability level outside the open interval (0, 1).
  case invalidLevel(Double)
  /// A number of bootstrap replicates below the minimum.
  case invalidReplicateCount(found: Int, minimum: Int)
  /// A region index outside 0..<regionCount.
  case regionOutOfRange(respondent: Int, region: Int, regionCount: Int)
  /// A region without respondents (or with zero total weight).
  case emptyRegion(Int)
  /// A top-k / bottom-k size outside 1...units.
  case invalidK(found: Int, allowed: ClosedRange<Int>)
  /// The design matrix XᵀV⁻¹X is singular (collinear covariates or more covariates than areas).
  case singularDesign
  /// An iterative fit did not converge.
  case noConvergence(iterations: Int, lastChange: Double)

  public var description: String {
    switch self {
    case .lengthMismatch(let what, let expected, let found):
      return "\(what): expected \(expected) values, found \(found)"
    case .tooFewUnits(let found, let required):
      return "too few units: found \(found), at least \(required) required"
    case .nonFiniteValue(let what, let index):
      return "\(what)[\(index)] is not finite (NaN or ±∞ are not allowed)"
    case .invalidVariance(let what, let index, let value):
      return "\(what)[\(index)] = \(value) is not allowed (must be ≥ 0 and finite)"
    case .covarianceNotPositiveDefinite:
      return "the covariance matrix of the estimates is not positive definite"
    case .invalidLevel(let level):
      return "level \(level) must lie strictly between 0 and 1"
    case .invalidReplicateCount(let found, let minimum):
      return "replicates = \(found); at least \(minimum) required"
    case .regionOutOfRange(let respondent, let region, let regionCount):
      return "respondent \(respondent): region \(region) outside 0..<\(regionCount)"
    case .emptyRegion(let region):
      return "region \(region) has no respondents (or zero total weight)"
    case .invalidK(let found, let allowed):
      return "k = \(found) outside \(allowed.lowerBound)...\(allowed.upperBound)"
    case .singularDesign:
      return "XᵀV⁻¹X is singular: covariates are collinear or outnumber the areas"
    case .noConvergence(let iterations, let lastChange):
      return "no convergence after \(iterations) iterations (last relative change \(lastChange))"
    }
  }
}
