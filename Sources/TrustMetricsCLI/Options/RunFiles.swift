import Synchronization
import TrustMetrics

/// The files one run reads, so that no output can overwrite one of them.
///
/// Commands load their study through ``load(_:wave:reading:writing:)``: it records the codebook
/// and the extra inputs (margins, benchmark files), refuses any declared output that resolves to
/// one of them (`OutputConflict`, exit 64) before anything is read, loads the study, records every
/// data file of the codebook (all waves) and checks the outputs again. Every write of the run —
/// `--output`, each `--save` file, `--weights-output`, `factors --scores` — checks its path once
/// more right before it is written (``check(_:)``), so an output first known at write time is
/// caught as well. Identity is device + inode after following symbolic links, so `..`, links and
/// hard links are caught (`FileSafety.OutputGuard`).
enum RunFiles {
  private static let inputs = Mutex(OutputGuard(inputs: []))

  /// Loads a study after refusing outputs that would overwrite one of the run's inputs.
  static func load(
    _ studyPath: String, wave: Int? = nil, cases: CaseSelectionMode = .declared, reading extra: [String] = [],
    writing outputs: [String?]
  ) throws -> StudyData {
    protect([studyPath] + extra)
    try check(outputs)
    let data = try StudyReader.load(studyPath: studyPath, wave: wave, cases: cases)
    protect(data.study.dataFiles.map { StudyReader.resolve($0.path, base: data.study.baseDirectory) })
    if let table = data.study.regionTableFile { protect([StudyReader.resolve(table, base: data.study.baseDirectory)]) }
    try check(outputs)
    return data
  }

  /// Records more input files of this run.
  static func protect(_ paths: [String]) {
    inputs.withLock { $0.add(paths) }
  }

  /// Throws `OutputConflict` when one of `outputs` is an input of this run.
  static func check(_ outputs: [String?]) throws {
    let current = inputs.withLock { $0 }
    for case let path? in outputs { try current.check(path) }
  }

  /// Writes an extra output file (weights, factor scores) after checking it.
  static func write(_ text: String, to path: String) throws {
    try check([path])
    try AtomicFile.write(text, to: path)
  }

  /// A benchmark CSV and its metadata sidecar (as `BenchmarkRanking.load` names it).
  static func benchmarkFiles(_ path: String) -> [String] {
    [path, (path.hasSuffix(".csv") ? String(path.dropLast(4)) : path) + ".meta.yaml"]
  }
}
