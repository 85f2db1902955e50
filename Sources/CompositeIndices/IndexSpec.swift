/// Whether larger raw values of an indicator are better (+1) or worse (−1).
///
/// As in COINr `Normalise()`, a negative indicator is multiplied by −1 before normalisation, so
/// that after normalisation larger is always better.
public enum Direction: Int, Sendable, Hashable, CaseIterable {
  /// Larger is better.
  case positive = 1
  /// Larger is worse (the values are negated before normalisation).
  case negative = -1

  var sign: Double { Double(rawValue) }
}

/// How missing indicator values (NaN) are filled before treatment and normalisation.
///
/// Mirrors COINr `Impute(f_i = ...)` with `impute_by = "column"`: `i_mean`, `i_median`,
/// `i_mean_grp`, `i_median_grp`. A column (or a group) with no observed value stays missing.
public enum Imputation: Sendable, Hashable, CaseIterable {
  /// No imputation; missing values are handled by available-case aggregation.
  case none
  /// The indicator's mean over observed units (COINr `i_mean`).
  case mean
  /// The indicator's median over observed units (COINr `i_median`, R `median`).
  case median
  /// The indicator's mean within the unit's group (COINr `i_mean_grp`); needs ``IndexSpec/unitGroups``.
  case groupMean
  /// The indicator's median within the unit's group (COINr `i_median_grp`); needs ``IndexSpec/unitGroups``.
  case groupMedian
}

/// Outlier treatment of each indicator before normalisation.
public enum OutlierTreatment: Sendable, Hashable {
  /// No treatment.
  case none
  /// COINr `Treat()` default: winsorise while |skew| ≥ 2 and kurtosis ≥ 3.5 (up to 5 points),
  /// and if that does not pass, take `log_CT` of the original values. See ``WinsorisationRule``.
  case winsorise(WinsorisationRule)

  /// COINr's default treatment, `.winsorise(WinsorisationRule())`.
  public static let coinrDefault = OutlierTreatment.winsorise(WinsorisationRule())
}

/// The normalisation of each (direction-adjusted) indicator. Every case follows a COINr `n_*` function.
///
/// With x′ = direction · x (NaN kept as missing):
/// ```
/// minMax(l, u)           (x′ − min x′)/(max x′ − min x′)·(u − l) + l          n_minmax
/// zScore(m, s)           (x′ − mean x′)/sd(x′)·s + m,  sd with n − 1          n_zscore
/// goalposts(lo, hi, k)   +1: (x − lo)/(hi − lo);  −1: (hi − x)/(hi − lo),
///                        truncated to [0, 1] if `truncate`, times k            n_goalposts
/// rank                   rank(x′), ties "min", missing kept                  n_rank
/// distanceToReference(r) 1 − (x′_r − x′)/(x′_r − min x′)                      n_dist2ref
/// distanceToTarget(t)    (x′ − min x′)/(t′ − min x′),  t′ = direction · t     n_dist2targ
/// ratioToReference(r)    +1: x/x_r;  −1: x_r/x
/// ```
/// Goalposts and targets are given in the indicator's original units.
public enum Normalisation: Sendable, Hashable {
  /// Values unchanged apart from the direction sign.
  case none
  /// Min–max over the observed range, rescaled to [lower, upper] (COINr default [0, 100]).
  case minMax(lower: Double = 0, upper: Double = 100)
  /// Z-score with sample SD (n − 1, R `sd`), rescaled to the given mean and SD.
  case zScore(mean: Double = 0, standardDeviation: Double = 1)
  /// Fixed goalposts in original units; `scale` multiplies the [0, 1] score.
  case goalposts(lower: Double, upper: Double, scale: Double = 100, truncate: Bool = true)
  /// Rank of the direction-adjusted value, ties `min`, larger = higher rank (COINr `n_rank`).
  case rank
  /// Distance to a reference unit (0-based row); `capAtOne` caps scores above the reference at 1.
  case distanceToReference(unit: Int, capAtOne: Bool = false)
  /// Distance to a target (original units); `capAtOne` caps scores beyond the target at 1.
  case distanceToTarget(target: Double, capAtOne: Bool = false)
  /// Ratio to a reference unit's value (0-based row), inverted for negative indicators.
  case ratioToReference(unit: Int)
}

/// The aggregation of a node's children into the node's value (weights normalised to sum 1).
///
/// With the weights wᵢ re-normalised over the children observed for a unit (available-case, as
/// COINr `a_amean`, `a_gmean`, `a_hmean`):
/// ```
/// arithmetic       Σ wᵢ xᵢ
/// geometric        Π xᵢ^wᵢ = exp(Σ wᵢ log xᵢ)          (xᵢ > 0)
/// harmonic         1 / Σ (wᵢ / xᵢ)                      (xᵢ > 0)
/// generalised(r)   (Σ wᵢ xᵢ^r)^(1/r); r = 0 → geometric (xᵢ > 0 when r ≤ 0 or r not an integer)
/// ```
public enum Aggregation: Sendable, Hashable, CustomStringConvertible {
  /// Weighted arithmetic mean (COINr `a_amean`).
  case arithmetic
  /// Weighted geometric mean (COINr `a_gmean`).
  case geometric
  /// Weighted harmonic mean (COINr `a_hmean`).
  case harmonic
  /// Weighted power mean of order r (COINr `a_genmean`).
  case generalised(order: Double)

