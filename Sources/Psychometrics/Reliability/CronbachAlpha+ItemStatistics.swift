// Response frequencies of `cronbachAlpha` (psych `response.frequencies`): proportions of each
// distinct value per item over the item's observed values, plus the missing share; the counts
// come from α's pass (CronbachAlpha+Pass.swift).
import Foundation
import LinearAlgebra

/// Proportions from each column's (value, count) list: nil when an item's range exceeds
/// `maximumCategories` (psych).
func _responseFrequencies(
  _ columnCounts: [[(value: Double, count: Int)]], categories: [Double], rows n: Int, maximumCategories: Int
) -> ResponseFrequencies? {
  let k = columnCounts.count
  var proportions = Matrix(rows: k, columns: categories.count)
  var missing = [Double](repeating: 0, count: k)
  for j in 0..<k {
    let list = columnCounts[j]
    let observed = list.reduce(0) { $0 + $1.count }
    if let lo = list.map(\.value).min(), let hi = list.map(\.value).max(), hi - lo > Double(maximumCategories) {
      return nil
    }
    for e in list {
      if let c = categories.firstIndex(of: e.value) { proportions[j, c] = Double(e.count) / Double(observed) }
    }
    if observed == 0 { for c in categories.indices { proportions[j, c] = .nan } }
    missing[j] = 1 - Double(observed) / Double(n)
  }
  return ResponseFrequencies(categories: categories, proportions: proportions, missing: missing)
}
