import LinearAlgebra

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generates the synthetic HVB (Hauptverwaltungsbeamte) study: a seeded, deterministic,
/// pure function of `DemoStudyConfiguration` (no I/O; see `write(_:to:)` for the files).
///
/// Model (full description in `Notebooks-md/reference-demo-study.md`):
/// ```
/// μ_i,t      = land[L(i)] + kreis[K(i)] + size[S(i)] + role[R(i)] + wave[t]        (per factor)
/// η_i,t      = μ_i,t + √ρ·L·z_officer + √(1−ρ)·L·z_i,t,   L·Lᵀ = Φ (Cholesky), z ~ N(0, I)
/// y*_ij,t    = s_j·λ_j·η_i,t,f(j) + √(1−λ_j²)·ε_ij,t,     ε ~ N(0, 1), s_j = −1 if reverse-worded
/// x_ij,t     = 1 + #{k : y*_ij,t > τ_jk}
/// ```
/// The whole frame (≈ 10,700 HVB positions) is simulated every wave; a stratified SRS without
/// replacement per Land × size class (rotating panel) is drawn, unit non-response and item
/// non-response (codes 8, 9, blank) are applied, and the documented data-quality wrinkles planted.
///
/// Random streams (xoshiro256**, one per purpose): 1 Kreis effects, 2 population, 3 selection,
/// 4 unit response, 5 item non-response, 6 wrinkles.
public enum DemoStudyGenerator {
  /// Version tag written to `truth.json`; bump when the output for a seed changes.
  public static let version = "trustmetrics-demo-hvb 1"

