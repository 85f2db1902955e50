import Codebook
import DataIO
import Foundation

/// A codebook drafted from a survey tool's export and its metadata, ready to be written as
/// YAML (`yaml()`) for a human to complete. What the draft declares is chosen so that
/// `trustmetrics check` accepts it on the same file without edits; what needs a decision
/// (measurement-scale keys, case rules, the region table, the design) is written as comments.
public struct CodebookDraft: Sendable {
  public struct Scale: Sendable, Equatable {
    public var id: String
    public var codes: [Code]
    public var missing: [Code]
    /// Text missing codes: `label` is the text as written in the data.
    public var missingTexts: [Code]
    public var note: String
  }
  public struct Item: Sendable, Equatable {
    public var id: String
    public var column: String
    public var label: String
    public var text: String
    public var scale: String
    public var block: String?
  }
  public struct Block: Sendable, Equatable {
    public var id: String
    public var label: String
  }
  public struct Variable: Sendable, Equatable {
    public var id: String
    public var column: String
    public var label: String
    public var kind: VariableKind
    public var codes: [Code]
    public var note: String
  }

  public var tool: SurveyTool
  public var studyID: String
  public var title: String
  /// The data file as the codebook names it (relative to the codebook's folder when possible).
  public var dataPath: String
  public var format: String
  public var labelRow: Bool
  public var respondentID: String
  public var respondentColumn: String
  public var respondentNote: String
  public var scales: [Scale] = []
  public var items: [Item] = []
  public var blocks: [Block] = []
  public var variables: [Variable] = []
  /// Metadata files read besides the data (.lss, .sps).
  public var sources: [String] = []
  /// Header comments: what was read and what a human must decide.
  public var notes: [String] = []
  /// Commented suggestions (YAML lines without the leading "# ").
  public var caseSuggestions: [String] = []
  public var regionSuggestions: [String] = []
  public var designSuggestions: [String] = []
  /// Columns the data hold that the draft does not declare but case rules may use.
  public var systemColumns: [String] = []
}

