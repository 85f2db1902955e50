import Foundation
@_exported import Disclosure

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
    return DisclosureRules(minimumUnits: d.minimumCellSize, minimumMunicipalities: d.minimumMunicipalities, dominance: dominance)
  }

  /// The declared raking margins, resolved against the study folder.
  public static func declaredRakeMargins(_ study: Study) -> [String] {
    study.disclosure.rakeMargins.map { StudyReader.resolve($0, base: study.baseDirectory) }
  }

  /// Refuses raked publications whose margins the plan does not know (a weighting it has not
  /// audited could split a published cell by its weights).
  public static func checkRakeMargins(_ paths: [String], study: Study) throws {
    guard !paths.isEmpty else { return }
    let declared = Set(declaredRakeMargins(study).map { URL(fileURLWithPath: $0).standardizedFileURL.path })
    let asked = Set(paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
    guard asked == declared else { throw PublicationError.undeclaredRaking(asked: paths, declared: study.disclosure.rakeMargins) }
  }

  /// Domain means (cells of a grouping) use the plan's publication weighting: the declared raking
  /// when the codebook declares `rake_margins`, else the design weights; a second weighting of the
  /// same cells would let a reader split cells by their weight classes.
  public static func checkDomainWeighting(rake: [String], study: Study) throws {
    if rake.isEmpty {
      guard study.disclosure.rakeMargins.isEmpty else {
        throw PublicationError.designWeightsNotPublished(declared: study.disclosure.rakeMargins)
      }
      return
    }
    try checkRakeMargins(rake, study: study)
  }

  /// The measures behind an index's region table: its leaf components (items, or scale scores with
  /// the index's `min_answered`) and its respondent count ("any component").
  public static func indexMeasures(_ definition: IndexDefinition, study: Study) throws -> [String] {
    let (leaves, _) = try RegionIndex.compile(definition, study: study)
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
  /// the index and its respondent count there, in `wave` (nil: the pooled waves). A region without
  /// respondents is not published ("no respondents").
  public static func regionDecisions(_ plan: PublicationPlan, study: Study, index id: String, level: RegionLevel, wave: Int?) throws
    -> [(key: String, published: Bool, reason: String?)]
  {
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
        case .published(let units): if units > 0 { answered = true }
        case .suppressed(let r): if reason == nil { reason = r.description }
        }
      }
      if reason == nil && !answered { reason = "no respondents" }
      return (region.key, reason == nil, reason)
    }
  }

  /// The publication plan of the whole study (every wave; `data` must hold all of them).
  public static func plan(_ data: StudyData) throws -> PublicationPlan {
    let (frame, measures) = try inputs(data)
    return try PublicationPlan.make(frame: frame, measures: measures, rules: rules(data.study))
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
      let values: [String]
      if column == study.respondentID {
        values = data.respondentIDs
      } else if let c = data.variables[column] {
        values = (0..<n).map { c.text(at: $0).trimmingWhitespace() }
      } else {
        throw IngestError.missingColumn(file: study.path, column: column, role: role, available: data.variables.keys.sorted())
      }
      var index: [String: Int] = [:]
      return try values.enumerated().map { (i, v) in
        guard !v.isEmpty else { throw PublicationError.emptyUnit(column: column, role: role, location: data.sources[i].location) }
        if let k = index[v] { return k }
        index[v] = index.count
        return index.count - 1
      }
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
      let values = (0..<n).map { data.items[$0, j] }
      out.append(PublicationMeasure(id: self.item(item.id), linkGroup: "", answered: values.map { !$0.isNaN }, values: values))
      parent[self.item(item.id)] = self.item(item.id)
    }
    let rows = Array(0..<n)
    for definition in study.indices {
      let (leaves, _) = try RegionIndex.compile(definition, study: study)
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
        let values = (0..<n).map { scores[$0, c] }
        for i in 0..<n where !values[i].isNaN { any[i] = true }
        if parent[id] == nil {
          parent[id] = id
          out.append(PublicationMeasure(id: id, linkGroup: "", answered: values.map { !$0.isNaN }, values: values))
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
  /// Design-weighted cells of a study that publishes raked ones.
  case designWeightsNotPublished(declared: [String])
  /// A grouping that is not a publication grouping.
  case notAPublicationGrouping(String, allowed: [String])
  /// The requested minimum cell size is below the study's.
  case thresholdBelowStudy(Int, study: Int)

  public var description: String {
    switch self {
    case .emptyUnit(let c, let role, let loc):
      return "\(loc): the \(role) column '\(c)' is empty; every response needs one (disclosure control counts them)"
    case .undeclaredRaking(let asked, let declared):
      return "raked weights from \(asked.joined(separator: ", ")) are not part of the study's publication plan "
        + "(disclosure: rake_margins: \(declared.isEmpty ? "none declared" : declared.joined(separator: ", "))); declare the margins there"
    case .designWeightsNotPublished(let declared):
      return "this study publishes its cells with weights raked to \(declared.joined(separator: ", ")) (disclosure: rake_margins); "
        + "give --rake with those margins (a second weighting of the same cells would let a reader split them by weight class)"
    case .notAPublicationGrouping(let g, let allowed):
      return "--by '\(g)' is not a publication grouping of the study; allowed: \(allowed.joined(separator: ", ")) "
        + "(declare more under disclosure: groupings:)"
    case .thresholdBelowStudy(let k, let s):
      return "--min-cell-size \(k) is below the study's min_cell_size \(s) (disclosure:); it can only be raised"
    }
  }
}
