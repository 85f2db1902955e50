import Foundation
import Testing
@testable import Reports

@Suite struct CatalogueTests {
  let c = Catalogue([
    CatalogueEntry("Ranking: {1} by kreis {2}", de: "Rangfolge: {1} nach Kreisen, {2}"),
    CatalogueEntry("Ranking: {1}", de: "Rangfolge: {1}"),
    CatalogueEntry("{1} (not published), {2}", de: "{1} (nicht veröffentlicht), {2}"),
    CatalogueEntry("{1} (not published)", de: "{1} (nicht veröffentlicht)"),
    CatalogueEntry("σ²u = {1}; covariates: {2}", de: "σ²u = {1}; Kovariaten: {2}"),
    CatalogueEntry("Change {1} → {2}", de: "Veränderung {2} ← {1}"),
    CatalogueEntry("yes", de: "ja"),
  ])

  func hole(_ s: String) -> String {
    Presentation.number(s, language: .de) ?? c.translate(s, to: .de, hole: hole) ?? s
  }

  @Test func exactAndTemplates() {
    #expect(c.translate("yes", to: .de, hole: hole) == "ja")
    #expect(c.translate("yes", to: .en, hole: hole) == "yes")
    // The template with the most literal text wins; holes are data (kept) or numbers (comma).
    #expect(c.translate("Ranking: Trust (Vertrauen) by kreis 2023", to: .de, hole: hole) == "Rangfolge: Trust (Vertrauen) nach Kreisen, 2023")
    #expect(c.translate("Ranking: Trust", to: .de, hole: hole) == "Rangfolge: Trust")
    #expect(c.translate("σ²u = 11.659; covariates: intercept", to: .de, hole: hole) == "σ²u = 11,659; Kovariaten: intercept")
    // Holes can be reordered.
    #expect(c.translate("Change 2021 → 2023", to: .de, hole: hole) == "Veränderung 2023 ← 2021")
    // A list is translated item by item through nested holes.
    #expect(c.translate("Berlin (not published), Bremen (not published), Hamburg (not published)", to: .de, hole: hole)
            == "Berlin (nicht veröffentlicht), Bremen (nicht veröffentlicht), Hamburg (nicht veröffentlicht)")
    // No entry: a miss (nil), never a silent partial translation.
    #expect(c.translate("Something else", to: .de, hole: hole) == nil)
    #expect(!c.contains("Ranking"))
  }

  @Test func holesNeedText() {
    // A hole never matches the empty string.
    #expect(c.translate("Ranking: ", to: .de, hole: hole) == nil)
    #expect(Catalogue.match(Catalogue.parse("{1}-{2}"), Array("a-b-c".utf8)) == [1: "a", 2: "b-c"])
    #expect(Catalogue.match(Catalogue.parse("{1*}-{2}"), Array("a-b-c".utf8)) == [1: "a-b", 2: "c"])
    // The index footnote: the normalisation text holds ", " itself.
    let note = "Trust: Two scales. components a, b; min–max with fixed goalposts [1, 5] → 0–100, equal weights, arithmetic aggregation"
    let de = Report(title: note).presented(Presentation(language: .de)).report.title
    #expect(de == "Trust: Two scales. Komponenten a, b; Min-Max mit festen Grenzen [1; 5] → 0–100, gleiche Gewichte, arithmetische Aggregation")
  }

  @Test func numbersInHolesGetADecimalComma() {
    #expect(Presentation.number("0.5", language: .de) == "0,5")
    #expect(Presentation.number("2023", language: .de) == "2023")
    #expect(Presentation.number("-1.5e-3", language: .de) == "-1,5e-3")
    #expect(Presentation.number("0.5", language: .en) == "0.5")
    #expect(Presentation.number("land", language: .de) == nil)
    #expect(Presentation.number("1–10", language: .de) == nil)
  }

  @Test func theShippedCataloguesParse() {
    #expect(Catalogue.german.sourceCount > 200)
    #expect(Catalogue.headers.sourceCount > 100)
    // Every German template uses only holes its source has.
    for e in Catalogue.germanText + Catalogue.headerEntries {
      let holes = Set(Catalogue.parse(e.source).compactMap { p -> Int? in switch p { case .hole(let k), .greedyHole(let k): k; case .literal: nil } })
      for target in [e.de] + (e.en.map { [$0] } ?? []) {
        for p in Catalogue.parse(target) { if case .hole(let k) = p { #expect(holes.contains(k), "\(e.source) → \(target): hole {\(k)}") } }
      }
    }
  }

  static let table: ReportTable = {
    var t = ReportTable(id: "rank_trust_kreis", title: "Ranking: Trust by kreis 2023",
                        columns: [ReportColumn("rank", .integer), ReportColumn("kreis"), ReportColumn("vertical_trust", .number, digits: 2),
                                  ReportColumn("vertical_trust_se", .number, digits: 3), ReportColumn("significant"),
                                  ReportColumn("rank_lower", .integer, joinedHeader: "marginal_ci"), ReportColumn("rank_upper", .integer)])
    t.append([.integer(1), .text("Börde"), .number(3.14159), .number(0.0612), .text("yes"), .integer(1), .integer(4)])
    t.append([.integer(2), .text("Harz"), .suppressed, .suppressed, .text("no"), .suppressed, .suppressed])
    t.notes = ["standard errors: Poisson bootstrap over 150 respondents, 200 replicates (the codebook declares no design), equal weights (--unweighted); Var = Σ (θ_r − θ̄)²/(R − 1)"]
    return t
  }()

  @Test func presentedReportInGerman() {
    let report = Report(title: "Ranking: HVB", banner: "SYNTHETIC DATA — generated, not real responses", tables: [Self.table])
    let p = Presentation(language: .de, headers: .display, labels: ["vertical_trust": "Vertikales Vertrauen"], useLabels: true)
    let (r, misses) = report.presented(p)
    #expect(misses.isEmpty, "\(misses)")
    #expect(r.title == "Rangfolge: HVB")
    #expect(r.banner == "SYNTHETISCHE DATEN — erzeugt, keine echten Antworten")
    let t = r.tables[0]
    #expect(t.title == "Rangfolge: Trust nach Kreisen, 2023")
    #expect(t.columns.map(\.shownHeader) == ["Rang", "Kreis", "Vertikales Vertrauen", "Vertikales Vertrauen (SE)", "Signifikant",
                                              "Rangmenge unten (95 %)", "Rangmenge oben (95 %)"])
    #expect(t.columns.map(\.name) == Self.table.columns.map(\.name), "machine names stay")
    #expect(t.columns[5].joinedHeader == "Rangmenge (95 %)")
    #expect(t.rows[0][4] == .text("ja") && t.rows[1][4] == .text("nein"))
    #expect(t.rows[0][1] == .text("Börde"), "names are data")
    #expect(t.notes[0] == "Standardfehler: Poisson-Bootstrap über 150 Befragte, 200 Replikate (das Codebuch deklariert kein Design), gleiche Gewichte (--unweighted); Var = Σ (θ_r − θ̄)²/(R − 1)")
    #expect(t.notes.last == "▪ = unterdrückt (weniger Befragte als die Geheimhaltungsschwelle)")
    // Numbers untouched; the German text renderer uses a decimal comma and joins the rank set.
    #expect(t.rows[0][2] == .number(3.14159))
    let text = ReportRenderer.render(r, format: .text, options: RenderOptions(digits: 3, decimalComma: true))
    #expect(text.contains("3,14") && text.contains("0,061") && text.contains("1–4"))
    #expect(!text.contains("3.14"))
  }

  @Test func missesAreReportedNotHidden() {
    var t = Self.table
    t.title = "A title nobody translated"
    t.columns.append(ReportColumn("mystery_column"))
    t.notes.append("a footnote nobody translated")
    for r in t.rows.indices { t.rows[r].append(.text("x")) }
    // A codebook id is data (no miss) even when its label is not shown.
    let (r, misses) = Report(title: "", tables: [t]).presented(Presentation(language: .de, headers: .display, labels: ["vertical_trust": "V"]))
    #expect(Set(misses) == ["A title nobody translated", "mystery_column", "a footnote nobody translated"])
    #expect(r.tables[0].title == "A title nobody translated", "kept in English")
  }

  /// A template can match while its hole captured English prose that nothing translates (a
  /// variance method's description inside "standard errors: {1}"): that is a miss too. The
  /// codebook's own texts and data (names, files, rules) in holes are not; a hole holding several
  /// clauses ("a; b (c; d); e") is translated clause by clause.
  @Test func englishProseInsideAHoleIsAMiss() {
    var t = Self.table
    t.notes = ["standard errors: a method nobody translated, with its replicates",
               "standard errors: Trust of the officers, equally weighted.",
               "standard errors: 'drop MODE == \"pretest\"' 3",
               "standard errors: 7 clusters 'amt_id' as PSUs (first stage; later stages are not resampled); Var = Σ (θ_r − θ̄)²/(R − 1)"]
    let p = Presentation(language: .de, headers: .display, labels: ["vertical_trust": "V"], texts: ["Trust of the officers, equally weighted."])
    let (r, misses) = Report(title: "", tables: [t]).presented(p)
    #expect(misses == ["a method nobody translated, with its replicates"])
    #expect(r.tables[0].notes[1] == "Standardfehler: Trust of the officers, equally weighted.")
    #expect(r.tables[0].notes[3] == "Standardfehler: 7 Cluster 'amt_id' als PSUs (erste Stufe; spätere Stufen werden nicht neu gezogen); Var = Σ (θ_r − θ̄)²/(R − 1)")
    #expect(Presentation.clauses("a (b; c); d 'e; f'; g") == ["a (b; c)", "d 'e; f'", "g"])
    // English is never a miss.
    #expect(Report(title: "", tables: [t]).presented(Presentation(language: .en)).untranslated.isEmpty)
  }

  @Test func englishMachineOutputIsUnchanged() {
    let report = Report(title: "Ranking: HVB", tables: [Self.table])
    let (r, misses) = report.presented(Presentation())
    #expect(misses.isEmpty)
    #expect(r.tables[0].title == Self.table.title)
    #expect(r.tables[0].columns.allSatisfy { $0.label == nil })
    // English display headers for XLSX/LaTeX/HTML.
    let (d, _) = report.presented(Presentation(language: .en, headers: .display))
    #expect(d.tables[0].columns[0].shownHeader == "Rank")
    #expect(d.tables[0].title == "Ranking: Trust by Kreis, 2023")
  }
}
