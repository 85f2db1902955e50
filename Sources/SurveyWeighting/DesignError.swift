/// Problems with a survey design, its data or a weighting step, with the offending item as payload.
///
/// Turned into text once (``description``), at the edge; R survey's wording is kept where it has one
/// ("Stratum (X) has only one PSU at stage 1").
public enum DesignError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A per-row input has the wrong length.
  case lengthMismatch(what: String, expected: Int, found: Int)
  /// A weight is negative, NaN or infinite (row is 0-based).
  case invalidWeight(row: Int, value: Double)
  /// The running total of the weights passes `limit` at this row (0-based): weighted sums would
  /// overflow (see `SurveyDesign.maximumWeightTotal`).
  case weightTotalTooLarge(row: Int, value: Double, limit: Double)
  /// Every weight is 0: nothing is estimated.
  case allWeightsZero(count: Int)
  /// A stratum has a single sampling unit and the lonely-PSU policy is `.fail`.
  case singlePSUStratum(stratum: String, stage: Int)
  /// A finite population size is smaller than the number of sampled units.
  case populationSmallerThanSample(stratum: String, stage: Int, populationSize: Double, sampleSize: Int)
  /// The finite population correction is not constant within a stratum.
  case fpcVariesWithinStratum(stratum: String, stage: Int)
  /// A sampling fraction outside (0, 1].
  case invalidSamplingFraction(stratum: String, stage: Int, value: Double)
  /// The fpc was given for some stages but not all.
  case fpcStageCount(stages: Int, fpcStages: Int)
  /// A variable has missing values and the missing policy is `.fail` (column is 0-based).
  case missingValues(column: Int, count: Int)
  /// Every row was dropped (all missing, or an empty domain).
  case noObservations(what: String)
  /// A replicate method that needs strata was used without them, or vice versa.
  case replicateMethodNotApplicable(method: String, reason: String)
  /// BRR needs exactly two PSUs per stratum.
  case brrNeedsTwoPSUs(stratum: String, found: Int)
  /// A population margin and the sample disagree: a sample category has no population total.
  case categoryMissingFromPopulation(margin: String, category: String)
  /// A population category has a total but no sample member (an empty cell).
  case emptyCell(margin: String, category: String)
  /// Population margins imply different grand totals.
  case inconsistentMargins(margin: String, total: Double, firstMargin: String, firstTotal: Double)
  /// Calibration did not reach the tolerance.
  case calibrationDidNotConverge(iterations: Int, maxRelativeMisfit: Double, worstConstraint: String)
  /// Calibration of one replicate (1-based) did not converge (misfit NaN: its Newton iterate was
  /// not finite); see `ReplicateNonConvergence`.
  case replicateCalibrationDidNotConverge(replicate: Int, iterations: Int, maxRelativeMisfit: Double, worstConstraint: String)
  /// Raking did not converge and the caller asked for failure.
  case rakingDidNotConverge(iterations: Int, maxChange: Double)
  /// A weighting class has no respondents.
  case noRespondents(weightingClass: String)
  /// An argument outside its allowed range.
  case invalidArgument(name: String, value: String, allowed: String)

  public var description: String {
    switch self {
    case .lengthMismatch(let what, let expected, let found):
      return "\(what) has \(found) values but the design has \(expected) rows"
    case .invalidWeight(let row, let value):
      return "Weight in row \(row + 1) is \(value); weights must be finite and >= 0"
    case .weightTotalTooLarge(let row, let value, let limit):
      return "Weight in row \(row + 1) is \(value) and brings the total of the weights above \(limit == 1e15 ? "1e15" : "\(limit)"); weighted sums would overflow (weights must add up to at most that, the estimated population size)"
    case .allWeightsZero(let count):
      return "All \(count) weights are 0; at least one unit needs a positive weight"
    case .singlePSUStratum(let stratum, let stage):
      return "Stratum '\(stratum)' has only one sampling unit (stage \(stage)); choose a lonely-PSU policy: remove, adjust, average or certainty"
    case .populationSmallerThanSample(let stratum, let stage, let populationSize, let sampleSize):
      return "Stratum '\(stratum)' at stage \(stage): population size \(populationSize) is smaller than the \(sampleSize) sampled units"
    case .fpcVariesWithinStratum(let stratum, let stage):
      return "The finite population correction varies within stratum '\(stratum)' at stage \(stage)"
    case .invalidSamplingFraction(let stratum, let stage, let value):
      return "Sampling fraction \(value) in stratum '\(stratum)' at stage \(stage) is outside (0, 1]"
    case .fpcStageCount(let stages, let fpcStages):
      return "The design has \(stages) stage(s) but fpc was given for \(fpcStages); give it for every stage or none"
    case .missingValues(let column, let count):
      return "Column \(column + 1) has \(count) missing value(s); use missing: .dropRows or .perVariable (R na.rm = TRUE)"
    case .noObservations(let what):
      return "No observations left for \(what)"
    case .replicateMethodNotApplicable(let method, let reason):
      return "Replicate method \(method) cannot be used: \(reason)"
    case .brrNeedsTwoPSUs(let stratum, let found):
      return "BRR needs exactly 2 PSUs per stratum; stratum '\(stratum)' has \(found)"
    case .categoryMissingFromPopulation(let margin, let category):
      return "Margin '\(margin)': sample category '\(category)' has no population total"
    case .emptyCell(let margin, let category):
      return "Margin '\(margin)': category '\(category)' has a population total but no sampled unit (empty cell)"
    case .inconsistentMargins(let margin, let total, let firstMargin, let firstTotal):
      return "Margin '\(margin)' sums to \(total) but margin '\(firstMargin)' sums to \(firstTotal); population margins must have the same total"
    case .calibrationDidNotConverge(let iterations, let misfit, let worst):
      return "Calibration did not converge in \(iterations) iterations (max relative misfit \(misfit), worst constraint '\(worst)'); relax bounds or raise maxIterations"
    case .replicateCalibrationDidNotConverge(let replicate, let iterations, let misfit, let worst):
      if !misfit.isFinite {
        return "Calibration of replicate \(replicate) failed: its Newton iterate is not finite after \(iterations) iterations (worst constraint '\(worst)'); relax the bounds or use another calibration function"
      }
      return "Calibration of replicate \(replicate) did not converge in \(iterations) iterations (max relative misfit \(misfit), worst constraint '\(worst)'); relax the bounds, raise maxIterations, or keep the last iterate as R does (nonConvergence: keepLastIterate)"
    case .rakingDidNotConverge(let iterations, let maxChange):
      return "Raking did not converge after \(iterations) iterations (last max change \(maxChange))"
    case .noRespondents(let weightingClass):
      return "Weighting class '\(weightingClass)' has no respondents; collapse it with a neighbouring class"
    case .invalidArgument(let name, let value, let allowed):
      return "\(name) = \(value) is not allowed; expected \(allowed)"
    }
  }
}
