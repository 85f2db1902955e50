import Foundation
import Synchronization
@_exported import Disclosure

/// Plans made in this process with the exact inputs they were made from (a command may ask
/// several times: one index per wave, per level, per table). A plan is reused only for inputs
/// equal to its own, value by value, so it can never answer for other data.
private let planMemo = Mutex<[(frame: PublicationFrame, measures: [PublicationMeasure], rules: DisclosureRules, plan: PublicationPlan)]>([])

/// Glue from a study to its publication plan (`Disclosure.PublicationPlan`): the frame (waves,
/// counted units, municipalities, publication groupings, weightings) and the measures (the
/// respondents, every item, every index component and index) as the codebook's `disclosure:` block
/// says. Every table-producing command asks the plan before it shows a number.
public enum StudyPublication {
  /// Measure ids.
  public static let respondents = "respondents"
  public static func item(_ id: String) -> String { "item:\(id)" }
  /// A scale score with at least `needed` answered items (psych::scoreItems semantics).
  public static func scale(_ id: String, needed: Int) -> String { "scale:\(id)/\(needed)" }
  /// An index's "any component" count.
  public static func index(_ id: String) -> String { "index:\(id)" }

  /// The cell of a grouping key in one wave (nil = the pooled waves); `wave` groups are the
  /// totals of their wave.
  public static func cell(grouping: String?, key: String, wave: Int?) -> PublicationCell {
    if grouping == "wave" { return .total(.wave(key)) }
    return PublicationCell(grouping: grouping, key: key, waves: wave.map { .wave(String($0)) } ?? .pooled)
  }

  /// "municipalities", "respondents", "office holders".
  public static func plural(_ unit: String) -> String {
    switch unit {
    case "municipality": "municipalities"
    case "officer": "office holders"
    default: unit + "s"
    }
  }

  /// The publication groupings a `--by` option accepts: `wave` and the study's.
  public static func allowedGroupings(_ study: Study) -> [String] { ["wave"] + study.publicationGroupings }

  /// Refuses a `--by` column that is not a publication grouping (exit 64).
  public static func checkGrouping(_ by: String, study: Study) throws {
    guard allowedGroupings(study).contains(by) else { throw PublicationError.notAPublicationGrouping(by, allowed: allowedGroupings(study)) }
  }

  /// k for one output: the study's, or a larger one the user asks for (never smaller).
  public static func minimumUnits(_ requested: Int?, study: Study) throws -> Int {
    let k = study.disclosure.minimumCellSize
    guard let requested else { return k }
    guard requested >= k else { throw PublicationError.thresholdBelowStudy(requested, study: k) }
    return requested
  }

  /// The rules of the codebook's block.
  public static func rules(_ study: Study) -> DisclosureRules {
    let d = study.disclosure
    let dominance: DominanceRule
    switch d.dominance {
    case .none: dominance = .none
    case .nk(let n, let k): dominance = .nk(n: n, k: k)
    case .pPercent(let p): dominance = .pPercent(p: p)
    }
    // Without a municipality column the minimum-municipalities rule cannot apply (and footnotes
    // must not claim it): 1.
    return DisclosureRules(minimumUnits: d.minimumCellSize, minimumMunicipalities: d.effectiveMunicipalityColumn == nil ? 1 : d.minimumMunicipalities,
                           dominance: dominance)
  }

  /// The declared raking margins, resolved against the study folder.
  public static func declaredRakeMargins(_ study: Study) -> [String] {
    study.disclosure.rakeMargins.map { StudyReader.resolve($0, base: study.baseDirectory) }
  }

  /// The margins of the plan's weighting for tables of groups (domain means, region indices): the
  /// declared `rake_margins` when the codebook declares them — applied also when a command is given
  /// no `--rake` — else none (the design weights). Other margins are refused: a second weighting of
  /// the same cells would let a reader split them by weight class. Margins are the same when they
  /// name the same variables and population totals (wherever the files are). Unweighted tables
  /// need no margins.
  public static func groupTableMargins(requested: [MarginTable], weighted: Bool, study: Study) throws -> [MarginTable] {
    guard weighted else { return [] }
    let declared = try declaredRakeMargins(study).map { try MarginTable.load(path: $0) }
    if requested.isEmpty { return declared }
    guard sameMargins(requested, declared) else {
      throw PublicationError.undeclaredRaking(asked: requested.map(\.path), declared: study.disclosure.rakeMargins)
    }
    return requested
  }

  /// Whether `margins` are the study's declared publication weighting (same variables and
  /// population totals as `disclosure: rake_margins`, wherever the files are).
  public static func isPublicationWeighting(_ margins: [MarginTable], study: Study) -> Bool {
    guard !margins.isEmpty, !study.disclosure.rakeMargins.isEmpty,
          let declared = try? declaredRakeMargins(study).map({ try MarginTable.load(path: $0) }) else { return false }
    return sameMargins(margins, declared)
  }