/// Drafts codebooks from survey-tool exports.
public enum CodebookDrafter {
  /// Drafts a codebook for `dataPath`. `tool` `.auto` decides from the file; `structure` names
  /// the metadata file (a LimeSurvey `.lss`, a SoSci Survey `.sps`), else one next to the data
  /// is used when there is one; `outputDirectory` is where the codebook will be written (the data
  /// path is written relative to it).
  public static func draft(dataPath: String, tool requested: SurveyTool = .auto, structure: String? = nil,
                           outputDirectory: String = ".") throws(SurveyExportError) -> CodebookDraft {
    let ext = URL(fileURLWithPath: dataPath).pathExtension.lowercased()
    var table: DataTable
    var metadata: [VariableMetadata] = []
    var labelRow = false
    var format = "csv"
    do {
      switch ext {
      case "sav", "zsav":
        format = "sav"
        (table, metadata) = try StatisticalFileReader.read(path: dataPath, format: .sav, rowLimit: nil)
      case "dta":
        format = "dta"
        (table, metadata) = try StatisticalFileReader.read(path: dataPath, format: .dta, rowLimit: nil)
      case "xlsx", "xlsm":
        format = "xlsx"
        table = try DataFileReader.read(path: dataPath, format: .xlsx)
      default:
        if let what = foreignFormat(path: dataPath, ext: ext) {
          throw SurveyExportError.unreadable(
            path: dataPath,
            reason: "\(what), which trustmetrics does not read; allowed: .csv, .tsv, .txt, .xlsx, .xlsm, .sav, .zsav, .dta")
        }
        var o = CSVOptions()
        o.textAsLevels = true
        table = try CSVReader.read(path: dataPath, options: o)
        // SoSci Survey's CSV for Excel has a second header row with the variable labels.
        if let k = table.columnIndex("CASE"), table.rowCount > 0, !table.columns[k].isEmpty(at: 0), table.columns[k].number(at: 0).isNaN {
          o.labelRow = true
          table = try CSVReader.read(path: dataPath, options: o)
          labelRow = true
        }
      }
    } catch let e as SurveyExportError {
      throw e
    } catch let e as DataError {
      throw .data(e)
    } catch {
      throw .unreadable(path: dataPath, reason: "\(error)")
    }
    let detected = SurveyTool.detect(path: dataPath, columns: table.columnNames)
    var tool = requested == .auto ? detected : requested
    switch (requested, detected) {
    case (.sosci, let d) where d != .sosci:
      throw .notThisTool(path: dataPath, tool: "SoSci Survey", reason: "the header lacks SoSci's system variables CASE, QUESTNNR/MODE and STARTED")
    case (.limesurvey, let d) where d != .limesurvey:
      throw .notThisTool(path: dataPath, tool: "LimeSurvey", reason: "the header lacks LimeSurvey's columns id, submitdate, lastpage and startlanguage"
                         + (fullTextHeadings(table.columnNames) ? " (its headings are question texts: export the responses again with headings 'Question code')" : ""))
    case (.spss, _) where format != "sav":
      throw .notThisTool(path: dataPath, tool: "SPSS", reason: "the file is not a .sav or .zsav file")
    case (.stata, _) where format != "dta":
      throw .notThisTool(path: dataPath, tool: "Stata", reason: "the file is not a .dta file")
    default: break
    }
    if tool == .auto { tool = .generic }
    // A structure file names a tool; read as anything else it would be ignored without a word.
    if let structure, tool != .sosci && tool != .limesurvey {
      if format == "sav" || format == "dta" {
        throw .notThisTool(path: dataPath, tool: "SoSci Survey or LimeSurvey CSV",
                           reason: "--structure \(structure) is read only with a CSV export of those tools; a .\(format) file carries its own labels and missing values")
      }
      let kind = URL(fileURLWithPath: structure).pathExtension.lowercased() == "sps" ? "SoSci Survey (SERIAL, QUESTNNR, MODE, STARTED …)" : "LimeSurvey (id, submitdate, lastpage, startlanguage)"
      throw .notThisTool(path: dataPath, tool: kind.hasPrefix("SoSci") ? "SoSci Survey" : "LimeSurvey",
                         reason: "--structure \(structure) is given, but the header has none of the system columns of \(kind)"
                           + (fullTextHeadings(table.columnNames) ? "; its headings are question texts: export the responses again with headings 'Question code'" : ""))
    }

    let base = URL(fileURLWithPath: dataPath).deletingPathExtension().lastPathComponent
    let relative = relativePath(dataPath, from: outputDirectory)
    var draft = CodebookDraft(
      tool: tool, studyID: sanitizeID(base.lowercased()).replacingOccurrences(of: "_", with: "-"), title: base, dataPath: relative,
      format: format, labelRow: labelRow, respondentID: "", respondentColumn: "", respondentNote: "")
    var builder = DraftBuilder(table: table, metadata: metadata, draft: draft)
    switch tool {
    case .sosci:
      var sps: SPSSSyntax? = nil
      if let p = structure ?? sibling(of: dataPath, ext: "sps") {
        sps = try SPSSSyntax.read(path: p)
        builder.draft.sources.append(relativePath(p, from: outputDirectory))
      }
      builder.sosci(sps)
    case .limesurvey:
      var lss: LimeSurveyStructure? = nil
      if let p = structure ?? sibling(of: dataPath, ext: "lss") {
        lss = try LimeSurveyStructure.read(path: p)
        builder.draft.sources.append(relativePath(p, from: outputDirectory))
      }
      if let t = lss?.title, !t.isEmpty { builder.draft.title = t }
      builder.limesurvey(lss)
    case .spss, .stata:
      try builder.statistical()
    case .generic, .auto:
      try builder.generic()
    }
    builder.finish()
    draft = builder.draft
    return draft
  }

