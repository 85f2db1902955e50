import Foundation

/// The bytes of an XML part as UTF-8: a UTF-8 byte-order mark is skipped, UTF-16 (with a
/// byte-order mark, or recognised by `<?` encoded as UTF-16) is transcoded, unpaired
/// surrogates being an error. OOXML parts are UTF-8 or UTF-16 (ECMA-376 Part 2 §8.1.4).
enum XMLDocument {
  /// Calls `body` with the UTF-8 bytes (UTF-8 input is not copied), or with an error text when a
  /// UTF-16 part is malformed.
  static func withUTF8<R>(_ data: Data, _ body: (UnsafeBufferPointer<UInt8>, String?) -> R) -> R {
    let head = Array(data.prefix(4))
    var bigEndian: Bool? = nil
    var skip = 0
    if head.count >= 2 && head[0] == 0xFE && head[1] == 0xFF {
      bigEndian = true
      skip = 2
    } else if head.count >= 2 && head[0] == 0xFF && head[1] == 0xFE {
      bigEndian = false
      skip = 2
    } else if head == [0x00, 0x3C, 0x00, 0x3F] {
      bigEndian = true
    } else if head == [0x3C, 0x00, 0x3F, 0x00] {
      bigEndian = false
    } else if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF {
      skip = 3
    }
    guard let bigEndian else {
      return data.withUnsafeBytes { raw in
        let all = raw.bindMemory(to: UInt8.self)
        guard let base = all.baseAddress else { return body(UnsafeBufferPointer(start: nil, count: 0), nil) }
        return body(UnsafeBufferPointer(start: base + skip, count: all.count - skip), nil)
      }
    }
    switch transcodeUTF16(Array(data.dropFirst(skip)), bigEndian: bigEndian) {  // rare: UTF-16 parts
    case .success(let utf8): return utf8.withUnsafeBufferPointer { body($0, nil) }
    case .failure(let message): return [UInt8]().withUnsafeBufferPointer { body($0, message.text) }
    }
  }

  struct EncodingProblem: Error { var text: String }

  static func transcodeUTF16(_ b: [UInt8], bigEndian: Bool) -> Result<[UInt8], EncodingProblem> {
    guard b.count % 2 == 0 else { return .failure(EncodingProblem(text: "a UTF-16 part with an odd number of bytes (truncated?)")) }
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var i = 0
    func unit(_ k: Int) -> UInt32 { bigEndian ? UInt32(b[k]) << 8 | UInt32(b[k + 1]) : UInt32(b[k + 1]) << 8 | UInt32(b[k]) }
    while i + 1 < b.count {
      let u = unit(i)
      i += 2
      if u >= 0xD800 && u <= 0xDBFF {
        guard i + 1 < b.count else { return .failure(EncodingProblem(text: "UTF-16 ends inside a surrogate pair at byte \(i - 2)")) }
        let low = unit(i)
        guard low >= 0xDC00 && low <= 0xDFFF else {
          return .failure(EncodingProblem(text: "unpaired UTF-16 surrogate at byte \(i - 2)"))
        }
        i += 2
        appendUTF8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), to: &out)
      } else if u >= 0xDC00 && u <= 0xDFFF {
        return .failure(EncodingProblem(text: "unpaired UTF-16 surrogate at byte \(i - 2)"))
      } else {
        appendUTF8(u, to: &out)
      }
    }
    return .success(out)
  }
}
