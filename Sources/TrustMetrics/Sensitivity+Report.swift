extension SensitivityResult {
  /// The Sobol' table: first-order and total-effect indices with their bootstrap intervals, and a
  /// footnote for every estimate that true indices cannot have (Sᵢ < 0, STᵢ < Sᵢ) saying it is
  /// Monte Carlo error and whether the interval covers the admissible region.
  public func sobolTable(id: String, title: String, notes: [String] = []) -> ReportTable {
    let level = Int((bootstrap.level * 100).rounded())
    var t = ReportTable(
      id: id, title: title,
      columns: [ReportColumn("choice"), ReportColumn("first_order", .number, digits: 3),
                ReportColumn("first_order_ci\(level)_lower", .number, digits: 3), ReportColumn("first_order_ci\(level)_upper", .number, digits: 3),
                ReportColumn("total_effect", .number, digits: 3),
                ReportColumn("total_effect_ci\(level)_lower", .number, digits: 3), ReportColumn("total_effect_ci\(level)_upper", .number, digits: 3)])
    for (i, name) in inputNames.enumerated() {
      t.append([.text(name), .value(indices.firstOrder[i]), .value(bootstrap.firstOrderLower[i]), .value(bootstrap.firstOrderUpper[i]),
                .value(indices.totalEffect[i]), .value(bootstrap.totalEffectLower[i]), .value(bootstrap.totalEffectUpper[i])])
    }
    t.notes = notes + ["\(level) % intervals: percentile bootstrap over the \(design.baseSamples) base rows of the Saltelli design (\(bootstrap.replicates) resamples; the A, B and A_B rows of a base sample kept together, as SALib)"]
    for anomaly in anomalies {
      switch anomaly {
      case .negativeFirstOrder(let i):
        let covers = bootstrap.firstOrderUpper[i] >= 0
        t.notes.append("\(inputNames[i]): first-order estimate \(ReportRenderer.fixed(indices.firstOrder[i], digits: 3)) < 0, impossible for a true index (≥ 0): Monte Carlo error of the finite sample; "
          + (covers ? "its interval reaches 0, so the effect is indistinguishable from none" : "its interval lies below 0 — increase the base samples"))
      case .totalBelowFirstOrder(let i):
        let overlap = bootstrap.totalEffectUpper[i] >= bootstrap.firstOrderLower[i]
        t.notes.append("\(inputNames[i]): total effect \(ReportRenderer.fixed(indices.totalEffect[i], digits: 3)) below the first-order \(ReportRenderer.fixed(indices.firstOrder[i], digits: 3)), impossible for true indices (total ≥ first order): Monte Carlo error; "
          + (overlap ? "the two intervals overlap, so no interaction effect is detectable" : "the intervals do not overlap — increase the base samples"))
      }
    }
    return t
  }
}
