import Codebook
import DataIO

/// The data-quality report of one wave (or of the whole study when it has no waves).
///
/// Counts follow the codebook: a cell is *valid* when it lies in the response scale's valid
/// range, *missing* when blank or a declared missing code (counted per code), *out of range*
/// otherwise (including text in a numeric item). Straight-lining is an identical valid answer
/// to every item of a block with at least three items. Completeness is the share of a
/// respondent's items with a valid answer.
public struct WaveQuality: Sendable, Equatable {
  public struct ItemCounts: Sendable, Equatable {
    public var item: String
    public var valid: Int
    public var blank: Int
    /// Counts per declared missing code, in the scale's code order.
    public var missingByCode: [(code: Double, label: String, count: Int)]
    public var outOfRange: Int
    public static func == (a: ItemCounts, b: ItemCounts) -> Bool {
      a.item == b.item && a.valid == b.valid && a.blank == b.blank && a.outOfRange == b.outOfRange
        && a.missingByCode.map(\.code) == b.missingByCode.map(\.code) && a.missingByCode.map(\.count) == b.missingByCode.map(\.count)
    }
  }
  public struct OutOfRangeValue: Sendable, Equatable {
    public var source: RowSource
    public var respondent: String
    public var item: String
    /// The value as found (text for non-numeric cells).
    public var value: String
    /// What is allowed, e.g. "1–5 or missing codes 8, 9".
    public var allowed: String
  }
  public struct DuplicateID: Sendable, Equatable {
    public var respondent: String
    public var sources: [RowSource]
  }
  public struct UnknownRegion: Sendable, Equatable {
    public var variable: String
    public var key: String
    public var count: Int
    public var first: RowSource
  }
  public struct StraightLiner: Sendable, Equatable {
    public var respondent: String
    public var source: RowSource
    public var block: String
    public var value: Double
  }

  public var wave: Int?
  public var rows: Int
  public var items: [ItemCounts]
  public var outOfRange: [OutOfRangeValue]
  public var duplicates: [DuplicateID]
  public var unknownRegions: [UnknownRegion]
  public var straightLiners: [StraightLiner]
  /// Per-respondent completeness (share of items validly answered), in row order.
  public var completeness: [Double]
  public var waveMismatches: [StudyData.WaveMismatch]

  /// Human-readable warnings (one per problem kind with its count).
  public var warnings: [String] {
    var w: [String] = []
    let label = wave.map { "wave \($0): " } ?? ""
    if let f = outOfRange.first {
      w.append("\(label)\(outOfRange.count) out-of-range value(s); first: \(f.source.location) item \(f.item) = '\(f.value)' (allowed: \(f.allowed))")
    }
    if let d = duplicates.first {
      w.append("\(label)\(duplicates.count) duplicate respondent id(s); first: '\(d.respondent)' at \(d.sources.map(\.location).joined(separator: ", "))")
    }
    if let u = unknownRegions.first {
      w.append("\(label)\(unknownRegions.count) region key(s) not in the region table; first: \(u.variable) = '\(u.key)' at \(u.first.location)")
    }
    if let s = straightLiners.first {
      w.append("\(label)\(straightLiners.count) straight-lining respondent(s); first: \(s.source.location) (block \(s.block))")
    }
    if let m = waveMismatches.first {
      w.append("\(label)\(waveMismatches.count) row(s) whose wave column disagrees with the file's wave; first: \(m.source.location) has '\(m.found)', file declares \(m.declared)")
    }
    return w
  }
}

/// Builds data-quality reports.
public enum QualityCheck {
  /// One report per wave (a single report when the study has no waves).
  public static func run(_ data: StudyData) -> [WaveQuality] {
    let waves = data.study.waves
    if waves.isEmpty { return [report(data, wave: nil)] }
    return waves.map { report(data, wave: $0) }
  }

  static func allowedText(_ rs: ResponseScale) -> String {
    let range = "\(formatNumber(rs.minimum))–\(formatNumber(rs.maximum))"
    if rs.missingCodes.isEmpty { return range + " or blank" }
    return range + ", missing codes " + rs.missingCodes.map { formatNumber($0.value) }.joined(separator: ", ") + " or blank"
  }

