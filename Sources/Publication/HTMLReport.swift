import Charts
import Reports

/// The published report: one self-contained HTML file (inline CSS and SVG, no script, no
/// network) assembled from the commands' tables.
///
/// Order: title page (study, wave, level, synthetic-data banner, key facts), contents, data
/// quality, reliability of the scales, indices per region (caterpillar plot, tile map, table),
/// rankings with uncertainty (rank plot, tables), comparisons with published rankings
/// (agreement plot, tables), change between waves (dumbbell chart, table), methods, sources and
/// every footnote.
///
/// Disclosure: every number comes from a `ReportTable`; suppressed cells are
/// `Cell.suppressed` and charts receive them as `ChartEntry.suppressed`, which holds no number.
/// The HTML is deterministic (no date): the same input gives the same bytes.
public enum HTMLReport {
  public struct Output: Sendable {
    public var html: String
    /// Strings without a catalogue entry (kept in English; the CLI warns).
    public var untranslated: [String]
    /// The charts by id, as standalone SVG.
    public var charts: [(id: String, svg: String)]
  }

  public static func render(_ input: PublicationInput) throws -> Output {
    var r = Renderer(input: input)
    try r.build()
    let document = r.document()
    return Output(html: document, untranslated: r.misses, charts: r.charts)
  }
}

/// HTML escaping for text and attribute values.
func esc(_ s: String) -> String { SVGWriter.escape(s) }

struct Renderer {
  let input: PublicationInput
  let w: Words
  let presentation: Presentation
  let builder: ChartBuilder
  let renderOptions: RenderOptions
  var body = ""
  var misses: [String] = []
  var seenMisses = Set<String>()
  var charts: [(id: String, svg: String)] = []
  var footnotes: [String] = []
  var toc: [(id: String, title: String)] = []

  init(input: PublicationInput) {
    self.input = input
    w = Words(input.language)
    presentation = Presentation(language: input.language, headers: .display, labels: input.labels, useLabels: true,
                                texts: input.texts.union([input.title, input.description]))
    builder = ChartBuilder(language: input.language, labels: input.labels)
    renderOptions = RenderOptions(digits: 3, decimalComma: input.language == .de)
  }

  mutating func document() -> String {
    let title = input.title
    let css = ReportStyle.css(runningHeader: title, runningRight: w.waveAndLevel(input.wave, input.level), pageWord: w.t("Page", "Seite"))
    var s = "<!DOCTYPE html>\n<html lang=\"\(w.lang)\">\n<head>\n<meta charset=\"utf-8\">\n"
    s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    s += "<meta name=\"generator\" content=\"TrustMetrics \(esc(input.toolVersion))\">\n"
    s += "<title>\(esc(title)) — \(esc(w.waveAndLevel(input.wave, input.level)))</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n"
    return s + body + "</body>\n</html>\n"
  }

  /// A string of the library (English) in the report's language; misses are recorded.
  mutating func text(_ s: String) -> String {
    let (r, m) = Report(title: s).presented(presentation)
    note(m)
    return r.title
  }

  mutating func note(_ m: [String]) {
    for x in m where seenMisses.insert(x).inserted { misses.append(x) }
  }

  mutating func present(_ t: ReportTable) -> ReportTable {
    let (r, m) = Report(title: "", tables: [t]).presented(presentation)
    note(m)
    return r.tables[0]
  }

