import Foundation
import Testing
import _TestSupport
@testable import TrustMetrics
import Simulation

let demoPath = repoPath("Datasets/hvb-demo/study.yaml")
let demoMargins = repoPath("Datasets/hvb-demo/margins/land_sizeclass.csv")

@Suite(.serialized) struct DisclosureTests {
  /// No output format shows any value of a suppressed region: not its n, not a component mean,
  /// not its index, not its SE — at full precision or rounded to 0–3 decimals. Checked on the
  /// Kreis level of the demo study (kreisfreie Städte have one HVB each) for the index, rank and
  /// describe reports in text, CSV, TSV, JSON and Markdown.
  @Test func noFormatLeaksASuppressedCell() throws {
    let data = try StudyReader.load(studyPath: demoPath)
    var options = RegionIndexOptions(level: .kreis, wave: 2023, replicates: 200)
    options.rakeMargins = [try MarginTable.load(path: demoMargins)]
    let idx = try RegionIndex.estimate(data, index: "trust", options: options)
    let hidden = idx.regions.indices.filter { idx.suppressed[$0] }
    #expect(hidden.count >= 3, "the kreisfreie Städte must be suppressed")
    #expect(hidden.contains { idx.counts[$0] < 5 })
    // Suppressed regions are never estimated; the values they would have had come from a run that
    // publishes every region with respondents (through the publication seam).
    let everything = RegionPublication(published: idx.componentCounts.map { ($0.min() ?? 0) > 0 }, reasons: idx.regions.map { _ in nil }, rule: "all (test)")
    let open = try RegionIndex.estimate(data, index: "trust", options: options, publication: everything)
    var secret: [Double] = []
    for g in hidden {
      secret += [open.estimates[g], open.standardErrors[g]] + (0..<open.componentNames.count).flatMap { [open.componentMeans[g, $0], open.componentStandardErrors[g, $0]] }
    }
    // Only distinctive values can be recognised in an output (0, 1.5 or 3.25 may occur anywhere by
    // chance): at least 6 characters at full precision.
    secret = secret.filter { $0.isFinite && ReportRenderer.fullPrecision($0).count >= 6 }
    #expect(secret.count >= 6)
    let ranking = try RegionRanking.rank(idx, uncertainty: .bootstrap, shrink: false)
    let reports = [Report(title: "t", tables: [idx.estimateTable()]), Report(title: "t", tables: ranking.reportTables())]
    for report in reports {
      // The Excel workbook: no cell holds a secret value; the hidden regions' rows hold only ▪.
      let xlsx = FileManager.default.temporaryDirectory.appendingPathComponent("tm-disclosure-\(UUID().uuidString).xlsx").path
      try ReportWorkbook.write(report, to: xlsx)
      defer { try? FileManager.default.removeItem(atPath: xlsx) }
      // Read cell by cell (the report layout has the title in row 1).
      let workbook = try XLSXRaw(path: xlsx)
      let hiddenNames = Set(hidden.map { idx.regions[$0].name })
      for sheet in workbook.sheets {
        for (ref, cell) in sheet.cells where !cell.isText {
          let x = cell.value.flatMap(Double.init) ?? .nan
          #expect(!secret.contains(x), "xlsx sheet \(sheet.name) \(ref) leaks \(x)")
        }
        // A hidden region's row: its name (and key) and nothing else but empty shaded cells.
        for (ref, cell) in sheet.cells where cell.isText && hiddenNames.contains(cell.value ?? "") {
          let row = String(ref.drop(while: { $0.isLetter }))
          let numbers = sheet.cells.filter { String($0.key.drop(while: { $0.isLetter })) == row && !$0.value.isText && $0.value.value != nil }
          #expect(numbers.isEmpty, "xlsx sheet \(sheet.name) row \(row): a suppressed region's row has numbers")
        }
      }
      for format in OutputFormat.allCases {
        let out = ReportRenderer.render(report, format: format, digits: 3)
        for g in hidden {
          let name = idx.regions[g].name
          for line in out.split(separator: "\n") where line.contains(name) && !line.contains("not ranked") && !line.contains("suppressed") {
            // The region's own row: its name and only suppression marks.
            let cells = line.split(whereSeparator: { ",\t|{}:\"".contains($0) || $0 == " " })
            #expect(!cells.contains { Double($0) != nil && !idx.regions[g].key.contains($0) }, "\(format): \(line)")
          }
        }
        for x in secret {
          var forms = [ReportRenderer.fullPrecision(x)]
          forms += (1...3).map { ReportRenderer.fixed(x, digits: $0) }
          for f in forms where f.count >= 4 {
            // A published region may share a rounded value by chance; the full-precision form never.
            if f == ReportRenderer.fullPrecision(x) { #expect(!out.contains(f), "\(format) leaks \(f)") }
          }
        }
      }
    }
  }
}

@Suite(.serialized) struct RecoveryOfRegionalTruthTests {
  /// Coverage of the generator's true Land indices (truth.json finite-population means of the
  /// index's scales through the same goalposts and weights) by the stated 95 % intervals.
  static func coverage(studyPath: String, truth: DemoStudyTruth.Means) throws -> (covered: Int, total: Int, misses: [String]) {
    let data = try StudyReader.load(studyPath: studyPath)
    let margins = [try MarginTable.load(path: URL(fileURLWithPath: studyPath).deletingLastPathComponent().appendingPathComponent("margins/land_sizeclass.csv").path)]
    var covered = 0, total = 0
    var misses: [String] = []
    for id in ["trust", "readiness"] {
      for wave in [2019, 2021, 2023] {
        var options = RegionIndexOptions(level: .land, wave: wave, replicates: 300)
        options.rakeMargins = margins
        let idx = try RegionIndex.estimate(data, index: id, options: options)
        for g in idx.publishedRegions {
          let key = idx.regions[g].key
          guard let means = truth.land[key]?[String(wave)] else { continue }
          let comps = idx.componentNames.map { means[$0] ?? .nan }
          let trueIndex = comps.map { 25 * ($0 - 1) }.reduce(0, +) / Double(comps.count)
          let lo = idx.estimates[g] - 1.959963984540054 * idx.standardErrors[g]
          let hi = idx.estimates[g] + 1.959963984540054 * idx.standardErrors[g]
          total += 1
          if trueIndex >= lo && trueIndex <= hi { covered += 1 } else { misses.append("\(id) \(wave) \(key): \(trueIndex) ∉ [\(lo), \(hi)]") }
        }
      }
    }
    return (covered, total, misses)
  }

