/// How tied values share ranks (R `rank(ties.method = ...)`).
public enum TieMethod: Sendable, Hashable, CaseIterable {
  /// Mean of the tied positions (R "average").
  case average
  /// Lowest tied position (R "min"; COINr's default for ranks).
  case min
  /// Highest tied position (R "max").
  case max
  /// Consecutive integers for distinct values, no gaps (R `dplyr::dense_rank`).
  case dense
  /// Tied values ranked in order of appearance (R "first").
  case ordinal
}

/// Ranks of `values`, 1 = best; NaN values get rank NaN and are not counted (R `na.last = "keep"`).
///
/// `descending = true` (the default for index scores, as COINr `rank(-x)`) gives rank 1 to the
/// largest value; `false` gives rank 1 to the smallest (R `rank(x)`, COINr `n_rank`).
/// One stable sort of (value, position) pairs, then one pass over the tie blocks: O(n log n).
public func ranks(of values: [Double], descending: Bool = true, ties: TieMethod = .min) -> [Double] {
  var pairs: [(value: Double, index: Int)] = []
  pairs.reserveCapacity(values.count)
  for (i, x) in values.enumerated() where !x.isNaN { pairs.append((x, i)) }
  // Ascending by value; the stable sort keeps positions in order within ties (for .ordinal).
  pairs.sort { $0.value < $1.value }
  let m = pairs.count
  var blocks = 0
  var start = 0
  while start < m {
    var end = start + 1
    while end < m && pairs[end].value == pairs[start].value { end += 1 }
    blocks += 1
    start = end
  }
  var result = [Double](repeating: .nan, count: values.count)
  start = 0
  var block = 0
  while start < m {
    var end = start + 1
    while end < m && pairs[end].value == pairs[start].value { end += 1 }
    block += 1
    // 1-based positions of the block in the requested order.
    let first = descending ? m - end + 1 : start + 1
    let last = descending ? m - start : end
    for k in start..<end {
      let r: Double
      switch ties {
      case .average: r = Double(first + last) / 2
      case .min: r = Double(first)
      case .max: r = Double(last)
      case .dense: r = Double(descending ? blocks - block + 1 : block)
      case .ordinal: r = Double(first + (k - start))
      }
      result[pairs[k].index] = r
    }
    start = end
  }
  return result
}
