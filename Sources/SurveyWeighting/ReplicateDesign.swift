import LinearAlgebra
import Replication

/// How replicate weights are formed from a design (R `as.svrepdesign(type = )`).
public enum ReplicateMethod: Sendable, Equatable, Hashable {
  /// Delete-one-PSU jackknife for unstratified designs: scale (1 − n/N)(n − 1)/n (R `"JK1"`).
  case jackknife1
  /// Stratified delete-one jackknife: rscales (1 − n_h/N_h)(n_h − 1)/n_h, scale 1 (R `"JKn"`).
  case jackknifeN
  /// Balanced repeated replication, two PSUs per stratum: factors 2 and 0, scale 1/R (R `"BRR"`).
  case brr
  /// Fay's BRR: factors 2 − ρ and ρ, scale 1/(R(1 − ρ)²) (R `"Fay"`, `fay.rho`).
  case fay(rho: Double)
  /// Rao–Wu rescaling bootstrap: per stratum n_h − 1 PSUs drawn with replacement, factor
  /// count·n_h/(n_h − 1), scale 1/(R − 1) (R `"subbootstrap"`). The draws come from the
  /// replicate engine (`Replication.ResamplingScheme`, seeded xoshiro256**), so they are
  /// reproducible here but differ from R's RNG.
  case bootstrap(replicates: Int, seed: UInt64)
}

/// A replicate-weight design (R `svrepdesign` / `as.svrepdesign`).
///
/// ```
/// v(θ̂) = scale · Σ_r rscale_r (θ̂_r − c)(θ̂_r − c)ᵀ,  c = θ̂ if mse else mean of θ̂_r (rscale_r > 0)
/// ```
/// R's default for `mse` is `getOption("survey.replicates.mse")`, which is FALSE in survey 4.1;
/// so is ours. Replicate estimates for all p variables come from one matrix product
/// (R×units)·(units×p): replicate factors are stored per PSU (R's compressed form) and the data
/// are first summed to PSUs; supplied weights are stored as n×R.
///
/// Bootstrap designs (``ReplicateMethod/bootstrap(replicates:seed:)``) store no replicate
/// weights at all: the seeded scheme, the PSU of every row and, after ``raked(margins:epsilon:maxIterations:)``,
/// one raking factor per replicate and joint margin cell (R × J). Their replicate totals are
/// computed by the replicate engine (`Replication.GroupedReplicateTotals`) in blocks of
/// replicates: memory is the engine's class tables (O(n)), one block of B × cells × p totals
/// (B chosen from a 32 MiB budget, so bounded whatever R is) and the R × p replicate estimates
/// the variance needs; never n × R (nor units × R). Only ``replicateWeights`` expands them (and
/// `calibrated(model:…)`, which calibrates each expanded column; raking does not).
public struct ReplicateDesign: Sendable {
  /// Full-sample weights.
  public let weights: [Double]
  public let scale: Double
  public let rscales: [Double]
  public let mse: Bool
  /// Degrees of freedom (R `degf` of a replicate design): JK1 R − 1, JKn #PSU − #strata,
  /// BRR/Fay #strata, bootstrap min(R, #PSU) − 1 (R uses the rank of the weights), supplied R − 1.
  public let degreesOfFreedom: Int
  let storage: _ReplicateStorage

  /// Number of replicates R.
  public var replicateCount: Int { rscales.count }
  public var count: Int { weights.count }

  /// A design from supplied replicate weights (R `svrepdesign(repweights, combined.weights = TRUE)`).
  ///
  /// - Parameters:
  ///   - replicateWeights: n×R final replicate weights.
  ///   - scale, rscales: variance constants (see the type's formula); rscales default to 1.
  ///   - mse: centre at the full-sample estimate (true) or at the replicate mean (false, R default).
  public init(weights: [Double], replicateWeights: Matrix, scale: Double, rscales: [Double]? = nil, mse: Bool = false, degreesOfFreedom: Int? = nil) throws(DesignError) {
    if replicateWeights.rows != weights.count {
      throw .lengthMismatch(what: "replicate weights", expected: weights.count, found: replicateWeights.rows)
    }
    let r = replicateWeights.columns
    let rs = rscales ?? [Double](repeating: 1, count: r)
    if rs.count != r { throw .lengthMismatch(what: "rscales", expected: r, found: rs.count) }
    if !(scale.isFinite && scale >= 0) { throw .invalidArgument(name: "scale", value: "\(scale)", allowed: "a finite value >= 0") }
    self.weights = weights
    self.scale = scale
    self.rscales = rs
    self.mse = mse
    self.degreesOfFreedom = degreesOfFreedom ?? (r - 1)
    self.storage = .dense(replicateWeights)
  }

