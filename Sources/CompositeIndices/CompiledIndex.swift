import LinearAlgebra

/// A validated, flattened index tree (nodes in post-order, root last). Internal.
struct CompiledIndex: Sendable {
  enum Slot: Sendable, Hashable {
    case indicator(Int)
    case node(Int)
  }
  struct Node: Sendable {
    var name: String
    var children: [Slot]
    var scheme: WeightScheme
    var aggregation: Aggregation
    var coverage: Double
    var level: Int
  }
  var nodes: [Node]
  let indicatorNames: [String]

  init(spec: IndexSpec) throws(IndexError) {
    indicatorNames = spec.indicatorNames
    nodes = []
    var uses = [Int](repeating: 0, count: spec.indicatorNames.count)
    // Node names must differ from each other and from the indicator names (results are looked up by name).
    var names = Set(spec.indicatorNames)
    _ = try CompiledIndex.flatten(spec.root, spec: spec, into: &nodes, uses: &uses, names: &names)
    for (j, u) in uses.enumerated() where u != 1 {
      throw .indicatorNotUsedExactlyOnce(indicator: spec.indicatorNames[j], uses: u)
    }
  }

  private static func flatten(
    _ node: IndexNode, spec: IndexSpec, into nodes: inout [Node], uses: inout [Int], names: inout Set<String>
  ) throws(IndexError) -> (index: Int, level: Int) {
    guard !node.children.isEmpty else { throw .emptyNode(node: node.name) }
    guard names.insert(node.name).inserted else { throw .duplicateNodeName(node: node.name) }
    var slots: [Slot] = []
    var level = 2
    for child in node.children {
      switch child {
      case .indicator(let j):
        guard j >= 0, j < uses.count else { throw .indicatorOutOfRange(index: j, count: uses.count) }
        uses[j] += 1
        slots.append(.indicator(j))
      case .node(let sub):
        let (i, l) = try flatten(sub, spec: spec, into: &nodes, uses: &uses, names: &names)
        slots.append(.node(i))
        level = Swift.max(level, l + 1)
      }
    }
    let coverage = node.minimumCoverage ?? spec.minimumCoverage
    guard coverage >= 0, coverage <= 1 else { throw .invalidCoverage(node: node.name, value: coverage) }
    switch node.weights {
    case .explicit(let w), .budget(let w):
      guard w.count == slots.count else {
        throw .weightCountMismatch(node: node.name, found: w.count, expected: slots.count)
      }
      _ = try normalisedWeights(w, node: node.name)
    case .equal, .pca: break
    }
    nodes.append(
      Node(
        name: node.name, children: slots, scheme: node.weights, aggregation: node.aggregation ?? spec.aggregation,
        coverage: coverage, level: level))
    return (nodes.count - 1, level)
  }

  func childName(_ s: Slot) -> String {
    switch s {
    case .indicator(let j): return indicatorNames[j]
    case .node(let i): return nodes[i].name
    }
  }

  /// Node values (units) bottom-up. `weights[i]` are node i's resolved weights (nil = resolve from
  /// the scheme, computing PCA weights from the children). Returns values and the weights used.
  func evaluate(
    normalised z: Matrix, observed: [Bool], weights given: [[Double]?], aggregation override: Aggregation? = nil
  ) throws(IndexError) -> (values: [[Double]], weights: [[Double]]) {
    let n = z.rows
    var values: [[Double]] = []
    var used: [[Double]] = []
    values.reserveCapacity(nodes.count)
    for (ni, node) in nodes.enumerated() {
      let k = node.children.count
      var cols: [[Double]] = []
      var avail: [[Bool]] = []
      for s in node.children {
        switch s {
        case .indicator(let j):
          cols.append(z.column(j))
          avail.append(Array(observed[(j * n)..<((j + 1) * n)]))
        case .node(let i):
          cols.append(values[i])
          avail.append(values[i].map { !$0.isNaN })
        }
      }
      let w: [Double]
      if let g = given[ni] {
        w = g
      } else if case .pca = node.scheme {
        w = try pcaWeights(Matrix(columnVectors: cols), node: node.name).weights
      } else {
        w = try CompiledIndex.schemeWeights(node.scheme, count: k, node: node.name)
      }
      let agg = override ?? node.aggregation
      if agg.requiresPositive {
        for (c, col) in cols.enumerated() {
          if let i = col.firstIndex(where: { !$0.isNaN && !($0 > 0) }) {
            throw .nonPositiveValue(component: childName(node.children[c]), node: node.name, unit: i, value: col[i], aggregation: agg)
          }
        }
      }
      var out = [Double](repeating: .nan, count: n)
      var row = [Double](repeating: 0, count: k)
      for i in 0..<n {
        if node.coverage > 0 {
          var m = 0
          for c in 0..<k where avail[c][i] { m += 1 }
          if Double(m) / Double(k) < node.coverage { continue }
        }
        for c in 0..<k { row[c] = cols[c][i] }
        out[i] = agg.mean(of: row, weights: w)
      }
      values.append(out)
      used.append(w)
    }
    return (values, used)
  }

  static func schemeWeights(_ scheme: WeightScheme, count k: Int, node: String) throws(IndexError) -> [Double] {
    switch scheme {
    case .equal: return Array(repeating: 1 / Double(k), count: k)
    case .explicit(let w), .budget(let w): return try normalisedWeights(w, node: node)
    case .pca: preconditionFailure("PCA weights are resolved from data")
    }
  }
}

/// Weights divided by their sum; throws for negative, non-finite or all-zero weights.
func normalisedWeights(_ w: [Double], node: String) throws(IndexError) -> [Double] {
  let s = w.reduce(0, +)
  guard w.allSatisfy({ $0.isFinite && $0 >= 0 }), s > 0 else { throw .invalidWeights(node: node, weights: w) }
  return w.map { $0 / s }
}
