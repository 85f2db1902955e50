import LinearAlgebra

/// The linear audit and secondary suppression of one link group (step 4–5 of `PublicationPlan.make`).
extension PlanBuilder {
  /// A vector over atoms that must not be derivable from the published cells.
  struct Target {
    var name: String
    var coefficients: [(atom: Int, value: Double)]
  }

  /// Relative residual below which a target counts as recoverable (and above 10⁻⁹: "nearly").
  static let recoverableResidual = 1e-6
  /// Singular values above this fraction of σ₁ count as non-zero.
  static let rankTolerance = 1e-12

  mutating func audit(group g: Int, members: [Int], stats: [MeasureStatistics],
                      diagnostics: inout PublicationDiagnostics.Group) throws(DisclosureError) {
    let atomCount = atomRows.count
    let columns = (0..<atomCount).filter { a in members.contains { stats[$0].atomAnswers[a] > 0 } }
    if columns.isEmpty { return }
    var columnOf = [Int](repeating: -1, count: atomCount)
    for (j, a) in columns.enumerated() { columnOf[a] = j }
    let p = columns.count
    // Weighted rows only for measures with values (a count of respondents has no weighted sum).
    let variants: [[Double]?] = [nil] + (members.contains { measures[$0].values != nil } ? atomWeights.map { Optional($0) } : [])
    let fixed = members.map { fixedTargets(measure: $0, stats: stats[$0], variants: variants) }

    while true {
      diagnostics.iterations += 1
      // Published rows, each scaled to unit length (same row space, better conditioned).
      let published = cells.indices.filter { status[g][$0] == nil }
      var rowsOfP: [[(Int, Double)]] = []
      var cellOfRow: [Int] = []
      for c in published {
        for v in variants {
          let entries = cellAtoms[c].compactMap { a -> (Int, Double)? in
            columnOf[a] < 0 ? nil : (columnOf[a], v?[a] ?? 1)
          }
          let norm = entries.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
          guard norm > 0 else { continue }
          rowsOfP.append(entries.map { ($0.0, $0.1 / norm) })
          cellOfRow.append(c)
        }
      }
      var a = Matrix(rows: Swift.max(rowsOfP.count, p), columns: p)
      for (i, entries) in rowsOfP.enumerated() { for (j, x) in entries { a[i, j] = x } }
      let svd: SVD
      do { svd = try SVD(a) } catch { throw .numerical("\(error)") }
      let sigma = svd.singularValues
      let tolerance = PlanBuilder.rankTolerance * (sigma.first ?? 0)
      let r = sigma.filter { $0 > tolerance }.count
      if r > 0 && r < sigma.count {
        recordRankGap(sigma[r - 1] / Swift.max(sigma[r], Double.leastNormalMagnitude))
      }
      // Row-space basis V_r (p × r) and null-space basis N (p × d) from Vᵀ.
      let vt = svd.vt
      let d = p - r
      var vr = Matrix(rows: p, columns: r)
      var n = Matrix(rows: p, columns: d)
      for j in 0..<p {
        for k in 0..<r { vr[j, k] = vt[k, j] }
        for k in 0..<d { n[j, k] = vt[r + k, j] }
      }

      var chosen: [Int: String] = [:]
      for (mi, i) in members.enumerated() {
        let m = measures[i]
        let empty = columns.indices.filter { stats[i].atomAnswers[columns[$0]] == 0 }
        var isEmpty = [Bool](repeating: false, count: p)
        for j in empty { isEmpty[j] = true }
        // Targets as sparse columns over the group's atoms (known-empty atoms left out).
        var targets: [(name: String, entries: [(Int, Double)])] = []
        func add(_ name: String, _ coefficients: [(atom: Int, value: Double)]) {
          var entries: [(Int, Double)] = []
          entries.reserveCapacity(coefficients.count)
          for c in coefficients {
            let j = columnOf[c.atom]
            if j >= 0 && !isEmpty[j] { entries.append((j, c.value)) }
          }
          if !entries.isEmpty { targets.append((name, entries)) }
        }
        for t in fixed[mi] { add(t.name, t.coefficients) }
        for c in cells.indices where status[g][c] != nil {
          for v in variants {
            add("\(cells[c]) (\(m.id)\(v == nil ? "" : ", weighted"))", cellAtoms[c].map { ($0, v?[$0] ?? 1) })
          }
        }
        if targets.isEmpty { continue }
        diagnostics.targetsTested += targets.count
        var elements = [Double](repeating: 0, count: p * targets.count)
        var norms = [Double](repeating: 0, count: targets.count)
        for (k, target) in targets.enumerated() {
          for (j, x) in target.entries {
            elements[j + k * p] = x
            norms[k] += x * x
          }
        }
        let t = Matrix(rows: p, columns: targets.count, columnMajor: elements)
        // Recoverable ⟺ Nᵀt lies in range(N_Zᵀ) (atoms without answers are known zeros).
        var nz: (u: Matrix, s: [Double], vt: Matrix, rank: Int)? = nil
        var disclosed: [Int] = []
        if d == 0 {
          disclosed = Array(targets.indices)
        } else {
          var y = gemm(transA: .transposed, a: n, b: t)  // d × targets
          if !empty.isEmpty {
            var nzm = Matrix(rows: empty.count, columns: d)
            for (row, j) in empty.enumerated() { for k in 0..<d { nzm[row, k] = n[j, k] } }
            let s: SVD
            do { s = try SVD(nzm) } catch { throw .numerical("\(error)") }
            let q = s.singularValues.filter { $0 > PlanBuilder.rankTolerance }.count
            nz = (s.u, s.singularValues, s.vt, q)
            if q > 0 {
              let qz = s.vt.submatrix(rows: 0..<q, columns: 0..<d)  // q × d, orthonormal rows
              y = y - gemm(transA: .transposed, a: qz, b: qz * y)
            }
          }
          // Squared residual norms per target: column sums of y ∘ y (BLAS).
          let squares = y.hadamard(y).transposeTimes([Double](repeating: 1, count: d))
          for k in targets.indices {
            let relative = Swift.max(squares[k], 0).squareRoot() / Swift.max(norms[k].squareRoot(), Double.leastNormalMagnitude)
            guard relative <= PlanBuilder.recoverableResidual else { continue }
            if relative > 1e-9 { recordNearlyRecoverable() }
            disclosed.append(k)
          }
        }
        if disclosed.isEmpty { continue }
        // t′ = t − E_Z d with d = U_z Σ_z⁻¹ V_zᵀ Nᵀt (the empty atoms' part), then the minimum-norm
        // combination of published rows c = A V_r Σ_r⁻² V_rᵀ t′ (all disclosed targets at once).
        var td = t.submatrix(rows: 0..<p, columns: disclosed)
        if let nz, nz.rank > 0 {
          let y = gemm(transA: .transposed, a: n, b: td)
          var proj = nz.vt.submatrix(rows: 0..<nz.rank, columns: 0..<d) * y
          for k in 0..<nz.rank { for c in 0..<proj.columns { proj[k, c] /= nz.s[k] } }
          let dz = nz.u.submatrix(rows: 0..<empty.count, columns: 0..<nz.rank) * proj
          for (row, j) in empty.enumerated() { for c in 0..<td.columns { td[j, c] -= dz[row, c] } }
        }
        var h = gemm(transA: .transposed, a: vr, b: td)
        for k in 0..<r { let f = 1 / (sigma[k] * sigma[k]); for c in 0..<h.columns { h[k, c] *= f } }
        let coefficients = a * (vr * h)  // rows of A × disclosed
        var involvement = [Double](repeating: 0, count: cells.count)
        let rowCount = rowsOfP.count
        for (c, k) in disclosed.enumerated() {
          for j in involvement.indices { involvement[j] = 0 }
          let base = c * coefficients.rows
          let column = coefficients.elements
          for row in 0..<rowCount {
            let x = Swift.abs(column[base + row])
            if x > involvement[cellOfRow[row]] { involvement[cellOfRow[row]] = x }
          }
          try choose(for: targets[k].name, g: g, involvement: involvement, into: &chosen)
        }
      }
      if chosen.isEmpty { break }
      for (c, name) in chosen { status[g][c] = .secondary(protects: name) }
    }
  }

