/// The generator's truth, saved as `truth.json` beside the data so tests can check that
/// analyses recover it. Scale means are on the 1–5 scale (mean of keyed items, reverse-keyed
/// items as 6 − x); factor-level effects are in latent standard-deviation units.
public struct DemoStudyTruth: Codable, Sendable, Equatable {
  /// Always true: the data are synthetic.
  public var synthetic: Bool
  public var seed: UInt64
  public var generator: String
  public var note: String
  public var waves: [Int]
  /// Factor (= scale) ids in the order of `factorCorrelation`.
  public var factors: [String]
  /// Factor correlation matrix Φ.
  public var factorCorrelation: [[Double]]
  /// Share of factor variance stable for an officer across waves.
  public var stableFactorShare: Double
  /// Item parameters by item id.
  public var items: [String: Item]
  /// Scale definitions by scale id.
  public var scales: [String: Scale]
  /// Latent mean effects.
  public var effects: Effects
  /// The sampling design.
  public var design: Design
  /// Counts per wave (key: wave year as text).
  public var sampleSizes: [String: WaveCounts]
  /// Model-implied (noise-free, exact) population means of each scale.
  public var populationMeans: Means
  /// Means of each scale in the simulated finite population (every frame unit answers every item).
  public var finitePopulationMeans: Means
  /// The planted data-quality wrinkles.
  public var dataQuality: DataQuality
  /// The planted measurement non-invariance (item thresholds shifted from a wave on).
  public var nonInvariance: [NonInvariance]

  public struct NonInvariance: Codable, Sendable, Equatable {
    public var item: String
    /// First wave (year) with the shift.
    public var wave: Int
    /// Δ added to every threshold of the item, latent SD units.
    public var locationShift: Double
    public var description: String
  }

  public struct Item: Codable, Sendable, Equatable {
    public var factor: String
    public var block: String
    public var loading: Double
    /// 1 − λ².
    public var uniqueness: Double
    public var reversed: Bool
    /// τ₁…τ₄ on the latent scale.
    public var thresholds: [Double]
    public var missingRate: Double
  }

  public struct Scale: Codable, Sendable, Equatable {
    public var items: [String]
    public var keys: [Int]
  }

  public struct Effects: Codable, Sendable, Equatable {
    /// The latent mean of unit i in wave t for factor f:
    /// μ = land[f] + kreis[f] (Sachsen-Anhalt) + sizeClass[f] + role[f] + wave[f].
    public var formula: String
    public var land: [String: [String: Double]]
    public var kreis: [String: [String: Double]]
    public var sizeClass: [String: [String: Double]]
    public var role: [String: [String: Double]]
    public var wave: [String: [String: Double]]
  }

  public struct Stratum: Codable, Sendable, Equatable {
    public var land: String
    /// Size class 1…4, or 0 for the Sachsen-Anhalt Kreis-level stratum "15-K".
    public var sizeClass: Int
    /// Frame units N_h.
    public var population: Int
    /// Selected units n_h per wave (SRS without replacement).
    public var selected: Int
    /// π_h = n_h / N_h.
    public var inclusionProbability: Double
    /// 1 / π_h, the `weight` column.
    public var designWeight: Double
    /// First-wave response probability before panel bonus and fatigue.
    public var baseResponseProbability: Double
    /// Respondents per wave (key: wave year).
    public var respondents: [String: Int]
  }

  public struct Design: Codable, Sendable, Equatable {
    public var description: String
    public var frameSize: Int
    public var populationByLand: [String: Int]
    public var strata: [String: Stratum]
    public var panelRetention: Double
    public var officerChangeProbability: Double
    public var panelResponseBonus: Double
    public var waveFatigue: Double
    public var saxonyAnhaltGemeindeFraction: Double
    /// Solved base sampling fraction a (f_s = min(1, a·m_s)).
    public var baseSamplingFraction: Double
    public var samplingMultipliers: [Double]
  }

  public struct WaveCounts: Codable, Sendable, Equatable {
    public var selected: Int
    public var respondents: Int
    /// Data rows (respondents plus planted duplicate rows).
    public var rows: Int
    public var respondentsByLand: [String: Int]
    /// Share of the previous wave's responding municipalities that respond again (nil in the first wave).
    public var panelOverlap: Double?
    /// Among municipalities responding in both waves, the share with a different officer.
    public var officerChangeShare: Double?
  }

  /// Scale means: national[wave][scale], land[land][wave][scale], kreis[kreis][wave][scale].
  public struct Means: Codable, Sendable, Equatable {
    public var description: String
    public var national: [String: [String: Double]]
    public var land: [String: [String: [String: Double]]]
    public var kreis: [String: [String: [String: Double]]]
  }

  public struct Duplicate: Codable, Sendable, Equatable {
    public var wave: Int
    public var respID: String
    /// "exact" (identical row twice) or "conflicting" (same resp_id, one item differs).
    public var kind: String
    /// 1-based data-row numbers (header excluded) of both rows.
    public var rows: [Int]
  }

  public struct OutOfRange: Codable, Sendable, Equatable {
    public var wave: Int
    public var respID: String
    public var item: String
    public var value: Double
    /// The value before it was overwritten (nil when it was blank).
    public var original: Double?
  }

  public struct StraightLiner: Codable, Sendable, Equatable {
    public var wave: Int
    public var respID: String
    public var block: String
    public var value: Double
  }

  public struct DataQuality: Codable, Sendable, Equatable {
    public var description: String
    public var duplicates: [Duplicate]
    public var outOfRange: [OutOfRange]
    public var straightLiners: [StraightLiner]
  }
}
