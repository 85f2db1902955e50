import Foundation
import LinearAlgebra
import Statistics

/// The steps of a measurement-invariance sequence.
public enum InvarianceLevel: String, Sendable, CaseIterable, Comparable {
  /// Same pattern of loadings, everything free per group.
  case configural
  /// Equal loadings (weak invariance).
  case metric
  /// Equal loadings and intercepts (strong invariance; thresholds for ordinal items).
  case scalar
  /// Equal loadings, intercepts and residual variances.
  case strict

  public var constraints: GroupEquality {
    switch self {
    case .configural: []
    case .metric: [.loadings]
    case .scalar: [.loadings, .intercepts]
    case .strict: [.loadings, .intercepts, .residuals]
    }
  }

  public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// A χ² difference test between nested fits (lavaan `lavTestLRT`).
public struct ChiSquareDifference: Sendable, Equatable {
  public var chisqDiff: Double
  public var dfDiff: Int
  public var pValue: Double
  /// Satorra–Bentler (2001) scaling of the difference (MLR); nil for ML.
  public var scalingFactor: Double?
}

/// Conventional cut-offs for changes in approximate fit (Chen 2007), applied as conventions.
public struct ChenCutoffs: Sendable, Equatable {
  /// ΔCFI ≤ −0.010 signals non-invariance.
  public static let cfi = -0.010
  /// ΔRMSEA ≥ 0.015.
  public static let rmsea = 0.015
  /// ΔSRMR ≥ 0.030 for loadings (metric), ≥ 0.010 for intercepts and residuals.
  public static func srmr(_ level: InvarianceLevel) -> Double { level == .metric ? 0.030 : 0.010 }
}

/// What the invariance machinery needs from a fitted model (continuous ML/MLR or ordinal WLSMV).
public protocol MeasurementFit: Sendable {
  var estimates: [CFAEstimate] { get }
  var fit: FitMeasures { get }
  var groupNames: [String] { get }
  var groupSizes: [Double] { get }
  /// Univariate score tests of the equality constraints across groups.
  func equalityScoreTests() throws(MeasurementModelError) -> [ModificationIndex]
  /// The χ² difference test of this (restricted) fit against a more general nested fit, as
  /// lavaan `lavTestLRT` does for the estimator.
  func difference(general: any MeasurementFit) throws(MeasurementModelError) -> ChiSquareDifference
}

extension MeasurementFit {
  /// Latent means of groups 2… (group 1 = 0) with SEs, available when intercepts/thresholds are equal.
  public var latentMeans: [CFAEstimate] {
    estimates.filter { $0.op == "~1" && $0.free != nil && { if case .latentMean = $0.kind { return true }; return false }($0) }
  }
}

extension CFAFit: MeasurementFit {
  public func difference(general: any MeasurementFit) throws(MeasurementModelError) -> ChiSquareDifference {
    guard let g = general as? CFAFit else { throw .invalid("a χ² difference needs two fits of the same estimator") }
    return InvarianceSequence.difference(restricted: self, general: g)
  }
}

/// One fitted step and its comparison with the previous step.
public struct InvarianceStep: Sendable {
  public var level: InvarianceLevel
  public var fit: any MeasurementFit
  /// Against the previous step (nil for configural).
  public var test: ChiSquareDifference?
  public var deltaCFI: Double?
  public var deltaRMSEA: Double?
  public var deltaSRMR: Double?
  /// Whether the χ² difference test rejects at 5 %.
  public var rejectedByTest: Bool { (test?.pValue ?? 1) < 0.05 }
  /// Whether Chen's (2007) conventions flag the step: ΔCFI ≤ −.010 together with ΔRMSEA ≥ .015 or
  /// ΔSRMR above its level's cut-off.
  public var flaggedByChen: Bool {
    guard let dc = deltaCFI, let dr = deltaRMSEA, let ds = deltaSRMR else { return false }
    return dc <= ChenCutoffs.cfi && (dr >= ChenCutoffs.rmsea || ds >= ChenCutoffs.srmr(level))
  }
}

/// The configural → metric → scalar → strict sequence across groups, with partial invariance.
///
/// Each step adds lavaan's `group.equal` sets (loadings; + intercepts; + residuals); with equal
/// intercepts the latent means are free in groups 2… (group 1 = reference, mean 0), so the scalar
/// step's latent means are the latent mean differences with their SEs. Nested steps are compared
/// with lavaan `lavTestLRT`: ML Δχ² = χ²₀ − χ²₁ on Δdf; MLR the Satorra–Bentler (2001) scaled
/// difference (χ²₀ − χ²₁)/c_d, c_d = (df₀ c₀ − df₁ c₁)/Δdf with the Yuan–Bentler factors c.
/// ΔCFI, ΔRMSEA, ΔSRMR are reported with Chen's (2007) cut-offs as conventions.
///
/// Partial invariance: `free` names parameters released from the constraints (lavaan
/// `group.partial`, names `f=~x`, `x~1`, `x~~x`). The suggestions are the univariate score tests of
/// the constraints added at the first rejected step (lavaan `lavTestScore`), largest first.
///
/// References: Chen, F. F. (2007). Sensitivity of goodness of fit indexes to lack of measurement
/// invariance. Structural Equation Modeling 14, 464–504. Satorra, A., & Bentler, P. M. (2001). A
/// scaled difference chi-square test statistic. Psychometrika 66, 507–514.
/// Checked against lavaan 0.6.14 (HolzingerSwineford1939 across school, InvarianceTests).
public struct InvarianceSequence: Sendable {
  public var steps: [InvarianceStep]
  public var free: Set<String>
  /// Score tests of the constraints of the first step rejected by the χ² difference test, sorted.
  public var suggestions: [ModificationIndex]
  /// The last step not rejected by the χ² difference test.
  public var supportedLevel: InvarianceLevel

