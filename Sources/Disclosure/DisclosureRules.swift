/// The primary rules of a publication plan: which cells are sensitive on their own.
///
/// A cell of a measure is *primary sensitive* when any of these holds (Hundepool et al. 2012,
/// *Statistical Disclosure Control*, Wiley, §4.2; sdcTable `primarySuppression`):
/// - **minimum frequency**: 0 < u < k, where u counts the distinct units behind the cell's answers
///   (a municipality answering in three pooled waves is one unit); a cell with no answers
///   publishes nothing and is not sensitive;
/// - **minimum municipalities**: 0 < m < `minimumMunicipalities` distinct municipalities behind
///   the answers (only when the study names a municipality column);
/// - **dominance** (`DominanceRule`), on the units' contributions to the cell's sum.
public struct DisclosureRules: Sendable, Equatable {
  /// The minimum number of units k behind every published number (never below 3; default 5).
  public var minimumUnits: Int
  /// The minimum number of distinct municipalities behind every published number (default 3).
  public var minimumMunicipalities: Int
  /// The dominance rule for sums (default (n, k) = (2, 85), sdcTable's defaults).
  public var dominance: DominanceRule

  public static let smallestAllowedMinimumUnits = 3

  public init(minimumUnits: Int = 5, minimumMunicipalities: Int = 3, dominance: DominanceRule = .nk(n: 2, k: 85)) {
    self.minimumUnits = minimumUnits
    self.minimumMunicipalities = minimumMunicipalities
    self.dominance = dominance
  }
}

/// A dominance rule: a cell is sensitive when a few units make up most of its sum, so that
/// one contributor could estimate another's value closely.
public enum DominanceRule: Sendable, Equatable {
  /// No dominance rule.
  case none
  /// The (n, k) rule: sensitive when the n largest contributions exceed k % of the total
  /// (Hundepool et al. 2012, §4.2.2; sdcTable `primarySuppression(type = "nk")`, defaults n = 2, k = 85).
  case nk(n: Int, k: Double)
  /// The p % rule: sensitive when the total minus the two largest contributions is less than
  /// p % of the largest, i.e. the second-largest contributor could estimate the largest to
  /// within p % (Hundepool et al. 2012, §4.2.3; sdcTable `type = "p"`).
  case pPercent(p: Double)

  /// Whether the contributions (one per unit, taken as absolute values) make the cell sensitive.
  /// Empty or all-zero contributions are never sensitive.
  public func isSensitive(_ contributions: [Double]) -> Bool {
    let needed: Int
    switch self {
    case .none: return false
    case .nk(let n, _): needed = n
    case .pPercent: needed = 2
    }
    // The `needed` largest contributions (descending) and the total, in one pass.
    var top = [Double](repeating: 0, count: needed)
    var total = 0.0
    for c in contributions {
      let x = Swift.abs(c)
      total += x
      if x > top[needed - 1] {
        var j = needed - 1
        while j > 0 && top[j - 1] < x { top[j] = top[j - 1]; j -= 1 }
        top[j] = x
      }
    }
    guard total > 0 else { return false }
    switch self {
    case .none:
      return false
    case .nk(_, let k):
      return top.reduce(0, +) > k / 100 * total
    case .pPercent(let p):
      return total - top[0] - top[1] < p / 100 * top[0]
    }
  }
}
