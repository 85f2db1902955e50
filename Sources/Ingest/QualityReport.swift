import Codebook
import DataIO

/// The data-quality report of one wave (or of the whole study when it has no waves).
///
/// Counts follow the codebook: a cell is *valid* when it is a code of the response scale's
/// valid range (a number, or a text decoded through the scale's labels and aliases), *missing*
/// when blank, a declared missing code (numeric or text, counted per code) or a user-missing
/// value declared in the file, *not asked* when its file declares the item `not_asked`, *out of
/// range* otherwise: a number outside the range, a decimal on an integer code scale, or text
/// that is no label (*undecodable*, counted apart). Out-of-range cells are listed with
/// file:line:column (at most `listedPerItem` per item; the counts are complete).
/// Straight-lining is an identical valid answer to every item of a block with at least three
/// items. Completeness is the share of a respondent's asked items with a valid answer.
public struct WaveQuality: Sendable, Equatable {
  /// Out-of-range cells listed per item (the counts include all of them).
  public static let listedPerItem = 20

  public struct ItemCounts: Sendable, Equatable {
    public var item: String
    public var valid: Int
    public var blank: Int
    /// Counts per declared numeric missing code, in the scale's code order.
    public var missingByCode: [(code: Double, label: String, count: Int)]
    /// Counts per declared text missing code ("N/A", "-oth-"), in the scale's order.
    public var missingByText: [(text: String, count: Int)] = []
    /// User-missing values declared by the file (SAV) that the codebook does not list.
    public var fileMissing: Int = 0
    /// Rows of files that did not ask the item (`not_asked`).
    public var notAsked: Int = 0
    /// Out of range: numbers outside the valid range plus undecodable text.
    public var outOfRange: Int
    /// Of `outOfRange`: text that is no number and no label of the scale.
    public var undecodable: Int = 0
    public static func == (a: ItemCounts, b: ItemCounts) -> Bool {
      a.item == b.item && a.valid == b.valid && a.blank == b.blank && a.outOfRange == b.outOfRange
        && a.missingByCode.map(\.code) == b.missingByCode.map(\.code) && a.missingByCode.map(\.count) == b.missingByCode.map(\.count)
        && a.missingByText.map(\.text) == b.missingByText.map(\.text) && a.missingByText.map(\.count) == b.missingByText.map(\.count)
        && a.fileMissing == b.fileMissing && a.notAsked == b.notAsked && a.undecodable == b.undecodable
    }
  }
  public struct OutOfRangeValue: Sendable, Equatable {
    public var source: RowSource
    /// file:line:column of the cell.
    public var location: String
    public var respondent: String
    public var item: String
    /// The value as found (text for non-numeric cells).
    public var value: String
    /// What is allowed, e.g. "1–5, missing codes 8, 9 or blank".
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
  /// Listed out-of-range cells (at most `listedPerItem` per item).
  public var outOfRange: [OutOfRangeValue]
  /// All out-of-range cells of the wave.
  public var outOfRangeTotal: Int = 0
  public var duplicates: [DuplicateID]
  public var unknownRegions: [UnknownRegion]
  /// Per region variable with unknown keys: what they look like and what would match.
  public var regionHints: [String: String] = [:]
  public var straightLiners: [StraightLiner]
  /// Per-respondent completeness (share of asked items validly answered), in row order.
  public var completeness: [Double]
  public var waveMismatches: [StudyData.WaveMismatch]

