/// Correlation of one component (indicator or sub-index) with its parent aggregate.
public struct ComponentCorrelation: Sendable, Hashable {
  /// The child (indicator or node) name.
  public let component: String
  /// The parent node name.
  public let parent: String
  /// Pearson correlation over the units where both are observed (n − 1 in both moments; cancels).
  public let correlation: Double
  /// Number of units used.
  public let unitCount: Int
}

/// Cronbach's α of a node's children.
public struct NodeReliability: Sendable, Hashable {
  /// Node name.
  public let node: String
  /// α = k/(k − 1)·(1 − Σ s²ᵢ / s²ₜ), sᵢ² the children's variances and s²ₜ the variance of their
  /// unweighted sum, over complete units (R psych `alpha()$total$raw_alpha`). NaN if k < 2 or n < 2.
  public let alpha: Double
  /// Number of children k.
  public let itemCount: Int
  /// Number of complete units.
  public let unitCount: Int
}

/// Pearson correlation over pairs where both values are observed; NaN if fewer than 2 pairs or zero variance.
func pairwiseCorrelation(_ x: [Double], _ y: [Double]) -> (r: Double, n: Int) {
  let idx = x.indices.filter { !x[$0].isNaN && !y[$0].isNaN }
  let n = Double(idx.count)
  guard idx.count >= 2 else { return (.nan, idx.count) }
  let mx = idx.reduce(0) { $0 + x[$1] } / n, my = idx.reduce(0) { $0 + y[$1] } / n
  var sxy = 0.0, sxx = 0.0, syy = 0.0
  for i in idx {
    let a = x[i] - mx, b = y[i] - my
    sxy += a * b; sxx += a * a; syy += b * b
  }
  return (sxy / (sxx * syy).squareRoot(), idx.count)
}

extension IndexResult {
  private func childValues(_ nodeIndex: Int) -> [(String, [Double])] {
    let node = nodes[nodeIndex]
    return node.childNames.map { name in
      if let j = spec.indicatorNames.firstIndex(of: name) { return (name, normalised.column(j)) }
      return (name, self.node(named: name)?.values ?? [])
    }
  }

  /// Correlation of every indicator (normalised values) and sub-index with its parent
  /// (COINr `get_corr(..., Levels = c(1, 2), withparent = "parent")`, Pearson, pairwise complete).
  public func parentCorrelations() -> [ComponentCorrelation] {
    var out: [ComponentCorrelation] = []
    for (i, node) in nodes.enumerated() {
      for (name, v) in childValues(i) {
        let (r, n) = pairwiseCorrelation(v, node.values)
        out.append(ComponentCorrelation(component: name, parent: node.name, correlation: r, unitCount: n))
      }
    }
    return out
  }

  /// Cronbach's α of each node's children (normalised indicators or sub-index values), complete units
  /// (COINr `get_cronbach()`, which calls psych-style raw alpha on the listed columns).
  public func cronbachAlphas() -> [NodeReliability] {
    nodes.indices.map { i in
      let cols = childValues(i).map(\.1)
      let k = cols.count
      let rows = (0..<unitCount).filter { u in cols.allSatisfy { !$0[u].isNaN } }
      let n = rows.count
      guard k >= 2, n >= 2 else { return NodeReliability(node: nodes[i].name, alpha: .nan, itemCount: k, unitCount: n) }
      func variance(_ v: [Double]) -> Double {
        let m = v.reduce(0, +) / Double(v.count)
        return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
      }
      let itemVar = cols.reduce(0.0) { acc, c in acc + variance(rows.map { c[$0] }) }
      let total = variance(rows.map { u in cols.reduce(0.0) { $0 + $1[u] } })
      let alpha = Double(k) / Double(k - 1) * (1 - itemVar / total)
      return NodeReliability(node: nodes[i].name, alpha: alpha, itemCount: k, unitCount: n)
    }
  }
}