  init(weights: [Double], factors: Matrix, unitOfRow: [Int], scale: Double, rscales: [Double], mse: Bool, degreesOfFreedom: Int) {
    self.weights = weights
    self.scale = scale
    self.rscales = rscales
    self.mse = mse
    self.degreesOfFreedom = degreesOfFreedom
    self.storage = .compressed(factors: factors, unitOfRow: unitOfRow)
  }

  init(weights: [Double], engine: _ReplicateEngine, scale: Double, rscales: [Double], mse: Bool, degreesOfFreedom: Int) {
    self.weights = weights
    self.scale = scale
    self.rscales = rscales
    self.mse = mse
    self.degreesOfFreedom = degreesOfFreedom
    self.storage = .engine(engine)
  }

  /// The n×R replicate weights (expanded; memory n·R doubles: for exports and tests, never used
  /// by the estimators of a bootstrap design).
  public var replicateWeights: Matrix {
    switch storage {
    case .dense(let m): return m
    case .compressed(let f, let unit):
      var m = Matrix(rows: count, columns: f.columns)
      for r in 0..<f.columns { for i in 0..<count { m.elements[r * count + i] = weights[i] * f[unit[i], r] } }
      return m
    case .engine(let e):
      let R = e.scheme.replicates
      var m = Matrix(rows: count, columns: R)
      for r in 0..<R {
        let mult = e.scheme.multipliers(replicate: r)
        for i in 0..<count {
          var w = e.baseWeights[i] * mult[e.psuOfRow[i]]
          if let f = e.cellFactors { w *= f[r * e.cellCount + e.cellOfRow[i]] }
          m.elements[r * count + i] = w
        }
      }
      return m
    }
  }

  /// Σ_i w_ir·y_ij for every replicate r and column j (R×p), where `y` is n×p.
  func _replicateTotals(_ y: Matrix) -> Matrix {
    switch storage {
    case .dense(let m): return gemm(transA: .transposed, a: m, b: y)
    case .compressed(let f, let unit):
      let n = y.rows, p = y.columns, u = f.rows
      var t = Matrix(rows: u, columns: p)
      for j in 0..<p { for i in 0..<n { t.elements[j * u + unit[i]] += weights[i] * y.elements[j * n + i] } }
      return gemm(transA: .transposed, a: f, b: t)
    case .engine(let e):
      return e.totals(y, domainOfRow: nil, domainCount: 1)[0]
    }
  }

  /// The replicate totals of `a` and `b` (same rows): one pass of the engine's draws for a
  /// bootstrap design, two products otherwise (unchanged arithmetic).
  func _replicateTotals(_ a: Matrix, _ b: Matrix) -> (Matrix, Matrix) {
    guard case .engine(let e) = storage else { return (_replicateTotals(a), _replicateTotals(b)) }
    let t = e.totals(_hcat(a, b), domainOfRow: nil, domainCount: 1)[0]
    return (_columns(t, 0..<a.columns), _columns(t, a.columns..<(a.columns + b.columns)))
  }

  /// Replicate variance-covariance of the R×p replicate estimates.
  func _variance(_ thetas: Matrix, full: [Double]) -> Matrix {
    let r = thetas.rows, p = thetas.columns
    var center = full
    if !mse {
      center = [Double](repeating: 0, count: p)
      var k = 0.0
      for i in 0..<r where rscales[i] > 0 { k += 1; for j in 0..<p { center[j] += thetas[i, j] } }
      for j in 0..<p { center[j] /= k }
    }
    var d = thetas
    for j in 0..<p { for i in 0..<r { d.elements[j * r + i] = (thetas.elements[j * r + i] - center[j]) * rscales[i].squareRoot() } }
    return scale * crossProduct(d)
  }

