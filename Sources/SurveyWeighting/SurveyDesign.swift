import LinearAlgebra

/// What to do with a stratum that has a single sampling unit (R `options(survey.lonely.psu)`).
///
/// - `fail`: throw ``DesignError/singlePSUStratum(stratum:stage:)`` (R default `"fail"`).
/// - `remove`, `certainty`: the stratum contributes nothing to the variance at that stage.
/// - `adjust`: the unit's total is centred at the grand mean (zero for the linearised score)
///   instead of the stratum mean — conservative.
/// - `average`: the stratum is left out and the variance is multiplied by
///   (number of strata) / (number of strata with more than one unit).
public enum LonelyPSUPolicy: String, Sendable, Equatable, Hashable, CaseIterable {
  case fail, remove, adjust, average, certainty
}

/// Finite population correction for one stage, one value per row (R `svydesign(fpc = )`).
///
/// Values ≥ 1 are population sizes N_h; values in (0, 1] are sampling fractions n_h/N_h (as R,
/// `N_h = n_h / fraction`).
public enum FinitePopulationCorrection: Sendable, Equatable {
  case populationSize([Double])
  case samplingFraction([Double])
}

/// How missing values (NaN) in analysis variables are treated.
///
/// - `fail`: throw ``DesignError/missingValues(column:count:)`` (R default `na.rm = FALSE` gives NA).
/// - `dropRows`: R `na.rm = TRUE` on the whole formula: rows with any missing value among the
///   requested columns get weight 0 but stay in the design (a domain, not a subset).
/// - `perVariable`: each column drops its own missing rows, as separate R calls per variable.
public enum SurveyMissingPolicy: String, Sendable, Equatable, Hashable, CaseIterable {
  case fail, dropRows, perVariable
}

/// A probability sampling design: weights, strata, multi-stage clusters, fpc and lonely-PSU policy.
///
/// The equivalent of R survey `svydesign(id = ~psu + ssu, strata = ~s, weights = ~w, fpc = ~N1 + N2,
/// nest = TRUE)`. Cluster identifiers are always nested (R `nest = TRUE`): the same PSU label in two
/// strata means two PSUs. Strata apply to the first stage; later stages are unstratified within
/// their parent unit (as R when `strata` has one term).
///
/// Variance is Taylor linearisation with R `svyrecvar`'s formula: at each stage the
/// with-replacement between-unit variance of unit totals within strata, times (1 − n_h/N_h) when
/// the fpc is given; later stages (only when an fpc is given, as R) add their within-unit terms
/// multiplied by the sampling fractions of the enclosing stages.
///
/// Validated against: R 4.2.2 survey 4.1.1 (`Datasets/reference/survey/*.json`).
public struct SurveyDesign: Sendable {
  /// Current (possibly adjusted) weights, one per row.
  public internal(set) var weights: [Double]
  /// Lonely-PSU policy used for variance estimation.
  public let lonelyPSU: LonelyPSUPolicy
  /// Number of rows.
  public var count: Int { weights.count }
  /// Whether a finite population correction was given.
  public let hasFPC: Bool
  /// Whether the design is stratified at the first stage.
  public let isStratified: Bool

  let stages: [_Stage]
  var adjustments: [_Adjustment] = []
  /// Labels of the first-stage strata (sorted) — for replicate construction and messages.
  var firstStageStratumOfRow: [Int] { stages[0].stratumOfUnit.isEmpty ? [] : stages[0].unitOfRow.map { stages[0].stratumOfUnit[$0] } }

