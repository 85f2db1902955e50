import Foundation
import LinearAlgebra
import Testing
import _TestSupport
@testable import Psychometrics

@Suite struct PolychoricTests {
  /// psych 2.2.9 `polychoric(bfi[1:25])` (global thresholds, smoothing): rho at 1e-8 absolute (brief: 1e-5; observed 2.7e-11)
  /// (iterative: R's optimize() is ported step by step, so the same points are visited; the
  /// remaining difference comes from the bivariate-normal cdf only), tau at 1e-12 relative (closed form).
  @Test func bfiMatchesPsych() throws {
    let ref = try referenceJSON("Datasets/reference/psychometrics/bfi_polychoric.json")
    let psychRef = ref["psych_polychoric"] as? [String: Any] ?? [:]
    let pc = try polychoric(bfiItems.matrix)
    let rho = referenceMatrix(psychRef["rho"]), tau = referenceMatrix(psychRef["tau"])
    #expect(matrixMismatch(pc.thresholds, tau, relative: 1e-12) == nil)
    #expect(matrixMismatch(pc.correlation, rho, relative: 0, absolute: 1e-8) == nil)
    var worst = 0.0
    for j in 0..<25 { for i in 0..<25 { worst = Swift.max(worst, abs(pc.correlation[i, j] - rho[i, j])) } }
    print("polychoric bfi: max |Δrho| vs psych = \(worst), smoothed: \(pc.wasSmoothed)")
    #expect(pc.thresholdSource == .global)
  }
}

@Suite struct PolychoricPairTests {
  let bfi: Matrix
  let ref: [String: Any]
  init() throws {
    bfi = bfiItems.matrix
    ref = try referenceJSON("Datasets/reference/psychometrics/bfi_polychoric.json")
  }

  func column(_ name: String) -> [Double] {
    let names = ["A", "C", "E", "N", "O"].flatMap { l in (1...5).map { "\(l)\($0)" } }
    return bfi.column(names.firstIndex(of: name) ?? 0)
  }

  /// polycor 0.8.1 `polychor(x, y, ML = TRUE, std.err = TRUE)` on A1–A2, C4–C5, N1–N2.
  /// polycor stops Nelder–Mead at reltol 1e-8, so its rho is 2.7e-3 … 4.6e-3 from our optimum (which
  /// has the lower −log L) and its SE 0.5 … 1.6 % off. Tolerances: rho 5e-3 absolute,
  /// SE 2e-2 relative, thresholds 2e-2 absolute; and our −log L at our estimate must not exceed
  /// −log L at polycor's estimate (ours is the better optimum).
  @Test func fullMLMatchesPolycor() throws {
    let pairs = ref["polycor_pairs"] as? [[String: Any]] ?? []
    #expect(pairs.count == 3)
    for pair in pairs {
      let xn = pair["x"] as? String ?? "", yn = pair["y"] as? String ?? ""
      let est = try polychoricMaximumLikelihood(column(xn), column(yn))
      let rhoRef = (pair["rho"] as? NSNumber)?.doubleValue ?? .nan
      let seRef = (pair["se"] as? NSNumber)?.doubleValue ?? .nan
      let rowRef = (pair["row_cuts"] as? [NSNumber] ?? []).map(\.doubleValue)
      let colRef = (pair["col_cuts"] as? [NSNumber] ?? []).map(\.doubleValue)
      print("\(xn)-\(yn): rho \(est.rho) vs polycor \(rhoRef); se \(est.standardError) vs \(seRef); chisq \(est.chiSquare) vs \(pair["chisq"] ?? "")")
      #expect(abs(est.rho - rhoRef) < 5e-3, "\(xn)-\(yn)")
      #expect(isClose(est.standardError, seRef, relative: 2e-2), "\(xn)-\(yn)")
      #expect(firstMismatch(est.rowThresholds, rowRef, relative: 0, absolute: 2e-2) == nil)
      #expect(firstMismatch(est.columnThresholds, colRef, relative: 0, absolute: 2e-2) == nil)
      #expect(est.degreesOfFreedom == (pair["df"] as? Int))
      #expect(est.observationCount == (pair["n"] as? NSNumber)?.doubleValue)
      // Our optimum is at least as good as polycor's.
      let counts = try #require(tableOf(column(xn), column(yn)))
      let theirs = _BivariateTable(counts: counts.0, rows: counts.1, columns: counts.2, rowCuts: rowRef, columnCuts: colRef)
      #expect(-est.logLikelihood <= theirs.negativeLogLikelihood(rhoRef) + 1e-9)
    }
  }

