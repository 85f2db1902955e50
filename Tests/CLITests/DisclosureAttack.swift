import Foundation
import LinearAlgebra
import _TestSupport

// An adversary against the demo study's published outputs (issue 8, "Done means").
//
// The adversary reads only what the CLI publishes (JSON output of `describe`, `estimate` and
// `index`, every grouping the CLI accepts, every wave and the pooled waves) and knows the sampling
// frame: for every response its wave, Land, Kreis, stratum, size class, role, municipality and
// design weight, and — as an oracle, stronger than any real reader — which items it answered. It
// never sees an answer: the answers are read from the data files only to check whether a number
// the adversary derived is right.
//
// Method: the atoms are the cross-classification of the frame attributes (wave × Land × Kreis ×
// stratum × size class × role). Per measure (an item, or a scale score for the index tables) the
// unknowns are the atoms' sums of answers s_a. Every published cell is a linear equation:
//   unweighted (describe):  Σ_{a ⊂ cell} s_a           = mean · n
//   design-weighted (estimate, index): Σ_{a ⊂ cell} w_a s_a = mean · Σ_{a ⊂ cell} w_a n_a
// (the design weight is constant within an atom: it is N_h / n_h of the atom's stratum and wave).
// A target — a withheld cell, an atom or an atom's union over waves with fewer than k
// municipalities, any cell of a frame grouping with fewer than k municipalities — is recovered
// when its indicator vector lies in the row space of the equations (thin SVD, gap-checked rank)
// and the value it then takes (target · minimum-norm solution) equals the truth.

/// One response of the demo study as the adversary's frame knows it, plus the answers (truth).
struct AttackRow {
  var wave: String
  var attributes: [String: String]  // land, kreis, stratum, size_class, role, muni_id, officer_id, years_in_office
  /// Design weight, and the weight raked (post-stratified) to the Land × size-class margin of its wave.
  var weight: Double
  var rakedWeight: Double = .nan
  /// Raked over the pooled waves at once (what `estimate --by wave --rake` does).
  var pooledRakedWeight: Double = .nan
  var muni: String
  /// Valid answers (1–5) by item; the truth, never used to build equations.
  var values: [String: Double]
}

/// The demo study's frame and truth, read from its CSV files (plain comma-separated, no quotes).
struct AttackFrame {
  static let items = ["tr_land", "tr_bund", "tr_kreis", "tr_land_r", "tr_nachbar", "tr_ikz", "tr_ikz_r", "tr_itdl", "tr_buerger",
                      "dr_ozg", "dr_eakte", "dr_netz", "dr_itsich", "dr_bundid", "dr_kompetenz", "dr_budget", "dr_fuehrung",
                      "dr_strategie", "dr_personal_r"]
  /// The codebook's scales (public): items, reverse keys, and min_answered 0.5 of the indices.
  static let scales: [String: (items: [String], reversed: Set<String>)] = [
    "vertical_trust": (["tr_land", "tr_bund", "tr_kreis", "tr_land_r"], ["tr_land_r"]),
    "horizontal_trust": (["tr_nachbar", "tr_ikz", "tr_ikz_r", "tr_itdl", "tr_buerger"], ["tr_ikz_r"]),
    "digital_infrastructure": (["dr_ozg", "dr_eakte", "dr_netz", "dr_itsich", "dr_bundid"], []),
    "digital_organisation": (["dr_kompetenz", "dr_budget", "dr_fuehrung", "dr_strategie", "dr_personal_r"], ["dr_personal_r"]),
  ]
  /// The attributes the atoms are made of (all known from public registers and the sample list).
  static let atomAttributes = ["land", "kreis", "stratum", "size_class", "role"]
  static let otherAttributes = ["muni_id", "officer_id", "years_in_office"]

  var rows: [AttackRow] = []
  var waves: [String] = []

