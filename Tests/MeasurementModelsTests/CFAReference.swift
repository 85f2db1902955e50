// Loaders for the lavaan references (Datasets/reference/cfa/*.json) and the Holzinger data.
import Foundation
import LinearAlgebra
import MeasurementModels
import _TestSupport

enum CFARef {
  static func load(_ name: String) throws -> [String: Any] { try referenceJSON("Datasets/reference/cfa/\(name).json") }

  static func number(_ any: Any?) -> Double {
    if let n = any as? NSNumber { return n.doubleValue }
    if let s = any as? String { return s == "Inf" ? .infinity : s == "-Inf" ? -.infinity : Double(s) ?? .nan }
    return .nan
  }

  /// Parameter rows keyed "group:lhs op rhs" → column → value.
  static func parameters(_ obj: Any?) -> [String: [String: Double]] {
    guard let t = obj as? [String: Any], let lhs = t["lhs"] as? [String], let op = t["op"] as? [String],
      let rhs = t["rhs"] as? [String] else { return [:] }
    let group = (t["group"] as? [Any])?.map { Int(number($0)) } ?? Array(repeating: 1, count: lhs.count)
    var out: [String: [String: Double]] = [:]
    for i in lhs.indices {
      var row: [String: Double] = [:]
      for col in ["est", "est_tight", "se", "z", "pvalue", "ci_lower", "ci_upper", "std_lv", "std_all"] {
        row[col] = number((t[col] as? [Any])?[i])
      }
      out["\(group[i]):\(lhs[i])\(op[i])\(rhs[i])"] = row
    }
    return out
  }

  static func key(_ e: CFAEstimate) -> String { "\(e.group + 1):\(e.lhs)\(e.op)\(e.rhs)" }

  /// Holzinger–Swineford: x1..x9 and school, from the committed CSV.
  static func holzinger() throws -> (x: Matrix, school: [String]) {
    let h = try holzingerWithID()
    return (h.x, h.school)
  }

