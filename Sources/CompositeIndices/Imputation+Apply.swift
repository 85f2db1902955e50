import Statistics

extension Imputation {
  /// Fills the NaN entries of one indicator column (see ``Imputation``); observed values are unchanged.
  ///
  /// `groups` (one label per unit) is required for the group methods. Means are over observed
  /// values; medians are R `median` (type 7 at p = 0.5). A column or group with no observed value
  /// stays NaN.
  public func apply(to column: [Double], groups: [Int]? = nil) throws(IndexError) -> [Double] {
    guard column.contains(where: { $0.isNaN }) else { return column }
    func fill(_ idx: [Int], _ out: inout [Double]) {
      let obs = idx.map { column[$0] }.filter { !$0.isNaN }
      guard !obs.isEmpty else { return }
      let v: Double
      switch self {
      case .mean, .groupMean: v = obs.reduce(0, +) / Double(obs.count)
      default: v = Statistics.median(obs)
      }
      for i in idx where out[i].isNaN { out[i] = v }
    }
    var out = column
    switch self {
    case .none: return column
    case .mean, .median: fill(Array(column.indices), &out)
    case .groupMean, .groupMedian:
      guard let g = groups, g.count == column.count else {
        throw .unitGroupsMissing(expected: column.count, found: groups?.count ?? 0)
      }
      var members: [Int: [Int]] = [:]
      for (i, label) in g.enumerated() { members[label, default: []].append(i) }
      for key in members.keys.sorted() { fill(members[key] ?? [], &out) }
    }
    return out
  }
}
