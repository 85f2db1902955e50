import Reports

/// The report's own words (headings, prose, chart labels) in both languages. Written out here
/// rather than in the catalogue because they are the report's text, not library output; every
/// entry has both languages by construction.
struct Words {
  let de: Bool
  init(_ language: ReportLanguage) { de = language == .de }
  func t(_ en: String, _ german: String) -> String { de ? german : en }

  var lang: String { de ? "de" : "en" }
  var reportKind: String { t("Report", "Bericht") }
  var contents: String { t("Contents", "Inhalt") }
  func waveAndLevel(_ wave: Int, _ level: String) -> String { t("Wave \(wave) · \(levelPlural(level))", "Welle \(wave) · \(levelPlural(level))") }
  func levelPlural(_ level: String) -> String {
    switch level {
    case "land": t("Länder", "Länder")
    case "kreis": t("Kreise", "Kreise")
    case "gemeinde": t("Gemeinden", "Gemeinden")
    default: level
    }
  }
  /// "nach Ländern / Kreisen / Gemeinden".
  func byLevel(_ level: String) -> String {
    switch level {
    case "land": t("by Land", "nach Ländern")
    case "kreis": t("by Kreis", "nach Kreisen")
    case "gemeinde": t("by Gemeinde", "nach Gemeinden")
    default: t("by \(level)", "nach \(level)")
    }
  }
  func levelName(_ level: String) -> String {
    switch level {
    case "land": "Land"
    case "kreis": "Kreis"
    case "gemeinde": "Gemeinde"
    default: level
    }
  }

  // Facts on the title page.
  var factStudy: String { t("Study", "Studie") }
  var factWave: String { t("Wave", "Welle") }
  var factLevel: String { t("Regions", "Regionen") }
  var factIndices: String { t("Indices", "Indizes") }
  var factWeights: String { t("Weights", "Gewichte") }
  var factReplicates: String { t("Bootstrap replicates", "Bootstrap-Replikate") }
  var factDisclosure: String { t("Disclosure control", "Geheimhaltung") }
  /// The counted unit, plural ("respondent", "municipality", "officer").
  func units(_ unit: String) -> String {
    switch unit {
    case "municipality": t("municipalities", "Gemeinden")
    case "officer": t("office holders", "Amtsträgern")
    default: t("respondents", "Befragten")
    }
  }
  func disclosureRule(_ k: Int, unit: String = "respondent") -> String {
    t("the study's publication plan: regions with fewer than \(k) \(units(unit)) behind a published number are suppressed, and any region derivable from the study's other published tables",
      "Veröffentlichungsplan der Studie: Regionen mit weniger als \(k) \(units(unit)) hinter einer veröffentlichten Zahl werden unterdrückt, ebenso jede Region, die sich aus anderen veröffentlichten Tabellen der Studie ableiten ließe")
  }
  var factTool: String { t("Produced with", "Erstellt mit") }

  // Sections.
  var quality: String { t("Data quality", "Datenqualität") }
  var qualityIntro: String {
    t("Checks of the wave's data files against the codebook: values outside the response scale, duplicate respondents, unknown region keys, straight-lining and completeness.",
      "Prüfung der Datendateien der Welle gegen das Codebuch: Werte außerhalb der Antwortskala, doppelte Befragte, unbekannte Regionsschlüssel, Straight-Lining und Vollständigkeit.")
  }
  var reliability: String { t("Reliability of the scales", "Reliabilität der Skalen") }
  var reliabilityIntro: String {
    t("Cronbach's α of the measurement scales behind the indices, over the wave's respondents (as R psych::alpha).",
      "Cronbachs α der Messskalen, aus denen die Indizes bestehen, über die Befragten der Welle (wie R psych::alpha).")
  }
  var indices: String { t("Indices per region", "Indizes nach Regionen") }
  func indicesIntro(_ level: String) -> String {
    t("Each index per \(levelName(level)) with its 95 % interval from the survey design's bootstrap replicates. Suppressed regions are named but show no number.",
      "Jeder Index je \(levelName(level)) mit seinem 95-%-Intervall aus den Bootstrap-Replikaten des Stichprobendesigns. Unterdrückte Regionen werden genannt, zeigen aber keine Zahl.")
  }
  var rankings: String { t("Rankings with uncertainty", "Rangfolgen mit Unsicherheit") }
  var rankingsIntro: String {
    t("A rank is only as sure as the estimates behind it. The plots show each region's rank with its 95 % confidence set (dark: for this region alone; light: for all regions at once, Mogstad, Romano, Shaikh & Wilhelm 2024).",
      "Ein Rang ist nur so sicher wie die Schätzungen dahinter. Die Diagramme zeigen den Rang jeder Region mit seiner 95-%-Konfidenzmenge (dunkel: für diese Region allein; hell: für alle Regionen zugleich, Mogstad, Romano, Shaikh & Wilhelm 2024).")
  }
  var benchmark: String { t("Comparison with published rankings", "Vergleich mit veröffentlichten Rangfolgen") }
  var benchmarkIntro: String {
    t("The survey index against a published index of the same regions, with Spearman's and Kendall's rank correlations.",
      "Der Befragungsindex im Vergleich mit einem veröffentlichten Index derselben Regionen, mit den Rangkorrelationen nach Spearman und Kendall.")
  }
  var change: String { t("Change between waves", "Veränderung zwischen den Wellen") }
  var changeIntro: String {
    t("Each region's index in both waves and the change with its 95 % interval; the covariance of the two estimates from municipalities answering in both waves is taken into account.",
      "Der Index jeder Region in beiden Wellen und die Veränderung mit ihrem 95-%-Intervall; die Kovarianz der beiden Schätzungen aus Kommunen, die in beiden Wellen antworten, ist berücksichtigt.")
  }
  var methods: String { t("Methods, sources and notes", "Methoden, Quellen und Hinweise") }
  var methodsHeading: String { t("Methods", "Methoden") }
  var sourcesHeading: String { t("Sources", "Quellen") }
  var notesHeading: String { t("Notes to the tables", "Anmerkungen zu den Tabellen") }
  var notesIntro: String {
    t("Every table's footnotes are printed under it; this list repeats them in the order of the report.",
      "Die Fußnoten jeder Tabelle stehen unter ihr; diese Liste wiederholt sie in der Reihenfolge des Berichts.")
  }

