import LinearAlgebra

/// One aggregate (sub-index or index) of an ``IndexResult``.
public struct NodeResult: Sendable, Hashable {
  /// Node name.
  public let name: String
  /// Level in the tree: indicators are level 1, a node is 1 + the highest level of its children.
  public let level: Int
  /// Names of the children (indicators or nodes), in order.
  public let childNames: [String]
  /// The weights used, normalised to sum 1 (same order as `childNames`).
  public let weights: [Double]
  /// The aggregation used.
  public let aggregation: Aggregation
  /// The minimum coverage used.
  public let minimumCoverage: Double
  /// The value of each unit (NaN when not computable).
  public let values: [Double]
  /// The rank of each unit, 1 = highest value (NaN for missing values).
  public let ranks: [Double]
}

/// A computed composite index: the data after every step, every aggregate with ranks, and the choices used.
public struct IndexResult: Sendable {
  /// The specification that produced this result (the choices used).
  public let spec: IndexSpec
  /// Number of units.
  public let unitCount: Int
  /// Raw data (units × indicators).
  public let raw: Matrix
  /// After imputation.
  public let imputed: Matrix
  /// After outlier treatment.
  public let treated: Matrix
  /// After direction adjustment and normalisation.
  public let normalised: Matrix
  /// One report per indicator (action `.none` when no treatment was requested).
  public let treatments: [TreatmentReport]
  /// Ranks of the normalised indicators (units × indicators), 1 = best.
  public let indicatorRanks: Matrix
  /// Every aggregate, children before parents; the index is last.
  public let nodes: [NodeResult]

  /// The index (root node).
  public var index: NodeResult { nodes[nodes.count - 1] }
  /// The index scores.
  public var scores: [Double] { index.values }
  /// The index ranks.
  public var ranks: [Double] { index.ranks }
  /// The aggregate called `name`, if any.
  public func node(named name: String) -> NodeResult? { nodes.first { $0.name == name } }
}

/// Data after imputation, treatment and normalisation. Internal.
struct PreparedData: Sendable {
  var imputed: Matrix
  var treated: Matrix
  var normalised: Matrix
  var treatments: [TreatmentReport]
}

func prepare(
  _ data: Matrix, spec: IndexSpec, imputation: Imputation, normalisation: Normalisation?
) throws(IndexError) -> PreparedData {
  let p = data.columns
  var imp = data, trt = data, nrm = data
  var reports: [TreatmentReport] = []
  for j in 0..<p {
    let name = spec.indicatorNames[j]
    let a = try imputation.apply(to: data.column(j), groups: spec.unitGroups)
    let b: [Double]
    switch spec.treatment {
    case .none:
      b = a
      let s = sampleSkewness(a), k = sampleKurtosis(a)
      reports.append(
        TreatmentReport(
          indicator: name, action: .none, skewBefore: s, kurtosisBefore: k, skewAfter: s, kurtosisAfter: k,
          winsorisedHigh: [], winsorisedLow: []))
    case .winsorise(let rule):
      let t = treatOutliers(a, rule: rule, name: name)
      b = t.values
      reports.append(t.report)
    }
    let c = try (normalisation ?? spec.normalisation(of: j)).apply(to: b, direction: spec.directions[j], name: name)
    for i in 0..<data.rows {
      imp[i, j] = a[i]
      trt[i, j] = b[i]
      nrm[i, j] = c[i]
    }
  }
  return PreparedData(imputed: imp, treated: trt, normalised: nrm, treatments: reports)
}

func validate(_ data: Matrix, _ spec: IndexSpec) throws(IndexError) {
  guard data.columns == spec.indicatorNames.count else {
    throw .indicatorCountMismatch(found: data.columns, expected: spec.indicatorNames.count)
  }
  guard spec.directions.count == spec.indicatorNames.count else {
    throw .indicatorCountMismatch(found: spec.directions.count, expected: spec.indicatorNames.count)
  }
}

/// Computes a composite index (JRC/OECD Handbook 2008; R COINr `new_coin` → `Impute` → `Treat`
/// → `Normalise` → `Aggregate`).
///
/// `data` is units × indicators (column j = `spec.indicatorNames[j]`, NaN = missing). Steps:
/// 1. impute (``Imputation``), 2. treat outliers (``OutlierTreatment``) on the imputed values,
/// 3. multiply by the direction and normalise (``Normalisation``), 4. aggregate each node, children
/// first (``Aggregation``, weights per ``WeightScheme`` normalised to sum 1, available-case), with
/// the node's minimum coverage (COINr `dat_thresh`: the share of children observed in the raw data,
/// or non-NaN for sub-indices; a unit below it gets NaN), 5. rank every aggregate (1 = highest,
/// ``IndexSpec/tieMethod``, default `min` as COINr `rank_df`).
///
/// Known divergences from COINr: generalised means are available-case (COINr returns NA when a
/// child is missing); harmonic means require values > 0 (COINr only excludes 0); coverage counts
/// raw observations, so imputed values do not count towards it.
///
/// Example:
/// ```swift
/// let spec = IndexSpec(
///   indicatorNames: ["a", "b", "c"],
///   root: IndexNode(name: "Index", indicators: [0, 1, 2]))
/// let result = try computeIndex(Matrix([[1, 2, 3], [2, 1, 5], [3, 3, 4]]), spec: spec)
/// print(result.scores, result.ranks)
/// ```
public func computeIndex(_ data: Matrix, spec: IndexSpec) throws(IndexError) -> IndexResult {
  try validate(data, spec)
  let compiled = try CompiledIndex(spec: spec)
  let prep = try prepare(data, spec: spec, imputation: spec.imputation, normalisation: nil)
  let observed = data.elements.map { !$0.isNaN }
  let (values, weights) = try compiled.evaluate(
    normalised: prep.normalised, observed: observed, weights: Array(repeating: nil, count: compiled.nodes.count))
  var nodes: [NodeResult] = []
  for (i, node) in compiled.nodes.enumerated() {
    nodes.append(
      NodeResult(
        name: node.name, level: node.level, childNames: node.children.map(compiled.childName), weights: weights[i],
        aggregation: node.aggregation, minimumCoverage: node.coverage, values: values[i],
        ranks: ranks(of: values[i], descending: true, ties: spec.tieMethod)))
  }
  let indRanks = Matrix(
    columnVectors: (0..<data.columns).map { ranks(of: prep.normalised.column($0), descending: true, ties: spec.tieMethod) })
  return IndexResult(
    spec: spec, unitCount: data.rows, raw: data, imputed: prep.imputed, treated: prep.treated,
    normalised: prep.normalised, treatments: prep.treatments, indicatorRanks: indRanks, nodes: nodes)
}
