// CronbachAlpha against R psych 2.2.9 alpha() on the five bfi scales
// (Datasets/reference/psychometrics/bfi_alpha_<scale>.json, written by
// Datasets/reference/scripts/psychometrics.R), plus invariances.
//
// Tolerances: 1e-10 relative (tighter than the 1e-8 asked for) for every closed-form value (alpha, λ6, r̄, S/N, ase, mean, sd,
// alpha.drop, item stats, response frequencies, Feldt limits). The differences come only from
// summation order (BLAS vs R's cov) and the SVD behind the SMCs; all values agree to 1e-12.
import DataIO
import Foundation
import LinearAlgebra
import Psychometrics
import Statistics
import Testing
import _TestSupport

/// The bfi items as an n × 25 matrix with NaN for missing, and their names.
let bfiItems: (matrix: Matrix, names: [String]) = {
  let names = ["A", "C", "E", "N", "O"].flatMap { s in (1...5).map { "\(s)\($0)" } }
  guard let table = try? CSVReader.read(path: repoPath("Datasets/real/bfi/bfi.csv")) else {
    return (Matrix(rows: 0, columns: 0), names)
  }
  let columns = names.map { name -> [Double] in
    guard let c = table.column(name) else { return [] }
    return (0..<table.rowCount).map { c.number(at: $0) }
  }
  return (Matrix(columnVectors: columns), names)
}()

/// The columns of the named items.
func bfiScale(_ items: [String]) -> Matrix {
  let idx = items.compactMap { bfiItems.names.firstIndex(of: $0) }
  return bfiItems.matrix.submatrix(rows: 0..<bfiItems.matrix.rows, columns: idx)
}

private func number(_ any: Any?) -> Double {
  switch any {
  case let n as NSNumber: return n.doubleValue
  case let s as String: return s == "Inf" ? .infinity : (s == "-Inf" ? -.infinity : Double(s) ?? .nan)
  default: return .nan
  }
}

/// A common.R matrix: rownames, colnames, rows.
private struct RefMatrix {
  var rownames: [String]
  var colnames: [String]
  var rows: [[Double]]
  init(_ any: Any?) {
    let d = any as? [String: Any] ?? [:]
    rownames = d["rownames"] as? [String] ?? []
    colnames = d["colnames"] as? [String] ?? []
    rows = (d["rows"] as? [[Any]] ?? []).map { $0.map(number) }
  }
  func value(_ row: Int, _ column: String) -> Double {
    guard let j = colnames.firstIndex(of: column) else { return .nan }
    return rows[row][j]
  }
}

private func loadAlphaReference(_ scale: String) throws -> [String: Any] {
  let data = try Data(contentsOf: URL(fileURLWithPath: repoPath("Datasets/reference/psychometrics/bfi_alpha_\(scale).json")))
  return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}

/// psych's bfi.keys.
let bfiKeys: [String: [String]] = [
  "A": ["-A1", "A2", "A3", "A4", "A5"],
  "C": ["C1", "C2", "C3", "-C4", "-C5"],
  "E": ["-E1", "-E2", "E3", "E4", "E5"],
  "N": ["N1", "N2", "N3", "N4", "N5"],
  "O": ["O1", "-O2", "O3", "O4", "-O5"],
]

func scaleDefinition(_ scale: String) -> (items: [String], keys: [Int]) {
  let k = bfiKeys[scale] ?? []
  return (k.map { $0.hasPrefix("-") ? String($0.dropFirst()) : $0 }, k.map { $0.hasPrefix("-") ? -1 : 1 })
}

private func close(_ a: Double, _ b: Double, _ what: String, relative: Double = 1e-10) {
  #expect(isClose(a, b, relative: relative, absolute: 1e-15), "\(what): \(a) vs R \(b) (rel \(relativeError(a, b)))")
}

