import Foundation

// Glue from a study to the MeasurementModels library (model from the codebook's scales, groups,
// design) and from its results to report tables. The statistics live in MeasurementModels.

/// Estimators offered by `trustmetrics cfa`.
public enum CFAEstimatorChoice: String, Sendable, CaseIterable {
  case ml, mlr, wlsmv
}

/// Missing-data handling offered by `trustmetrics cfa`.
public enum CFAMissingChoice: String, Sendable, CaseIterable {
  /// Complete cases on the model's items (ML, MLR).
  case listwise
  /// Full-information ML (ML, MLR).
  case fiml
  /// Pairwise-present data for thresholds and polychoric correlations (WLSMV).
  case pairwise
}

/// What `cfa` should do on a study.
public struct StudyCFARequest: Sendable {
  public var scales: [String]? = nil
  /// lavaan-syntax model text and its file name (for error messages); nil = the codebook's scales.
  public var modelText: String? = nil
  public var modelFile: String? = nil
  public var estimator: CFAEstimatorChoice = .ml
  public var missing: CFAMissingChoice? = nil
  public var grouping: Grouping = .none
  public var wave: Int? = nil
  public var excludeGroups: Set<String> = []
  /// Apply the codebook's design: sampling weights and cluster-robust SEs (MLR machinery, as lavaan).
  public var design: Bool = false
  public var invariance: Bool = false
  public var free: Set<String> = []
  public var search: Bool = false
  /// Factor variances 1, all loadings free (lavaan std.lv = TRUE); single group.
  public var standardizedLatent: Bool = false
  public init() {}
}

/// The result of `cfa` on a study, ready to report.
public struct StudyCFAResult: Sendable {
  public var model: MeasurementModel
  public var request: StudyCFARequest
  public var groups: [(key: String, label: String, n: Int)]
  /// The single model (no invariance) or the configural step.
  public var fit: any MeasurementFit
  public var invariance: InvarianceSequence?
  public var modificationIndices: [ModificationIndex]
  public var omega: [FactorOmega]
  /// Per-respondent rows used, per group (for scores).
  public var rows: [[Int]]
}

public enum StudyCFA {
  /// The default model: one factor per codebook scale, its items as indicators, in codebook order
  /// except that the first non-reverse-keyed item comes first (it is the marker whose loading is
  /// fixed to 1, so each factor points in the scale's direction). Reverse-keyed items are not
  /// reflected: they load negatively, as they do in lavaan on the raw responses; reflecting them
  /// would change their intercepts and thresholds but not the fit.
  public static func defaultModel(_ study: Study, scales ids: [String]?) throws -> (syntax: String, keys: [String: Double]) {
    let scales = try (ids ?? study.scales.map(\.id)).map { id -> Scale in
      guard let s = study.scale(id) else {
        throw MeasurementModelError.unknownScale(id, available: study.scales.map(\.id))
      }
      return s
    }
    guard !scales.isEmpty else { throw MeasurementModelError.invalid("the codebook declares no scales; give a model file with --model") }
    var keys: [String: Double] = [:]
    var lines: [String] = []
    for s in scales {
      var items = s.items
      if let first = s.items.indices.first(where: { s.keys[$0] > 0 }), first > 0 { items.insert(items.remove(at: first), at: 0) }
      for (i, k) in zip(s.items, s.keys) { keys[i] = Double(k) }
      lines.append("\(s.id) =~ " + items.joined(separator: " + "))
    }
    return (lines.joined(separator: "\n"), keys)
  }

  public static func run(_ data: StudyData, _ request: StudyCFARequest) throws -> StudyCFAResult {
    do { return try runUnlabelled(data, request) } catch MeasurementModelError.groupTooSmall(let g, let n, let k) {
      // Name the group with its label (e.g. "04 Bremen"), and say how to leave it out.
      let label = Describe.groups(data, by: request.grouping).first { $0.key == g }?.label
      throw MeasurementModelError.invalid("group '\(g)'\(label.map { $0 == g ? "" : " (\($0))" } ?? "") has \(n) respondents with data; a group model needs at least \(k) (items + 1); leave it out with --exclude-groups \(g)")
    }
  }

