import Foundation
import Testing
import _TestSupport

/// The public labels of the demo codebook: region names by key, and the code labels of role and
/// size class (read from study.yaml with plain string matching; the adversary has the codebook).
func demoPublicLabels(_ studyPath: String) throws -> (regions: [String: String], codes: [String: [String: String]]) {
  let text = try String(contentsOfFile: studyPath, encoding: .utf8)
  var regions: [String: String] = [:]
  var codes: [String: [String: String]] = [:]
  var currentVariable: String?
  for line in text.split(separator: "\n").map(String.init) {
    if let k = line.range(of: "{key: \""), let n = line.range(of: "name: \"") {
      let key = line[k.upperBound...].prefix { $0 != "\"" }
      let name = line[n.upperBound...].prefix { $0 != "\"" }
      regions[String(key)] = String(name)
    }
    if let r = line.range(of: "- id: \"") { currentVariable = String(line[r.upperBound...].prefix { $0 != "\"" }) }
    if let v = currentVariable, line.contains("codes: {"), !line.contains("trifft") {
      let body = line.split(separator: "{", maxSplits: 1).last?.dropLast() ?? ""
      for part in body.components(separatedBy: "\", ") {
        let kv = part.split(separator: ":", maxSplits: 1)
        guard kv.count == 2 else { continue }
        codes[v, default: [:]][kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"}"))
      }
    }
  }
  return (regions, codes)
}

/// Runs the commands a reader can get published from the demo study and reads their JSON:
/// `describe` and `estimate` (design-weighted and raked to the demo's margins) for every grouping
/// the CLI has offered, each wave and the pooled waves.
func collectPublishedDemoOutputs(frame: AttackFrame, study: String = "Datasets/hvb-demo/study.yaml") throws -> AttackBook {
  var book = AttackBook()
  let (regions, codes) = try demoPublicLabels(study.hasPrefix("/") ? study : repoPath(study))
  let margins = "Datasets/hvb-demo/margins/land_sizeclass.csv"
  // Every grouping the CLI has offered: wave, every column of the data.
  let groupings = ["", "wave"] + AttackFrame.atomAttributes + AttackFrame.otherAttributes
  let selections: [[String]] = frame.waves.map { [$0] } + [frame.waves]
  func run(_ args: [String], tableID: @escaping (String) -> Bool, grouping: String, waves: [String], weighting: String?,
           labels: [String: String], itemByItem: Bool = false) throws {
    let r = try CLI.run(args)
    book.commands += 1
    if r.status == 64 { book.refused.append(args.joined(separator: " ")); return }
    // A domain without answers to one item fails the whole run (exit 65): then item by item.
    let runs = r.status == 0 || !itemByItem ? [(args, r)] : try AttackFrame.items.map { item in
      let a = args + ["--items", item]
      book.commands += 1
      return (a, try CLI.run(a))
    }
    for (a, out) in runs {
      guard out.status == 0 else { book.failed.append(a.joined(separator: " ") + ": " + out.stderr); continue }
      try book.read(json: out.stdout, source: a.dropFirst(2).joined(separator: " "), tableID: tableID, grouping: grouping, waves: waves,
                    measureColumns: nil, weighting: weighting, labels: labels)
    }
  }
  for g in groupings {
    let labels = AttackBook.labels(grouping: g, frame: frame, regionNames: regions, codeLabels: codes)
    for s in selections {
      // describe: unweighted, every item.
      var args = ["describe", study, "--format", "json"]
      if !g.isEmpty { args += ["--by", g] }
      if s.count == 1 { args += ["--wave", s[0]] }
      try run(args, tableID: { $0 == "describe_items" }, grouping: g, waves: s, weighting: nil, labels: labels)
    }
    // estimate: domain means per wave (the whole wave without --by), and by wave pooled; without
    // and with --rake. (Not by municipality, officer or years in office: thousands of domains the
    // atoms cannot express.)
    if AttackFrame.otherAttributes.contains(g) { continue }
    for s in selections where (s.count == 1) != (g == "wave") {
      for rake in [false, true] {
        var args = ["estimate", study, "--stat", "mean", "--format", "json"]
        if !g.isEmpty { args += ["--by", g] }
        if s.count == 1 { args += ["--wave", s[0]] }
        if rake { args += ["--rake", margins] }
        // Domain means (any --by) use the study's publication weighting, the declared raking, also
        // without --rake; the whole wave without --rake is design-weighted. By wave, the rows of
        // all waves are raked at once.
        let used = g == "wave" ? "pooled-raked" : (rake || !g.isEmpty ? "raked" : "design")
        try run(args, tableID: { $0.hasPrefix("estimate") }, grouping: g, waves: s, weighting: used, labels: labels, itemByItem: true)
      }
    }
  }
  return book
}

