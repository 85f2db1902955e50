/// Problems found in an index specification or in the data it is applied to.
///
/// Payloads name the offending indicator, node or unit (0-based unit row) and what is allowed;
/// the text is produced once, by ``description``.
public enum IndexError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The data matrix has `found` columns but the specification names `expected` indicators.
  case indicatorCountMismatch(found: Int, expected: Int)
  /// An indicator index in the tree is outside `0..<count`.
  case indicatorOutOfRange(index: Int, count: Int)
  /// An indicator is used by more than one node, or by none.
  case indicatorNotUsedExactlyOnce(indicator: String, uses: Int)
  /// A node has no children.
  case emptyNode(node: String)
  /// Two nodes share a name.
  case duplicateNodeName(node: String)
  /// A node's weight vector has the wrong length.
  case weightCountMismatch(node: String, found: Int, expected: Int)
  /// A weight is negative or not finite, or all weights are zero.
  case invalidWeights(node: String, weights: [Double])
  /// A minimum-coverage threshold outside [0, 1].
  case invalidCoverage(node: String, value: Double)
  /// Geometric, harmonic or negative/non-integer-order generalised means need strictly positive values.
  case nonPositiveValue(component: String, node: String, unit: Int, value: Double, aggregation: Aggregation)
  /// Group imputation was requested but no unit grouping was given, or it has the wrong length.
  case unitGroupsMissing(expected: Int, found: Int)
  /// A reference unit is outside `0..<unitCount`, or its value is missing.
  case invalidReferenceUnit(indicator: String, unit: Int, unitCount: Int)
  /// Min–max or goalpost normalisation with an empty range (max = min or upper = lower).
  case zeroRange(indicator: String)
  /// Z-score normalisation of an indicator with zero (or undefined) standard deviation.
  case zeroStandardDeviation(indicator: String)
  /// PCA weights need at least `required` complete units and 2 children.
  case tooFewObservationsForPCA(node: String, found: Int, required: Int)
  /// A LAPACK failure in the PCA eigendecomposition.
  case eigendecompositionFailed(node: String, info: Int)
  /// A sensitivity-analysis choice lists no alternatives, or an invalid setting.
  case invalidChoice(name: String, reason: String)

  public var description: String {
    switch self {
    case .indicatorCountMismatch(let found, let expected):
      return "data has \(found) indicator columns but the index specification names \(expected)"
    case .indicatorOutOfRange(let index, let count):
      return "indicator index \(index) is out of range; it must be >= 0 and < \(count)"
    case .indicatorNotUsedExactlyOnce(let indicator, let uses):
      return "indicator '\(indicator)' is used \(uses) times in the index tree; each must be used exactly once"
    case .emptyNode(let node):
      return "node '\(node)' has no children"
    case .duplicateNodeName(let node):
      return "node name '\(node)' is used more than once"
    case .weightCountMismatch(let node, let found, let expected):
      return "node '\(node)' has \(found) weights but \(expected) children"
    case .invalidWeights(let node, let weights):
      return "node '\(node)': weights \(weights) must be finite and >= 0 with a positive sum"
    case .invalidCoverage(let node, let value):
      return "node '\(node)': minimum coverage \(value) must lie in [0, 1]"
    case .nonPositiveValue(let component, let node, let unit, let value, let aggregation):
      return "\(aggregation) aggregation of node '\(node)' needs values > 0, but '\(component)' is \(value) for unit \(unit + 1); normalise to a positive range (e.g. min–max to [1, 100]) or use arithmetic aggregation"
    case .unitGroupsMissing(let expected, let found):
      return "group imputation needs a unit grouping of length \(expected), found \(found)"
    case .invalidReferenceUnit(let indicator, let unit, let unitCount):
      return "indicator '\(indicator)': reference unit \(unit) must be >= 0 and < \(unitCount) with an observed value"
    case .zeroRange(let indicator):
      return "indicator '\(indicator)' has zero range; min–max/goalpost normalisation is undefined"
    case .zeroStandardDeviation(let indicator):
      return "indicator '\(indicator)' has zero or undefined standard deviation; z-scores are undefined"
    case .tooFewObservationsForPCA(let node, let found, let required):
      return "PCA weights for node '\(node)' need at least \(required) complete units and 2 children, found \(found) units"
    case .eigendecompositionFailed(let node, let info):
      return "PCA weights for node '\(node)': LAPACK dsyevr failed (info = \(info))"
    case .invalidChoice(let name, let reason):
      return "uncertain input '\(name)': \(reason)"
    }
  }
}