  mutating func build() throws {
    var sections = ""
    // Quality.
    if !input.quality.isEmpty {
      section("quality", w.quality)
      paragraph(w.qualityIntro)
      for t in input.quality { table(t) }
      close()
    }
    if !input.reliability.isEmpty {
      section("reliability", w.reliability)
      paragraph(w.reliabilityIntro)
      for t in input.reliability { table(t) }
      close()
    }
    if !input.indices.isEmpty {
      section("indices", w.indices)
      paragraph(w.indicesIntro(input.level))
      for part in input.indices {
        let label = builder.label(part.id, fallback: part.label)
        body += "<section id=\"index-\(esc(part.id))\">\n<h3>\(esc(label))</h3>\n"
        try figure(id: "fig-caterpillar-\(part.id)", svg: try builder.caterpillar(part.estimates, id: "fig-caterpillar-\(part.id)", indexLabel: label, level: input.level, wave: input.wave),
                   caption: w.caterpillarDescription)
        if let map = try builder.tileMap(part.estimates, id: "fig-map-\(part.id)", indexLabel: label, level: input.level, wave: input.wave, placements: input.placements) {
          try figure(id: "fig-map-\(part.id)", svg: map.svg, caption: w.mapDescription + (map.unplaced.isEmpty ? "" : ". " + w.unplaced + map.unplaced.joined(separator: ", ")))
        }
        table(part.estimates)
        if let c = part.checks { table(c) }
        body += "</section>\n"
      }
      close()
      section("rankings", w.rankings)
      paragraph(w.rankingsIntro)
      for part in input.indices where !part.ranking.isEmpty {
        let label = builder.label(part.id, fallback: part.label)
        body += "<section id=\"ranking-\(esc(part.id))\">\n<h3>\(esc(label))</h3>\n"
        try figure(id: "fig-rank-\(part.id)", svg: try builder.rankPlot(part.ranking[0], index: part.estimates, id: "fig-rank-\(part.id)", indexLabel: label, level: input.level, wave: input.wave),
                   caption: w.rankDescription)
        for t in part.ranking { table(t) }
        body += "</section>\n"
      }
      close()
    }
    if !input.benchmarks.isEmpty {
      section("benchmarks", w.benchmark)
      paragraph(w.benchmarkIntro)
      for b in input.benchmarks {
        let label = builder.label(b.indexID, fallback: b.indexLabel)
        body += "<section id=\"benchmark-\(esc(b.indexID))\">\n<h3>\(esc(label)) — \(esc(b.benchmarkName))</h3>\n"
        if let agreement = b.tables.first(where: { $0.id == "rank_agreement" }), let shifts = b.tables.first(where: { $0.id == "rank_shifts" }) {
          let id = "fig-agreement-\(b.indexID)"
          try figure(id: id, svg: try builder.agreement(agreement: agreement, shifts: shifts, index: b.index, id: id, indexLabel: label,
                                                        benchmarkName: b.benchmarkName, level: b.level), caption: w.agreementDescription)
        }
        for t in b.tables { table(t) }
        body += "</section>\n"
      }
      close()
    }
    if !input.changes.isEmpty {
      section("change", w.change)
      paragraph(w.changeIntro)
      for c in input.changes {
        let label = builder.label(c.indexID, fallback: c.indexLabel)
        body += "<section id=\"change-\(esc(c.indexID))\">\n<h3>\(esc(label)): \(c.earlierWave) → \(c.laterWave)</h3>\n"
        let id = "fig-change-\(c.indexID)"
        try figure(id: id, svg: try builder.change(c.table, laterIndex: c.laterIndex, id: id, indexLabel: label, level: input.level,
                                                   earlier: c.earlierWave, later: c.laterWave), caption: w.changeDescription)
        table(c.table)
        body += "</section>\n"
      }
      close()
    }
    methods()
    swap(&sections, &body)
    // The title page with the contents, now that the sections are known.
    titlePage()
    body += sections
    body += "<div class=\"footer\">TrustMetrics \(esc(input.toolVersion)) · \(esc(input.studyID)) · \(esc(w.waveAndLevel(input.wave, input.level)))</div>\n"
  }

