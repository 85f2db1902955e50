import Foundation
import Testing
import _TestSupport

@testable import Simulation
import Codebook
import Ingest

/// Generated once and shared by the tests (pure and deterministic).
let defaultStudy = DemoStudyGenerator.generate()

let allLandKeys = (1...16).map { $0 < 10 ? "0\($0)" : "\($0)" }
let saxonyAnhaltKreisKeys: Set<String> = Set(["15001", "15002", "15003"]).union((81...91).map { "150\($0)" })

@Suite struct DemoStudyGeneratorTests {
  @Test func sameSeedGivesIdenticalBytes() throws {
    let again = DemoStudyGenerator.generate(DemoStudyConfiguration())
    #expect(try again.renderedFiles() == defaultStudy.renderedFiles())
  }

  @Test func otherSeedGivesOtherData() throws {
    let other = DemoStudyGenerator.generate(DemoStudyConfiguration(seed: 7, nationalSampleSize: 300))
    #expect(other.waves[0].rows.map(\.items) != defaultStudy.waves[0].rows.prefix(other.waves[0].rows.count).map(\.items))
    #expect(other.truth.seed == 7)
  }

  @Test func rowCountsMatchTruthAndTarget() throws {
    #expect(defaultStudy.waves.map(\.wave) == [2019, 2021, 2023])
    for w in defaultStudy.waves {
      let counts = try #require(defaultStudy.truth.sampleSizes[String(w.wave)])
      #expect(w.rows.count == counts.rows)
      let planted = defaultStudy.truth.dataQuality.duplicates.filter { $0.wave == w.wave }.count
      #expect(counts.rows == counts.respondents + planted)
      // ≈ 1,600 national respondents + the Sachsen-Anhalt boost ≈ 1,700 per wave.
      #expect((1500...1900).contains(counts.respondents), "wave \(w.wave): \(counts.respondents) respondents")
      #expect(counts.respondentsByLand.values.reduce(0, +) == counts.respondents)
      #expect(w.rows.allSatisfy { $0.wave == w.wave && $0.items.count == 19 })
    }
    #expect(defaultStudy.truth.dataQuality.duplicates.map(\.wave) == [2021, 2021])
  }

