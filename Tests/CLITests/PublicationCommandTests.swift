import Foundation
import Testing
import _TestSupport

/// The publication rules at the command line: groupings, k, weightings, labels.
@Suite struct PublicationCommandTests {
  let demo = "Datasets/hvb-demo/study.yaml"

  @Test func onlyPublicationGroupingsAreAccepted() throws {
    for args in [["describe", demo, "--by", "role"], ["describe", demo, "--by", "muni_id", "--wave", "2023"],
                 ["estimate", demo, "--by", "years_in_office", "--items", "tr_land"]] {
      let r = try CLI.run(args)
      #expect(r.status == 64, "\(args): \(r.status) \(r.stderr)")
      #expect(r.stderr.contains("is not a publication grouping of the study; allowed: wave, land, kreis, size_class"), "\(r.stderr)")
    }
  }

  /// --min-cell-size can raise k for one output, never lower it below the codebook's.
  @Test func minimumCellSizeCanOnlyBeRaised() throws {
    let low = try CLI.run(["describe", demo, "--by", "land", "--min-cell-size", "3"])
    #expect(low.status == 64)
    #expect(low.stderr.contains("--min-cell-size 3 is below the study's min_cell_size 5 (disclosure:); it can only be raised"))
    let high = try CLI.run(["describe", demo, "--by", "land", "--wave", "2023", "--items", "tr_land", "--min-cell-size", "80", "--format", "json"])
    #expect(high.status == 0, "\(high.stderr)")
    let rows = try jsonRows(high.stdout, table: "describe_items")
    // Saarland (14 answers) is published at k = 5 and withheld at k = 80; Bayern (312) stays.
    #expect(rows.first { $0["key"] as? String == "10" }?["n"] as? String == "suppressed")
    #expect(rows.first { $0["key"] as? String == "09" }?["n"] as? Int ?? 0 > 80)
  }

  /// Group tables use the one weighting the plan audits (the demo declares its raking margins):
  /// without --rake they are raked to the declared margins (and the footnote says so), with the
  /// declared margins they are the same table, other margins exit 64; the same for the main job.
  @Test func groupTablesUseThePlansWeighting() throws {
    let implicit = try CLI.run(["estimate", demo, "--by", "land", "--items", "tr_land", "--format", "json"])
    #expect(implicit.status == 0, "\(implicit.stderr)")
    #expect(implicit.stdout.contains("weights raked to margins/land_sizeclass.csv (the study's publication weighting, disclosure: rake_margins)"))
    let declared = try CLI.run(["estimate", demo, "--by", "land", "--items", "tr_land", "--rake", "Datasets/hvb-demo/margins/land_sizeclass.csv",
                                "--format", "json"])
    #expect(declared.status == 0, "\(declared.stderr)")
    func estimates(_ out: String) throws -> [String: String] {
      var e: [String: String] = [:]
      for row in try jsonRows(out, table: "estimate_mean") { e[row["land"] as? String ?? ""] = "\(row["estimate"] ?? "")" }
      return e
    }
    #expect(try estimates(implicit.stdout) == estimates(declared.stdout))
    #expect(try estimates(implicit.stdout).count >= 10)
    let other = try CLI.run(["estimate", demo, "--by", "land", "--items", "tr_land", "--rake", "Datasets/hvb-demo/margins/land.csv"])
    #expect(other.status == 64)
    #expect(other.stderr.contains("are not the study's publication weighting (disclosure: rake_margins: margins/land_sizeclass.csv)"), "\(other.stderr)")
    // A whole-wave estimate (no grouping) may use the design weights.
    #expect(try CLI.run(["estimate", demo, "--items", "tr_land"]).status == 0)
    // The main job: other margins are refused; the footnote names the publication weighting.
    let index = try CLI.run(["index", demo, "--index", "trust", "--level", "land", "--replicates", "100", "--rake", "Datasets/hvb-demo/margins/land.csv"])
    #expect(index.status == 64)
    #expect(index.stderr.contains("are not the study's publication weighting"), "\(index.stderr)")
    let plain = try CLI.run(["index", demo, "--index", "trust", "--level", "land", "--replicates", "100"])
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(plain.stdout.contains("weights raked to land×size_class (the study's publication weighting, disclosure: rake_margins)"))
  }

  /// A group is labelled by its own column's labels (here the size class's code labels), with
  /// its key beside it.
  @Test func groupsCarryTheirOwnLabels() throws {
    let r = try CLI.run(["describe", demo, "--by", "size_class", "--wave", "2023", "--items", "tr_land", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let rows = try jsonRows(r.stdout, table: "describe_items")
    #expect(rows.map { $0["size_class"] as? String ?? "" } == ["< 5,000", "5,000–19,999", "20,000–99,999", "≥ 100,000"])
    #expect(rows.map { $0["key"] as? String ?? "" } == ["1", "2", "3", "4"])
  }
}
