import Foundation

/// Design-based estimates of study items, the codebook's survey design applied.
public enum StudyEstimation {
  /// The statistic to estimate.
  public enum Statistic: String, Sendable, CaseIterable {
    case mean, total, ratio, quantile, shares
  }

  /// How variances are computed.
  public enum Variance: String, Sendable, CaseIterable {
    /// Taylor linearisation (R survey `svyrecvar`).
    case taylor
    /// Bootstrap replicate weights (Rao–Wu, R `subbootstrap`).
    case replicate
  }

  /// The codebook's design on `rows` (weights, strata, clusters, fpc, lonely-PSU policy), with
  /// `weights` overriding the design weights. Strata and clusters may be region variables.
  public static func design(_ data: StudyData, rows: [Int], weights override: [Double]? = nil) throws -> SurveyDesign {
    let spec = data.study.design
    let weights = override ?? data.weights(rows: rows)
    func column(_ name: String) throws -> [String] {
      if let k = data.regionKeys[name] { return rows.map { k[$0] } }
      guard let c = data.variables[name] else {
        throw IngestError.missingColumn(file: data.study.path, column: name, role: "design variable", available: data.variables.keys.sorted())
      }
      return rows.map { c.text(at: $0) }
    }
    let strata = try spec?.strata.map { try column($0) }
    let clusters = try (spec?.clusters ?? []).map { try column($0) }
    let fpc = try (spec?.fpc ?? []).map { name -> FinitePopulationCorrection in
      guard let c = data.variables[name] else { throw IngestError.missingColumn(file: data.study.path, column: name, role: "fpc", available: []) }
      let v = rows.map { c.number(at: $0) }
      return v.allSatisfy { $0 <= 1 } ? .samplingFraction(v) : .populationSize(v)
    }
    let policy = spec.flatMap { SurveyWeighting.LonelyPSUPolicy(rawValue: $0.lonelyPSU.rawValue) } ?? .fail
    return try SurveyDesign(weights: weights, strata: strata, clusters: clusters, fpc: fpc, lonelyPSU: policy, rowCount: rows.count)
  }

  /// One row of an estimate table.
  public struct Row: Sendable {
    public var group: String
    public var item: String
    public var label: String
    public var count: Int
    public var estimate: DesignEstimate
    /// An interval that is not estimate ± z·SE (the Woodruff interval of a quantile).
    public var interval: ConfidenceInterval? = nil

    public init(group: String, item: String, label: String, count: Int, estimate: DesignEstimate, interval: ConfidenceInterval? = nil) {
      self.group = group
      self.item = item
      self.label = label
      self.count = count
      self.estimate = estimate
      self.interval = interval
    }
  }

