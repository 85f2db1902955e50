// Horn's parallel analysis (psych `fa.parallel`, fa = "both").
import Foundation
import LinearAlgebra
import Statistics

/// How random comparison data are made from the observed data.
public enum ParallelAnalysisResampling: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Each column resampled with replacement independently (what psych `fa.parallel` does).
  case bootstrapColumns
  /// Each column permuted independently (Buja & Eyuboglu 1992): keeps every marginal exactly.
  case permuteColumns
}

/// Mean, quantile and standard deviation of random eigenvalues, per position (largest first).
public struct EigenvalueSummary: Sendable, Equatable {
  public let mean: [Double]
  /// The `quantileLevel` quantile (R `quantile` type 7), used for the suggestion.
  public let quantile: [Double]
  public let standardDeviation: [Double]

  init(_ draws: [[Double]], level: Double) {
    let p = draws.first?.count ?? 0
    let n = Double(draws.count)
    var mean = [Double](repeating: 0, count: p), sd = mean, q = mean
    for j in 0..<p {
      let col = draws.map { $0[j] }
      let m = col.reduce(0, +) / n
      mean[j] = m
      sd[j] = draws.count > 1 ? Foundation.sqrt(col.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)) : .nan
      q[j] = Statistics.quantile(col, level)
    }
    self.mean = mean
    self.quantile = q
    self.standardDeviation = sd
  }
}

/// Horn's (1965) parallel analysis for principal components and common factors, as psych
/// 2.2.9 `fa.parallel(fa = "both")`.
///
/// Observed values (deterministic, equal to psych to rounding):
/// ```
/// components: eigen(R)
/// factors:    eigenvalues of R with diag := communalities of a one-factor fit (psych fa(R, 1, fm)$values)
/// ```
/// Random comparison values, `iterations` draws (seeded; xoshiro256**, not R's RNG, so only the
/// distribution matches psych):
/// - **simulated** (normal data): psych draws n × p N(0, 1) data and correlates them. Here the
///   sample correlation matrix is drawn *directly*: W = AAᵀ ~ Wishart_p(n − 1, I) by Bartlett's
///   decomposition (Aᵢᵢ = √χ²_{n−1−i}, Aᵢⱼ ~ N(0, 1) for i > j), R = cov2cor(W). This is exactly the
///   distribution of the correlation matrix of n independent normal rows, at O(p³) instead of O(np²)
///   per draw.
/// - **resampled** (data input only): columns of the data resampled independently (``ParallelAnalysisResampling``).
/// Suggested numbers: the count of leading observed eigenvalues above the simulated `quantileLevel`
/// quantile (psych `nfact`, `ncomp`, which use quant = 0.95 by default).
///
/// Reference: Horn (1965) Psychometrika 30, 179–185, doi:10.1007/BF02289447; Bartlett (1933)
/// Proc R Soc Edinb 53, 260–283 (decomposition of the Wishart matrix).
/// Validated against: psych 2.2.9 `fa.parallel(bfi[1:25])` observed values (exact) and simulated
/// means (within Monte Carlo error, tests `ParallelAnalysisTests`).
public struct ParallelAnalysis: Sendable, Equatable {
  public let observedComponentEigenvalues: [Double]
  public let observedFactorEigenvalues: [Double]
  public let simulatedComponents: EigenvalueSummary
  public let simulatedFactors: EigenvalueSummary
  public let resampledComponents: EigenvalueSummary?
  public let resampledFactors: EigenvalueSummary?
  public let suggestedFactors: Int
  public let suggestedComponents: Int
  public let iterations: Int
  public let quantileLevel: Double
  public let seed: UInt64

  /// Parallel analysis of a correlation matrix of `observationCount` cases (simulation only).
  public init(
    correlation: Matrix, observationCount n: Int, iterations: Int = 20, quantileLevel: Double = 0.95,
    seed: UInt64 = 20_240_501, method: FactorMethod = .minres
  ) throws(FactorAnalysisError) {
    try self.init(
      correlation: correlation, observationCount: n, data: nil, iterations: iterations, quantileLevel: quantileLevel,
      seed: seed, method: method, resampling: .bootstrapColumns)
  }