  static func runUnlabelled(_ data: StudyData, _ request: StudyCFARequest) throws -> StudyCFAResult {
    let study = data.study
    let (defaultSyntax, keys) = request.modelText == nil ? try defaultModel(study, scales: request.scales) : ("", [:])
    let itemIDs = study.items.map(\.id)
    let model = try MeasurementModel(text: request.modelText ?? defaultSyntax, file: request.modelFile, columns: itemIDs)
    let missing = request.missing ?? (request.estimator == .wlsmv ? .pairwise : .listwise)
    switch (request.estimator, missing) {
    case (.wlsmv, .pairwise), (.ml, .listwise), (.ml, .fiml), (.mlr, .listwise), (.mlr, .fiml): break
    default: throw MeasurementModelError.invalid("--missing \(missing.rawValue) is not available with --estimator \(request.estimator.rawValue) (ML/MLR: listwise or fiml; WLSMV: pairwise)")
    }
    if request.design && request.estimator == .wlsmv && !(study.design?.clusters ?? []).isEmpty {
      throw MeasurementModelError.invalid("--design with --estimator wlsmv: the codebook declares clusters, and cluster-robust SEs for WLSMV (lavaan se = \"robust.cluster.sem\") are not implemented; only sampling weights are (lavaan sampling.weights with ordered items). Use --estimator mlr for a cluster-robust fit, or fit without --design")
    }
    if request.design && missing == .fiml {
      throw MeasurementModelError.invalid("sampling weights and clusters are implemented with listwise deletion only; use --missing listwise with --design")
    }
    let base = data.rows(wave: request.wave)
    let baseSet = Set(base)
    var groupList: [(key: String, label: String, rows: [Int])] = Describe.groups(data, by: request.grouping).map { g in
      (g.key, g.label, g.rows.filter { baseSet.contains($0) })
    }.filter { !$0.rows.isEmpty && !request.excludeGroups.contains($0.key) }
    // Numeric keys in numeric order (2 before 10); the first group is the reference.
    if groupList.allSatisfy({ Double($0.key) != nil }) { groupList.sort { Double($0.key)! < Double($1.key)! } }
    if case .none = request.grouping { groupList = [("all", "all respondents", base)] }
    guard !groupList.isEmpty else { throw MeasurementModelError.invalid("no respondents in the selected groups") }
    // Design columns.
    var clusterCodes: [Int]? = nil
    if request.design {
      guard data.weights != nil || !(study.design?.clusters ?? []).isEmpty else {
        throw MeasurementModelError.invalid("--design: the codebook declares neither a weight nor clusters")
      }
      if let c = study.design?.clusters.first, let col = data.variables[c] {
        var index: [String: Int] = [:]
        clusterCodes = (0..<data.rowCount).map { r in
          let k = col.text(at: r)
          if let v = index[k] { return v }
          index[k] = index.count
          return index.count - 1
        }
      }
    }
    let cols = model.observed.map { id in itemIDs.firstIndex(of: id)! }
    let n = groupList.map { g in (g.key, g.label, g.rows.count) }
    var fit: any MeasurementFit
    var inv: InvarianceSequence? = nil
    var mis: [ModificationIndex] = []
    var omega: [FactorOmega] = []
    if request.estimator == .wlsmv {
      let groups = groupList.map { g in
        OrdinalGroupData(name: g.key, data: data.items.submatrix(rows: g.rows, columns: cols),
                         weights: request.design ? data.weights(rows: g.rows) : nil)
      }
      let sample = try OrdinalCFA.sample(model: model, groups: groups)
      if request.invariance {
        inv = request.search
          ? try InvarianceSequence.partialSearch(model: model, ordinalGroups: groups, free: request.free)
          : try InvarianceSequence.run(model: model, ordinalSample: sample, free: request.free)
        fit = inv!.steps[0].fit
      } else {
        fit = try OrdinalCFA.fit(model: model, sample: sample, options: OrdinalCFAOptions(standardizedLatent: request.standardizedLatent))
      }
    } else {
      let groups = groupList.map { g in
        CFAGroupData(name: g.key, data: data.items.submatrix(rows: g.rows, columns: cols),
                     weights: request.design ? data.weights(rows: g.rows) : nil,
                     clusters: clusterCodes.map { c in g.rows.map { c[$0] } })
      }
      var options = CFAOptions(estimator: request.design ? .mlr : (request.estimator == .mlr ? .mlr : .ml),
                               missing: missing == .fiml ? .fiml : .listwise)
      options.standardizedLatent = request.standardizedLatent && !request.invariance
      if request.invariance {
        inv = request.search
          ? try InvarianceSequence.partialSearch(model: model, groups: groups, options: options, free: request.free)
          : try InvarianceSequence.run(model: model, groups: groups, options: options, free: request.free)
        fit = inv!.steps[0].fit
      } else {
        let f = try ConfirmatoryFactorAnalysis.fit(model: model, groups: groups, options: options)
        fit = f
        mis = try f.modificationIndices().sorted { $0.mi > $1.mi }
        omega = f.omega(keys: keys)
      }
    }
    return StudyCFAResult(model: model, request: request, groups: n, fit: fit, invariance: inv, modificationIndices: mis,
                          omega: omega, rows: groupList.map(\.rows))
  }
}