  /// Estimates `statistic` for `items` on `rows`, optionally per domain (svyby semantics: each
  /// domain keeps the whole design). Domains support the mean.
  ///
  /// With `rakeMargins` the design is raked first (ε = 1e-10 of the weight sum, at most 100
  /// sweeps): Taylor variances then use the raking residuals (R `rake()` + `svyrecvar`), and
  /// replicate variances rake every replicate again (R `rake()` on an `as.svrepdesign` design).
  public static func estimate(_ data: StudyData, items: [String], rows: [Int], statistic: Statistic, variance: Variance,
                              domains: [String?]? = nil, domainLabels: [String: String] = [:], rakeMargins: [MarginTable] = [],
                              replicates: Int = 1000, seed: UInt64 = 20231) throws -> [Row] {
    let base = try design(data, rows: rows)
    var design = base
    var raking: [RakingMargin] = []
    if !rakeMargins.isEmpty {
      raking = try StudyRaking.margins(data, rows: rows, margins: rakeMargins).margins
      design = try base.raked(margins: raking, epsilon: 1e-10, maxIterations: 100).design
    }
    guard let x = data.itemMatrix(items, rows: rows) else { return [] }
    var rep: ReplicateDesign? = variance == .replicate ? try base.replicateDesign(.bootstrap(replicates: replicates, seed: seed)) : nil
    if let r = rep, !raking.isEmpty { rep = try r.raked(margins: raking, epsilon: 1e-10, maxIterations: 100).design }
    func n(_ j: Int, _ subset: [Int]? = nil) -> Int { (subset ?? Array(0..<x.rows)).filter { !x[$0, j].isNaN }.count }
    if let domains {
      let result = try rep.map { r throws -> [DomainEstimates] in try r.domainMeans(x, domains: domains, missing: .perVariable) }
        ?? design.domainMeans(x, domains: domains, missing: .perVariable, designEffect: .withoutReplacement)
      var out: [Row] = []
      for d in result {
        let members = domains.indices.filter { domains[$0] == d.domain }
        for (j, item) in items.enumerated() {
          out.append(Row(group: d.domain, item: item, label: domainLabels[d.domain] ?? d.domain, count: n(j, members), estimate: d.estimates.items[j]))
        }
      }
      return out
    }
    switch statistic {
    case .mean, .total:
      let e: DesignEstimates
      if let rep {
        e = statistic == .mean ? try rep.mean(x, missing: .perVariable) : try rep.total(x, missing: .perVariable)
      } else {
        e = statistic == .mean ? try design.mean(x, missing: .perVariable, designEffect: .withoutReplacement)
          : try design.total(x, missing: .perVariable, designEffect: .withoutReplacement)
      }
      return items.enumerated().map { Row(group: "all", item: $0.element, label: "all", count: n($0.offset), estimate: e.items[$0.offset]) }
    case .ratio:
      let y = x.column(0), z = x.column(1)
      let e = try rep.map { try $0.ratio(numerator: y, denominator: z, missing: .dropRows) } ?? design.ratio(numerator: y, denominator: z, missing: .dropRows)
      return [Row(group: "all", item: "\(items[0])/\(items[1])", label: "all", count: (0..<x.rows).filter { !y[$0].isNaN && !z[$0].isNaN }.count, estimate: e)]
    case .quantile:
      var out: [Row] = []
      for (j, item) in items.enumerated() {
        for q in try design.quantiles(x.column(j), probabilities: [0.25, 0.5, 0.75], missing: .dropRows) {
          out.append(Row(group: "all", item: item, label: "q\(Int(q.probability * 100))", count: n(j),
                         estimate: DesignEstimate(estimate: q.estimate, standardError: q.standardError, degreesOfFreedom: design.degreesOfFreedom),
                         interval: ConfidenceInterval(lower: q.lower, upper: q.upper, level: 0.95)))
        }
      }
      return out
    case .shares:
      var out: [Row] = []
      for (j, item) in items.enumerated() {
        let labels = data.study.item(item).flatMap { data.study.responseScale(of: $0) }?.codes ?? []
        let cats: [String?] = (0..<x.rows).map { x[$0, j].isNaN ? nil : formatNumber(x[$0, j]) }
        let s = try rep.map { r throws -> CategoryShares in
          // Replicate shares: the mean of category indicators.
          let cs = Array(Set(cats.compactMap { $0 })).sorted()
          var ind = Matrix(rows: x.rows, columns: cs.count, repeating: .nan)
          for i in 0..<x.rows { if let c = cats[i], let k = cs.firstIndex(of: c) { for m in 0..<cs.count { ind[i, m] = m == k ? 1 : 0 } } }
          return CategoryShares(categories: cs, shares: try r.mean(ind, missing: .dropRows))
        } ?? design.proportions(cats, missing: .dropRows, designEffect: .withoutReplacement)
        for (k, c) in s.categories.enumerated() {
          let label = labels.first { formatNumber($0.value) == c }?.label ?? c
          out.append(Row(group: "all", item: item, label: "\(c) \(label)", count: n(j), estimate: s.shares.items[k]))
        }
      }
      return out
    }
  }
}

extension Array where Element == StudyEstimation.Row {
  /// The estimate table: estimate, SE, 95 % CI (normal, as R confint.svystat), CV and design effect.
  /// Groups with fewer than `minimumCellSize` answers, and rows `withheld` says no to (the study's
  /// publication plan), are suppressed.
  public func reportTable(statistic: StudyEstimation.Statistic, variance: StudyEstimation.Variance, groupName: String,
                          minimumCellSize: Int, note: String, withheld: (StudyEstimation.Row) throws -> Bool = { _ in false },
                          withheldNote: String? = nil) rethrows -> ReportTable {
    var t = ReportTable(id: "estimate_\(statistic.rawValue)", title: "Design-based \(statistic.rawValue) (\(variance.rawValue) variance)",
                        columns: [ReportColumn(groupName), ReportColumn("item"), ReportColumn("n", .integer), ReportColumn("estimate", .number, digits: 3),
                                  ReportColumn("se", .number, digits: 4), ReportColumn("ci95_lower", .number, digits: 3), ReportColumn("ci95_upper", .number, digits: 3),
                                  ReportColumn("cv", .number, digits: 3), ReportColumn("deff", .number, digits: 2), ReportColumn("df", .integer)])
    var anyWithheld = false
    for r in self {
      let hidden = try withheld(r)
      if r.count < minimumCellSize || hidden {
        t.append([.text(r.label), .text(r.item)] + [Cell](repeating: .suppressed, count: 8))
        anyWithheld = true
        continue
      }
      let ci = r.interval ?? r.estimate.confidenceInterval(level: 0.95)
      t.append([.text(r.label), .text(r.item), .integer(r.count), .value(r.estimate.estimate), .value(r.estimate.standardError), .value(ci.lower),
                .value(ci.upper), .value(r.estimate.cv), r.estimate.designEffect.map { .value($0) } ?? .missing, .integer(r.estimate.degreesOfFreedom)])
    }
    t.notes = [note, statistic == .quantile
      ? "quantiles: R survey svyquantile (qrule \"math\", Woodruff interval with t quantiles on the design df)"
      : "95 % interval with normal quantiles (as R confint on svymean); deff: design effect vs simple random sampling without replacement (R deff = TRUE)"]
    if anyWithheld { t.notes.append(withheldNote ?? "▪ = suppressed: fewer than \(minimumCellSize) answers (disclosure control)") }
    return t
  }
}

