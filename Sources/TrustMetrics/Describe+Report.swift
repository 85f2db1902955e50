/// What a `describe` table may show, from the study's publication plan.
public struct DescribePublication: Sendable {
  public let plan: PublicationPlan
  /// The grouping (`wave`, a publication grouping) or nil for all respondents.
  public let grouping: String?
  /// The wave of the table, or nil for the pooled waves.
  public let wave: Int?
  /// The unit k counts (respondent, municipality, officer), for footnotes.
  public let unit: String
  /// k of this output: the study's, or larger when the user raised it (only withholds more).
  public let minimumUnits: Int

  public init(plan: PublicationPlan, grouping: String?, wave: Int?, unit: String, minimumUnits: Int? = nil) {
    self.plan = plan
    self.grouping = grouping
    self.wave = wave
    self.unit = unit
    self.minimumUnits = Swift.max(minimumUnits ?? plan.rules.minimumUnits, plan.rules.minimumUnits)
  }

  func cell(_ key: String) -> PublicationCell {
    grouping == nil ? .total(wave.map { .wave(String($0)) } ?? .pooled) : StudyPublication.cell(grouping: grouping, key: key, wave: wave)
  }

  func published(_ key: String, measure: String) throws -> Bool {
    guard case .published(let units) = try plan.decision(cell(key), measure: measure) else { return false }
    return units == 0 || units >= minimumUnits
  }

  /// Whether the row's numbers may be shown, and whether its missing share may (it also
  /// publishes the group's number of respondents).
  public func row(_ s: ItemSummary) throws -> (values: Bool, missing: Bool) {
    let values = try published(s.group, measure: StudyPublication.item(s.item))
    let missing = values ? try published(s.group, measure: StudyPublication.respondents) : false
    return (values, missing)
  }
}

extension Array where Element == ItemSummary {
  /// A describe table: one row per group and item, with the group's key and label, n, mean, SD,
  /// median, missing share and the percentage of each valid code.
  ///
  /// Disclosure control: every number is shown only if the study's publication plan publishes
  /// the cell (group, wave or pooled waves, item); a withheld row shows ▪ in every column but the
  /// group and the item. The missing share also publishes the group's respondents, so it needs
  /// that cell too. See `PublicationPlan.make` for the plan and what it guarantees.
  public func reportTable(study: Study, groupName: String, publication: DescribePublication) throws -> ReportTable {
    let codes = first?.frequencies.map(\.code) ?? []
    let sameCodes = allSatisfy { $0.frequencies.map(\.code) == codes }
    var columns = [ReportColumn("key"), ReportColumn(groupName), ReportColumn("item"), ReportColumn("n", .integer), ReportColumn("mean", .number, digits: 2),
                   ReportColumn("sd", .number, digits: 2), ReportColumn("median", .number, digits: 1), ReportColumn("missing_pct", .number, digits: 1)]
    if sameCodes { columns += codes.map { ReportColumn("pct_\(formatNumber($0))", .number, digits: 1) } }
    var t = ReportTable(id: "describe_items", title: "Item distributions by \(groupName)", columns: columns)
    var withheld = false
    for s in self {
      let shown = try publication.row(s)
      guard shown.values else {
        t.append([.text(s.group), .text(s.groupLabel), .text(s.item)] + [Cell](repeating: .suppressed, count: columns.count - 3))
        withheld = true
        continue
      }
      var row: [Cell] = [.text(s.group), .text(s.groupLabel), .text(s.item), .integer(s.moments.count), .value(s.moments.count > 0 ? s.moments.mean : .nan),
                         .value(s.moments.standardDeviation), .value(s.median), shown.missing ? .value(100 * s.missingShare) : .suppressed]
      if !shown.missing { withheld = true }
      if sameCodes {
        row += s.frequencies.map { .value(s.moments.count == 0 ? .nan : 100 * Double($0.count) / Double(s.moments.count)) }
      }
      t.append(row)
    }
    t.notes = ["n = valid answers; sd with denominator n − 1; pct_k = share of valid answers with code k; missing = blank, missing codes and out-of-range; unweighted"]
    if publication.wave == nil && study.waves.count > 1 {
      t.notes.append("pooled waves \(study.waves.map(String.init).joined(separator: ", ")): every answer counts, so n counts answers; "
                     + "disclosure control counts each unit (\(publication.unit)) once")
    }
    if withheld {
      t.notes.append(DescribePublication.footnote(rules: publication.plan.rules, k: publication.minimumUnits, unit: publication.unit))
    }
    return t
  }
}

extension DescribePublication {
  /// The footnote that explains ▪ in tables that use the publication plan (its four forms have
  /// German catalogue entries).
  public static func footnote(rules: DisclosureRules, k: Int, unit: String) -> String {
    var who = "fewer than \(k) \(StudyPublication.plural(unit))"
    if rules.minimumMunicipalities > 1 && unit != "municipality" { who += " (or \(rules.minimumMunicipalities) municipalities)" }
    let dominance = rules.dominance == .none ? "" : ", a dominated sum"
    return "▪ = withheld by the study's publication plan (disclosure control): \(who) behind the number\(dominance), or a value "
      + "derivable from other published tables (other groupings, waves or the pooled waves; secondary suppression)"
  }
}
