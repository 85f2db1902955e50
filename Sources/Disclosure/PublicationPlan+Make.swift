import LinearAlgebra

extension PublicationPlan {
  /// The largest number of atoms the audit takes (its cost grows with the cube of the atoms).
  public static let atomLimit = 6000

  /// Makes the publication plan of a study: **restrict and audit** over every table a user can
  /// request (linked tables, as τ-ARGUS and sdcTable `protectLinkedTables` treat them;
  /// Hundepool et al. 2012, *Statistical Disclosure Control*, Wiley, ch. 4; de Wolf & Giessing
  /// 2009, "Adjusting the τ-ARGUS modular approach to deal with linked tables", *Data & Knowledge
  /// Engineering* 68).
  ///
  /// 1. **Cells.** For each wave and for the pooled waves: all respondents, and every key of every
  ///    publication grouping. Nothing else can be published (other groupings are refused).
  /// 2. **Atoms.** The cross-classification of wave × every grouping's key × every weighting's
  ///    value; every cell is a union of atoms, and every weight is constant within an atom.
  /// 3. **Primary suppression** (`DisclosureRules`) per measure; a cell withheld for one measure
  ///    is withheld for every measure of its link group.
  /// 4. **Audit** per link group and measure. What a cell publishes about a measure — its count,
  ///    its sum, the counts of each answer code, its sum of squares, and each weighted sum — are
  ///    linear in the atoms' sums (unweighted: indicator coefficients; weighted: the atoms'
  ///    weights). With A the published rows (unweighted and one per weighting, for every published
  ///    cell; restricted to the atoms where the measure has answers, atoms without answers being
  ///    known zeros), a target t is **recoverable** iff t lies in the row space of A, i.e. iff
  ///    Nᵀt ∈ range(N_Zᵀ) where N spans the null space of A over the group's atoms and N_Z its rows
  ///    at the measure's empty atoms. Targets: every withheld cell (unweighted and weighted), every
  ///    atom with fewer than k units (or too few municipalities), and the union over any two or
  ///    more waves of the atoms of one grouping signature with fewer than k units (a municipality
  ///    answering in several waves is one unit). Null space and row space come from one thin SVD
  ///    of A per iteration (LAPACK dgesdd; rank: σ > 10⁻¹² σ₁, which keeps nearly dependent rows —
  ///    a weighted row close to an unweighted one — as the independent rows they are); a target
  ///    whose residual is below 10⁻⁶ of its norm counts as recoverable.
  /// 5. **Secondary suppression.** For each recoverable target, the minimum-norm combination of
  ///    published rows that yields it (A⁺ applied through the SVD) names the cells involved; the
  ///    one with the least information (responses ÷ involvement; never the total of a wave) is
  ///    withheld. Steps 4–5 repeat until no target is recoverable; each round withholds at least one
  ///    more cell, so the loop ends.
  ///
  /// Guarantee, for the linear information the cells publish: no withheld cell, no atom and no
  /// union of one atom signature over waves with fewer than k units (or municipalities) is a
  /// linear combination of published numbers, counting every weighting as known. Not covered:
  /// interval (bounds) disclosure from non-negativity and the finite code range; unions of small
  /// atoms of different signatures that are not cells; non-linear statistics (medians, standard
  /// errors, design effects) beyond their linear parts; weightings the plan was not given.
  ///
  /// Cost: one SVD of (cells × (1 + weightings)) × atoms per round and link group.
  public static func make(frame: PublicationFrame, measures: [PublicationMeasure], rules: DisclosureRules) throws(DisclosureError)
    -> PublicationPlan
  {
    try validate(frame: frame, measures: measures, rules: rules)
    var builder = PlanBuilder(frame: frame, measures: measures, rules: rules)
    try builder.build()
    return builder.plan()
  }

