// Interning of text cells for `CSVOptions.textAsLevels`. Like the parser, it works on the
// file's bytes (pointers stay inside the DataIO parser files).

/// The distinct texts of one column and, per cell, the index of its text.
///
/// Unescaped fields are hashed and compared as bytes (fields of up to 8 bytes packed into one
/// integer that is hash and key at once, longer ones FNV-1a; Fibonacci hashing into an open
/// table with linear probing), so a repeated answer such as "Trifft voll zu" costs a hash and
/// a comparison and is decoded to a `String` once. Fields with doubled quotes are decoded first and looked
/// up by text. Two levels may hold the same text (an escaped and an unescaped spelling);
/// that is harmless: levels are decoded, never compared, downstream.
///
/// A column whose texts hardly repeat (ids, free text: more than half of the cells distinct
/// after the first 1,024) gains nothing from interning; it switches to one string per cell
/// (`plain`), which the reader returns as `.text`.
struct CSVLevelInterner {
  /// Level index per cell, in row order.
  var codes: [UInt32] = []
  /// After the switch: one string per cell (all cells, the earlier ones converted).
  var plain = false
  var texts: [String] = []
  /// Decoded text of each level.
  var strings: [String] = []
  private var starts: [Int] = []
  private var ends: [Int] = []
  private var hashes: [UInt64] = []
  /// Levels of escaped fields are looked up by text, never through `slots`.
  private var isEscaped: [Bool] = []
  /// Open-addressing table of level indices (−1 = empty); size a power of two.
  private var slots: [Int32] = []
  private var escaped: [String: UInt32] = [:]

  /// Interns the field and appends its code (or its text, once the column went plain).
  mutating func append(_ p: UnsafePointer<UInt8>, _ f: CSVFieldSpan, _ encoding: DetectedEncoding) {
    if plain {
      texts.append(CSVReader.fieldText(p, f, encoding))
      return
    }
    codes.append(code(p, f, encoding))
    if codes.count >= 1024 && strings.count * 2 > codes.count { goPlain() }
  }

  /// Switches to one string per cell.
  mutating func goPlain() {
    texts = codes.map { strings[Int($0)] }
    codes = []
    strings = []
    starts = []
    ends = []
    hashes = []
    isEscaped = []
    slots = []
    escaped = [:]
    plain = true
  }

  /// Puts `prefix` (cells recovered from rows before the column turned text) before the cells.
  mutating func prepend(codes prefixCodes: [UInt32], texts prefixTexts: [String]) {
    if plain { texts = prefixTexts + texts } else { codes = prefixCodes + codes }
  }

  /// The column: `.categorical`, or `.text` when it went plain.
  func values() -> ColumnValues {
    plain ? .text(texts) : .categorical(codes: codes, levels: strings)
  }

  /// Appends the cells of `other`, which interned the records after this one's (a chunk of
  /// the file parsed on another thread): its levels are interned here (by their bytes, or by
  /// text when escaped) and its codes mapped; a plain side makes the result plain.
  mutating func absorb(_ other: CSVLevelInterner, _ p: UnsafePointer<UInt8>, _ encoding: DetectedEncoding) {
    if plain || other.plain {
      if !plain { goPlain() }
      if other.plain {
        texts.append(contentsOf: other.texts)
      } else {
        texts.reserveCapacity(texts.count + other.codes.count)
        for c in other.codes { texts.append(other.strings[Int(c)]) }
      }
      return
    }
    var map = [UInt32](repeating: 0, count: other.strings.count)
    for level in 0..<other.strings.count {
      map[level] =
        other.isEscaped[level]
        ? code(escapedText: other.strings[level])
        : code(p, CSVFieldSpan(start: other.starts[level], end: other.ends[level], quoted: false, escaped: false, endsRecord: false), encoding)
    }
    codes.reserveCapacity(codes.count + other.codes.count)
    for c in other.codes { codes.append(map[Int(c)]) }
    if codes.count >= 1024 && strings.count * 2 > codes.count { goPlain() }
  }

  /// The code of an escaped field's decoded text (a new level when first seen).
  private mutating func code(escapedText text: String) -> UInt32 {
    if let c = escaped[text] { return c }
    let c = UInt32(strings.count)
    strings.append(text)
    starts.append(0)
    ends.append(0)
    hashes.append(0)
    isEscaped.append(true)
    escaped[text] = c
    return c
  }

  /// The code of the field's text (a new level when first seen).
  mutating func code(_ p: UnsafePointer<UInt8>, _ f: CSVFieldSpan, _ encoding: DetectedEncoding) -> UInt32 {
    if f.escaped { return code(escapedText: CSVReader.fieldText(p, f, encoding)) }
    // Fields of up to 8 bytes (answer codes, short answers) are their own key: the bytes packed
    // into one integer, so a match needs no byte loop. Longer fields: FNV-1a and a byte compare.
    let length = f.end - f.start
    var h: UInt64
    let packed = length <= 8
    if packed {
      h = 0
      var i = f.start
      var shift: UInt64 = 0
      while i < f.end {
        h |= UInt64(p[i]) << shift
        shift += 8
        i += 1
      }
    } else {
      h = 0xcbf2_9ce4_8422_2325
      var i = f.start
      while i < f.end {
        h = (h ^ UInt64(p[i])) &* 0x0000_0100_0000_01B3
        i += 1
      }
    }
    if slots.isEmpty { slots = [Int32](repeating: -1, count: 64) }
    let mask = slots.count - 1
    var s = Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    while true {
      let k = slots[s]
      if k < 0 { break }
      let level = Int(k)
      if hashes[level] == h && ends[level] - starts[level] == length {
        if packed { return UInt32(level) }
        var same = true
        var a = starts[level], b = f.start
        while b < f.end {
          if p[a] != p[b] { same = false; break }
          a += 1
          b += 1
        }
        if same { return UInt32(level) }
      }
      s = (s + 1) & mask
    }
    let c = strings.count
    strings.append(CSVReader.fieldText(p, f, encoding))
    starts.append(f.start)
    ends.append(f.end)
    hashes.append(h)
    isEscaped.append(false)
    slots[s] = Int32(c)
    if strings.count * 2 > slots.count { grow() }
    return UInt32(c)
  }

  private mutating func grow() {
    var table = [Int32](repeating: -1, count: slots.count * 2)
    let mask = table.count - 1
    for level in 0..<strings.count where !isEscaped[level] {
      let h = hashes[level]
      var s = Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
      while table[s] >= 0 { s = (s + 1) & mask }
      table[s] = Int32(level)
    }
    slots = table
  }
}