  /// Human-readable warnings (one per problem kind with its count).
  public var warnings: [String] {
    var w: [String] = []
    let label = wave.map { "wave \($0): " } ?? ""
    let total = max(outOfRangeTotal, outOfRange.count)
    if let f = outOfRange.first {
      w.append("\(label)\(total) out-of-range value(s); first: \(f.location) item \(f.item) = '\(f.value)' (allowed: \(f.allowed))")
    }
    if let d = duplicates.first {
      w.append("\(label)\(duplicates.count) duplicate respondent id(s); first: '\(d.respondent)' at \(d.sources.map(\.location).joined(separator: ", "))")
    }
    if let u = unknownRegions.first {
      let hint = regionHints[u.variable].map { " — \($0)" } ?? ""
      w.append("\(label)\(unknownRegions.count) region key(s) not in the region table; first: \(u.variable) = '\(u.key)' at \(u.first.location)\(hint)")
    }
    if let s = straightLiners.first {
      w.append("\(label)\(straightLiners.count) straight-lining respondent(s); first: '\(s.respondent)' at \(s.source.location) (block \(s.block))")
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

  /// What a scale allows, for messages: "1–5, missing codes 8, 9 or blank", with labels when the
  /// scale decodes text ("1–5 ('trifft gar nicht zu' … 'trifft voll zu'), missing codes -9, 'N/A' or blank").
  static func allowedText(_ rs: ResponseScale) -> String {
    var range = "\(formatNumber(rs.minimum))–\(formatNumber(rs.maximum))"
    if let first = rs.codes.first, let last = rs.codes.last, !first.label.isEmpty, rs.codes.count > 1 {
      range += " ('\(first.label)' … '\(last.label)')"
    }
    let missing = rs.missingCodes.map { formatNumber($0.value) } + rs.missingTexts.filter { !$0.label.isEmpty }.map { "'\($0.label)'" }
    if missing.isEmpty { return range + " or blank" }
    return range + ", missing codes " + missing.joined(separator: ", ") + " or blank"
  }

  /// The report for one wave.
  public static func report(_ data: StudyData, wave: Int?) -> WaveQuality {
    let study = data.study
    let rows = data.rows(wave: wave)
    var itemCounts: [WaveQuality.ItemCounts] = []
    var outOfRange: [WaveQuality.OutOfRangeValue] = []
    var outOfRangeTotal = 0

    let bytes = data.status.bytes
    let n = data.rowCount
    let m = rows.count
    // Completeness counters, filled in the same pass as the histograms.
    var asked = [Int32](repeating: 0, count: m)
    var answered = [Int32](repeating: 0, count: m)
    // Four interleaved histograms (row k counts in histogram k mod 4), so that runs of one
    // status do not wait on the same counter.
    var perStatus = [Int](repeating: 0, count: 1024)
    bytes.withUnsafeBufferPointer { bp in
      rows.withUnsafeBufferPointer { rp in
        asked.withUnsafeMutableBufferPointer { ap in
          answered.withUnsafeMutableBufferPointer { vp in
            perStatus.withUnsafeMutableBufferPointer { hp in
              for (j, item) in study.items.enumerated() {
                // One byte per cell, read column by column into a histogram of statuses and the
                // respondents' asked/answered counts (branch-free); flagged cells are listed.
                hp.update(repeating: 0)
                var flagged = 0
                if let base = bp.baseAddress, m > 0 {
                  let column = base + j * n
                  @inline(__always) func count(_ k: Int, _ s: UInt8) {
                    hp[Int(s) | (k & 3) << 8] &+= 1
                    ap[k] &+= s != CellStatus.notAsked ? 1 : 0
                    vp[k] &+= s == CellStatus.valid ? 1 : 0
                  }
                  // All rows (no wave chosen): read the column directly; else through the row list.
                  if m == n {
                    for k in 0..<m { count(k, column[k]) }
                  } else {
                    for k in 0..<m { count(k, column[rp[k]]) }
                  }
                  for s in 0..<256 { hp[s] = hp[s] &+ hp[s | 256] &+ hp[s | 512] &+ hp[s | 768] }
                  flagged = hp[Int(CellStatus.outOfRange)] + hp[Int(CellStatus.undecodable)]
                }
                guard let rs = study.responseScale(of: item) else { continue }
                if flagged > 0, let base = bp.baseAddress {
                  let column = base + j * n
                  var listed = 0
                  for k in 0..<m {
                    if listed == WaveQuality.listedPerItem { break }
                    let r = rp[k]
                    let s = column[r]
                    guard s == CellStatus.outOfRange || s == CellStatus.undecodable else { continue }
                    listed += 1
                    outOfRange.append(.init(source: data.sources[r], location: data.cellLocation(row: r, item: j), respondent: data.respondentIDs[r],
                                            item: item.id, value: data.status.raw(row: r, item: j)?.display ?? "", allowed: allowedText(rs)))
                  }
                }
                let oor = hp[Int(CellStatus.outOfRange)] + hp[Int(CellStatus.undecodable)]
                outOfRangeTotal += oor
                itemCounts.append(.init(item: item.id, valid: hp[Int(CellStatus.valid)], blank: hp[Int(CellStatus.blank)],
                                        missingByCode: rs.missingCodes.enumerated().map { k, c in (c.value, c.label, hp[Int(CellStatus.missingCode(k))]) },
                                        missingByText: rs.missingTexts.enumerated().map { k, c in (c.label, hp[Int(CellStatus.missingText(k))]) },
                                        fileMissing: hp[Int(CellStatus.fileMissing)], notAsked: hp[Int(CellStatus.notAsked)],
                                        outOfRange: oor, undecodable: hp[Int(CellStatus.undecodable)]))
              }
            }
          }
        }
      }
    }
    outOfRange.sort { ($0.source.file, $0.source.line, $0.item) < ($1.source.file, $1.source.line, $1.item) }

    // Duplicate respondent ids within the wave.
    let duplicates = data.respondentIDs.duplicateGroups(rows: rows).map { g in
      WaveQuality.DuplicateID(respondent: data.respondentIDs[g[0]], sources: g.map { data.sources[$0] })
    }

    // Region keys not in the region table (keys as written), and values that resolve to no
    // region (derived variables).
    let rowSet = data.loadReport.regionProblems.isEmpty ? [] : Set(rows)
    var unknown: [WaveQuality.UnknownRegion] = []
    for problem in data.loadReport.regionProblems {
      let inWave = problem.rows.map(Int.init).filter { rowSet.contains($0) }
      guard let first = inWave.first else { continue }
      unknown.append(.init(variable: problem.variable, key: problem.value, count: inWave.count, first: data.sources[first]))
    }
    unknown.sort { ($0.first.file, $0.first.line) < ($1.first.file, $1.first.line) }
    let hints = data.loadReport.regionHints.filter { h in unknown.contains { $0.variable == h.key } }

    // Straight-lining per block (≥ 3 items, all valid and identical), column by column.
    var straight: [WaveQuality.StraightLiner] = []
    let index = Dictionary(study.items.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
    for block in study.blocks where block.items.count >= 3 {
      let cols = block.items.compactMap { index[$0] }
      guard let c0 = cols.first else { continue }
      let values = data.items.elements
      var same = [Bool](repeating: false, count: m)
      values.withUnsafeBufferPointer { xp in
        bytes.withUnsafeBufferPointer { bp in
          rows.withUnsafeBufferPointer { rp in
            same.withUnsafeMutableBufferPointer { sp in
              guard let sb = bp.baseAddress, let xb = xp.baseAddress, m > 0 else { return }
              let s0 = sb + c0 * n
              for k in 0..<m { sp[k] = s0[rp[k]] == CellStatus.valid }
              let x0 = xb + c0 * n
              for c in cols.dropFirst() {
                let sc = sb + c * n
                let xc = xb + c * n
                for k in 0..<m {
                  let r = rp[k]
                  sp[k] = sp[k] && sc[r] == CellStatus.valid && xc[r] == x0[r]
                }
              }
            }
          }
        }
      }
      for (k, r) in rows.enumerated() where same[k] {
        straight.append(.init(respondent: data.respondentIDs[r], source: data.sources[r], block: block.id, value: data.items[r, c0]))
      }
    }

    // Completeness: valid answers over asked items, per respondent (counted in the first pass).
    let completeness = zip(asked, answered).map { $0 == 0 ? 1.0 : Double($1) / Double($0) }
    let mismatches = data.waveMismatches.filter { m in wave == nil || m.declared == wave }
    var q = WaveQuality(wave: wave, rows: rows.count, items: itemCounts, outOfRange: outOfRange, duplicates: duplicates,
                        unknownRegions: unknown, straightLiners: straight, completeness: completeness, waveMismatches: mismatches)
    q.outOfRangeTotal = outOfRangeTotal
    q.regionHints = hints
    return q
  }
}
