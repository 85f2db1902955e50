import ArgumentParser
import Foundation
import TrustMetrics

/// The one place where library errors become a message on standard error and an exit code:
/// data and codebook problems → 65 (EX_DATAERR), anything unexpected → 1.
func reportingErrors(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let e as ExitCode {
    throw e
  } catch let e as CleanExit {
    throw e
  } catch let e as ValidationError {
    throw e
  } catch let e as IngestError {
    fail(e.description, code: 65)
  } catch let e as DataError {
    fail(e.description, code: 65)
  } catch let e as CodebookError {
    fail(e.description, code: 65)
  } catch let e as AtomicFile.WriteError {
    fail(e.description, code: 73)
  } catch let e as XLSXWriterError {
    fail(e.description, code: 73)
  } catch let e as DemoStudyWriteError {
    fail(e.description, code: 73)
  } catch let e as CorrelationError {
    fail(e.description, code: 65)
  } catch let e as PolychoricError {
    fail(e.description, code: 65)
  } catch let e as FactorabilityError {
    fail(e.description, code: 65)
  } catch let e as WeightingError {
    fail(e.description, code: 65)
  } catch let e as RegionIndexError {
    // Asking for an index or level the codebook does not have is a usage error.
    switch e {
    case .unknownIndex, .noRegionVariable: fail(e.description, code: 64)
    default: fail(e.description, code: 65)
    }
  } catch let e as DesignError {
    fail("survey design: \(e.description)", code: 65)
  } catch let e as IndexError {
    fail("index: \(e.description)", code: 65)
  } catch let e as RankingError {
    fail("ranking: \(e.description)", code: 65)
  } catch let e as FactorAnalysisError {
    fail(e.description, code: 65)
  } catch let e as ReliabilityError {
    fail(e.description, code: 65)
  } catch let e as LAPACKError {
    fail("numerical problem: \(e.description)", code: 65)
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
