import Foundation

/// A region as it appears in one source: its name and, where known, its official key
/// (Amtlicher Gemeindeschlüssel / Kreisschlüssel / Länderschlüssel).
public struct RegionIdentifier: Sendable, Equatable, Hashable {
  public var name: String
  public var officialKey: String?
  public init(name: String, officialKey: String? = nil) { self.name = name; self.officialKey = officialKey }
}

/// How a pair of regions was matched.
public enum RegionMatchBasis: String, Sendable, CaseIterable {
  /// Equal official keys (digits only, leading zeros ignored).
  case officialKey
  /// Equal normalised names (`normalizedRegionName`).
  case normalizedName
}

/// One matched pair: index into the left and into the right list.
public struct RegionMatch: Sendable, Equatable {
  public let left: Int
  public let right: Int
  public let basis: RegionMatchBasis
}

/// The outcome of `matchRegions`: the matches and a report of what did not match.
public struct RegionMatching: Sendable, Equatable {
  /// Matched pairs, in left order.
  public let matches: [RegionMatch]
  /// Left regions without a partner.
  public let unmatchedLeft: [Int]
  /// Right regions without a partner.
  public let unmatchedRight: [Int]
  /// Normalised names (or keys) that occur more than once on one side and were therefore not
  /// matched by name (they are listed as unmatched).
  public let ambiguous: [String]
}

private let prefixes = [
  "kreisfreie stadt ", "landeshauptstadt ", "hansestadt ", "lutherstadt ", "universitaetsstadt ",
  "landkreis ", "stadtkreis ", "kreis ", "stadt ", "lk ",
]

/// A region name reduced to a comparable key.
///
/// Steps: Unicode NFC; lower-case; ä→ae, ö→oe, ü→ue, ß→ss (also é→e etc. by stripping
/// diacritics); a trailing parenthetical is removed ("Halle (Saale)" → "halle"); every run of
/// characters other than letters and digits becomes one space (so "Baden-Württemberg",
/// "Baden Wuerttemberg" and "baden-wuerttemberg" agree); the prefixes "Kreisfreie Stadt",
/// "Landeshauptstadt", "Hansestadt", "Lutherstadt", "Landkreis", "Stadtkreis", "Kreis",
/// "Stadt", "LK" are dropped; a ", Stadt" / ", Landkreis" suffix likewise.
public func normalizedRegionName(_ name: String) -> String {
  var s = name.precomposedStringWithCanonicalMapping.lowercased()
  for (from, to) in [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ẞ", "ss")] {
    s = s.replacingOccurrences(of: from, with: to)
  }
  s = s.folding(options: [.diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX"))
  // Drop parenthetical parts: "halle (saale)" → "halle ".
  while let open = s.firstIndex(of: "("), let close = s[open...].firstIndex(of: ")") {
    s.removeSubrange(open...close)
  }
  let mapped = s.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : " " }
  s = String(mapped).split(separator: " ").joined(separator: " ")
  for suffix in [" stadt", " landkreis", " kreis"] where s.hasSuffix(suffix) && s.count > suffix.count {
    s.removeLast(suffix.count)
  }
  var changed = true
  while changed {
    changed = false
    for prefix in prefixes where s.hasPrefix(prefix) && s.count > prefix.count {
      s.removeFirst(prefix.count); changed = true
    }
  }
  return s
}

private func normalizedKey(_ key: String?) -> String? {
  guard let key else { return nil }
  let digits = key.filter(\.isNumber)
  guard !digits.isEmpty else { return nil }
  let trimmed = digits.drop { $0 == "0" }
  return trimmed.isEmpty ? "0" : String(trimmed)
}

/// Matches two lists of regions: first by official key where both sides have one, then the rest by
/// normalised name. Each region is matched at most once; names that are ambiguous on either side
/// are not matched by name and are reported.
public func matchRegions(_ left: [RegionIdentifier], _ right: [RegionIdentifier]) -> RegionMatching {
  var matches: [RegionMatch] = []
  var usedLeft = Set<Int>(), usedRight = Set<Int>()
  var ambiguous = Set<String>()

  func uniqueIndex(_ list: [RegionIdentifier], _ key: (RegionIdentifier) -> String?) -> [String: Int] {
    var seen: [String: Int] = [:], dup = Set<String>()
    for (i, r) in list.enumerated() {
      guard let k = key(r) else { continue }
      if seen[k] != nil { dup.insert(k) } else { seen[k] = i }
    }
    for k in dup { seen[k] = nil; ambiguous.insert(k) }
    return seen
  }
  let rightKeys = uniqueIndex(right) { normalizedKey($0.officialKey) }
  let leftKeys = uniqueIndex(left) { normalizedKey($0.officialKey) }
  for (i, r) in left.enumerated() {
    guard let k = normalizedKey(r.officialKey), leftKeys[k] == i, let j = rightKeys[k] else { continue }
    matches.append(RegionMatch(left: i, right: j, basis: .officialKey))
    usedLeft.insert(i); usedRight.insert(j)
  }
  let restLeft = left.enumerated().filter { !usedLeft.contains($0.offset) }
  let restRight = right.enumerated().filter { !usedRight.contains($0.offset) }
  var rightNames: [String: Int] = [:], rightDup = Set<String>()
  for (j, r) in restRight {
    let k = normalizedRegionName(r.name)
    if rightNames[k] != nil { rightDup.insert(k) } else { rightNames[k] = j }
  }
  var leftCount: [String: Int] = [:]
  for (_, r) in restLeft { leftCount[normalizedRegionName(r.name), default: 0] += 1 }
  for (i, r) in restLeft {
    let k = normalizedRegionName(r.name)
    if rightDup.contains(k) || (leftCount[k] ?? 0) > 1 { ambiguous.insert(k); continue }
    guard let j = rightNames[k] else { continue }
    matches.append(RegionMatch(left: i, right: j, basis: .normalizedName))
    usedLeft.insert(i); usedRight.insert(j)
  }
  matches.sort { $0.left < $1.left }
  return RegionMatching(
    matches: matches, unmatchedLeft: left.indices.filter { !usedLeft.contains($0) },
    unmatchedRight: right.indices.filter { !usedRight.contains($0) }, ambiguous: ambiguous.sorted())
}
