import ArgumentParser
import TrustMetrics

/// The formats of a published report.
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
  case html, pdf
}

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "A publishable report: one self-contained HTML file (or A4 PDF) with charts, tables, methods and sources.",
    discussion: reflow("""
      Runs the same analyses as check, reliability, index, rank and compare for one wave and
      level and writes them as one HTML file that needs no network and no script: a title page
      (study, wave, synthetic-data banner), data quality, reliability of the scales, the indices
      per region (caterpillar plot and tile map), the rankings with their 95 % confidence sets
      (rank plot), comparisons with published rankings (agreement plot) and with an earlier wave
      (dumbbell chart), then methods, sources and every footnote. Labels come from the codebook;
      --lang de writes it in German. Disclosure control holds as in every table: a suppressed
      region is named, never shown with a number, in tables, charts, titles and tooltips.

      --format pdf prints the HTML to A4 with a headless Chromium (page breaks, running header,
      page numbers); without Chromium the command says how to install it.

      --benchmark FILE compares every reported index with FILE (a ranking CSV with its
      FILE.meta.yaml); INDEX=FILE compares only that index.

      Example:
        trustmetrics report Datasets/hvb-demo/study.yaml --wave 2023 --rake Datasets/hvb-demo/margins/land_sizeclass.csv \\
          --benchmark readiness=Datasets/benchmarks/bitkom_laenderindex_2024.csv --previous-wave 2021 --panel muni_id --output out/report.html
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "An index to report (repeatable; default: every index of the codebook).")
  var index: [String] = []

  @Option(help: ArgumentHelp("Compare with a published ranking: FILE, or INDEX=FILE for one index (repeatable).", valueName: "[index=]file.csv"))
  var benchmark: [String] = []

  @Option(help: "Add the change from this earlier wave.")
  var previousWave: Int?

  @Option(help: PanelOption.help)
  var panel: String?

  @Flag(help: "Add Fay–Herriot shrinkage estimates to the rankings.")
  var shrink = false

  @OptionGroup var region: RegionOptions
  @OptionGroup var cases: CaseOptions
  @OptionGroup var compute: ComputeOptions

  @Option(help: "Language: en or de.")
  var lang: ReportLanguage = .en

  @Option(help: "html or pdf (default: pdf when --output ends in .pdf).")
  var format: ReportFormat?

  @Option(name: [.short, .long], help: "The report file to write.")
  var output: String

  /// (index or nil, path) for each --benchmark.
  var benchmarks: [(index: String?, path: String)] {
    benchmark.map { b in
      if let eq = b.firstIndex(of: "="), !b[..<eq].contains("/") { return (String(b[..<eq]), String(b[b.index(after: eq)...])) }
      return (nil, b)
    }
  }

  func validate() throws {
    if let previousWave, let wave = region.wave, previousWave >= wave {
      throw ValidationError("--previous-wave must be earlier than --wave (\(previousWave) ≥ \(wave))")
    }
  }

  func run() throws {
    compute.apply(.smallMatrices)
    try reportingErrors {
      let data = try cases.load(study, reading: region.rake + benchmarks.flatMap { RunFiles.benchmarkFiles($0.path) },
                                 writing: [output])
      RunFiles.protect(StudyPublication.declaredRakeMargins(data.study))
      try RunFiles.check([output])
      var options = StudyReportOptions(region: try region.options(for: data.study))
      if let previousWave, let wave = options.region.wave, previousWave >= wave {
        throw ValidationError("--previous-wave must be earlier than the reported wave (\(previousWave) ≥ \(wave))")
      }
      options.indices = index
      options.benchmarks = benchmarks
      options.previousWave = previousWave
      if let previousWave {
        options.panelVariable = try PanelOption.resolve(panel, data: data, waves: [previousWave, options.region.wave ?? data.study.waves.last ?? previousWave])
      } else if panel != nil {
        throw ValidationError("--panel needs --previous-wave (it links the units of two waves)")
      }
      options.shrink = shrink
      options.language = lang
      options.toolVersion = TrustMetricsCommand.configuration.version
      let input = try StudyReport.input(data, options: options)
      let out = try HTMLReport.render(input)
      for m in out.untranslated { warn("no \(lang == .de ? "German" : "English") text for '\(m)' (shown as it is)") }
      let pdf = (format ?? (output.lowercased().hasSuffix(".pdf") ? .pdf : .html)) == .pdf
      if pdf {
        let pdfData = try ChromiumPrinter.printPDF(html: out.html)
        try RunFiles.check([output])
        try AtomicFile.write(pdfData, to: output)
      } else {
        try RunFiles.check([output])
        try AtomicFile.write(out.html, to: output)
      }
    }
  }
}
