import Foundation
import LinearAlgebra

/// The calibration distance (R `calibrate(calfun = )`).
public enum CalibrationFunction: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Chi-square distance, g = 1 + xᵀλ (GREG; R `"linear"`), optionally truncated to bounds.
  case linear
  /// Multiplicative, g = exp(xᵀλ) (R `"raking"`), optionally truncated to bounds.
  case raking
  /// Logit distance (Deville & Särndal 1992, case 6; R `"logit"`): g stays strictly inside
  /// (lower, upper); needs finite bounds.
  case logit
}

/// A calibrated design with diagnostics.
public struct CalibrationResult: Sendable {
  public let design: SurveyDesign
  /// The g-weights (new weight / old weight).
  public let g: [Double]
  /// Newton iterations used.
  public let iterations: Int
  /// max_k |T_k − Σ w*_i x_ik| / (1 + |T_k|) at the end (R's convergence criterion).
  public let maxRelativeMisfit: Double
}

/// A model matrix for calibration built like R `model.matrix(~ a + b + x)`: an intercept, then for
/// every categorical variable its sorted levels except the first (treatment contrasts), named
/// `name + level` (R: `stypeH`), then numeric columns.
public struct CalibrationModel: Sendable, Equatable {
  public let matrix: Matrix
  public let names: [String]

  public init(intercept: Bool = true, categorical: [(name: String, values: [String])] = [], numeric: [(name: String, values: [Double])] = []) throws(DesignError) {
    let n = categorical.first?.values.count ?? numeric.first?.values.count ?? 0
    var cols: [[Double]] = [], names: [String] = []
    if intercept { cols.append([Double](repeating: 1, count: n)); names.append("(Intercept)") }
    for c in categorical {
      if c.values.count != n { throw .lengthMismatch(what: "calibration variable '\(c.name)'", expected: n, found: c.values.count) }
      let levels = Array(Set(c.values)).sorted()
      for level in levels.dropFirst(intercept ? 1 : 0) {
        cols.append(c.values.map { $0 == level ? 1 : 0 }); names.append(c.name + level)
      }
    }
    for v in numeric {
      if v.values.count != n { throw .lengthMismatch(what: "calibration variable '\(v.name)'", expected: n, found: v.values.count) }
      cols.append(v.values); names.append(v.name)
    }
    matrix = Matrix(columnVectors: cols)
    self.names = names
  }
}

extension SurveyDesign {
  /// Calibration of the weights to known population totals of auxiliary variables (R
  /// `calibrate(design, formula, population, calfun, bounds, maxit, epsilon)`, Deville & Särndal 1992).
  ///
  /// ```
  /// w*_i = d_i · g_i,  g_i = 1 + F⁻¹(x_iᵀη)   (linear: F⁻¹(u) = u; raking: e^u − 1; both clipped to bounds − 1;
  ///                                          logit: R's cal.logit, g in (L, U))
  /// Newton: η ← η + (Σ d_i F′ x_i x_iᵀ)⁺ (T − Σ d_i x_i − Σ d_i x_i F⁻¹(x_iᵀη))
  /// ```
  /// stopping when every |misfit_k|/(1 + |T_k|) < ε (R `grake`; the pseudo-inverse uses tolerance
  /// 256·ε_mach·σ_max as MASS `ginv`; weights are rescaled by mean(T/Σdx) first when all ratios
  /// exceed 20, as R). Variance: scores are replaced by the residuals of their regression on x with
  /// weights (R's `greg_calibration` postStrata: `qr.resid(qr(x·√d), z/(g√d))·g√d`).
  ///
  /// - Throws: ``DesignError/calibrationDidNotConverge(iterations:maxRelativeMisfit:worstConstraint:)``
  ///   (R stops with "Calibration failed" unless `force = TRUE`).
  ///
  /// Validated against: R survey 4.1.1 `calibrate(dclus1, ~stype + sch.wide, pop, calfun = "linear")`.
  public func calibrated(
    model: CalibrationModel, populationTotals: [Double], function: CalibrationFunction = .linear,
    lowerBound: Double = -.infinity, upperBound: Double = .infinity, epsilon: Double = 1e-7, maxIterations: Int = 50
  ) throws(DesignError) -> CalibrationResult {
    let x = model.matrix
    let n = count, q = x.columns
    if x.rows != n { throw .lengthMismatch(what: "calibration model", expected: n, found: x.rows) }
    if populationTotals.count != q { throw .lengthMismatch(what: "population totals", expected: q, found: populationTotals.count) }
    try _checkCalibrationBounds(function, lowerBound, upperBound)
    let d0 = weights
    let sampleTotal = x.transposeTimes(d0)
    for k in 0..<q where sampleTotal[k] == 0 && populationTotals[k] != 0 {
      throw .emptyCell(margin: "calibration", category: model.names[k])
    }
    let run = _grake(x: x, weights: d0, populationTotals: populationTotals, function: function, lowerBound: lowerBound,
                     upperBound: upperBound, epsilon: epsilon, maxIterations: maxIterations)
    if !run.converged {
      throw .calibrationDidNotConverge(iterations: run.iterations, maxRelativeMisfit: run.maxRelativeMisfit, worstConstraint: model.names[run.worstConstraint])
    }
    let g = run.g
    var design = self
    design.weights = (0..<n).map { d0[$0] * g[$0] }
    // Variance: residuals from the regression on x·√d (d = the weights before calibration).
    var xs = x
    for i in 0..<n {
      let s = d0[i].squareRoot()
      for k in 0..<q { xs.elements[k * n + i] *= s }
    }
    let qr = QR(xs)
    design.adjustments.append(.calibration(q: qr.q, multiplier: (0..<n).map { g[$0] * d0[$0].squareRoot() }))
    return CalibrationResult(design: design, g: g, iterations: run.iterations, maxRelativeMisfit: run.maxRelativeMisfit)
  }
}

