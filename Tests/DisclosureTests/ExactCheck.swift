@testable import Disclosure

/// An independent check of a publication plan in exact arithmetic (integers modulo the Mersenne
/// prime 2⁶¹ − 1; the toy frames have integer weights), written apart from the plan's SVD audit:
/// builds the atoms and cells itself from the rows, takes the plan's decisions, and returns every
/// violation — a published cell with 0 < units < k, or a target (withheld cell, atom or one
/// signature's atoms over any set of waves with fewer than k units; unweighted and weighted) whose
/// vector lies in the row space of the published cells' rows (atoms without answers dropped).
func verifyExactly(_ t: Toy, _ plan: PublicationPlan) throws -> [String] {
  let k = plan.rules.minimumUnits
  var violations: [String] = []
  // Atoms: wave × keys × weight; signatures: keys.
  var atomIndex: [[String]: Int] = [:]
  var atomOfRow: [Int] = []
  var atomWave: [Int] = [], atomKeys: [[String]] = [], atomWeight: [UInt64] = []
  for r in t.rows {
    let key = [String(r.wave)] + r.keys + [String(r.weight)]
    if let a = atomIndex[key] { atomOfRow.append(a); continue }
    atomIndex[key] = atomWave.count
    atomOfRow.append(atomWave.count)
    atomWave.append(r.wave)
    atomKeys.append(r.keys)
    atomWeight.append(UInt64(r.weight))
  }
  let atomCount = atomWave.count
  func units(_ atoms: Set<Int>) -> Int {
    Set(t.rows.indices.filter { atoms.contains(atomOfRow[$0]) && t.rows[$0].answered }.map { t.rows[$0].unit }).count
  }
  let answeredAtoms = Set(t.rows.indices.filter { t.rows[$0].answered }.map { atomOfRow[$0] })
  let columns = (0..<atomCount).filter { answeredAtoms.contains($0) }
  let columnOf = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($0.element, $0.offset) })
  func vector(_ atoms: Set<Int>, weighted: Bool) -> [UInt64] {
    var v = [UInt64](repeating: 0, count: columns.count)
    for a in atoms { if let j = columnOf[a] { v[j] = weighted ? atomWeight[a] : 1 } }
    return v
  }
  // Cells.
  var selections: [(WaveSelection, Set<Int>)] = t.waves.enumerated().map { (.wave($0.element), [$0.offset]) }
  if t.waves.count > 1 { selections.append((.pooled, Set(t.waves.indices))) }
  var published: [[UInt64]] = []
  var targets: [(String, [UInt64])] = []
  for (selection, waves) in selections {
    var cells: [(PublicationCell, Set<Int>)] = [(.total(selection), Set((0..<atomCount).filter { waves.contains(atomWave[$0]) }))]
    for (gi, g) in t.groupings.enumerated() {
      for key in Set(t.rows.map { $0.keys[gi] }).sorted() {
        let atoms = Set((0..<atomCount).filter { waves.contains(atomWave[$0]) && atomKeys[$0][gi] == key })
        if !atoms.isEmpty { cells.append((PublicationCell(grouping: g, key: key, waves: selection), atoms)) }
      }
    }
    for (cell, atoms) in cells {
      let isPublished = try plan.decision(cell, measure: "x").isPublished
      let u = units(atoms)
      if isPublished {
        if u > 0 && u < k { violations.append("published \(cell) rests on \(u) units") }
        published.append(vector(atoms, weighted: false))
        published.append(vector(atoms, weighted: true))
      } else {
        targets.append(("withheld \(cell)", vector(atoms, weighted: false)))
        targets.append(("withheld \(cell), weighted", vector(atoms, weighted: true)))
      }
    }
  }
  // Small atoms, and every signature's atoms over any nonempty set of waves.
  var signatures: [[String]: [Int]] = [:]
  for a in columns { signatures[atomKeys[a], default: []].append(a) }
  for (keys, atoms) in signatures {
    for a in atoms where units([a]) < k { targets.append(("atom \(keys) wave \(atomWave[a])", vector([a], weighted: false))) }
    for mask in 1..<(1 << t.waves.count) {
      let chosen = Set(atoms.filter { mask & (1 << atomWave[$0]) != 0 })
      let u = units(chosen)
      if chosen.count >= 2 && u > 0 && u < k {
        targets.append(("atoms \(keys) waves mask \(mask)", vector(chosen, weighted: false)))
        targets.append(("atoms \(keys) waves mask \(mask), weighted", vector(chosen, weighted: true)))
      }
    }
  }
  var basis = ModularBasis(width: columns.count)
  for row in published { basis.insert(row) }
  for (name, v) in targets where v.contains(where: { $0 != 0 }) {
    if basis.contains(v) { violations.append("recoverable: \(name)") }
  }
  return violations
}

/// Row echelon basis over GF(2⁶¹ − 1).
struct ModularBasis {
  static let p: UInt64 = (1 << 61) - 1
  let width: Int
  var rows: [(pivot: Int, row: [UInt64])] = []

  static func mul(_ a: UInt64, _ b: UInt64) -> UInt64 {
    let (hi, lo) = a.multipliedFullWidth(by: b)
    var r = ((hi << 3) | (lo >> 61)) + (lo & p)
    if r >= p { r -= p }
    return r
  }
  static func pow(_ a: UInt64, _ e: UInt64) -> UInt64 {
    var result: UInt64 = 1, base = a % p, e = e
    while e > 0 {
      if e & 1 == 1 { result = mul(result, base) }
      base = mul(base, base)
      e >>= 1
    }
    return result
  }

  /// `v` reduced by the basis.
  func reduce(_ v: [UInt64]) -> [UInt64] {
    var v = v
    for (pivot, row) in rows where v[pivot] != 0 {
      let f = v[pivot]
      for j in 0..<width where row[j] != 0 {
        v[j] = (v[j] + ModularBasis.p - ModularBasis.mul(f, row[j])) % ModularBasis.p
      }
    }
    return v
  }

  mutating func insert(_ v: [UInt64]) {
    var r = reduce(v)
    guard let pivot = r.firstIndex(where: { $0 != 0 }) else { return }
    let inverse = ModularBasis.pow(r[pivot], ModularBasis.p - 2)
    for j in 0..<width { r[j] = ModularBasis.mul(r[j], inverse) }
    // Keep the basis reduced at the new pivot (so `reduce` may go through rows in any order).
    for i in rows.indices where rows[i].row[pivot] != 0 {
      let f = rows[i].row[pivot]
      for j in 0..<width where r[j] != 0 {
        rows[i].row[j] = (rows[i].row[j] + ModularBasis.p - ModularBasis.mul(f, r[j])) % ModularBasis.p
      }
    }
    rows.append((pivot, r))
  }

  func contains(_ v: [UInt64]) -> Bool { !reduce(v).contains { $0 != 0 } }
}