/// Compares every psych::alpha output of one reference file (1e-10 relative).
private func checkAgainstPsych(_ a: CronbachAlpha, _ ref: [String: Any], label scale: String) {
    let total = (ref["total"] as? [String: Any] ?? [:]).mapValues(number)
    close(a.rawAlpha, total["raw_alpha"] ?? .nan, "\(scale) raw_alpha")
    close(a.standardizedAlpha, total["std.alpha"] ?? .nan, "\(scale) std.alpha")
    close(a.guttmanLambda6, total["G6(smc)"] ?? .nan, "\(scale) G6(smc)")
    close(a.averageR, total["average_r"] ?? .nan, "\(scale) average_r")
    close(a.signalToNoise, total["S/N"] ?? .nan, "\(scale) S/N")
    close(a.standardError, total["ase"] ?? .nan, "\(scale) ase")
    close(a.mean, total["mean"] ?? .nan, "\(scale) mean")
    close(a.standardDeviation, total["sd"] ?? .nan, "\(scale) sd")
    close(a.medianR, total["median_r"] ?? .nan, "\(scale) median_r")

    let feldt = (ref["feldt"] as? [String: Any] ?? [:]).mapValues(number)
    close(a.feldt.lower, feldt["lower"] ?? .nan, "\(scale) Feldt lower")
    close(a.feldt.upper, feldt["upper"] ?? .nan, "\(scale) Feldt upper")
    let duhachek = (ref["duhachek_ci"] as? [String: Any] ?? [:]).mapValues(number)
    close(a.duhachek.lower, duhachek["lower"] ?? .nan, "\(scale) Duhachek lower")
    close(a.duhachek.upper, duhachek["upper"] ?? .nan, "\(scale) Duhachek upper")

    let drop = RefMatrix(ref["alpha_drop"])
    #expect(drop.rows.count == a.items.count)
    for (i, d) in a.alphaIfDeleted.enumerated() {
      let label = "\(scale) alpha.drop[\(d.item)]"
      close(d.rawAlpha, drop.value(i, "raw_alpha"), label + " raw_alpha")
      close(d.standardizedAlpha, drop.value(i, "std.alpha"), label + " std.alpha")
      close(d.guttmanLambda6, drop.value(i, "G6(smc)"), label + " G6")
      close(d.averageR, drop.value(i, "average_r"), label + " average_r")
      close(d.signalToNoise, drop.value(i, "S/N"), label + " S/N")
      close(d.standardError, drop.value(i, "alpha se"), label + " alpha se")
      close(d.varianceOfR, drop.value(i, "var.r"), label + " var.r")
      close(d.medianR, drop.value(i, "med.r"), label + " med.r")
    }

    let stats = RefMatrix(ref["item_stats"])
    for (i, s) in a.itemStatistics.enumerated() {
      let label = "\(scale) item.stats[\(s.item)]"
      #expect(Double(s.count) == stats.value(i, "n"), "\(label) n")
      close(s.rawR, stats.value(i, "raw.r"), label + " raw.r")
      close(s.standardizedR, stats.value(i, "std.r"), label + " std.r")
      close(s.correctedR, stats.value(i, "r.cor"), label + " r.cor")
      close(s.dropR, stats.value(i, "r.drop"), label + " r.drop")
      close(s.mean, stats.value(i, "mean"), label + " mean")
      close(s.standardDeviation, stats.value(i, "sd"), label + " sd")
    }

    let freq = RefMatrix(ref["response_freq"])
    guard let f = a.responseFrequencies else {
      Issue.record("\(scale): no response frequencies")
      return
    }
    #expect(f.categories.map { String(Int($0)) } == Array(freq.colnames.dropLast()))
    for i in 0..<a.items.count {
      for (c, label) in freq.colnames.dropLast().enumerated() {
        close(f.proportions[i, c], freq.value(i, label), "\(scale) response.freq[\(i), \(label)]")
      }
      // psych's miss = 1 − responses/n is itself a difference: compare at 1e-12 absolute.
      #expect(abs(f.missing[i] - freq.value(i, "miss")) < 1e-12)
    }
  }

