// Codebook keys of a scale that concern its measurement model (issue 13), kept apart from the
// loader so that the loader needs only the key names and one call:
//
//   scales:
//     - {id: vertical_trust, items: [...], score: factor, invariance: check}
//
//   score: mean (default) | factor      how `index` scores the scale per respondent
//   invariance: none (default) | check  whether `rank` and `compare --previous-wave` test the
//                                      scale's measurement invariance across the compared groups

/// How a scale is scored per respondent.
public enum ScaleScoring: String, Sendable, Equatable, CaseIterable {
  /// Mean of the keyed items (psych::scoreItems semantics).
  case mean
  /// CFA factor scores (one-factor model of the scale's items).
  case factor
}

/// Whether comparisons across groups test the scale's measurement invariance.
public enum InvarianceCheck: String, Sendable, Equatable, CaseIterable {
  /// Not tested: comparisons assume (scalar) invariance and say so.
  case none
  /// Tested with a configural → metric → scalar sequence; the result is stated with the comparison.
  case check
}

/// The measurement settings of a scale (defaults: mean scores, invariance not tested).
public struct ScaleMeasurement: Sendable, Equatable {
  public var scoring: ScaleScoring = .mean
  public var invariance: InvarianceCheck = .none
  public init(scoring: ScaleScoring = .mean, invariance: InvarianceCheck = .none) {
    self.scoring = scoring
    self.invariance = invariance
  }
}

extension StudyLoader {
  /// The measurement keys a scale entry may carry.
  static let scaleMeasurementKeys = ["score", "invariance"]

  /// Reads `score:` and `invariance:` of a scale entry (errors name the line and what is allowed).
  static func scaleMeasurement(_ m: YAMLMapping) throws(CodebookError) -> ScaleMeasurement {
    var out = ScaleMeasurement()
    if let n = m["score"] { out.scoring = try n.choice(ScaleScoring.self) }
    if let n = m["invariance"] { out.invariance = try n.choice(InvarianceCheck.self) }
    return out
  }
}
