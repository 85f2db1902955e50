import Statistics
import LinearAlgebra

/// The reference distribution of a confidence interval.
///
/// R's `confint()` on `svymean`/`svytotal`/`svyratio` results uses the normal distribution
/// (`df = Inf`); `svyquantile` and `svyciprop` use Student's t with the design degrees of freedom.
public enum IntervalDistribution: String, Sendable, Equatable, Hashable, CaseIterable {
  case normal, studentT
}

/// A design-based estimate with its standard error (R `svystat`: `coef`, `SE`, `deff`, `cv`, `confint`).
public struct DesignEstimate: Sendable, Equatable {
  /// The point estimate.
  public let estimate: Double
  /// The design-based standard error (√ of the linearisation or replicate variance).
  public let standardError: Double
  /// Design degrees of freedom (R `degf`): #PSU − #strata, or from the replicate design.
  public let degreesOfFreedom: Int
  /// Design effect against simple random sampling (R `deff = TRUE`: SRS without replacement),
  /// nil when not computed.
  public let designEffect: Double?

  public init(estimate: Double, standardError: Double, degreesOfFreedom: Int, designEffect: Double? = nil) {
    self.estimate = estimate
    self.standardError = standardError
    self.degreesOfFreedom = degreesOfFreedom
    self.designEffect = designEffect
  }

  /// Variance, SE².
  public var variance: Double { standardError * standardError }
  /// Coefficient of variation SE / estimate (R `cv()`).
  public var cv: Double { standardError / estimate }

  /// Wald interval estimate ± z·SE (R `confint(x, level)`, normal by default) or ± t_df·SE.
  ///
  /// With `.studentT` and no degrees of freedom (df ≤ 0) the bounds are NaN.
  public func confidenceInterval(level: Double = 0.95, distribution: IntervalDistribution = .normal) -> ConfidenceInterval {
    let p = 1 - (1 - level) / 2
    let q = distribution == .normal ? _Dist.normalQuantile(p) : _Dist.tQuantile(p, Double(degreesOfFreedom))
    return ConfidenceInterval(lower: estimate - q * standardError, upper: estimate + q * standardError, level: level)
  }
}

/// Estimates of several variables (columns) from one pass, with their joint covariance.
public struct DesignEstimates: Sendable, Equatable {
  /// One estimate per variable (column), in input order.
  public let items: [DesignEstimate]
  /// Joint covariance of the estimates (p×p), as R `vcov()`.
  public let covariance: Matrix
  public subscript(_ j: Int) -> DesignEstimate { items[j] }
  public var estimates: [Double] { items.map(\.estimate) }
  public var standardErrors: [Double] { items.map(\.standardError) }
}

/// How the design effect is computed (R `deff = TRUE` / `deff = "replace"`).
public enum DesignEffectKind: String, Sendable, Equatable, Hashable, CaseIterable {
  /// No design effect.
  case none
  /// Against SRS without replacement of the same size: v_srs = s²·(N − n)/(N·n) (R `deff = TRUE`).
  case withoutReplacement
  /// Against SRS with replacement: v_srs = s²/n (R `deff = "replace"`).
  case withReplacement
}
