extension DemoStudyGenerator {
  /// Plants the documented data-quality wrinkles (stream 6). Waves with fewer than 20 rows are skipped.
  static func plantWrinkles(
    _ waveRows: inout [[DemoRow]], waves: [Int], items: [DemoItem], seed: UInt64,
    quality: inout DemoStudyTruth.DataQuality
  ) {
    var rng = Xoshiro256StarStar(seed: seed, stream: 6)
    let trust = items.indices.filter { items[$0].factor.block == "trust" }
    let readiness = items.indices.filter { items[$0].factor.block == "readiness" }
    let duplicateWave = Swift.min(1, waves.count - 1)
    let outOfRangeWave = Swift.min(2, waves.count - 1)
    for t in waves.indices where waveRows[t].count >= 20 {
      var used = Set<Int>()
      func pick() -> Int {
        while true {
          let r = rng.nextInt(below: waveRows[t].count)
          if used.insert(r).inserted { return r }
        }
      }
      for (block, indices, value) in [("trust", trust, 4.0), ("readiness", readiness, 3.0)] {
        let r = pick()
        for j in indices { waveRows[t][r].items[j] = value }
        quality.straightLiners.append(.init(wave: waves[t], respID: waveRows[t][r].respID, block: block, value: value))
      }
      if t == outOfRangeWave {
        for value in [6.0, 0.0, 6.0] {
          let r = pick()
          let j = rng.nextInt(below: items.count)
          let original = waveRows[t][r].items[j]
          waveRows[t][r].items[j] = value
          quality.outOfRange.append(.init(wave: waves[t], respID: waveRows[t][r].respID, item: items[j].id,
                                          value: value, original: original))
        }
      }
      if t == duplicateWave {
        let exact = pick(), conflicting = pick()
        var copy = waveRows[t][conflicting]
        let j = rng.nextInt(below: items.count)
        if let v = copy.items[j], (1...5).contains(v) { copy.items[j] = v == 5 ? 4 : v + 1 } else { copy.items[j] = 3 }
        let inserts = [(exact, waveRows[t][exact], "exact"), (conflicting, copy, "conflicting")]
        for (r, row, _) in inserts.sorted(by: { $0.0 > $1.0 }) { waveRows[t].insert(row, at: r + 1) }
        for (_, row, kind) in inserts {
          let numbers = waveRows[t].indices.filter { waveRows[t][$0].respID == row.respID }.map { $0 + 1 }
          quality.duplicates.append(.init(wave: waves[t], respID: row.respID, kind: kind, rows: numbers))
        }
      }
    }
  }