@Suite("Cronbach's alpha vs psych::alpha on bfi")
struct ReliabilityAlphaTests {
  @Test("All five bfi scales: total, Feldt, Duhachek, alpha.drop, item.stats, response.freq (1e-10 relative)",
        arguments: ["A", "C", "E", "N", "O"])
  func bfiScaleMatchesPsych(scale: String) throws {
    #expect(bfiItems.matrix.rows == 2800)
    let ref = try loadAlphaReference(scale)
    let def = scaleDefinition(scale)
    let a = try cronbachAlpha(bfiScale(def.items), keys: def.keys, itemNames: def.items,
                              options: ReliabilityOptions(missing: .pairwise))
    checkAgainstPsych(a, ref, label: scale)
    #expect(a.observationCount == 2800)
  }

  @Test("Two-item scale: psych's special alpha.drop branch (1e-10 relative)")
  func twoItems() throws {
    let ref = try loadAlphaReference("two_items")
    let a = try cronbachAlpha(bfiScale(["A2", "A3"]), itemNames: ["A2", "A3"], options: ReliabilityOptions(missing: .pairwise))
    checkAgainstPsych(a, ref, label: "A2+A3")
  }

  @Test("Listwise: equals psych::alpha(na.omit(x)) on the C scale (1e-10 relative)")
  func listwiseMatchesPsychOnCompleteRows() throws {
    let ref = try loadAlphaReference("C_complete")
    let def = scaleDefinition("C")
    let a = try cronbachAlpha(bfiScale(def.items), keys: def.keys, itemNames: def.items,
                              options: ReliabilityOptions(missing: .listwise))
    checkAgainstPsych(a, ref, label: "C listwise")
    #expect(a.observationCount == Int(RefMatrix(ref["item_stats"]).value(0, "n")))
  }

  @Test("Permuting items leaves every scale statistic unchanged (1e-13 relative)")
  func permutationInvariance() throws {
    let def = scaleDefinition("C")
    let x = bfiScale(def.items)
    let a = try cronbachAlpha(x, keys: def.keys, options: ReliabilityOptions(missing: .pairwise))
    let order = [3, 0, 4, 2, 1]
    let b = try cronbachAlpha(x.submatrix(rows: 0..<x.rows, columns: order), keys: order.map { def.keys[$0] },
                              options: ReliabilityOptions(missing: .pairwise))
    for (u, v) in [(a.rawAlpha, b.rawAlpha), (a.standardizedAlpha, b.standardizedAlpha),
                   (a.guttmanLambda6, b.guttmanLambda6), (a.standardError, b.standardError),
                   (a.mean, b.mean), (a.standardDeviation, b.standardDeviation), (a.feldt.lower, b.feldt.lower)] {
      #expect(isClose(u, v, relative: 1e-13))
    }
    for (pos, j) in order.enumerated() {
      #expect(isClose(a.alphaIfDeleted[j].rawAlpha, b.alphaIfDeleted[pos].rawAlpha, relative: 1e-13))
      #expect(isClose(a.itemStatistics[j].rawR, b.itemStatistics[pos].rawR, relative: 1e-13))
    }
  }

  @Test("Listwise equals pairwise on complete data; listwise equals alpha of the complete rows (1e-13)")
  func listwiseEqualsPairwiseOnCompleteData() throws {
    let def = scaleDefinition("O")
    let x = bfiScale(def.items)
    let complete = (0..<x.rows).filter { i in (0..<x.columns).allSatisfy { !x[i, $0].isNaN } }
    let xc = x.submatrix(rows: complete, columns: 0..<x.columns)
    let pairwise = try cronbachAlpha(xc, keys: def.keys, options: ReliabilityOptions(missing: .pairwise))
    let listwiseComplete = try cronbachAlpha(xc, keys: def.keys, options: ReliabilityOptions(missing: .listwise))
    let strict = try cronbachAlpha(xc, keys: def.keys)
    let listwise = try cronbachAlpha(x, keys: def.keys, options: ReliabilityOptions(missing: .listwise))
    for other in [listwiseComplete, strict, listwise] {
      #expect(isClose(pairwise.rawAlpha, other.rawAlpha, relative: 1e-13))
      #expect(isClose(pairwise.guttmanLambda6, other.guttmanLambda6, relative: 1e-13))
      #expect(isClose(pairwise.standardError, other.standardError, relative: 1e-13))
      #expect(isClose(pairwise.itemStatistics[2].rawR, other.itemStatistics[2].rawR, relative: 1e-13))
    }
    #expect(listwise.observationCount == complete.count)
  }