  /// What a file is when it is a known format that is no table trustmetrics reads (it would
  /// otherwise be read as CSV and fail with a confusing field count): by extension, and by the
  /// first bytes for an SPSS portable file (its header says "SPSS PORT FILE", in ASCII or
  /// EBCDIC, within the first 200 bytes) and for an OLE2 container (legacy Excel `.xls`).
  static func foreignFormat(path: String, ext: String) -> String? {
    let byExtension: [String: String] = [
      "por": "an SPSS portable file (.por; SPSS or PSPP saves it as .sav)",
      "sas7bdat": "a SAS data set (.sas7bdat)", "xpt": "a SAS transport file (.xpt)",
      "xls": "a legacy Excel workbook (.xls; save it as .xlsx)", "ods": "an OpenDocument spreadsheet (.ods; save it as .xlsx)",
      "rds": "an R data file (.rds)", "rdata": "an R workspace (.RData)", "rda": "an R workspace (.rda)",
      "sps": "SPSS syntax (.sps: give it as --structure, the data as .csv or .sav)",
      "lss": "a LimeSurvey survey structure (.lss: give it as --structure, the responses as .csv)",
    ]
    if let what = byExtension[ext] { return what }
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    let head = [UInt8]((try? handle.read(upToCount: 512)) ?? Data())
    if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
      return "an OLE2 compound file (legacy Excel .xls or Word; save it as .xlsx)"
    }
    let ascii = String(decoding: head.prefix(200), as: UTF8.self)
    let ebcdic: [UInt8] = [0xE2, 0xD7, 0xE2, 0xE2, 0x40, 0xD7, 0xD6, 0xD9, 0xE3, 0x40, 0xC6, 0xC9, 0xD3, 0xC5]  // "SPSS PORT FILE"
    if ascii.contains("SPSS PORT FILE") || head.prefix(200).firstRange(of: ebcdic) != nil {
      return "an SPSS portable file (SPSS or PSPP saves it as .sav)"
    }
    return nil
  }

  /// True when the headings are LimeSurvey's "full question text" headings ("Response ID",
  /// "Date submitted", "Last page", "Start language"), which carry no question codes.
  static func fullTextHeadings(_ names: [String]) -> Bool {
    let lower = Set(names.map { $0.lowercased() })
    return lower.contains("response id") && (lower.contains("date submitted") || lower.contains("last page"))
  }

  /// A metadata file next to the data: the same base name (also without a `_codes`/`_full`
  /// suffix), else the only file with that extension in the folder.
  static func sibling(of dataPath: String, ext: String) -> String? {
    let url = URL(fileURLWithPath: dataPath)
    let dir = url.deletingLastPathComponent()
    var base = url.deletingPathExtension().lastPathComponent
    let fm = FileManager.default
    for suffix in ["", "_codes", "_full", "-codes", "-full"] {
      if !suffix.isEmpty {
        guard base.hasSuffix(suffix) else { continue }
        base = String(base.dropLast(suffix.count))
      }
      let candidate = dir.appendingPathComponent(base + "." + ext).path
      if fm.fileExists(atPath: candidate) { return candidate }
    }
    let all = ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.lowercased().hasSuffix("." + ext) }
    return all.count == 1 ? dir.appendingPathComponent(all[0]).path : nil
  }

  /// `path` as the codebook in `directory` must name it: the loader resolves a relative path
  /// against the codebook's folder, so a path below `directory` is made relative to it, one
  /// elsewhere is relative with `..` steps when both are relative to the working directory, and
  /// absolute otherwise (never "as given", which would be relative to the working directory).
  static func relativePath(_ path: String, from directory: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    func absolute(_ s: String) -> String {
      (s.hasPrefix("/") ? URL(fileURLWithPath: s) : URL(fileURLWithPath: cwd).appendingPathComponent(s)).standardizedFileURL.path
    }
    let p = absolute(path)
    let d = absolute(directory)
    let prefix = d.hasSuffix("/") ? d : d + "/"
    if p.hasPrefix(prefix) { return String(p.dropFirst(prefix.count)) }
    if path.hasPrefix("/") || directory.hasPrefix("/") { return p }
    let pc = p.split(separator: "/"), dc = d.split(separator: "/")
    var common = 0
    while common < min(pc.count, dc.count), pc[common] == dc[common] { common += 1 }
    return (Array(repeating: "..", count: dc.count - common) + pc[common...].map(String.init)).joined(separator: "/")
  }

  /// An id made of letters, digits and `_` (`G02Q04[SQ001]` → `G02Q04_SQ001`).
  static func sanitizeID(_ name: String) -> String {
    var out = ""
    for c in name {
      if c.isLetter || c.isNumber || c == "_" { out.append(c) } else if !out.hasSuffix("_") { out.append("_") }
    }
    while out.hasSuffix("_") { out.removeLast() }
    while out.hasPrefix("_") { out.removeFirst() }
    if out.isEmpty || out.first?.isNumber == true { out = "v" + out }
    return out
  }
}