  // swiftlint:disable:next function_parameter_count
  static func makeTruth(
    config: DemoStudyConfiguration, units: [FrameUnit], kreisEffects: [String: [Double]],
    landByKey: [String: DemoLand], latentMean: (FrameUnit, Int) -> [Double], values: [[UInt8]],
    strataIDs: [String], strataUnits: [String: [Int]], selectedCount: [String: Int],
    baseResponse: (String) -> Double, baseFraction: Double, respondedByWave: [[Bool]],
    selectedByWave: [[Bool]], officersByWave: [[Int]], waveRows: [[DemoRow]],
    quality: DemoStudyTruth.DataQuality
  ) -> DemoStudyTruth {
    let items = DemoModel.items
    let factors = DemoFactor.allCases
    let waves = config.waves
    let nj = items.count
    func byFactor(_ v: [Double]) -> [String: Double] {
      Dictionary(uniqueKeysWithValues: zip(factors.map(\.rawValue), v))
    }

    var truthItems: [String: DemoStudyTruth.Item] = [:]
    for item in items {
      truthItems[item.id] = .init(factor: item.factor.rawValue, block: item.factor.block, loading: item.loading,
                                  uniqueness: item.uniqueness, reversed: item.reversed,
                                  thresholds: item.thresholds, missingRate: item.missingRate)
    }
    var scales: [String: DemoStudyTruth.Scale] = [:]
    for f in factors {
      let its = items.filter { $0.factor == f }
      scales[f.rawValue] = .init(items: its.map(\.id), keys: its.map { $0.reversed ? -1 : 1 })
    }

    let effects = DemoStudyTruth.Effects(
      formula: "mu[f] = land[f] + kreis[f] (Sachsen-Anhalt only) + sizeClass[f] + role[f] + wave[f]; "
        + "eta = mu + sqrt(stableFactorShare)*L*z_officer + sqrt(1-stableFactorShare)*L*z_wave, L*L' = factorCorrelation; "
        + "ystar_j = s_j*loading_j*eta[f(j)] + sqrt(uniqueness_j)*e, s_j = -1 if reversed; x_j = 1 + #{k: ystar_j > thresholds_j[k] + shift_jt} (shift_jt: nonInvariance, 0 elsewhere)",
      land: Dictionary(uniqueKeysWithValues: DemoFrame.laender.map { ($0.key, byFactor(DemoModel.landEffects($0))) }),
      kreis: kreisEffects.mapValues(byFactor),
      sizeClass: Dictionary(uniqueKeysWithValues: (1...4).map { (String($0), byFactor(DemoModel.sizeClassEffects[$0 - 1])) }),
      role: Dictionary(uniqueKeysWithValues: (1...4).map { (String($0), byFactor(DemoModel.roleEffects[$0 - 1])) }),
      wave: Dictionary(uniqueKeysWithValues: waves.enumerated().map { (String($1), byFactor(DemoModel.waveEffects(index: $0))) }))

    // Design
    var respondentsByStratum: [String: [String: Int]] = [:]
    for (t, wave) in waves.enumerated() {
      for u in units where respondedByWave[t][u.index] {
        respondentsByStratum[u.stratum, default: [:]][String(wave), default: 0] += 1
      }
    }
    var strata: [String: DemoStudyTruth.Stratum] = [:]
    for h in strataIDs {
      let pool = strataUnits[h] ?? []
      let n = selectedCount[h] ?? 0
      let u = units[pool.first ?? 0]
      let pi = Double(n) / Double(pool.count)
      var resp = respondentsByStratum[h] ?? [:]
      for w in waves where resp[String(w)] == nil { resp[String(w)] = 0 }
      strata[h] = .init(land: u.land, sizeClass: h == DemoFrame.saxonyAnhaltKreisStratum ? 0 : u.sizeClass,
                        population: pool.count, selected: n, inclusionProbability: pi, designWeight: 1 / pi,
                        baseResponseProbability: baseResponse(h), respondents: resp)
    }
    var populationByLand: [String: Int] = [:]
    for u in units { populationByLand[u.land, default: 0] += 1 }
    let design = DemoStudyTruth.Design(
      description: "Stratified simple random sampling without replacement; strata = Land × size class, "
        + "plus the take-all stratum 15-K (the 14 Kreis-level HVB of Sachsen-Anhalt). Sachsen-Anhalt's "
        + "Gemeinde-level strata are boosted (sampling fraction saxonyAnhaltGemeindeFraction). Elsewhere "
        + "f_s = min(1, baseSamplingFraction·samplingMultipliers[s]), n_h = min(N_h, max(2, round(N_h·f_s))). "
        + "Rotating panel: a share panelRetention of a stratum's sample is kept for the next wave, the rest "
        + "drawn from the units not selected before, so π_h = n_h/N_h in every wave. Weight = 1/π_h (design "
        + "weight only; unit non-response is not adjusted — rake to margins/ for that).",
      frameSize: units.count, populationByLand: populationByLand, strata: strata,
      panelRetention: config.panelRetention, officerChangeProbability: config.officerChangeProbability,
      panelResponseBonus: config.panelResponseBonus, waveFatigue: config.waveFatigue,
      saxonyAnhaltGemeindeFraction: config.saxonyAnhaltGemeindeFraction, baseSamplingFraction: baseFraction,
      samplingMultipliers: DemoModel.samplingMultipliers)

    // Sample sizes and panel statistics
    var sampleSizes: [String: DemoStudyTruth.WaveCounts] = [:]
    for (t, wave) in waves.enumerated() {
      var byLand: [String: Int] = [:]
      for u in units where respondedByWave[t][u.index] { byLand[u.land, default: 0] += 1 }
      var overlap: Double?, officerChange: Double?
      if t > 0 {
        let previous = units.filter { respondedByWave[t - 1][$0.index] }.map(\.index)
        let both = previous.filter { respondedByWave[t][$0] }
        overlap = previous.isEmpty ? nil : Double(both.count) / Double(previous.count)
        officerChange = both.isEmpty ? nil
          : Double(both.filter { officersByWave[t - 1][$0] != officersByWave[t][$0] }.count) / Double(both.count)
      }
      sampleSizes[String(wave)] = .init(
        selected: selectedByWave[t].filter { $0 }.count, respondents: respondedByWave[t].filter { $0 }.count,
        rows: waveRows[t].count, respondentsByLand: byLand, panelOverlap: overlap, officerChangeShare: officerChange)
    }

    // Population means: model-implied (exact) and finite-population (census of the simulated frame)
    var cache: [String: [Double]] = [:]
    var model = MeanAccumulator(factorCount: factors.count), census = MeanAccumulator(factorCount: factors.count)
    let factorItems = factors.map { f in items.indices.filter { items[$0].factor == f } }
    let reversed = items.map(\.reversed)
    var observed = [Double](repeating: 0, count: factors.count)
    for (t, wave) in waves.enumerated() {
      for u in units {
        let key = "\(u.land)|\(u.kreis ?? "")|\(u.sizeClass)|\(u.role)"
        let expected: [Double]
        if let c = cache[key] { expected = c } else {
          let mu = latentMean(u, t)
          expected = factors.enumerated().map { DemoModel.expectedScaleScore($1, factorMean: mu[$0], waveIndex: t) }
          cache[key] = expected
        }
        for f in factors.indices {
          var total = 0.0
          for j in factorItems[f] {
            let x = Double(values[t][u.index * nj + j])
            total += reversed[j] ? 6 - x : x
          }
          observed[f] = total / Double(factorItems[f].count)
        }
        model.add(expected, wave: wave, land: u.land, kreis: u.kreis)
        census.add(observed, wave: wave, land: u.land, kreis: u.kreis)
      }
      cache.removeAll(keepingCapacity: true)
    }
    let populationMeans = model.means(
      factors: factors,
      description: "Exact model-implied means of each scale (mean of keyed items, 1–5), E[x] = 5 − Σ_k Φ(τ_k − s·λ·μ), "
        + "averaged over all frame units of the group (no sampling, no non-response, no noise).")
    let finitePopulationMeans = census.means(
      factors: factors,
      description: "Means of each scale over every simulated frame unit of the group (a full census of the "
        + "synthetic population without item non-response): the target of design-based estimates.")

    return DemoStudyTruth(
      synthetic: true, seed: config.seed, generator: version,
      note: "SYNTHETIC DATA generated by TrustMetrics for demonstrations and tests. Not real survey responses.",
      waves: waves, factors: factors.map(\.rawValue), factorCorrelation: DemoModel.factorCorrelation,
      stableFactorShare: config.stableFactorShare, items: truthItems, scales: scales, effects: effects,
      design: design, sampleSizes: sampleSizes, populationMeans: populationMeans,
      finitePopulationMeans: finitePopulationMeans, dataQuality: quality,
      nonInvariance: DemoModel.nonInvariance.filter { $0.waveIndex < waves.count }.map {
        .init(item: $0.item, wave: waves[$0.waveIndex], locationShift: $0.locationShift, description: $0.description)
      })
  }
}