  init(studyFolder: String) throws {
    for wave in ["2019", "2021", "2023"] {
      let text = try String(contentsOfFile: "\(studyFolder)/data/hvb_\(wave).csv", encoding: .utf8)
      var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
      let header = lines.removeFirst()
      let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element, $0.offset) })
      for f in lines {
        var attributes: [String: String] = [:]
        for a in Self.atomAttributes + Self.otherAttributes { attributes[a] = f[col[a]!] }
        var values: [String: Double] = [:]
        for item in Self.items {
          if let x = Double(f[col[item]!]), (1...5).contains(x) { values[item] = x }
        }
        for (scale, def) in Self.scales {
          // psych::scoreItems: mean of the keyed items answered (reverse: 6 − x), at least half answered.
          let answered = def.items.compactMap { i in values[i].map { def.reversed.contains(i) ? 6 - $0 : $0 } }
          if answered.count >= Int((0.5 * Double(def.items.count)).rounded(.up)) {
            values[scale] = answered.reduce(0, +) / Double(answered.count)
          }
        }
        rows.append(AttackRow(wave: f[col["wave"]!], attributes: attributes, weight: Double(f[col["weight"]!])!,
                              muni: f[col["muni_id"]!], values: values))
      }
      waves.append(wave)
    }
    // Raking to one joint margin (Land × size class) is post-stratification: w · N_c / Σ_c w per wave.
    let margin = try String(contentsOfFile: "\(studyFolder)/margins/land_sizeclass.csv", encoding: .utf8)
    var population: [String: Double] = [:]
    for line in margin.split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",").map(String.init)
      if f.count == 3, let n = Double(f[2]) { population["\(f[0])|\(f[1])"] = n }
    }
    var sums: [String: Double] = [:]
    for r in rows { sums["\(r.wave)|\(r.attributes["land"]!)|\(r.attributes["size_class"]!)", default: 0] += r.weight }
    var pooledSums: [String: Double] = [:]
    for r in rows { pooledSums["\(r.attributes["land"]!)|\(r.attributes["size_class"]!)", default: 0] += r.weight }
    for i in rows.indices {
      let r = rows[i]
      let cell = "\(r.attributes["land"]!)|\(r.attributes["size_class"]!)"
      rows[i].rakedWeight = r.weight * (population[cell] ?? .nan) / sums["\(r.wave)|\(cell)"]!
      rows[i].pooledRakedWeight = r.weight * (population[cell] ?? .nan) / pooledSums[cell]!
    }
  }

  static let weightings = ["design", "raked", "pooled-raked"]

  /// The weight of a row under a weighting ("design", "raked" or "pooled-raked").
  static func weight(_ r: AttackRow, _ weighting: String) -> Double {
    switch weighting {
    case "raked": r.rakedWeight
    case "pooled-raked": r.pooledRakedWeight
    default: r.weight
    }
  }
}

/// A cell as the adversary names it: a grouping (an attribute, "wave", or "" for no grouping), a
/// key, and the waves it pools.
struct AttackCell: Hashable, CustomStringConvertible {
  var grouping: String
  var key: String
  var waves: [String]
  var description: String { "\(grouping.isEmpty ? "all" : grouping)=\(key) [\(waves.joined(separator: "+"))]" }
}

/// One published number the adversary uses: a cell's mean of a measure, weighted or not, with its n.
struct AttackObservation {
  var cell: AttackCell
  var measure: String
  /// nil: unweighted; "design" or "raked".
  var weighting: String?
  var mean: Double
  var n: Double?
  var source: String
}

/// What the adversary collected from the outputs.
struct AttackBook {
  var observations: [AttackObservation] = []
  /// Cells shown as ▪, by measure.
  var withheld: [(cell: AttackCell, measure: String, weighting: String?, source: String)] = []
  /// Commands the CLI refused (a grouping that is not a publication grouping).
  var refused: [String] = []
  /// Commands that failed for another reason (exit 65), with their message.
  var failed: [String] = []
  var commands = 0
}

/// A recovered value: the target, its value and the truth.
struct Recovery: CustomStringConvertible {
  var measure: String
  var target: String
  var units: Int
  var value: Double
  var truth: Double
  var description: String { "\(measure) \(target) (\(units) municipalities): \(value) = truth \(truth)" }
}

/// The adversary's result.
struct AttackResult {
  var equations = 0
  var targetsTried = 0
  var withheldTried = 0
  var inRowSpace = 0
  var recoveries: [Recovery] = []
  /// Targets in the row space whose derived value is not the truth (a defect of the attack's model).
  var inconsistent: [String] = []
  /// Published cells with fewer than k distinct municipalities behind them.
  var smallPublished: [String] = []
  /// Cells of groupings the atoms cannot express (years in office, municipality, officer).
  var notExpressible = 0
  var smallestGap = Double.infinity
}

struct DisclosureAttack {
  let frame: AttackFrame
  let k: Int
  /// Atom of each row, and the atoms' signatures.
  var atomOfRow: [Int] = []
  var atomSignature: [[String]] = []  // [wave] + atomAttributes
  var atomWeight: [String: [Double]] = [:]