  static func validate(frame: PublicationFrame, measures: [PublicationMeasure], rules: DisclosureRules) throws(DisclosureError) {
    guard rules.minimumUnits >= DisclosureRules.smallestAllowedMinimumUnits else {
      throw .thresholdTooSmall(rules.minimumUnits, minimum: DisclosureRules.smallestAllowedMinimumUnits)
    }
    guard rules.minimumMunicipalities >= 1 else { throw .invalidRule("min_municipalities must be at least 1, got \(rules.minimumMunicipalities)") }
    switch rules.dominance {
    case .none: break
    case .nk(let n, let k):
      guard n >= 1, k > 0, k <= 100 else { throw .invalidRule("(n, k) dominance needs n ≥ 1 and 0 < k ≤ 100, got (\(n), \(k))") }
    case .pPercent(let p):
      guard p > 0, p <= 100 else { throw .invalidRule("the p % rule needs 0 < p ≤ 100, got \(p)") }
    }
    let n = frame.rowCount
    func check(_ what: String, _ count: Int) throws(DisclosureError) {
      guard count == n else { throw .lengthMismatch(what: what, expected: n, found: count) }
    }
    try check("unitOfRow", frame.unitOfRow.count)
    if let m = frame.municipalityOfRow { try check("municipalityOfRow", m.count) }
    for g in frame.groupings { try check("grouping \(g.name)", g.keyOfRow.count) }
    for w in frame.weightings {
      try check("weighting \(w.name)", w.weightOfRow.count)
      for (i, x) in w.weightOfRow.enumerated() where !x.isFinite || x < 0 {
        throw .invalidRule("weighting \(w.name): row \(i) has weight \(x); weights must be finite and ≥ 0")
      }
    }
    for w in frame.waveOfRow where w < 0 || w >= frame.waves.count {
      throw .lengthMismatch(what: "wave index", expected: frame.waves.count, found: w)
    }
    var seen: Set<String> = []
    for m in measures {
      guard seen.insert(m.id).inserted else { throw .duplicateMeasure(m.id) }
      try check("measure \(m.id)", m.answered.count)
      if let v = m.values { try check("values of \(m.id)", v.count) }
    }
  }
}

/// The working state of `PublicationPlan.make`.
struct PlanBuilder {
  let frame: PublicationFrame
  let measures: [PublicationMeasure]
  let rules: DisclosureRules

  // Atoms.
  var atomOfRow: [Int] = []
  var atomRows: [[Int]] = []
  var atomWave: [Int] = []
  /// The atom's grouping signature (keys of every grouping; wave and weights left out).
  var atomSignature: [Int] = []
  var atomWeights: [[Double]] = []  // [weighting][atom]
  // Cells.
  var cells: [PublicationCell] = []
  var cellAtoms: [[Int]] = []
  var cellRows: [Int] = []
  // Groups and results.
  var linkGroups: [String] = []
  var groupOfMeasure: [String: Int] = [:]
  var status: [[SuppressionReason?]] = []
  var unitsOfMeasure: [String: [Int]] = [:]
  var diagnostics = PublicationDiagnostics()

  init(frame: PublicationFrame, measures: [PublicationMeasure], rules: DisclosureRules) {
    self.frame = frame
    self.measures = measures
    self.rules = rules
  }

  func plan() -> PublicationPlan {
    PublicationPlan(rules: rules, waves: frame.waves, groupings: frame.groupings.map(\.name), weightings: frame.weightings.map(\.name),
                    cells: cells, linkGroups: linkGroups, groupOfMeasure: groupOfMeasure, status: status,
                    unitsOfMeasure: unitsOfMeasure, diagnostics: diagnostics)
  }

