import ArgumentParser
import TrustMetrics

extension StudyEstimation.Statistic: ExpressibleByArgument {}
extension StudyEstimation.Variance: ExpressibleByArgument {}

struct Estimate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Design-based means, totals, ratios, quantiles and category shares with SE, CI, CV and deff.",
    discussion: reflow("""
      Applies the codebook's survey design (weights, strata, clusters, fpc, lonely-PSU policy) as
      R survey does: svymean / svytotal / svyratio / svyquantile (Woodruff) / shares of every
      category of an item, by domain with svyby semantics (a domain keeps the whole design). The
      variance is Taylor linearisation or bootstrap replicate weights. --rake first rakes the
      weights to population margins. --by takes `wave` or a publication grouping of the study;
      every domain mean is shown only if the study's publication plan publishes it (see describe).
      Domain means use the study's one publication weighting: the raking the codebook declares
      (disclosure: rake_margins), applied also without --rake, else the design weights.

      Example:
        trustmetrics estimate Datasets/hvb-demo/study.yaml --stat mean --items tr_land,dr_ozg --by land --wave 2023
        trustmetrics estimate Datasets/hvb-demo/study.yaml --stat shares --items dr_ozg --variance replicate
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "mean, total, ratio (two items: numerator,denominator), quantile or shares.")
  var stat: StudyEstimation.Statistic = .mean

  @Option(help: "Comma-separated item ids (default: all items).")
  var items: String?

  @Option(help: "Items of this scale.")
  var scale: String?

  @Option(help: "Domains: wave, a region variable (land, kreis) or another column (means only).")
  var by: String?

  @Option(help: "Variance: taylor or replicate.")
  var variance: StudyEstimation.Variance = .taylor

  @Option(help: "Only this wave (default: the latest).")
  var wave: Int?

  @Option(help: ArgumentHelp("Rake the weights to this population margin CSV first; repeatable.", valueName: "margins.csv"))
  var rake: [String] = []

  @Option(help: "Disclosure control: withhold groups with fewer units than this too (default and minimum: the study's min_cell_size).")
  var minCellSize: Int?

  @OptionGroup var cases: CaseOptions
  @OptionGroup var output: OutputOptions

  func validate() throws {
    if by != nil && stat != .mean { throw ValidationError("--by supports --stat mean (domain means, as svyby with svymean)") }
  }

  func run() throws {
    try reportingErrors {
      let data = try cases.load(study, reading: rake, writing: output.paths)
      RunFiles.protect(StudyPublication.declaredRakeMargins(data.study))
      try RunFiles.check(output.paths)
      if let by, by != "wave" { try StudyPublication.checkGrouping(by, study: data.study) }
      let k = try StudyPublication.minimumUnits(minCellSize, study: data.study)
      var ids = try selectItems(data.study, items: items, scale: scale, minimum: 1)
      if stat == .ratio {
        guard ids.count == 2 else { throw ValidationError("--stat ratio needs exactly two items: numerator,denominator") }
      }
      if stat == .quantile || stat == .shares { ids = Array(ids.prefix(20)) }
      let w = by == "wave" ? nil : (wave ?? data.study.waves.last)
      let rows = data.rows(wave: w)
      var note = "design: \(data.study.design.map { "\($0.weight.map { "design weights '\($0)'" } ?? "equal weights (no weight column declared)"), strata '\($0.strata ?? "none")', clusters \($0.clusters.isEmpty ? "none" : $0.clusters.joined(separator: "/")), lonely PSU \($0.lonelyPSU.rawValue)" } ?? "none declared (equal weights)")"
      var margins = try rake.map { try MarginTable.load(path: $0) }
      // Domain means use the study's publication weighting: its declared raking, also without --rake.
      if by != nil { margins = try StudyPublication.groupTableMargins(requested: margins, weighted: true, study: data.study) }
      if !margins.isEmpty {
        // Without --rake the margins as the codebook declares them (relative to the study folder).
        note += "; weights raked to " + (rake.isEmpty ? data.study.disclosure.rakeMargins : rake).joined(separator: ", ")
          + (by != nil ? " (the study's publication weighting, disclosure: rake_margins)" : "")
          + (variance == .taylor ? " — Taylor SEs from the raking residuals (as R rake + svyrecvar)" : " — the raking redone on every replicate (as R rake on a replicate design)")
      }
      var domains: [String?]? = nil
      var labels: [String: String] = [:]
      if let by {
        if by == "wave" {
          domains = rows.map { data.waves[$0].map(String.init) }
        } else if let keys = data.regionKeys[by] {
          domains = rows.map { keys[$0].isEmpty ? nil : keys[$0] }
        } else if let col = data.variables[by] {
          domains = rows.map { col.isEmpty(at: $0) ? nil : col.text(at: $0).trimmingWhitespace() }
        } else {
          throw ValidationError("--by '\(by)' is not a column of the study; allowed: wave, \(data.study.regionVariables.map(\.variable).joined(separator: ", ")), \(data.variables.keys.sorted().joined(separator: ", "))")
        }
        // Groups carry the column's own labels (region names of its level, code labels, the value).
        if by != "wave" {
          for key in Set((domains ?? []).compactMap { $0 }) { labels[key] = TrustMetrics.Describe.label(data.study, variable: by, key: key) }
        }
      }
      let plan = try StudyPublication.plan(data)
      func withheld(_ group: String, _ item: String) throws -> Bool {
        let cell = by == nil ? PublicationCell.total(w.map { .wave(String($0)) } ?? .pooled) : StudyPublication.cell(grouping: by, key: group, wave: w)
        guard data.study.item(item) != nil else { return false }  // a ratio of two items: whole wave only
        return !(try plan.decision(cell, measure: StudyPublication.item(item))).isPublished
      }
      // Domains the plan withholds for every item are left out of the estimation (svyby semantics:
      // the other domains keep the whole design, so their estimates and SEs do not change) and shown as ▪.
      var dropped: [String] = []
      if let d = domains {
        for key in Set(d.compactMap { $0 }).sorted() where try ids.allSatisfy({ try withheld(key, $0) }) { dropped.append(key) }
        if !dropped.isEmpty { domains = d.map { $0.flatMap { dropped.contains($0) ? nil : $0 } } }
      }
      var est = try StudyEstimation.estimate(data, items: ids, rows: rows, statistic: stat, variance: variance, domains: domains,
                                             domainLabels: labels, rakeMargins: margins)
      if !dropped.isEmpty {
        let hidden = DesignEstimate(estimate: .nan, standardError: .nan, degreesOfFreedom: 0)
        est += dropped.flatMap { key in ids.map { StudyEstimation.Row(group: key, item: $0, label: labels[key] ?? key, count: 0, estimate: hidden) } }
        let order = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, $0.offset) })
        est.sort { ($0.group, order[$0.item] ?? 0) < ($1.group, order[$1.item] ?? 0) }
      }
      let table = try est.reportTable(
        statistic: stat, variance: variance, groupName: by ?? "group", minimumCellSize: k, note: note,
        withheld: { row in try dropped.contains(row.group) || withheld(row.group, row.item) },
        withheldNote: DescribePublication.footnote(rules: plan.rules, k: k, unit: data.study.disclosure.unit.rawValue))
      try output.emit(Report(title: "Estimates: \(data.study.title)" + (w.map { " — wave \($0)" } ?? ""),
                             banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil, tables: [table]),
                      context: EmitContext(subject: ["estimate", stat.rawValue, by ?? "all", w.map(String.init) ?? ""], study: data.study, inputs: rake))
    }
  }
}