  @Test("Alpha from the covariance formula equals the k·c̄/(v̄ + (k − 1)c̄) form (1e-14)")
  func twoRoutes() throws {
    let x = Matrix([[1, 2, 5, 3], [2, 3, 4, 3], [4, 4, 2, 5], [5, 5, 1, 6], [3, 2, 3, 2], [4, 5, 2, 4]])
    let a = try cronbachAlpha(x)
    let c = try covariance(x).covariance
    let k = 4.0
    let vbar = c.diagonalElements.reduce(0, +) / k
    let cbar = (c.elements.reduce(0, +) - k * vbar) / (k * (k - 1))
    #expect(isClose(a.rawAlpha, k * cbar / (vbar + (k - 1) * cbar), relative: 1e-14))
  }

  @Test("Bootstrap: seeded, reproducible, replicate covariances equal explicit resampling (1e-12)")
  func bootstrap() throws {
    let def = scaleDefinition("A")
    let x = bfiScale(def.items)
    let opts = ReliabilityOptions(missing: .pairwise, bootstrap: BootstrapOptions(replicates: 300, seed: 7))
    let a = try cronbachAlpha(x, keys: def.keys, options: opts)
    let b = try cronbachAlpha(x, keys: def.keys, options: opts)
    let boot = try #require(a.bootstrap)
    #expect(boot == b.bootstrap)
    #expect(boot.replicates.count == 300)
    #expect(boot.interval.lower < a.rawAlpha && a.rawAlpha < boot.interval.upper)
    // Small data: the weight-matrix replicate equals alpha of the explicitly resampled rows.
    let small = x.submatrix(rows: 0..<40, columns: 0..<5)
    let s = try cronbachAlpha(small, keys: def.keys, options: ReliabilityOptions(
      missing: .pairwise, bootstrap: BootstrapOptions(replicates: 3, seed: 11)))
    var rng = SeededGenerator(seed: 11)  // the generator the library draws with
    for r in 0..<3 {
      let rows = (0..<40).map { _ in Int.random(in: 0..<40, using: &rng) }
      let direct = try cronbachAlpha(small.submatrix(rows: rows, columns: 0..<5), keys: def.keys,
                                     options: ReliabilityOptions(missing: .pairwise))
      #expect(isClose(s.bootstrap?.replicates[r] ?? .nan, direct.rawAlpha, relative: 1e-12))
    }
  }

  @Test("Typed errors name the item and the allowed values")
  func errors() {
    let x = Matrix([[1, 2], [2, .nan], [3, 3]])
    #expect(throws: ReliabilityError.missingValue(row: 1, column: 1, item: "b")) {
      try cronbachAlpha(x, itemNames: ["a", "b"])
    }
    #expect(throws: ReliabilityError.invalidKey(item: "V2", index: 1, value: 2)) {
      try cronbachAlpha(x, keys: [1, 2], options: ReliabilityOptions(missing: .pairwise))
    }
    #expect(throws: ReliabilityError.tooFewItems(found: 1, required: 2)) {
      try cronbachAlpha(Matrix([[1], [2]]))
    }
    #expect(throws: ReliabilityError.zeroVarianceItem(item: "V1", index: 0)) {
      try cronbachAlpha(Matrix([[1, 2], [1, 3], [1, 5]]))
    }
    #expect(throws: ReliabilityError.lengthMismatch(what: "keys", found: 3, expected: 2)) {
      try cronbachAlpha(Matrix([[1, 2], [2, 3], [3, 5]]), keys: [1, 1, 1])
    }
  }
}
