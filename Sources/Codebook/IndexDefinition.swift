/// A composite index declared in the codebook (`indices:`): a tree whose leaves are
/// measurement scales or items and whose inner nodes are other indices.
///
/// The choices follow the JRC/OECD *Handbook on Constructing Composite Indicators* (2008) and
/// R COINr: per index, imputation, outlier treatment, normalisation, weights and aggregation.
/// The CompositeIndices module computes it; this type only records what the codebook says.
public struct IndexDefinition: Sendable, Equatable {
  public var id: String
  public var label: String
  public var description: String
  /// Components (scales, items or sub-indices) with weights and direction.
  public var components: [IndexDefinitionComponent]
  public var normalisation: IndexNormalisation
  public var weighting: IndexWeighting
  public var aggregation: IndexAggregation
  /// Exponent r of the generalised mean (aggregation `generalised`).
  public var power: Double
  public var imputation: IndexImputation
  /// Outlier treatment before normalisation.
  public var outliers: IndexOutlierTreatment
  /// A unit needs at least this share of components to get an index value (COINr `dat_thresh`).
  public var minimumCoverage: Double
  /// A respondent's scale score needs at least this share of the scale's items answered.
  public var minimumAnswered: Double

  public init(id: String, label: String, description: String = "", components: [IndexDefinitionComponent],
              normalisation: IndexNormalisation = .minMax(goalposts: nil, range: [0, 100]),
              weighting: IndexWeighting = .equal, aggregation: IndexAggregation = .arithmetic, power: Double = 1,
              imputation: IndexImputation = .none, outliers: IndexOutlierTreatment = .none,
              minimumCoverage: Double = 0.5, minimumAnswered: Double = 0.5) {
    self.id = id
    self.label = label
    self.description = description
    self.components = components
    self.normalisation = normalisation
    self.weighting = weighting
    self.aggregation = aggregation
    self.power = power
    self.imputation = imputation
    self.outliers = outliers
    self.minimumCoverage = minimumCoverage
    self.minimumAnswered = minimumAnswered
  }
}

/// What an index component refers to.
public enum IndexComponentSource: Sendable, Equatable {
  case scale(String)
  case item(String)
  case index(String)

  public var id: String {
    switch self {
    case .scale(let s), .item(let s), .index(let s): s
    }
  }
}

/// One component of an index with its (explicit) weight and direction.
public struct IndexDefinitionComponent: Sendable, Equatable {
  public var source: IndexComponentSource
  /// Explicit weight (used by `weights: explicit`; normalised to sum 1).
  public var weight: Double?
  /// +1, or −1 when a higher value means less of the index's construct.
  public var direction: Int
  public init(source: IndexComponentSource, weight: Double? = nil, direction: Int = 1) {
    self.source = source
    self.weight = weight
    self.direction = direction
  }
}

/// Normalisation of component values across units.
public enum IndexNormalisation: Sendable, Equatable {
  case none
  /// (x − mean) / sd (sd with n − 1), then optionally rescaled: mean + sd·z.
  case zScore(mean: Double, sd: Double)
  /// (x − lo) / (hi − lo) mapped to `range`; `goalposts` fixed (lo, hi) or nil for the observed range.
  case minMax(goalposts: [Double]?, range: [Double])
  /// Ranks (ties: min, as COINr).
  case rank
  /// x / reference value (`reference` is a unit key), times 100.
  case ratioToReference(reference: String)
  /// x − target.
  case distanceToTarget(target: Double)

  public static let names = ["none", "zscore", "minmax", "rank", "ratio", "distance"]
}

/// How component weights are set.
public enum IndexWeighting: String, Sendable, Equatable, CaseIterable {
  case equal, explicit, pca
}

/// How weighted components are combined.
public enum IndexAggregation: String, Sendable, Equatable, CaseIterable {
  case arithmetic, geometric, harmonic, generalised
}

/// How missing component values are filled before aggregation.
public enum IndexImputation: String, Sendable, Equatable, CaseIterable {
  case none, mean, median
  case groupMean = "group_mean"
}

/// Outlier treatment (COINr `Treat` default rule: winsorise when |skew| > 2 and kurtosis > 3.5).
public enum IndexOutlierTreatment: String, Sendable, Equatable, CaseIterable {
  case none, winsorise
}