  public var description: String {
    switch self {
    case .arithmetic: return "arithmetic"
    case .geometric: return "geometric"
    case .harmonic: return "harmonic"
    case .generalised(let r): return "generalised (order \(r))"
    }
  }
}

/// How the weights of a node's children are obtained (then normalised to sum 1 within the node).
public enum WeightScheme: Sendable, Hashable {
  /// Equal weights 1/k.
  case equal
  /// Explicit relative weights, one per child (normalised by their sum).
  case explicit([Double])
  /// Budget allocation: points or shares allotted by experts to each child (normalised by their sum).
  case budget([Double])
  /// Squared loadings of the first principal component of the children's correlation matrix
  /// (OECD/JRC Handbook 2008 §6.1), see ``pcaWeights(_:)``.
  case pca
}

/// A child of an index node: an indicator column or a lower-level node.
public enum IndexComponent: Sendable, Hashable {
  /// Column `index` (0-based) of the indicator matrix.
  case indicator(Int)
  /// A sub-index.
  case node(IndexNode)
}

/// A node of the index tree (a sub-index, pillar or the index itself).
public struct IndexNode: Sendable, Hashable {
  /// Unique name of the node.
  public var name: String
  /// The children, aggregated into this node.
  public var children: [IndexComponent]
  /// How the children's weights are set.
  public var weights: WeightScheme
  /// The aggregation; `nil` uses ``IndexSpec/aggregation``.
  public var aggregation: Aggregation?
  /// Minimum share of observed children (COINr `dat_thresh`); `nil` uses ``IndexSpec/minimumCoverage``.
  public var minimumCoverage: Double?

  public init(
    name: String, children: [IndexComponent], weights: WeightScheme = .equal,
    aggregation: Aggregation? = nil, minimumCoverage: Double? = nil
  ) {
    self.name = name
    self.children = children
    self.weights = weights
    self.aggregation = aggregation
    self.minimumCoverage = minimumCoverage
  }

  /// A node whose children are all indicators.
  public init(
    name: String, indicators: [Int], weights: WeightScheme = .equal, aggregation: Aggregation? = nil,
    minimumCoverage: Double? = nil
  ) {
    self.init(
      name: name, children: indicators.map { .indicator($0) }, weights: weights, aggregation: aggregation,
      minimumCoverage: minimumCoverage)
  }
}

/// The full specification of a composite index: indicators, tree and the method at every step.
///
/// The steps run in COINr's order: impute → treat outliers → normalise (after applying the
/// direction) → aggregate level by level up the tree → rank.
public struct IndexSpec: Sendable, Hashable {
  /// Indicator names, one per column of the data matrix.
  public var indicatorNames: [String]
  /// Direction of each indicator (default all positive).
  public var directions: [Direction]
  /// The root of the tree (the index).
  public var root: IndexNode
  /// Imputation of missing indicator values.
  public var imputation: Imputation
  /// Unit grouping (one label per unit) for group imputation.
  public var unitGroups: [Int]?
  /// Outlier treatment applied to every indicator.
  public var treatment: OutlierTreatment
  /// Normalisation applied to every indicator unless overridden.
  public var normalisation: Normalisation
  /// Per-indicator normalisation overrides (indicator index → method).
  public var normalisationOverrides: [Int: Normalisation]
  /// Default aggregation for nodes that do not set their own.
  public var aggregation: Aggregation
  /// Default minimum coverage: a unit with a smaller share of observed children gets NaN for the node.
  /// Observed means present in the raw data (before imputation) for indicators and non-NaN for sub-indices.
  /// 0 (default) = no threshold: the available (observed or imputed) children are aggregated, and a
  /// unit gets NaN only when every child is NaN.
  public var minimumCoverage: Double
  /// Tie handling of the ranks (default `.min`, as COINr).
  public var tieMethod: TieMethod

  public init(
    indicatorNames: [String], directions: [Direction]? = nil, root: IndexNode,
    imputation: Imputation = .none, unitGroups: [Int]? = nil, treatment: OutlierTreatment = .none,
    normalisation: Normalisation = .minMax(), normalisationOverrides: [Int: Normalisation] = [:],
    aggregation: Aggregation = .arithmetic, minimumCoverage: Double = 0, tieMethod: TieMethod = .min
  ) {
    self.indicatorNames = indicatorNames
    self.directions = directions ?? Array(repeating: .positive, count: indicatorNames.count)
    self.root = root
    self.imputation = imputation
    self.unitGroups = unitGroups
    self.treatment = treatment
    self.normalisation = normalisation
    self.normalisationOverrides = normalisationOverrides
    self.aggregation = aggregation
    self.minimumCoverage = minimumCoverage
    self.tieMethod = tieMethod
  }

  /// The normalisation used for indicator `j`.
  public func normalisation(of j: Int) -> Normalisation { normalisationOverrides[j] ?? normalisation }
}
