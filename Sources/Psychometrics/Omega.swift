// McDonald's ω via the Schmid–Leiman transformation (psych `omega` / `schmid`).
import Foundation
import LinearAlgebra

/// ω for one row of psych's `omega.group` table.
public struct OmegaGroup: Sendable, Equatable {
  /// Items (0-based) whose largest |group loading| is on this factor (empty for the general row).
  public let items: [Int]
  /// (Σ g + Σ s)²… : (gr² + (Σᵢ gᵢ)²)/V_group (ω total of the subscale); for the general row ω_total.
  public let total: Double
  /// (Σᵢ gᵢ)²/V_group (general-factor share); for the general row ω_h.
  public let general: Double
  /// (Σᵢ sᵢ)²/V_group (group-factor share); for the general row Σ_groups (Σ s)²/V_t.
  public let group: Double
}

/// McDonald's hierarchical and total ω from a Schmid–Leiman solution, as R psych 2.2.9 `omega()`.
///
/// Steps (psych `schmid`): k factors by ``FactorMethod`` (default minres) with varimax, then
/// GPArotation `oblimin` of those loadings (start = identity) → pattern F and Φ; a one-factor fit
/// of Φ gives the second-order loadings γ (k = 2: γ = (√|φ₁₂|, sign(φ₁₂)√|φ₁₂|), psych option
/// "equal"); general loadings g = Fγ; group loadings sᵢⱼ = sign(Fᵢⱼ)·√max(F²ᵢⱼ(1 − γ²ⱼ), 0);
/// h² = rowSums(orthogonal loadings²), u² = 1 − h².
/// Items with g < 0 are reversed (``key`` = −1; psych `flip = TRUE`) and R ← D R D. Then, with
/// V_t = Σᵢⱼ Rᵢⱼ:
/// ```
/// ω_h = (Σ g)²/V_t,  ω_total = (V_t − Σ u²)/V_t,  ω_limit = (Σ g)²/(V_t − Σ u²)
/// α = (V_t − tr R)/V_t · p/(p − 1),  G6 = (V_t + Σ SMC − tr R)/V_t,  ECV = Σg²/(Σg² + Σ s²)
/// ```
/// Groups: item i belongs to the factor with the largest |sᵢⱼ| (first on ties).
///
/// References: McDonald (1999) Test Theory; Zinbarg, Revelle, Yovel & Li (2005) Psychometrika 70,
/// 123–133, doi:10.1007/s11336-003-0974-7; Schmid & Leiman (1957) Psychometrika 22, 53–61.
/// Validated against: psych 2.2.9 `omega(bfi[1:25], nfactors = 5)` (tests `OmegaTests`).
public struct Omega: Sendable, Equatable {
  public let factorCount: Int
  public let omegaHierarchical: Double
  public let omegaTotal: Double
  public let omegaLimit: Double
  public let alpha: Double
  /// Guttman's λ₆ (psych `G6`).
  public let lambda6: Double
  /// Explained common variance of the general factor.
  public let explainedCommonVariance: Double
  /// +1 or −1 per item (−1 = reversed because its general loading was negative).
  public let key: [Int]
  /// General-factor loadings g (after reversal).
  public let generalLoadings: [Double]
  /// Group-factor loadings s (p × k, after reversal), psych columns F1*…Fk*.
  public let groupLoadings: Matrix
  /// h² per item.
  public let communality: [Double]
  /// u² = 1 − h².
  public let uniquenesses: [Double]
  /// g²/h² (psych `p2`).
  public let generalShare: [Double]
  /// The oblique pattern F and Φ the transformation started from.
  public let obliqueLoadings: Matrix
  public let factorCorrelations: Matrix
  /// Second-order loadings γ of the factors on g.
  public let secondOrderLoadings: [Double]
  /// psych `omega.group`: row 0 general, then one row per group factor.
  public let groups: [OmegaGroup]