  func _prepare(_ x: Matrix, missing: SurveyMissingPolicy) throws(DesignError) -> (values: Matrix, mask: Matrix) {
    let n = x.rows, p = x.columns
    if n != count { throw .lengthMismatch(what: "the analysis matrix", expected: count, found: n) }
    var values = x, mask = Matrix(rows: n, columns: p, repeating: 1)
    var rowOK = [Bool](repeating: true, count: n)
    for j in 0..<p {
      var c = 0
      for i in 0..<n where x.elements[j * n + i].isNaN { c += 1; rowOK[i] = false }
      if c > 0 && missing == .fail { throw .missingValues(column: j, count: c) }
    }
    for j in 0..<p {
      for i in 0..<n {
        let v = x.elements[j * n + i]
        let keep = missing == .perVariable ? !v.isNaN : rowOK[i]
        if v.isNaN { values.elements[j * n + i] = 0 }
        if !keep { mask.elements[j * n + i] = 0; values.elements[j * n + i] = 0 }
      }
    }
    return (values, mask)
  }

  /// Weighted means of every column with replicate standard errors (R `svymean` on a `svyrep.design`).
  ///
  /// Replicate means θ̂_rj = Σ_i w_ir m_ij y_ij / Σ_i w_ir m_ij (m = non-missing mask): two
  /// matrix products. Design effect as R: v_srs = s²·(N − n)/(N·n), s² = n/(n − 1)·weighted variance.
  public func mean(_ x: Matrix, missing: SurveyMissingPolicy = .fail, designEffect: DesignEffectKind = .none) throws(DesignError) -> DesignEstimates {
    let (values, mask) = try _prepare(x, missing: missing)
    let n = x.rows, p = x.columns
    let (num, den) = _replicateTotals(values, mask)
    var thetas = num
    for k in 0..<thetas.elements.count { thetas.elements[k] /= den.elements[k] }
    var full = [Double](repeating: 0, count: p), wsum = [Double](repeating: 0, count: p), nobs = [Double](repeating: 0, count: p)
    for j in 0..<p {
      for i in 0..<n where mask.elements[j * n + i] != 0 {
        full[j] += weights[i] * values.elements[j * n + i]; wsum[j] += weights[i]; nobs[j] += 1
      }
      if !(wsum[j] > 0) { throw .noObservations(what: "column \(j + 1)") }
      full[j] /= wsum[j]
    }
    let cov = _variance(thetas, full: full)
    var items: [DesignEstimate] = []
    for j in 0..<p {
      var deff: Double? = nil
      if designEffect != .none {
        var s = 0.0
        for i in 0..<n where mask.elements[j * n + i] != 0 {
          let d = values.elements[j * n + i] - full[j]; s += weights[i] * d * d
        }
        let s2 = s / wsum[j] * nobs[j] / (nobs[j] - 1)
        var vsrs = s2 / nobs[j]
        if designEffect == .withoutReplacement { vsrs *= (wsum[j] - nobs[j]) / wsum[j] }
        deff = cov[j, j] / vsrs
      }
      items.append(DesignEstimate(estimate: full[j], standardError: cov[j, j].squareRoot(), degreesOfFreedom: degreesOfFreedom, designEffect: deff))
    }
    return DesignEstimates(items: items, covariance: cov)
  }

  /// Weighted totals with replicate standard errors (R `svytotal` on a `svyrep.design`).
  public func total(_ x: Matrix, missing: SurveyMissingPolicy = .fail) throws(DesignError) -> DesignEstimates {
    let (values, _) = try _prepare(x, missing: missing)
    let n = x.rows, p = x.columns
    let thetas = _replicateTotals(values)
    var full = [Double](repeating: 0, count: p)
    for j in 0..<p { for i in 0..<n { full[j] += weights[i] * values.elements[j * n + i] } }
    let cov = _variance(thetas, full: full)
    return DesignEstimates(items: (0..<p).map { DesignEstimate(estimate: full[$0], standardError: cov[$0, $0].squareRoot(), degreesOfFreedom: degreesOfFreedom) }, covariance: cov)
  }

