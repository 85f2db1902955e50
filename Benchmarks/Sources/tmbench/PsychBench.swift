// tmbench psych / dgemm — psychometrics benchmarks against R psych, pingouin, numpy and
// factor_analyzer (Benchmarks/run_psychometrics.sh runs the peers on the same files).
//
//   tmbench psych OP FILE [--threads T] [--repeat N]
//   tmbench dgemm [--size 4000] [--threads T] [--repeat N]
//
// OP (all on the raw n × p item matrix, NaN = missing; the CSV is read and converted to a
// column-major Matrix before any timing, then the peak-RSS mark is reset so peak_rss_kib is the
// high-water mark of the timed calls with the data resident, the same rule as the peer scripts):
//   alpha       cronbachAlpha(x, options: ReliabilityOptions(missing: .pairwise))   (psych::alpha, use = "pairwise")
//   cor         correlation(x, method: .pearson, missing: .pairwise)                (R cor(use = "pairwise"))
//   polychoric  polychoric(x)                                                       (psych::polychoric, global thresholds)
//   fa          pairwise Pearson R, then FactorAnalysis(correlation: R, factors: 4, observationCount: n,
//               method: .minres, rotation: .oblimin)                                (psych::fa(x, 4, "minres", "oblimin"))
//   parallel    pairwise Pearson R, then ParallelAnalysis(correlation: R, observationCount: n, iterations: 20)
//               (psych::fa.parallel(x, n.iter = 20) also resamples the data; ours draws Wishart correlation matrices)
//   fa1         diagnostic: pairwise R, then the one-factor minres fit parallel analysis makes to the
//               observed data; value = extraction iterations
//   blas        the BLAS part of pairwise Pearson on its own: the library's 1,024-row blocks of the
//               shifted data (copied before timing), Σ dsyrk(block) as the library runs it, and the
//               same blocks through dgemm (C = BᵀB, the same shape class: M = N = p, K = 1,024) for
//               the machine's rate on that shape; prints both GFLOP/s (syrk counted as n·p(p+1),
//               gemm as 2·n·p²) and the whole `cor` time for the share of BLAS in it
// Median (and minimum) wall seconds of N runs (default 3); BLAS threads set with BLASThreads.set(T)
// (default 1). For `cor`, flops of the four-product formulation (2 syrk + 2 gemm):
//   2·n·p(p+1) + 4·n·p²  (syrk n×p: n·p(p+1); gemm p×n·n×p: 2·n·p²)
// and GFLOP/s = flops / median seconds ("equivalent" rate: the library no longer runs the four
// products when at most half the cells are missing; actual_flops counts what it does run).
// `dgemm`: C = A·B with A, B size × size (uniform values), 2·size³ flops; prints GFLOP/s (median).
import DataIO
import Foundation
import LinearAlgebra
import Psychometrics
import Statistics

/// Reads FILE into an n × p Matrix (NaN = missing); every column must be numeric.
func loadItems(_ file: String) -> Matrix {
  let table: DataTable
  do { table = try CSVReader.read(path: file) } catch { fail("\(file): \(error)") }
  var elements: [Double] = []
  elements.reserveCapacity(table.rowCount * table.columns.count)
  for (j, c) in table.columns.enumerated() {
    guard case .numeric(let v) = c else { fail("\(file): column \(table.columnNames[j]) is not numeric") }
    elements.append(contentsOf: v)
  }
  return Matrix(rows: table.rowCount, columns: table.columns.count, columnMajor: elements)
}

/// Times `body` `repeats` times; prints each run; returns (median, min, CPU seconds of the median-ranked runs' mean, last value).
func timeRuns(_ repeats: Int, _ body: () throws -> Double) -> (median: Double, min: Double, cpu: Double, value: Double) {
  var walls: [Double] = []
  var cpus: [Double] = []
  var value = Double.nan
  for run in 1...repeats {
    let t0 = wallSeconds()
    let c0 = cpuSeconds()
    do { value = try body() } catch { fail("\(error)") }
    let s = wallSeconds() - t0
    let c = cpuSeconds() - c0
    walls.append(s)
    cpus.append(c)
    print("run \(run): \(f(s, 4)) s (CPU \(f(c, 3)) s)")
  }
  return (median(walls), walls.min() ?? .nan, median(cpus), value)
}