  /// Creates a design.
  ///
  /// - Parameters:
  ///   - weights: sampling weights (1/π). If nil, computed from the fpc as Π_k N_k/n_k (R), else 1.
  ///   - strata: first-stage stratum label per row, or nil for an unstratified design.
  ///   - clusters: cluster labels per stage, outermost first (`[psu, ssu]`); empty = each row is a PSU.
  ///   - fpc: one per stage (or empty).
  ///   - lonelyPSU: lonely-PSU policy; `.fail` throws here when a stratum has one unit.
  public init(
    weights: [Double]? = nil, strata: [String]? = nil, clusters: [[String]] = [],
    fpc: [FinitePopulationCorrection] = [], lonelyPSU: LonelyPSUPolicy = .fail, rowCount: Int? = nil
  ) throws(DesignError) {
    let n = weights?.count ?? strata?.count ?? clusters.first?.count ?? rowCount ?? 0
    if n == 0 { throw .noObservations(what: "the design (no rows)") }
    if let s = strata, s.count != n { throw .lengthMismatch(what: "strata", expected: n, found: s.count) }
    for (k, c) in clusters.enumerated() where c.count != n {
      throw .lengthMismatch(what: "clusters at stage \(k + 1)", expected: n, found: c.count)
    }
    let ids: [[String]] = clusters.isEmpty ? [(0..<n).map { String($0) }] : clusters
    if !fpc.isEmpty && fpc.count != ids.count { throw .fpcStageCount(stages: ids.count, fpcStages: fpc.count) }
    self.lonelyPSU = lonelyPSU
    self.hasFPC = !fpc.isEmpty
    self.isStratified = strata != nil

    var built: [_Stage] = []
    var parentUnit = [Int](repeating: 0, count: n)  // stage 0 parent: one root
    var parentCount = 1
    var probability = [Double](repeating: 1, count: n)
    for k in 0..<ids.count {
      // Stratum key: (parent unit, stratum label) — first stage uses the strata labels.
      let stratumLabel: [String] = k == 0 ? (strata ?? [String](repeating: "1", count: n)) : [String](repeating: "1", count: n)
      var stratumIndex: [String: Int] = [:]
      var stratumOfRow = [Int](repeating: 0, count: n)
      var stratumLabels: [String] = []
      var stratumParent: [Int] = []
      // Sort first-stage strata labels for a stable order (R factor levels).
      let order = k == 0 ? Array(Set(stratumLabel)).sorted() : []
      for s in order { stratumIndex["0\u{1}" + s] = stratumLabels.count; stratumLabels.append(s); stratumParent.append(0) }
      for i in 0..<n {
        let key = "\(parentUnit[i])\u{1}" + stratumLabel[i]
        if let v = stratumIndex[key] { stratumOfRow[i] = v } else {
          stratumIndex[key] = stratumLabels.count; stratumOfRow[i] = stratumLabels.count
          stratumLabels.append(k == 0 ? stratumLabel[i] : "unit \(parentUnit[i] + 1)")
          stratumParent.append(parentUnit[i])
        }
      }
      var unitIndex: [String: Int] = [:]
      var unitOfRow = [Int](repeating: 0, count: n)
      var stratumOfUnit: [Int] = []
      for i in 0..<n {
        let key = "\(stratumOfRow[i])\u{1}" + ids[k][i]
        if let v = unitIndex[key] { unitOfRow[i] = v } else {
          unitIndex[key] = stratumOfUnit.count; unitOfRow[i] = stratumOfUnit.count; stratumOfUnit.append(stratumOfRow[i])
        }
      }
      var unitsInStratum = [Int](repeating: 0, count: stratumLabels.count)
      for s in stratumOfUnit { unitsInStratum[s] += 1 }
      var popSize = [Double?](repeating: nil, count: stratumLabels.count)
      if !fpc.isEmpty {
        let values: [Double]; let isFraction: Bool
        switch fpc[k] {
        case .populationSize(let v): values = v; isFraction = false
        case .samplingFraction(let v): values = v; isFraction = true
        }
        if values.count != n { throw .lengthMismatch(what: "fpc at stage \(k + 1)", expected: n, found: values.count) }
        for i in 0..<n {
          let s = stratumOfRow[i]
          let nh = unitsInStratum[s]
          let v = values[i]
          let big: Double
          if isFraction {
            if !(v > 0 && v <= 1) { throw .invalidSamplingFraction(stratum: stratumLabels[s], stage: k + 1, value: v) }
            big = Double(nh) / v
          } else { big = v }
          if let prev = popSize[s] {
            if prev != big { throw .fpcVariesWithinStratum(stratum: stratumLabels[s], stage: k + 1) }
          } else {
            if !(big >= Double(nh)) && big.isFinite && (big - Double(nh)) < -1e-9 * Double(nh) {
              throw .populationSmallerThanSample(stratum: stratumLabels[s], stage: k + 1, populationSize: big, sampleSize: nh)
            }
            popSize[s] = big
          }
        }
        for i in 0..<n {
          let s = stratumOfRow[i]
          if let big = popSize[s], big.isFinite { probability[i] *= Double(unitsInStratum[s]) / big }
        }
      }
      // Lonely units: fail at construction (R fails at variance time; the data decide the same).
      // Later stages enter the variance only with an fpc (R), so only then can they fail.
      if lonelyPSU == .fail && (k == 0 || !fpc.isEmpty) {
        for s in 0..<stratumLabels.count where unitsInStratum[s] == 1 {
          let f = popSize[s].map { $0.isFinite ? ($0 - 1) / $0 : 1 } ?? 1
          if f >= 1e-7 { throw .singlePSUStratum(stratum: stratumLabels[s], stage: k + 1) }
        }
      }
      built.append(
        _Stage(
          unitOfRow: unitOfRow, unitCount: stratumOfUnit.count, stratumOfUnit: stratumOfUnit,
          stratumLabels: stratumLabels, stratumParent: stratumParent, unitsInStratum: unitsInStratum,
          populationSize: popSize, parentCount: parentCount))
      parentUnit = unitOfRow
      parentCount = stratumOfUnit.count
    }
    self.stages = built
    let w = weights ?? probability.map { 1 / $0 }
    try SurveyDesign.validateWeights(w)
    self.weights = w
  }