  @Test func keySetsAndColumns() throws {
    #expect(defaultStudy.columnNames.prefix(11) == ["resp_id", "muni_id", "officer_id", "wave", "land", "kreis", "role",
                                                      "size_class", "years_in_office", "stratum", "weight"])
    #expect(defaultStudy.itemIDs.count == 19)
    let strata = defaultStudy.truth.design.strata
    for w in defaultStudy.waves {
      // Every Flächenland answers in every wave; a city-state (one or two HVB) may be a non-respondent.
      let flaechen = Set(allLandKeys).subtracting(["02", "04", "11"])
      #expect(flaechen.isSubset(of: Set(w.rows.map(\.land))), "wave \(w.wave) lacks a Land")
      #expect(Set(w.rows.map(\.land)).isSubset(of: Set(allLandKeys)))
      for r in w.rows {
        #expect((r.land == "15") == (r.kreis != nil))
        if let k = r.kreis { #expect(saxonyAnhaltKreisKeys.contains(k)) }
        #expect((1...4).contains(r.role) && (1...4).contains(r.sizeClass))
        #expect(r.role != 3 || r.land == "15")
        let s = try #require(strata[r.stratum])
        #expect(s.land == r.land)
        #expect(r.weight == s.designWeight)
      }
      #expect(Set(w.rows.filter { $0.land == "15" }.compactMap(\.kreis)) == saxonyAnhaltKreisKeys)
      let duplicated = Set(defaultStudy.truth.dataQuality.duplicates.filter { $0.wave == w.wave }.map(\.respID))
      var seen = Set<String>()
      for r in w.rows where !seen.insert(r.respID).inserted { #expect(duplicated.contains(r.respID)) }
      #expect(w.rows.count - seen.count == duplicated.count)
    }
  }

  @Test func panelStructure() throws {
    var place: [String: (String, String?, String)] = [:]
    for w in defaultStudy.waves {
      for r in w.rows {
        if let p = place[r.muniID] { #expect(p.0 == r.land && p.1 == r.kreis && p.2 == r.stratum) }
        place[r.muniID] = (r.land, r.kreis, r.stratum)
      }
    }
    for w in [2021, 2023] {
      let c = try #require(defaultStudy.truth.sampleSizes[String(w)])
      let overlap = try #require(c.panelOverlap), change = try #require(c.officerChangeShare)
      #expect((0.5...0.7).contains(overlap), "panel overlap \(overlap)")
      #expect((0.15...0.35).contains(change), "officer change \(change)")
    }
    // An officer id belongs to one municipality; tenure grows by the wave gap when the officer stays.
    let rows19 = Dictionary(defaultStudy.waves[0].rows.map { ($0.muniID, $0) }, uniquingKeysWith: { a, _ in a })
    var stayed = 0
    for r in defaultStudy.waves[1].rows {
      guard let old = rows19[r.muniID] else { continue }
      if old.officerID == r.officerID {
        stayed += 1
        #expect(r.yearsInOffice == old.yearsInOffice + 2)
      } else {
        #expect(r.yearsInOffice <= 1)
      }
    }
    #expect(stayed > 500)
  }

  @Test func designIsConsistent() throws {
    let d = defaultStudy.truth.design
    #expect(d.strata.values.reduce(0) { $0 + $1.population } == d.frameSize)
    #expect(defaultStudy.margins.reduce(0) { $0 + $1.population } == d.frameSize)
    for (id, s) in d.strata {
      #expect(s.selected <= s.population && s.selected >= min(2, s.population))
      #expect(s.inclusionProbability == Double(s.selected) / Double(s.population))
      #expect(s.designWeight == 1 / s.inclusionProbability)
      #expect(id == "15-K" ? s.inclusionProbability == 1 : id == "\(s.land)-\(s.sizeClass)")
    }
    for land in allLandKeys {
      let fromStrata = d.strata.values.filter { $0.land == land }.reduce(0) { $0 + $1.population }
      let fromMargins = defaultStudy.margins.filter { $0.land == land }.reduce(0) { $0 + $1.population }
      #expect(fromStrata == fromMargins && fromStrata == d.populationByLand[land])
    }
    // Frame: approximate Destatis municipality counts, except Sachsen-Anhalt (14 Kreis + 120 Gemeinde HVB).
    #expect(d.populationByLand["07"] == 2301 && d.populationByLand["02"] == 1 && d.populationByLand["15"] == 134)
    // Sachsen-Anhalt is boosted relative to every other Land's small-municipality strata.
    let boost = try #require(d.strata["15-2"]).inclusionProbability
    #expect(d.strata.values.filter { $0.land != "15" && $0.sizeClass <= 2 }.allSatisfy { $0.inclusionProbability < boost })
    // Gemeinde-level HVB allocated over the 11 Landkreise in proportion to Gemeinden counts.
    #expect(DemoFrame.saxonyAnhaltAllocation.map(\.gemeindeHVB).reduce(0, +) == 120)
    #expect(DemoFrame.largestRemainder(10, weights: [1, 1, 1]) == [4, 3, 3])
  }

  @Test func populationTruthIsConsistent() throws {
    let t = defaultStudy.truth
    let pop = t.design.populationByLand
    let n = Double(t.design.frameSize)
    for means in [t.populationMeans, t.finitePopulationMeans] {
      for w in t.waves {
        let wave = String(w)
        for f in t.factors {
          let national = try #require(means.national[wave]?[f])
          #expect(national > 1 && national < 5)
          // National mean = population-weighted mean of Land means (relative 1e-12: summation order).
          let pooled = allLandKeys.reduce(0.0) { acc, land in
            acc + Double(pop[land] ?? 0) * (means.land[land]?[wave]?[f] ?? .nan)
          } / n
          #expect(isClose(pooled, national, relative: 1e-12))
          #expect(means.kreis.count == 14)
        }
      }
    }
    // The finite population (≈ 10,700 units) is close to the model expectation: SE of a
    // national scale mean ≈ 0.8/√10,700 ≈ 0.008, tolerance 0.04.
    for w in t.waves {
      for f in t.factors {
        let model = try #require(t.populationMeans.national[String(w)]?[f])
        let census = try #require(t.finitePopulationMeans.national[String(w)]?[f])
        #expect(abs(model - census) < 0.04, "\(f) \(w): model \(model) vs census \(census)")
      }
    }
    // Wave effects: readiness rises, vertical trust dips in 2021.
    func m(_ w: Int, _ f: String) -> Double { t.populationMeans.national[String(w)]?[f] ?? .nan }
    #expect(m(2019, "digital_infrastructure") < m(2021, "digital_infrastructure"))
    #expect(m(2021, "digital_infrastructure") < m(2023, "digital_infrastructure"))
    #expect(m(2019, "digital_organisation") < m(2023, "digital_organisation"))
    #expect(m(2021, "vertical_trust") < m(2019, "vertical_trust"))
    // Closed form E[X] = 5 − ΣΦ(τ − m) at m = 0 for a symmetric threshold set is exactly 3.
    let sym = DemoItem(id: "x", label: "", text: "", factor: .verticalTrust, loading: 0.7, reversed: false,
                       location: 0.05, missingRate: 0)
    #expect(isClose(DemoModel.expectedItemValue(sym, factorMean: 0), 3, relative: 1e-12))
  }

  /// The planted non-invariant item: dr_bundid's thresholds drop by 0.6 from the third wave on, so
  /// at the same latent value its expected answer rises there, and in the data its mean rises far
  /// more between 2021 and 2023 than the other infrastructure items'.
  @Test func plantedNonInvarianceIsInTruthAndData() throws {
    let t = defaultStudy.truth
    #expect(t.nonInvariance.map(\.item) == ["dr_bundid"])
    #expect(t.nonInvariance.first?.wave == 2023)
    #expect(t.nonInvariance.first?.locationShift == -0.6)
    let bundid = try #require(DemoModel.items.first { $0.id == "dr_bundid" })
    let shift = DemoModel.expectedItemValue(bundid, factorMean: 0, waveIndex: 2) - DemoModel.expectedItemValue(bundid, factorMean: 0, waveIndex: 1)
    #expect(shift > 0.3)
    func itemMean(_ wave: Int, _ id: String) -> Double {
      let j = DemoModel.items.firstIndex { $0.id == id }!
      let v = defaultStudy.waves[wave].rows.compactMap { $0.items[j] }.filter { (1...5).contains($0) }
      return v.reduce(0, +) / Double(v.count)
    }
    let riseBundid = itemMean(2, "dr_bundid") - itemMean(1, "dr_bundid")
    let riseOthers = ["dr_ozg", "dr_eakte", "dr_netz", "dr_itsich"].map { itemMean(2, $0) - itemMean(1, $0) }
    #expect(riseOthers.allSatisfy { riseBundid > $0 + 0.3 }, "\(riseBundid) vs \(riseOthers)")
  }

  /// Unweighted inter-item correlations (valid 1–5 answers only, pairwise, reverse-keyed items
  /// reversed) show the factor structure: within-factor mean r exceeds between-factor mean r.
  @Test func itemCorrelationsShowBlockStructure() throws {
    let rows = defaultStudy.waves[0].rows
    let items = DemoModel.items
    let cols = items.indices.map { j in rows.map { r -> Double in
      guard let v = r.items[j], (1...5).contains(v) else { return .nan }
      return items[j].reversed ? 6 - v : v
    } }
    func r(_ a: [Double], _ b: [Double]) -> Double {
      let pairs = zip(a, b).filter { !$0.0.isNaN && !$0.1.isNaN }
      let n = Double(pairs.count)
      let ma = pairs.reduce(0) { $0 + $1.0 } / n, mb = pairs.reduce(0) { $0 + $1.1 } / n
      var sab = 0.0, saa = 0.0, sbb = 0.0
      for (x, y) in pairs { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb) }
      return sab / (saa * sbb).squareRoot()
    }
    var within: [Double] = [], between: [Double] = []
    for a in items.indices { for b in items.indices where b > a {
      let c = r(cols[a], cols[b])
      if items[a].factor == items[b].factor { within.append(c) } else { between.append(c) }
    } }
    let mw = within.reduce(0, +) / Double(within.count), mb = between.reduce(0, +) / Double(between.count)
    #expect(mw > mb + 0.15, "within \(mw), between \(mb)")
    #expect(within.allSatisfy { $0 > 0 })
  }

  /// Post-stratified (to stratum population counts) respondent means of each scale recover the
  /// finite-population truth nationally. SE ≈ 0.7/√1,600 · √deff(≈1.5) ≈ 0.02; tolerance 0.08.
  @Test func poststratifiedMeansRecoverTruth() throws {
    let t = defaultStudy.truth
    let planted = Set(t.dataQuality.straightLiners.map(\.respID) + t.dataQuality.outOfRange.map(\.respID))
    for w in defaultStudy.waves {
      for f in DemoFactor.allCases {
        let js = DemoModel.items.indices.filter { DemoModel.items[$0].factor == f }
        var sum: [String: Double] = [:], count: [String: Double] = [:]
        var seen = Set<String>()
        for r in w.rows where !planted.contains(r.respID) && seen.insert(r.respID).inserted {
          let v = js.compactMap { j -> Double? in
            guard let x = r.items[j], (1...5).contains(x) else { return nil }
            return DemoModel.items[j].reversed ? 6 - x : x
          }
          guard !v.isEmpty else { continue }
          sum[r.stratum, default: 0] += v.reduce(0, +) / Double(v.count)
          count[r.stratum, default: 0] += 1
        }
        var total = 0.0, covered = 0.0
        for (h, s) in t.design.strata where (count[h] ?? 0) > 0 {
          total += Double(s.population) * (sum[h] ?? 0) / (count[h] ?? 1)
          covered += Double(s.population)
        }
        let estimate = total / covered
        let truth = try #require(t.finitePopulationMeans.national[String(w.wave)]?[f.rawValue])
        #expect(abs(estimate - truth) < 0.08, "\(f) \(w.wave): estimate \(estimate) vs truth \(truth)")
      }
    }
  }

  @Test func itemNonResponseRates() {
    for w in defaultStudy.waves {
      for j in defaultStudy.itemIDs.indices {
        let missing = w.rows.filter { $0.items[j] == nil || $0.items[j] == 8 || $0.items[j] == 9 }.count
        let rate = Double(missing) / Double(w.rows.count)
        // Item rates 3–6 %; binomial SE at n ≈ 1,700 ≈ 0.005; bounds 1.5 % and 8.5 %.
        #expect(rate > 0.015 && rate < 0.085, "wave \(w.wave) item \(defaultStudy.itemIDs[j]): \(rate)")
      }
      #expect(w.rows.contains { $0.items.contains { $0 == nil } })
    }
  }

  @Test func dataQualityWrinklesAreFindable() throws {
    let q = defaultStudy.truth.dataQuality
    #expect(q.duplicates.count == 2 && Set(q.duplicates.map(\.kind)) == ["exact", "conflicting"])
    let rows21 = try #require(defaultStudy.rows(wave: 2021))
    for d in q.duplicates {
      #expect(d.rows.count == 2)
      let a = rows21[d.rows[0] - 1], b = rows21[d.rows[1] - 1]
      #expect(a.respID == d.respID && b.respID == d.respID)
      #expect((a == b) == (d.kind == "exact"))
    }
    #expect(q.outOfRange.count == 3 && q.outOfRange.allSatisfy { $0.wave == 2023 })
    let rows23 = try #require(defaultStudy.rows(wave: 2023))
    for o in q.outOfRange {
      let row = try #require(rows23.first { $0.respID == o.respID })
      let j = try #require(defaultStudy.itemIDs.firstIndex(of: o.item))
      #expect(row.items[j] == o.value && !(1...5).contains(o.value) && o.value != 8 && o.value != 9)
    }
    // No out-of-range value other than the planted ones.
    let stray = defaultStudy.waves.flatMap(\.rows).flatMap(\.items).compactMap { $0 }
      .filter { !(1...5).contains($0) && $0 != 8 && $0 != 9 }
    #expect(stray.count == 3)
    #expect(q.straightLiners.count == 6)
    for l in q.straightLiners {
      let row = try #require(defaultStudy.rows(wave: l.wave)?.first { $0.respID == l.respID })
      let js = DemoModel.items.indices.filter { DemoModel.items[$0].factor.block == l.block }
      #expect(js.allSatisfy { row.items[$0] == l.value })
    }
    let clean = DemoStudyGenerator.generate(DemoStudyConfiguration(includeDataQualityWrinkles: false))
    #expect(clean.truth.dataQuality.duplicates.isEmpty && clean.truth.dataQuality.straightLiners.isEmpty)
  }

  @Test func renderedFilesAreLabelledSynthetic() throws {
    let files = try defaultStudy.renderedFiles()
    #expect(files.map(\.path) == ["study.yaml", "data/hvb_2019.csv", "data/hvb_2021.csv", "data/hvb_2023.csv",
                                  "truth.json", "margins/land_sizeclass.csv", "margins/land.csv",
                                  "margins/size_class.csv", "README.md"])
    let yaml = try #require(files.first { $0.path == "study.yaml" }).contents
    #expect(yaml.contains("  synthetic: true\n"))
    #expect(yaml.contains("SYNTHETISCHE DATEN"))
    #expect(yaml.contains("{key: \"01\", name: \"Schleswig-Holstein\", level: land"))
    #expect(yaml.contains("{key: \"15081\", name: \"Altmarkkreis Salzwedel\", level: kreis, parent: \"15\""))
    #expect(yaml.contains("items: [\"tr_land\", \"tr_bund\", \"tr_kreis\", \"tr_land_r\"]"))
    #expect(try #require(files.first { $0.path == "README.md" }).contents.contains("**Synthetic data.**"))
    let truth = try JSONDecoder().decode(DemoStudyTruth.self,
                                         from: Data(try #require(files.first { $0.path == "truth.json" }).contents.utf8))
    #expect(truth == defaultStudy.truth)  // full precision survives the JSON round trip
    #expect(truth.synthetic)
    let csv = try #require(files.first { $0.path == "data/hvb_2019.csv" }).contents
    let header = csv.prefix { $0 != "\n" }
    #expect(String(header) == defaultStudy.columnNames.joined(separator: ","))
    #expect(CSVText.field("a,\"b\"") == "\"a,\"\"b\"\"\"")
  }

  @Test func writeIsAtomicAndComplete() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hvb-demo-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let small = DemoStudyGenerator.generate(DemoStudyConfiguration(nationalSampleSize: 200))
    try DemoStudyGenerator.write(small, to: dir)
    try DemoStudyGenerator.write(small, to: dir)  // overwrite in place
    for f in try small.renderedFiles() {
      #expect(try String(contentsOfFile: "\(dir)/\(f.path)", encoding: .utf8) == f.contents)
    }
    let leftovers = try FileManager.default.subpathsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty)
    #expect(throws: DemoStudyWriteError.self) { try DemoStudyGenerator.write(small, to: "/proc/no-such-dir") }
  }

  /// The committed Datasets/hvb-demo equals a fresh generation with the default seed (CSV, YAML,
  /// margins and README byte for byte; truth.json decoded and compared at 1e-12 relative, since
  /// libm's log/sin/cos/erfc may differ in the last ulp across platforms).
  @Test func committedDatasetMatchesGenerator() throws {
    for f in try defaultStudy.renderedFiles() {
      let path = repoPath("Datasets/hvb-demo/\(f.path)")
      let committed = try String(contentsOfFile: path, encoding: .utf8)
      if f.path == "truth.json" {
        let a = try JSONDecoder().decode(DemoStudyTruth.self, from: Data(committed.utf8))
        let b = defaultStudy.truth
        for (g, m) in b.populationMeans.land {
          for (w, v) in m { for (s, x) in v {
            #expect(isClose(a.populationMeans.land[g]?[w]?[s] ?? .nan, x, relative: 1e-12))
          } }
        }
        #expect(a.design == b.design && a.sampleSizes == b.sampleSizes && a.dataQuality == b.dataQuality)
      } else {
        let same = committed == f.contents  // a Bool, so a failure does not print both files
        #expect(same, "\(f.path) differs from the generator; regenerate Datasets/hvb-demo")
      }
    }
  }

  /// Writes Datasets/hvb-demo (run with TRUSTMETRICS_REGENERATE_DEMO=1; the CLI equivalent is
  /// `trustmetrics simulate --seed 20231 --output Datasets/hvb-demo`).
  @Test(.enabled(if: ProcessInfo.processInfo.environment["TRUSTMETRICS_REGENERATE_DEMO"] == "1"))
  func regenerateCommittedDataset() throws {
    try DemoStudyGenerator.write(defaultStudy, to: repoPath("Datasets/hvb-demo"))
  }
}

