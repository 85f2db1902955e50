// Seeded percentile bootstrap of raw alpha with all replicate covariances from one dgemm per chunk.
import Foundation
import LinearAlgebra
import Statistics

/// The percentile bootstrap of raw alpha (psych `boot` / `boot.ci` with `n.iter` replicates).
public struct AlphaBootstrap: Sendable, Equatable {
  /// Raw alpha of each replicate, in draw order (NaN where a replicate's covariance was undefined).
  public let replicates: [Double]
  /// Percentile interval: R `quantile(type = 7)` at (1 − level)/2 and (1 + level)/2 of the finite replicates.
  public let interval: ConfidenceInterval
  /// Median of the finite replicates (psych prints it between the limits).
  public let median: Double
  /// The seed used.
  public let seed: UInt64
}


/// Bootstrap of raw alpha for the n × k matrix `x` (NaN = missing, pairwise covariances) with `keys`.
///
/// Each replicate draws n rows with replacement; row i enters replicate b with multiplicity W[b, i].
/// The pairwise covariance of a replicate is a function of frequency-weighted sums, so with
/// x⁰ the columns centred by their observed means (missing → 0) and m the observed-indicator,
/// ```
/// Z = [ mⱼ∘mₗ (j ≤ l) | x⁰ⱼ∘x⁰ₗ (j ≤ l) | x⁰ⱼ∘mₗ (all j, l) ]      (n × P, P = k(k + 1) + k²)
/// G = W·Z                                                         (one dgemm, B × P)
/// n_jl = G[b, mm_jl],  s_jl = (G[b, xx_jl] − G[b, xm_jl]·G[b, xm_lj]/n_jl) / (n_jl − 1)
/// ```
/// which is exactly `cov(x[rows_b, ], use = "pairwise")` for the resampled rows — level-3 BLAS and no
/// loop over rows per replicate. Replicates are processed in chunks of 256 to bound memory at
/// 256·n + n·P doubles. Keys are applied to each replicate covariance (psych forgets to; see
/// CronbachAlpha.swift), so the interval refers to the keyed scale.
func alphaBootstrap(_ x: Matrix, keys: [Double], options: BootstrapOptions, level: Double) throws(ReliabilityError)
  -> AlphaBootstrap
{
  guard options.replicates >= 2 else {
    throw .invalidOption(name: "bootstrap replicates", value: Double(options.replicates), allowed: "at least 2")
  }
  let n = x.rows
  let k = x.columns
  // Centre by observed means; missing → 0; indicator matrix.
  var x0 = x
  var mask = Matrix(rows: n, columns: k)
  for j in 0..<k {
    let m = Moments(x.column(j)).mean
    for i in 0..<n {
      let v = x[i, j]
      if v.isNaN {
        x0[i, j] = 0
      } else {
        x0[i, j] = v - m
        mask[i, j] = 1
      }
    }
  }
  // Column layout of Z.
  var mmIndex = [[Int]](repeating: [Int](repeating: 0, count: k), count: k)
  var xxIndex = mmIndex
  var xmIndex = mmIndex
  var p = 0
  for j in 0..<k {
    for l in j..<k {
      mmIndex[j][l] = p
      mmIndex[l][j] = p
      p += 1
    }
  }
  for j in 0..<k {
    for l in j..<k {
      xxIndex[j][l] = p
      xxIndex[l][j] = p
      p += 1
    }
  }
  for j in 0..<k {
    for l in 0..<k {
      xmIndex[j][l] = p
      p += 1
    }
  }
  var z = Matrix(rows: n, columns: p)
  for j in 0..<k {
    for l in 0..<k {
      for i in 0..<n {
        if l >= j {
          z[i, mmIndex[j][l]] = mask[i, j] * mask[i, l]
          z[i, xxIndex[j][l]] = x0[i, j] * x0[i, l]
        }
        z[i, xmIndex[j][l]] = x0[i, j] * mask[i, l]
      }
    }
  }

  var rng = SeededGenerator(seed: options.seed)  // Statistics: xoshiro256**, SplitMix64 seeding
  var alphas: [Double] = []
  alphas.reserveCapacity(options.replicates)
  let chunk = 256
  var done = 0
  let kd = Double(k)
  while done < options.replicates {
    let b = Swift.min(chunk, options.replicates - done)
    var w = Matrix(rows: b, columns: n)
    for r in 0..<b {
      for _ in 0..<n { w[r, Int.random(in: 0..<n, using: &rng)] += 1 }
    }
    let g = gemm(a: w, b: z)
    for r in 0..<b {
      var sum = 0.0
      var trace = 0.0
      var defined = true
      for j in 0..<k {
        for l in 0..<k {
          let nn = g[r, mmIndex[j][l]]
          if nn < 2 {
            defined = false
            continue
          }
          let s = (g[r, xxIndex[j][l]] - g[r, xmIndex[j][l]] * g[r, xmIndex[l][j]] / nn) / (nn - 1)
          let keyed = keys[j] * keys[l] * s
          sum += keyed
          if j == l { trace += keyed }
        }
      }
      alphas.append(defined ? (1 - trace / sum) * (kd / (kd - 1)) : .nan)
    }
    done += b
  }
  let finite = alphas.filter { $0.isFinite }
  let a = 1 - level
  return AlphaBootstrap(
    replicates: alphas,
    interval: ConfidenceInterval(lower: quantile(finite, a / 2), upper: quantile(finite, 1 - a / 2), level: level),
    median: quantile(finite, 0.5), seed: options.seed)
}
