import Codebook
import DataIO
import Statistics

/// How `describe` groups respondents.
public enum Grouping: Sendable, Equatable {
  case none
  case wave
  /// A region variable (e.g. `land`, `kreis`) or any other column of the data.
  case variable(String)
}

/// Distribution of one item in one group: unweighted counts, mean, SD (n − 1), median,
/// frequencies of the valid codes, and the share missing (blank, missing codes, out of range).
public struct ItemSummary: Sendable, Equatable {
  public var item: String
  /// The group's key (a region key, a code, a wave, or "all").
  public var group: String
  public var groupLabel: String
  public var rows: Int
  public var moments: Moments
  public var median: Double
  /// Counts per valid code of the response scale (in code order).
  public var frequencies: [(code: Double, count: Int)]
  public var missingShare: Double { rows == 0 ? .nan : Double(rows - moments.count) / Double(rows) }
  public static func == (a: ItemSummary, b: ItemSummary) -> Bool {
    a.item == b.item && a.group == b.group && a.rows == b.rows && a.moments == b.moments
      && a.frequencies.map(\.count) == b.frequencies.map(\.count)
  }
}

/// One group of `describe`: its key, its label and its rows.
public struct DescribeGroup: Sendable, Equatable {
  public var key: String
  public var label: String
  public var rows: [Int]
}

/// Per-item descriptive statistics.
public enum Describe {
  /// The groups of `rows` (all rows when nil) for a grouping, sorted by key. Groups are labelled by
  /// the grouping column's own labels: a region variable by the names of the regions of its level,
  /// a categorical variable by its code labels, any other column by the value itself.
  public static func groups(_ data: StudyData, by grouping: Grouping, rows: [Int]? = nil) -> [DescribeGroup] {
    let selected = rows ?? Array(0..<data.rowCount)
    switch grouping {
    case .none:
      return [DescribeGroup(key: "all", label: "all respondents", rows: selected)]
    case .wave:
      return data.study.waves.compactMap { w in
        let r = selected.filter { data.waves[$0] == w }
        return r.isEmpty ? nil : DescribeGroup(key: String(w), label: "wave \(w)", rows: r)
      }
    case .variable(let name):
      let keys: [String]
      if let k = data.regionKeys[name] {
        keys = k
      } else if let c = data.variables[name] {
        keys = (0..<data.rowCount).map { c.text(at: $0).trimmingWhitespace() }
      } else {
        return []
      }
      var by: [String: [Int]] = [:]
      for r in selected where !keys[r].isEmpty { by[keys[r], default: []].append(r) }
      return by.keys.sorted().map { k in DescribeGroup(key: k, label: label(data.study, variable: name, key: k), rows: by[k] ?? []) }
    }
  }

  /// The label of a key of `variable`: a region name (regions of the variable's level only), a
  /// code label, or the key itself.
  public static func label(_ study: Study, variable: String, key: String) -> String {
    if let level = study.regionVariables.first(where: { $0.variable == variable })?.level {
      return study.regions.first { $0.level == level && $0.key == key }?.name ?? key
    }
    if let v = study.variables.first(where: { $0.id == variable }), let x = Double(key) {
      return v.codes.first { $0.value == x }?.label ?? key
    }
    return key
  }

  /// Summaries of every item (or of `items`) in every group of `rows` (all rows when nil).
  public static func items(_ data: StudyData, by grouping: Grouping, items: [String]? = nil, rows: [Int]? = nil) -> [ItemSummary] {
    let study = data.study
    let selected = study.items.enumerated().filter { items?.contains($0.element.id) ?? true }
    var out: [ItemSummary] = []
    for g in groups(data, by: grouping, rows: rows) {
      for (j, item) in selected {
        let values = g.rows.map { data.items[$0, j] }
        let codes = study.responseScale(of: item)?.codes.map(\.value) ?? []
        let freq = codes.map { c in (code: c, count: values.filter { $0 == c }.count) }
        out.append(ItemSummary(item: item.id, group: g.key, groupLabel: g.label, rows: g.rows.count,
                               moments: Moments(values), median: median(values), frequencies: freq))
      }
    }
    return out
  }
}
