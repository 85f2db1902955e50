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