  /// Ratio of totals with replicate standard error (R `svyratio` on a `svyrep.design`).
  public func ratio(numerator y: [Double], denominator x: [Double], missing: SurveyMissingPolicy = .fail) throws(DesignError) -> DesignEstimate {
    let (values, _) = try _prepare(Matrix(columnVectors: [y, x]), missing: missing == .perVariable ? .dropRows : missing)
    let t = _replicateTotals(values)
    var thetas = Matrix(rows: t.rows, columns: 1)
    for r in 0..<t.rows { thetas.elements[r] = t[r, 0] / t[r, 1] }
    var ty = 0.0, tx = 0.0
    for i in 0..<count { ty += weights[i] * values[i, 0]; tx += weights[i] * values[i, 1] }
    let v = _variance(thetas, full: [ty / tx])
    return DesignEstimate(estimate: ty / tx, standardError: v[0, 0].squareRoot(), degreesOfFreedom: degreesOfFreedom)
  }

  /// Domain means (R `svyby(…, svymean)` on a replicate design): a domain is the rows with its
  /// label; replicate estimates use only their rows (one gather and one product per domain).
  public func domainMeans(_ x: Matrix, domains: [String?], missing: SurveyMissingPolicy = .fail) throws(DesignError) -> [DomainEstimates] {
    if domains.count != count { throw .lengthMismatch(what: "domains", expected: count, found: domains.count) }
    let (values, mask) = try _prepare(x, missing: missing)
    let labels = Array(Set(domains.compactMap { $0 })).sorted()
    // A bootstrap design: every domain's replicate totals from one pass of the engine.
    var engineTotals: [Matrix]? = nil
    if case .engine(let e) = storage {
      var code: [String: Int] = [:]
      for (k, l) in labels.enumerated() { code[l] = k }
      engineTotals = e.totals(_hcat(values, mask), domainOfRow: domains.map { $0.flatMap { code[$0] } }, domainCount: labels.count)
    }
    var out: [DomainEstimates] = []
    for (k, label) in labels.enumerated() {
      var dv = values, dm = mask
      var m = 0
      for i in 0..<count where domains[i] != label {
        for j in 0..<x.columns { dv.elements[j * count + i] = 0; dm.elements[j * count + i] = 0 }
      }
      for i in 0..<count where domains[i] == label { m += 1 }
      let (num, den) = engineTotals.map { (_columns($0[k], 0..<x.columns), _columns($0[k], x.columns..<(2 * x.columns))) }
        ?? (_replicateTotals(dv), _replicateTotals(dm))
      var thetas = num
      for k in 0..<thetas.elements.count { thetas.elements[k] /= den.elements[k] }
      var full = [Double](repeating: 0, count: x.columns)
      for j in 0..<x.columns {
        var s = 0.0, w = 0.0
        for i in 0..<count where dm.elements[j * count + i] != 0 { s += weights[i] * dv.elements[j * count + i]; w += weights[i] }
        full[j] = s / w
      }
      let cov = _variance(thetas, full: full)
      out.append(DomainEstimates(domain: label, count: m, estimates: DesignEstimates(
        items: (0..<x.columns).map { DesignEstimate(estimate: full[$0], standardError: cov[$0, $0].squareRoot(), degreesOfFreedom: degreesOfFreedom) },
        covariance: cov)))
    }
    return out
  }
}

/// [a b]: the columns of a, then those of b (same rows).
func _hcat(_ a: Matrix, _ b: Matrix) -> Matrix {
  Matrix(rows: a.rows, columns: a.columns + b.columns, columnMajor: a.elements + b.elements)
}

/// Columns `range` of m.
func _columns(_ m: Matrix, _ range: Range<Int>) -> Matrix {
  Matrix(rows: m.rows, columns: range.count, columnMajor: Array(m.elements[(range.lowerBound * m.rows)..<(range.upperBound * m.rows)]))
}

enum _ReplicateStorage: Sendable {
  case dense(Matrix)
  case compressed(factors: Matrix, unitOfRow: [Int])
  case engine(_ReplicateEngine)
}

/// The replicate weights of a bootstrap design without storing them: w_ir = d_i · m_{p(i),r} ·
/// ρ_{r,c(i)} (d = base weights, m = the scheme's multipliers of replicate r, ρ = the raking
/// factor of replicate r's joint margin cell c(i), 1 without raking).
struct _ReplicateEngine: Sendable {
  let scheme: ResamplingScheme
  let psuOfRow: [Int]
  let baseWeights: [Double]
  /// Joint margin cell of every row and their number (one cell without raking).
  let cellOfRow: [Int]
  let cellCount: Int
  /// Raking factors, replicate-major: [r · cellCount + c] (nil without raking).
  let cellFactors: [Double]?
  /// Bytes for one block of replicate totals.
  var memoryBudget = 32 << 20

