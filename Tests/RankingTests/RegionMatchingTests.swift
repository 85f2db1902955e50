import Foundation
import Testing
import _TestSupport

@testable import Ranking

/// Reads one column of a simple CSV (no quoted commas in the columns used here).
private func csvColumn(_ path: String, _ column: String, where filter: ((String) -> Bool)? = nil, filterColumn: String? = nil) throws -> [String] {
  let text = try String(contentsOfFile: repoPath(path), encoding: .utf8)
  var lines = text.split(whereSeparator: \.isNewline).map(String.init)
  let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false).map(String.init)
  guard let c = header.firstIndex(of: column) else { return [] }
  let f = filterColumn.flatMap { header.firstIndex(of: $0) }
  return lines.compactMap { line in
    let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    if let f, let filter, !filter(cells[f]) { return nil }
    return cells[c]
  }
}

@Suite struct RegionMatchingTests {
  @Test func normalisation() {
    #expect(normalizedRegionName("Baden-Württemberg") == "baden wuerttemberg")
    #expect(normalizedRegionName("Baden-Wuerttemberg") == "baden wuerttemberg")
    #expect(normalizedRegionName("Halle (Saale)") == "halle")
    #expect(normalizedRegionName("Stadt Halle (Saale)") == "halle")
    #expect(normalizedRegionName("Landkreis Börde") == "boerde")
    #expect(normalizedRegionName("Dessau-Roßlau") == "dessau rosslau")
    #expect(normalizedRegionName("Landeshauptstadt Magdeburg") == "magdeburg")
    #expect(normalizedRegionName("Halle, Stadt") == "halle")
    #expect(normalizedRegionName("THÜRINGEN") == "thueringen")
    #expect(normalizedRegionName("Thu\u{0308}ringen") == "thueringen")  // decomposed ü
  }

  @Test func bitkomLaenderAgainstTransliteratedNames() throws {
    let bitkom = try csvColumn(
      "Datasets/benchmarks/bitkom_laenderindex_2024.csv", "region", where: { $0 == "gesamt" }, filterColumn: "category")
    #expect(bitkom.count == 16)
    // The survey's spelling: ASCII transliteration, different order, one missing, one extra.
    let survey = [
      "Thueringen", "Baden-Wuerttemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen",
      "Mecklenburg-Vorpommern", "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz", "Saarland",
      "Sachsen", "Sachsen-Anhalt", "Ausland",
    ]
    let m = matchRegions(survey.map { RegionIdentifier(name: $0) }, bitkom.map { RegionIdentifier(name: $0) })
    #expect(m.matches.count == 15)
    #expect(m.unmatchedLeft.map { survey[$0] } == ["Ausland"])
    #expect(m.unmatchedRight.map { bitkom[$0] } == ["Schleswig-Holstein"])
    let bw = m.matches.first { survey[$0.left] == "Baden-Wuerttemberg" }
    #expect(bw.map { bitkom[$0.right] } == "Baden-Württemberg")
    #expect(m.matches.allSatisfy { $0.basis == .normalizedName })
  }

  @Test func kreiseByKeyThenName() throws {
    let names = try csvColumn("Datasets/benchmarks/sachsen_anhalt_kreise.csv", "name")
    let keys = try csvColumn("Datasets/benchmarks/sachsen_anhalt_kreise.csv", "kreisschluessel_ags")
    let official = zip(names, keys).map { RegionIdentifier(name: $0, officialKey: $1) }
    #expect(official.count == 15)
    let survey = [
      RegionIdentifier(name: "Stadt Halle (Saale)"), RegionIdentifier(name: "Landkreis Boerde"),
      RegionIdentifier(name: "Dessau-Rosslau"), RegionIdentifier(name: "LK Harz", officialKey: "15085"),
      RegionIdentifier(name: "Altmarkkreis", officialKey: nil),
    ]
    let m = matchRegions(survey, official)
    let pairs = m.matches.map { "\(survey[$0.left].name)→\(official[$0.right].name)" }
    #expect(pairs == ["Stadt Halle (Saale)→Halle (Saale)", "Landkreis Boerde→Börde", "Dessau-Rosslau→Dessau-Roßlau", "LK Harz→Harz"])
    #expect(m.matches[3].basis == .officialKey)
    #expect(m.unmatchedLeft == [4])  // "Altmarkkreis" ≠ "Altmarkkreis Salzwedel": reported, not guessed
  }

  @Test func ambiguousNamesAreReported() {
    let left = [RegionIdentifier(name: "Halle (Saale)"), RegionIdentifier(name: "Halle (Westf.)")]
    let m = matchRegions(left, [RegionIdentifier(name: "Halle")])
    #expect(m.matches.isEmpty && m.ambiguous == ["halle"] && m.unmatchedLeft == [0, 1])
  }
}
