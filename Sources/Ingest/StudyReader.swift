import Codebook
import DataIO
import Foundation
import LinearAlgebra

/// Loads a study: reads the codebook, every data file, and applies the codebook.
public enum StudyReader {
  /// Threads that decode item columns by default: every core, as `data.table::fread` and
  /// pandas parse by default (the result does not depend on the count).
  public static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount }

  /// Reads the codebook at `path` and all of its data files (or only those of `wave`).
  /// All-or-nothing: any error aborts the whole load.
  public static func load(studyPath: String, wave: Int? = nil, cases: CaseSelectionMode = .declared,
                          threads: Int = defaultThreads) throws(IngestError) -> StudyData {
    let study: Study
    do { study = try StudyLoader.load(path: studyPath) } catch { throw .codebook(error) }
    return try load(study: study, wave: wave, cases: cases, threads: threads)
  }

  /// Reads the data files of `study` (or of one wave) and applies the codebook; `threads`
  /// parse CSV files and decode the item columns.
  public static func load(study: Study, wave: Int? = nil, cases: CaseSelectionMode = .declared,
                          threads: Int = defaultThreads) throws(IngestError) -> StudyData {
    if let wave, !study.waves.contains(wave) { throw .unknownWave(wave, available: study.waves) }
    var tables: [(DataFileSpec, DataTable)] = []
    for spec in study.files(wave: wave) {
      let path = resolve(spec.path, base: study.baseDirectory)
      let table: DataTable
      do {
        table = try DataFileReader.read(path: path, format: DataFormat(rawValue: spec.format),
                                        csv: csvOptions(spec, threads: threads), sheet: spec.sheet)
      } catch { throw .data(error) }
      tables.append((spec, table))
    }
    var assembler = StudyAssembler(study: study, files: tables, cases: cases, threads: threads)
    tables = []
    return try assembler.assemble()
  }

  /// CSV options for a file entry: its dialect, its label row, text as levels (answers
  /// decoded once per distinct text), and the threads that parse it.
  public static func csvOptions(_ spec: DataFileSpec, threads: Int = 1) -> CSVOptions {
    var o = CSVOptions()
    o.threads = threads
    o.delimiter = spec.delimiter
    o.decimalSeparator = spec.decimalSeparator
    o.labelRow = spec.labelRow
    o.textAsLevels = true
    switch spec.encoding {
    case .auto: o.encoding = .auto
    case .utf8: o.encoding = .utf8
    case .windows1252: o.encoding = .windows1252
    }
    return o
  }

  /// A data path relative to the study folder (absolute paths are kept).
  public static func resolve(_ path: String, base: String) -> String {
    if path.hasPrefix("/") { return path }
    return base.isEmpty || base == "." ? path : base + "/" + path
  }

  /// Applies the codebook to already-read tables (one per data file).
  public static func apply(study: Study, tables: [(DataFileSpec, DataTable)], cases: CaseSelectionMode = .declared,
                           threads: Int = defaultThreads) throws(IngestError) -> StudyData {
    var assembler = StudyAssembler(study: study, files: tables, cases: cases, threads: threads)
    return try assembler.assemble()
  }
}

/// One pass from the files' parsed columns into the study's column-major item matrix; item
/// columns are released as soon as they are copied, so a load never holds two copies of the
/// answers. Everything else stays in the files' own column representation.
struct StudyAssembler {
  let study: Study
  var files: [(spec: DataFileSpec, table: DataTable)]
  let cases: CaseSelectionMode
  let threads: Int

  init(study: Study, files: [(DataFileSpec, DataTable)], cases: CaseSelectionMode, threads: Int) {
    self.study = study
    self.files = files.map { (spec: $0.0, table: $0.1) }
    self.cases = cases
    self.threads = threads
  }

  /// Threads that decode a study of `rows` × `items`: at most `threads`, one per item, and one
  /// per 32,768 cells (a thread costs more than decoding fewer cells).
  static func decodeParts(threads: Int, rows: Int, items: Int) -> Int {
    Swift.max(1, Swift.min(threads, items, rows * items / 32_768))
  }

  /// Index of a codebook id's column in a file, or a `missingColumn` error naming the role.
  func column(_ id: String, in f: Int, role: String) throws(IngestError) -> Int {
    let (spec, table) = files[f]
    let name = spec.column(for: id)
    guard let k = table.columnIndex(name) else {
      let mapped = name == id ? "" : "; the file entry maps '\(id)' to it"
      throw .missingColumn(file: table.path, column: name, role: role + mapped, available: table.columnNames)
    }
    return k
  }

