import ArgumentParser
import Foundation
import TrustMetrics

/// A library error the CLI reports as one line with a fixed exit code. Each library error type
/// declares its code once here; everything else is an internal error (exit 1).
protocol ReportedError: Error, CustomStringConvertible {
  /// 64 usage (asked for something the study does not have), 65 data, 73 output not writable.
  var exitCode: Int32 { get }
  /// A prefix naming the stage, when the type's own text does not.
  var context: String { get }
}

extension ReportedError {
  var exitCode: Int32 { 65 }
  var context: String { "" }
}

extension IngestError: ReportedError {}
extension MissingItemValueError: ReportedError {}
extension DataError: ReportedError {}
extension CodebookError: ReportedError {}
extension SurveyExportError: ReportedError {}
extension CorrelationError: ReportedError {}
extension PolychoricError: ReportedError {}
extension FactorabilityError: ReportedError {}
extension FactorAnalysisError: ReportedError {}
extension ReliabilityError: ReportedError {}
extension WeightingError: ReportedError {}
extension DesignError: ReportedError { var context: String { "survey design: " } }
extension IndexError: ReportedError { var context: String { "index: " } }
extension RankingError: ReportedError { var context: String { "ranking: " } }
extension ReplicationError: ReportedError { var context: String { "replicates: " } }
extension LAPACKError: ReportedError { var context: String { "numerical problem: " } }
extension AtomicFile.WriteError: ReportedError { var exitCode: Int32 { 73 } }
extension OutputWriteError: ReportedError { var exitCode: Int32 { 73 } }
/// An output path that is one of the run's inputs: a usage error, nothing is written.
extension OutputConflict: ReportedError { var exitCode: Int32 { 64 } }
extension XLSXWriterError: ReportedError { var exitCode: Int32 { 73 } }
extension DemoStudyWriteError: ReportedError { var exitCode: Int32 { 73 } }
/// No Chromium, a failed print or an unwritable file: the PDF cannot be written (73); the
/// message says how to install Chromium.
extension ChromiumPrinter.PrintError: ReportedError { var exitCode: Int32 { 73 } }
extension ChartsFromTables.MissingColumn: ReportedError { var exitCode: Int32 { 1 } }
extension MeasurementModelError: ReportedError {
  /// Naming a scale or a --free parameter the model does not have is a usage error; the rest is data.
  var exitCode: Int32 {
    switch self {
    case .unknownScale, .unknownParameter: 64
    default: 65
    }
  }
  var context: String { "cfa: " }
}
extension DisclosureError: ReportedError { var context: String { "disclosure control: " } }
extension PublicationError: ReportedError {
  /// Asking for a grouping, a threshold or a raking the study's publication plan does not allow is a usage error.
  var exitCode: Int32 {
    switch self {
    case .notAPublicationGrouping, .thresholdBelowStudy, .undeclaredRaking: 64
    case .emptyUnit, .incompleteWaves: 65
    }
  }
}
extension RegionIndexError: ReportedError {
  /// Asking for an index or level the codebook does not have is a usage error.
  var exitCode: Int32 {
    switch self {
    case .unknownIndex, .noRegionVariable: 64
    default: 65
    }
  }
}

/// The one place where library errors become a message on standard error and an exit code.
func reportingErrors(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let e as ExitCode {
    throw e
  } catch let e as CleanExit {
    throw e
  } catch let e as ValidationError {
    throw e
  } catch let e as ReportedError {
    fail(e.context + e.description, code: e.exitCode)
  } catch let e as CustomStringConvertible {
    fail("internal error: \(e.description)", code: 1)
  } catch {
    fail("internal error: \(error)", code: 1)
  }
}

func fail(_ message: String, code: Int32) -> Never {
  FileHandle.standardError.write(Data("trustmetrics: error: \(message)\n".utf8))
  exit(code)
}

func warn(_ message: String) {
  FileHandle.standardError.write(Data("trustmetrics: warning: \(message)\n".utf8))
}