extension StudyCFAResult {
  var estimatorLabel: String {
    switch request.estimator {
    case .wlsmv: return "WLSMV (DWLS on polychoric correlations and thresholds, robust SEs, scaled-and-shifted χ²), pairwise missing"
      + (request.design ? ", codebook design: sampling weights (weighted thresholds, polychorics and NACOV as lavaan sampling.weights)" : "")
    case .ml where !request.design: return "ML (normal theory, N-denominator covariances, expected-information SEs)" + (request.missing == .fiml ? ", FIML (observed-information SEs)" : ", listwise")
    default:
      return "MLR (Huber–White SEs, Yuan–Bentler scaled χ²)" + (request.design ? ", codebook design: sampling weights" + ((fit as? CFAFit)?.groupsHaveClusters == true ? " and cluster-robust SEs" : "") : "")
        + (request.missing == .fiml ? ", FIML" : ", listwise")
    }
  }

  /// Fit statistics (one row per measure; the scaled column for MLR/WLSMV).
  public func fitTable() -> ReportTable {
    let f = fit.fit
    let rb = f.robust
    var columns = [ReportColumn("measure"), ReportColumn("value", .number, digits: 3), ReportColumn("scaled", .number, digits: 3)]
    if rb != nil { columns.append(ReportColumn("robust", .number, digits: 3)) }
    var t = ReportTable(id: "cfa_fit", title: "Model fit", columns: columns)
    func row(_ name: String, _ v: Double, _ s: Double?, _ r: Double? = nil) {
      var cells: [Cell] = [.text(name), .value(v), s.map { .value($0) } ?? .missing]
      if rb != nil { cells.append(r.map { .value($0) } ?? .missing) }
      t.append(cells)
    }
    func count(_ name: String, _ v: Int, scaled: Bool = false) {
      var cells: [Cell] = [.text(name), .integer(v), scaled && f.scaled != nil ? .integer(v) : .missing]
      if rb != nil { cells.append(.missing) }
      t.append(cells)
    }
    func extra(_ name: String, scaled s: Double?, robust r: Double?) {
      var cells: [Cell] = [.text(name), .missing, s.map { .value($0) } ?? .missing]
      if rb != nil { cells.append(r.map { .value($0) } ?? .missing) }
      t.append(cells)
    }
    count("n", Int(f.ntotal))
    count("free parameters", f.npar)
    row("chi-square", f.chisq, f.scaled?.chisq)
    count("df", f.df, scaled: true)
    row("p", f.pvalue, f.scaled?.pvalue)
    if let s = f.scaled { extra("scaling factor", scaled: s.scalingFactor, robust: nil) }
    if let b = f.scaled?.shift { extra("shift (scaled-and-shifted)", scaled: b, robust: nil) }
    row("CFI", f.cfi, f.scaled?.cfi, rb?.cfi)
    row("TLI", f.tli, f.scaled?.tli, rb?.tli)
    row("RMSEA", f.rmsea, f.scaled?.rmsea, rb?.rmsea)
    row("RMSEA 90% lower", f.rmseaLower, f.scaled?.rmseaLower, rb?.rmseaLower)
    row("RMSEA 90% upper", f.rmseaUpper, f.scaled?.rmseaUpper, rb?.rmseaUpper)
    row("RMSEA p-close (<= .05)", f.rmseaPClose, f.scaled?.rmseaPClose, rb?.rmseaPClose)
    row("SRMR", f.srmr, nil)
    if !f.logl.isNaN {
      row("log-likelihood", f.logl, nil)
      row("AIC", f.aic, nil)
      row("BIC", f.bic, nil)
    }
    t.notes = ["estimator: \(estimatorLabel)",
               "groups: " + groups.map { "\($0.key) (n = \($0.n))" }.joined(separator: ", "),
               "conventions as lavaan 0.6.14 (checked against it, Datasets/reference/cfa); RMSEA uses N (ML) or N − G (WLSMV)"]
    if let rb {
      let source: String
      switch request.estimator {
      case .wlsmv: source = "from the cat-ML statistic (Savalei 2021)"
      default: source = request.missing == .fiml ? "FIML-corrected, version 3 (Zhang & Savalei 2023)" : "with the Yuan–Bentler factor (Brosseau-Liard & Savalei 2014)"
      }
      t.notes.append("robust: lavaan's cfi.robust, tli.robust, rmsea.robust — population-corrected indices, \(source): T = \(String(format: "%.3f", rb.chisq)) on \(Int(rb.df)) df, c = \(String(format: "%.4f", rb.scalingFactor)); scaled: the same indices computed from the scaled χ²")
    } else if request.missing == .fiml {
      t.notes.append("robust CFI/TLI/RMSEA: not computed for ML with FIML (lavaan 0.6.14 reports FIML-corrected version-6 indices here; --estimator mlr gives the version-3 ones)")
    } else if f.scaled != nil {
      t.notes.append(request.estimator == .wlsmv
        ? "robust CFI/TLI/RMSEA: not defined with free scale factors (lavaan 0.6.14 reports NA: its cat-ML model cannot be refitted)"
        : "robust CFI/TLI/RMSEA: not computed for this fit")
    }
    return t
  }

