import LinearAlgebra

extension SurveyDesign {
  /// Post-stratification to known population cell counts (R `postStratify(design, ~cell, pop)`).
  ///
  /// ```
  /// w*_i = w_i · N_c / Σ_{k ∈ c} w_k   for row i in cell c
  /// ```
  /// Variance: scores are replaced by their residuals from the cell means (R `svyrecvar` with
  /// `postStrata`). Cells with a zero population total and no sample are ignored; a sample cell
  /// without a population total, or a population cell with no sampled weight, is an error.
  ///
  /// - Parameter marginName: used in error messages.
  public func postStratified(cells: [String], populationTotals: [String: Double], marginName: String = "post-strata") throws(DesignError) -> SurveyDesign {
    if cells.count != count { throw .lengthMismatch(what: "post-strata", expected: count, found: cells.count) }
    let (index, labels) = _codes(cells)
    return try _postStratified(index: index, labels: labels, populationTotals: populationTotals, marginName: marginName)
  }

  func _postStratified(index: [Int], labels: [String], populationTotals: [String: Double], marginName: String) throws(DesignError) -> SurveyDesign {
    var sampleTotal = [Double](repeating: 0, count: labels.count)
    for i in 0..<count { sampleTotal[index[i]] += weights[i] }
    var factor = [Double](repeating: 1, count: labels.count)
    for (c, label) in labels.enumerated() {
      guard let pop = populationTotals[label] else { throw .categoryMissingFromPopulation(margin: marginName, category: label) }
      if sampleTotal[c] == 0 {
        if pop != 0 { throw .emptyCell(margin: marginName, category: label) }
        continue
      }
      factor[c] = pop / sampleTotal[c]
    }
    for (label, pop) in populationTotals.sorted(by: { $0.key < $1.key }) where pop != 0 && !labels.contains(label) {
      throw .emptyCell(margin: marginName, category: label)
    }
    var d = self
    let old = weights
    d.weights = (0..<count).map { old[$0] * factor[index[$0]] }
    d.adjustments.append(.postStratification(cell: index, cellCount: labels.count, oldWeights: old, newWeights: d.weights))
    return d
  }
}

/// Integer codes of string labels (labels sorted). One hash lookup per value: codes in order of
/// first appearance, then renumbered by the sorted labels.
func _codes(_ values: [String]) -> (codes: [Int], labels: [String]) {
  var index: [String: Int] = [:]
  var seen: [String] = []
  var raw = [Int]()
  raw.reserveCapacity(values.count)
  for v in values {
    if let c = index[v] {
      raw.append(c)
    } else {
      index[v] = seen.count
      raw.append(seen.count)
      seen.append(v)
    }
  }
  let order = seen.indices.sorted { seen[$0] < seen[$1] }
  var rank = [Int](repeating: 0, count: seen.count)
  for (r, o) in order.enumerated() { rank[o] = r }
  return (raw.map { rank[$0] }, order.map { seen[$0] })
}