/// Bounds allowed for a calibration function: lower < 1 < upper; logit needs both finite
/// (R cal.logit: "Logit calibration requires finite bounds").
func _checkCalibrationBounds(_ function: CalibrationFunction, _ lowerBound: Double, _ upperBound: Double) throws(DesignError) {
  if !(lowerBound < 1 && upperBound > 1) {
    throw .invalidArgument(name: "bounds", value: "\(lowerBound)...\(upperBound)", allowed: "lower < 1 < upper")
  }
  if function == .logit && !(lowerBound.isFinite && upperBound.isFinite) {
    throw .invalidArgument(name: "bounds", value: "\(lowerBound)...\(upperBound)", allowed: "finite bounds for logit calibration")
  }
}

/// One run of R survey's `grake` (Newton iterations on the calibration equations) for the
/// weights `ww`; the outcome whether or not it converged (the caller decides: R's `calibrate`
/// stops for the full sample and keeps a replicate's last iterate).
///
/// `converged` is false also when the iterate is not finite (R stops there with an internal
/// error: an `if` on NA).
struct _GrakeRun {
  var g: [Double]
  var iterations: Int
  var converged: Bool
  var maxRelativeMisfit: Double
  var worstConstraint: Int
}

func _grake(x: Matrix, weights d0: [Double], populationTotals: [Double], function: CalibrationFunction,
            lowerBound: Double, upperBound: Double, epsilon: Double, maxIterations: Int) -> _GrakeRun {
  let n = x.rows, q = x.columns
  var ww = d0
  var sampleTotal = x.transposeTimes(ww)
  // R: rescale when all population/sample ratios exceed 20.
  var rescale: Double? = nil
  let ratios = (0..<q).map { populationTotals[$0] / sampleTotal[$0] }
  if let mn = ratios.min(), mn > 20 {
    let s = ratios.reduce(0, +) / Double(q)
    rescale = s
    ww = ww.map { $0 * s }
    sampleTotal = sampleTotal.map { $0 * s }
  }
  // R cal.logit: A = (U − L)/((U − 1)(1 − L)), F⁻¹(u) = (L(U − 1) + U(1 − L)e^{Au})/(U − 1 + (1 − L)e^{Au}) − 1
  // and its derivative, written as R writes them (the same rounding).
  let L = lowerBound, U = upperBound
  let A = (U - L) / ((U - 1) * (1 - L))
  func fm1(_ u: Double) -> Double {
    switch function {
    case .linear: return min(max(u + 1, lowerBound), upperBound) - 1
    case .raking: return min(max(exp(u), lowerBound), upperBound) - 1
    case .logit:
      let eAu = exp(A * u)
      return (L * (U - 1) + U * (1 - L) * eAu) / (U - 1 + (1 - L) * eAu) - 1
    }
  }
  func df(_ u: Double) -> Double {
    // R compares u (not e^u) with the bounds for raking, as cal.raking's dF does.
    let inside = u < upperBound - 1 && u > lowerBound - 1
    switch function {
    case .linear: return inside ? 1 : 0
    case .raking: return inside ? exp(u) : 0
    case .logit:
      let eAu = exp(A * u)
      let den = U - 1 + (1 - L) * eAu
      return U * (1 - L) * eAu * A / den - ((L * (U - 1) + U * (1 - L) * eAu) * ((1 - L) * eAu * A)) / (den * den)
    }
  }
  var eta = [Double](repeating: 0, count: q)
  var xeta = [Double](repeating: 0, count: n)
  var g = [Double](repeating: 1, count: n)
  var deriv = xeta.map(df)
  var iter = 1
  var achieved = Double.nan
  var worst = 0
  var converged = false
  func misfit() -> [Double] {
    var adj = [Double](repeating: 0, count: n)
    for i in 0..<n { adj[i] = ww[i] * fm1(xeta[i]) }
    let s = x.transposeTimes(adj)
    return (0..<q).map { populationTotals[$0] - sampleTotal[$0] - s[$0] }
  }
  while true {
    // T = Σ w F′ x xᵀ: scale rows by √(w F′) and take one dsyrk. The logit derivative can round
    // to a tiny negative value far out in the tail (a difference of two huge terms); R's
    // crossprod(mm·w·F′, mm) takes it as it is, so then T is formed as Xᵀ(diag(wF′)X).
    var scaled = x
    var t: Matrix
    if (0..<n).allSatisfy({ !(ww[$0] * deriv[$0] < 0) }) {
      for i in 0..<n {
        let s = (ww[i] * deriv[i]).squareRoot()
        for k in 0..<q { scaled.elements[k * n + i] *= s }
      }
      t = crossProduct(scaled)
    } else {
      for i in 0..<n {
        let s = ww[i] * deriv[i]
        for k in 0..<q { scaled.elements[k * n + i] *= s }
      }
      t = crossProduct(scaled, x)
    }
    let step = _pseudoInverse(t) * misfit()
    var deta = step
    for k in 0..<q { eta[k] += deta[k] }
    func update() {
      xeta = x * eta
      g = xeta.map { 1 + fm1($0) }
      deriv = xeta.map(df)
    }
    update()
    while iter < maxIterations && (g.contains { !$0.isFinite } || deriv.contains { !$0.isFinite }) {
      iter += 1
      deta = deta.map { $0 / 2 }
      for k in 0..<q { eta[k] -= deta[k] }
      update()
    }
    let mf = misfit()
    var worstValue = 0.0
    var finite = true
    for k in 0..<q {
      let r = abs(mf[k]) / (1 + abs(populationTotals[k]))
      if !r.isFinite { finite = false; worstValue = .nan; worst = k; break }
      if r > worstValue { worstValue = r; worst = k }
    }
    achieved = worstValue
    if !finite { break }
    if worstValue < epsilon { converged = true; break }
    iter += 1
    if iter > maxIterations { break }
  }
  if let s = rescale { g = g.map { $0 * s } }
  // Iterations as R counts them (a failed run reports maxit).
  return _GrakeRun(g: g, iterations: converged ? iter : Swift.min(iter, maxIterations), converged: converged,
                   maxRelativeMisfit: achieved, worstConstraint: worst)
}

/// Moore–Penrose inverse by SVD, dropping singular values ≤ 256·ε·σ_max (MASS `ginv`).
func _pseudoInverse(_ a: Matrix) -> Matrix {
  guard let svd = try? SVD(a) else { return Matrix(rows: a.columns, columns: a.rows, repeating: .nan) }
  let s = svd.singularValues
  let tol = 256 * Double.ulpOfOne * (s.first ?? 0)
  var vs = svd.vt.transposed  // columns × k
  for k in 0..<s.count {
    let inv = s[k] > tol ? 1 / s[k] : 0
    for i in 0..<vs.rows { vs.elements[k * vs.rows + i] *= inv }
  }
  return gemm(transB: .transposed, a: vs, b: svd.u)
}