  static func sameMargins(_ a: [MarginTable], _ b: [MarginTable]) -> Bool {
    func key(_ m: MarginTable) -> String { m.variables.joined(separator: "×") + "|" + m.totals.keys.sorted().map { "\($0)=\(m.totals[$0]!)" }.joined(separator: ",") }
    return Set(a.map(key)) == Set(b.map(key))
  }

  /// The measures behind an index's region table: its leaf components (items, or scale scores with
  /// the index's `min_answered`) and its respondent count ("any component").
  public static func indexMeasures(_ definition: IndexDefinition, study: Study) throws -> [String] {
    let leaves = try RegionIndex.leaves(definition, study: study)
    var out: [String] = []
    for leaf in leaves {
      switch leaf.source {
      case .item(let i): out.append(item(i))
      case .scale(let s):
        let count = study.scale(s)?.items.count ?? 1
        out.append(scale(s, needed: Swift.max(1, Int((definition.minimumAnswered * Double(count)).rounded(.up)))))
      case .index: continue
      }
    }
    return out + [index(definition.id)]
  }

  /// The main job's publication decision from the plan (for its `RegionPublication` seam): per
  /// region of `level` in region-table order, published iff the plan publishes every component of
  /// the index and its respondent count there, in `wave` (nil: the pooled waves), each on at least
  /// `minimumUnits` units (which only raises the plan's k). A region without respondents is not
  /// published ("no respondents").
  public static func regionDecisions(_ plan: PublicationPlan, study: Study, index id: String, level: RegionLevel, wave: Int?,
                                     minimumUnits: Int? = nil) throws -> [(key: String, published: Bool, reason: String?)]
  {
    let raised = Swift.max(minimumUnits ?? 0, plan.rules.minimumUnits)
    guard let definition = study.index(id) else { throw RegionIndexError.unknownIndex(id, defined: study.indices.map(\.id)) }
    guard let variable = study.regionVariables.first(where: { $0.level == level })?.variable else {
      throw RegionIndexError.noRegionVariable(level: level, available: study.regionVariables.map(\.level.rawValue))
    }
    let measures = try indexMeasures(definition, study: study)
    return try study.regions.filter { $0.level == level }.map { region in
      let cell = StudyPublication.cell(grouping: variable, key: region.key, wave: wave)
      var reason: String? = nil
      var answered = false
      for m in measures {
        switch try plan.decision(cell, measure: m) {
        case .published(let units):
          if units > 0 { answered = true }
          if units > 0 && units < raised && reason == nil { reason = "fewer than \(raised) units (--min-cell-size)" }
        case .suppressed(let r): if reason == nil { reason = r.description }
        }
      }
      if reason == nil && !answered { reason = "no respondents" }
      return (region.key, reason == nil, reason)
    }
  }

  /// The publication plan of the whole study. `data` must hold every wave: a plan made from some
  /// waves would not be consistent with the tables of the others. Made once per process for the
  /// same inputs (frame, measures and rules equal value by value; the audit is the costly part).
  public static func plan(_ data: StudyData) throws -> PublicationPlan {
    let loaded = Set(data.waves.compactMap { $0 })
    guard loaded.isSuperset(of: data.study.waves) else {
      throw PublicationError.incompleteWaves(loaded: loaded.sorted(), study: data.study.waves)
    }
    let (frame, measures) = try inputs(data)
    let rules = rules(data.study)
    if let plan = planMemo.withLock({ memo in
      memo.first { sameInputs($0.frame, $0.measures, frame, measures) && $0.rules == rules }?.plan
    }) {
      return plan
    }
    let plan = try PublicationPlan.make(frame: frame, measures: measures, rules: rules)
    planMemo.withLock { memo in
      if memo.count >= 4 { memo.removeFirst() }
      memo.append((frame, measures, rules, plan))
    }
    return plan
  }

  /// Whether two plans' inputs are equal value by value (answers compared by bit pattern, so a
  /// missing value equals a missing value).
  static func sameInputs(_ f: PublicationFrame, _ m: [PublicationMeasure], _ g: PublicationFrame, _ n: [PublicationMeasure]) -> Bool {
    func sameBits(_ a: [Double]?, _ b: [Double]?) -> Bool {
      switch (a, b) {
      case (nil, nil): true
      case (let a?, let b?): a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
      default: false
      }
    }
    guard f.waves == g.waves, f.waveOfRow == g.waveOfRow, f.unitOfRow == g.unitOfRow, f.municipalityOfRow == g.municipalityOfRow,
          f.groupings == g.groupings, f.weightings.count == g.weightings.count, m.count == n.count else { return false }
    for (a, b) in zip(f.weightings, g.weightings) where a.name != b.name || !sameBits(a.weightOfRow, b.weightOfRow) { return false }
    // PublicationMeasure's == compares answers and values by bit pattern.
    return m == n
  }