  mutating func build() throws(DisclosureError) {
    try makeAtoms()
    makeCells()
    for m in measures where groupOfMeasure[m.id] == nil {
      if let g = linkGroups.firstIndex(of: m.linkGroup) {
        groupOfMeasure[m.id] = g
      } else {
        groupOfMeasure[m.id] = linkGroups.count
        linkGroups.append(m.linkGroup)
      }
    }
    diagnostics.atoms = atomRows.count
    diagnostics.cells = cells.count
    diagnostics.measures = measures.count
    status = Array(repeating: Array(repeating: nil, count: cells.count), count: linkGroups.count)
    let stats = measures.map { measureStatistics($0) }
    for (m, s) in zip(measures, stats) { unitsOfMeasure[m.id] = s.cellUnits }
    for g in linkGroups.indices {
      let members = measures.indices.filter { groupOfMeasure[measures[$0].id] == g }
      var group = PublicationDiagnostics.Group(name: linkGroups[g], measures: members.map { measures[$0].id })
      // Primary suppression: the first rule that fails for any member, in measure order.
      for c in cells.indices {
        for i in members where status[g][c] == nil {
          status[g][c] = stats[i].primary[c]
        }
      }
      group.primary = status[g].filter { $0 != nil }.count
      try audit(group: g, members: members, stats: stats, diagnostics: &group)
      group.secondary = status[g].filter { $0 != nil }.count - group.primary
      diagnostics.groups.append(group)
    }
  }

  // MARK: Atoms and cells

  mutating func makeAtoms() throws(DisclosureError) {
    var index: [[Int]: Int] = [:]
    var signatures: [[Int]: Int] = [:]
    atomWeights = Array(repeating: [], count: frame.weightings.count)
    atomOfRow.reserveCapacity(frame.rowCount)
    for i in 0..<frame.rowCount {
      let keys = frame.groupings.map { $0.keyOfRow[i] ?? -1 }
      var key = [frame.waveOfRow[i]] + keys
      for w in frame.weightings { key.append(Int(truncatingIfNeeded: w.weightOfRow[i].bitPattern)) }
      if let a = index[key] {
        atomOfRow.append(a)
        atomRows[a].append(i)
        continue
      }
      let a = atomRows.count
      guard a < PublicationPlan.atomLimit else { throw .tooManyAtoms(a + 1, limit: PublicationPlan.atomLimit) }
      index[key] = a
      atomOfRow.append(a)
      atomRows.append([i])
      atomWave.append(frame.waveOfRow[i])
      if let s = signatures[keys] {
        atomSignature.append(s)
      } else {
        signatures[keys] = signatures.count
        atomSignature.append(signatures.count - 1)
      }
      for (k, w) in frame.weightings.enumerated() { atomWeights[k].append(w.weightOfRow[i]) }
    }
  }

  /// The wave selections: each wave, and the pooled waves when there are several.
  var selections: [WaveSelection] {
    frame.waves.map { WaveSelection.wave($0) } + (frame.waves.count > 1 ? [.pooled] : [])
  }

  func contains(_ s: WaveSelection, wave w: Int) -> Bool {
    switch s {
    case .pooled: true
    case .wave(let label): frame.waves[w] == label
    }
  }

  mutating func makeCells() {
    for s in selections {
      let atoms = atomRows.indices.filter { contains(s, wave: atomWave[$0]) }
      if atoms.isEmpty { continue }
      cells.append(.total(s))
      cellAtoms.append(atoms)
      for g in frame.groupings {
        var byKey: [Int: [Int]] = [:]
        for a in atoms {
          if let k = g.keyOfRow[atomRows[a][0]] { byKey[k, default: []].append(a) }
        }
        for k in byKey.keys.sorted(by: { g.keys[$0] < g.keys[$1] }) {
          cells.append(PublicationCell(grouping: g.name, key: g.keys[k], waves: s))
          cellAtoms.append(byKey[k] ?? [])
        }
      }
    }
    cellRows = cellAtoms.map { $0.reduce(0) { $0 + atomRows[$1].count } }
  }

  // MARK: Per-measure statistics and primary rules

  struct MeasureStatistics {
    /// Answered rows per atom.
    var atomAnswers: [Int]
    /// Distinct units per atom.
    var atomUnits: [Int]
    var atomMunicipalities: [Int]
    var cellUnits: [Int]
    var primary: [SuppressionReason?]
  }

