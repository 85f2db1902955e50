import Foundation

/// Which views of rank uncertainty to compute.
public enum RankUncertainty: String, Sendable, CaseIterable {
  /// Marginal and simultaneous confidence sets for ranks (Mogstad, Romano, Shaikh & Wilhelm 2024; R csranks).
  case csranks
  /// Bootstrap rank distributions from the design replicates.
  case bootstrap
  /// Monte Carlo over the index's own choices, with Sobol sensitivity indices (COINr get_sensitivity).
  case montecarlo
  case all
}

/// Ranks of the published regions of a `RegionIndex` with three complementary views of their
/// uncertainty, and optionally Fay–Herriot shrinkage.
public struct RegionRanking: Sendable {
  public let index: RegionIndex
  /// Positions (into `index.regions`) of the ranked regions.
  public let units: [Int]
  public let estimates: [Double]
  public let standardErrors: [Double]
  public let ranks: [Int]
  public var marginal: RankConfidenceSets?
  public var simultaneous: RankConfidenceSets?
  /// Bootstrap rank distribution per unit: median, 5 % and 95 % quantiles, P(top k), P(bottom k).
  public var bootstrap: [(median: Double, q05: Double, q95: Double, top: Double, bottom: Double)]?
  public var monteCarlo: UncertaintyResult?
  public var sensitivity: SensitivityResult?
  public var sensitivityChoices: [String] = []
  public var fayHerriot: FayHerriotFit?
  public var fayHerriotCovariates: [String] = []
  public let topK: Int

  /// Ranks `index` (rank 1 = highest value). Suppressed regions are not ranked.
  public static func rank(_ index: RegionIndex, uncertainty: RankUncertainty, shrink: Bool, topK: Int = 3,
                          seed: UInt64 = 20231) throws -> RegionRanking {
    let units = index.publishedRegions
    guard units.count >= 2 else { throw RegionIndexError.tooFewRegions(level: index.options.level, published: units.count) }
    let est = units.map { index.estimates[$0] }
    let se = units.map { index.standardErrors[$0] }
    var r = RegionRanking(index: index, units: units, estimates: est, standardErrors: se, ranks: descendingRanks(est), topK: Swift.min(topK, units.count))
    let wantCS = uncertainty == .csranks || uncertainty == .all
    let wantBoot = uncertainty == .bootstrap || uncertainty == .all
    let wantMC = uncertainty == .montecarlo || uncertainty == .all
    // Replicates of the ranked units (drop replicates where any is undefined).
    let R = index.replicates.rows
    let reps = (0..<R).compactMap { b -> [Double]? in
      let v = units.map { index.replicates[b, $0] }
      return v.allSatisfy(\.isFinite) ? v : nil
    }
    if wantCS {
      // Covariance of the estimates from the design replicates (rescaled to the SEs).
      let p = units.count
      var cov = Matrix(rows: p, columns: p)
      let mean = (0..<p).map { j in reps.reduce(0) { $0 + $1[j] } / Double(reps.count) }
      for j in 0..<p { for k in 0...j {
        var s = 0.0
        for v in reps { s += (v[j] - mean[j]) * (v[k] - mean[k]) }
        cov[j, k] = s / Double(reps.count - 1)
        cov[k, j] = cov[j, k]
      } }
      // Rescale to the reported SEs (the design's variance scale) keeping the correlations:
      // D·C·D with the factors taken from the original diagonal (an in-place update would read
      // already rescaled diagonal entries and could leave a matrix that is not positive
      // semi-definite).
      let factor = (0..<p).map { j -> Double in
        let s = cov[j, j].squareRoot()
        return s > 0 ? se[j] / s : 0
      }
      for j in 0..<p { for k in 0..<p { cov[j, k] *= factor[j] * factor[k] } }
      let options = RankConfidenceOptions(coverage: 0.95, type: .twoSided, stepdown: true, replicates: 1000, seed: seed)
      r.marginal = try rankConfidenceSets(estimates: est, covariance: cov, scope: .marginal, options: options)
      r.simultaneous = try rankConfidenceSets(estimates: est, covariance: cov, scope: .simultaneous, options: options)
    }
    if wantBoot {
      var all: [[Int]] = Array(repeating: [], count: units.count)
      for v in reps { for (j, k) in descendingRanks(v).enumerated() { all[j].append(k) } }
      let k = r.topK, p = units.count
      r.bootstrap = all.map { ranks in
        let x = ranks.map(Double.init)
        return (median(x), quantile(x, 0.05), quantile(x, 0.95),
                Double(ranks.filter { $0 <= k }.count) / Double(ranks.count), Double(ranks.filter { $0 > p - k }.count) / Double(ranks.count))
      }
    }
    if wantMC {
      let data = index.componentMeans.submatrix(rows: units, columns: 0..<index.componentNames.count)
      var choices: [UncertainChoice] = [
        // Alternatives that stay positive, so the geometric mean is defined in every variant.
        UncertainChoice("normalisation", .normalisation([index.spec.normalisation, .minMax(lower: 1, upper: 100), .rank])),
        UncertainChoice("weights", .weightNoise(fraction: 0.25, sets: 100)),
      ]
      if index.componentMeans.elements.allSatisfy({ $0.isNaN || $0 > 0 }) {
        choices.append(UncertainChoice("aggregation", .aggregation([.arithmetic, .geometric])))
      }
      r.sensitivityChoices = choices.map(\.name)
      r.monteCarlo = try uncertaintyAnalysis(data, spec: index.spec, choices: choices, variants: 2000, seed: seed)
      r.sensitivity = try sensitivityAnalysis(data, spec: index.spec, choices: choices, baseSamples: 512, seed: seed)
    }
    if shrink {
      let (x, names) = covariates(index, units: units)
      r.fayHerriot = try Ranking.fayHerriot(directEstimates: est, samplingVariances: se.map { $0 * $0 }, covariates: x)
      r.fayHerriotCovariates = names
    }
    return r
  }

