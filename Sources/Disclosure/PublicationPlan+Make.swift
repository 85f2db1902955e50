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
      try check("measure \(m.id)", m.rowCount)
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
  // Rows in atom order (`makeLayout`): the rows of atom a are `order[atomStart[a]..<atomStart[a + 1]]`;
  // units and municipalities renumbered by first appearance in that order. The per-measure passes
  // read these front to back: in row order, every row of a small region touched its own cache line
  // of five arrays, and at 2 million rows the plan took 20 s, bound by cache misses.
  var order: [Int] = []
  var positionOfRow: [Int] = []
  var atomStart: [Int] = []
  var unitAt: [Int] = []
  var municipalityAt: [Int]? = nil
  var weightAt: [[Double]] = []  // [weighting][position]
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
    makeLayout()
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
    var scratch = MeasureScratch(rows: order.count, units: (unitAt.max() ?? -1) + 1,
                                 municipalities: (municipalityAt?.max() ?? -1) + 1)
    var stats: [MeasureStatistics] = []
    for m in measures { stats.append(measureStatistics(m, scratch: &scratch)) }
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
    let frame = self.frame
    atomWeights = Array(repeating: [], count: frame.weightings.count)
    atomOfRow.reserveCapacity(frame.rowCount)
    if frame.weightings.isEmpty, let radices = packedRadices() {
      // The grouping keys and the wave packed into one Int per row (no array allocated and
      // hashed per row).
      try assignAtoms { i in
        var keys = 0
        for (g, grouping) in frame.groupings.enumerated() { keys = keys &* radices[g] &+ ((grouping.keyOfRow[i] ?? -1) &+ 1) }
        return (keys &* radices[frame.groupings.count] &+ frame.waveOfRow[i], keys)
      }
    } else {
      try assignAtoms { i in
        let keys = frame.groupings.map { $0.keyOfRow[i] ?? -1 }
        var key = [frame.waveOfRow[i]] + keys
        for w in frame.weightings { key.append(Int(truncatingIfNeeded: w.weightOfRow[i].bitPattern)) }
        return (key, keys)
      }
    }
  }

  /// Rows to atoms by `key(i)` = (the atom's key, its grouping signature): atoms and signatures
  /// numbered by first appearance in row order.
  private mutating func assignAtoms<Key: Hashable, Signature: Hashable>(
    _ key: (Int) -> (atom: Key, signature: Signature)
  ) throws(DisclosureError) {
    var index: [Key: Int] = [:]
    var signatures: [Signature: Int] = [:]
    for i in 0..<frame.rowCount {
      let (atomKey, signature) = key(i)
      if let a = index[atomKey] {
        atomOfRow.append(a)
        atomRows[a].append(i)
        continue
      }
      let a = atomRows.count
      guard a < PublicationPlan.atomLimit else { throw .tooManyAtoms(a + 1, limit: PublicationPlan.atomLimit) }
      index[atomKey] = a
      atomOfRow.append(a)
      atomRows.append([i])
      atomWave.append(frame.waveOfRow[i])
      if let s = signatures[signature] {
        atomSignature.append(s)
      } else {
        signatures[signature] = signatures.count
        atomSignature.append(signatures.count - 1)
      }
      for (k, w) in frame.weightings.enumerated() { atomWeights[k].append(w.weightOfRow[i]) }
    }
  }

  mutating func makeLayout() {
    atomStart = [0]
    for rows in atomRows { atomStart.append(atomStart[atomStart.count - 1] + rows.count) }
    order = atomRows.flatMap { $0 }
    positionOfRow = [Int](repeating: 0, count: order.count)
    for (p, i) in order.enumerated() { positionOfRow[i] = p }
    func renumber(_ ofRow: [Int]) -> [Int] {
      var map = [Int](repeating: -1, count: (ofRow.max() ?? -1) + 1)
      var next = 0
      return order.map { i in
        let u = ofRow[i]
        if map[u] < 0 {
          map[u] = next
          next += 1
        }
        return map[u]
      }
    }
    unitAt = renumber(frame.unitOfRow)
    municipalityAt = frame.municipalityOfRow.map(renumber)
    weightAt = frame.weightings.map { w in order.map { w.weightOfRow[$0] } }
  }

  /// Radices of the packed atom key (each grouping's keys + 1 for "none", then the waves), or nil
  /// when their product does not fit an Int or a row's key lies outside its grouping's keys.
  func packedRadices() -> [Int]? {
    for g in frame.groupings where g.keyOfRow.contains(where: { $0.map { $0 < 0 || $0 >= g.keys.count } ?? false }) { return nil }
    var product = 1
    var radices: [Int] = []
    for r in frame.groupings.map({ $0.keys.count + 1 }) + [Swift.max(frame.waves.count, 1)] {
      let (p, overflow) = product.multipliedReportingOverflow(by: r)
      if overflow { return nil }
      product = p
      radices.append(r)
    }
    return radices
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

  /// Work arrays of `measureStatistics`, allocated once per plan rather than once per measure (at
  /// 2 million rows, fresh arrays per measure cost seconds of page faults). Stamps stay valid across
  /// measures because the epoch only grows; contributions are reset through the touched list.
  struct MeasureScratch {
    var answered: [Bool]
    var values: [Double]
    var unitStamp: [Int]
    var municipalityStamp: [Int]
    var epoch = 0
    var contribution: [Double]
    var touched: [Int] = []

    init(rows: Int, units: Int, municipalities: Int) {
      answered = [Bool](repeating: false, count: rows)
      values = [Double](repeating: .nan, count: rows)
      unitStamp = [Int](repeating: -1, count: units)
      municipalityStamp = [Int](repeating: -1, count: municipalities)
      contribution = [Double](repeating: 0, count: units)
    }
  }

  /// Distinct units (and municipalities) behind a set of atoms, and the primary rules per cell.
  /// Units are counted with a stamp per unit (no hashing): O(rows of the cells) per measure.
  func measureStatistics(_ m: PublicationMeasure, scratch: inout MeasureScratch) -> MeasureStatistics {
    let atomStart = self.atomStart
    let unitAt = self.unitAt
    let municipalityAt = self.municipalityAt
    // The measure's answers and values in atom order (one pass, reads in row order).
    if let a = m.answeredRows {
      for i in 0..<order.count { scratch.answered[positionOfRow[i]] = a[i] }
    } else if let v = m.values {
      v.withUnsafeBufferPointer { v in for i in 0..<order.count { scratch.answered[positionOfRow[i]] = !v[i].isNaN } }
    }
    if let v = m.values { v.withUnsafeBufferPointer { v in for i in 0..<order.count { scratch.values[positionOfRow[i]] = v[i] } } }
    /// Answered rows, distinct units and distinct municipalities (the units when the study names
    /// no municipality) of a set of atoms.
    func count<S: Sequence<Int>>(_ atoms: S) -> (answers: Int, units: Int, municipalities: Int) {
      scratch.epoch += 1
      let epoch = scratch.epoch
      var answers = 0, units = 0, municipalities = 0
      for a in atoms {
        for p in atomStart[a]..<atomStart[a + 1] where scratch.answered[p] {
          answers += 1
          let u = unitAt[p]
          if scratch.unitStamp[u] != epoch { scratch.unitStamp[u] = epoch; units += 1 }
          if let municipalityAt {
            let mo = municipalityAt[p]
            if scratch.municipalityStamp[mo] != epoch { scratch.municipalityStamp[mo] = epoch; municipalities += 1 }
          }
        }
      }
      return (answers, units, municipalityAt == nil ? units : municipalities)
    }
    let perAtom = atomRows.indices.map { count(CollectionOfOne($0)) }
    var cellUnits: [Int] = []
    var primary: [SuppressionReason?] = []
    let k = rules.minimumUnits
    // Dominance: per-unit contributions accumulated in an array (touched units listed).
    let variants: [(String?, [Double]?)] = [(nil, nil)] + zip(frame.weightings, weightAt).map { ($0.name, $1) }
    for atoms in cellAtoms {
      let (_, units, municipalities) = count(atoms)
      cellUnits.append(units)
      if units > 0 && units < k {
        primary.append(.tooFewUnits(measure: m.id, units: units, minimum: k))
        continue
      }
      if municipalityAt != nil, municipalities > 0, municipalities < rules.minimumMunicipalities {
        primary.append(.tooFewMunicipalities(measure: m.id, municipalities: municipalities, minimum: rules.minimumMunicipalities))
        continue
      }
      var reason: SuppressionReason? = nil
      if units > 0, rules.dominance != .none, m.values != nil {
        for (name, weights) in variants {
          let w = weights ?? []
          let weighted = weights != nil
          for a in atoms {
            for p in atomStart[a]..<atomStart[a + 1] where scratch.answered[p] {
              let x = scratch.values[p]
              if !x.isFinite { continue }
              let u = unitAt[p]
              if scratch.contribution[u] == 0 { scratch.touched.append(u) }
              scratch.contribution[u] += Swift.abs(weighted ? x * w[p] : x)
            }
          }
          let sensitive = rules.dominance.isSensitive(scratch.touched.map { scratch.contribution[$0] })
          for u in scratch.touched { scratch.contribution[u] = 0 }
          scratch.touched.removeAll(keepingCapacity: true)
          if sensitive {
            reason = .dominance(measure: m.id, weighting: name)
            break
          }
        }
      }
      primary.append(reason)
    }
    return MeasureStatistics(atomAnswers: perAtom.map(\.answers), atomUnits: perAtom.map(\.units),
                             atomMunicipalities: perAtom.map(\.municipalities), cellUnits: cellUnits, primary: primary)
  }
}