  public static func run(model: MeasurementModel, groups: [CFAGroupData], options: CFAOptions = CFAOptions(),
                         free: Set<String> = [], levels: [InvarianceLevel] = InvarianceLevel.allCases) throws(MeasurementModelError) -> InvarianceSequence {
    guard groups.count >= 2 else { throw .invalid("an invariance test needs at least two groups; found \(groups.count)") }
    var previous: CFAFit? = nil
    return try run(levels: levels, free: free) { (level: InvarianceLevel) throws(MeasurementModelError) -> any MeasurementFit in
      var o = options
      o.groupEqual = level.constraints
      o.groupPartial = level == .configural ? [] : free
      o.meanStructure = true
      let fit = try ConfirmatoryFactorAnalysis.fit(model: model, groups: groups, options: o, warmStart: previous)
      previous = fit
      return fit
    }
  }

  /// Ordinal items (WLSMV): configural → metric → scalar (thresholds); strict is not defined in the
  /// delta parameterization. Differences as lavaan `lavTestLRT` for WLSMV (Satorra 2000, scaled and
  /// shifted, A by the delta method). `free` names thresholds (`x|t2`) or all of an item's (`x~1`).
  public static func run(model: MeasurementModel, ordinalGroups groups: [OrdinalGroupData], options: OrdinalCFAOptions = OrdinalCFAOptions(),
                         free: Set<String> = [], levels: [InvarianceLevel] = [.configural, .metric, .scalar]) throws(MeasurementModelError) -> InvarianceSequence {
    guard groups.count >= 2 else { throw .invalid("an invariance test needs at least two groups; found \(groups.count)") }
    if levels.contains(.strict) { throw .invalid("strict invariance is not defined for ordinal items in the delta parameterization (residual variances are not parameters)") }
    let sample = try OrdinalCFA.sample(model: model, groups: groups, minimumGroupSize: options.minimumGroupSize)
    return try run(model: model, ordinalSample: sample, options: options, free: free, levels: levels)
  }

  /// As above, with the sample statistics computed once by `OrdinalCFA.sample`.
  public static func run(model: MeasurementModel, ordinalSample sample: OrdinalSample, options: OrdinalCFAOptions = OrdinalCFAOptions(),
                         free: Set<String> = [], levels: [InvarianceLevel] = [.configural, .metric, .scalar]) throws(MeasurementModelError) -> InvarianceSequence {
    try run(levels: levels, free: free) { (level: InvarianceLevel) throws(MeasurementModelError) -> any MeasurementFit in
      var o = options
      o.groupEqual = level == .scalar ? [.loadings, .thresholds] : level.constraints
      o.groupPartial = level == .configural ? [] : free
      return try OrdinalCFA.fit(model: model, sample: sample, options: o)
    }
  }

