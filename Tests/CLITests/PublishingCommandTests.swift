import Foundation
import Testing
import _TestSupport

let demo = "Datasets/hvb-demo/study.yaml"
let margins = "Datasets/hvb-demo/margins/land_sizeclass.csv"
let bitkom = "Datasets/benchmarks/bitkom_laenderindex_2024.csv"

func sha256sum(_ path: String) throws -> String {
  let r = try CLI.shell(["/usr/bin/sha256sum", path], in: repositoryRoot.path)
  return String(r.stdout.prefix(64))
}

func manifest(_ folder: String) throws -> [[String: Any]] {
  let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))) as? [String: Any]
  return obj?["subjects"] as? [[String: Any]] ?? []
}

/// --save, CSV dialects and one table per file, --format svg and tex, end to end.
@Suite struct PublishingCommandTests {
  /// The issue's case: compare for trust, then for readiness, into one folder. Each gets its own
  /// files (named after index, level, wave and benchmark), and the manifest lists both runs with
  /// the SHA-256 of the codebook, the data files and the benchmark.
  @Test func saveNamesFilesAfterTheSubject() throws {
    let dir = try TemporaryFolder()
    for index in ["trust", "readiness"] {
      let r = try CLI.run(["compare", demo, "--index", index, "--benchmark", bitkom, "--wave", "2023", "--replicates", "100", "--save", dir.path, "--format", "json"])
      #expect(r.status == 0, "\(r.stderr)")
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
    for index in ["trust", "readiness"] {
      let stem = "compare_\(index)_land_2023_bitkom_laenderindex_2024"
      for suffix in [".json", ".md", ".xlsx", ".benchmark.csv", ".rank_agreement.csv", ".rank_shifts.csv", ".agreement.svg"] {
        #expect(files.contains(stem + suffix), "\(stem + suffix) in \(files)")
      }
    }
    #expect(!files.contains("benchmark.csv"))
    let m = try manifest(dir.path)
    #expect(m.count == 2)
    let inputs = (m[0]["inputs"] as? [[String: Any]] ?? []).compactMap { e -> (String, String)? in
      guard let p = e["path"] as? String, let h = e["sha256"] as? String else { return nil }
      return (p, h)
    }
    #expect(inputs.map(\.0) == [demo, "Datasets/hvb-demo/data/hvb_2019.csv", "Datasets/hvb-demo/data/hvb_2021.csv", "Datasets/hvb-demo/data/hvb_2023.csv",
                                bitkom, "Datasets/benchmarks/bitkom_laenderindex_2024.meta.yaml"])
    for (p, h) in inputs { let expected = try sha256sum(repoPath(p)); #expect(h == expected, "\(p)") }
    #expect((m[0]["command"] as? String)?.contains("compare") == true)
    #expect(m[0]["version"] as? String == "0.1.0")
    #expect((m[0]["time"] as? String)?.hasSuffix("Z") == true)
    // One table per CSV file.
    let csv = try String(contentsOfFile: dir.path + "/compare_trust_land_2023_bitkom_laenderindex_2024.rank_shifts.csv", encoding: .utf8)
    #expect(!csv.contains("\n#") && csv.hasPrefix("key,land,benchmark_name"))
  }