  /// The main job's publication decision (its `RegionPublication` seam) from the plan: a region of
  /// `level` is published in `wave` (nil: the pooled waves) iff the plan publishes every component
  /// of the index and its respondent count there, each on at least `minimumUnits` units (which can
  /// only raise the study's k).
  public static func regionPublication(_ plan: PublicationPlan, study: Study, index id: String, level: RegionLevel, wave: Int?,
                                       minimumUnits: Int? = nil) throws -> RegionPublication {
    let decisions = try regionDecisions(plan, study: study, index: id, level: level, wave: wave, minimumUnits: minimumUnits)
    let k = Swift.max(minimumUnits ?? 0, plan.rules.minimumUnits)
    return RegionPublication(published: decisions.map(\.published), reasons: decisions.map(\.reason),
                             rule: regionRule(plan.rules, k: k, unit: study.disclosure.unit.rawValue))
  }

  /// The rule the plan applied to a region table, for its footnote: the primary rules that are on
  /// (k units, the minimum of municipalities when the unit is not the municipality, dominance)
  /// and the secondary suppression over every other table. One of four fixed forms (each with a
  /// German catalogue entry).
  public static func regionRule(_ rules: DisclosureRules, k: Int, unit: String) -> String {
    var who = "fewer than \(k) \(plural(unit))"
    if rules.minimumMunicipalities > 1 && unit != "municipality" { who += " (or \(rules.minimumMunicipalities) municipalities)" }
    let dominance = rules.dominance == .none ? "" : ", a dominated sum"
    return "withheld by the study's publication plan: \(who) behind a published number (each component mean and the count)\(dominance), "
      + "or a value derivable from other published tables (other groupings, waves or the pooled waves; secondary suppression)"
  }

  /// The plan's frame and measures for a study.
  public static func inputs(_ data: StudyData) throws -> (PublicationFrame, [PublicationMeasure]) {
    let study = data.study
    let n = data.rowCount
    let spec = study.disclosure
    // Waves.
    let waveLabels = study.waves.isEmpty ? ["all"] : study.waves.map(String.init)
    let waveIndex = Dictionary(uniqueKeysWithValues: waveLabels.enumerated().map { ($0.element, $0.offset) })
    let waveOfRow = (0..<n).map { waveIndex[data.waves[$0].map(String.init) ?? "all"] ?? 0 }
    // Units and municipalities: ids as integers; an empty id is a data error.
    func ids(_ column: String, role: String) throws -> [Int] {
      let numbered: (codes: [Int], firstBlank: Int?)
      if column == study.respondentID {
        numbered = data.respondentIDs.firstAppearanceCodes()
      } else if let c = data.variables[column] {
        numbered = c.firstAppearanceCodes()
      } else {
        throw IngestError.missingColumn(file: study.path, column: column, role: role, available: data.variables.keys.sorted())
      }
      if let i = numbered.firstBlank {
        throw PublicationError.emptyUnit(column: column, role: role, location: data.sources[i].location)
      }
      return numbered.codes
    }
    let unitColumn = spec.unitColumn ?? study.respondentID
    let units = try ids(unitColumn, role: "disclosure unit (\(spec.unit.rawValue))")
    let municipalities = try spec.effectiveMunicipalityColumn.map { try ids($0, role: "municipality (disclosure)") }
    // Groupings.
    var groupings: [PublicationGrouping] = []
    for g in study.publicationGroupings {
      if let keys = data.regionKeys[g] {
        groupings.append(PublicationGrouping(name: g, values: keys))
      } else if let c = data.variables[g] {
        groupings.append(PublicationGrouping(name: g, values: (0..<n).map { c.text(at: $0).trimmingWhitespace() }))
      } else {
        throw IngestError.missingColumn(file: study.path, column: g, role: "publication grouping", available: data.variables.keys.sorted())
      }
    }
    // The publication weighting: the declared raking (per wave), else the design weights.
    var weightings: [PublicationWeighting] = []
    if let w = data.weights {
      if spec.rakeMargins.isEmpty {
        weightings.append(PublicationWeighting(name: "design", weightOfRow: w))
      } else {
        let margins = try declaredRakeMargins(study).map { try MarginTable.load(path: $0) }
        var raked = w
        for wave in (study.waves.isEmpty ? [nil] : study.waves.map { Optional($0) }) {
          let rows = data.rows(wave: wave)
          let r = try StudyRaking.rake(data, rows: rows, margins: margins)
          for (i, row) in rows.enumerated() { raked[row] = r.result.design.weights[i] }
        }
        weightings.append(PublicationWeighting(name: "raked", weightOfRow: raked))
      }
    }
    let frame = PublicationFrame(waves: waveLabels, waveOfRow: waveOfRow, unitOfRow: units, municipalityOfRow: municipalities,
                                 groupings: groupings, weightings: weightings)
    return (frame, try measures(data))
  }