/// The main job's tables per Land and Kreis and wave: `index` (component means; without `--rake`
/// and with it, both the study's publication weighting, the declared raking), and `rank` and
/// `compare --previous-wave` of every index, which must publish exactly the regions and values of
/// the index tables (their index values and respondent counts), so the attack on the index tables
/// covers them.
func collectPublishedDemoIndexTables(frame: AttackFrame, into book: inout AttackBook, study: String = "Datasets/hvb-demo/study.yaml") throws {
  let margins = "Datasets/hvb-demo/margins/land_sizeclass.csv"
  for level in ["land", "kreis"] {
    // Per wave and index: the published regions' (n, index), and the withheld regions.
    var published: [String: [String: (n: Double, index: Double)]] = [:], withheld: [String: Set<String>] = [:]
    for w in frame.waves {
      for rake in [false, true] {
        var args = ["index", study, "--level", level, "--wave", w, "--replicates", "100", "--format", "json"]
        if rake { args += ["--rake", margins] }
        let r = try CLI.run(args)
        book.commands += 1
        if r.status == 64 { book.refused.append(args.joined(separator: " ")); continue }
        guard r.status == 0 else { throw AttackError.command(args, r.stderr) }
        try book.read(json: r.stdout, source: args.dropFirst(2).joined(separator: " "),
                      tableID: { $0.hasPrefix("index_") && !$0.hasPrefix("index_checks") }, grouping: level, waves: [w],
                      measureColumns: { cols in cols.filter { AttackFrame.scales[$0] != nil }.map { ($0, $0) } },
                      weighting: "raked", labels: [:])
        for (table, rows) in try jsonTables(r.stdout) where table.hasPrefix("index_") && !table.hasPrefix("index_checks") {
          let id = String(table.dropFirst("index_".count).dropLast("_\(level)".count))
          var p: [String: (n: Double, index: Double)] = [:], h: Set<String> = []
          for row in rows {
            guard let key = row["key"] as? String else { continue }
            if let n = (row["n"] as? NSNumber)?.doubleValue, let x = (row["index"] as? NSNumber)?.doubleValue { p[key] = (n, x) } else { h.insert(key) }
          }
          // Without and with --rake: one weighting, so the same table.
          if let earlier = published["\(w)|\(id)"] {
            #expect(earlier.mapValues(\.index) == p.mapValues(\.index), "\(level) \(w) \(id): index without and with --rake differ")
          }
          published["\(w)|\(id)"] = p
          withheld["\(w)|\(id)"] = h
        }
      }
    }
    func check(_ what: String, key: String, wave: String, index id: String, n: Any?, value: Any?) {
      guard let p = published["\(wave)|\(id)"]?[key] else {
        Issue.record("\(what): region \(key) (\(level), \(wave), \(id)) is not published by index")
        return
      }
      let nn = (n as? NSNumber)?.doubleValue, x = (value as? NSNumber)?.doubleValue
      #expect(nn == p.n, "\(what): n of \(key) is \(String(describing: n)), index publishes \(p.n)")
      #expect(x.map { Swift.abs($0 - p.index) <= 1e-9 * Swift.max(1, Swift.abs(p.index)) } == true,
              "\(what): index of \(key) is \(String(describing: value)), index publishes \(p.index)")
    }
    for id in ["trust", "readiness"] {
      for (i, w) in frame.waves.enumerated() {
        let args = ["rank", study, "--index", id, "--level", level, "--wave", w, "--replicates", "100", "--format", "json"]
        let r = try CLI.run(args)
        book.commands += 1
        guard r.status == 0 else { throw AttackError.command(args, r.stderr) }
        let rows = try jsonRows(r.stdout, table: "rank_\(id)_\(level)")
        #expect(rows.count == published["\(w)|\(id)"]?.count, "rank \(id) \(level) \(w): \(rows.count) rows")
        for row in rows { check("rank", key: row["key"] as? String ?? "", wave: w, index: id, n: row["n"], value: row["index"]) }
        guard i > 0 else { continue }
        let v = frame.waves[i - 1]
        let cargs = ["compare", study, "--index", id, "--level", level, "--wave", w, "--previous-wave", v, "--replicates", "100", "--format", "json"]
        let c = try CLI.run(cargs)
        book.commands += 1
        guard c.status == 0 else { throw AttackError.command(cargs, c.stderr) }
        let crows = try jsonRows(c.stdout, table: "change_\(id)_\(level)")
        #expect(!crows.isEmpty, "compare \(id) \(level) \(v) → \(w) publishes nothing")
        for row in crows {
          let key = row["key"] as? String ?? ""
          check("compare", key: key, wave: v, index: id, n: row["n_\(v)"], value: row["index_\(v)"])
          check("compare", key: key, wave: w, index: id, n: row["n_\(w)"], value: row["index_\(w)"])
        }
        // A region withheld in either wave has no row.
        let keys = Set(crows.compactMap { $0["key"] as? String })
        #expect(keys.isDisjoint(with: (withheld["\(v)|\(id)"] ?? []).union(withheld["\(w)|\(id)"] ?? [])))
      }
    }
  }
}