  public init(correlation: Matrix, factors k: Int = 3, method: FactorMethod = .minres) throws(FactorAnalysisError) {
    try _validateCorrelation(correlation)
    let p = correlation.rows
    guard k >= 1 && k < p else { throw .invalidFactorCount(requested: k, allowed: 1...Swift.max(1, p - 1)) }
    var m = try _standardize(correlation)
    // psych::schmid
    let fact = try FactorAnalysis(correlation: m, factors: k, method: method, rotation: .varimax)
    let orth = fact.loadings
    let fload: Matrix
    let phi: Matrix
    if k == 1 {
      fload = orth
      phi = .identity(1)
    } else {
      let ob = try _gpaOblique(orth, criterion: .oblimin(gamma: 0))
      fload = ob.loadings
      phi = ob.phi ?? .identity(k)
    }
    var gamma: [Double]
    if k == 1 {
      gamma = [1]
    } else if k == 2 {
      let r12 = phi[0, 1]
      gamma = [Foundation.sqrt(Swift.abs(r12)), _signPositiveZero(r12) * Foundation.sqrt(Swift.abs(r12))]
      if r12 == 0 { gamma[1] = 0 }
    } else {
      gamma = try FactorAnalysis(correlation: phi, factors: 1, method: method, rotation: .none).loadings.column(0)
    }
    var g = fload * gamma
    let h2 = orth.rowSumsOfSquares
    let u2 = (0..<p).map { m[$0, $0] - h2[$0] }
    var s = Matrix(rows: p, columns: k)
    for j in 0..<k {
      for i in 0..<p {
        let f = fload[i, j]
        let u = Swift.max(f * f - (f * gamma[j]) * (f * gamma[j]), 0)
        s[i, j] = (f > 0 ? 1 : (f < 0 ? -1 : 0)) * Foundation.sqrt(u)
      }
    }
    let p2 = (0..<p).map { g[$0] * g[$0] / h2[$0] }
    // psych::omegah, flip = TRUE
    let key = g.map { $0 < 0 ? -1 : 1 }
    if key.contains(-1) {
      let d = key.map(Double.init)
      m = m.scalingRows(d).scalingColumns(d)
      g = zip(g, d).map { $0 * $1 }
      s = s.scalingRows(d)
    }
    let vt = m.elementSum
    let tr = m.trace
    let gsum = g.reduce(0, +)
    let gsq = gsum * gsum
    let uniq = u2.reduce(0, +)
    omegaTotal = (vt - uniq) / vt
    omegaLimit = gsq / (vt - uniq)
    omegaHierarchical = gsq / vt
    alpha = ((vt - tr) / vt) * (Double(p) / Double(p - 1))
    let smc = try _la { () throws(LAPACKError) in try _smc(m) }
    lambda6 = (vt + smc.reduce(0, +) - tr) / vt
    let gss = g.reduce(0) { $0 + $1 * $1 }
    explainedCommonVariance = gss / (gss + s.sumOfSquares)
    // omega.group
    let sub = (0..<p).map { i -> Int in
      var best = 0
      for j in 1..<Swift.max(k, 1) where Swift.abs(s[i, j]) > Swift.abs(s[i, best]) { best = j }
      return best
    }
    var groups: [OmegaGroup] = []
    var grs = 0.0
    for j in 0..<k {
      let items = (0..<p).filter { sub[$0] == j }
      guard !items.isEmpty else {
        groups.append(OmegaGroup(items: [], total: .nan, general: .nan, group: .nan))
        continue
      }
      var vgr = 0.0
      for a in items { for b in items { vgr += m[a, b] } }
      let gr = items.reduce(0.0) { $0 + s[$1, j] }
      let gg = items.reduce(0.0) { $0 + g[$1] }
      grs += gr * gr
      groups.append(OmegaGroup(items: items, total: (gr * gr + gg * gg) / vgr, general: gg * gg / vgr, group: gr * gr / vgr))
    }
    groups.insert(OmegaGroup(items: [], total: omegaTotal, general: gsq / vt, group: grs / vt), at: 0)
    self.groups = groups
    self.factorCount = k
    self.key = key
    self.generalLoadings = g
    self.groupLoadings = s
    self.communality = h2
    self.uniquenesses = u2
    self.generalShare = p2
    self.obliqueLoadings = fload
    self.factorCorrelations = phi
    self.secondOrderLoadings = gamma
  }
}
