import Foundation
import Testing
import _TestSupport

/// The demo report in a real headless Chromium (Debian's `chromium`, installed by `make test`):
/// it loads without console errors, the DOM holds every published region name and no
/// suppressed value, and a screenshot of every chart section has ink and colour.
@Suite(.serialized) struct BrowserTests {
  static let chromium: String? = {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
      for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
        let p = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
      }
    }
    return nil
  }()

  func browser(_ args: [String], in dir: TemporaryFolder) throws -> CLIResult {
    let chromium = try #require(Self.chromium, "Chromium is needed for the browser tests: make deps (apt-get install chromium)")
    var a = [chromium, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--hide-scrollbars", "--user-data-dir=\(dir.path)/profile"]
    if getuid() == 0 { a.append("--no-sandbox") }
    return try CLI.shell(a + args, in: dir.path)
  }

  @Test func demoReportInChromium() throws {
    let dir = try TemporaryFolder()
    let html = dir.path + "/report.html"
    let r = try CLI.run(["report", demo, "--wave", "2023", "--level", "kreis", "--rake", margins, "--previous-wave", "2021",
                         "--replicates", "100", "--output", html])
    #expect(r.status == 0, "\(r.stderr)")
    let source = try String(contentsOfFile: html, encoding: .utf8)

    // Published and suppressed Kreise from the index tables of the same run options, and the
    // suppressed Kreise's values from a run on a copy of the study with a lower threshold
    // (min_cell_size: 3; the command line can only raise the study's): ground truth the report
    // must hide.
    let demoFolder = repoPath("Datasets/hvb-demo")
    let lowered = try String(contentsOfFile: demoFolder + "/study.yaml", encoding: .utf8)
      .replacingOccurrences(of: "path: \"data/", with: "path: \"\(demoFolder)/data/")
      .replacingOccurrences(of: "[\"margins/", with: "[\"\(demoFolder)/margins/")
      .replacingOccurrences(of: "min_cell_size: 5", with: "min_cell_size: 3")
    try dir.write("lowered.yaml", lowered)
    var published = Set<String>(), suppressed = Set<String>()
    var secrets: [Double] = []
    for index in ["trust", "readiness"] {
      let base = ["index", demo, "--index", index, "--level", "kreis", "--wave", "2023", "--rake", margins, "--replicates", "100", "--format", "json"]
      let j = try CLI.run(base)
      for row in try jsonRows(j.stdout, table: "index_\(index)_kreis") {
        let name = row["kreis"] as? String ?? ""
        if row["index"] as? String == "suppressed" { suppressed.insert(name) } else if row["index"] is Double { published.insert(name) }
      }
      var lower = base
      lower[1] = dir.path + "/lowered.yaml"
      let open = try CLI.run(lower)
      #expect(open.status == 0, "\(open.stderr)")
      for row in try jsonRows(open.stdout, table: "index_\(index)_kreis") where suppressed.contains(row["kreis"] as? String ?? "") {
        for k in ["index", "ci95_lower", "ci95_upper"] { if let x = row[k] as? Double { secrets.append(x) } }
      }
    }
    // The study's publication plan publishes 7 of the 14 Kreise for trust and 5 for readiness in 2023.
    #expect(published.count >= 7 && suppressed.count >= 7, "published \(published.sorted()), suppressed \(suppressed.sorted())")
    #expect(secrets.count >= 3, "a lower threshold reveals some suppressed Kreise's values for the test")

    // Load it: DOM and console.
    let dom = try browser(["--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + html], in: dir)
    #expect(dom.status == 0)
    #expect(dom.stdout.contains("</html>"), "the DOM was dumped")
    let consoleErrors = dom.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
    #expect(consoleErrors.isEmpty, "\(consoleErrors)")
    for name in published.union(suppressed) {
      let escaped = name.replacingOccurrences(of: "&", with: "&amp;")
      #expect(dom.stdout.contains(escaped), "\(name) is named in the report")
    }
    for x in secrets {
      for d in [2, 3, 4] {
        let s = fixed(x, d)
        #expect(!dom.stdout.contains(s) && !source.contains(s), "a suppressed value \(s) is in the report")
      }
      #expect(!source.contains("\(x)"))
    }

    // Each chart section on its own page, screenshot at the chart's size: ink and colour.
    let figures = matches(#"<figure class="chart" id="([^"]+)">\n(<svg[^\n]*?</svg>)"#, source)
    #expect(figures.count == 8, "caterpillar, map, rank plot and change chart per index: \(figures.map { $0[1] })")
    let style = matches(#"<style>\n(.*?)\n</style>"#, source).first?[1] ?? ""
    for f in figures {
      let id = f[1], svg = f[2]
      let w = Int(Double(matches(#"width="([\d.]+)""#, svg).first?[1] ?? "800") ?? 800)
      let h = Int(Double(matches(#"height="([\d.]+)""#, svg).first?[1] ?? "600") ?? 600)
      try dir.write("\(id).html", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>\(style) body{margin:0;padding:0;max-width:none}</style></head><body>\(svg)</body></html>")
      let png = dir.path + "/\(id).png"
      let shot = try browser(["--window-size=\(w),\(h)", "--screenshot=\(png)", "file://\(dir.path)/\(id).html"], in: dir)
      #expect(shot.status == 0, "\(id): \(shot.stderr.suffix(300))")
      let image = try PNGImage(path: png)
      #expect(image.width == w && image.height == h)
      let inked = Double(image.inkedPixels) / Double(image.width * image.height)
      #expect(inked > 0.03, "\(id): only \(inked * 100) % of the screenshot has ink")
      #expect(image.colourCount >= 8, "\(id): \(image.colourCount) colours")
    }
  }

  /// --format pdf prints A4 pages.
  @Test func pdf() throws {
    let dir = try TemporaryFolder()
    let r = try CLI.run(["report", demo, "--wave", "2023", "--index", "trust", "--replicates", "100", "--lang", "de", "--output", dir.path + "/r.pdf"])
    #expect(r.status == 0, "\(r.stderr)")
    let data = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/r.pdf"))
    #expect(data.starts(with: Array("%PDF".utf8)))
    let text = String(decoding: data, as: UTF8.self)
    let boxes = matches(#"/MediaBox \[0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\]"#, text)
    #expect(!boxes.isEmpty)
    for b in boxes { #expect(abs(Double(b[1])! - 595.28) < 1 && abs(Double(b[2])! - 841.89) < 1, "A4: \(b[0])") }
  }

  func fixed(_ x: Double, _ d: Int) -> String { String(format: "%.\(d)f", x) }

  func matches(_ pattern: String, _ s: String) -> [[String]] {
    let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let ns = s as NSString
    return re.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { m in
      (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
    }
  }
}

/// Without Chromium, --format pdf says how to install it (exit 73), writing nothing.
@Suite struct PDFWithoutChromiumTests {
  @Test func saysHowToInstall() throws {
    let dir = try TemporaryFolder()
    let r = try CLI.sh("PATH=/nonexistent \(CLI.binary) report \(demo) --index trust --replicates 100 --output \(dir.path)/r.pdf")
    #expect(r.status == 73, "\(r.stderr)")
    #expect(r.stderr.contains("apt-get install chromium"))
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/r.pdf"))
  }
}