  /// Row-major counts of the complete cases with observed categories (R `table`).
  func tableOf(_ x: [Double], _ y: [Double]) -> ([Double], Int, Int)? {
    let ok = x.indices.filter { !x[$0].isNaN && !y[$0].isNaN }
    let xs = Array(Set(ok.map { x[$0] })).sorted(), ys = Array(Set(ok.map { y[$0] })).sorted()
    var t = [Double](repeating: 0, count: xs.count * ys.count)
    for i in ok {
      guard let a = xs.firstIndex(of: x[i]), let b = ys.firstIndex(of: y[i]) else { return nil }
      t[a * ys.count + b] += 1
    }
    return (t, xs.count, ys.count)
  }

  /// The analytic gradient equals central differences of −log L (step 1e-6) to 1e-5 relative,
  /// and is ~0 at the ML estimate (|g| < 1e-4 on a likelihood of size ~1e4).
  @Test func gradientIsConsistent() throws {
    let t = try #require(tableOf(column("C4"), column("C5")))
    let table = _BivariateTable(
      counts: t.0, rows: t.1, columns: t.2, rowCuts: [-0.6, 0.15, 0.6, 1.25, 2.0], columnCuts: [-0.9, -0.3, 0.02, 0.6, 1.3])
    let rho = 0.41
    let g = table.gradientOfNegativeLogLikelihood(rho)
    let h = 1e-6
    let numeric = (table.negativeLogLikelihood(rho + h) - table.negativeLogLikelihood(rho - h)) / (2 * h)
    #expect(isClose(g[0], numeric, relative: 1e-5))
    var up = table, down = table
    up.rowCuts[2] += h
    down.rowCuts[2] -= h
    #expect(isClose(g[3], (up.negativeLogLikelihood(rho) - down.negativeLogLikelihood(rho)) / (2 * h), relative: 1e-5))
    up = table; down = table
    up.columnCuts[4] += h
    down.columnCuts[4] -= h
    #expect(isClose(g[10], (up.negativeLogLikelihood(rho) - down.negativeLogLikelihood(rho)) / (2 * h), relative: 1e-5))
    let est = try polychoricMaximumLikelihood(column("C4"), column("C5"))
    let fitted = _BivariateTable(counts: t.0, rows: t.1, columns: t.2, rowCuts: est.rowThresholds, columnCuts: est.columnThresholds)
    #expect(fitted.gradientOfNegativeLogLikelihood(est.rho).allSatisfy { abs($0) < 1e-4 })
  }
}

@Suite struct TetrachoricTests {
  /// psych 2.2.9 `tetrachoric(d)` with d = bfi A1…A5, C1 dichotomised at > 3 (NAs kept): rho at
  /// 1e-8 absolute (R's optimize ported; same iterates), tau at 1e-12 relative. And the 2 × 2
  /// table with an empty cell (psych replaces 0 by 0.5): rho and thresholds at 1e-8.
  @Test func matchesPsych() throws {
    let ref = try referenceJSON("Datasets/reference/psychometrics/correlation_extra_tetrachoric.json")
    let x = bfiItems.matrix
    var d = x.submatrix(rows: 0..<x.rows, columns: [0, 1, 2, 3, 4, 5])
    for j in 0..<6 { for i in 0..<d.rows where !d[i, j].isNaN { d[i, j] = d[i, j] > 3 ? 1 : 0 } }
    let t = try tetrachoric(d)
    let tauRef = ["A1", "A2", "A3", "A4", "A5", "C1"].map { ((ref["tau"] as? [String: Any])?[$0] as? NSNumber)?.doubleValue ?? .nan }
    #expect(firstMismatch(t.thresholds, tauRef, relative: 1e-12) == nil)
    #expect(matrixMismatch(t.correlation, referenceMatrix(ref["rho"]), relative: 0, absolute: 1e-8) == nil)
    let tab = tetrachoric(table: Matrix([[40, 25], [0, 35]]))
    #expect(tab.corrected)
    #expect(abs(tab.rho - ((ref["table_rho"] as? NSNumber)?.doubleValue ?? .nan)) < 1e-8)
    let tt = (ref["table_tau"] as? [NSNumber] ?? []).map(\.doubleValue)
    #expect(firstMismatch([tab.rowThreshold, tab.columnThreshold], tt, relative: 1e-12) == nil)
  }

  /// A tetrachoric matrix is the polychoric matrix of 2-category items (same thresholds and
  /// likelihood; psych's tetrachoric uses counts, polychoric proportions): 1e-6 absolute.
  @Test func equalsTwoCategoryPolychoric() throws {
    let x = bfiItems.matrix
    var d = x.submatrix(rows: 0..<x.rows, columns: [0, 1, 2, 3])
    for j in 0..<4 { for i in 0..<d.rows where !d[i, j].isNaN { d[i, j] = d[i, j] > 3 ? 1 : 0 } }
    let t = try tetrachoric(d, smooth: false, tolerance: 1e-10)
    let p = try polychoric(d, options: PolychoricOptions(smooth: false, tolerance: 1e-10))
    #expect(matrixMismatch(t.correlation, p.correlation, relative: 0, absolute: 1e-6) == nil)
  }

