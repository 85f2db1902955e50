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
/// One stable sort of (value, position) pairs (LSD radix sort on the order-preserving bit pattern
/// of the doubles, 8 passes of 8 bits), then one pass over the tie blocks: O(n).
public func ranks(of values: [Double], descending: Bool = true, ties: TieMethod = .min) -> [Double] {
  let pairs = sortedPairs(values)
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

/// The non-NaN values with their positions, sorted ascending by value, positions ascending within
/// ties (stable). LSD radix sort on keys k(x) = bits(x) with the sign bit flipped for x ≥ 0 and all
/// bits flipped for x < 0, which orders doubles like `<` (−0.0 is keyed as +0.0, as `==` treats
/// them). Passes whose byte is constant are skipped.
func sortedPairs(_ values: [Double]) -> [(value: Double, index: Int)] {
  var keys: [UInt64] = []
  var index: [Int32] = []
  keys.reserveCapacity(values.count)
  index.reserveCapacity(values.count)
  for (i, x) in values.enumerated() where !x.isNaN {
    let b = (x == 0 ? 0.0 : x).bitPattern  // −0.0 keyed as +0.0, so ties keep position order
    keys.append(b >> 63 == 1 ? ~b : b | (1 << 63))
    index.append(Int32(i))
  }
  let m = keys.count
  var keys2 = [UInt64](repeating: 0, count: m)
  var index2 = [Int32](repeating: 0, count: m)
  var counts = [Int](repeating: 0, count: 256)
  for pass in 0..<8 {
    let shift = UInt64(pass * 8)
    for k in 0..<256 { counts[k] = 0 }
    for key in keys { counts[Int((key >> shift) & 0xFF)] += 1 }
    if counts.contains(m) { continue }  // every key has the same byte: nothing to do
    var total = 0
    for k in 0..<256 {
      let c = counts[k]
      counts[k] = total
      total += c
    }
    for j in 0..<m {
      let b = Int((keys[j] >> shift) & 0xFF)
      let dest = counts[b]
      counts[b] = dest + 1
      keys2[dest] = keys[j]
      index2[dest] = index[j]
    }
    swap(&keys, &keys2)
    swap(&index, &index2)
  }
  return (0..<m).map { (values[Int(index[$0])], Int(index[$0])) }
}