  func methodParagraphs(weighting: String, replicates: Int, k: Int, unit: String = "respondent", dominance: Bool = false) -> [String] {
    [
      t("Weights: \(weighting). Estimates are Hájek means of the respondents' scale scores per region.",
        "Gewichte: \(weighting). Die Schätzwerte sind Hájek-Mittelwerte der Skalenwerte der Befragten je Region."),
      t("Indices: scale scores (mean of the keyed items, psych::scoreItems) are averaged per region, normalised with the codebook's goalposts and aggregated with its weights (JRC/OECD Handbook on Constructing Composite Indicators, 2008).",
        "Indizes: Skalenwerte (Mittel der gepolten Items, psych::scoreItems) werden je Region gemittelt, mit den Grenzen des Codebuchs normiert und mit seinen Gewichten aggregiert (JRC/OECD Handbook on Constructing Composite Indicators, 2008)."),
      t("Uncertainty: \(replicates) bootstrap replicates of the stratified design (Rao & Wu 1988); the whole index is recomputed in every replicate. 95 % intervals are estimate ± 1.96 SE.",
        "Unsicherheit: \(replicates) Bootstrap-Replikate des geschichteten Designs (Rao & Wu 1988); der ganze Index wird in jedem Replikat neu berechnet. 95-%-Intervalle sind Schätzwert ± 1,96 SE."),
      t("Ranks: confidence sets for ranks after Mogstad, Romano, Shaikh & Wilhelm (2024), marginal and simultaneous; bootstrap rank distributions; Monte Carlo over the index's own construction choices with Sobol sensitivity indices (Saltelli 2010); Fay–Herriot shrinkage (Fay & Herriot 1979) where shown.",
        "Ränge: Konfidenzmengen für Ränge nach Mogstad, Romano, Shaikh & Wilhelm (2024), einzeln und simultan; Bootstrap-Verteilungen der Ränge; Monte Carlo über die Konstruktionsentscheidungen des Index mit Sobol-Sensitivitätsindizes (Saltelli 2010); Fay–Herriot-Schätzung (Fay & Herriot 1979), wo gezeigt."),
      t("Disclosure control (the study's publication plan): a region with fewer than \(k) \(units(unit)) behind a published number (each component mean and the count)\(dominance ? " or with a dominated sum" : "") is suppressed, and so is any region whose value could be derived from the study's other published tables (other groupings, waves or the pooled waves); suppressed regions take no part in normalisation, ranks, correlations or charts. ▪ marks a suppressed value in tables and charts; hatched tiles in maps.",
        "Geheimhaltung (Veröffentlichungsplan der Studie): Eine Region mit weniger als \(k) \(units(unit)) hinter einer veröffentlichten Zahl (jeder Komponentenmittelwert und die Fallzahl)\(dominance ? " oder mit einer dominierten Summe" : "") wird unterdrückt, ebenso jede Region, deren Wert sich aus anderen veröffentlichten Tabellen der Studie ableiten ließe (andere Gruppierungen, Wellen oder die gepoolten Wellen); unterdrückte Regionen gehen nicht in Normierung, Ränge, Korrelationen oder Diagramme ein. ▪ kennzeichnet einen unterdrückten Wert in Tabellen und Diagrammen, schraffierte Kacheln in Karten."),
      t("Charts use the Okabe–Ito colours and viridis for maps, both readable with colour-vision deficiencies; every chart has a text description for screen readers.",
        "Die Diagramme verwenden die Farben nach Okabe–Ito und viridis für Karten, beide auch bei Farbsehschwächen lesbar; jedes Diagramm hat eine Textbeschreibung für Bildschirmleser."),
    ]
  }