  func optionalColumn(_ id: String, in f: Int) -> Int? {
    files[f].table.columnIndex(files[f].spec.column(for: id))
  }

  mutating func assemble() throws(IngestError) -> StudyData {
    let items = study.items
    let p = items.count
    let fileCount = files.count
    var report = LoadReport()
    report.files = files.map(\.table.path)

    // 1. Columns every file must have (unless not asked), checked before any work.
    var itemColumn = [[Int?]](repeating: [], count: fileCount)
    var roles: [(String, String)] = [(study.respondentID, "respondent id")]
    for rv in study.regionVariables {
      switch rv.source {
      case .keys: roles.append((rv.column, "region variable (\(rv.level.rawValue))"))
      case .rollUp: roles.append((rv.column, "region keys for '\(rv.variable)' (\(rv.level.rawValue), rolled up)"))
      case .names: roles.append((rv.column, "region names for '\(rv.variable)' (\(rv.level.rawValue))"))
      }
    }
    if let w = study.design?.weight { roles.append((w, "design weight")) }
    if let s = study.design?.strata { roles.append((s, "design strata")) }
    roles += (study.design?.clusters ?? []).map { ($0, "design cluster") }
    roles += (study.design?.fpc ?? []).map { ($0, "design fpc") }
    let applyRules = cases == .declared
    for f in 0..<fileCount {
      let spec = files[f].spec
      let notAsked = Set(spec.notAsked)
      for (id, role) in roles { _ = try column(id, in: f, role: role) }
      for v in study.variables where !notAsked.contains(v.id) { _ = try column(v.id, in: f, role: "variable \(v.id)") }
      var cols: [Int?] = []
      for item in items {
        cols.append(notAsked.contains(item.id) ? nil : try column(item.id, in: f, role: "item \(item.id)"))
      }
      itemColumn[f] = cols
      if applyRules {
        for rule in spec.caseRules + study.caseRules {
          for c in rule.columns { _ = try column(c, in: f, role: "case rule '\(rule.text)' (\(rule.file):\(rule.line))") }
        }
      }
    }
    report.itemColumns = itemColumn.map { $0.map { $0.map { $0 + 1 } } }

    // 2. Rows: sources, waves, wave mismatches.
    var ranges: [Range<Int>] = []
    var n = 0
    for f in 0..<fileCount {
      ranges.append(n..<(n + files[f].table.rowCount))
      n += files[f].table.rowCount
    }
    var fileIndex = [UInt16](repeating: 0, count: n)
    var lines = [Int32](repeating: 0, count: n)
    var waves = [Int?](repeating: nil, count: n)
    var mismatches: [StudyData.WaveMismatch] = []
    for f in 0..<fileCount {
      let (spec, table) = files[f]
      let base = ranges[f].lowerBound
      for r in 0..<table.rowCount {
        fileIndex[base + r] = UInt16(truncatingIfNeeded: f)
        lines[base + r] = Int32(clamping: table.rowLocations[r])
      }
      if let wv = study.waveVariable, let k = optionalColumn(wv, in: f) {
        let wc = table.columns[k]
        for r in 0..<table.rowCount {
          let x = wc.number(at: r)
          if let declared = spec.wave, x != Double(declared) {
            mismatches.append(.init(source: RowSource(file: table.path, line: table.rowLocations[r]), declared: declared, found: wc.text(at: r)))
          }
          // The file's declared wave wins (the codebook is authoritative); the column is used
          // when a file holds several waves and declares none.
          waves[base + r] = spec.wave ?? (x.isNaN ? nil : Int(x))
        }
      } else {
        for r in 0..<table.rowCount { waves[base + r] = spec.wave }
      }
      if let declared = table.declaredRowCount, declared != table.rowCount {
        report.rowCountNotes.append(.init(file: table.path, declared: declared, found: table.rowCount))
      }
    }

    // 3. Non-item columns, taken from the tables before their item columns are released.
    func gather(_ id: String) -> ColumnValues {
      .concatenate((0..<fileCount).map { f in
        optionalColumn(id, in: f).map { files[f].table.columns[$0] } ?? .blank(files[f].table.rowCount)
      })
    }
    var ids = gather(study.respondentID)
    var extraNames: [String] = []
    for v in study.variables { extraNames.append(v.id) }
    for name in [study.design?.weight, study.design?.strata].compactMap({ $0 }) + (study.design?.clusters ?? []) + (study.design?.fpc ?? [])
    where !extraNames.contains(name) && name != study.respondentID {
      extraNames.append(name)
    }
    var variables: [String: ColumnValues] = [:]
    for name in extraNames { variables[name] = gather(name) }
    var regionSources: [String: ColumnValues] = [:]
    for rv in study.regionVariables where regionSources[rv.column] == nil {
      regionSources[rv.column] = variables[rv.column] ?? gather(rv.column)
    }
    var ruleColumns = [[String: ColumnValues]](repeating: [:], count: fileCount)
    if applyRules {
      for f in 0..<fileCount {
        for rule in files[f].spec.caseRules + study.caseRules {
          for c in rule.columns where ruleColumns[f][c] == nil {
            if let k = optionalColumn(c, in: f) { ruleColumns[f][c] = files[f].table.columns[k] }
          }
        }
      }
    }
    // Value labels of SAV/DTA files against the codebook.
    for f in 0..<fileCount {
      let table = files[f].table
      guard table.format == .sav || table.format == .dta else { continue }
      for (j, item) in items.enumerated() {
        guard let k = itemColumn[f][j], let labels = table.valueLabels[table.columnNames[k]], let rs = study.responseScale(of: item) else { continue }
        let fileMissing = Set(table.userMissing[table.columnNames[k]] ?? [])
        for (code, label) in labels.sorted(by: { $0.key < $1.key }) {
          let mine = rs.codes.first { $0.value == code } ?? rs.missingCodes.first { $0.value == code }
          if let mine {
            if TextAnswerKey.key(mine.label) != TextAnswerKey.key(label) && !mine.aliases.contains(where: { TextAnswerKey.key($0) == TextAnswerKey.key(label) }) {
              report.labelConflicts.append(.init(file: table.path, item: item.id, column: table.columnNames[k], code: code, fileLabel: label, codebookLabel: mine.label))
            }
          } else if !fileMissing.contains(code) && !rs.isValid(code) {
            report.labelConflicts.append(.init(file: table.path, item: item.id, column: table.columnNames[k], code: code, fileLabel: label, codebookLabel: nil))
          }
        }
      }
    }

    // 4. The item matrix, column by column; each file's column is released once copied.
    // Columns are decoded on up to `threads` threads (thread t takes columns t, t + T, …): a
    // column's values, statuses and raw cells depend only on that column, so the result is the
    // same for any thread count. The file columns move into boxes so each thread can release the
    // ones it has finished (a column that several items read is released after the last).
    var statusBytes = [UInt8](repeating: CellStatus.notAsked, count: n * p)
    var decoders: [[ItemDecoder?]] = []
    for f in 0..<fileCount {
      let table = files[f].table
      decoders.append(items.enumerated().map { j, item in
        guard let rs = study.responseScale(of: item), let k = itemColumn[f][j] else { return nil }
        return ItemDecoder(scale: rs, fileMissing: table.userMissing[table.columnNames[k]] ?? [],
                           fileMissingTexts: table.userMissingTexts[table.columnNames[k]] ?? [])
      })
    }
    var boxes: [[ColumnBox?]] = []
    for f in 0..<fileCount {
      var row = [ColumnBox?](repeating: nil, count: files[f].table.columns.count)
      for j in 0..<p {
        guard let k = itemColumn[f][j], decoders[f][j] != nil else { continue }
        if let box = row[k] {
          box.readers += 1
        } else {
          row[k] = ColumnBox(files[f].table.columns[k])
          files[f].table.columns[k] = .numeric([])
        }
      }
      boxes.append(row)
    }
    let partCount = Self.decodeParts(threads: threads, rows: n, items: p)
    let parts = (0..<partCount).map { _ in RawCellsBox() }
    let fileRanges = ranges
    let (columnOf, decoderOf, boxOf, rowCount) = (itemColumn, decoders, boxes, n)
    let elements = [Double](unsafeUninitializedCapacity: n * p) { buffer, initialized in
      statusBytes.withUnsafeMutableBufferPointer { statusBuffer in
        let valuesAddress = UInt(bitPattern: buffer.baseAddress)
        let statusAddress = UInt(bitPattern: statusBuffer.baseAddress)
        let decode: @Sendable (Int) -> Void = { part in
          guard let values = UnsafeMutablePointer<Double>(bitPattern: valuesAddress),
                let statuses = UnsafeMutablePointer<UInt8>(bitPattern: statusAddress) else { return }
          var raw: [Int: RawCell] = [:]
          for j in stride(from: part, to: p, by: partCount) {
            let column = UnsafeMutableBufferPointer(start: values + j * rowCount, count: rowCount)
            // NaN only where no file's column writes (the decoders write every row they hold):
            // one pass over the memory instead of two.
            for f in 0..<fileCount {
              let held: Int
              if let k = columnOf[f][j], decoderOf[f][j] != nil, let box = boxOf[f][k] { held = box.values.count } else { held = 0 }
              let range = fileRanges[f]
              if held < range.count { UnsafeMutableBufferPointer(rebasing: column[(range.lowerBound + held)..<range.upperBound]).initialize(repeating: .nan) }
            }
            var span = column.mutableSpan
            var status = UnsafeMutableBufferPointer(start: statuses + j * rowCount, count: rowCount).mutableSpan
            for f in 0..<fileCount {
              guard let k = columnOf[f][j], let decoder = decoderOf[f][j], let box = boxOf[f][k] else { continue }
              decoder.decode(box.values, values: &span, status: &status, offset: fileRanges[f].lowerBound, statusOffset: 0,
                             rawBase: j * rowCount + fileRanges[f].lowerBound, raw: &raw)
              box.finishedReading()
            }
          }
          parts[part].cells = raw
        }
        if partCount == 1 { decode(0) } else { DispatchQueue.concurrentPerform(iterations: partCount, execute: decode) }
      }
      initialized = n * p
    }
    var raw: [Int: RawCell] = [:]
    for part in parts { raw.merge(part.cells) { a, _ in a } }
    let matrix = Matrix(rows: n, columns: p, columnMajor: elements)
    var itemMatrix = matrix

    // 5. Case selection.
    let declaredRules = files.reduce(0) { $0 + $1.spec.caseRules.count } + study.caseRules.count
    var selection = CaseSelectionReport(mode: cases, rowsRead: n, rowsKept: n, rules: [], dropped: [], declaredRules: declaredRules)
    if applyRules && declaredRules > 0 {
      let selector = CaseSelector(columns: ruleColumns, fileRanges: ranges, files: report.files, lines: lines, waves: waves, ids: ids,
                                  study: study, items: itemMatrix, status: statusBytes)
      let (keep, counts, dropped) = try selector.run(fileRules: files.map(\.spec.caseRules), studyRules: study.caseRules)
      selection.rules = counts
      selection.dropped = dropped
      let kept = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
      selection.rowsKept = kept
      if kept < n {
        fileIndex = fileIndex.indices.filter { keep[$0] }.map { fileIndex[$0] }
        lines = lines.indices.filter { keep[$0] }.map { lines[$0] }
        waves = waves.indices.filter { keep[$0] }.map { waves[$0] }
        ids = ids.selecting(keep)
        for (k, v) in variables { variables[k] = v.selecting(keep) }
        for (k, v) in regionSources { regionSources[k] = v.selecting(keep) }
        StudyAssembler.compact(&itemMatrix, &statusBytes, &raw, keep: keep, kept: kept)
        let droppedLines = Set(dropped.map { "\($0.source.file):\($0.source.line)" })
        mismatches = mismatches.filter { !droppedLines.contains($0.source.location) }
        n = kept
      }
    }

    // 6. Region keys (after selection: only kept rows are resolved).
    let resolver = RegionResolver(regions: study.regions)
    var regionKeys: [String: [String]] = [:]
    for rv in study.regionVariables {
      let (keys, unresolved) = resolver.resolve(regionSources[rv.column] ?? .blank(n), variable: rv)
      regionKeys[rv.variable] = keys
      guard !unresolved.isEmpty else { continue }
      // Keys as written that are not in the table are listed by the quality report; derived
      // keys that resolve to nothing are listed here.
      for (value, rows) in unresolved.sorted(by: { $0.value[0] < $1.value[0] }) {
        report.regionProblems.append(.init(variable: rv.variable, value: value, rows: rows))
      }
      report.regionHints[rv.variable] = resolver.diagnose(unresolved.mapValues(\.count), variable: rv)
    }

    // 7. Numeric columns that hold text.
    let sources = RowSources(files: report.files, fileIndex: fileIndex, lines: lines)
    var numericRoles: [(String, String)] = []
    if let w = study.design?.weight { numericRoles.append((w, "design weight")) }
    numericRoles += (study.design?.fpc ?? []).map { ($0, "design fpc") }
    numericRoles += study.variables.filter { $0.kind == .numeric }.map { ($0.id, "numeric variable") }
    for (name, role) in numericRoles {
      guard let col = variables[name] else { continue }
      if case .numeric = col { continue }
      var count = 0
      for r in 0..<n where !col.isEmpty(at: r) && ItemDecoder.number(col.text(at: r).trimmingWhitespace()) == nil {
        count += 1
        if count <= 20 {
          let f = sources.file(of: r)
          let column = (optionalColumn(name, in: f) ?? -1) + 1
          report.columnProblems.append(.init(file: report.files[f], line: Int(lines[r]), column: column, name: name, role: role, value: col.text(at: r)))
        }
      }
      if count > 0 { report.columnProblemCounts[name] = count }
    }
    var weights: [Double]? = nil
    if let w = study.design?.weight, let col = variables[w] {
      if case .numeric(let v) = col {
        weights = v
      } else {
        // A number too large for a Double ("-1e400") is kept as ±infinity so that the weight
        // check refuses it with its line, rather than it turning into a blank weight.
        weights = (0..<n).map { r in
          let t = col.text(at: r).trimmingWhitespace()
          return ItemDecoder.number(t) ?? Double(t) ?? .nan
        }
      }
    }
    // Weights of the rows kept by the case rules: a dropped row's weight does not count.
    if let w = study.design?.weight, let weights {
      try StudyReader.checkDesignWeights(weights, waves: waves, sources: sources, column: w)
    }

    return StudyData(
      study: study, respondentIDs: RespondentIDs(column: ids), waves: waves, sources: sources, items: itemMatrix,
      status: CellStatusMatrix(rows: n, columns: p, bytes: statusBytes, rawCells: raw), regionKeys: regionKeys,
      weights: weights, variables: variables, waveMismatches: mismatches, caseSelection: selection, loadReport: report)
  }

