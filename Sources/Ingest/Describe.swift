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

/// Per-item descriptive statistics.
public enum Describe {
  /// The groups (key, label, rows) for a grouping; groups are sorted by key.
  public static func groups(_ data: StudyData, by grouping: Grouping) -> [(key: String, label: String, rows: [Int])] {
    switch grouping {
    case .none:
      return [("all", "all respondents", Array(0..<data.rowCount))]
    case .wave:
      return data.study.waves.map { w in (String(w), "wave \(w)", data.rows(wave: w)) }
    case .variable(let name):
      let keys: [String]
      if let k = data.regionKeys[name] {
        keys = k
      } else if let c = data.variables[name] {
        keys = (0..<data.rowCount).map { c.text(at: $0) }
      } else {
        return []
      }
      var by: [String: [Int]] = [:]
      for (r, k) in keys.enumerated() where !k.isEmpty { by[k, default: []].append(r) }
      return by.keys.sorted().map { k in
        (k, data.study.region(k)?.name ?? codeLabel(data.study, variable: name, key: k) ?? k, by[k] ?? [])
      }
    }
  }

  static func codeLabel(_ study: Study, variable: String, key: String) -> String? {
    guard let v = study.variables.first(where: { $0.id == variable }), let x = Double(key) else { return nil }
    return v.codes.first { $0.value == x }?.label
  }

  /// Summaries of every item (or of `items`) in every group.
  public static func items(_ data: StudyData, by grouping: Grouping, items: [String]? = nil) -> [ItemSummary] {
    let study = data.study
    let selected = study.items.enumerated().filter { items?.contains($0.element.id) ?? true }
    var out: [ItemSummary] = []
    for g in groups(data, by: grouping) {
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
