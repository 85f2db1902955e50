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
/// Cost O(n log n).
public func ranks(of values: [Double], descending: Bool = true, ties: TieMethod = .min) -> [Double] {
  var order = values.indices.filter { !values[$0].isNaN }
  // Stable sort by value, then by position (for .ordinal).
  order.sort { a, b in
    let va = values[a], vb = values[b]
    if va != vb { return descending ? va > vb : va < vb }
    return a < b
  }
  var result = [Double](repeating: .nan, count: values.count)
  var start = 0
  var dense = 0.0
  while start < order.count {
    var end = start + 1
    while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
    dense += 1
    for k in start..<end {
      let r: Double
      switch ties {
      case .average: r = Double(start + end + 1) / 2
      case .min: r = Double(start + 1)
      case .max: r = Double(end)
      case .dense: r = dense
      case .ordinal: r = Double(k + 1)
      }
      result[order[k]] = r
    }
    start = end
  }
  return result
}