  init(frame: AttackFrame, k: Int = 5) {
    self.frame = frame
    self.k = k
    var index: [[String]: Int] = [:]
    for r in frame.rows {
      let sig = [r.wave] + AttackFrame.atomAttributes.map { r.attributes[$0] ?? "" }
      if let a = index[sig] {
        atomOfRow.append(a)
        for w in AttackFrame.weightings {
          precondition(atomWeight[w]![a] == AttackFrame.weight(r, w), "the \(w) weight must be constant within an atom")
        }
      } else {
        index[sig] = atomSignature.count
        atomOfRow.append(atomSignature.count)
        atomSignature.append(sig)
        for w in AttackFrame.weightings { atomWeight[w, default: []].append(AttackFrame.weight(r, w)) }
      }
    }
    rowsByKey[""] = ["all": Array(frame.rows.indices)]
    for g in AttackFrame.atomAttributes + AttackFrame.otherAttributes {
      var by: [String: [Int]] = [:]
      for (i, r) in frame.rows.enumerated() { by[r.attributes[g] ?? "", default: []].append(i) }
      rowsByKey[g] = by
    }
  }

  /// Rows by grouping and key ("" → every row under key "all").
  var rowsByKey: [String: [String: [Int]]] = [:]

  /// Rows of a cell, or nil when the cell is not a union of atoms (a grouping outside them).
  func rows(of cell: AttackCell) -> [Int]? {
    if !cell.grouping.isEmpty && !AttackFrame.atomAttributes.contains(cell.grouping) { return nil }
    return anyRows(of: cell)
  }

  /// Rows of an arbitrary grouping's cell (also outside the atoms), for counting municipalities.
  func anyRows(of cell: AttackCell) -> [Int] {
    (rowsByKey[cell.grouping]?[cell.key] ?? []).filter { cell.waves.contains(frame.rows[$0].wave) }
  }

  func municipalities(_ rows: [Int], measure: String) -> Int {
    Set(rows.filter { frame.rows[$0].values[measure] != nil }.map { frame.rows[$0].muni }).count
  }

  /// Runs the attack for every measure in the book.
  func run(_ book: AttackBook) throws -> AttackResult {
    var result = AttackResult()
    // Published cells with fewer than k municipalities (n counted per response, or a wrong k).
    for o in book.observations {
      let units = municipalities(anyRows(of: o.cell), measure: o.measure)
      if units > 0 && units < k { result.smallPublished.append("\(o.source): \(o.measure) \(o.cell) rests on \(units) municipalities") }
    }
    let measures = Set(book.observations.map(\.measure) + book.withheld.map(\.measure)).sorted()
    for m in measures {
      try attack(measure: m, book: book, into: &result)
    }
    return result
  }

  struct Target {
    var name: String
    var coefficients: [Int: Double]  // atom → coefficient
    var units: Int
  }

