/// Ranks of `values` with ties given their average rank (R `rank(x, ties.method = "average")`).
///
/// ```
/// rank(xᵢ) = #{j : xⱼ < xᵢ} + (#{j : xⱼ = xᵢ} + 1) / 2
/// ```
/// Ranks run from 1 to the number of non-NaN values. NaN values are missing: they get rank NaN
/// and are not counted (R `rank(x, na.last = "keep")`). O(n log n) time (one sort of indices).
///
/// Validated against: R 4.2 `rank()` (exact: average ranks are multiples of 0.5).
public func averageRanks(_ values: [Double]) -> [Double] {
  var ranks = [Double](repeating: .nan, count: values.count)
  let order = values.indices.filter { !values[$0].isNaN }.sorted { values[$0] < values[$1] }
  _assignAverageRanks(order: order, values: values, into: &ranks)
  return ranks
}

/// Writes average ranks 1…m for the indices `order` (sorted ascending by `values`) into `ranks`.
///
/// Runs of equal values share the mean of their positions. O(m).
@inline(__always)
func _assignAverageRanks(order: [Int], values: [Double], into ranks: inout [Double]) {
  var start = 0
  let m = order.count
  while start < m {
    var end = start + 1
    let v = values[order[start]]
    while end < m && values[order[end]] == v { end += 1 }
    // positions start…end-1 (0-based) hold ranks start+1…end; their mean is (start + 1 + end) / 2.
    let r = Double(start + 1 + end) / 2
    for t in start..<end { ranks[order[t]] = r }
    start = end
  }
}
