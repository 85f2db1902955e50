/// Settings of the synthetic HVB demo study (see `Notebooks-md/reference-demo-study.md`).
///
/// Every default reproduces the committed `Datasets/hvb-demo`; the same configuration always
/// yields byte-identical files.
public struct DemoStudyConfiguration: Sendable, Equatable {
  /// Seed of every random stream (xoshiro256** seeded through SplitMix64).
  public var seed: UInt64
  /// Target expected number of responding HVB per wave in the 15 Länder other than
  /// Sachsen-Anhalt, under the first-wave response rates. Sachsen-Anhalt (the boost) comes on top.
  public var nationalSampleSize: Int
  /// Survey waves (years), ascending.
  public var waves: [Int]
  /// Sampling fraction of Gemeinde-level HVB in Sachsen-Anhalt (the boost; Kreis-level HVB are take-all).
  public var saxonyAnhaltGemeindeFraction: Double
  /// Share of a wave's selected sample kept for the next wave in each stratum (rotating panel).
  public var panelRetention: Double
  /// Probability that a municipality's officer changes between two consecutive waves.
  public var officerChangeProbability: Double
  /// Share of the latent factor variance that is stable for an officer across waves.
  public var stableFactorShare: Double
  /// Added to the response probability of a unit (municipality) that responded in the previous wave.
  public var panelResponseBonus: Double
  /// Subtracted from every response probability per wave after the first (survey fatigue).
  public var waveFatigue: Double
  /// Whether to plant the documented data-quality wrinkles (duplicates, out-of-range values, straight-liners).
  public var includeDataQualityWrinkles: Bool

  public init(
    seed: UInt64 = 20231, nationalSampleSize: Int = 1600, waves: [Int] = [2019, 2021, 2023],
    saxonyAnhaltGemeindeFraction: Double = 0.85, panelRetention: Double = 0.8,
    officerChangeProbability: Double = 0.25, stableFactorShare: Double = 0.6,
    panelResponseBonus: Double = 0.25, waveFatigue: Double = 0.03,
    includeDataQualityWrinkles: Bool = true
  ) {
    precondition(!waves.isEmpty && waves == waves.sorted() && Set(waves).count == waves.count,
                 "DemoStudyConfiguration: waves must be distinct and ascending")
    precondition(nationalSampleSize > 0, "DemoStudyConfiguration: nationalSampleSize must be positive")
    precondition((0...1).contains(saxonyAnhaltGemeindeFraction) && (0...1).contains(panelRetention)
                 && (0...1).contains(officerChangeProbability) && (0...1).contains(stableFactorShare),
                 "DemoStudyConfiguration: fractions and probabilities must lie in [0, 1]")
    self.seed = seed
    self.nationalSampleSize = nationalSampleSize
    self.waves = waves
    self.saxonyAnhaltGemeindeFraction = saxonyAnhaltGemeindeFraction
    self.panelRetention = panelRetention
    self.officerChangeProbability = officerChangeProbability
    self.stableFactorShare = stableFactorShare
    self.panelResponseBonus = panelResponseBonus
    self.waveFatigue = waveFatigue
    self.includeDataQualityWrinkles = includeDataQualityWrinkles
  }
}