  /// Parameter estimates with SE, z, p, 95 % CI, std.lv and std.all (lavaan parameterEstimates).
  public func estimatesTable(_ f: any MeasurementFit, id: String = "cfa_estimates", title: String = "Parameter estimates") -> ReportTable {
    let multi = f.groupNames.count > 1
    var cols = [ReportColumn("lhs"), ReportColumn("op"), ReportColumn("rhs")]
    if multi { cols.insert(ReportColumn("group"), at: 0) }
    cols += [ReportColumn("est", .number), ReportColumn("se", .number), ReportColumn("z", .number, digits: 2),
             ReportColumn("p", .number), ReportColumn("ci_lower", .number), ReportColumn("ci_upper", .number),
             ReportColumn("std_lv", .number), ReportColumn("std_all", .number)]
    var t = ReportTable(id: id, title: title, columns: cols)
    for e in f.estimates {
      if e.op == "~1" && e.free == nil && e.estimate == 0 { continue }
      if e.op == "~*~" && e.free == nil { continue }
      var row: [Cell] = [.text(e.lhs), .text(e.op), .text(e.rhs)]
      if multi { row.insert(.text(f.groupNames[e.group]), at: 0) }
      row += [.value(e.estimate), .value(e.standardError), .value(e.z), .value(e.pValue),
              e.free == nil ? .missing : .value(e.ciLower), e.free == nil ? .missing : .value(e.ciUpper), .value(e.stdLV), .value(e.stdAll)]
      t.append(row)
    }
    t.notes = ["fixed parameters (marker loadings, derived residual variances) have no SE; 95 % CI = est ± 1.96 SE",
               "std_lv: factor variances 1; std_all: factors and items standardized (lavaan standardizedSolution)"]
    return t
  }