  /// Distinct units (and municipalities) behind a set of atoms, and the primary rules per cell.
  /// Units are counted with a stamp per unit (no hashing): O(rows of the cells) per measure.
  func measureStatistics(_ m: PublicationMeasure) -> MeasureStatistics {
    let unitCount = (frame.unitOfRow.max() ?? -1) + 1
    let municipalityCount = (frame.municipalityOfRow?.max() ?? -1) + 1
    let municipalityOfRow = frame.municipalityOfRow ?? []
    let hasMunicipalities = frame.municipalityOfRow != nil
    let unitOfRow = frame.unitOfRow
    let cellAtoms = self.cellAtoms
    // Answered rows per atom.
    let answeredRows: [[Int]] = atomRows.map { rows in rows.filter { m.answered[$0] } }
    var unitStamp = [Int](repeating: -1, count: unitCount)
    var municipalityStamp = [Int](repeating: -1, count: municipalityCount)
    var epoch = 0
    var atomUnits = [Int](repeating: 0, count: atomRows.count)
    var atomMunicipalities = [Int](repeating: 0, count: atomRows.count)
    for a in atomRows.indices {
      epoch += 1
      var units = 0, municipalities = 0
      for i in answeredRows[a] {
        let u = unitOfRow[i]
        if unitStamp[u] != epoch { unitStamp[u] = epoch; units += 1 }
        if hasMunicipalities {
          let mo = municipalityOfRow[i]
          if municipalityStamp[mo] != epoch { municipalityStamp[mo] = epoch; municipalities += 1 }
        }
      }
      atomUnits[a] = units
      atomMunicipalities[a] = hasMunicipalities ? municipalities : units
    }
    var cellUnits: [Int] = []
    var primary: [SuppressionReason?] = []
    let k = rules.minimumUnits
    // Dominance: per-unit contributions accumulated in an array (touched units listed).
    let variants: [(String?, [Double]?)] = [(nil, nil)] + frame.weightings.map { ($0.name, $0.weightOfRow) }
    var contribution = [Double](repeating: 0, count: unitCount)
    var touched: [Int] = []
    for atoms in cellAtoms {
      epoch += 1
      var units = 0, municipalities = 0
      for a in atoms {
        for i in answeredRows[a] {
          let u = unitOfRow[i]
          if unitStamp[u] != epoch { unitStamp[u] = epoch; units += 1 }
          if hasMunicipalities {
            let mo = municipalityOfRow[i]
            if municipalityStamp[mo] != epoch { municipalityStamp[mo] = epoch; municipalities += 1 }
          }
        }
      }
      cellUnits.append(units)
      if units > 0 && units < k {
        primary.append(.tooFewUnits(measure: m.id, units: units, minimum: k))
        continue
      }
      if hasMunicipalities, municipalities > 0, municipalities < rules.minimumMunicipalities {
        primary.append(.tooFewMunicipalities(measure: m.id, municipalities: municipalities, minimum: rules.minimumMunicipalities))
        continue
      }
      var reason: SuppressionReason? = nil
      if units > 0, rules.dominance != .none, let values = m.values {
        for (name, weights) in variants {
          let w = weights ?? []
          let weighted = weights != nil
          for a in atoms {
            for i in answeredRows[a] {
              let x = values[i]
              if !x.isFinite { continue }
              let u = unitOfRow[i]
              if contribution[u] == 0 { touched.append(u) }
              contribution[u] += Swift.abs(weighted ? x * w[i] : x)
            }
          }
          let sensitive = rules.dominance.isSensitive(touched.map { contribution[$0] })
          for u in touched { contribution[u] = 0 }
          touched.removeAll(keepingCapacity: true)
          if sensitive {
            reason = .dominance(measure: m.id, weighting: name)
            break
          }
        }
      }
      primary.append(reason)
    }
    return MeasureStatistics(atomAnswers: answeredRows.map(\.count), atomUnits: atomUnits, atomMunicipalities: atomMunicipalities,
                             cellUnits: cellUnits, primary: primary)
  }
}