  /// Per domain, the R × p replicate totals Σ_{i ∈ d} w_ir·y_ij (domainOfRow nil: one domain of
  /// all rows). Rows are grouped by (domain, cell); the engine gives per replicate the group
  /// totals of d_i·y_ij under the multipliers, and a cell's totals are scaled by its raking
  /// factor. Rows in no domain are left out (the raking factors were fixed beforehand).
  func totals(_ y: Matrix, domainOfRow: [Int?]?, domainCount: Int) -> [Matrix] {
    let n = y.rows, p = y.columns, J = cellCount
    var groupOfRow = [Int](repeating: -1, count: n)
    for i in 0..<n {
      if let d = domainOfRow { if let k = d[i] { groupOfRow[i] = k * J + cellOfRow[i] } } else { groupOfRow[i] = cellOfRow[i] }
    }
    var values = y
    for j in 0..<p { for i in 0..<n { values.elements[j * n + i] *= baseWeights[i] } }
    let D = domainOfRow == nil ? 1 : domainCount
    // The engine only refuses inputs of the wrong length, which cannot happen here.
    let engine = try! GroupedReplicateTotals(scheme: scheme, psuOfRow: psuOfRow, groupOfRow: groupOfRow, groupCount: D * J, values: values)
    let R = scheme.replicates
    var out = [Matrix](repeating: Matrix(rows: R, columns: p), count: D)
    engine.forEachBlock(memoryBudget: memoryBudget) { block in
      for r in block.range {
        for d in 0..<D {
          for j in 0..<p {
            var s = 0.0
            for c in 0..<J {
              let f = cellFactors?[r * J + c] ?? 1
              s += f * block.total(replicate: r, group: d * J + c, column: j)
            }
            out[d].elements[j * R + r] = s
          }
        }
      }
    }
    return out
  }
}