enum AttackError: Error, CustomStringConvertible {
  case command([String], String)
  var description: String {
    switch self { case .command(let a, let e): "trustmetrics \(a.joined(separator: " ")) failed: \(e)" }
  }
}

/// The summary line of an attack, and its assertions: the adversary must have tried (equations,
/// withheld cells, targets, a clear-cut rank) and must have recovered nothing.
func checkAttack(_ book: AttackBook, _ result: AttackResult, label: String, minimumObservations: Int) {
  let singles = result.recoveries.filter { $0.units == 1 }
  let singleGroups = Set(singles.map { $0.target.replacingOccurrences(of: "design-weighted", with: "").replacingOccurrences(of: "raked-weighted", with: "") })
  // Distinct groups recovered (a group's items count once), and the most answers of one mayor.
  let groups = Set(result.recoveries.map { $0.target.replacingOccurrences(of: "-weighted", with: "") })
  var perSingle: [String: Set<String>] = [:]
  for r in singles where AttackFrame.items.contains(r.measure) {
    perSingle[r.target.replacingOccurrences(of: "design-weighted", with: "").replacingOccurrences(of: "raked-weighted", with: ""), default: []].insert(r.measure)
  }
  let mostAnswers = perSingle.values.map(\.count).max() ?? 0
  let summary = """
    \(label): commands \(book.commands) (refused \(book.refused.count), failed \(book.failed.count)), published numbers \(book.observations.count), \
    withheld \(book.withheld.count); equations \(result.equations), targets \(result.targetsTried) (withheld cells \(result.withheldTried)), \
    in row space \(result.inRowSpace), recovered \(result.recoveries.count) values of \(groups.count) groups \
    (\(singleGroups.count) of a single municipality, up to \(mostAnswers) of 19 item answers of one mayor), \
    small published cells \(result.smallPublished.count), smallest rank gap \(result.smallestGap)
    """
  print("disclosure attack: " + summary)
  // The attack must actually try.
  #expect(book.observations.count > minimumObservations, "\(summary)")
  #expect(book.withheld.count > 50, "\(summary)")
  #expect(result.equations > minimumObservations, "\(summary)")
  #expect(result.withheldTried > 50, "\(summary)")
  #expect(result.targetsTried > 500, "\(summary)")
  #expect(result.smallestGap > 1e4, "the rank of the adversary's system is not clear-cut: \(summary)")
  #expect(result.inconsistent.isEmpty, "the adversary's model does not fit the outputs: \(result.inconsistent.prefix(5))")
  // And must get nothing.
  #expect(result.recoveries.isEmpty, "\(summary)\n\(result.recoveries.prefix(40).map(\.description).joined(separator: "\n"))")
  #expect(result.smallPublished.isEmpty, "\(summary)\n\(result.smallPublished.prefix(20).joined(separator: "\n"))")
}

/// Issue 8, "Done means": from the demo study's published outputs only — every grouping the CLI
/// offers, each wave and the pooled waves, every item, unweighted (describe) and weighted with the
/// design weights and with raked weights (estimate) — the adversary tries every differencing path
/// (siblings from totals, pooled minus single waves, nested and overlapping groupings, weighted
/// against unweighted means of the same cell, n counted per response) and must recover nothing.
@Suite(.serialized) struct DisclosureAttackTests {
  /// The study attacked (TM_ATTACK_STUDY overrides it, e.g. to run the same attack against an older
  /// build with TRUSTMETRICS_BIN and a codebook that build reads).
  static let study = ProcessInfo.processInfo.environment["TM_ATTACK_STUDY"] ?? "Datasets/hvb-demo/study.yaml"

  @Test func differencingThePublishedTablesRecoversNothing() throws {
    let frame = try AttackFrame(studyFolder: repoPath("Datasets/hvb-demo"))
    let t0 = Date()
    var book = try collectPublishedDemoOutputs(frame: frame, study: Self.study)
    let t1 = Date()
    let attack = DisclosureAttack(frame: frame, k: 5)
    checkAttack(book, try attack.run(book), label: "describe + estimate", minimumObservations: 1000)
    print("disclosure attack: outputs \(t1.timeIntervalSince(t0)) s, attack \(Date().timeIntervalSince(t1)) s")
    // With the main job's tables added: index component means per Land and Kreis and wave (its
    // publication decided by the study's publication plan through the `RegionPublication` seam),
    // and rank and compare, which publish exactly the index tables' regions and values.
    try collectPublishedDemoIndexTables(frame: frame, into: &book, study: Self.study)
    checkAttack(book, try attack.run(book), label: "describe + estimate + index + rank + compare", minimumObservations: 1000)
  }
}