func runPsych(_ args: [String]) {
  guard args.count >= 2 else { fail("usage: tmbench psych OP FILE [--threads T] [--repeat N]") }
  let op = args[0]
  let file = args[1]
  let repeats = option(args, "--repeat").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 3
  let threads = option(args, "--threads").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 1
  BLASThreads.set(threads)
  let x = loadItems(file)
  let n = x.rows
  let p = x.columns
  resetPeakRSS()
  let baseline = procStatusKiB("VmRSS:")
  func pairwiseR() throws -> Matrix { try correlation(x, method: .pearson, missing: .pairwise).correlation }
  let body: () throws -> Double
  switch op {
  case "alpha":
    body = { try cronbachAlpha(x, options: ReliabilityOptions(missing: .pairwise)).rawAlpha }
  case "cor":
    body = { try pairwiseR().elements.reduce(0, +) }
  case "polychoric":
    body = { try polychoric(x).correlation.elements.reduce(0, +) }
  case "fa":
    body = {
      let fa = try FactorAnalysis(correlation: try pairwiseR(), factors: 4, observationCount: n, method: .minres, rotation: .oblimin)
      return fa.loadings.elements.reduce(0) { $0 + abs($1) }
    }
  case "fa1":  // diagnostic: the one-factor minres fit parallel analysis makes to the observed data
    body = {
      let fa = try FactorAnalysis(correlation: try pairwiseR(), factors: 1, observationCount: n, method: .minres, rotation: .none)
      return Double(fa.extractionIterations)
    }
  case "parallel":
    body = { Double(try ParallelAnalysis(correlation: try pairwiseR(), observationCount: n, iterations: 20, seed: 1).suggestedFactors) }
  case "blas":
    runBLASPart(x, repeats: repeats, threads: threads)
    return
  default:
    fail("unknown psych op \(op) (alpha, cor, polychoric, fa, parallel)")
  }
  let t = timeRuns(repeats, body)
  var extra = ""
  if op == "cor" {
    let nd = Double(n), pd = Double(p)
    let flops = 2 * nd * pd * (pd + 1) + 4 * nd * pd * pd
    // What the library actually runs for ≤ 50 % missing cells: one dsyrk of the shifted data
    // (n·p(p+1)) and 4p flops per missing cell (the complement corrections of S and SS).
    let missingCells = Double(x.elements.reduce(0) { $0 + ($1.isNaN ? 1 : 0) })
    let actual = nd * pd * (pd + 1) + 4 * missingCells * pd
    extra = " flops=\(f(flops, 0)) gflops=\(f(flops / t.median / 1e9, 2)) actual_flops=\(f(actual, 0)) actual_gflops=\(f(actual / t.median / 1e9, 2))"
  }
  print(
    "RESULT impl=trustmetrics op=\(op) n=\(n) p=\(p) threads=\(threads) seconds=\(f(t.median)) min_seconds=\(f(t.min)) "
      + "cpu_seconds=\(f(t.cpu)) reps=\(repeats) peak_rss_kib=\(peakRSSKiB()) baseline_rss_kib=\(baseline) "
      + "value=\(String(format: "%.10g", t.value))\(extra)")
}

func runDGEMM(_ args: [String]) {
  let size = option(args, "--size").flatMap { Int($0) } ?? 4000
  let repeats = option(args, "--repeat").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 3
  let threads = option(args, "--threads").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 1
  BLASThreads.set(threads)
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  func next() -> Double {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(state >> 11) / Double(1 << 53)
  }
  let a = Matrix(rows: size, columns: size, columnMajor: (0..<(size * size)).map { _ in next() })
  let b = Matrix(rows: size, columns: size, columnMajor: (0..<(size * size)).map { _ in next() })
  var c = Matrix(rows: size, columns: size)
  gemm(a: a, b: b, c: &c)  // warm-up (thread pool, pages of C)
  let t = timeRuns(repeats) {
    gemm(a: a, b: b, c: &c)
    return c[0, 0]
  }
  let flops = 2 * pow(Double(size), 3)
  print(
    "RESULT impl=trustmetrics op=dgemm size=\(size) threads=\(threads) seconds=\(f(t.median)) min_seconds=\(f(t.min)) "
      + "reps=\(repeats) gflops=\(f(flops / t.median / 1e9, 2)) gflops_best=\(f(flops / t.min / 1e9, 2))")
}

/// `tmbench psych blas`: the BLAS part of pairwise Pearson against the same-shape dgemm.
func runBLASPart(_ x: Matrix, repeats: Int, threads: Int) {
  let n = x.rows, p = x.columns, blockRows = 1024
  // The library's blocks: each column shifted by its observed mean, missing → 0.
  var blocks: [Matrix] = []
  var start = 0
  while start < n {
    let rows = Swift.min(blockRows, n - start)
    var b = Matrix(rows: rows, columns: p)
    for j in 0..<p { for r in 0..<rows { let v = x[start + r, j]; b[r, j] = v.isNaN ? 0 : v - 3 } }
    blocks.append(b)
    start += rows
  }
  var c = Matrix(rows: p, columns: p)
  let syrk = timeRuns(repeats) {
    c = Matrix(rows: p, columns: p)
    for b in blocks { c += crossProduct(b) }
    return c[0, 0]
  }
  let gemmTime = timeRuns(repeats) {
    c = Matrix(rows: p, columns: p)
    for b in blocks { gemm(transA: .transposed, a: b, b: b, beta: 1, c: &c) }
    return c[0, 0]
  }
  let whole = timeRuns(repeats) { try correlation(x, method: .pearson, missing: .pairwise).correlation[0, 1] }
  let nd = Double(n), pd = Double(p)
  let syrkFlops = nd * pd * (pd + 1), gemmFlops = 2 * nd * pd * pd
  print(
    "RESULT impl=trustmetrics op=blas n=\(n) p=\(p) threads=\(threads) block_rows=\(blockRows) syrk_seconds=\(f(syrk.median)) "
      + "syrk_gflops=\(f(syrkFlops / syrk.median / 1e9, 2)) gemm_seconds=\(f(gemmTime.median)) gemm_gflops=\(f(gemmFlops / gemmTime.median / 1e9, 2)) "
      + "cor_seconds=\(f(whole.median)) blas_share=\(f(syrk.median / whole.median, 3)) reps=\(repeats)")
}