  public func omegaTable() -> ReportTable {
    var t = ReportTable(id: "cfa_omega", title: "Composite reliability ω per factor",
                        columns: [ReportColumn("factor"), ReportColumn("omega_observed", .number), ReportColumn("omega_model", .number)])
    for o in omega { t.append([.text(o.factor), .value(o.observed), .value(o.model)]) }
    t.notes = ["ω = (Σ k λ)² ψ / Var(Σ k x) with keys k = −1 for reverse-keyed items (the scale as scored); observed: sample variance of the composite (semTools compRelSEM obs.var = TRUE, its default); model: implied variance (obs.var = FALSE)"]
    return t
  }

  public func modificationTable(limit: Int = 10) -> ReportTable {
    var t = ReportTable(id: "cfa_modindices", title: "Largest modification indices",
                        columns: [ReportColumn("lhs"), ReportColumn("op"), ReportColumn("rhs"), ReportColumn("mi", .number, digits: 2),
                                  ReportColumn("epc", .number), ReportColumn("sepc_all", .number)])
    for m in modificationIndices.prefix(limit) { t.append([.text(m.lhs), .text(m.op), .text(m.rhs), .value(m.mi), .value(m.epc), .value(m.sepcAll)]) }
    t.notes = ["χ²(1) score tests for adding a parameter (lavaan modindices, expected information); a large index is a hint to inspect, not a license to free"]
    return t
  }

