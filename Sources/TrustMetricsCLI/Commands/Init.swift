import ArgumentParser
import Foundation
import TrustMetrics

extension SurveyTool: ExpressibleByArgument {}

struct Init: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Draft a study codebook from a survey tool's export and its metadata.",
    discussion: reflow("""
      Reads the data file and what the tool exports beside it, and writes a codebook that
      `trustmetrics check` accepts on the same file without edits: the respondent id, items with
      their labels, response scales with labels, answer codes as aliases and missing codes,
      blocks from shared prefixes (SoSci TR01_01…, LimeSurvey G02Q04[SQ001]), one measurement
      scale per block, background variables, and as comments what a human must decide: the keys
      of the scales (reverse-worded items), case rules (pretests, break-offs, speeders), the
      region table and the survey design.

      Sources of metadata:
        SoSci Survey  system variables (CASE, SERIAL, QUESTNNR, MODE, STARTED, FINISHED, LASTPAGE,
                      TIME_*, TIME_RSI, DEG_TIME, MISSING …), negative missing codes (−1…−3
                      residual options, −9 not answered), the label row of the CSV for Excel, and
                      the SPSS syntax (.sps) next to the data as the variable listing
        LimeSurvey    the survey structure (.lss) next to the CSV: questions, subquestions,
                      answer options (answer codes and full answers are both decoded)
        SPSS, Stata   the file's variable labels, value labels and user-missing values

      Example:
        trustmetrics init Datasets/tool-exports/sosci_2022.csv
        trustmetrics init export.csv --tool limesurvey --structure survey_742815.lss --output study.yaml
      """))

  @Argument(help: "The data file (.csv, .xlsx, .sav, .zsav, .dta).")
  var data: String

  @Option(help: "The tool that wrote the file: \(SurveyTool.allCases.filter { $0 != .generic }.map(\.rawValue).joined(separator: ", ")).")
  var tool: SurveyTool = .auto

  @Option(help: ArgumentHelp("The metadata file: a LimeSurvey .lss or a SoSci Survey .sps (default: one next to the data).", valueName: "file"))
  var structure: String?

  @Option(name: [.short, .long], help: "Write the codebook to FILE (atomically; never over the data) instead of standard output.")
  var output: String?

  func validate() throws {
    if tool == .generic { throw ValidationError("--tool must be one of auto, sosci, limesurvey, spss, stata") }
  }

  func run() throws {
    try reportingErrors {
      // The output may overwrite no input: the data, the named structure file, and (after
      // drafting) the metadata file found next to the data (`OutputConflict`, exit 64).
      RunFiles.protect([data] + (structure.map { [$0] } ?? []))
      try RunFiles.check([output])
      // The codebook's folder as the user named it (relative stays relative), so that a data path
      // outside it is written as `../data/x.sav` rather than relative to the working directory.
      let directory = output.map { o -> String in
        let d = (o as NSString).deletingLastPathComponent
        return d.isEmpty ? "." : d
      } ?? "."
      let draft = try CodebookDrafter.draft(dataPath: data, tool: tool, structure: structure, outputDirectory: directory)
      RunFiles.protect(draft.sources.map { $0.hasPrefix("/") ? $0 : URL(fileURLWithPath: directory).appendingPathComponent($0).standardizedFileURL.path })
      let text = draft.yaml()
      if let output {
        try RunFiles.write(text, to: output)
      } else {
        print(text, terminator: "")
      }
    }
  }
}