  @Test func errors() {
    #expect(throws: PolychoricError.notDichotomous(column: 1, distinctValues: 3)) {
      try tetrachoric(Matrix([[0, 1], [1, 2], [1, 3]]))
    }
    #expect(throws: PolychoricError.noVariance(column: 0)) { try tetrachoric(Matrix([[1, 1], [1, 2], [1, 1]])) }
  }
}

@Suite struct CorrelationSmoothingTests {
  /// psych 2.2.9 `cor.smooth` on an indefinite 4 × 4 matrix: 1e-12 relative (closed form; the
  /// eigendecomposition differs from R's only by rounding).
  @Test func matchesPsych() throws {
    let ref = try referenceJSON("Datasets/reference/psychometrics/correlation_extra_cor_smooth.json")
    let s = try smoothCorrelation(referenceMatrix(ref["input"]))
    #expect(s.wasSmoothed)
    #expect(matrixMismatch(s.correlation, referenceMatrix(ref["smoothed"]), relative: 1e-12, absolute: 1e-14) == nil)
    let pd = try smoothCorrelation(Matrix([[1, 0.5], [0.5, 1]]))
    #expect(!pd.wasSmoothed && pd.correlation == Matrix([[1, 0.5], [0.5, 1]]))
  }
}

@Suite struct PolychoricPropertyTests {
  /// Permuting rows leaves every polychoric result unchanged (tables are counts): exact equality
  /// of the tables and 1e-12 on rho (same objective up to summation order in BLAS).
  /// Relabelling categories by a shift (x + 10) leaves rho and tau unchanged.
  @Test func invariances() throws {
    let x = bfiItems.matrix.submatrix(rows: 0..<2800, columns: [0, 1, 2, 15, 16, 17])
    let a = try polychoric(x)
    let perm = (0..<x.rows).map { ($0 * 1231) % x.rows }
    let b = try polychoric(x.submatrix(rows: perm, columns: 0..<6))
    #expect(a.pairCounts == b.pairCounts)
    #expect(matrixMismatch(a.correlation, b.correlation, relative: 0, absolute: 1e-12) == nil)
    var shifted = x
    for j in 0..<6 { for i in 0..<x.rows where !x[i, j].isNaN { shifted[i, j] += 10 } }
    let c = try polychoric(shifted)
    #expect(matrixMismatch(a.correlation, c.correlation, relative: 0, absolute: 1e-12) == nil)
    #expect(matrixMismatch(a.thresholds, c.thresholds, relative: 0, absolute: 0) == nil)
    #expect(c.categories == (11...16).map(Double.init))
  }

  /// Items with different highest categories switch psych to pairwise thresholds (global = FALSE).
  @Test func fallsBackToPairwiseThresholds() throws {
    let x = Matrix([[1, 1], [2, 1], [3, 2], [2, 2], [3, 2], [1, 1], [2, 2], [3, 1], [1, 2], [3, 2]])
    let p = try polychoric(x)
    #expect(p.thresholdSource == .pairwise)
  }

  @Test func errors() {
    #expect(throws: PolychoricError.nonIntegerValue(row: 1, column: 0, value: 1.5)) { try polychoric(Matrix([[1, 2], [1.5, 1]])) }
    #expect(throws: PolychoricError.tooManyCategories(found: 9, allowed: 8)) { try polychoric(Matrix([[1, 2], [9, 1]])) }
    #expect(throws: PolychoricError.noVariance(column: 1)) { try polychoric(Matrix([[1, 2], [2, 2], [3, .nan]])) }
  }
}

@Suite struct PolychoricPairwiseThresholdTests {
  /// psych 2.2.9 `polychoric(bfi[1:300, 1:5], global = FALSE)`: thresholds from each pair's corrected
  /// table (the sparse tables have empty cells → 0.5 counts). Iterative (R optimize ported): 1e-8 absolute.
  @Test func matchesPsych() throws {
    let ref = try referenceJSON("Datasets/reference/psychometrics/correlation_extra_polychoric_pairwise.json")
    let x = bfiItems.matrix.submatrix(rows: 0..<300, columns: 0..<5)
    let pc = try polychoric(x, options: PolychoricOptions(thresholds: .pairwise))
    #expect(pc.correctedPairs > 0)
    #expect(pc.thresholdSource == .pairwise)
    #expect(matrixMismatch(pc.correlation, referenceMatrix(ref["rho"]), relative: 0, absolute: 1e-8) == nil)
    print("pairwise-threshold polychoric: corrected pairs \(pc.correctedPairs), smoothed \(pc.wasSmoothed)")
  }
}
