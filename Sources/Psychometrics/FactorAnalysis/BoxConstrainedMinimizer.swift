// A small projected quasi-Newton (BFGS) minimiser with simple bounds, used for the minres and ML
// uniqueness fits.
//
// Implementation notes (goals in order: the same stationary point as psych, robustness, speed):
// 1. psych calls `optim(method = "L-BFGS-B", lower = 0.005, upper = max(SMC, 1))` with its own
//    gradient and a relative objective tolerance (factr = 1e7, ≈ 2e-8). We converge further, to a
//    projected gradient below 1e-10, so our uniquenesses are the exact stationary point and differ
//    from psych's only by psych's own optimiser error (bfi: up to 3e-6 (minres) and 1.2e-5 (ml) on
//    the uniquenesses; R optim run to convergence on psych's ML objective agrees with us to 1e-8).
// 2. Variables at a bound whose gradient points outwards are held fixed (active set); the inverse
//    Hessian approximation is reset whenever the active set changes or a step is not a descent.
// 3. Armijo backtracking along the projected path x(t) = clamp(x + t·d).
// 4. Rounding floor: with multi-threaded BLAS the eigenvectors, and so the gradient, carry noise
//    of about 1e-8, and the projected gradient may never fall below 1e-10. A run that reaches the
//    iteration limit with a projected gradient below 1e-6 is stationary to rounding and counts as
//    converged (a criterion on the objective would be too loose: near the optimum f changes with
//    the square of the error in x).
import Foundation

struct _BoxMinimum {
  var x: [Double]
  var value: Double
  var iterations: Int
  var converged: Bool
}

func _minimizeInBox(
  start: [Double], lower: Double, upper: Double, gradientTolerance: Double = 1e-10, maxIterations: Int = 2000,
  _ valueAndGradient: ([Double]) throws(FactorAnalysisError) -> (Double, [Double])
) throws(FactorAnalysisError) -> _BoxMinimum {
  let n = start.count
  func clamp(_ v: [Double]) -> [Double] { v.map { Swift.min(upper, Swift.max(lower, $0)) } }
  var x = clamp(start)
  var (f, g) = try valueAndGradient(x)
  var h = [Double](repeating: 0, count: n * n)
  func resetH(_ scale: Double = 1) {
    for i in 0..<(n * n) { h[i] = 0 }
    for i in 0..<n { h[i * n + i] = scale }
  }
  resetH()
  var freePrevious = [Bool](repeating: true, count: n)
  var iteration = 0
  var converged = false
  var firstStep = true
  var stalled = 0
  while iteration < maxIterations {
    // Active set and projected gradient.
    var free = [Bool](repeating: true, count: n)
    var pgMax = 0.0
    for i in 0..<n {
      if (x[i] <= lower && g[i] > 0) || (x[i] >= upper && g[i] < 0) {
        free[i] = false
      } else {
        pgMax = Swift.max(pgMax, Swift.abs(g[i]))
      }
    }
    if pgMax < gradientTolerance { converged = true; break }
    if free != freePrevious { resetH(); firstStep = true }
    freePrevious = free
    var d = [Double](repeating: 0, count: n)
    for i in 0..<n where free[i] {
      var s = 0.0
      for k in 0..<n where free[k] { s -= h[i * n + k] * g[k] }
      d[i] = s
    }
    var slope = 0.0
    for i in 0..<n { slope += d[i] * g[i] }
    if !(slope < 0) {
      resetH(); firstStep = true
      for i in 0..<n { d[i] = free[i] ? -g[i] : 0 }
    }
    // Armijo backtracking on the projected path.
    var t = 1.0
    var accepted = false
    var xn = x, fn = f, gn = g
    for _ in 0..<60 {
      var trial = x
      for i in 0..<n { trial[i] = x[i] + t * d[i] }
      trial = clamp(trial)
      var decrease = 0.0
      for i in 0..<n { decrease += g[i] * (trial[i] - x[i]) }
      let (ft, gt) = try valueAndGradient(trial)
      if ft.isFinite && ft <= f + 1e-4 * decrease {
        xn = trial; fn = ft; gn = gt; accepted = true
        break
      }
      t *= 0.5
    }
    iteration += 1
    if !accepted {
      // No decrease possible at machine precision: stationary to rounding.
      converged = pgMax < 1e-6
      break
    }
    var s = [Double](repeating: 0, count: n), y = s
    for i in 0..<n { s[i] = xn[i] - x[i]; y[i] = gn[i] - g[i] }
    let relChange = Swift.abs(f - fn) / Swift.max(Swift.abs(f), Swift.abs(fn), 1e-300)
    x = xn; f = fn; g = gn
    var sy = 0.0, yy = 0.0
    for i in 0..<n where free[i] { sy += s[i] * y[i]; yy += y[i] * y[i] }
    if sy > 1e-16 * Swift.max(yy, 1e-300) && sy > 0 {
      if firstStep { resetH(sy / yy); firstStep = false }
      // BFGS inverse update on the free block: H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ.
      let rho = 1 / sy
      var hy = [Double](repeating: 0, count: n)
      for i in 0..<n where free[i] {
        var acc = 0.0
        for k in 0..<n where free[k] { acc += h[i * n + k] * y[k] }
        hy[i] = acc
      }
      var yhy = 0.0
      for i in 0..<n where free[i] { yhy += y[i] * hy[i] }
      for i in 0..<n where free[i] {
        for k in 0..<n where free[k] {
          h[i * n + k] += -rho * (hy[i] * s[k] + s[i] * hy[k]) + (rho * rho * yhy + rho) * s[i] * s[k]
        }
      }
    }
    if relChange == 0 && pgMax < 1e-8 { converged = true; break }
    // Stationary to rounding: 20 steps in a row that change f by at most a few ulps, with a
    // projected gradient already below the 1e-6 accepted at the iteration limit. Without this,
    // gradient noise from the eigenvectors can keep pgMax above a strict tolerance for all 2,000
    // iterations (seen: a one-factor minres fit on 60 items, n = 10,000, 1 BLAS thread: 2,000
    // iterations, 25 s, against 6 iterations with 2 threads).
    stalled = relChange <= 4 * Double.ulpOfOne ? stalled + 1 : 0
    if stalled >= 20 && pgMax < 1e-6 { converged = true; break }
    if iteration == maxIterations {
      var pg = 0.0
      for i in 0..<n where !((x[i] <= lower && g[i] > 0) || (x[i] >= upper && g[i] < 0)) { pg = Swift.max(pg, Swift.abs(g[i])) }
      converged = pg < 1e-6
    }
  }
  return _BoxMinimum(x: x, value: f, iterations: iteration, converged: converged)
}