  /// Generates the study for `config`. Same configuration → identical study.
  public static func generate(_ config: DemoStudyConfiguration = DemoStudyConfiguration()) -> DemoStudy {
    let units = DemoFrame.units()
    let items = DemoModel.items
    let factors = DemoFactor.allCases
    let nf = factors.count, nj = items.count, nu = units.count
    let waves = config.waves

    // MARK: Effects
    let kreisEffects = makeKreisEffects(seed: config.seed)
    let landByKey = Dictionary(uniqueKeysWithValues: DemoFrame.laender.map { ($0.key, $0) })
    func latentMean(_ u: FrameUnit, waveIndex: Int) -> [Double] {
      let le = landByKey[u.land].map(DemoModel.landEffects) ?? Array(repeating: 0, count: nf)
      let ke = u.kreis.flatMap { kreisEffects[$0] } ?? Array(repeating: 0, count: nf)
      let se = DemoModel.sizeClassEffects[u.sizeClass - 1]
      let re = DemoModel.roleEffects[u.role - 1]
      let we = DemoModel.waveEffects(index: waveIndex)
      var mu = [Double](repeating: 0, count: nf)
      for f in 0..<nf {
        let a: Double = le[f] + ke[f]
        let b: Double = se[f] + re[f] + we[f]
        mu[f] = a + b
      }
      return mu
    }

    // MARK: Population (every frame unit, every wave)
    let phi = Matrix(DemoModel.factorCorrelation)
    let lower: Matrix
    do { lower = try Cholesky(phi).lower } catch {
      preconditionFailure("DemoStudyGenerator: factor correlation matrix is not positive definite (\(error))")
    }
    // Flat copies of the parameters keep the inner loop free of allocations.
    var lowerFlat = [Double](repeating: 0, count: nf * nf)
    for i in 0..<nf { for k in 0...i { lowerFlat[i * nf + k] = lower[i, k] } }
    let itemFactor = items.map { item in factors.firstIndex(of: item.factor) ?? 0 }
    let itemSlope = items.map { $0.sign * $0.loading }
    let itemNoise = items.map { $0.uniqueness.squareRoot() }
    let itemThresholdsByWave = waves.indices.map { t in items.flatMap { $0.thresholds(waveIndex: t) } }
    let nk = DemoModel.baseThresholds.count
    var unitBase = [Double](repeating: 0, count: nu * nf)
    for u in units {
      let mu = latentMean(u, waveIndex: 0)
      let we = DemoModel.waveEffects(index: 0)
      for f in 0..<nf { unitBase[u.index * nf + f] = mu[f] - we[f] }
    }
    let rho = config.stableFactorShare
    let stableScale = rho.squareRoot(), transientScale = (1 - rho).squareRoot()
    var popRNG = Xoshiro256StarStar(seed: config.seed, stream: 2)
    var officerCounter = 0
    var officerOf = [Int](repeating: -1, count: nu)
    var officerEffect = [Double](repeating: 0, count: nu * nf)
    var years = [Int](repeating: 0, count: nu)
    // values[t][i * nj + j]
    var values = [[UInt8]](repeating: [], count: waves.count)
    var officersByWave = [[Int]](repeating: [], count: waves.count)
    var yearsByWave = [[Int]](repeating: [], count: waves.count)
    var z = [Double](repeating: 0, count: nf)
    var eta = [Double](repeating: 0, count: nf)
    for t in waves.indices {
      var v = [UInt8](repeating: 0, count: nu * nj)
      let we = DemoModel.waveEffects(index: t)
      let itemThresholds = itemThresholdsByWave[t]
      for i in 0..<nu {
        if t == 0 || popRNG.bernoulli(config.officerChangeProbability) {
          officerCounter += 1
          officerOf[i] = officerCounter
          for f in 0..<nf { z[f] = popRNG.nextNormal() }
          for f in 0..<nf {
            var x = 0.0
            for k in 0...f { x += lowerFlat[f * nf + k] * z[k] }
            officerEffect[i * nf + f] = stableScale * x
          }
          if t == 0 {
            // Tenure of the first-wave officer: exponential with mean 8 years, truncated at 30.
            years[i] = Swift.min(30, Int((-8 * log(1 - popRNG.nextUniform())).rounded(.down)))
          } else {
            years[i] = popRNG.nextInt(below: 2)
          }
        } else {
          years[i] += waves[t] - waves[t - 1]
        }
        for f in 0..<nf { z[f] = popRNG.nextNormal() }
        for f in 0..<nf {
          var x = 0.0
          for k in 0...f { x += lowerFlat[f * nf + k] * z[k] }
          eta[f] = unitBase[i * nf + f] + we[f] + officerEffect[i * nf + f] + transientScale * x
        }
        for j in 0..<nj {
          let ystar = itemSlope[j] * eta[itemFactor[j]] + itemNoise[j] * popRNG.nextNormal()
          var category: UInt8 = 1
          for k in 0..<nk where ystar > itemThresholds[j * nk + k] { category += 1 }
          v[i * nj + j] = category
        }
      }
      values[t] = v
      officersByWave[t] = officerOf
      yearsByWave[t] = years
    }

    // MARK: Strata and allocation
    var strataUnits: [String: [Int]] = [:]
    for u in units { strataUnits[u.stratum, default: []].append(u.index) }
    let strataIDs = strataUnits.keys.sorted()
    func baseResponse(_ stratum: String) -> Double {
      guard let first = strataUnits[stratum]?.first else { return 0 }
      let u = units[first]
      if stratum == DemoFrame.saxonyAnhaltKreisStratum { return DemoModel.kreisLevelResponse }
      return DemoModel.baseResponseBySizeClass[u.sizeClass - 1] + (landByKey[u.land]?.responseAdjustment ?? 0)
    }
    func allocate(_ n: Int, fraction: Double) -> Int {
      Swift.min(n, Swift.max(Swift.min(2, n), Int((Double(n) * fraction).rounded())))
    }
    let national = strataIDs.filter { !$0.hasPrefix(DemoFrame.saxonyAnhalt + "-") }
    func nationalAllocation(_ a: Double) -> [String: Int] {
      var out: [String: Int] = [:]
      for h in national {
        let n = strataUnits[h]?.count ?? 0
        let s = units[strataUnits[h]?.first ?? 0].sizeClass
        out[h] = allocate(n, fraction: Swift.min(1, a * DemoModel.samplingMultipliers[s - 1]))
      }
      return out
    }
    func expectedRespondents(_ alloc: [String: Int]) -> Double {
      alloc.reduce(0.0) { $0 + Double($1.value) * baseResponse($1.key) }
    }
    var lo = 0.0, hi = 1.0
    for _ in 0..<60 {
      let mid = (lo + hi) / 2
      if expectedRespondents(nationalAllocation(mid)) < Double(config.nationalSampleSize) { lo = mid } else { hi = mid }
    }
    let baseFraction = hi
    var selectedCount = nationalAllocation(baseFraction)
    for h in strataIDs where h.hasPrefix(DemoFrame.saxonyAnhalt + "-") {
      let n = strataUnits[h]?.count ?? 0
      selectedCount[h] = h == DemoFrame.saxonyAnhaltKreisStratum ? n : allocate(n, fraction: config.saxonyAnhaltGemeindeFraction)
    }

    // MARK: Selection (rotating panel) and unit response
    var selRNG = Xoshiro256StarStar(seed: config.seed, stream: 3)
    var respRNG = Xoshiro256StarStar(seed: config.seed, stream: 4)
    var selectedByWave = [[Bool]](repeating: [], count: waves.count)
    var respondedByWave = [[Bool]](repeating: [], count: waves.count)
    for t in waves.indices {
      var selected = [Bool](repeating: false, count: nu)
      for h in strataIDs {
        let pool = strataUnits[h] ?? []
        let n = selectedCount[h] ?? 0
        if t == 0 {
          for i in sample(pool, n, &selRNG) { selected[i] = true }
        } else {
          let previous = pool.filter { selectedByWave[t - 1][$0] }
          let others = pool.filter { !selectedByWave[t - 1][$0] }
          let keep = Swift.min(n, Swift.max(Int((config.panelRetention * Double(n)).rounded()), n - others.count))
          for i in sample(previous, keep, &selRNG) { selected[i] = true }
          for i in sample(others, n - keep, &selRNG) { selected[i] = true }
        }
      }
      var responded = [Bool](repeating: false, count: nu)
      for u in units where selected[u.index] {
        var p = baseResponse(u.stratum) - config.waveFatigue * Double(t)
        if t > 0, respondedByWave[t - 1][u.index] {
          p += config.panelResponseBonus
        }
        responded[u.index] = respRNG.bernoulli(Swift.min(0.97, Swift.max(0.02, p)))
      }
      selectedByWave[t] = selected
      respondedByWave[t] = responded
    }

    // MARK: Rows with item non-response
    var missRNG = Xoshiro256StarStar(seed: config.seed, stream: 5)
    var waveRows: [[DemoRow]] = []
    for (t, wave) in waves.enumerated() {
      var rows: [DemoRow] = []
      for u in units where respondedByWave[t][u.index] {
        let n = Double(strataUnits[u.stratum]?.count ?? 1)
        let pi = Double(selectedCount[u.stratum] ?? 1) / n
        var answers: [Double?] = []
        for (j, item) in items.enumerated() {
          let value = Double(values[t][u.index * nj + j])
          if missRNG.bernoulli(item.missingRate) {
            let kind = missRNG.nextUniform()
            let shares = DemoModel.missingShares
            answers.append(kind < shares.dontKnow ? 8 : kind < shares.dontKnow + shares.noAnswer ? 9 : nil)
          } else {
            answers.append(value)
          }
        }
        rows.append(DemoRow(
          respID: "\(wave)-\(pad(rows.count + 1, 4))", muniID: u.muniID,
          officerID: "P\(pad(officersByWave[t][u.index], 6))", wave: wave, land: u.land, kreis: u.kreis,
          role: u.role, sizeClass: u.sizeClass, yearsInOffice: yearsByWave[t][u.index], stratum: u.stratum,
          weight: 1 / pi, items: answers))
      }
      waveRows.append(rows)
    }

    // MARK: Data-quality wrinkles
    var quality = DemoStudyTruth.DataQuality(
      description: "Planted on purpose for the data-quality check report: two straight-liners per wave "
        + "(one whole block answered with one value), two duplicate resp_id rows in the second wave "
        + "(one exact copy, one conflicting copy with one item changed), three out-of-range item values "
        + "in the third wave. Row numbers are 1-based data rows (header excluded).",
      duplicates: [], outOfRange: [], straightLiners: [])
    if config.includeDataQualityWrinkles {
      plantWrinkles(&waveRows, waves: waves, items: items, seed: config.seed, quality: &quality)
    }

    // MARK: Truth
    let truth = makeTruth(
      config: config, units: units, kreisEffects: kreisEffects, landByKey: landByKey,
      latentMean: latentMean, values: values, strataIDs: strataIDs, strataUnits: strataUnits,
      selectedCount: selectedCount, baseResponse: baseResponse, baseFraction: baseFraction,
      respondedByWave: respondedByWave, selectedByWave: selectedByWave, officersByWave: officersByWave,
      waveRows: waveRows, quality: quality)

    var marginCounts: [String: Int] = [:]
    for u in units { marginCounts["\(u.land)|\(u.sizeClass)", default: 0] += 1 }
    let margins = DemoFrame.laender.flatMap { land in
      (1...4).compactMap { s in
        marginCounts["\(land.key)|\(s)"].map { DemoMargin(land: land.key, sizeClass: s, population: $0) }
      }
    }

    return DemoStudy(
      configuration: config, codebook: DemoCodebook.study(waves: waves), itemIDs: items.map(\.id),
      waves: zip(waves, waveRows).map { DemoWave(wave: $0, rows: $1) }, margins: margins, truth: truth)
  }

