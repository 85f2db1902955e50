import Foundation
import Testing
import _TestSupport
@testable import TrustMetrics

/// Disclosure control in the published report (HTML with inline SVG) for the demo study at Kreis
/// level, where the kreisfreie Städte and the Altmarkkreis are suppressed.
///
/// Two checks:
/// 1. **Differential.** The answers of every respondent in a suppressed Kreis are reflected
///    (x → 6 − x, same missingness, so the same counts and the same suppression); the report is
///    rendered again. Everything regional — every chart, every table of indices, rankings and
///    changes, every footnote, the title page — must be byte-identical: nothing published depends
///    on a suppressed region's answers. (Data quality, the scales' reliability and the α column of
///    the index checks are over all respondents of the wave, not regional; they are left out.)
/// 2. **Search.** Every byte of the HTML (text, SVG marks, attributes, titles, tooltips, data
///    attributes) is searched for each suppressed value — index, SE, interval bounds, component
///    means and SEs, in both waves — as a whole token at every rounding from 0 to 12 decimals and
///    at full precision, with decimal point and decimal comma. A token that occurs must occur
///    exactly as often in the perturbed report, whose suppressed values are different: then it
///    is a published number that happens to share the digits, not the suppressed value.
@Suite(.serialized) struct ReportDisclosureTests {
  static let perturbed: String = {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-perturbed-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: dir + "/data", withIntermediateDirectories: true)
    try! FileManager.default.copyItem(atPath: repoPath("Datasets/hvb-demo/study.yaml"), toPath: dir + "/study.yaml")
    try! FileManager.default.copyItem(atPath: repoPath("Datasets/hvb-demo/margins"), toPath: dir + "/margins")
    return dir
  }()

  func options(_ level: RegionLevel = .kreis) throws -> StudyReportOptions {
    var region = RegionIndexOptions(level: level, wave: 2023, replicates: 100)
    region.rakeMargins = [try MarginTable.load(path: demoMargins)]
    var o = StudyReportOptions(region: region)
    o.previousWave = 2021
    o.panelVariable = "muni_id"
    o.toolVersion = "test"
    return o
  }

  /// Suppressed Kreise per wave, by index.
  func hidden(_ data: StudyData, wave: Int) throws -> [String: [Int]] {
    var out: [String: [Int]] = [:]
    for id in data.study.indices.map(\.id) {
      var o = try options().region
      o.wave = wave
      let idx = try RegionIndex.estimate(data, index: id, options: o)
      out[id] = idx.regions.indices.filter { idx.suppressed[$0] }
    }
    return out
  }

  /// The regional part of a report: the quality and reliability sections and the index-checks
  /// tables (all respondents of the wave) removed.
  static func regional(_ html: String) -> String {
    var s = html
    for pattern in [#"(?s)<section id="quality".*?</section>\n"#, #"(?s)<section id="reliability".*?</section>\n"#,
                    #"(?s)<div class="table-wrap"><table class="data[^"]*" id="table-index_checks_.*?</div>\n"#] {
      s = s.replacingOccurrences(of: pattern, with: "", options: .regularExpression)
    }
    return s
  }

  @Test func suppressedKreiseLeaveNoTrace() throws {
    defer { try? FileManager.default.removeItem(atPath: Self.perturbed) }
    let data = try StudyReader.load(studyPath: demoPath)
    let hidden2023 = try hidden(data, wave: 2023), hidden2021 = try hidden(data, wave: 2021)
    let allHidden = Set(hidden2023.values.flatMap { $0 } + hidden2021.values.flatMap { $0 })
    #expect(allHidden.count >= 3)
    let regions = data.study.regions.filter { $0.level == .kreis }

    // The perturbed study: reflect the answers of suppressed Kreise's respondents in that wave —
    // only the items behind the index in which the Kreis is suppressed (suppression is decided per
    // index: k applies to each published component mean, so a Kreis can be published for one
    // index and withheld for another).
    func itemsOf(_ index: String) -> Set<String> {
      var out = Set<String>()
      var pending = [index]
      while let id = pending.popLast() {
        guard let def = data.study.index(id) else { continue }
        for c in def.components {
          switch c.source {
          case .item(let i): out.insert(i)
          case .scale(let s): out.formUnion(data.study.scale(s)?.items ?? [])
          case .index(let sub): pending.append(sub)
          }
        }
      }
      return out
    }
    for wave in [2019, 2021, 2023] {
      let path = repoPath("Datasets/hvb-demo/data/hvb_\(wave).csv")
      let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let kreisColumn = try #require(header.firstIndex(of: "kreis"))
      var secretItems: [String: Set<String>] = [:]  // Kreis key → items to reflect
      for (id, hidden) in (wave == 2023 ? hidden2023 : wave == 2021 ? hidden2021 : [:]) {
        for g in hidden { secretItems[regions[g].key, default: []].formUnion(itemsOf(id)) }
      }
      var changed = 0
      let out = lines.enumerated().map { i, line -> String in
        guard i > 0, !line.isEmpty else { return line }
        var f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let items = secretItems[f[kreisColumn]] else { return line }
        for (j, name) in header.enumerated() where items.contains(name) {
          if let v = Int(f[j]), (1...5).contains(v) { f[j] = String(6 - v); changed += 1 }
        }
        return f.joined(separator: ",")
      }
      if wave != 2019 { #expect(changed > 20, "wave \(wave): \(changed) answers reflected") }
      try Data(out.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: Self.perturbed + "/data/hvb_\(wave).csv"))
    }
    let twin = try StudyReader.load(studyPath: Self.perturbed + "/study.yaml")
    let twin2023 = try hidden(twin, wave: 2023), twin2021 = try hidden(twin, wave: 2021)
    #expect(twin2023 == hidden2023 && twin2021 == hidden2021, "same suppression pattern")

    for language in [ReportLanguage.en, .de] {
      var o = try options()
      o.language = language
      let html = try HTMLReport.render(try StudyReport.input(data, options: o)).html
      let other = try HTMLReport.render(try StudyReport.input(twin, options: o)).html
      // 1. Differential: the regional report does not depend on suppressed answers at all.
      let a = Self.regional(html), b = Self.regional(other)
      #expect(a.count > html.count / 2)
      #expect(a == b, "\(language): the regional report changes when only suppressed Kreise's answers change")
      #expect(!a.isEmpty && html != other, "the perturbation must change something (the all-respondent sections)")

      // The withheld regions are named, as suppressed.
      for g in hidden2023.values.flatMap({ $0 }) { #expect(html.contains(regions[g].name)) }

      // 2. Search every byte for every suppressed value at every rounding.
      var secrets: [Double] = []
      for (wave, hiddenByIndex) in [(2023, hidden2023), (2021, hidden2021)] {
        for (id, hidden) in hiddenByIndex {
          var ro = o.region
          ro.wave = wave
          // The values the suppressed regions would show if they were published: every region
          // with respondents published (the main job computes nothing for withheld regions).
          let all = RegionPublication(published: Array(repeating: true, count: regions.count),
                                      reasons: Array(repeating: nil, count: regions.count), rule: "all (test)")
          let idx = try RegionIndex.estimate(data, index: id, options: ro, publication: all)
          for g in hidden {
            let z = 1.959963984540054
            secrets += [idx.estimates[g], idx.standardErrors[g], idx.estimates[g] - z * idx.standardErrors[g], idx.estimates[g] + z * idx.standardErrors[g]]
            for c in idx.componentNames.indices { secrets += [idx.componentMeans[g, c], idx.componentStandardErrors[g, c]] }
          }
        }
      }
      secrets = secrets.filter(\.isFinite)
      #expect(secrets.count >= 20)
      var searched = 0, coincidences = 0
      for x in secrets {
        var forms = Set([ReportRenderer.fullPrecision(x)])
        for d in 0...12 { forms.insert(ReportRenderer.fixed(x, digits: d)) }
        for f in forms.union(forms.map { $0.replacingOccurrences(of: ".", with: ",") }) {
          // Only tokens that can be told apart from everyday numbers (an index of 48 may be a count).
          guard f.filter(\.isNumber).count >= 2 else { continue }
          searched += 1
          let n = Self.tokenCount(f, in: a)
          if n > 0 {
            coincidences += 1
            #expect(n == Self.tokenCount(f, in: b), "\(language): '\(f)' (a suppressed value) appears \(n) times in the regional report but not equally often when the suppressed answers change")
          }
          // Full precision and 3+ decimals: never, anywhere in the file.
          if f.count >= 7 { #expect(Self.tokenCount(f, in: html) == 0, "\(language): '\(f)' appears in the report") }
        }
      }
      #expect(searched > 200)
      print("report disclosure (\(language)): \(secrets.count) suppressed values, \(searched) tokens searched, \(coincidences) shared by chance with published numbers (same count with different suppressed values)")
    }
  }

  /// Occurrences of `token` as a whole number: the numbers of a text are its maximal runs of
  /// digits with at most one inner '.' or ',' followed by digits ("54.2 – 59.2" holds 54.2 and 59.2).
  static func tokenCount(_ token: String, in s: String) -> Int {
    numbers(s)[token, default: 0]
  }

  nonisolated(unsafe) static var cache: [Int: [String: Int]] = [:]

  static func numbers(_ s: String) -> [String: Int] {
    if let c = cache[s.hashValue] { return c }
    let b = Array(s.utf8)
    var out: [String: Int] = [:]
    var i = 0
    func digit(_ k: Int) -> Bool { k < b.count && b[k] >= 48 && b[k] <= 57 }
    while i < b.count {
      guard digit(i) else { i += 1; continue }
      var j = i
      while digit(j) { j += 1 }
      if j + 1 < b.count && (b[j] == 46 || b[j] == 44) && digit(j + 1) {
        j += 1
        while digit(j) { j += 1 }
      }
      out[String(decoding: b[i..<j], as: UTF8.self), default: 0] += 1
      i = j
      // Skip the rest of a longer run (e.g. "1.2.3", an IP-like or date-like string).
      while i < b.count && (digit(i) || ((b[i] == 46 || b[i] == 44) && digit(i + 1))) { i += 1 }
    }
    cache[s.hashValue] = out
    return out
  }
}