  /// The committed demo study: 2 indices × 3 waves × 13 published Länder = 78 intervals; at least
  /// 85 % must cover (nominal 95 %; the bound allows for the correlation between the intervals of
  /// one sample).
  @Test func trueLandIndicesLieInsideTheIntervals() throws {
    let r = try Self.coverage(studyPath: demoPath, truth: DemoStudyGenerator.generate().truth.finitePopulationMeans)
    #expect(r.total >= 70)
    print("coverage on the committed demo: \(r.covered)/\(r.total)")
    #expect(Double(r.covered) / Double(r.total) >= 0.85, "coverage \(r.covered)/\(r.total); misses: \(r.misses.joined(separator: "; "))")
  }

  /// Repeated simulations: three more seeds of the generator (each written, read back and analysed
  /// like the committed study). Over ≈ 230 intervals the coverage must lie between 88 % and 99.5 %
  /// — near the nominal 95 %, neither too low (intervals too narrow) nor 100 % by construction.
  @Test func coverageIsNominalOverRepeatedSimulations() throws {
    var covered = 0, total = 0
    for seed: UInt64 in [7, 11, 13] {
      let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-sim-\(seed)-\(UUID().uuidString)").path
      let study = DemoStudyGenerator.generate(DemoStudyConfiguration(seed: seed))
      try DemoStudyGenerator.write(study, to: dir)
      defer { try? FileManager.default.removeItem(atPath: dir) }
      let r = try Self.coverage(studyPath: dir + "/study.yaml", truth: study.truth.finitePopulationMeans)
      covered += r.covered
      total += r.total
    }
    let rate = Double(covered) / Double(total)
    print("coverage over repeated simulations (raking redone per replicate): \(covered)/\(total) = \(rate)")
    #expect(total >= 200)
    #expect(rate >= 0.88 && rate <= 0.995, "coverage \(covered)/\(total) = \(rate)")
  }
}

@Suite struct RegionIndexVarianceTests {
  /// Two routes agree: the pipeline's region component means equal SurveyWeighting's domain means
  /// (svyby semantics, validated against R survey) to 1e-12, and its Rao–Wu bootstrap SEs (1000
  /// replicates) agree with the Taylor-linearised domain SEs within 15 % (the Monte Carlo error
  /// of a bootstrap SE with B = 1000 is about 1/√(2B) ≈ 2 %; the rest is the bootstrap's n_h/(n_h − 1)).
  @Test func bootstrapAgreesWithTaylorForComponentMeans() throws {
    let data = try StudyReader.load(studyPath: demoPath)
    let rows = data.rows(wave: 2023)
    let idx = try RegionIndex.estimate(data, index: "trust", options: RegionIndexOptions(level: .land, wave: 2023, replicates: 1000))
    let definition = try #require(data.study.index("trust"))
    let leaves = try RegionIndex.leaves(definition, study: data.study)
    let scores = try RegionIndex.leafScores(data, rows: rows, leaves: leaves, minimumAnswered: definition.minimumAnswered)
    let w = try #require(data.weights(rows: rows))
    let strataColumn = try #require(data.variables["stratum"])
    let design = try SurveyDesign(weights: w, strata: rows.map { strataColumn.text(at: $0) }, lonelyPSU: .adjust)
    let keys = try #require(data.regionKeys["land"])
    let taylor = try design.domainMeans(scores, domains: rows.map { Optional(keys[$0]) }, missing: .perVariable)
    var compared = 0
    for d in taylor {
      // Published Länder only (the study's publication plan withholds some; their means are NaN).
      guard let g = idx.regions.firstIndex(where: { $0.key == d.domain }), idx.counts[g] >= 10, !idx.suppressed[g] else { continue }
      for c in 0..<leaves.count {
        let e = d.estimates.items[c]
        #expect(isClose(idx.componentMeans[g, c], e.estimate, relative: 1e-12), "\(d.domain) \(leaves[c].name)")
        #expect(isClose(idx.componentStandardErrors[g, c], e.standardError, relative: 0.15),
                "\(d.domain) \(leaves[c].name): bootstrap \(idx.componentStandardErrors[g, c]) vs Taylor \(e.standardError)")
        compared += 1
      }
    }
    #expect(compared >= 20)
  }
}

