/// Which regions of a level may be published, decided *before* any index is computed — the one
/// seam through which the publication decision enters the main job. The study-wide publication
/// plan (`Disclosure.PublicationPlan`, via `StudyPublication.regionPublication`) provides it.
///
/// Everything published is computed over the published regions only: data-driven
/// normalisations (min–max, z-scores, ranks), PCA weights, reference units, ranks, correlations
/// with benchmarks and wave comparisons. A suppressed region's data therefore cannot move any
/// published number through them.
public struct RegionPublication: Sendable, Equatable {
  /// Per region of the level (in region-table order): may it be published?
  public let published: [Bool]
  /// Per region: why it is withheld (nil when published).
  public let reasons: [String?]
  /// The rule, for footnotes.
  public let rule: String

  public init(published: [Bool], reasons: [String?], rule: String) {
    self.published = published
    self.reasons = reasons
    self.rule = rule
  }

  /// Indices of the published regions.
  public var publishedRegions: [Int] { published.indices.filter { published[$0] } }

  /// Published in both (e.g. two waves compared: a region withheld in either is withheld in both).
  public func intersection(_ other: RegionPublication) -> RegionPublication {
    let p = zip(published, other.published).map { $0 && $1 }
    let r = p.indices.map { p[$0] ? nil : (reasons[$0] ?? other.reasons[$0] ?? "withheld in the other wave") }
    return RegionPublication(published: p, reasons: r, rule: rule)
  }
}