  /// Parallel analysis of complete raw data (n × p, no NaN): Pearson correlations, simulation and resampling.
  public init(
    data: Matrix, iterations: Int = 20, quantileLevel: Double = 0.95, seed: UInt64 = 20_240_501,
    method: FactorMethod = .minres, resampling: ParallelAnalysisResampling = .bootstrapColumns
  ) throws(FactorAnalysisError) {
    for j in 0..<data.columns { for i in 0..<data.rows where data[i, j].isNaN { throw .missingData(row: i, column: j) } }
    let r = try _pearson(data)
    try self.init(
      correlation: r, observationCount: data.rows, data: data, iterations: iterations, quantileLevel: quantileLevel,
      seed: seed, method: method, resampling: resampling)
  }

  private init(
    correlation: Matrix, observationCount n: Int, data: Matrix?, iterations: Int, quantileLevel: Double, seed: UInt64,
    method: FactorMethod, resampling: ParallelAnalysisResampling
  ) throws(FactorAnalysisError) {
    try _validateCorrelation(correlation)
    let p = correlation.rows
    guard p >= 2 else { throw .invalidFactorCount(requested: 1, allowed: 1...1) }
    guard n > p else { throw .invalidCount(name: "observationCount", value: n, allowed: (p + 1)...Int.max) }
    guard iterations >= 1 else { throw .invalidCount(name: "iterations", value: iterations, allowed: 1...Int.max) }
    let r = try _standardize(correlation)
    observedComponentEigenvalues = try _la { () throws(LAPACKError) in try SymmetricEigen.eigenvalues(of: r) }
    observedFactorEigenvalues = try _extract(r, factors: 1, method: method).values
    var rng = _Xoshiro256(seed: seed)
    var simPC: [[Double]] = [], simFA: [[Double]] = [], resPC: [[Double]] = [], resFA: [[Double]] = []
    for _ in 0..<iterations {
      if let data {
        let c = try _pearson(_resample(data, &rng, resampling))
        resPC.append(try _la { () throws(LAPACKError) in try SymmetricEigen.eigenvalues(of: c) })
        resFA.append(try _extract(c, factors: 1, method: method).values)
      }
      let c = try _wishartCorrelation(p: p, n: n, &rng)
      simPC.append(try _la { () throws(LAPACKError) in try SymmetricEigen.eigenvalues(of: c) })
      simFA.append(try _extract(c, factors: 1, method: method).values)
    }
    simulatedComponents = EigenvalueSummary(simPC, level: quantileLevel)
    simulatedFactors = EigenvalueSummary(simFA, level: quantileLevel)
    resampledComponents = data == nil ? nil : EigenvalueSummary(resPC, level: quantileLevel)
    resampledFactors = data == nil ? nil : EigenvalueSummary(resFA, level: quantileLevel)
    func leading(_ obs: [Double], _ q: [Double]) -> Int {
      var k = 0
      while k < obs.count && obs[k] > q[k] { k += 1 }
      return k
    }
    suggestedComponents = leading(observedComponentEigenvalues, simulatedComponents.quantile)
    suggestedFactors = leading(observedFactorEigenvalues, simulatedFactors.quantile)
    self.iterations = iterations
    self.quantileLevel = quantileLevel
    self.seed = seed
  }
}

/// The correlation matrix of n i.i.d. N_p(0, I) rows, drawn via Bartlett's decomposition of W ~ Wishart_p(n − 1, I).
func _wishartCorrelation(p: Int, n: Int, _ rng: inout _Xoshiro256) throws(FactorAnalysisError) -> Matrix {
  var a = Matrix(rows: p, columns: p)
  for i in 0..<p {
    a[i, i] = Foundation.sqrt(rng.chiSquared(Double(n - 1 - i)))
    for j in 0..<i { a[i, j] = rng.normal() }
  }
  let w = _outer(a)
  return try _standardize(w)
}

/// Pearson correlations of complete data (centred cross-product, dsyrk).
func _pearson(_ x: Matrix) throws(FactorAnalysisError) -> Matrix {
  var c = x
  let n = Double(x.rows)
  for j in 0..<x.columns {
    var m = 0.0
    for i in 0..<x.rows { m += x[i, j] }
    m /= n
    for i in 0..<x.rows { c[i, j] -= m }
  }
  return try _standardize(crossProduct(c))
}

func _resample(_ x: Matrix, _ rng: inout _Xoshiro256, _ how: ParallelAnalysisResampling) -> Matrix {
  var out = x
  let n = x.rows
  for j in 0..<x.columns {
    switch how {
    case .bootstrapColumns:
      for i in 0..<n { out[i, j] = x[Int(rng.next() % UInt64(n)), j] }
    case .permuteColumns:
      var col = x.column(j)
      col.shuffle(using: &rng)
      for i in 0..<n { out[i, j] = col[i] }
    }
  }
  return out
}