  static func holzingerWithID() throws -> (x: Matrix, school: [String], id: [Int]) {
    let text = try String(contentsOfFile: repoPath("Datasets/real/holzinger/holzinger.csv"), encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    let header = lines.removeFirst().split(separator: ",").map { $0.replacingOccurrences(of: "\"", with: "") }
    let cols = (1...9).map { header.firstIndex(of: "x\($0)")! }
    let sc = header.firstIndex(of: "school")!
    let ic = header.firstIndex(of: "id")!
    var rows: [[Double]] = []
    var school: [String] = []
    var ids: [Int] = []
    for l in lines {
      let f = l.split(separator: ",", omittingEmptySubsequences: false).map { $0.replacingOccurrences(of: "\"", with: "") }
      rows.append(cols.map { Double(f[$0]) ?? .nan })
      school.append(f[sc])
      ids.append(Int(f[ic])!)
    }
    return (Matrix(rows), school, ids)
  }

  /// The documented FIML missingness rule: row i (1-based), item j in 1…9 missing when (37 i + 11 j) mod 23 == 0.
  static func holzingerMissing() throws -> Matrix {
    var x = try holzinger().x
    for i in 0..<x.rows { for j in 0..<9 where (37 * (i + 1) + 11 * (j + 1)) % 23 == 0 { x[i, j] = .nan } }
    return x
  }

  static let model = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"

  /// Compares every reference parameter row with ours; returns the mismatches.
  static func compare(_ fit: CFAFit, _ ref: [String: [String: Double]], columns: [String], relative: Double,
                      absolute: Double = 1e-12) -> [String] {
    var bad: [String] = []
    var ours: [String: CFAEstimate] = [:]
    for e in fit.estimates { ours[key(e)] = e }
    for (k, row) in ref {
      guard let e = ours[k] else { bad.append("missing \(k)"); continue }
      for c in columns {
        let r = row[c] ?? .nan
        let o = value(e, column: c)
        if r.isNaN && (o.isNaN || e.free == nil) { continue }
        // p-values and CI bounds amplify the last digits of est and SE: p by about z², a CI bound
        // by (|est| + 2 SE)/|bound|; the tolerance is scaled accordingly (no looser for est, SE, z).
        var tol = relative, abs = absolute
        if c == "pvalue" { tol = relative * Swift.max(1, e.z * e.z) }
        if c.hasPrefix("ci_") { abs = Swift.max(absolute, relative * (Swift.abs(e.estimate) + 2 * e.standardError)) }
        if !isClose(o, r, relative: tol, absolute: abs) { bad.append("\(k) \(c): \(o) vs lavaan \(r)") }
      }
    }
    if ref.count != fit.estimates.count { bad.append("rows: \(fit.estimates.count) vs lavaan \(ref.count)") }
    return bad
  }

  /// The free-parameter vector of a fit filled from reference estimates (rows matched by key).
  static func referenceVector(_ fit: CFAFit, _ ref: [String: [String: Double]]) -> [Double] {
    var x = fit.x
    for e in fit.estimates { if let k = e.free, let v = ref[key(e)]?["est"] { x[k] = v } }
    return x
  }

  /// The two-part check used for every lavaan case: (1) our optimum against lavaan's solution
  /// polished to the optimum (`est_tight`) at `estimateTolerance`; (2) SEs, z, p, CIs, standardized
  /// values and fit measures evaluated at lavaan's own (default-converged) estimates against
  /// lavaan's output, at `seTolerance` and `fitTolerance`.
  static func check(model: MeasurementModel, groups: [CFAGroupData], options: CFAOptions, ref: [String: Any],
                    estimateTolerance: Double, seTolerance: Double, fitTolerance: Double, fitNames: [String]) throws -> (fit: CFAFit, atReference: CFAFit, problems: [String]) {
    let fit = try ConfirmatoryFactorAnalysis.fit(model: model, groups: groups, options: options)
    let params = parameters(ref["parameters"])
    var problems = compare(fit, params, columns: ["est_tight"], relative: estimateTolerance)
    let atRef = try ConfirmatoryFactorAnalysis.fit(model: model, groups: groups, options: options,
                                                   evaluateAt: referenceVector(fit, params))
    problems += compare(atRef, params, columns: ["se", "z", "pvalue", "ci_lower", "ci_upper", "std_lv", "std_all"], relative: seTolerance)
    problems += compareFit(atRef.fit, ref["fit"], names: fitNames, relative: fitTolerance, groupCount: groups.count)
    // Our optimum is at least as good as lavaan's default solution.
    if fit.fit.logl < atRef.fit.logl - 1e-9 { problems.append("logl \(fit.fit.logl) below lavaan's \(atRef.fit.logl)") }
    return (fit, atRef, problems)
  }

  /// Ordinal fits: the same comparison over their estimate rows (thresholds keyed "item|tk").
  /// Our value of a parameterEstimates column (lavaan's names; std_all otherwise); a fixed
  /// parameter's SE is 0 as lavaan prints it.
  static func value(_ e: CFAEstimate, column c: String) -> Double {
    switch c {
    case "est", "est_tight": return e.estimate
    case "se": return e.free == nil ? 0 : e.standardError
    case "z": return e.z
    case "pvalue": return e.pValue
    case "ci_lower": return e.ciLower
    case "ci_upper": return e.ciUpper
    case "std_lv": return e.stdLV
    default: return e.stdAll
    }
  }

  static func compareOrdinal(_ fit: OrdinalCFAFit, _ ref: [String: [String: Double]], columns: [String], relative: Double) -> [String] {
    var ours: [String: CFAEstimate] = [:]
    for e in fit.estimates { ours[key(e)] = e }
    var bad: [String] = []
    for (k, row) in ref {
      guard let e = ours[k] else { bad.append("missing \(k)"); continue }
      for c in columns {
        let r = row[c] ?? .nan
        let o = value(e, column: c)
        if r.isNaN && (o.isNaN || e.free == nil) { continue }
        if !isClose(o, r, relative: relative, absolute: 1e-10) { bad.append("\(k) \(c): \(o) vs lavaan \(r)") }
      }
    }
    return bad
  }

  static func referenceVector(_ fit: OrdinalCFAFit, _ ref: [String: [String: Double]]) -> [Double] {
    var x = fit.x
    for e in fit.estimates { if let k = e.free, let v = ref[key(e)]?["est"] { x[k] = v } }
    return x
  }

  static func fitValue(_ f: FitMeasures, _ name: String) -> Double? {
    switch name {
    case "npar": return Double(f.npar)
    case "fmin": return f.fmin
    case "chisq": return f.chisq
    case "df": return Double(f.df)
    case "pvalue": return f.pvalue
    case "baseline.chisq": return f.baselineChisq
    case "baseline.df": return Double(f.baselineDF)
    case "cfi": return f.cfi
    case "tli": return f.tli
    case "logl": return f.logl
    case "unrestricted.logl": return f.unrestrictedLogl
    case "aic": return f.aic
    case "bic": return f.bic
    case "bic2": return f.bic2
    case "ntotal": return f.ntotal
    case "rmsea": return f.rmsea
    case "rmsea.ci.lower": return f.rmseaLower
    case "rmsea.ci.upper": return f.rmseaUpper
    case "rmsea.pvalue": return f.rmseaPClose
    case "srmr": return f.srmr
    case "chisq.scaled": return f.scaled?.chisq
    case "pvalue.scaled": return f.scaled?.pvalue
    case "chisq.scaling.factor": return f.scaled?.scalingFactor
    case "baseline.chisq.scaled": return f.scaled?.baselineChisq
    case "baseline.chisq.scaling.factor": return f.scaled?.baselineScalingFactor
    case "cfi.scaled": return f.scaled?.cfi
    case "tli.scaled": return f.scaled?.tli
    case "rmsea.scaled": return f.scaled?.rmsea
    case "rmsea.ci.lower.scaled": return f.scaled?.rmseaLower
    case "rmsea.ci.upper.scaled": return f.scaled?.rmseaUpper
    case "rmsea.pvalue.scaled": return f.scaled?.rmseaPClose
    case "cfi.robust": return f.robust?.cfi
    case "tli.robust": return f.robust?.tli
    case "rmsea.robust": return f.robust?.rmsea
    case "rmsea.ci.lower.robust": return f.robust?.rmseaLower
    case "rmsea.ci.upper.robust": return f.robust?.rmseaUpper
    case "rmsea.pvalue.robust": return f.robust?.rmseaPClose
    default: return nil
    }
  }

  /// Compares the named fit measures; names without a counterpart here are listed in `skipped`.
  static func compareFit(_ f: FitMeasures, _ ref: Any?, names: [String], relative: Double, groupCount: Int = 1,
                         rmseaN: Double? = nil) -> [String] {
    let r = ref as? [String: Any] ?? [:]
    var bad: [String] = []
    for n in names {
      guard let o = fitValue(f, n) else { bad.append("no value for \(n)"); continue }
      let v = number(r[n])
      if n.hasPrefix("rmsea.ci.") {
        // lavaan finds the CI's noncentrality λ with uniroot at its default tol = ε^¼ ≈ 1.22e-4 (in λ);
        // ours is exact. Compare on the λ scale, λ = bound² N df / G, to uniroot's tolerance.
        // Robust: bound = √(ĉ λ/(N df₃))·√G, so λ = bound² N df₃ / (ĉ G).
        let df = n.hasSuffix(".scaled") ? (f.scaled.map { $0.scalingFactor } ?? 1) * Double(f.df)
          : n.hasSuffix(".robust") ? (f.robust.map { $0.df / $0.scalingFactor } ?? .nan) : Double(f.df)
        let scale = (rmseaN ?? f.ntotal) * df / Double(groupCount)
        if abs(o * o * scale - v * v * scale) > 1.3e-4 && !isClose(o, v, relative: relative) {
          bad.append("\(n): \(o) vs lavaan \(v) (λ differs by \(abs(o * o - v * v) * scale))")
        }
        continue
      }
      // A χ² tail probability moves by about (χ²/2)·δ relative when χ² moves by δ relative; and lavaan
      // computes it as 1 − pchisq(χ², df), whose absolute error is ~1e-16 (ours is the upper tail
      // directly), so tiny p-values are compared to 1e-15 absolute.
      let isP = n.hasPrefix("pvalue") || n.hasPrefix("rmsea.pvalue")
      let tol = isP ? relative * Swift.max(1, f.chisq / 2) : relative
      if !isClose(o, v, relative: tol, absolute: isP ? 1e-15 : 1e-300) { bad.append("\(n): \(o) vs lavaan \(v)") }
    }
    return bad
  }
}