  /// Intercept plus the log of positive covariates shared by all ranked regions, preferring
  /// density, then population, then any other (one covariate below 20 regions, two from 20 on,
  /// so the regression does not eat the few degrees of freedom small areas have).
  static func covariates(_ index: RegionIndex, units: [Int]) -> (Matrix, [String]) {
    let regions = units.map { index.regions[$0] }
    let available = Set(regions.first?.covariates.keys.map { $0 } ?? []).filter { k in regions.allSatisfy { ($0.covariates[k] ?? 0) > 0 } }
    let preferred = ["density", "population"].filter(available.contains) + available.subtracting(["density", "population"]).sorted()
    let used = Array(preferred.prefix(units.count >= 20 ? 2 : 1))
    var cols: [[Double]] = [[Double](repeating: 1, count: units.count)]
    for k in used { cols.append(regions.map { log($0.covariates[k] ?? 1) }) }
    return (Matrix(columnVectors: cols), ["intercept"] + used.map { "log(\($0))" })
  }
}

extension RegionRanking {
  public func reportTables() -> [ReportTable] {
    let idx = index
    let level = idx.options.level.rawValue
    // Rank sets and intervals are two numeric columns each (lower, upper); human formats show
    // them joined under the `joinedHeader`.
    var columns = [ReportColumn("rank", .integer), ReportColumn("key"), ReportColumn(level), ReportColumn("n", .integer),
                   ReportColumn("index", .number, digits: 1), ReportColumn("se", .number, digits: 2),
                   ReportColumn("ci95_lower", .number, digits: 1, joinedHeader: "ci95"), ReportColumn("ci95_upper", .number, digits: 1)]
    if marginal != nil {
      columns += [ReportColumn("rank_lower", .integer, joinedHeader: "marginal_ci"), ReportColumn("rank_upper", .integer),
                  ReportColumn("rank_lower_simultaneous", .integer, joinedHeader: "simultaneous_ci"), ReportColumn("rank_upper_simultaneous", .integer)]
    }
    if bootstrap != nil {
      columns += [ReportColumn("boot_median", .number, digits: 1),
                  ReportColumn("boot_q05", .number, digits: 0, joinedHeader: "boot_5_95"), ReportColumn("boot_q95", .number, digits: 0),
                  ReportColumn("p_top\(topK)", .number, digits: 2), ReportColumn("p_bottom\(topK)", .number, digits: 2)]
    }
    if monteCarlo != nil {
      columns += [ReportColumn("mc_median", .number, digits: 1),
                  ReportColumn("mc_q05", .number, digits: 0, joinedHeader: "mc_5_95"), ReportColumn("mc_q95", .number, digits: 0)]
    }
    var t = ReportTable(id: "rank_\(idx.definition.id)_\(level)", title: "Ranking: \(idx.definition.label) by \(level)\(idx.waveLabel)", columns: columns)
    let order = units.indices.sorted { (ranks[$0], idx.regions[units[$0]].name) < (ranks[$1], idx.regions[units[$1]].name) }
    let z = 1.959963984540054
    for j in order {
      let g = units[j]
      var row: [Cell] = [.integer(ranks[j]), .text(idx.regions[g].key), .text(idx.regions[g].name), .integer(idx.counts[g]), .value(estimates[j]), .value(standardErrors[j]),
                         .value(estimates[j] - z * standardErrors[j]), .value(estimates[j] + z * standardErrors[j])]
      if let m = marginal, let s = simultaneous { row += [.integer(m.lower[j]), .integer(m.upper[j]), .integer(s.lower[j]), .integer(s.upper[j])] }
      if let b = bootstrap?[j] { row += [.value(b.median), .value(b.q05), .value(b.q95), .value(b.top), .value(b.bottom)] }
      if let mc = monteCarlo { row += [.value(mc.medianRank[j]), .value(mc.q05Rank[j]), .value(mc.q95Rank[j])] }
      t.append(row)
    }
    var notes = idx.footnotes
    if marginal != nil {
      notes.append("marginal_ci (rank_lower–rank_upper) / simultaneous_ci (rank_lower_simultaneous–rank_upper_simultaneous): 95 % confidence sets for the rank (Mogstad, Romano, Shaikh & Wilhelm 2024, R csranks), from the estimates and their replicate covariance; simultaneous sets hold for all regions at once")
    }
    if bootstrap != nil { notes.append("boot_*: distribution of the rank over the \(idx.replicates.rows) design replicates; p_top\(topK)/p_bottom\(topK): share of replicates in the top/bottom \(topK)") }
    if monteCarlo != nil { notes.append("mc_*: rank over 2000 variants of the index's own choices (\(sensitivityChoices.joined(separator: ", ")))") }
    let hidden = idx.regions.indices.filter { !units.contains($0) }.map { idx.regions[$0].name }
    if !hidden.isEmpty { notes.append("not ranked (suppressed or no respondents): " + hidden.joined(separator: ", ")) }
    t.notes = notes
    var tables = [t]
    if let s = sensitivity {
      // Interval columns and footnotes for impossible estimates: Sensitivity+Report.swift.
      tables.append(s.sobolTable(id: "sensitivity_\(idx.definition.id)_\(level)", title: "Sensitivity of the ranking to the index's choices (Sobol indices)",
                                 notes: ["output: mean absolute rank shift from the nominal ranking; Saltelli design with 512 base samples; first order Saltelli (2010), total effect Jansen (as COINr get_sensitivity)"]))
    }
    if let fh = fayHerriot {
      var ft = ReportTable(id: "shrinkage_\(idx.definition.id)_\(level)", title: "Fay–Herriot shrinkage (EBLUP)",
                           columns: [ReportColumn(level), ReportColumn("n", .integer), ReportColumn("direct", .number, digits: 1), ReportColumn("direct_se", .number, digits: 2),
                                     ReportColumn("eblup", .number, digits: 1), ReportColumn("eblup_rmse", .number, digits: 2),
                                     ReportColumn("shrinkage", .number, digits: 2), ReportColumn("rank_direct", .integer), ReportColumn("rank_eblup", .integer)])
      let eRanks = descendingRanks(fh.eblup)
      for j in units.indices {
        let g = units[j]
        ft.append([.text(idx.regions[g].name), .integer(idx.counts[g]), .value(estimates[j]), .value(standardErrors[j]), .value(fh.eblup[j]),
                   .value(fh.mse[j].squareRoot()), .value(1 - fh.shrinkage[j]), .integer(ranks[j]), .integer(eRanks[j])])
      }
      ft.notes = ["area-level model: direct = xβ + u + e, u ~ N(0, σ²u), σ²u (REML) = \(ReportRenderer.fixed(fh.randomEffectVariance, digits: 3)); covariates: \(fayHerriotCovariates.joined(separator: ", "))",
                  "shrinkage = 1 − γ, γ = σ²u/(σ²u + se²): the weight moved from the direct estimate to the regression prediction; RMSE from the Prasad–Rao MSE"]
      tables.append(ft)
    }
    return tables
  }
}