  /// Design degrees of freedom: number of first-stage units minus number of first-stage strata,
  /// counting only units with a non-zero weight (R `degf(design)`).
  public var degreesOfFreedom: Int { _degreesOfFreedom(rowWeights: weights) }

  func _degreesOfFreedom(rowWeights: [Double]) -> Int {
    let st = stages[0]
    var unitSeen = [Bool](repeating: false, count: st.unitCount)
    var strataSeen = [Bool](repeating: false, count: st.stratumLabels.count)
    var units = 0, strata = 0
    for i in 0..<rowWeights.count where rowWeights[i] != 0 {
      let u = st.unitOfRow[i]
      if !unitSeen[u] { unitSeen[u] = true; units += 1 }
      let s = st.stratumOfUnit[u]
      if !strataSeen[s] { strataSeen[s] = true; strata += 1 }
    }
    return units - strata
  }

  /// Number of first-stage sampling units (PSUs).
  public var psuCount: Int { stages[0].unitCount }
  /// First-stage stratum labels, in the design's order (sorted).
  public var strataLabels: [String] { stages[0].stratumLabels }
  /// The first-stage PSU index (0-based) of each row.
  public var psuOfRow: [Int] { stages[0].unitOfRow }
  /// The first-stage stratum index of each row (into ``strataLabels``).
  public var stratumOfRow: [Int] { stages[0].unitOfRow.map { stages[0].stratumOfUnit[$0] } }
  /// Population size N_h of each first-stage stratum, nil without fpc.
  public var firstStagePopulationSizes: [Double?] { stages[0].populationSize }

  /// A copy with new weights (the design structure and adjustments kept).
  public func withWeights(_ w: [Double]) throws(DesignError) -> SurveyDesign {
    if w.count != count { throw .lengthMismatch(what: "weights", expected: count, found: w.count) }
    try SurveyDesign.validateWeights(w)
    var d = self
    d.weights = w
    return d
  }
}

/// One stage of the sampling tree.
struct _Stage: Sendable {
  var unitOfRow: [Int]
  var unitCount: Int
  var stratumOfUnit: [Int]
  var stratumLabels: [String]
  /// Parent unit (at the previous stage) of each stratum; 0 at stage 1.
  var stratumParent: [Int]
  var unitsInStratum: [Int]
  var populationSize: [Double?]
  var parentCount: Int
}

/// Weight adjustments whose variance R takes into account (`design$postStrata`).
enum _Adjustment: Sendable {
  /// Post-stratification: cell per row, weights before and after.
  case postStratification(cell: [Int], cellCount: Int, oldWeights: [Double], newWeights: [Double])
  /// Raking: the weights after each margin's post-stratification in the last sweep.
  case raking(margins: [(cell: [Int], cellCount: Int, weights: [Double])])
  /// GREG calibration: thin Q of (X·√d) and the row multipliers g·√d.
  case calibration(q: Matrix, multiplier: [Double])
}