  static func run(levels: [InvarianceLevel], free: Set<String>, fitter: (InvarianceLevel) throws(MeasurementModelError) -> any MeasurementFit) throws(MeasurementModelError) -> InvarianceSequence {
    var steps: [InvarianceStep] = []
    for level in levels {
      let fit = try fitter(level)
      var step = InvarianceStep(level: level, fit: fit)
      if let prev = steps.last {
        step.test = try fit.difference(general: prev.fit)
        step.deltaCFI = fit.fit.cfi - prev.fit.fit.cfi
        step.deltaRMSEA = fit.fit.rmsea - prev.fit.fit.rmsea
        step.deltaSRMR = fit.fit.srmr - prev.fit.fit.srmr
      }
      steps.append(step)
    }
    var supported = steps[0].level
    var suggestions: [ModificationIndex] = []
    for s in steps.dropFirst() {
      if s.rejectedByTest {
        suggestions = try s.fit.equalityScoreTests().filter { row in
          // Only the constraints this step added.
          let added = s.level.constraints.subtracting(steps.first(where: { $0.level < s.level && $0.level.constraints.isSubset(of: s.level.constraints) && $0.level == Self.previous(s.level) })?.level.constraints ?? [])
          switch row.op {
          case "=~": return added.contains(.loadings)
          case "~1", "|": return added.contains(.intercepts)
          case "~~": return row.lhs == row.rhs ? added.contains(.residuals) : false
          default: return false
          }
        }.sorted { $0.mi > $1.mi }
        break
      }
      supported = s.level
    }
    return InvarianceSequence(steps: steps, free: free, suggestions: suggestions, supportedLevel: supported)
  }

  static func previous(_ l: InvarianceLevel) -> InvarianceLevel {
    let all = InvarianceLevel.allCases
    return all[Swift.max(0, all.firstIndex(of: l)! - 1)]
  }

  /// lavTestLRT between a restricted fit (more df) and a more general one.
  public static func difference(restricted m0: CFAFit, general m1: CFAFit) -> ChiSquareDifference {
    let t0 = m0.fit.chisq, t1 = m1.fit.chisq
    let r0 = m0.fit.df, r1 = m1.fit.df
    let m = r0 - r1
    if let s0 = m0.fit.scaled, let s1 = m1.fit.scaled {
      let c1 = r1 == 0 ? 1 : s1.scalingFactor
      let cd = (Double(r0) * s0.scalingFactor - Double(r1) * c1) / Double(m)
      let t = (t0 - t1) / cd
      return ChiSquareDifference(chisqDiff: t, dfDiff: m, pValue: ChiSquaredDistributionTail.upper(t, df: Double(m)), scalingFactor: cd)
    }
    let t = t0 - t1
    return ChiSquareDifference(chisqDiff: t, dfDiff: m, pValue: ChiSquaredDistributionTail.upper(t, df: Double(m)), scalingFactor: nil)
  }

  /// Frees, one at a time, the constraint with the largest score test at the first rejected step,
  /// refitting after each, until that step's χ² difference test is no longer rejected at 5 % or
  /// `maxFreed` parameters are free. Returns the final sequence (its `free` lists what was freed).
  public static func partialSearch(model: MeasurementModel, groups: [CFAGroupData], options: CFAOptions = CFAOptions(),
                                   free start: Set<String> = [], maxFreed: Int = 5) throws(MeasurementModelError) -> InvarianceSequence {
    var free = start
    var seq = try run(model: model, groups: groups, options: options, free: free, levels: [.configural, .metric, .scalar])
    while free.count - start.count < maxFreed, let top = seq.suggestions.first, top.pValue < 0.05 {
      free.insert(top.name)
      seq = try run(model: model, groups: groups, options: options, free: free, levels: [.configural, .metric, .scalar])
    }
    return seq
  }

  /// The same search for ordinal items; a threshold suggestion frees all thresholds of its item (`x~1`).
  public static func partialSearch(model: MeasurementModel, ordinalGroups groups: [OrdinalGroupData], options: OrdinalCFAOptions = OrdinalCFAOptions(),
                                   free start: Set<String> = [], maxFreed: Int = 5) throws(MeasurementModelError) -> InvarianceSequence {
    var free = start
    let sample = try OrdinalCFA.sample(model: model, groups: groups, minimumGroupSize: options.minimumGroupSize)
    var seq = try run(model: model, ordinalSample: sample, options: options, free: free)
    while free.count - start.count < maxFreed, let top = seq.suggestions.first(where: { !free.contains($0.op == "|" ? "\($0.lhs)~1" : $0.name) }), top.pValue < 0.05 {
      free.insert(top.op == "|" ? "\(top.lhs)~1" : top.name)
      seq = try run(model: model, ordinalSample: sample, options: options, free: free)
    }
    return seq
  }
}