/// Sums per (wave, group, scale) for population means.
struct MeanAccumulator {
  let factorCount: Int
  private var index: [String: Int] = [:]
  private var keys: [(kind: String, wave: Int, group: String)] = []
  private var sums: [Double] = []
  private var counts: [Int] = []

  init(factorCount: Int) { self.factorCount = factorCount }

  private mutating func slot(_ kind: String, _ wave: Int, _ group: String) -> Int {
    let k = "\(kind)|\(wave)|\(group)"
    if let i = index[k] { return i }
    index[k] = keys.count
    keys.append((kind, wave, group))
    sums += [Double](repeating: 0, count: factorCount)
    counts.append(0)
    return keys.count - 1
  }

  mutating func add(_ v: [Double], wave: Int, land: String, kreis: String?) {
    var slots = [slot("N", wave, ""), slot("L", wave, land)]
    if let kreis { slots.append(slot("K", wave, kreis)) }
    for s in slots {
      for f in 0..<factorCount { sums[s * factorCount + f] += v[f] }
      counts[s] += 1
    }
  }

  func means(factors: [DemoFactor], description: String) -> DemoStudyTruth.Means {
    var out = DemoStudyTruth.Means(description: description, national: [:], land: [:], kreis: [:])
    for (s, key) in keys.enumerated() {
      let n = Double(counts[s])
      var m: [String: Double] = [:]
      for (f, factor) in factors.enumerated() { m[factor.rawValue] = sums[s * factorCount + f] / n }
      let wave = String(key.wave)
      switch key.kind {
      case "N": out.national[wave] = m
      case "L": out.land[key.group, default: [:]][wave] = m
      default: out.kreis[key.group, default: [:]][wave] = m
      }
    }
    return out
  }
}