extension SurveyDesign {
  /// Replicate weights for this design (R `as.svrepdesign(design, type = )`).
  ///
  /// Only the first stage is used (R drops later-stage fpcs with a warning); JK1 and JKn take the
  /// first-stage fpc into scale/rscales, BRR/Fay ignore it (R warns "fpc dropped"), the Rao–Wu
  /// bootstrap ignores it (as R `subbootstrap`).
  public func replicateDesign(_ method: ReplicateMethod, mse: Bool = false) throws(DesignError) -> ReplicateDesign {
    let st = stages[0]
    let units = st.unitCount
    let nStrata = st.stratumLabels.count
    var unitsOf = [[Int]](repeating: [], count: nStrata)
    for u in 0..<units { unitsOf[st.stratumOfUnit[u]].append(u) }
    switch method {
    case .jackknife1:
      if isStratified && nStrata > 1 {
        throw .replicateMethodNotApplicable(method: "JK1", reason: "the design is stratified; use jackknifeN")
      }
      let n = units
      if n < 2 { throw .replicateMethodNotApplicable(method: "JK1", reason: "fewer than 2 PSUs") }
      var f = Matrix(rows: n, columns: n, repeating: Double(n) / Double(n - 1))
      for r in 0..<n { f[r, r] = 0 }
      let fpc = _f(st, 0)
      return ReplicateDesign(weights: weights, factors: f, unitOfRow: st.unitOfRow, scale: fpc * Double(n - 1) / Double(n),
                             rscales: [Double](repeating: 1, count: n), mse: mse, degreesOfFreedom: n - 1)
    case .jackknifeN:
      var columns: [[Double]] = [], rscales: [Double] = []
      var skipped = 0
      // Strata in order of first appearance, as R's `unique(strata)` (replicate order matches R).
      let appearance = (0..<nStrata).sorted { (unitsOf[$0].first ?? 0) < (unitsOf[$1].first ?? 0) }
      for h in appearance {
        let members = unitsOf[h], nh = members.count
        if nh == 1 {
          switch lonelyPSU {
          case .fail: throw .singlePSUStratum(stratum: st.stratumLabels[h], stage: 1)
          case .remove, .certainty, .average: skipped += 1; continue
          case .adjust:
            var col = [Double](repeating: Double(nStrata) / Double(nStrata - 1), count: units)
            col[members[0]] = 0
            columns.append(col); rscales.append(Double(nStrata - 1) / Double(nStrata)); continue
          }
        }
        for drop in members {
          var col = [Double](repeating: 1, count: units)
          for u in members { col[u] = u == drop ? 0 : Double(nh) / Double(nh - 1) }
          columns.append(col)
          rscales.append(_f(st, h) * Double(nh - 1) / Double(nh))
        }
      }
      var scale = 1.0
      if lonelyPSU == .average && skipped > 0 { scale = Double(units) / Double(columns.count) }
      return ReplicateDesign(weights: weights, factors: Matrix(columnVectors: columns), unitOfRow: st.unitOfRow, scale: scale,
                             rscales: rscales, mse: mse, degreesOfFreedom: units - nStrata)
    case .brr, .fay:
      var rho = 0.0
      if case .fay(let r) = method {
        if !(r >= 0 && r < 1) { throw .invalidArgument(name: "rho", value: "\(r)", allowed: "0 <= rho < 1") }
        rho = r
      }
      if !isStratified { throw .replicateMethodNotApplicable(method: "BRR", reason: "the design is not stratified") }
      for h in 0..<nStrata where unitsOf[h].count != 2 { throw .brrNeedsTwoPSUs(stratum: st.stratumLabels[h], found: unitsOf[h].count) }
      // Sylvester Hadamard matrix of order R = smallest power of two > #strata; column 0 (all +1) unused.
      var order = 1
      while order <= nStrata { order *= 2 }
      func hadamard(_ i: Int, _ j: Int) -> Double { (i & j).nonzeroBitCount % 2 == 0 ? 1 : -1 }
      var f = Matrix(rows: units, columns: order)
      for r in 0..<order {
        for h in 0..<nStrata {
          let s = hadamard(r, h + 1)
          f[unitsOf[h][0], r] = s > 0 ? 2 - rho : rho
          f[unitsOf[h][1], r] = s > 0 ? rho : 2 - rho
        }
      }
      return ReplicateDesign(weights: weights, factors: f, unitOfRow: st.unitOfRow, scale: 1 / (Double(order) * (1 - rho) * (1 - rho)),
                             rscales: [Double](repeating: 1, count: order), mse: mse, degreesOfFreedom: nStrata)
    case .bootstrap(let replicates, let seed):
      if replicates < 2 { throw .invalidArgument(name: "replicates", value: "\(replicates)", allowed: ">= 2") }
      if lonelyPSU == .fail, let h = (0..<nStrata).first(where: { unitsOf[$0].count < 2 }) {
        throw .singlePSUStratum(stratum: st.stratumLabels[h], stage: 1)
      }
      // The replicate engine's Rao–Wu scheme (Replication): one frame over the first-stage units,
      // keyed by stratum and unit: the same scheme and generator as `index`, `rank` and `compare`.
      let scheme: ResamplingScheme
      let unitPSU: [Int]
      do {
        let (frame, psu) = try ResamplingFrame.single(strata: (0..<units).map { st.stratumLabels[st.stratumOfUnit[$0]] },
                                                      keys: (0..<units).map { String($0) })
        scheme = try ResamplingScheme(frame: frame, method: .raoWu, replicates: replicates, seed: seed, lonely: .fixed)
        unitPSU = psu
      } catch {
        throw .invalidArgument(name: "bootstrap", value: "\(error)", allowed: "a design with sampling units")
      }
      // No units × R factor matrix: the engine draws the multipliers when totals are asked for.
      let engine = _ReplicateEngine(scheme: scheme, psuOfRow: st.unitOfRow.map { unitPSU[$0] }, baseWeights: weights,
                                    cellOfRow: [Int](repeating: 0, count: count), cellCount: 1, cellFactors: nil)
      return ReplicateDesign(weights: weights, engine: engine, scale: 1 / Double(replicates - 1),
                             rscales: [Double](repeating: 1, count: replicates), mse: mse, degreesOfFreedom: min(replicates, units) - 1)
    }
  }
}
