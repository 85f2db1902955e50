import Foundation
import Testing
import _TestSupport
@testable import TrustMetrics

/// A study with five Länder (and two Kreise of Nord) and a configurable index normalisation; its
/// publication plan counts respondents with k = 3 (default dominance rule, no municipalities).
func publicationStudy(normalisation: String, rows: [String], design: String? = nil) throws -> StudyData {
  let yaml = """
  study: {id: pub, title: "Publication"}
  respondent_id: id
  files: [{path: data.csv}]
  response_scales:
    l5: {codes: {1: a, 2: b, 3: c, 4: d, 5: e}}
  items:
    - {id: a1, scale: l5}
    - {id: b1, scale: l5}
  regions:
    variables: [{variable: land, level: land}, {variable: kreis, level: kreis}]
    table:
      - {key: "01", name: "Nord", level: land}
      - {key: "02", name: "Süd", level: land}
      - {key: "03", name: "Ost", level: land}
      - {key: "04", name: "West", level: land}
      - {key: "05", name: "Mitte", level: land}
      - {key: "01001", name: "Nord-A", level: kreis, parent: "01"}
      - {key: "01002", name: "Nord-B", level: kreis, parent: "01"}
  indices:
    - id: idx
      label: "Index"
      components: [{item: a1}, {item: b1}]
      normalisation: \(normalisation)
      weights: equal
      aggregation: arithmetic
  \(design.map { "design: \($0)" } ?? "")
  disclosure: {min_cell_size: 3}
  """
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-pub-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  try yaml.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
  try (["id,land,kreis,a1,b1"] + rows).joined(separator: "\n").write(to: dir.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
  return try StudyReader.load(studyPath: dir.appendingPathComponent("study.yaml").path)
}

/// Nord 4, Süd 4, Ost 5, Mitte 4 respondents; West 1 (suppressed). Values vary per region.
let publicationRows: [String] = {
  var rows: [String] = []
  var id = 0
  func add(_ land: String, _ kreis: String, _ a: Int, _ b: String) { id += 1; rows.append("r\(id),\(land),\(kreis),\(a),\(b)") }
  for (a, b) in [(4, "3"), (5, "4"), (3, "3"), (4, "5")] { add("01", "01001", a, b) }
  for (a, b) in [(2, "2"), (3, "1"), (2, "3"), (1, "2")] { add("02", "", a, b) }
  for (a, b) in [(3, "4"), (4, "4"), (5, "5"), (3, "3"), (4, "2")] { add("03", "", a, b) }
  for (a, b) in [(5, "5")] { add("04", "", a, b) }
  for (a, b) in [(1, "5"), (2, "4"), (3, "5"), (2, "4")] { add("05", "", a, b) }
  return rows
}()

@Suite struct PublicationTests {
  let options = RegionIndexOptions(level: .land, wave: nil, minimumCellSize: 3, replicates: 100, weighted: false)

  /// Nothing published depends on a suppressed region: with data-driven normalisations (min–max
  /// over the regions, z-scores, ranks) the published index values, SEs-free point estimates and
  /// ranks are identical whether the suppressed region's respondents are in the data or not.
  @Test(arguments: ["{method: minmax, range: [0, 100]}", "{method: zscore}", "{method: rank}"])
  func publishedValuesIgnoreSuppressedRegions(normalisation: String) throws {
    let full = try publicationStudy(normalisation: normalisation, rows: publicationRows)
    let publication = try RegionIndex.publication(full, index: "idx", options: options)
    #expect(publication.published[3] == false, "West (1 respondent) is suppressed")
    let withWest = try RegionIndex.estimate(full, index: "idx", options: options, publication: publication)
    let without = try publicationStudy(normalisation: normalisation, rows: publicationRows.filter { !$0.contains(",04,") })
    let withoutWest = try RegionIndex.estimate(without, index: "idx", options: options, publication: publication)
    let units = withWest.publishedRegions
    #expect(units.count >= 3)
    #expect(units == withoutWest.publishedRegions)
    for g in units {
      #expect(withWest.estimates[g] == withoutWest.estimates[g], "\(withWest.regions[g].name)")
      for c in 0..<2 { #expect(withWest.componentMeans[g, c] == withoutWest.componentMeans[g, c]) }
    }
    // (z-scores over the published regions sum to zero: their replicate covariance is singular,
    // and the rank confidence sets use its eigen root.)
    let a = try RegionRanking.rank(withWest, uncertainty: .csranks, shrink: false)
    let b = try RegionRanking.rank(withoutWest, uncertainty: .csranks, shrink: false)
    #expect(a.marginal?.lower == b.marginal?.lower && a.marginal?.upper == b.marginal?.upper)
    #expect(a.ranks == b.ranks && a.units == b.units)
  }

  /// k applies per published number: Mitte has 4 respondents but only 2 answered b1, so its B
  /// mean (and the index) is withheld although the region has more than k respondents.
  @Test func kAppliesPerComponent() throws {
    let rows = publicationRows.map { $0.hasPrefix("r17,") || $0.hasPrefix("r18,") ? String($0.dropLast()) : $0 }
    let data = try publicationStudy(normalisation: "{method: minmax, range: [0, 100]}", rows: rows)
    let idx = try RegionIndex.estimate(data, index: "idx", options: options)
    let mitte = try #require(idx.regions.firstIndex { $0.name == "Mitte" })
    #expect(idx.componentCounts[mitte] == [4, 2])
    #expect(idx.counts[mitte] == 2)
    #expect(idx.suppressed[mitte])
    #expect(idx.componentMeans[mitte, 0].isNaN && idx.estimates[mitte].isNaN)
  }

  /// A ratio reference is resolved by key at the analysed level: unknown, of another level, or
  /// suppressed → an error naming the key (exit 65 in the CLI); a published one is used.
  @Test func ratioReferenceIsResolvedByKey() throws {
    func run(_ key: String, level: RegionLevel = .land) throws -> RegionIndex {
      let data = try publicationStudy(normalisation: "{method: ratio, reference: \"\(key)\"}", rows: publicationRows)
      var o = options
      o.level = level
      return try RegionIndex.estimate(data, index: "idx", options: o)
    }
    #expect(throws: RegionIndexError.unknownReferenceRegion(key: "99", level: .land, otherLevel: nil)) { try run("99") }
    #expect(throws: RegionIndexError.unknownReferenceRegion(key: "01", level: .kreis, otherLevel: .land)) { try run("01", level: .kreis) }
    #expect(throws: RegionIndexError.suppressedReferenceRegion(key: "04", level: .land, reason: "1 unit(s) behind item:a1, fewer than 3")) { try run("04") }
    let ok = try run("03")
    let ost = try #require(ok.regions.firstIndex { $0.key == "03" })
    #expect(isClose(ok.estimates[ost], 1, relative: 1e-14))
  }

  /// A level where every region is empty is an error, not a table of n = 0.
  @Test func everyRegionEmptyIsAnError() throws {
    let rows = publicationRows.map { $0.replacingOccurrences(of: ",01001,", with: ",,") }
    let data = try publicationStudy(normalisation: "{method: minmax, range: [0, 100]}", rows: rows)
    var o = options
    o.level = .kreis
    #expect(throws: RegionIndexError.noRespondentsAtLevel(level: .kreis, wave: nil)) { try RegionIndex.estimate(data, index: "idx", options: o) }
  }
}

@Suite struct ReplicationGlueTests {
  /// The declared cluster variable is used even when it is a region variable (here: Kreise as
  /// PSUs within Land strata); a declared column that does not exist is an error.
  @Test func declaredClustersAreUsed() throws {
    let rows = publicationRows.map { $0.replacingOccurrences(of: ",01001,", with: ",01002,") }
    let data = try publicationStudy(normalisation: "{method: minmax, range: [0, 100]}", rows: rows,
                                    design: "{strata: land, clusters: [kreis], lonely_psu: adjust}")
    let r = try StudyReplication.make(data, samples: [data.rows(wave: nil)], replicates: 50, seed: 1)
    #expect(r.description.contains("clusters 'kreis' as PSUs"))
    // Nord's four respondents share Kreis 01002: one PSU; the other Länder have no Kreis key (one PSU each).
    #expect(r.scheme.frame.psuCount == 5)
    #expect(throws: (any Error).self) {
      let bad = try publicationStudy(normalisation: "{method: minmax, range: [0, 100]}", rows: rows, design: "{strata: land, clusters: [no_such_column]}")
      _ = try StudyReplication.make(bad, samples: [bad.rows(wave: nil)], replicates: 50, seed: 1)
    }
  }

  /// Results are bit-identical whatever the number of threads.
  @Test func resultsDoNotDependOnThreads() throws {
    let data = try StudyReader.load(studyPath: demoPath)
    var options = RegionIndexOptions(level: .land, wave: 2023, replicates: 300)
    options.rakeMargins = [try MarginTable.load(path: demoMargins)]
    options.threads = 1
    let one = try RegionIndex.estimate(data, index: "trust", options: options)
    options.threads = 3
    let three = try RegionIndex.estimate(data, index: "trust", options: options)
    #expect(one.replicates.elements.map(\.bitPattern) == three.replicates.elements.map(\.bitPattern))
    #expect(one.standardErrors.map(\.bitPattern) == three.standardErrors.map(\.bitPattern))
  }

  /// weight --rake's calibration effect: the median of V_raked/V_design over the items, from the
  /// library's Taylor variances of the design and the raked design.
  @Test func calibrationEffectIsTheMedianVarianceRatio() throws {
    let data = try StudyReader.load(studyPath: demoPath)
    let rows = data.rows(wave: 2023)
    let r = try StudyRaking.rake(data, rows: rows, margins: [try MarginTable.load(path: demoMargins)])
    let effect = try #require(r.calibrationEffect)
    let items = data.study.items.map(\.id)
    let x = try #require(data.itemMatrix(items, rows: rows))
    let design = try StudyEstimation.design(data, rows: rows)
    let v0 = try design.mean(x, missing: .perVariable), v1 = try r.result.design.mean(x, missing: .perVariable)
    let ratios = items.indices.map { pow(v1[$0].standardError / v0[$0].standardError, 2) }.sorted()
    #expect(effect.items == items.count)
    #expect(isClose(effect.medianVarianceRatio, ratios.count % 2 == 1 ? ratios[ratios.count / 2] : (ratios[ratios.count / 2 - 1] + ratios[ratios.count / 2]) / 2, relative: 1e-12))
    #expect(isClose(effect.varianceReduction, 1 - effect.medianVarianceRatio, relative: 1e-15))
    #expect(isClose(r.calibrationDesignEffect, r.after.designEffect / r.before.designEffect, relative: 1e-15))
  }
}

@Suite struct PanelKeyTests {
  /// A panel key that is not a column of the study is an error naming it, never a silent
  /// "no panel".
  @Test func unknownPanelColumnIsAnError() throws {
    let data = try StudyReader.load(studyPath: demoPath)
    var earlier = RegionIndexOptions(level: .land, wave: 2021, replicates: 100)
    earlier.threads = 1
    var later = earlier
    later.wave = 2023
    #expect(throws: IngestError.self) {
      try WaveIndexComparison.compare(data, index: "trust", earlier: earlier, later: later, panelVariable: "no_such_column")
    }
  }
}