  func attack(measure m: String, book: AttackBook, into result: inout AttackResult) throws {
    // Columns: atoms with at least one answer to m (the oracle knows who answered).
    var answered = [Int](repeating: 0, count: atomSignature.count)
    var truthSum = [Double](repeating: 0, count: atomSignature.count)
    var munis = [Set<String>](repeating: [], count: atomSignature.count)
    for (i, r) in frame.rows.enumerated() {
      guard let x = r.values[m] else { continue }
      let a = atomOfRow[i]
      answered[a] += 1
      truthSum[a] += x
      munis[a].insert(r.muni)
    }
    let columns = atomSignature.indices.filter { answered[$0] > 0 }
    let columnOf = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($0.element, $0.offset) })
    func vector(_ rows: [Int], weighting: String?) -> [Int: Double] {
      var v: [Int: Double] = [:]
      for a in Set(rows.map { atomOfRow[$0] }) where answered[a] > 0 { v[a] = weighting.map { atomWeight[$0]![a] } ?? 1 }
      return v
    }
    // Equations.
    var equations: [([Int: Double], Double)] = []
    var equationSources: [String] = []
    for o in book.observations where o.measure == m {
      guard let rows = rows(of: o.cell) else { result.notExpressible += 1; continue }
      let v = vector(rows, weighting: nil)
      if v.isEmpty { continue }
      let count = v.keys.reduce(0) { $0 + answered[$1] }
      if let n = o.n, Int(n.rounded()) != count {
        result.inconsistent.append("\(o.source): \(m) \(o.cell) n = \(n), frame count \(count)")
        continue
      }
      if let weighting = o.weighting {
        let w = vector(rows, weighting: weighting)
        let total = w.reduce(0) { $0 + $1.value * Double(answered[$1.key]) }
        equations.append((w, o.mean * total))
      } else {
        equations.append((v, o.mean * Double(count)))
      }
      equationSources.append("\(o.source): \(o.cell) \(o.weighting ?? "unweighted") mean \(o.mean)")
    }
    result.equations += equations.count
    guard !equations.isEmpty else { return }

    // Targets.
    var targets: [Target] = []
    var seen: Set<[Double]> = []
    func add(_ name: String, _ coefficients: [Int: Double], units: Int) {
      if coefficients.isEmpty { return }
      let key = columns.map { coefficients[$0] ?? 0 }
      if seen.insert(key).inserted { targets.append(Target(name: name, coefficients: coefficients, units: units)) }
    }
    for w in book.withheld where w.measure == m {
      guard let rows = rows(of: w.cell) else { result.notExpressible += 1; continue }
      let units = municipalities(rows, measure: m)
      add("withheld \(w.cell) (\(w.source))", vector(rows, weighting: nil), units: units)
      for weighting in AttackFrame.weightings {
        add("withheld \(w.cell) \(weighting)-weighted (\(w.source))", vector(rows, weighting: weighting), units: units)
      }
      result.withheldTried += 1
    }
    for a in columns where munis[a].count < k {
      add("atom \(atomSignature[a].joined(separator: "|"))", [a: 1], units: munis[a].count)
    }
    // The same non-wave signature pooled over two or more waves.
    var byRest: [[String]: [Int]] = [:]
    for a in columns { byRest[Array(atomSignature[a].dropFirst()), default: []].append(a) }
    for (rest, atoms) in byRest where atoms.count >= 2 {
      for mask in 1..<(1 << atoms.count) where mask.nonzeroBitCount >= 2 {
        let chosen = atoms.indices.filter { mask & (1 << $0) != 0 }.map { atoms[$0] }
        let units = Set(chosen.flatMap { munis[$0] }).count
        if units < k {
          add("atoms \(rest.joined(separator: "|")) over waves \(chosen.map { atomSignature[$0][0] }.joined(separator: "+"))",
              Dictionary(uniqueKeysWithValues: chosen.map { ($0, 1.0) }), units: units)
        }
      }
    }
    // Every cell of a frame grouping with fewer than k municipalities.
    let selections = frame.waves.map { [$0] } + [frame.waves]
    for g in AttackFrame.atomAttributes {
      let keys = Set(frame.rows.map { $0.attributes[g] ?? "" }).subtracting([""]).sorted()
      for s in selections {
        for key in keys {
          let cell = AttackCell(grouping: g, key: key, waves: s)
          guard let rows = rows(of: cell) else { continue }
          let units = municipalities(rows, measure: m)
          if units > 0 && units < k { add("small cell \(cell)", vector(rows, weighting: nil), units: units) }
        }
      }
    }
    result.targetsTried += targets.count

    // Row space of the equations: thin SVD, rank at the largest gap below 1e-9·σ₁.
    let p = columns.count
    var a = Matrix(rows: equations.count, columns: p)
    var b = [Double](repeating: 0, count: equations.count)
    for (i, (coefficients, rhs)) in equations.enumerated() {
      for (atom, c) in coefficients { a[i, columnOf[atom]!] = c }
      b[i] = rhs
    }
    // Scale rows to unit length (weighted rows have entries of 1–5): same row space, better conditioned.
    for i in 0..<a.rows {
      var s = 0.0
      for j in 0..<p { s += a[i, j] * a[i, j] }
      let f = 1 / s.squareRoot()
      for j in 0..<p { a[i, j] *= f }
      b[i] *= f
    }
    let svd = try SVD(a)
    let sigma = svd.singularValues
    let tol = 1e-9 * (sigma.first ?? 0)
    let r = sigma.filter { $0 > tol }.count
    if r < sigma.count { result.smallestGap = Swift.min(result.smallestGap, sigma[r - 1] / Swift.max(sigma[r], 1e-300)) }
    // Minimum-norm solution x = V_r Σ_r⁻¹ U_rᵀ b, and the targets' residuals T − V_rᵀ(V_r T) (BLAS).
    let vr = svd.vt.submatrix(rows: 0..<r, columns: 0..<p)
    let ur = svd.u.submatrix(rows: 0..<a.rows, columns: 0..<r)
    var y = ur.transposeTimes(b)
    for j in 0..<r { y[j] /= sigma[j] }
    let x = vr.transposeTimes(y)
    // The model must fit: every published equation holds at the solution (else an equation is wrong).
    let fitted = a * x
    for i in 0..<a.rows where Swift.abs(fitted[i] - b[i]) > 1e-7 * Swift.max(1, Swift.abs(b[i])) {
      result.inconsistent.append("\(m) equation does not fit (\(fitted[i]) vs \(b[i])): \(equationSources[i])")
    }
    var t = Matrix(rows: p, columns: targets.count)
    for (k, target) in targets.enumerated() { for (atom, c) in target.coefficients { t[columnOf[atom]!, k] = c } }
    let residual = t - gemm(transA: .transposed, a: vr, b: vr * t)
    for (k, target) in targets.enumerated() {
      var norm = 0.0, res = 0.0, value = 0.0
      for c in 0..<p {
        norm += t[c, k] * t[c, k]
        res += residual[c, k] * residual[c, k]
        value += t[c, k] * x[c]
      }
      guard res.squareRoot() <= 1e-7 * norm.squareRoot() else { continue }
      result.inRowSpace += 1
      let truth = target.coefficients.reduce(0) { $0 + $1.value * truthSum[$1.key] }
      if Swift.abs(value - truth) <= 1e-6 * Swift.max(1, Swift.abs(truth)) {
        result.recoveries.append(Recovery(measure: m, target: target.name, units: target.units, value: value, truth: truth))
      } else {
        result.inconsistent.append("\(m) \(target.name): derived \(value), truth \(truth)")
      }
    }
  }
}