  @Test func saveRefusesToOverwriteAnotherFile() throws {
    let dir = try TemporaryFolder()
    try dir.write("rank_trust_land_2023.json", "someone else's file\n")
    let r = try CLI.run(["rank", demo, "--index", "trust", "--wave", "2023", "--uncertainty", "csranks", "--replicates", "100", "--save", dir.path])
    #expect(r.status == 64, "\(r.stderr)")
    #expect(r.stderr.contains("--save: ") && r.stderr.contains("rank_trust_land_2023.json exists and is not listed in the folder's manifest.json"))
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }
    #expect(files == ["rank_trust_land_2023.json"], "nothing else written")
    #expect(try String(contentsOfFile: dir.path + "/rank_trust_land_2023.json", encoding: .utf8) == "someone else's file\n")
  }

  @Test func csvHoldsOneTablePerFile() throws {
    let dir = try TemporaryFolder()
    let all = try CLI.run(["check", demo, "--wave", "2023", "--format", "csv", "--output", dir.path + "/q.csv"])
    #expect(all.status == 64)
    #expect(all.stderr.contains("a CSV or TSV file holds one table; choose one with --table (quality_items_2023, quality_summary_2023"))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/q.csv"))
    // On standard output, for reading in a terminal, the tables are stacked after "# title" lines.
    let stacked = try CLI.run(["check", demo, "--wave", "2023", "--format", "csv"])
    #expect(stacked.status == 0 && stacked.stdout.hasPrefix("# Item quality — wave 2023 (1861 rows)\nitem,valid,blank"))
    let one = try CLI.run(["check", demo, "--wave", "2023", "--format", "csv", "--table", "quality_summary_2023", "--csv", "excel-de", "--lang", "de"])
    #expect(one.status == 0, "\(one.stderr)")
    #expect(one.stdout.hasPrefix("\u{FEFF}Prüfung;Anzahl;Erstes Vorkommen\r\n"))
    #expect(one.stdout.contains("Werte außerhalb des gültigen Bereichs;3;"))
    let unknown = try CLI.run(["check", demo, "--wave", "2023", "--table", "nope"])
    #expect(unknown.status == 64 && unknown.stderr.contains("no table 'nope'; tables: quality_items_2023"))
  }

  @Test func svgCharts() throws {
    let cases: [([String], String)] = [
      (["index", demo, "--index", "trust", "--level", "kreis", "--wave", "2023"], "caterpillar-trust"),
      (["index", demo, "--index", "trust", "--level", "kreis", "--wave", "2023", "--chart", "map"], "map-trust"),
      (["rank", demo, "--index", "readiness", "--wave", "2023", "--uncertainty", "csranks"], "rank-readiness"),
      (["compare", demo, "--index", "readiness", "--benchmark", bitkom], "agreement-readiness"),
      (["compare", demo, "--index", "trust", "--previous-wave", "2021", "--lang", "de"], "change-trust"),
    ]
    for (args, id) in cases {
      let r = try CLI.run(args + ["--replicates", "100", "--format", "svg"])
      #expect(r.status == 0, "\(args): \(r.stderr)")
      #expect(r.stdout.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && r.stdout.contains("id=\"\(id)\"") && r.stdout.contains("role=\"img\""), "\(args)")
      #expect(r.stdout.contains("<desc id=\"\(id)-desc\">"))
    }
    let many = try CLI.run(["index", demo, "--format", "svg", "--replicates", "100"])
    #expect(many.status == 64 && many.stderr.contains("--format svg draws one index: give --index (trust, readiness)"))
    let none = try CLI.run(["check", demo, "--format", "svg"])
    #expect(none.status == 64 && none.stderr.contains("this command draws no chart"))
  }

  /// `--format tex --lang de` compiles (where pdflatex is installed: texlive-latex-extra).
  @Test(.enabled(if: hasPDFLaTeX)) func texCompiles() throws {
    let dir = try TemporaryFolder()
    let r = try CLI.run(["rank", demo, "--index", "trust", "--level", "kreis", "--wave", "2023", "--replicates", "100", "--shrink",
                         "--format", "tex", "--lang", "de", "--output", dir.path + "/tables.tex"])
    #expect(r.status == 0, "\(r.stderr)")
    try dir.write("doc.tex", "\\documentclass[a4paper]{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs,dcolumn,threeparttable}\n\\begin{document}\n\\input{tables.tex}\n\\end{document}\n")
    let tex = try CLI.shell(["/usr/bin/env", "pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], in: dir.path)
    #expect(tex.status == 0, "\(tex.stdout.suffix(1500))")
  }
}

let hasPDFLaTeX = (try? CLI.shell(["/bin/sh", "-c", "command -v pdflatex"], in: "/"))?.status == 0

/// Every string the demo commands (and the walkthroughs' commands) write has a German entry:
/// run with --lang de, the CLI warns about each miss; there must be none. A helper who adds a
/// table or a footnote finds out here.
@Suite struct TranslationTests {
  static let commands: [[String]] = [
    ["check", demo, "--wave", "2023"],
    ["check", demo],
    ["describe", demo, "--by", "wave", "--items", "tr_land,tr_bund,dr_ozg,dr_eakte"],
    ["describe", demo, "--wave", "2023", "--by", "land", "--items", "dr_ozg"],
    ["reliability", demo, "--wave", "2023"],
    ["reliability", demo, "--wave", "2023", "--scale", "vertical_trust", "--ci", "bootstrap", "--replicates", "100"],
    ["reliability", demo, "--wave", "2023", "--ordinal", "--omega", "2"],
    ["reliability", demo, "--wave", "2023", "--weighted"],
    ["weight", demo, "--rake", margins],
    ["index", demo, "--level", "land", "--wave", "2023", "--rake", margins],
    ["index", demo, "--level", "kreis", "--wave", "2023", "--rake", margins],
    ["rank", demo, "--index", "readiness", "--level", "land", "--wave", "2023", "--rake", margins, "--shrink"],
    ["rank", demo, "--index", "trust", "--level", "kreis", "--wave", "2023", "--rake", margins, "--shrink"],
    ["compare", demo, "--index", "readiness", "--benchmark", bitkom, "--wave", "2023", "--rake", margins],
    ["compare", demo, "--index", "trust", "--previous-wave", "2021", "--wave", "2023", "--rake", margins],
    ["correlate", demo, "--scale", "vertical_trust", "--method", "spearman"],
    ["correlate", "Datasets/real/bfi/study.yaml", "--scale", "agree", "--method", "polychoric"],
    ["factors", demo, "--wave", "2023", "--nfactors", "parallel", "--correlation", "polychoric"],
    ["factors", "Datasets/real/bfi/study.yaml", "--method", "ml", "--rotate", "oblimin", "--nfactors", "5"],
    ["estimate", demo, "--stat", "shares", "--items", "dr_ozg", "--variance", "replicate", "--rake", margins],
    ["estimate", "Datasets/real/api/apistrat.yaml", "--stat", "mean", "--items", "api00", "--by", "awards"],
    ["estimate", demo, "--stat", "quantile", "--items", "dr_ozg"],
    ["cfa", demo, "--wave", "2023", "--estimator", "mlr", "--design"],
    ["cfa", demo, "--wave", "2023", "--missing", "fiml"],
    ["cfa", demo, "--group", "wave", "--invariance", "--scale", "digital_organisation", "--search"],
    ["cfa", demo, "--group", "wave", "--invariance", "--scale", "vertical_trust", "--estimator", "wlsmv"],
  ]

  static func replicates(_ args: [String]) -> [String] {
    ["index", "rank", "compare"].contains(args[0]) ? ["--replicates", "100"] : []
  }

  @Test(arguments: commands)
  func everyStringHasAGermanEntry(_ args: [String]) throws {
    for format in ["text", "json"] {
      let r = try CLI.run(args + Self.replicates(args) + ["--lang", "de", "--labels", "--format", format])
      #expect(r.status == 0, "\(args): \(r.stderr)")
      let misses = r.stderr.split(separator: "\n").filter { $0.contains("no German text") }
      #expect(misses.isEmpty, "\(args.joined(separator: " ")):\n\(misses.joined(separator: "\n"))")
    }
    // English readable headers (XLSX, LaTeX) exist too.
    let en = try CLI.run(args + Self.replicates(args) + ["--format", "tex"])
    let enMisses = en.stderr.split(separator: "\n").filter { $0.contains("no English text") }
    #expect(enMisses.isEmpty, "\(args.joined(separator: " ")):\n\(enMisses.joined(separator: "\n"))")
  }

  @Test func theReportHasEveryGermanEntry() throws {
    let dir = try TemporaryFolder()
    for level in ["land", "kreis"] {
      let r = try CLI.run(["report", demo, "--wave", "2023", "--level", level, "--rake", margins, "--benchmark", "readiness=" + bitkom,
                           "--previous-wave", "2021", "--shrink", "--replicates", "100", "--lang", "de", "--output", dir.path + "/r.html"])
      #expect(r.status == 0, "\(r.stderr)")
      #expect(!r.stderr.contains("no German text"), "\(r.stderr)")
    }
  }
}
