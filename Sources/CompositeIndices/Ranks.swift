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
  if ties != .ordinal { return searchRanks(values, descending: descending, ties: ties) }
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

/// Ranks by sorting the values once and binary-searching each value's tie block: no index sort,
/// so it is the fast path for the Monte Carlo loops (all methods except `.ordinal`).
private func searchRanks(_ values: [Double], descending: Bool, ties: TieMethod) -> [Double] {
  var a = values.filter { !$0.isNaN }
  a.sort()
  let m = a.count
  // distinct[k] = number of distinct values among a[0...k].
  var distinct = [Int](repeating: 0, count: m)
  for k in 0..<m { distinct[k] = (k == 0 ? 0 : distinct[k - 1]) + (k == 0 || a[k] != a[k - 1] ? 1 : 0) }
  let totalDistinct = m == 0 ? 0 : distinct[m - 1]
  return a.withUnsafeBufferPointer { a in
    values.map { x -> Double in
      if x.isNaN { return .nan }
      // lb = first index with a[k] >= x, ub = first index with a[k] > x.
      var lo = 0, hi = m
      while lo < hi { let mid = (lo + hi) >> 1; if a[mid] < x { lo = mid + 1 } else { hi = mid } }
      let lb = lo
      hi = m
      while lo < hi { let mid = (lo + hi) >> 1; if a[mid] <= x { lo = mid + 1 } else { hi = mid } }
      let ub = lo
      // Positions of the tie block, 1-based, in the requested order.
      let first = descending ? m - ub + 1 : lb + 1
      let last = descending ? m - lb : ub
      switch ties {
      case .min: return Double(first)
      case .max: return Double(last)
      case .average: return Double(first + last) / 2
      case .dense: return Double(descending ? totalDistinct - distinct[lb] + 1 : distinct[lb])
      case .ordinal: preconditionFailure("ordinal ranks use the index sort")
      }
    }
  }
}
