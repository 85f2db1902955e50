import Codebook
import DataIO
import Ranking

/// Region keys per respondent from a data column: as written, rolled up to a higher level, or
/// matched by name; with a diagnosis of keys that match nothing.
///
/// Official key formats (Destatis, Gemeindeverzeichnis): Land 2 digits ("15"), Kreis 5 digits
/// ("15003"), Gemeinde 8 digits (AGS "15003000" = Land 2, Regierungsbezirk 1, Kreis 2,
/// Gemeinde 3), Regionalschlüssel 12 digits (ARS "150030000000" = Land, Regierungsbezirk,
/// Kreis, Gemeindeverband 4, Gemeinde 3). So the first 5 digits of an AGS or an ARS are the
/// Kreis and the first 2 the Land; an AGS is the ARS without the Gemeindeverband digits.
struct RegionResolver {
  let table: [Region]
  let byKey: [String: Region]
  let keysByLevel: [RegionLevel: Set<String>]
  let byName: [RegionLevel: [String: [String]]]

  init(regions: [Region]) {
    table = regions
    byKey = Dictionary(regions.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    var levels: [RegionLevel: Set<String>] = [:]
    var names: [RegionLevel: [String: [String]]] = [:]
    for r in regions {
      levels[r.level, default: []].insert(r.key)
      names[r.level, default: [:]][normalizedRegionName(r.name), default: []].append(r.key)
    }
    keysByLevel = levels
    byName = names
  }

  /// `raw` with surrounding blanks removed and, for all-digit keys shorter than `width`, the
  /// leading zeros Excel drops put back.
  static func normalise(_ raw: String, width: Int?) -> String {
    let t = raw.trimmingWhitespace()
    guard let width, !t.isEmpty, t.count < width, t.allSatisfy(\.isASCIIDigit) else { return t }
    return String(repeating: "0", count: width - t.count) + t
  }

  /// The key of level `level` for a (normalised) key, or nil.
  func rollUp(_ key: String, to level: RegionLevel) -> String? {
    if var r = byKey[key] {
      while r.level > level, let p = r.parent, let parent = byKey[p] { r = parent }
      return r.level == level ? r.key : nil
    }
    guard key.allSatisfy(\.isASCIIDigit) else { return nil }
    // Keys that the table cannot confirm are not guessed: a level without rows in the table
    // resolves nothing.
    guard let known = keysByLevel[level] else { return nil }
    let prefix: Int
    switch (key.count, level) {
    case (8, .kreis), (12, .kreis): prefix = 5
    case (8, .land), (12, .land), (5, .land): prefix = 2
    case (12, .gemeinde):
      let d = Array(key)
      let ags = String(d[0..<5] + d[9..<12])
      return known.contains(ags) ? ags : nil
    default: return nil
    }
    let candidate = String(key.prefix(prefix))
    return known.contains(candidate) ? candidate : nil
  }

  /// The key of level `level` whose normalised name equals that of `name`, or nil.
  func match(name: String, level: RegionLevel) -> String? {
    guard let keys = byName[level]?[normalizedRegionName(name)], keys.count == 1 else { return nil }
    return keys[0]
  }

  /// Resolves one column. Returns the key per row ("" for blank or unresolvable) and, per
  /// distinct unresolved value, the rows where it occurs.
  func resolve(_ column: ColumnValues, variable rv: RegionVariable) -> (keys: [String], unresolved: [String: [Int32]]) {
    var cache: [String: String?] = [:]
    var keys = [String](repeating: "", count: column.count)
    var unresolved: [String: [Int32]] = [:]
    let known = keysByLevel[rv.level]
    for r in 0..<column.count {
      let raw = column.text(at: r)
      let key: String?
      if let c = cache[raw] {
        key = c
      } else {
        let t = RegionResolver.normalise(raw, width: rv.keyWidth)
        let k: String?
        if t.isEmpty {
          k = ""
        } else {
          switch rv.source {
          case .keys: k = (known?.contains(t) ?? false) ? t : nil
          case .rollUp: k = rollUp(t, to: rv.level)
          case .names: k = match(name: t, level: rv.level)
          }
        }
        cache[raw] = .some(k)
        key = k
      }
      if let key {
        keys[r] = key
      } else {
        // Keys as written stay in place (the quality report lists them); derived keys are empty.
        if case .keys = rv.source { keys[r] = RegionResolver.normalise(raw, width: rv.keyWidth) }
        unresolved[raw.trimmingWhitespace(), default: []].append(Int32(r))
      }
    }
    return (keys, unresolved)
  }

  /// What the unresolved values look like and what would match, e.g. "184 value(s) of 'kreis'
  /// do not resolve to a kreis: 184 look like 8-digit AGS whose first 5 digits are Kreis keys of
  /// the table; derive it with {variable: kreis, level: kreis, from: <the key column>}". The form
  /// is always a head, ": ", then parts separated by "; " (the quality report shows one note each).
  func diagnose(_ unresolved: [String: Int], variable rv: RegionVariable) -> String {
    let total = unresolved.values.reduce(0, +)
    guard total > 0 else { return "" }
    let levelName = rv.level.rawValue
    let known = keysByLevel[rv.level] ?? []
    var parts: [String] = []
    if case .names = rv.source {
      let examples = (byName[rv.level]?.values.flatMap { $0 } ?? []).prefix(3).compactMap { byKey[$0]?.name }
      let list = unresolved.sorted { $0.value > $1.value }.prefix(8).map { "'\($0.key)'" }.joined(separator: ", ")
      return "\(total) name(s) match no \(levelName) of the region table (normalised as compare does): names such as \(list)"
        + (unresolved.count > 8 ? ", …" : "") + "; table names look like " + examples.map { "'\($0)'" }.joined(separator: ", ")
    }
    func count(_ test: (String) -> Bool) -> Int { unresolved.filter { test($0.key) }.reduce(0) { $0 + $1.value } }
    let digits: (String) -> Bool = { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    let kreise = keysByLevel[.kreis] ?? []
    let laender = keysByLevel[.land] ?? []
    let agsLike = count { digits($0) && ($0.count == 8) && kreise.contains(String($0.prefix(5))) }
    let agsZero = count { digits($0) && $0.count == 7 && kreise.contains(String(("0" + $0).prefix(5))) }
    let arsLike = count { digits($0) && $0.count == 12 && kreise.contains(String($0.prefix(5))) }
    if agsLike > 0 {
      parts.append("\(agsLike) look like 8-digit AGS whose first 5 digits are Kreis keys of the table")
    }
    if arsLike > 0 {
      parts.append("\(arsLike) look like 12-digit ARS whose first 5 digits are Kreis keys of the table")
    }
    if (agsLike > 0 || arsLike > 0) && rv.level != .gemeinde, case .keys = rv.source {
      parts.append("derive it with {variable: \(rv.variable), level: \(levelName), from: <the key column>}")
    }
    if agsZero > 0 {
      parts.append("\(agsZero) look like AGS that lost their leading zero (Excel): add key_width: 8")
    }
    let widths = Set(known.map(\.count))
    if let w = widths.count == 1 ? widths.first : nil {
      let lost = count { k in digits(k) && k.count < w && known.contains(String(repeating: "0", count: w - k.count) + k) }
      if lost > 0, let example = unresolved.keys.first(where: { digits($0) && $0.count < w && known.contains(String(repeating: "0", count: w - $0.count) + $0) }) {
        parts.append("\(lost) look like \(w)-digit keys that lost leading zeros ('\(example)' would match '\(String(repeating: "0", count: w - example.count) + example)'): add key_width: \(w)")
      }
    }
    let landLike = count { digits($0) && $0.count == 5 && laender.contains(String($0.prefix(2))) && !kreise.contains($0) }
    if landLike > 0 && rv.level == .kreis {
      parts.append("\(landLike) look like Kreis keys of a Land in the table (first 2 digits) but are not Kreise of the table")
    }
    if parts.isEmpty {
      let sample = known.sorted().prefix(3).map { "'\($0)'" }.joined(separator: ", ")
      let found = unresolved.sorted { $0.value > $1.value }.prefix(3).map { "'\($0.key)'" }.joined(separator: ", ")
      parts.append("keys such as \(found) match no \(levelName) of the region table, whose keys look like \(sample.isEmpty ? "(no \(levelName) rows)" : sample)")
    }
    return "\(total) value(s) of '\(rv.column)' do not resolve to a \(levelName): " + parts.joined(separator: "; ")
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
