import Codebook
import DataIO
import LinearAlgebra

/// Where a row came from: the data file and the 1-based line (CSV), sheet row (XLSX) or case (SAV).
public struct RowSource: Sendable, Equatable {
  public var file: String
  public var line: Int
  public var location: String { "\(file):\(line)" }
}

/// A study's responses after the codebook is applied: one row per respondent and wave.
///
/// `rawItems` holds item cells as read (NaN for blank or non-numeric cells); `items` holds
/// analysable values — NaN wherever the raw value is blank, a declared missing code
/// (e.g. 8 "weiß nicht", 9 "keine Angabe") or outside the valid range. Both are n × p
/// column-major matrices in codebook item order, ready for BLAS.
public struct StudyData: Sendable {
  public let study: Study
  public let respondentIDs: [String]
  /// Wave per row (nil when the study has no waves).
  public let waves: [Int?]
  public let sources: [RowSource]
  public let rawItems: Matrix
  public let items: Matrix
  /// Raw text of item cells that were not numeric, by (row, item column).
  public let nonNumericCells: [NonNumericCell]
  /// Region keys per row, by region variable name ("" when empty).
  public let regionKeys: [String: [String]]
  /// Design weights per row (nil when the codebook declares none).
  public let weights: [Double]?
  /// Background variables and any other declared columns, by name.
  public let variables: [String: ColumnValues]
  /// Wave mismatches: the wave column disagrees with the file's declared wave.
  public let waveMismatches: [WaveMismatch]

  public var rowCount: Int { respondentIDs.count }

  /// Row indices of one wave (all rows when `wave` is nil).
  public func rows(wave: Int?) -> [Int] {
    guard let wave else { return Array(0..<rowCount) }
    return (0..<rowCount).filter { waves[$0] == wave }
  }

  public struct NonNumericCell: Sendable, Equatable {
    public var row: Int
    public var item: Int
    public var text: String
  }

  public struct WaveMismatch: Sendable, Equatable {
    public var source: RowSource
    public var declared: Int
    public var found: String
  }
}

/// Loads a study: reads the codebook, every data file, and applies the codebook.
public enum StudyReader {
  /// Reads the codebook at `path` and all of its data files (or only those of `wave`).
  /// All-or-nothing: any error aborts the whole load.
  public static func load(studyPath: String, wave: Int? = nil) throws(IngestError) -> StudyData {
    let study: Study
    do { study = try StudyLoader.load(path: studyPath) } catch { throw .codebook(error) }
    return try load(study: study, wave: wave)
  }

  /// Reads the data files of `study` (or of one wave) and applies the codebook.
  public static func load(study: Study, wave: Int? = nil) throws(IngestError) -> StudyData {
    if let wave, !study.waves.contains(wave) { throw .unknownWave(wave, available: study.waves) }
    var tables: [(DataFileSpec, DataTable)] = []
    for spec in study.files(wave: wave) {
      let path = resolve(spec.path, base: study.baseDirectory)
      let table: DataTable
      do {
        table = try DataFileReader.read(path: path, format: DataFormat(rawValue: spec.format),
                                        csv: csvOptions(spec), sheet: spec.sheet)
      } catch { throw .data(error) }
      tables.append((spec, table))
    }
    return try apply(study: study, tables: tables)
  }

