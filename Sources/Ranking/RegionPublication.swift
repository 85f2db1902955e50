/// Which regions of a level may be published, decided *before* any index is computed — the one
/// seam through which the publication decision enters the main job (a study-wide disclosure plan
/// will provide this value later).
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

  /// The k rule per published number with secondary suppression:
  /// `componentCounts[g][c]` = distinct respondents of region g with a value for component c. A
  /// region is published only if every component count is ≥ k (each published component mean,
  /// and the index built from them, rests on at least k respondents); then `suppressSmallCells`
  /// withholds further regions so that no withheld region's count follows from published
  /// counts and parent totals. Regions without any respondent are not published (nothing to show).
  public static func smallCellRule(componentCounts: [[Int]], parentOfRegion: [Int], parentCount: Int, threshold: Int) throws(RankingError) -> RegionPublication {
    let G = componentCounts.count
    let n = componentCounts.map { $0.min() ?? 0 }
    // A region with respondents but an empty component counts as a small cell (primary).
    let audited = componentCounts.indices.map { n[$0] > 0 ? n[$0] : Swift.min(1, componentCounts[$0].max() ?? 0) }
    let shape = DisclosureTableShape(regions: G, waves: 1, subgroups: 1, parentOfRegion: parentOfRegion, parentCount: Swift.max(1, parentCount))
    let s = try suppressSmallCells(counts: audited, shape: shape, options: DisclosureOptions(threshold: threshold))
    var published = [Bool](repeating: false, count: G), reasons = [String?](repeating: nil, count: G)
    for g in 0..<G {
      if n[g] == 0 && (componentCounts[g].max() ?? 0) == 0 { reasons[g] = "no respondents"; continue }
      if n[g] < threshold { reasons[g] = "fewer than \(threshold) respondents for a component"; continue }
      if let r = s.reasons[g] { reasons[g] = "secondary suppression (\(r.rawValue))"; continue }
      published[g] = true
    }
    return RegionPublication(published: published, reasons: reasons,
                             rule: "k = \(threshold) respondents per published number (each component mean of a region), with secondary suppression")
  }
}
