import ArgumentParser
import Foundation
import TrustMetrics

/// Output formats on the command line: the text formats of `OutputFormat`, `xlsx` and `svg`.
/// `svg` is left out of the listed values (help, completions) because only index, rank and compare
/// draw a chart; their help says so, and the others refuse it with a message.
enum OutputChoice: String, CaseIterable, ExpressibleByArgument {
  case text, csv, tsv, json, md, tex, xlsx, svg
  var textFormat: OutputFormat? { OutputFormat(rawValue: rawValue) }
  static var allValueStrings: [String] { allCases.filter { $0 != .svg }.map(\.rawValue) }
}

/// The charts a command can draw with `--format svg`.
enum ChartChoice: String, CaseIterable, ExpressibleByArgument {
  case caterpillar, map, rank, agreement, change
}

extension ReportLanguage: ExpressibleByArgument {}
extension CSVDialect: ExpressibleByArgument {}
extension SaveFolder.SaveError: ReportedError {
  /// A collision or an input in the way is the user's choice of folder: a usage error.
  var exitCode: Int32 {
    switch self {
    case .collision, .wouldOverwriteInput, .notARegularFile, .unreadableManifest: 64
    case .invalidName: 1
    case .io: 73
    }
  }
  var context: String { "--save: " }
}

/// What a command tells `emit` besides its report: what the tables are about (the `--save`
/// file names), the study (labels, input files for the manifest) and the charts it can draw.
struct EmitContext {
  /// Parts of the subject (command, index, level, wave, scale, benchmark): `rank_trust_kreis_2023`.
  var subject: [String]
  var study: Study?
  /// Input files besides the codebook and its data files (margins, benchmark and its metadata).
  var inputs: [String] = []
  /// Charts for `--format svg` and `--save`, the default first.
  var charts: [(ChartChoice, (ChartBuilder) throws -> String)] = []
  /// The chart asked for with --chart (ChartOptions), if any.
  var chart: ChartChoice? = nil

  /// The subject as a file-name stem: parts joined by "_", characters other than ASCII letters,
  /// digits, '.', '-', '_' replaced by '-'.
  var stem: String {
    subject.filter { !$0.isEmpty }.map { part in
      String(part.unicodeScalars.map { u -> Character in
        (u.properties.isAlphabetic && u.isASCII) || ("0"..."9").contains(u) || u == "." || u == "-" || u == "_" ? Character(u) : "-"
      })
    }.joined(separator: "_")
  }

  /// The codebook and every data file it names.
  var studyInputs: [String] {
    guard let study else { return [] }
    return [study.path] + study.dataFiles.map { StudyReader.resolve($0.path, base: study.baseDirectory) }
  }
}

/// The file name of `path` without folder and extension.
func fileStem(_ path: String) -> String {
  URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
}