  public func invarianceTables() -> [ReportTable] {
    guard let inv = invariance else { return [] }
    var t = ReportTable(id: "cfa_invariance", title: "Measurement invariance across " + groups.map(\.key).joined(separator: ", "),
                        columns: [ReportColumn("step"), ReportColumn("chisq", .number, digits: 2), ReportColumn("df", .integer),
                                  ReportColumn("CFI", .number), ReportColumn("RMSEA", .number), ReportColumn("SRMR", .number),
                                  ReportColumn("d_chisq", .number, digits: 2), ReportColumn("d_df", .integer), ReportColumn("p", .number),
                                  ReportColumn("d_CFI", .number), ReportColumn("d_RMSEA", .number), ReportColumn("d_SRMR", .number),
                                  ReportColumn("Chen 2007")])
    let scaled = inv.steps.first?.fit.fit.scaled != nil
    for s in inv.steps {
      let f = s.fit.fit
      t.append([.text(s.level.rawValue), .value(scaled ? f.scaled!.chisq : f.chisq), .integer(f.df),
                .value(scaled ? f.scaled!.cfi : f.cfi), .value(scaled ? f.scaled!.rmsea : f.rmsea), .value(f.srmr),
                s.test.map { .value($0.chisqDiff) } ?? .missing, s.test.map { .integer($0.dfDiff) } ?? .missing,
                s.test.map { .value($0.pValue) } ?? .missing,
                s.deltaCFI.map { .value($0) } ?? .missing, s.deltaRMSEA.map { .value($0) } ?? .missing,
                s.deltaSRMR.map { .value($0) } ?? .missing,
                s.test == nil ? .missing : .text(s.flaggedByChen ? "flagged" : "ok")])
    }
    let method: String
    switch request.estimator {
    case .wlsmv: method = "Δχ²: lavaan lavTestLRT for WLSMV (Satorra 2000 scaled-and-shifted difference); scalar = equal loadings and thresholds (latent means and scale factors free in groups 2…)"
    case .mlr: method = "Δχ²: Satorra–Bentler (2001) scaled difference"
    case .ml: method = request.design ? "Δχ²: Satorra–Bentler (2001) scaled difference" : "Δχ²: likelihood-ratio difference"
    }
    t.notes = [method + (scaled ? "; χ², CFI, RMSEA are the scaled versions" : ""),
               "Chen (2007) conventions, applied as conventions, not tests: flagged when ΔCFI ≤ −0.010 together with ΔRMSEA ≥ 0.015 or ΔSRMR ≥ 0.030 (metric) / 0.010 (scalar, strict)",
               "supported (last step not rejected by the Δχ² test at 5 %): \(inv.supportedLevel.rawValue)"
                 + (inv.free.isEmpty ? "" : "; freed across groups (partial invariance): " + inv.free.sorted().joined(separator: ", "))]
    var out = [t]
    if !inv.suggestions.isEmpty {
      var s = ReportTable(id: "cfa_invariance_suggestions", title: "Constraints to consider freeing (score tests at the first rejected step)",
                          columns: [ReportColumn("parameter"), ReportColumn("group"), ReportColumn("chisq_1", .number, digits: 2), ReportColumn("p", .number)])
      for m in inv.suggestions.prefix(8) {
        s.append([.text(m.op == "|" ? "\(m.lhs)|\(m.rhs)" : m.name), .text(inv.steps[0].fit.groupNames[m.group]), .value(m.mi), .value(m.pValue)])
      }
      s.notes = ["univariate score test of the equality of the parameter in this group with group \(inv.steps[0].fit.groupNames[0]) (lavaan lavTestScore for ML/MLR; the DWLS analogue for WLSMV); free one with --free NAME (e.g. --free \"\(inv.suggestions[0].op == "|" ? inv.suggestions[0].lhs + "~1" : inv.suggestions[0].name)\") and re-test, or let --search do it"]
      out.append(s)
    }
    // Latent means once (partial) scalar invariance holds.
    if inv.supportedLevel >= .scalar, let scalar = inv.steps.first(where: { $0.level == .scalar }) {
      var lm = ReportTable(id: "cfa_latent_means", title: "Latent mean differences (reference group \(scalar.fit.groupNames[0]) = 0)",
                           columns: [ReportColumn("factor"), ReportColumn("group"), ReportColumn("difference", .number), ReportColumn("se", .number),
                                     ReportColumn("z", .number, digits: 2), ReportColumn("p", .number), ReportColumn("ci_lower", .number),
                                     ReportColumn("ci_upper", .number), ReportColumn("std (d)", .number)])
      for e in scalar.fit.latentMeans {
        lm.append([.text(e.lhs), .text(scalar.fit.groupNames[e.group]), .value(e.estimate), .value(e.standardError), .value(e.z),
                   .value(e.pValue), .value(e.ciLower), .value(e.ciUpper), .value(e.stdLV)])
      }
      lm.notes = ["from the scalar model" + (inv.free.isEmpty ? "" : " with the freed parameters") + "; std (d): difference in units of the group's own factor SD"]
      out.append(lm)
    } else {
      out.append(ReportTable(id: "cfa_latent_means", title: "Latent mean differences", columns: [ReportColumn("note")],
                             rows: [[.text("not reported: scalar invariance (even partial) is not supported, so latent means are not comparable")]]))
    }
    return out
  }

  public func reportTables() -> [ReportTable] {
    var out: [ReportTable] = []
    if let inv = invariance {
      out += invarianceTables()
      let last = inv.steps.last(where: { $0.level <= inv.supportedLevel }) ?? inv.steps[0]
      // The overall fit table is the configural model's (each step's fit is in the invariance table).
      var ft = fitTable()
      ft.notes[0] += "; table for the \(inv.steps[0].level.rawValue) model"
      out.append(ft)
      out.append(estimatesTable(last.fit, title: "Parameter estimates (\(last.level.rawValue) model)"))
    } else {
      out.append(fitTable())
      out.append(estimatesTable(fit))
      if !omega.isEmpty { out.append(omegaTable()) }
      if !modificationIndices.isEmpty { out.append(modificationTable()) }
    }
    return out
  }
}

extension CFAFit {
  var groupsHaveClusters: Bool { options.estimator == .mlr }
}