@Suite struct PanelCorrelationTests {
  /// The measured panel covariance against the demo generator: the generator gives a
  /// municipality's officer a stable factor share ρ_s = 0.6 and replaces the officer with
  /// probability 0.25 between waves, so the latent correlation of a panel unit's answers is at
  /// most ρ_s·0.75 = 0.45 (item noise lowers it for scale scores). Direct computation: the
  /// respondent-level correlation ρ̂ of the trust index score of units answering in both waves;
  /// Kish's approximation for region means then gives Corr(a_g, b_g) ≈ ρ̂·n_o/√(n_a n_b).
  /// The replicate correlations (1000 replicates: Monte Carlo SD ≈ 0.03) must agree with that
  /// prediction to 0.1 in their median over the Länder, and lie between 0 and the latent bound.
  @Test func measuredPanelCorrelationMatchesTheGenerator() throws {
    let data = try StudyReader.load(studyPath: demoPath)
    let options = RegionIndexOptions(level: .land, wave: 2023, replicates: 1000)
    var earlier = options
    earlier.wave = 2021
    let c = try WaveIndexComparison.compare(data, index: "trust", earlier: earlier, later: options, panelVariable: "muni_id")
    // Respondent index scores (equal-weight mean of the two components through the goalposts).
    let definition = try #require(data.study.index("trust"))
    let leaves = try RegionIndex.leaves(definition, study: data.study)
    func scores(_ wave: Int) throws -> [String: Double] {
      let rows = data.rows(wave: wave)
      let s = try RegionIndex.leafScores(data, rows: rows, leaves: leaves, minimumAnswered: definition.minimumAnswered)
      let muni = try #require(data.variables["muni_id"])
      var out: [String: Double] = [:]
      for (i, r) in rows.enumerated() where !s[i, 0].isNaN && !s[i, 1].isNaN { out[muni.text(at: r)] = (s[i, 0] + s[i, 1]) / 2 }
      return out
    }
    let a = try scores(2021), b = try scores(2023)
    let both = Set(a.keys).intersection(b.keys).sorted()
    let rho = try Statistics.correlation(Matrix(columnVectors: [both.map { a[$0]! }, both.map { b[$0]! }]), missing: .listwise).correlation[0, 1]
    let truthBound = DemoStudyGenerator.generate().truth.stableFactorShare * 0.75
    #expect(rho > 0.1 && rho < truthBound, "respondent-level panel correlation \(rho), latent bound \(truthBound)")
    var predicted: [Double] = []
    for (j, g) in c.units.enumerated() {
      predicted.append(rho * Double(c.overlap[j]) / (Double(c.earlier.counts[g]) * Double(c.later.counts[g])).squareRoot())
    }
    let medianPredicted = predicted.sorted()[predicted.count / 2]
    #expect(abs(c.medianCorrelation - medianPredicted) < 0.1, "measured \(c.medianCorrelation) vs Kish \(medianPredicted) (ρ̂ = \(rho))")
    #expect(c.medianCorrelation > 0 && c.medianCorrelation < truthBound)
    print("panel: ρ̂ respondents \(rho), measured median Corr(a, b) \(c.medianCorrelation), Kish prediction \(medianPredicted)")
  }
}
