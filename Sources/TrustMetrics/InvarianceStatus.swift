import Foundation

/// The measurement-invariance status of one scale across the groups a comparison uses, with the
/// one-line footnote `rank` and `compare --previous-wave` print (codebook key `invariance:`).
public struct InvarianceStatus: Sendable {
  public enum Outcome: Sendable {
    /// The codebook does not ask for a test (`invariance: none`).
    case notRequested
    /// Tested: the last level not rejected (5 %), with the groups left out as too small.
    case tested(InvarianceLevel, pValue: Double?, excluded: [String])
    /// Requested but impossible, with the reason (e.g. an empty answer category in a group).
    case notTestable(String)
  }

  public var scale: String
  /// What is compared, e.g. "waves 2021 and 2023" or "Länder (wave 2023)".
  public var across: String
  public var outcome: Outcome

  /// One line for a table's notes.
  public var footnote: String {
    switch outcome {
    case .notRequested:
      return "measurement invariance of '\(scale)' across \(across) not tested (codebook invariance: none): the comparison assumes scalar invariance (equal loadings and intercepts/thresholds), i.e. that equal answers mean the same in every group"
    case .notTestable(let why):
      return "measurement invariance of '\(scale)' across \(across) could not be tested (\(why)): the comparison assumes scalar invariance"
    case .tested(let level, let p, let excluded):
      let ex = excluded.isEmpty ? "" : "; left out of the test (too few respondents or an empty answer category): " + excluded.joined(separator: ", ")
      let pv = p.map { String(format: "%.3f", $0) } ?? "n/a"
      switch level {
      case .scalar, .strict:
        return "measurement invariance of '\(scale)' across \(across): scalar invariance not rejected (WLSMV, Δχ² p = \(pv)): mean comparisons are supported\(ex)"
      case .metric:
        return "measurement invariance of '\(scale)' across \(across): only metric invariance holds (scalar rejected, p = \(pv)): differences in this scale's means mix construct and item bias — read the comparison with care (see trustmetrics cfa --invariance)\(ex)"
      case .configural:
        return "measurement invariance of '\(scale)' across \(across): even equal loadings are rejected (p = \(pv)): this scale is not comparable across these groups\(ex)"
      }
    }
  }
}

extension StudyCFA {
  /// The scales of an index (through sub-indices), in order.
  public static func scales(ofIndex id: String, in study: Study) -> [Scale] {
    guard let def = study.index(id) else { return [] }
    var out: [Scale] = []
    for c in def.components {
      switch c.source {
      case .scale(let s): if let sc = study.scale(s), !out.contains(where: { $0.id == s }) { out.append(sc) }
      case .index(let sub): for sc in scales(ofIndex: sub, in: study) where !out.contains(where: { $0.id == sc.id }) { out.append(sc) }
      case .item: break
      }
    }
    return out
  }

