import Foundation
import Testing
import _TestSupport

/// Reads a committed R reference JSON file.
func reference(_ relative: String) throws -> [String: Any] {
  let data = try Data(contentsOf: URL(fileURLWithPath: repoPath("Datasets/reference/" + relative)))
  return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
}

/// The rows of table `id` in a `--format json` report.
func jsonRows(_ stdout: String, table id: String) throws -> [[String: Any]] {
  let obj = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
  let tables = obj?["tables"] as? [[String: Any]] ?? []
  return tables.first { ($0["id"] as? String) == id }?["rows"] as? [[String: Any]] ?? []
}

/// Every table of a `--format json` report: (id, rows), in order.
func jsonTables(_ stdout: String) throws -> [(id: String, rows: [[String: Any]])] {
  let obj = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
  let tables = obj?["tables"] as? [[String: Any]] ?? []
  return tables.map { ($0["id"] as? String ?? "", $0["rows"] as? [[String: Any]] ?? []) }
}

/// End to end: codebook → CSV → reliability → JSON output, against R psych::alpha on bfi
/// (Datasets/reference/psychometrics/bfi_alpha_<scale>.json, psych 2.2.9). The JSON output
/// carries full precision, so the closed-form tolerance of 1e-10 relative applies.
@Suite struct ReliabilityCommandTests {
  @Test func bfiScalesEqualPsychAlpha() throws {
    let r = try CLI.run(["reliability", "Datasets/real/bfi/study.yaml", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try jsonRows(r.stdout, table: "reliability")
    let files = ["agree": "A", "conscientious": "C", "extraversion": "E", "neuroticism": "N", "openness": "O"]
    #expect(rows.count == 5)
    for row in rows {
      let scale = try #require(row["scale"] as? String)
      let ref = try reference("psychometrics/bfi_alpha_\(files[scale] ?? "?").json")
      let total = try #require(ref["total"] as? [String: Double])
      for (ours, theirs) in [("raw_alpha", "raw_alpha"), ("std_alpha", "std.alpha"), ("G6_smc", "G6(smc)"), ("average_r", "average_r"),
                             ("S/N", "S/N"), ("ase", "ase"), ("mean", "mean"), ("sd", "sd"), ("median_r", "median_r")] {
        let x = try #require(row[ours] as? Double)
        let y = try #require(total[theirs])
        #expect(isClose(x, y, relative: 1e-10), "\(scale) \(ours): \(x) vs R \(y)")
      }
    }
  }

  @Test func unknownScaleIsAUsageError() throws {
    let r = try CLI.run(["reliability", "Datasets/real/bfi/study.yaml", "--scale", "agreeable"])
    #expect(r.status == 64)
    #expect(r.stderr.contains("unknown scale 'agreeable'; scales: agree, conscientious, extraversion, neuroticism, openness"))
  }
}

/// A reference matrix `{rownames, colnames, rows}` as a lookup by (row name, column name).
func referenceLookup(_ object: Any?) -> [String: [String: Double]] {
  guard let m = object as? [String: Any], let rn = m["rownames"] as? [String], let cn = m["colnames"] as? [String],
        let rows = m["rows"] as? [[Double]] else { return [:] }
  var out: [String: [String: Double]] = [:]
  for (i, r) in rn.enumerated() { for (j, c) in cn.enumerated() { out[r, default: [:]][c] = rows[i][j] } }
  return out
}

/// End to end: `correlate --format json` on bfi against R `cor(use = "pairwise")` (closed form,
/// 1e-10 relative) and psych::polychoric (iterative; 1e-8 absolute, as the library test).
@Suite struct CorrelateCommandTests {
  func matrix(_ args: [String]) throws -> [String: [String: Double]] {
    let r = try CLI.run(["correlate", "Datasets/real/bfi/study.yaml", "--format", "json"] + args)
    #expect(r.status == 0, "\(r.stderr)")
    var out: [String: [String: Double]] = [:]
    for row in try jsonRows(r.stdout, table: "correlation") {
      guard let item = row["item"] as? String else { continue }
      for (k, v) in row where k != "item" { out[item, default: [:]][k] = v as? Double }
    }
    return out
  }

  @Test func pearsonPairwiseEqualsR() throws {
    let ours = try matrix(["--items", "A1,A2,C4,N1,O5"])
    let ref = referenceLookup(try reference("psychometrics/bfi_cor_pairwise.json")["pairwise"])
    #expect(ours.count == 5)
    for (a, row) in ours { for (b, x) in row {
      let y = try #require(ref[a]?[b])
      #expect(isClose(x, y, relative: 1e-10), "\(a)-\(b): \(x) vs R \(y)")
    } }
  }

  @Test func polychoricEqualsPsych() throws {
    let ours = try matrix(["--scale", "agree", "--method", "polychoric"])
    let poly = try reference("psychometrics/bfi_polychoric.json")["psych_polychoric"] as? [String: Any]
    let ref = referenceLookup(poly?["rho"])
    #expect(ours.count == 5)
    for (a, row) in ours { for (b, x) in row {
      let y = try #require(ref[a]?[b])
      #expect(abs(x - y) <= 1e-8, "\(a)-\(b): \(x) vs psych \(y)")
    } }
  }
}

/// End to end: `factors --format json` on bfi against psych::fa(r, 5, fm = "minres",
/// rotate = "oblimin") (Datasets/reference/psychometrics/bfi_fa_minres_oblimin.json). Iterative:
/// 1e-5 absolute on loadings, as the library tests (psych's optimiser stops early; see
/// BoxConstrainedMinimizer.swift). Columns are in psych's printed order (by variance accounted).
@Suite struct FactorsCommandTests {
  @Test func bfiMinresObliminEqualsPsych() throws {
    let r = try CLI.run(["factors", "Datasets/real/bfi/study.yaml", "--nfactors", "5", "--rotate", "oblimin", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try jsonRows(r.stdout, table: "loadings")
    let ref = try reference("psychometrics/bfi_fa_minres_oblimin.json")
    let loadings = try #require(ref["loadings"] as? [String: Any])
    let refRows = try #require(loadings["rows"] as? [[Double]])
    #expect(rows.count == 25 && refRows.count == 25)
    for (i, row) in rows.enumerated() {
      for f in 0..<5 {
        let x = try #require(row["MR\(f + 1)"] as? Double)
        #expect(abs(x - refRows[i][f]) <= 1e-5, "item \(i) factor \(f): \(x) vs psych \(refRows[i][f])")
      }
    }
  }

  @Test func demoStudyParallelAnalysisFindsTheFourTrueFactors() throws {
    let r = try CLI.run(["factors", "Datasets/hvb-demo/study.yaml", "--wave", "2023", "--nfactors", "parallel", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let loadings = try jsonRows(r.stdout, table: "loadings")
    #expect(loadings.first?.keys.filter { $0.hasPrefix("MR") }.count == 4)
  }

  @Test func badFactorCountIsAUsageError() throws {
    let r = try CLI.run(["factors", "Datasets/real/bfi/study.yaml", "--nfactors", "many"])
    #expect(r.status == 64)
    #expect(r.stderr.contains("--nfactors must be a whole number, parallel or map; got 'many'"))
  }
}

/// End to end: `estimate` on R survey's apistrat against R survey 4.1.1
/// (Datasets/reference/survey/api_strat.json: svymean with deff, svyby(~api00, ~awards, svymean));
/// closed forms, 1e-10 relative.
@Suite struct EstimateCommandTests {
  @Test func apistratMeansEqualRSurvey() throws {
    let r = try CLI.run(["estimate", "Datasets/real/api/apistrat.yaml", "--stat", "mean", "--items", "api00,api99", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try jsonRows(r.stdout, table: "estimate_mean")
    let ref = try reference("survey/api_strat.json")
    let m = try #require(ref["svymean_api00_api99"] as? [String: [String: Double]])
    #expect(rows.count == 2)
    for row in rows {
      let item = row["item"] as? String ?? ""
      for (ours, theirs) in [("estimate", "coef"), ("se", "se"), ("deff", "deff")] {
        let x = row[ours] as? Double ?? .nan
        let y = m[theirs]?[item] ?? .infinity
        #expect(isClose(x, y, relative: 1e-10), "\(item) \(ours): \(x) vs R \(y)")
      }
    }
  }

  @Test func apistratDomainMeansEqualSvyby() throws {
    let r = try CLI.run(["estimate", "Datasets/real/api/apistrat.yaml", "--stat", "mean", "--items", "api00", "--by", "awards", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try jsonRows(r.stdout, table: "estimate_mean")
    let ref = try #require(try reference("survey/api_strat.json")["svyby_awards_svymean_api00"] as? [String: Any])
    let groups = try #require(ref["groups"] as? [String]), coef = try #require(ref["coef"] as? [Double]), se = try #require(ref["se"] as? [Double])
    #expect(rows.count == groups.count)
    for row in rows {
      let label = row["awards"] as? String ?? ""
      let g = try #require(groups.firstIndex(of: label))
      #expect(isClose(row["estimate"] as? Double ?? .nan, coef[g], relative: 1e-10))
      #expect(isClose(row["se"] as? Double ?? .nan, se[g], relative: 1e-10))
    }
  }

  @Test func domainsOnlyForMeans() throws {
    let r = try CLI.run(["estimate", "Datasets/real/api/apistrat.yaml", "--stat", "total", "--by", "awards"])
    #expect(r.status == 64)
  }
}

/// End to end: `reliability --weighted` on apistrat equals R survey::svycralpha(~ell+mobility+
/// avg.ed+emer+meals, dstrat, na.rm = TRUE) = 0.6386731422069747 (api_strat.json), 1e-10 relative.
@Suite struct WeightedReliabilityCommandTests {
  @Test func apistratAlphaEqualsSvycralpha() throws {
    let r = try CLI.run(["reliability", "Datasets/real/api/apistrat.yaml", "--weighted", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let row = try #require(try jsonRows(r.stdout, table: "weighted_alpha").first)
    let ref = try #require(try reference("survey/api_strat.json")["svycralpha_example"] as? Double)
    #expect(isClose(row["alpha"] as? Double ?? .nan, ref, relative: 1e-10))
  }
}

/// The main-job commands end to end on the demo study: what they publish and how they fail.
@Suite struct MainJobCommandTests {
  @Test func rankPublishesOnlyRegionsAboveTheThreshold() throws {
    let r = try CLI.run(["rank", "Datasets/hvb-demo/study.yaml", "--index", "readiness", "--level", "land", "--wave", "2023",
                         "--uncertainty", "csranks", "--replicates", "200", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try jsonRows(r.stdout, table: "rank_readiness_land")
    let names = rows.compactMap { $0["land"] as? String }
    #expect(rows.count == 13)
    #expect(!names.contains("Berlin") && !names.contains("Bremen") && !names.contains("Hamburg"))
    #expect(rows.allSatisfy { ($0["n"] as? Int ?? 0) >= 5 })
    // Every marginal rank set contains the point rank and lies inside the simultaneous set;
    // both are numeric columns (rank_lower, rank_upper), and the row carries the region key and
    // the index's interval.
    for row in rows {
      let rank = row["rank"] as? Int ?? 0
      let lower = try #require(row["rank_lower"] as? Int), upper = try #require(row["rank_upper"] as? Int)
      let sl = try #require(row["rank_lower_simultaneous"] as? Int), su = try #require(row["rank_upper_simultaneous"] as? Int)
      #expect(lower <= rank && rank <= upper && sl <= lower && upper <= su, "\(row)")
      #expect((row["key"] as? String)?.count == 2)
      let index = try #require(row["index"] as? Double), lo = try #require(row["ci95_lower"] as? Double), hi = try #require(row["ci95_upper"] as? Double)
      #expect(lo < index && index < hi)
    }
  }

  @Test func compareWithBitkomMatchesAllPublishedLaender() throws {
    let r = try CLI.run(["compare", "Datasets/hvb-demo/study.yaml", "--index", "readiness", "--benchmark",
                         "Datasets/benchmarks/bitkom_laenderindex_2024.csv", "--replicates", "200", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try jsonRows(r.stdout, table: "rank_shifts").count == 13)
    let info = try jsonRows(r.stdout, table: "benchmark")
    #expect(info.contains { ($0["field"] as? String) == "scoring" && (($0["value"] as? String) ?? "").hasPrefix("relative") })
  }

  @Test func usageAndDataErrors() throws {
    let unknownIndex = try CLI.run(["rank", "Datasets/hvb-demo/study.yaml", "--index", "happiness"])
    #expect(unknownIndex.status == 64)
    // The error is the last line (before it: the read warnings about the demo's planted out-of-range cells).
    #expect(unknownIndex.stderr.hasSuffix("\ntrustmetrics: error: index 'happiness' is not defined in the codebook; indices: trust, readiness\n"))
    let wave = try CLI.run(["index", "Datasets/hvb-demo/study.yaml", "--wave", "2030"])
    #expect(wave.status == 65)
    #expect(wave.stderr.contains("wave 2030 is not in the study; waves: 2019, 2021, 2023"))
    let meta = try CLI.run(["compare", "Datasets/hvb-demo/study.yaml", "--index", "trust", "--benchmark", "Datasets/benchmarks/egdi_un_egov_survey.csv"])
    #expect(meta.status == 65)
    #expect(meta.stderr.contains("egdi_un_egov_survey.meta.yaml: cannot read the benchmark metadata: no such file"))
    let k = try CLI.run(["index", "Datasets/hvb-demo/study.yaml", "--min-cell-size", "2"])
    #expect(k.status == 64)
    #expect(k.stderr.contains("--min-cell-size must be at least 3, got 2"))
  }
}