/// The committed demo study, read back through the real codebook reader and quality check.
@Suite struct DemoStudyIngestTests {
  @Test func committedYAMLLoadsToTheGeneratorsCodebook() throws {
    let loaded = try StudyLoader.load(path: repoPath("Datasets/hvb-demo/study.yaml"))
    let generated = defaultStudy.codebook
    #expect(loaded.items == generated.items)
    #expect(loaded.scales == generated.scales)
    #expect(loaded.responseScales == generated.responseScales)
    #expect(loaded.regions == generated.regions)
    #expect(loaded.regionVariables == generated.regionVariables)
    #expect(loaded.design == generated.design)
    #expect(loaded.indices == generated.indices)
    #expect(loaded.disclosure == generated.disclosure)
    #expect(loaded.disclosure.unit == .municipality && loaded.disclosure.unitColumn == "muni_id")
    #expect(loaded.indices.map(\.id) == ["trust", "readiness"])
    #expect(loaded.synthetic)
  }

  /// Every data-quality problem planted by the generator (truth.json `dataQuality`) is found.
  @Test func qualityCheckFindsThePlantedProblems() throws {
    let data = try StudyReader.load(studyPath: repoPath("Datasets/hvb-demo/study.yaml"))
    let truth = defaultStudy.truth.dataQuality
    let reports = QualityCheck.run(data)
    for d in truth.duplicates {
      let q = try #require(reports.first { $0.wave == d.wave })
      #expect(q.duplicates.contains { $0.respondent == d.respID }, "duplicate \(d.respID) not found")
    }
    for o in truth.outOfRange {
      let q = try #require(reports.first { $0.wave == o.wave })
      let found = q.outOfRange.first { $0.respondent == o.respID && $0.item == o.item }
      #expect(found?.value == String(Int(o.value)), "out-of-range \(o.respID) \(o.item) not found")
    }
    for s in truth.straightLiners {
      let q = try #require(reports.first { $0.wave == s.wave })
      #expect(q.straightLiners.contains { $0.respondent == s.respID && $0.block == s.block }, "straight-liner \(s.respID) not found")
    }
    #expect(reports.map(\.outOfRange.count) == [0, 0, 3])
    #expect(reports.map(\.duplicates.count) == [0, 2, 0])
    #expect(reports.allSatisfy { $0.unknownRegions.isEmpty })
  }
}