  /// Tests one scale across groups when its codebook entry says `invariance: check`: ordinal
  /// WLSMV configural → metric → scalar (thresholds), pairwise missing; groups with fewer
  /// respondents than items + 1 are left out of the test and named.
  public static func invarianceStatus(_ data: StudyData, scale: Scale, grouping: Grouping, wave: Int?, waves: [Int]? = nil,
                                      across: String) -> InvarianceStatus {
    guard scale.measurement.invariance == .check else {
      return InvarianceStatus(scale: scale.id, across: across, outcome: .notRequested)
    }
    var request = StudyCFARequest()
    request.scales = [scale.id]
    request.estimator = .wlsmv
    request.grouping = grouping
    request.wave = wave
    request.invariance = true
    let base = Set(waves.map { ws in (0..<data.rowCount).filter { r in data.waves[r].map { ws.contains($0) } ?? false } } ?? data.rows(wave: wave))
    var excluded: [String] = []
    for g in Describe.groups(data, by: grouping) {
      let rows = g.rows.filter { base.contains($0) }
      if rows.isEmpty { request.excludeGroups.insert(g.key); continue }
      if rows.count < scale.items.count + 1 { request.excludeGroups.insert(g.key); excluded.append("\(g.label) (n = \(rows.count))") }
    }
    if let waves, case .wave = grouping {
      for w in data.study.waves where !waves.contains(w) { request.excludeGroups.insert(String(w)) }
    }
    // A group where an item has an empty answer category cannot enter an ordinal model (lavaan
    // refuses it too): it is left out of the test and named; at most 5 such groups.
    for _ in 0..<6 {
      do {
        let r = try StudyCFA.run(data, request)
        guard let inv = r.invariance else { return InvarianceStatus(scale: scale.id, across: across, outcome: .notTestable("no sequence")) }
        let decisive = inv.steps.first { $0.level > inv.supportedLevel } ?? inv.steps.last
        return InvarianceStatus(scale: scale.id, across: across, outcome: .tested(inv.supportedLevel, pValue: decisive?.test?.pValue, excluded: excluded))
      } catch MeasurementModelError.emptyCategory(let item, let g, let k, _, _) where !request.excludeGroups.contains(g) {
        request.excludeGroups.insert(g)
        let label = Describe.groups(data, by: grouping).first { $0.key == g }?.label ?? g
        excluded.append("\(label) (no answer \(k) on \(item))")
      } catch {
        return InvarianceStatus(scale: scale.id, across: across, outcome: .notTestable("\(error)"))
      }
    }
    return InvarianceStatus(scale: scale.id, across: across, outcome: .notTestable("more than 5 groups with empty answer categories"))
  }

  /// Footnotes for a comparison of `index` across regions of `level` (ranking) or across waves.
  public static func invarianceNotes(_ data: StudyData, index: String, level: RegionLevel? = nil, wave: Int?, waves: [Int]? = nil) -> [String] {
    let scales = scales(ofIndex: index, in: data.study)
    guard !scales.isEmpty else { return [] }
    if let waves {
      let across = "waves " + waves.map(String.init).joined(separator: " and ")
      return scales.map { invarianceStatus(data, scale: $0, grouping: .wave, wave: nil, waves: waves, across: across).footnote }
    }
    guard let level, let variable = data.study.regionVariables.first(where: { $0.level == level })?.variable else { return [] }
    let across = (level == .land ? "Länder" : level == .kreis ? "Kreise" : "Gemeinden") + (wave.map { " (wave \($0))" } ?? "")
    return scales.map { invarianceStatus(data, scale: $0, grouping: .variable(variable), wave: wave, across: across).footnote }
  }
}

extension StudyCFA {
  /// Respondent factor scores of a scale (codebook `score: factor`), for `index`: a one-factor CFA of
  /// the scale's items by ML with FIML on `rows`, regression scores from each respondent's answered
  /// items, expressed in the metric of the marker item (its loading is 1; the marker's mean is added,
  /// so a score lives on the response scale like a mean score and the index's goalposts still
  /// apply). The marker is the first positively keyed item, so the score points in the scale's
  /// direction. Rows with fewer than `minimumAnswered` answered items get NaN (as mean scores).
  public static func factorScores(_ data: StudyData, scale: Scale, rows: [Int], minimumAnswered: Int) throws -> [Double] {
    let (syntax, _) = try defaultModel(data.study, scales: [scale.id])
    let model = try MeasurementModel(text: syntax)
    guard let cols = data.itemColumns(model.observed) else { return rows.map { _ in .nan } }
    let x = data.items.submatrix(rows: rows, columns: cols)
    let fit = try ConfirmatoryFactorAnalysis.fit(model: model, groups: [CFAGroupData(name: scale.id, data: x)],
                                                 options: CFAOptions(missing: .fiml))
    let s = try fit.factorScores(x, method: .regression)
    let markerMean = fit.impliedMean(group: 0)[0]
    return (0..<x.rows).map { i in
      let answered = (0..<x.columns).filter { !x[i, $0].isNaN }.count
      return answered >= minimumAnswered ? s[i, 0] + markerMean : .nan
    }
  }
}
