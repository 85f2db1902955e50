import Foundation
import Testing
import _TestSupport

/// Issue 8: data-driven normalisations and reference tricks. A study whose codebook normalises an
/// index over the regions (min–max, z-scores) or as a ratio to a reference region publishes, with
/// the component means of the published regions, equations that a suppressed region's value may
/// solve. The adversary reads `index --level kreis` for such indices on the demo data and tries to
/// recover any withheld Kreis's component mean; refusals (a withheld or unknown reference, exit 65)
/// are fine.
@Suite(.serialized) struct NormalisationAttackTests {
  /// The demo study with four extra indices over vertical trust, in a temporary folder (data and
  /// margins by absolute path).
  static func leakyStudy(_ dir: TemporaryFolder) throws -> String {
    let demo = repoPath("Datasets/hvb-demo")
    var yaml = try String(contentsOfFile: demo + "/study.yaml", encoding: .utf8)
    yaml = yaml.replacingOccurrences(of: "path: \"data/", with: "path: \"\(demo)/data/")
      .replacingOccurrences(of: "[\"margins/", with: "[\"\(demo)/margins/")
    for (id, normalisation) in [("leak_minmax", "{method: minmax, range: [0, 100]}"), ("leak_z", "{method: zscore, mean: 0, sd: 1}"),
                                ("leak_ratio_city", "{method: ratio, reference: \"15001\"}"), ("leak_ratio_land", "{method: ratio, reference: \"15\"}"),
                                ("leak_ratio_unknown", "{method: ratio, reference: \"99999\"}")] {
      yaml += """
        - id: "\(id)"
          label: "\(id)"
          components:
            - {scale: "vertical_trust"}
          normalisation: \(normalisation)
          weights: equal
          aggregation: arithmetic
          min_coverage: 0.5
          min_answered: 0.5

      """
    }
    try dir.write("study.yaml", yaml)
    return dir.path + "/study.yaml"
  }

  /// The reference tricks and the error each must get.
  static let refusals = [
    "leak_ratio_city": "reference region '15001' (kreis) is not published",
    "leak_ratio_land": "reference region '15' is a land, not a region of the analysed level 'kreis'",
    "leak_ratio_unknown": "reference region '99999' is not in the region table (level 'kreis')",
  ]

  @Test func normalisationAndReferenceTricksRecoverNothing() throws {
    let frame = try AttackFrame(studyFolder: repoPath("Datasets/hvb-demo"))
    // Truth: each Kreis's raked-weighted mean of the vertical-trust score in 2023.
    var num: [String: Double] = [:], den: [String: Double] = [:]
    for r in frame.rows where r.wave == "2023" {
      guard let x = r.values["vertical_trust"], let k = r.attributes["kreis"], !k.isEmpty else { continue }
      num[k, default: 0] += r.rakedWeight * x
      den[k, default: 0] += r.rakedWeight
    }
    let truth = num.mapValues { $0 } .reduce(into: [String: Double]()) { $0[$1.key] = $1.value / den[$1.key]! }
    let dir = try TemporaryFolder()
    let study = try Self.leakyStudy(dir)
    var tried = 0, refused = 0
    var recovered: [String] = []
    func matchWithheld(_ value: Double, withheld: Set<String>, how: String) {
      for k in withheld where Swift.abs((truth[k] ?? .nan) - value) < 1e-9 { recovered.append("\(how): Kreis \(k) = \(value)") }
    }
    for id in ["leak_minmax", "leak_z", "leak_ratio_city", "leak_ratio_land", "leak_ratio_unknown"] {
      let r = try CLI.run(["index", study, "--index", id, "--level", "kreis", "--wave", "2023", "--replicates", "100",
                           "--rake", repoPath("Datasets/hvb-demo/margins/land_sizeclass.csv"), "--format", "json"])
      if let expected = Self.refusals[id] {
        // A ratio to a withheld Kreis, to a Land key or to an unknown key at Kreis level is refused
        // with a named error, never resolved to another region.
        #expect(r.status == 65, "\(id): exit \(r.status), \(r.stderr)")
        #expect(r.stderr.contains(expected), "\(id): \(r.stderr)")
        refused += 1
        continue
      }
      #expect(r.status == 0, "\(id): \(r.stderr)")
      let rows = try jsonRows(r.stdout, table: "index_\(id)_kreis")
      var x: [String: Double] = [:], index: [String: Double] = [:]
      var withheld: Set<String> = []
      for row in rows {
        guard let key = row["key"] as? String else { continue }
        if let v = row["vertical_trust"] as? Double, let i = row["index"] as? Double { x[key] = v; index[key] = i } else { withheld.insert(key) }
      }
      let published = x.keys.sorted()
      guard published.count >= 2, !withheld.isEmpty else { continue }
      tried += 1
      let a = published.first!, b = published.first { Swift.abs(x[$0]! - x[a]!) > 1e-6 }!
      switch id {
      case "leak_minmax":
        // index = 100 (x − lo) / (hi − lo): two published regions give lo and hi.
        let slope = (index[b]! - index[a]!) / (x[b]! - x[a]!)
        let lo = x[a]! - index[a]! / slope, hi = lo + 100 / slope
        matchWithheld(lo, withheld: withheld, how: "min–max lower end")
        matchWithheld(hi, withheld: withheld, how: "min–max upper end")
      case "leak_z":
        // index = (x − μ)/σ over the normalised regions; μ, σ from two published regions. With N
        // regions normalised (published + m withheld), Σ withheld x = N μ − Σ published x.
        let sigma = (x[b]! - x[a]!) / (index[b]! - index[a]!)
        let mu = x[a]! - sigma * index[a]!
        let sumPublished = published.reduce(0) { $0 + x[$1]! }
        let squaresPublished = published.reduce(0) { $0 + x[$1]! * x[$1]! }
        for m in 1...withheld.count {
          let n = Double(published.count + m)
          let s = n * mu - sumPublished
          let q = sigma * sigma * (n - 1) + n * mu * mu - squaresPublished
          if m == 1 { matchWithheld(s, withheld: withheld, how: "z-score mean (1 withheld region normalised)") }
          if m == 2 {
            // x₁ + x₂ = s, x₁² + x₂² = q.
            let disc = 2 * q - s * s
            if disc >= 0 {
              for v in [(s + disc.squareRoot()) / 2, (s - disc.squareRoot()) / 2] {
                matchWithheld(v, withheld: withheld, how: "z-score mean and SD (2 withheld regions normalised)")
              }
            }
          }
        }
      default:
        // ratio: index = x / x_ref.
        matchWithheld(x[a]! / index[a]!, withheld: withheld, how: "\(id) reference")
      }
    }
    print("normalisation attack: tried \(tried), refused \(refused), recovered \(recovered.count)")
    #expect(tried + refused == 5)
    #expect(tried == 2, "min–max and z-scores must be published and attacked")
    #expect(refused == 3)
    #expect(recovered.isEmpty, "\(recovered)")
  }
}