/// A benchmark CSV and its metadata sidecar.
func benchmarkInputs(_ path: String) -> [String] {
  [path, (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + ".meta.yaml"]
}

/// Options shared by every table-producing command.
struct OutputOptions: ParsableArguments {
  @Option(name: .long, help: "Output format: \(OutputChoice.allValueStrings.joined(separator: ", ")) (xlsx needs --output; index, rank and compare also draw their chart with svg).")
  var format: OutputChoice = .text

  @Option(name: [.short, .long], help: "Write to FILE (atomically) instead of standard output.")
  var output: String?

  @Option(name: .long, help: "Decimal places in text, Markdown, LaTeX and XLSX display (CSV and JSON keep full precision).")
  var digits: Int = 3

  @Option(name: .long, help: ArgumentHelp(
    "Also save the tables in this folder: SUBJECT.json, .md, .xlsx, one SUBJECT.TABLE.csv per table, charts as .svg, and manifest.json.",
    discussion: "SUBJECT names the command's subject (e.g. rank_trust_kreis_2023). All files are written or none; a file of another subject is never overwritten (an error instead).",
    valueName: "dir"))
  var save: String?

  @Option(name: .long, help: "Language of titles, headers and footnotes: en or de.")
  var lang: ReportLanguage = .en

  @Flag(name: .long, help: "Show the codebook's labels instead of item, scale and index ids.")
  var labels = false

  @Option(name: .long, help: "CSV dialect: rfc4180 (',', decimal point) or excel-de (';', decimal comma, UTF-8 BOM, CRLF).")
  var csv: CSVDialect = .rfc4180

  @Option(name: .long, help: "Only the table with this id (a CSV or TSV file holds one table).")
  var table: String?

  func validate() throws {
    guard (0...12).contains(digits) else { throw ValidationError("--digits must be between 0 and 12, got \(digits)") }
    if format == .xlsx && output == nil { throw ValidationError("--format xlsx writes a workbook: give --output FILE.xlsx") }
  }

  /// How tables are shown for `format`: German or readable headers where people read them.
  func presentation(for format: OutputChoice, study: Study?) -> Presentation {
    let display = lang == .de || [.xlsx, .tex, .svg].contains(format)
    return Presentation(language: lang, headers: display ? .display : .machine,
                        labels: study.map(StudyReport.labels) ?? [:], useLabels: labels, texts: study.map(StudyReport.texts) ?? [])
  }

  var renderOptions: RenderOptions {
    RenderOptions(digits: digits, decimalComma: lang == .de, csv: csv)
  }

  /// The report as presented for `format`, with misses reported on standard error.
  func presented(_ report: Report, for format: OutputChoice, study: Study?) -> Report {
    let (r, misses) = report.presented(presentation(for: format, study: study))
    for m in misses { warn("no \(lang == .de ? "German" : "English") text for '\(m)' (shown as it is)") }
    return r
  }

  /// The output files known before the run (checked against the run's inputs when the study loads).
  var paths: [String?] { [output] }

  /// Renders and writes (or prints) the report; with --save also writes all its files. Every path
  /// is checked against the run's inputs first (`RunFiles.check`: an output that is an input is
  /// exit 64, nothing written).
  func emit(_ report: Report, context: EmitContext) throws {
    try RunFiles.check([output])
    if context.chart != nil && format != .svg { throw ValidationError("--chart needs --format svg") }
    var report = report
    if let table {
      guard let t = report.tables.first(where: { $0.id == table }) else {
        throw ValidationError("no table '\(table)'; tables: \(report.tables.map(\.id).joined(separator: ", "))")
      }
      report.tables = [t]
    }
    // The case-selection footnote (CaseOptions) goes under the last table shown.
    if let note = RunNotes.shared.note, !report.tables.isEmpty {
      report.tables[report.tables.count - 1].notes.append(note)
    }
    // --save first: its folder is written all or none, and a refusal there (a link, a file of
    // another subject, an input) leaves standard output and --output untouched as well.
    if let save { try saveAll(report, into: save, context: context) }
    switch format {
    case .csv, .tsv:
      // A CSV file holds one table. On standard output (for reading in a terminal) several
      // tables are stacked, each after a "# title" line.
      if report.tables.count == 1 {
        let t = presented(report, for: format, study: context.study).tables[0]
        try write(ReportRenderer.table(t, format: format == .csv ? .csv : .tsv, options: renderOptions))
      } else if output == nil {
        try write(ReportRenderer.render(presented(report, for: format, study: context.study), format: format == .csv ? .csv : .tsv, options: renderOptions))
      } else {
        throw ValidationError("a CSV or TSV file holds one table; choose one with --table (\(report.tables.map(\.id).joined(separator: ", "))), or use --save DIR for one file per table")
      }
    case .xlsx:
      if let output {
        try ReportWorkbook.write(presented(report, for: .xlsx, study: context.study), to: output, digits: digits, language: lang)
      }
    case .svg:
      try write(chartSVG(context: context))
    default:
      if let textFormat = format.textFormat {
        try write(ReportRenderer.render(presented(report, for: format, study: context.study), format: textFormat, options: renderOptions))
      }
    }
  }

  func write(_ text: String) throws {
    if let output {
      try AtomicFile.write(text, to: output)
    } else {
      // Unbuffered, so a full or failing standard output is exit 73, not a silent loss.
      try SafeOutput.writeStandardOutput(text)
    }
  }

  func chartSVG(context: EmitContext) throws -> String {
    guard !context.charts.isEmpty else {
      throw ValidationError("--format svg: this command draws no chart (charts: index, rank and compare; the report command draws all)")
    }
    let choice = context.chart ?? context.charts[0].0
    guard let make = context.charts.first(where: { $0.0 == choice })?.1 else {
      throw ValidationError("--chart \(choice.rawValue) is not available here; charts: \(context.charts.map(\.0.rawValue).joined(separator: ", "))")
    }
    return try make(ChartBuilder(language: lang, labels: context.study.map(StudyReport.labels) ?? [:])) + "\n"
  }

  /// --save: SUBJECT.json, .md, .xlsx, one SUBJECT.TABLE.csv per table, the charts, and the
  /// manifest — all or none (see `SaveFolder`).
  func saveAll(_ report: Report, into folder: String, context: EmitContext) throws {
    let stem = context.stem
    let machine = presented(report, for: .json, study: context.study)
    let display = presented(report, for: .xlsx, study: context.study)
    var files: [SaveFolder.File] = [
      .init(name: "\(stem).json", data: Data(ReportRenderer.render(machine, format: .json, options: renderOptions).utf8)),
      .init(name: "\(stem).md", data: Data(ReportRenderer.render(presented(report, for: .md, study: context.study), format: .md, options: renderOptions).utf8)),
    ]
    for t in presented(report, for: .csv, study: context.study).tables {
      files.append(.init(name: "\(stem).\(t.id).csv", data: Data(ReportRenderer.table(t, format: .csv, options: renderOptions).utf8)))
    }
    let builder = ChartBuilder(language: lang, labels: context.study.map(StudyReport.labels) ?? [:])
    for (choice, make) in context.charts {
      files.append(.init(name: "\(stem).\(choice.rawValue).svg", data: Data((try make(builder) + "\n").utf8)))
    }
    // The workbook is built by the XLSX writer into a private temporary file, then staged.
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("tm-save-\(UUID().uuidString).xlsx").path
    defer { try? FileManager.default.removeItem(atPath: tmp) }
    try ReportWorkbook.write(display, to: tmp, digits: digits, language: lang)
    files.append(.init(name: "\(stem).xlsx", data: try Data(contentsOf: URL(fileURLWithPath: tmp))))
    try RunFiles.check(files.map { "\(folder)/\($0.name)" } + ["\(folder)/manifest.json"])
    try SaveFolder.save(files, into: folder, subject: stem, commandLine: CommandLine.arguments,
                        inputs: context.studyInputs + context.inputs, toolVersion: TrustMetricsCommand.configuration.version)
  }
}

/// `--chart` for the commands that draw one (index, rank, compare).
struct ChartOptions: ParsableArguments {
  @Option(name: .long, help: "With --format svg: which chart; default: the command's first.")
  var chart: ChartChoice?
}

/// Options shared by commands that compute.
struct ComputeOptions: ParsableArguments {
  @Option(name: .long, help: ArgumentHelp(
    "BLAS threads: a number, or auto (all cores for large cross-products; one thread for work on small matrices).",
    discussion: "OpenBLAS threads cost more than they gain on the many small decompositions of factor analysis. Loading the study (parsing CSV files, decoding the answers) uses every core whatever this says, as data.table::fread and pandas do; the loaded data do not depend on it."))
  var threads: String = "auto"

  func validate() throws {
    if threads != "auto", (Int(threads) ?? 0) < 1 {
      throw ValidationError("--threads must be auto or a number ≥ 1, got '\(threads)'")
    }
  }

  /// Kinds of work, for `--threads auto`.
  enum Workload { case largeProducts, smallMatrices }

  /// Sets the process-wide BLAS thread count: the given number, or for `auto` all cores for
  /// large products and 1 for small-matrix work (measured: `factors --nfactors parallel` on the
  /// demo study took 0.6 s with one thread and 17 s with two on a loaded 2-core machine).
  /// With one thread, OpenBLAS's idle workers are stopped (they would spin on the second core
  /// while the command loads its data).
  func apply(_ workload: Workload) {
    if let n = Int(threads) {
      BLASThreads.set(n)
      if n == 1 { BLASThreads.releaseWorkers() }
    } else if workload == .smallMatrices {
      BLASThreads.set(1)
      BLASThreads.releaseWorkers()
    }
  }
}