  var references: [String] {
    [
      "Fay, R. E. & Herriot, R. A. (1979). Estimates of income for small places. Journal of the American Statistical Association 74, 269–277.",
      "JRC/OECD (2008). Handbook on Constructing Composite Indicators: Methodology and User Guide. OECD Publishing.",
      "Mogstad, M., Romano, J. P., Shaikh, A. M. & Wilhelm, D. (2024). Inference for ranks with applications to mobility across neighbourhoods and academic achievement across countries. Review of Economic Studies 91, 476–518.",
      "Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make figures and presentations that are friendly to colorblind people.",
      "Rao, J. N. K. & Wu, C. F. J. (1988). Resampling inference with complex survey data. Journal of the American Statistical Association 83, 231–241.",
      "Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Computer Physics Communications 181, 259–270.",
      "Revelle, W. (2022). psych: Procedures for Psychological, Psychometric, and Personality Research. R package 2.2.9.",
      "Lumley, T. (2023). survey: analysis of complex survey samples. R package 4.1.",
    ]
  }

  // Charts.
  var estimate: String { t("estimate", "Schätzwert") }
  var interval95: String { t("95 % interval", "95-%-Intervall") }
  var suppressed: String { t("suppressed (disclosure control)", "unterdrückt (Geheimhaltung)") }
  var noData: String { t("no respondents", "keine Befragten") }
  var suppressedShort: String { t("suppressed", "unterdrückt") }
  var rank: String { t("rank", "Rang") }
  var marginalSet: String { t("95 % confidence set", "95-%-Konfidenzmenge") }
  var simultaneousSet: String { t("95 % simultaneous set", "95-%-Konfidenzmenge simultan") }
  var rankAxis: String { t("Rank (1 = highest index)", "Rang (1 = höchster Index)") }
  var significant: String { t("significant (p < 0.05)", "signifikant (p < 0,05)") }
  var notSignificant: String { t("not significant", "nicht signifikant") }
  func changeAxis(_ a: Int, _ b: Int) -> String { t("Change \(a) → \(b)", "Veränderung \(a) → \(b)") }
  func caterpillarTitle(_ label: String, _ level: String, _ wave: Int) -> String {
    "\(label) \(byLevel(level)), \(wave)"
  }
  func mapTitle(_ label: String, _ wave: Int) -> String { t("\(label), \(wave): map", "\(label), \(wave): Karte") }
  func rankTitle(_ label: String, _ wave: Int) -> String { t("Ranking on \(label), \(wave)", "Rangfolge nach \(label), \(wave)") }
  func agreementTitle(_ label: String, _ benchmark: String) -> String { t("\(label) and \(benchmark)", "\(label) und \(benchmark)") }
  func changeTitle(_ label: String, _ a: Int, _ b: Int) -> String { t("\(label): change \(a) → \(b)", "\(label): Veränderung \(a) → \(b)") }
  var caterpillarDescription: String { t("Caterpillar plot: each region's index with its 95 % interval, sorted from highest to lowest", "Raupendiagramm: Index jeder Region mit 95-%-Intervall, vom höchsten zum niedrigsten sortiert") }
  var mapDescription: String { t("Tile map: one square per region at its approximate position, coloured by the index", "Kachelkarte: ein Quadrat je Region an ihrer ungefähren Lage, eingefärbt nach dem Index") }
  var rankDescription: String { t("Rank plot: each region's rank with its 95 % confidence sets", "Rangdiagramm: Rang jeder Region mit ihren 95-%-Konfidenzmengen") }
  var agreementDescription: String { t("Scatter plot of the survey index against the benchmark's score", "Streudiagramm des Befragungsindex gegen den Wert des Vergleichsindex") }
  var changeDescription: String { t("Dumbbell chart of the index in both waves and the change with its 95 % interval", "Hantel-Diagramm des Index in beiden Wellen und der Veränderung mit 95-%-Intervall") }
  var surveyAxis: String { t("Survey index", "Index (Befragung)") }
  func benchmarkAxis(_ name: String) -> String { t("Score in \(name)", "Wert im \(name)") }
  var tileSource: String {
    t("Tile maps: TrustMetrics default layouts drawn from the seats of government (Länder labelled with their ISO 3166-2:DE codes, Kreise with their vehicle-registration codes) unless the codebook's region table sets tile_row/tile_col",
      "Kachelkarten: Standardanordnung von TrustMetrics nach den Sitzen der Verwaltungen (Länder mit ihren Codes nach ISO 3166-2:DE, Kreise mit ihren Kfz-Kennzeichen), sofern die Regionstabelle des Codebuchs nicht tile_row/tile_col setzt")
  }
  var legendTitle: String { t("Index", "Index") }
  var unplaced: String { t("Not on the map (no tile position): ", "Nicht auf der Karte (keine Kachelposition): ") }
}