  static func csvOptions(_ spec: DataFileSpec) -> CSVOptions {
    var o = CSVOptions()
    o.delimiter = spec.delimiter
    o.decimalSeparator = spec.decimalSeparator
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
  public static func apply(study: Study, tables: [(DataFileSpec, DataTable)]) throws(IngestError) -> StudyData {
    let itemIDs = study.items.map(\.id)
    var required: [(String, String)] = [(study.respondentID, "respondent id")]
    required += study.items.map { ($0.id, "item \($0.id)") }
    required += study.regionVariables.map { ($0.variable, "region variable (\($0.level.rawValue))") }
    if let w = study.design?.weight { required.append((w, "design weight")) }
    if let s = study.design?.strata { required.append((s, "design strata")) }
    required += (study.design?.clusters ?? []).map { ($0, "design cluster") }
    required += (study.design?.fpc ?? []).map { ($0, "design fpc") }
    required += study.variables.map { ($0.id, "variable \($0.id)") }

    var ids: [String] = []
    var waves: [Int?] = []
    var sources: [RowSource] = []
    var raw: [[Double]] = Array(repeating: [], count: itemIDs.count)
    var nonNumeric: [StudyData.NonNumericCell] = []
    var regionKeys: [String: [String]] = [:]
    var weights: [Double] = []
    var variables: [String: [String]] = [:]
    var numericVariables: [String: [Double]] = [:]
    var mismatches: [StudyData.WaveMismatch] = []
    let extraColumns = Set(required.map(\.0)).subtracting([study.respondentID]).subtracting(itemIDs)
      .subtracting(study.regionVariables.map(\.variable))

    for (spec, table) in tables {
      for (col, role) in required where table.columnIndex(col) == nil {
        throw .missingColumn(file: table.path, column: col, role: role, available: table.columnNames)
      }
      let n = table.rowCount
      let base = ids.count
      guard let idCol = table.column(study.respondentID) else { continue }
      for r in 0..<n {
        ids.append(idCol.text(at: r))
        sources.append(RowSource(file: table.path, line: table.rowLocations[r]))
      }
      // Wave: the column if present, else the file's declared wave.
      if let wv = study.waveVariable, let wc = table.column(wv) {
        for r in 0..<n {
          let x = wc.number(at: r)
          if let declared = spec.wave, x != Double(declared) {
            mismatches.append(.init(source: sources[base + r], declared: declared, found: wc.text(at: r)))
          }
          // The file's declared wave wins (the codebook is authoritative); the column is
          // used when a file holds several waves and declares none.
          waves.append(spec.wave ?? (x.isNaN ? nil : Int(x)))
        }
      } else {
        waves.append(contentsOf: Array(repeating: spec.wave, count: n))
      }
      for (j, id) in itemIDs.enumerated() {
        guard let c = table.column(id) else { continue }
        switch c {
        case .numeric(let v): raw[j].append(contentsOf: v)
        case .text(let v):
          for (r, s) in v.enumerated() {
            let t = s.trimmingWhitespace()
            if t.isEmpty { raw[j].append(.nan); continue }
            if let x = Double(t) ?? Double(t.replacingOccurrences(of: ",", with: ".")) {
              raw[j].append(x)
            } else {
              raw[j].append(.nan)
              nonNumeric.append(.init(row: base + r, item: j, text: s))
            }
          }
        }
      }
      for rv in study.regionVariables {
        guard let c = table.column(rv.variable) else { continue }
        regionKeys[rv.variable, default: []].append(contentsOf: (0..<n).map { c.text(at: $0).trimmingWhitespace() })
      }
      if let w = study.design?.weight {
        guard let c = table.column(w) else { continue }
        weights.append(contentsOf: (0..<n).map { c.number(at: $0) })
      }
      for name in extraColumns {
        guard let c = table.column(name) else { continue }
        variables[name, default: []].append(contentsOf: (0..<n).map { c.text(at: $0) })
        numericVariables[name, default: []].append(contentsOf: (0..<n).map { c.number(at: $0) })
      }
    }

    let n = ids.count
    let p = itemIDs.count
    let rawM = Matrix(rows: n, columns: p, columnMajor: raw.flatMap { $0 })
    var clean = rawM
    for (j, item) in study.items.enumerated() {
      guard let rs = study.responseScale(of: item) else { continue }
      for i in 0..<n {
        let x = rawM[i, j]
        if x.isNaN || rs.isMissingCode(x) || !rs.isValid(x) { clean[i, j] = .nan }
      }
    }
    var vars: [String: ColumnValues] = [:]
    for (name, texts) in variables {
      let nums = numericVariables[name] ?? []
      let allNumeric = zip(texts, nums).allSatisfy { $0.trimmingWhitespace().isEmpty || !$1.isNaN }
      vars[name] = allNumeric ? .numeric(nums) : .text(texts)
    }
    if let w = study.design?.weight { try checkDesignWeights(weights, waves: waves, sources: sources, column: w) }
    return StudyData(study: study, respondentIDs: ids, waves: waves, sources: sources, rawItems: rawM, items: clean,
                     nonNumericCells: nonNumeric, regionKeys: regionKeys,
                     weights: study.design?.weight == nil ? nil : weights, variables: vars, waveMismatches: mismatches)
  }
}
