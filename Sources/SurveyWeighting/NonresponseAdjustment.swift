/// Response counts and rates of one weighting class or stratum.
public struct ResponseRate: Sendable, Equatable {
  public let group: String
  public let sampled: Int
  public let responded: Int
  /// responded / sampled.
  public let unweightedRate: Double
  /// Σ_respondents w / Σ_sampled w (base weights).
  public let weightedRate: Double
}

/// Weighting-class non-response adjustment.
public struct NonresponseAdjustment: Sendable, Equatable {
  /// Adjusted weights: w_i·f_c for respondents, 0 for non-respondents.
  public let weights: [Double]
  /// Adjustment factor f_c = Σ_sampled w / Σ_respondents w per class (sorted by label).
  public let factors: [String: Double]
  /// Response rates per class (sorted by label).
  public let rates: [ResponseRate]
}

/// Response-rate table per group (stratum, weighting class).
public func responseRates(weights: [Double], responded: [Bool], groups: [String]) throws(DesignError) -> [ResponseRate] {
  let n = weights.count
  if responded.count != n { throw .lengthMismatch(what: "responded", expected: n, found: responded.count) }
  if groups.count != n { throw .lengthMismatch(what: "groups", expected: n, found: groups.count) }
  let (codes, labels) = _codes(groups)
  var s = [Int](repeating: 0, count: labels.count), r = s
  var ws = [Double](repeating: 0, count: labels.count), wr = ws
  for i in 0..<n {
    s[codes[i]] += 1; ws[codes[i]] += weights[i]
    if responded[i] { r[codes[i]] += 1; wr[codes[i]] += weights[i] }
  }
  return labels.indices.map {
    ResponseRate(group: labels[$0], sampled: s[$0], responded: r[$0], unweightedRate: Double(r[$0]) / Double(s[$0]), weightedRate: wr[$0] / ws[$0])
  }
}

/// Non-response adjustment within weighting classes: respondents carry the weight of the
/// non-respondents of their class.
///
/// ```
/// w*_i = w_i · Σ_{k∈c} w_k / Σ_{k∈c, responded} w_k   (respondent i in class c);  0 otherwise
/// ```
/// The weighted total of every class is kept. A class without respondents is an error
/// (``DesignError/noRespondents(weightingClass:)``): collapse classes first.
public func nonresponseAdjustment(weights: [Double], responded: [Bool], classes: [String]) throws(DesignError) -> NonresponseAdjustment {
  let rates = try responseRates(weights: weights, responded: responded, groups: classes)
  var factors: [String: Double] = [:]
  for r in rates {
    if r.responded == 0 || !(r.weightedRate > 0) { throw .noRespondents(weightingClass: r.group) }
    factors[r.group] = 1 / r.weightedRate
  }
  let w = weights.indices.map { responded[$0] ? weights[$0] * (factors[classes[$0]] ?? .nan) : 0 }
  return NonresponseAdjustment(weights: w, factors: factors, rates: rates)
}
