import DataIO
import Foundation

/// The survey tools whose exports `trustmetrics init` knows, and their conventions.
public enum SurveyTool: String, Sendable, Equatable, CaseIterable {
  /// Decide from the file: the extension (.sav, .dta) or the system variables of the header.
  case auto
  /// SoSci Survey (soscisurvey.de): CSV for Excel or R, with its SPSS syntax as the variable listing.
  case sosci
  /// LimeSurvey: CSV response export with question-code headings, with its `.lss` structure file.
  case limesurvey
  /// An SPSS system file (.sav, .zsav): labels and user-missing values from the file.
  case spss
  /// A Stata file (.dta): labels from the file.
  case stata
  /// Any other CSV or XLSX: items guessed from the values.
  case generic

  /// SoSci Survey's system variables ("Additional Variables in the Data Set",
  /// https://www.soscisurvey.de/help/doku.php/en:results:variables): interview identification
  /// (CASE interview number, SERIAL personal code, REF link reference, QUESTNNR questionnaire,
  /// MODE interview mode, e.g. "interview" or "pretest", LANGUAGE, STARTED), times and progress
  /// (TIME001… dwell time per page, TIME_SUM, MAILSENT, LASTDATA, STATUS, FINISHED reached the
  /// last page 1/0, Q_VIEWER, LASTPAGE, MAXPAGE) and data quality (MISSING, MISSREL, TIME_RSI
  /// relative completion speed, DEG_TIME penalty points for fast completion).
  public static let sosciSystemVariables: Set<String> = [
    "CASE", "SERIAL", "REF", "QUESTNNR", "MODE", "LANGUAGE", "STARTED", "TIME_SUM", "MAILSENT", "LASTDATA", "STATUS",
    "FINISHED", "Q_VIEWER", "LASTPAGE", "MAXPAGE", "MISSING", "MISSREL", "TIME_RSI", "DEG_TIME", "DEG_MISS", "DEG_TIME_CLUSTER",
  ]

  /// SoSci Survey's missing codes: negative codes are not answers. −1, −2, −3 are the residual
  /// options of a question ("weiß nicht", "keine Angabe"), −8 marks faulty data, −9 "nicht
  /// beantwortet" (SoSci Survey support: "-1 = Residualoption 1 … -8 = Fehlerhafte Daten, -9 =
  /// (Gar) keine Antwort", https://support.soscisurvey.de/?qa=40529; SoSci's SPSS syntax
  /// declares them in MISSING VALUES).
  public static let sosciMissingLabels: [Double: String] = [
    -1: "Residualoption 1 (z. B. weiß nicht)", -2: "Residualoption 2", -3: "Residualoption 3", -8: "fehlerhafte Daten",
    -9: "nicht beantwortet",
  ]

  /// LimeSurvey's response-table columns that are not questions (manual "Export responses";
  /// the survey's responses table): id, submitdate (empty for incomplete responses), lastpage,
  /// startlanguage, seed, token, startdate, datestamp, ipaddr, refurl, and with timings enabled
  /// interviewtime (seconds), groupTime…, …Time.
  public static let limeSurveySystemVariables: Set<String> = [
    "id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp", "ipaddr", "refurl", "interviewtime",
  ]

  /// The tool whose export `table` (read from `path`) is.
  static func detect(path: String, columns: [String]) -> SurveyTool {
    switch URL(fileURLWithPath: path).pathExtension.lowercased() {
    case "sav", "zsav": return .spss
    case "dta": return .stata
    default: break
    }
    let set = Set(columns)
    if set.contains("CASE") && (set.contains("QUESTNNR") || set.contains("MODE")) && set.contains("STARTED") { return .sosci }
    if set.isSuperset(of: ["id", "submitdate", "lastpage", "startlanguage"]) { return .limesurvey }
    return .generic
  }

  /// Is this a SoSci question variable (`AB01`, `AB01_01`, `AB01x01`)? Question ids are two
  /// characters and two digits; items and options are suffixed.
  static func isSoSciQuestionVariable(_ name: String) -> Bool {
    let c = Array(name)
    guard c.count >= 4, c[0].isLetter, c[0].isUppercase, c[1].isUppercase || c[1].isNumber, c[2].isNumber, c[3].isNumber else { return false }
    return !sosciSystemVariables.contains(name) && !name.hasPrefix("TIME")
  }

  /// The question id of a SoSci variable (`TR01_03` → `TR01`).
  static func sosciQuestion(_ name: String) -> String { String(name.prefix(4)) }
}