  /// Drops the rows where `keep` is false, in place (column-major: each kept value moves to a
  /// lower index, so a forward pass never overwrites a value it still needs).
  static func compact(_ m: inout Matrix, _ status: inout [UInt8], _ raw: inout [Int: RawCell], keep: [Bool], kept: Int) {
    let n = m.rows, p = m.columns
    var newIndex = [Int](repeating: -1, count: n)
    var i2 = 0
    for i in 0..<n where keep[i] {
      newIndex[i] = i2
      i2 += 1
    }
    var elements = m.elements
    m = Matrix(rows: 0, columns: 0)
    do {
      var e = elements.mutableSpan
      var s = status.mutableSpan
      for j in 0..<p {
        for i in 0..<n where keep[i] {
          e[j * kept + newIndex[i]] = e[j * n + i]
          s[j * kept + newIndex[i]] = s[j * n + i]
        }
      }
    }
    elements.removeLast(n * p - kept * p)
    status.removeLast(n * p - kept * p)
    var moved: [Int: RawCell] = [:]
    for (key, value) in raw {
      let j = key / max(n, 1), i = key % max(n, 1)
      if keep[i] { moved[j * kept + newIndex[i]] = value }
    }
    raw = moved
    m = Matrix(rows: kept, columns: p, columnMajor: elements)
  }
}

/// A file's item column while the item matrix is filled, shared by the decoding threads: the
/// last item that reads it releases it. `readers` is counted before the threads start and only
/// decremented under the lock by the thread that has decoded an item.
private final class ColumnBox: @unchecked Sendable {
  var values: ColumnValues
  var readers = 1
  private let lock = NSLock()
  init(_ values: ColumnValues) { self.values = values }
  /// One item has decoded the column; the last one releases it.
  func finishedReading() {
    lock.lock()
    readers -= 1
    let last = readers == 0
    lock.unlock()
    if last { values = .numeric([]) }
  }
}

/// The raw cells (out of range, undecodable, user-missing) one decoding thread found.
private final class RawCellsBox: @unchecked Sendable {
  var cells: [Int: RawCell] = [:]
}
