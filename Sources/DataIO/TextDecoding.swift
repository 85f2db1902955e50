#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The encoding a reader settled on for one file.
enum DetectedEncoding: Sendable {
  case utf8, windows1252
}

/// Byte-level text checks and decoding shared by the CSV reader.
///
/// Raw pointers stay inside this file and the CSV parser (house rule: `Unsafe*` only where
/// bytes are scanned); everything returned is a Swift value.
enum TextDecoding {
  /// The result of one pass over the bytes.
  struct Scan {
    /// Offset of the first NUL byte, if any (text files never contain one).
    var firstNUL: Int?
    /// Offset of the first byte that is not part of a valid UTF-8 sequence, if any.
    var firstInvalidUTF8: Int?
  }

  /// Finds the first NUL byte and the first invalid UTF-8 sequence in one pass.
  ///
  /// ASCII runs are skipped 8 bytes at a time (a word with no high bit and no zero byte);
  /// multi-byte sequences are checked against RFC 3629 (no overlongs, no surrogates, ≤ U+10FFFF).
  static func scan(_ b: UnsafeBufferPointer<UInt8>) -> Scan {
    guard let p = b.baseAddress else { return Scan() }
    let n = b.count
    let raw = UnsafeRawPointer(p)
    var i = 0
    var result = Scan()
    while i < n {
      if i + 8 <= n {
        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let hasZero = (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080
        if hasZero == 0 && (w & 0x8080_8080_8080_8080) == 0 {
          i += 8
          continue
        }
      }
      let c = p[i]
      if c == 0 {
        result.firstNUL = i
        return result
      }
      if c < 0x80 {
        i += 1
        continue
      }
      let len = utf8SequenceLength(p, i, n)
      if len == 0 {
        result.firstInvalidUTF8 = i
        // Not UTF-8: only the NUL check remains.
        if let z = memchr(raw + i, 0, n - i) {
          result.firstNUL = raw.distance(to: UnsafeRawPointer(z))
        }
        return result
      }
      i += len
    }
    return result
  }

  /// Length of the valid UTF-8 sequence starting at `i` (lead byte ≥ 0x80), or 0 when invalid.
  @inline(__always)
  private static func utf8SequenceLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
    let c = p[i]
    @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
      i + k < n && p[i + k] >= lo && p[i + k] <= hi
    }
    switch c {
    case 0xC2...0xDF: return cont(1) ? 2 : 0
    case 0xE0: return cont(1, 0xA0) && cont(2) ? 3 : 0
    case 0xE1...0xEC, 0xEE...0xEF: return cont(1) && cont(2) ? 3 : 0
    case 0xED: return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
    case 0xF0: return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
    case 0xF1...0xF3: return cont(1) && cont(2) && cont(3) ? 4 : 0
    case 0xF4: return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
    default: return 0
    }
  }

  /// Unicode scalars of Windows-1252 bytes 0x80–0x9F (WHATWG mapping: the five undefined
  /// bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D map to the C1 controls of the same value).
  static let windows1252High: [UInt32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
  ]

  /// Decodes `count` bytes at `p` as text in `encoding`.
  static func decode(_ p: UnsafePointer<UInt8>, count: Int, as encoding: DetectedEncoding) -> String {
    if count <= 0 { return "" }
    let bytes = UnsafeBufferPointer(start: p, count: count)
    switch encoding {
    case .utf8:
      return String(decoding: bytes, as: UTF8.self)
    case .windows1252:
      var ascii = true
      for c in bytes where c >= 0x80 {
        ascii = false
        break
      }
      if ascii { return String(decoding: bytes, as: UTF8.self) }
      // Each byte becomes at most 3 UTF-8 bytes (the table's largest scalar is U+2122).
      return String(unsafeUninitializedCapacity: count * 3) { out in
        var k = 0
        for c in bytes {
          if c < 0x80 {
            out[k] = c
            k += 1
          } else if c >= 0xA0 {
            out[k] = 0xC0 | (c >> 6)
            out[k + 1] = 0x80 | (c & 0x3F)
            k += 2
          } else {
            let v = windows1252High[Int(c) - 0x80]
            if v < 0x800 {
              out[k] = UInt8(0xC0 | (v >> 6))
              out[k + 1] = UInt8(0x80 | (v & 0x3F))
              k += 2
            } else {
              out[k] = UInt8(0xE0 | (v >> 12))
              out[k + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
              out[k + 2] = UInt8(0x80 | (v & 0x3F))
              k += 3
            }
          }
        }
        return k
      }
    }
  }

  /// Decodes a quoted field's content, turning each doubled quote `""` into one `"`.
  static func decodeUnescaping(_ p: UnsafePointer<UInt8>, count: Int, as encoding: DetectedEncoding) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(count)
    var i = 0
    while i < count {
      let c = p[i]
      out.append(c)
      i += (c == 0x22 && i + 1 < count && p[i + 1] == 0x22) ? 2 : 1
    }
    return out.withUnsafeBufferPointer { b in
      guard let base = b.baseAddress else { return "" }
      return decode(base, count: b.count, as: encoding)
    }
  }
}