  /// The report for one wave.
  public static func report(_ data: StudyData, wave: Int?) -> WaveQuality {
    let study = data.study
    let rows = data.rows(wave: wave)
    let rowSet = Set(rows)
    var itemCounts: [WaveQuality.ItemCounts] = []
    var outOfRange: [WaveQuality.OutOfRangeValue] = []
    let nonNumeric = Dictionary(grouping: data.nonNumericCells.filter { rowSet.contains($0.row) }) { $0.item }

    for (j, item) in study.items.enumerated() {
      guard let rs = study.responseScale(of: item) else { continue }
      var valid = 0, blank = 0, oor = 0
      var miss = Array(repeating: 0, count: rs.missingCodes.count)
      let texts = Dictionary(uniqueKeysWithValues: (nonNumeric[j] ?? []).map { ($0.row, $0.text) })
      for r in rows {
        let x = data.rawItems[r, j]
        if x.isNaN {
          if let t = texts[r] {
            oor += 1
            outOfRange.append(.init(source: data.sources[r], respondent: data.respondentIDs[r], item: item.id, value: t, allowed: allowedText(rs)))
          } else {
            blank += 1
          }
        } else if let k = rs.missingCodes.firstIndex(where: { $0.value == x }) {
          miss[k] += 1
        } else if rs.isValid(x) {
          valid += 1
        } else {
          oor += 1
          outOfRange.append(.init(source: data.sources[r], respondent: data.respondentIDs[r], item: item.id, value: formatNumber(x), allowed: allowedText(rs)))
        }
      }
      itemCounts.append(.init(item: item.id, valid: valid, blank: blank,
                              missingByCode: zip(rs.missingCodes, miss).map { ($0.value, $0.label, $1) }, outOfRange: oor))
    }
    outOfRange.sort { ($0.source.file, $0.source.line, $0.item) < ($1.source.file, $1.source.line, $1.item) }

    // Duplicate respondent ids within the wave.
    var seen: [String: [Int]] = [:]
    for r in rows { seen[data.respondentIDs[r], default: []].append(r) }
    let duplicates = seen.filter { $0.value.count > 1 }
      .map { WaveQuality.DuplicateID(respondent: $0.key, sources: $0.value.map { data.sources[$0] }) }
      .sorted { $0.sources[0].line < $1.sources[0].line }

    // Region keys not in the region table.
    let known = Set(study.regions.map(\.key))
    var unknown: [WaveQuality.UnknownRegion] = []
    for rv in study.regionVariables {
      guard let keys = data.regionKeys[rv.variable] else { continue }
      var counts: [String: (Int, Int)] = [:]
      for r in rows where !keys[r].isEmpty && !known.contains(keys[r]) {
        let c = counts[keys[r]] ?? (0, r)
        counts[keys[r]] = (c.0 + 1, c.1)
      }
      unknown += counts.map { .init(variable: rv.variable, key: $0.key, count: $0.value.0, first: data.sources[$0.value.1]) }
        .sorted { $0.first.line < $1.first.line }
    }

    // Straight-lining per block (≥ 3 items, all valid and identical).
    var straight: [WaveQuality.StraightLiner] = []
    let index = Dictionary(uniqueKeysWithValues: study.items.enumerated().map { ($0.element.id, $0.offset) })
    for block in study.blocks where block.items.count >= 3 {
      let cols = block.items.compactMap { index[$0] }
      for r in rows {
        let first = data.items[r, cols[0]]
        guard !first.isNaN else { continue }
        if cols.allSatisfy({ data.items[r, $0] == first }) {
          straight.append(.init(respondent: data.respondentIDs[r], source: data.sources[r], block: block.id, value: first))
        }
      }
    }

    let p = study.items.count
    let completeness = rows.map { r in
      p == 0 ? 1.0 : Double((0..<p).filter { !data.items[r, $0].isNaN }.count) / Double(p)
    }
    let mismatches = data.waveMismatches.filter { m in wave == nil || m.declared == wave }
    return WaveQuality(wave: wave, rows: rows.count, items: itemCounts, outOfRange: outOfRange, duplicates: duplicates,
                       unknownRegions: unknown, straightLiners: straight, completeness: completeness, waveMismatches: mismatches)
  }
}