  mutating func titlePage() {
    body += "<header class=\"title-page\">\n<div class=\"kind\">\(esc(w.reportKind))</div>\n"
    body += "<h1>\(esc(input.title))</h1>\n<p class=\"subtitle\">\(esc(w.waveAndLevel(input.wave, input.level)))</p>\n"
    if let b = input.banner { body += "<div class=\"banner\" role=\"note\">\(esc(text(b)))</div>\n" }
    if !input.description.isEmpty { body += "<p class=\"description\">\(esc(input.description))</p>\n" }
    var facts: [(String, String)] = [(w.factStudy, input.studyID), (w.factWave, String(input.wave)), (w.factLevel, w.levelPlural(input.level))]
    if !input.indices.isEmpty {
      facts.append((w.factIndices, input.indices.map { builder.label($0.id, fallback: $0.label) }.joined(separator: "; ")))
    }
    facts += [(w.factWeights, input.weighting), (w.factReplicates, String(input.replicates)),
              (w.factDisclosure, w.disclosureRule(input.minimumCellSize, unit: input.disclosureUnit)), (w.factTool, "TrustMetrics \(input.toolVersion)")]
    body += "<table class=\"facts\">"
    for (k, v) in facts { body += "<tr><th scope=\"row\">\(esc(k))</th><td>\(esc(v))</td></tr>" }
    body += "</table>\n"
    body += "<nav class=\"toc\" aria-label=\"\(esc(w.contents))\"><h3 id=\"contents\">\(esc(w.contents))</h3><ol>"
    for (id, title) in toc { body += "<li><a href=\"#\(id)\">\(esc(title))</a></li>" }
    body += "</ol></nav>\n</header>\n"
  }

  mutating func section(_ id: String, _ title: String) {
    toc.append((id, title))
    body += "<section id=\"\(id)\" class=\"part\">\n<h2>\(esc(title))</h2>\n"
  }

  mutating func close() { body += "</section>\n" }

  mutating func paragraph(_ s: String) { body += "<p>\(esc(s))</p>\n" }

  mutating func figure(id: String, svg: String, caption: String) throws {
    charts.append((id, svg))
    body += "<figure class=\"chart\" id=\"\(id)-figure\">\n\(svg)\n<figcaption>\(esc(caption))</figcaption>\n</figure>\n"
  }

  /// A table as HTML: caption, header, rows (numbers right-aligned and rounded to the column's
  /// digits, lower/upper pairs joined), footnotes below.
  mutating func table(_ raw: ReportTable) {
    let t = present(raw)
    let h = ReportRenderer.humanTable(t, options: renderOptions)
    let wide = h.headers.count > 9
    body += "<div class=\"table-wrap\"><table class=\"data\(wide ? " wide" : "")\" id=\"table-\(esc(t.id))\">"
    body += "<caption>\(esc(t.title))</caption><thead><tr>"
    for (j, head) in h.headers.enumerated() {
      body += "<th scope=\"col\"\(h.numeric[j] ? " class=\"num\"" : "")>\(esc(head))</th>"
    }
    body += "</tr></thead><tbody>"
    for (r, row) in h.rows.enumerated() {
      body += "<tr>"
      for (j, cell) in row.enumerated() {
        if h.suppressed[r][j] {
          body += "<td class=\"sup\" title=\"\(esc(w.suppressedShort))\">\(ReportRenderer.suppressedSymbol)</td>"
        } else {
          body += h.numeric[j] ? "<td class=\"num\">\(esc(cell))</td>" : (cell.count <= 24 ? "<td class=\"nw\">\(esc(cell))</td>" : "<td>\(esc(cell))</td>")
        }
      }
      body += "</tr>"
    }
    body += "</tbody></table>"
    let notes = ReportRenderer.notes(t)
    if !notes.isEmpty {
      body += "<div class=\"notes\">" + notes.map { "<p>\(esc($0))</p>" }.joined() + "</div>"
      for n in notes where !footnotes.contains(n) { footnotes.append(n) }
    }
    body += "</div>\n"
  }

  mutating func methods() {
    section("methods", w.methods)
    body += "<h3>\(esc(w.methodsHeading))</h3>\n"
    for p in w.methodParagraphs(weighting: input.weighting, replicates: input.replicates, k: input.minimumCellSize, unit: input.disclosureUnit, dominance: input.disclosureDominance) { paragraph(p) }
    body += "<h3>\(esc(w.sourcesHeading))</h3>\n<ol class=\"references\">"
    for s in input.sources + [input.placementSource.isEmpty ? w.tileSource : input.placementSource] + w.references { body += "<li>\(esc(s))</li>" }
    body += "</ol>\n<h3>\(esc(w.notesHeading))</h3>\n"
    paragraph(w.notesIntro)
    body += "<ol class=\"footnotes\">" + footnotes.map { "<li>\(esc($0))</li>" }.joined() + "</ol>\n"
    close()
  }
}