  /// SRS without replacement of `n` from `pool` (partial Fisher–Yates), returned in pool order.
  static func sample(_ pool: [Int], _ n: Int, _ rng: inout Xoshiro256StarStar) -> [Int] {
    precondition(n <= pool.count, "sample: n = \(n) > \(pool.count)")
    var a = pool
    for k in 0..<n {
      let r = k + rng.nextInt(below: a.count - k)
      a.swapAt(k, r)
    }
    return a.prefix(n).sorted()
  }

  /// Kreis effects for Sachsen-Anhalt: readiness 0.12·z(log density) + N(0, 0.10²),
  /// trust N(0, 0.12²) (z standardised over the 14 Kreise with the n denominator).
  static func makeKreisEffects(seed: UInt64) -> [String: [Double]] {
    var rng = Xoshiro256StarStar(seed: seed, stream: 1)
    let kreise = DemoFrame.saxonyAnhaltKreise
    let logs = kreise.map { log($0.density) }
    let mean = logs.reduce(0, +) / Double(logs.count)
    let sd = (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count)).squareRoot()
    var out: [String: [Double]] = [:]
    for (k, kreis) in kreise.enumerated() {
      let z = (logs[k] - mean) / sd
      out[kreis.key] = [0.12 * rng.nextNormal(), 0.12 * rng.nextNormal(),
                        0.12 * z + 0.10 * rng.nextNormal(), 0.12 * z + 0.10 * rng.nextNormal()]
    }
    return out
  }
}
