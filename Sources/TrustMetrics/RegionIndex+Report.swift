extension RegionIndex {
  /// The banner line for a study.
  static func banner(_ study: Study) -> String? { study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil }

  var levelName: String { options.level.rawValue }
  var waveLabel: String { options.wave.map { " \($0)" } ?? "" }

  /// Footnotes every index table carries.
  public var footnotes: [String] {
    var notes = ["n: respondents behind the region's least-supported component mean", "\(definition.label): " + (definition.description.isEmpty ? "" : definition.description + " ") +
                 "components " + componentNames.joined(separator: ", ") + "; " + choicesText]
    notes.append("standard errors: \(varianceMethod)")
    let hidden = suppressed.filter { $0 }.count
    if hidden > 0 {
      notes.append("▪ = suppressed (\(hidden) of \(regions.count) regions): \(publication.rule); suppressed regions take no part in the normalisation, weights, reference or ranks")
    }
    return notes
  }

  var choicesText: String {
    let norm: String
    switch definition.normalisation {
    case .minMax(let g, let r): norm = g.map { "min–max with fixed goalposts [\(formatNumber($0[0])), \(formatNumber($0[1]))] → \(formatNumber(r[0]))–\(formatNumber(r[1]))" } ?? "min–max over the regions → \(formatNumber(r[0]))–\(formatNumber(r[1]))"
    case .zScore: norm = "z-scores"
    case .rank: norm = "ranks"
    case .none: norm = "no normalisation"
    case .ratioToReference(let k): norm = "ratio to region \(k)\(regions.first { $0.key == k }.map { " (\($0.name))" } ?? "")"
    case .distanceToTarget(let t): norm = "distance to target \(formatNumber(t))"
    }
    return "\(norm), \(definition.weighting.rawValue) weights, \(definition.aggregation.rawValue) aggregation"
  }

  /// Region estimates: n, component means with SEs, the index with SE and 95 % interval.
  public func estimateTable() -> ReportTable {
    var columns = [ReportColumn("key"), ReportColumn(levelName), ReportColumn("n", .integer)]
    for c in componentNames { columns += [ReportColumn(c, .number, digits: 2), ReportColumn("\(c)_se", .number, digits: 3)] }
    columns += [ReportColumn("index", .number, digits: 1), ReportColumn("se", .number, digits: 2),
                ReportColumn("ci95_lower", .number, digits: 1), ReportColumn("ci95_upper", .number, digits: 1)]
    var t = ReportTable(id: "index_\(definition.id)_\(levelName)", title: "\(definition.label) by \(levelName)\(waveLabel)", columns: columns)
    for (g, region) in regions.enumerated() {
      if suppressed[g] {
        t.append([.text(region.key), .text(region.name)] + [Cell](repeating: .suppressed, count: columns.count - 2))
        continue
      }
      var row: [Cell] = [.text(region.key), .text(region.name), .integer(counts[g])]
      for c in componentNames.indices { row += [.value(componentMeans[g, c]), .value(componentStandardErrors[g, c])] }
      let z = 1.959963984540054
      row += [.value(estimates[g]), .value(standardErrors[g]), .value(estimates[g] - z * standardErrors[g]), .value(estimates[g] + z * standardErrors[g])]
      t.append(row)
    }
    t.notes = footnotes
    return t
  }
}

extension RegionIndex {
  /// Multivariate checks beside the index (JRC/OECD Handbook step 4): the correlation of each
  /// component with the index across the published regions, and the reliability (psych-style raw
  /// α, pairwise) of each component scale over the respondents of the wave.
  public func checksTable(_ data: StudyData) -> ReportTable {
    var t = ReportTable(id: "index_checks_\(definition.id)_\(levelName)", title: "\(definition.label): multivariate checks",
                        columns: [ReportColumn("component"), ReportColumn("r_with_index", .number, digits: 2), ReportColumn("alpha", .number, digits: 3),
                                  ReportColumn("items", .integer)])
    let units = publishedRegions
    let idx = units.map { estimates[$0] }
    let rows = data.rows(wave: options.wave)
    for (c, name) in componentNames.enumerated() {
      let comp = units.map { componentMeans[$0, c] }
      let r = units.count > 2 ? (try? Statistics.correlation(Matrix(columnVectors: [comp, idx]), missing: .listwise).correlation[0, 1]) ?? .nan : .nan
      var alpha = Double.nan
      var k = 1
      if let scale = data.study.scale(name), let (m, keys) = data.scaleMatrix(scale, rows: rows) {
        k = scale.items.count
        alpha = (try? cronbachAlpha(m, keys: keys, options: ReliabilityOptions(missing: .pairwise)))?.rawAlpha ?? .nan
      }
      t.append([.text(name), .value(r), .value(alpha), .integer(k)])
    }
    t.notes = ["r_with_index: Pearson correlation of the component's region means with the index across the \(units.count) published regions; alpha: Cronbach's α of the component scale over the wave's respondents (psych::alpha, pairwise)"]
    return t
  }
}