  /// The respondents, every item, and every index's leaf components and "any component" count.
  /// Link groups: a scale with its items, an index with its components (union–find).
  public static func measures(_ data: StudyData) throws -> [PublicationMeasure] {
    let study = data.study
    let n = data.rowCount
    var parent: [String: String] = [:]
    func find(_ x: String) -> String {
      var r = x
      while let p = parent[r], p != r { r = p }
      return r
    }
    func union(_ a: String, _ b: String) {
      let ra = find(a), rb = find(b)
      if ra != rb { parent[rb] = ra }
    }
    var out: [PublicationMeasure] = [PublicationMeasure(id: respondents, linkGroup: respondents, answered: [Bool](repeating: true, count: n))]
    for (j, item) in study.items.enumerated() {
      // The item's column of the item matrix, shared (not copied).
      out.append(PublicationMeasure(id: self.item(item.id), linkGroup: "", values: data.items.elements[(j * n)..<((j + 1) * n)]))
      parent[self.item(item.id)] = self.item(item.id)
    }
    let rows = Array(0..<n)
    for definition in study.indices {
      let leaves = try RegionIndex.leaves(definition, study: study)
      let scores = try RegionIndex.leafScores(data, rows: rows, leaves: leaves, minimumAnswered: definition.minimumAnswered)
      let indexID = index(definition.id)
      parent[indexID] = parent[indexID] ?? indexID
      var any = [Bool](repeating: false, count: n)
      for (c, leaf) in leaves.enumerated() {
        let id: String
        var members: [String] = []
        switch leaf.source {
        case .item(let i):
          id = item(i)
        case .scale(let s):
          let scale = study.scale(s)
          let needed = Swift.max(1, Int((definition.minimumAnswered * Double(scale?.items.count ?? 1)).rounded(.up)))
          id = self.scale(s, needed: needed)
          members = (scale?.items ?? []).map { item($0) }
        case .index:
          continue
        }
        let values = scores.elements[(c * n)..<((c + 1) * n)]
        for (i, x) in zip(0..<n, values) where !x.isNaN { any[i] = true }
        if parent[id] == nil {
          parent[id] = id
          out.append(PublicationMeasure(id: id, linkGroup: "", values: values))
        }
        for m in members { union(id, m) }
        union(indexID, id)
      }
      // Sub-indices are linked through their leaves, which the compiled tree already holds.
      out.append(PublicationMeasure(id: indexID, linkGroup: "", answered: any))
    }
    return out.map { m in
      var m = m
      if m.id != respondents { m.linkGroup = find(m.id) }
      return m
    }
  }
}

/// Requests the publication plan refuses.
public enum PublicationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A unit or municipality id is empty.
  case emptyUnit(column: String, role: String, location: String)
  /// Raked weights from margins the codebook does not declare.
  case undeclaredRaking(asked: [String], declared: [String])
  /// A grouping that is not a publication grouping.
  case notAPublicationGrouping(String, allowed: [String])
  /// The requested minimum cell size is below the study's.
  case thresholdBelowStudy(Int, study: Int)
  /// A plan asked for from data that lack some of the study's waves.
  case incompleteWaves(loaded: [Int], study: [Int])

  public var description: String {
    switch self {
    case .emptyUnit(let c, let role, let loc):
      return "\(loc): the \(role) column '\(c)' is empty; every response needs one (disclosure control counts them)"
    case .undeclaredRaking(let asked, let declared):
      return "raked weights from \(asked.joined(separator: ", ")) are not the study's publication weighting "
        + "(disclosure: rake_margins: \(declared.isEmpty ? "none declared, so tables of groups use the design weights" : declared.joined(separator: ", "))); "
        + "tables of groups use that one weighting (a second would let a reader split the groups by weight class)"
    case .notAPublicationGrouping(let g, let allowed):
      return "--by '\(g)' is not a publication grouping of the study; allowed: \(allowed.joined(separator: ", ")) "
        + "(declare more under disclosure: groupings:)"
    case .incompleteWaves(let loaded, let all):
      return "the publication plan needs every wave of the study (\(all.map(String.init).joined(separator: ", "))); only "
        + "\(loaded.map(String.init).joined(separator: ", ")) were loaded"
    case .thresholdBelowStudy(let k, let s):
      return "--min-cell-size \(k) is below the study's min_cell_size \(s) (disclosure:); it can only be raised"
    }
  }
}