// MARK: - Collecting the published outputs

extension AttackBook {
  /// The key of a group as the output names it: the `key` column when there is one, else the
  /// label mapped back through the codebook's public labels.
  static func key(_ row: [String: Any], column: String, grouping: String, labels: [String: String]) -> String? {
    if let k = row["key"] as? String { return k }
    guard let label = row[column] as? String else { return nil }
    return labels[label] ?? label
  }

  /// Labels → keys for a grouping, under every labelling rule the CLI has used (region names for
  /// any key equal to a region key, code labels, the wave's "wave 2019", the key itself).
  static func labels(grouping: String, frame: AttackFrame, regionNames: [String: String], codeLabels: [String: [String: String]]) -> [String: String] {
    var out: [String: String] = [:]
    let keys: [String]
    if grouping == "wave" {
      keys = frame.waves
      for w in keys { out["wave \(w)"] = w }
    } else {
      keys = Set(frame.rows.map { $0.attributes[grouping] ?? "" }).subtracting([""]).sorted()
    }
    for key in keys {
      if let n = regionNames[key] { out[n] = key }
      if let l = codeLabels[grouping]?[key] { out[l] = key }
      out[key] = key
    }
    return out
  }

  /// Parses one JSON report and records its observations and withheld cells.
  mutating func read(json: String, source: String, tableID: (String) -> Bool, grouping: String, waves: [String],
                     measureColumns: (([String]) -> [(column: String, measure: String)])?, weighting: String?,
                     labels: [String: String]) throws {
    guard let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
          let tables = obj["tables"] as? [[String: Any]] else { return }
    for t in tables where tableID(t["id"] as? String ?? "") {
      let columns = t["columns"] as? [String] ?? []
      let groupColumn = columns.first ?? ""
      for row in t["rows"] as? [[String: Any]] ?? [] {
        let key: String
        if grouping.isEmpty {
          key = "all"
        } else {
          guard let k = Self.key(row, column: groupColumn, grouping: grouping, labels: labels) else { continue }
          key = k
        }
        // A wave group is the total of that wave (inside the selected waves; else it is empty).
        let cellWaves = grouping == "wave" ? waves.filter { $0 == key } : waves
        if cellWaves.isEmpty { continue }
        let cell = AttackCell(grouping: grouping == "wave" ? "" : grouping, key: grouping == "wave" ? "all" : key, waves: cellWaves)
        if let measureColumns {
          // An index table: one component mean per column.
          for (column, measure) in measureColumns(columns) {
            if row[column] as? String == "suppressed" {
              withheld.append((cell, measure, weighting, source))
            } else if let x = (row[column] as? NSNumber)?.doubleValue {
              observations.append(AttackObservation(cell: cell, measure: measure, weighting: weighting, mean: x, n: nil, source: source))
            }
          }
        } else {
          guard let item = row["item"] as? String else { continue }
          let meanColumn = columns.contains("mean") ? "mean" : "estimate"
          if row[meanColumn] as? String == "suppressed" {
            withheld.append((cell, item, weighting, source))
          } else if let x = (row[meanColumn] as? NSNumber)?.doubleValue {
            observations.append(AttackObservation(cell: cell, measure: item, weighting: weighting, mean: x,
                                                  n: (row["n"] as? NSNumber)?.doubleValue, source: source))
          }
        }
      }
    }
  }
}