  /// Picks the published cell to withhold for a recoverable target among the cells of its
  /// minimum-norm combination that take a real part in it (|c| ≥ 10 % of the largest, else any):
  /// the one with the fewest responses (least information lost), never the total of a selection.
  func choose(for target: String, g: Int, involvement: [Double], into chosen: inout [Int: String]) throws(DisclosureError) {
    let largest = involvement.max() ?? 0
    func best(above floor: Double) -> Int? {
      var best: Int? = nil
      for c in involvement.indices where involvement[c] > floor && !cells[c].isTotal && status[g][c] == nil {
        guard let b = best else { best = c; continue }
        if cellRows[c] < cellRows[b] || (cellRows[c] == cellRows[b] && involvement[c] > involvement[b]) { best = c }
      }
      return best
    }
    guard let c = best(above: 0.1 * largest) ?? best(above: 1e-8 * largest) else { throw .totalWouldBeWithheld(target: target) }
    if chosen[c] == nil { chosen[c] = target }
  }

  mutating func recordRankGap(_ ratio: Double) { diagnostics.smallestRankGap = Swift.min(diagnostics.smallestRankGap, ratio) }
  mutating func recordNearlyRecoverable() { diagnostics.nearlyRecoverable += 1 }

  /// "land 15, kreis 15081, …" for atoms of one grouping signature (the keys they share).
  func describeAtoms(_ atoms: [Int]) -> String {
    guard let first = atoms.first else { return "" }
    let row = atomRows[first][0]
    var parts: [String] = []
    let waves = Set(atoms.map { atomWave[$0] })
    if waves.count == 1 { parts.append("wave \(frame.waves[atomWave[first]])") }
    for g in frame.groupings { if let k = g.keyOfRow[row] { parts.append("\(g.name) \(g.keys[k])") } }
    return parts.joined(separator: ", ")
  }