/// The replicate scheme of a study's declared design for one or several samples (waves): the
/// glue from the codebook to `Replication`.
///
/// - Strata: the codebook's `design.strata` column; PSUs: the first-stage `design.clusters`
///   column (a region variable is allowed: e.g. municipalities as clusters), else the unit given
///   by `panelKey` (a column identifying the unit across waves, e.g. `muni_id`), else the
///   respondent. A declared column that does not exist is an error, never dropped.
/// - Method: Rao–Wu rescaled bootstrap within strata over PSUs (R `subbootstrap`) when the
///   codebook declares a design; a Poisson bootstrap over respondents when it declares none.
///   Later stages and fpc are not used by the bootstrap (as R `as.svrepdesign(type =
///   "subbootstrap")`).
/// - Several samples share one frame: each sample's replicates are the Rao–Wu bootstrap of its
///   own PSUs, drawn from a pick sequence per stratum and replicate that all samples read, so a
///   PSU present in two waves gets the same multiplier in both (up to where the two samples'
///   prefixes of the sequence differ).
public struct StudyReplication: Sendable {
  public let scheme: ResamplingScheme
  /// Frame PSU of every row, per sample.
  public let psuOfRow: [[Int]]
  /// What was done, for footnotes.
  public let description: String

  public static func make(_ data: StudyData, samples: [[Int]], panelKey: String? = nil, replicates: Int, seed: UInt64) throws -> StudyReplication {
    let spec = data.study.design
    func column(_ name: String, role: String) throws -> (Int) -> String {
      if let c = data.variables[name] { return { c.text(at: $0).trimmingWhitespace() } }
      if let k = data.regionKeys[name] { return { k[$0] } }
      throw IngestError.missingColumn(file: data.study.path, column: name, role: role,
                                      available: data.variables.keys.sorted() + data.regionKeys.keys.sorted())
    }
    let stratum = try spec?.strata.map { try column($0, role: "design strata") }
    let cluster = try spec?.clusters.first.map { try column($0, role: "design cluster") }
    let panel = try panelKey.map { try column($0, role: "panel key") }
    let key: (Int) -> String = cluster ?? panel ?? { data.respondentIDs[$0] }
    let (frame, psu) = try ResamplingFrame.union(samples.map { rows in (stratum.map { s in rows.map(s) }, rows.map(key)) })
    let method: ResamplingMethod = spec == nil ? .poisson : .raoWu
    let lonely: LonelyStratumPolicy = spec?.lonelyPSU == .fail ? .fail : .fixed
    let scheme = try ResamplingScheme(frame: frame, method: method, replicates: replicates, seed: seed, lonely: lonely)
    let units: String
    if let c = spec?.clusters.first {
      units = "clusters '\(c)' as PSUs" + (spec!.clusters.count > 1 ? " (first stage; later stages are not resampled)" : "")
    } else if let p = panelKey {
      units = "units '\(p)' as PSUs (no clusters declared)"
    } else {
      units = "respondents as PSUs (no clusters declared)"
    }
    let description: String
    switch method {
    case .raoWu:
      let strata = spec?.strata.map { "\(frame.strataCount) strata '\($0)'" } ?? "no strata (one stratum)"
      description = "Rao–Wu rescaled bootstrap (R subbootstrap), \(replicates) replicates, \(strata), \(frame.psuCount) \(units)"
        + (samples.count > 1 ? " over \(samples.count) waves (each wave resampled within its own sample, panel units sharing their draws)" : "")
    case .poisson:
      description = "Poisson bootstrap over \(frame.psuCount) respondents, \(replicates) replicates (the codebook declares no design)"
    }
    return StudyReplication(scheme: scheme, psuOfRow: psu, description: description)
  }
}