  /// The targets that do not depend on the suppression pattern: atoms with fewer than k units (or
  /// too few municipalities), and the union of one grouping signature's atoms over one wave (when
  /// weights split it) or over two or more waves, with fewer than k units.
  func fixedTargets(measure i: Int, stats: MeasureStatistics, variants: [[Double]?]) -> [Target] {
    let m = measures[i]
    let k = rules.minimumUnits
    let minimumMunicipalities = frame.municipalityOfRow == nil ? 0 : rules.minimumMunicipalities
    var out: [Target] = []
    for a in atomRows.indices where stats.atomAnswers[a] > 0 {
      if stats.atomUnits[a] < k || stats.atomMunicipalities[a] < minimumMunicipalities {
        out.append(Target(name: "\(describeAtoms([a])): \(stats.atomUnits[a]) unit(s) (\(m.id))", coefficients: [(a, 1)]))
      }
    }
    // Atoms by signature and wave.
    var bySignature: [Int: [Int: [Int]]] = [:]
    for a in atomRows.indices where stats.atomAnswers[a] > 0 { bySignature[atomSignature[a], default: [:]][atomWave[a], default: []].append(a) }
    let waveCount = frame.waves.count
    let subsets: [[Int]]
    if waveCount <= 6 {
      subsets = (1..<(1 << waveCount)).map { mask in (0..<waveCount).filter { mask & (1 << $0) != 0 } }
    } else {
      subsets = (0..<waveCount).map { [$0] } + (0..<waveCount).flatMap { x in ((x + 1)..<waveCount).map { [x, $0] } } + [Array(0..<waveCount)]
    }
    let unitOfRow = frame.unitOfRow
    let municipalityOfRow = frame.municipalityOfRow ?? []
    let answered = m.answered
    var unitStamp = [Int](repeating: -1, count: (unitOfRow.max() ?? -1) + 1)
    var municipalityStamp = [Int](repeating: -1, count: (municipalityOfRow.max() ?? -1) + 1)
    var epoch = 0
    for (_, byWave) in bySignature.sorted(by: { $0.key < $1.key }) {
      for s in subsets {
        // Single atoms are covered above; a union is new when it has several atoms.
        if s.contains(where: { byWave[$0] == nil }) { continue }
        let atoms = s.flatMap { byWave[$0] ?? [] }
        if atoms.count < 2 { continue }
        epoch += 1
        var units = 0, municipalities = 0
        for a in atoms {
          for row in atomRows[a] where answered[row] {
            let u = unitOfRow[row]
            if unitStamp[u] != epoch { unitStamp[u] = epoch; units += 1 }
            if !municipalityOfRow.isEmpty {
              let mo = municipalityOfRow[row]
              if municipalityStamp[mo] != epoch { municipalityStamp[mo] = epoch; municipalities += 1 }
            }
          }
        }
        if municipalityOfRow.isEmpty { municipalities = units }
        guard units < k || municipalities < minimumMunicipalities else { continue }
        let waves = s.map { frame.waves[$0] }.joined(separator: "+")
        for v in variants {
          out.append(Target(name: "\(describeAtoms(atoms)) over waves \(waves): \(units) unit(s) (\(m.id)\(v == nil ? "" : ", weighted"))",
                            coefficients: atoms.map { ($0, v?[$0] ?? 1) }))
        }
      }
    }
    return out
  }
}
