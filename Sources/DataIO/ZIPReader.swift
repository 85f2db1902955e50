// zlib through ZIPFoundation's system-library module `CZlib` (ZIPFoundation needs zlib anyway;
// importing its module avoids a second module map for the same header).
import CZlib
import FileSafety

/// A reader for the ZIP container of an `.xlsx` file: the central directory, the local headers,
/// and inflation of stored or deflated entries with limits.
///
/// Written for hostile input, in place of ZIPFoundation's reader: that one seeks past the end of
/// in-memory archives (a range trap found by fuzzing) and adds 64-bit offsets from ZIP64 records
/// without overflow checks (`off_t(UInt64)` traps above 2⁶³). Here every offset and size read from
/// the file is compared with the file's length before it is used, all arithmetic is on `Int`
/// values already known to lie inside the file, and the number of entries is bounded by the size
/// of the central directory. Inflation streams through zlib in 64 KiB steps; the consumer sees
/// each step and can stop it (size and ratio limits); the result must end the deflate stream,
/// have the declared size and the declared CRC-32.
///
/// Supported: stored (0) and deflated (8) entries, ZIP64 sizes and offsets, data descriptors
/// (sizes from the central directory). Refused: encryption, other methods, multi-disk archives.
/// Specification: PKWARE APPNOTE.TXT 6.3.10, §4.3 (structure), §4.4 (fields), §4.5.3 (ZIP64).
struct ZIPReader {
  struct Entry {
    var name: String
    var flags: UInt16
    var method: UInt16
    var crc32: UInt32
    var compressedSize: Int
    var uncompressedSize: Int
    var localHeaderOffset: Int
    /// A directory entry (name ends with "/").
    var isDirectory: Bool { name.hasSuffix("/") }
  }

  /// Why the container cannot be read (the XLSX reader prefixes the file name).
  struct Problem: Error, Equatable {
    var message: String
  }

  let bytes: [UInt8]
  private(set) var entries: [Entry] = []

  init(bytes: [UInt8]) throws(Problem) {
    self.bytes = bytes
    let n = bytes.count
    guard n >= 22, let eocd = findEndOfCentralDirectory() else {
      throw Problem(message: "it is not a ZIP archive (an .xlsx workbook is a ZIP package of XML parts)")
    }
    var count = Int(u16(eocd + 10))
    var cdSize = Int(u32(eocd + 12))
    var cdOffset = Int(u32(eocd + 16))
    let disk = u16(eocd + 4), cdDisk = u16(eocd + 6)
    if count == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
      // ZIP64: the locator sits right before the end record and points at the ZIP64 end record.
      guard eocd >= 20, u32(eocd - 20) == 0x0706_4B50 else {
        throw Problem(message: "the ZIP64 end-of-central-directory locator is missing (truncated or corrupt)")
      }
      let recordOffset = u64(eocd - 20 + 8)
      guard n >= 56, recordOffset <= UInt64(n - 56), u32(Int(recordOffset)) == 0x0606_4B50 else {
        throw Problem(message: "the ZIP64 end-of-central-directory record is outside the file (truncated or corrupt)")
      }
      let r = Int(recordOffset)
      guard let c = Int(exactly: u64(r + 32)), let s = Int(exactly: u64(r + 40)), let o = Int(exactly: u64(r + 48)) else {
        throw Problem(message: "the ZIP64 central directory is outside the file (corrupt)")
      }
      (count, cdSize, cdOffset) = (c, s, o)
    }
    guard disk == 0 || disk == 0xFFFF, cdDisk == 0 || cdDisk == 0xFFFF else {
      throw Problem(message: "a multi-volume ZIP archive; an .xlsx file is a single file")
    }
    guard cdOffset <= n, cdSize <= n - cdOffset else {
      throw Problem(message: "the central directory (\(cdSize) bytes at \(cdOffset)) lies outside the \(n)-byte file (truncated?)")
    }
    guard count <= cdSize / 46 else {
      throw Problem(message: "the central directory claims \(count) entries but has room for \(cdSize / 46)")
    }
    entries.reserveCapacity(count)
    var p = cdOffset
    let end = cdOffset + cdSize
    for k in 0..<count {
      guard p <= end - 46, u32(p) == 0x0201_4B50 else {
        throw Problem(message: "central directory entry \(k + 1) of \(count) is malformed (corrupt)")
      }
      let flags = u16(p + 8), method = u16(p + 10), crc = u32(p + 16)
      var csize = UInt64(u32(p + 20)), usize = UInt64(u32(p + 24))
      let nameLength = Int(u16(p + 28)), extraLength = Int(u16(p + 30)), commentLength = Int(u16(p + 32))
      var offset = UInt64(u32(p + 42))
      let variable = nameLength + extraLength + commentLength
      guard variable <= end - p - 46 else {
        throw Problem(message: "central directory entry \(k + 1) runs past the directory (corrupt)")
      }
      let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
      // ZIP64 extended information (tag 1): 64-bit values for the fields that hold 0xFFFFFFFF.
      var e = p + 46 + nameLength
      let extraEnd = e + extraLength
      while e + 4 <= extraEnd {
        let tag = u16(e), size = Int(u16(e + 2))
        guard size <= extraEnd - e - 4 else { break }
        if tag == 1 {
          var f = e + 4
          let fieldsEnd = f + size
          func next() -> UInt64? {
            guard f + 8 <= fieldsEnd else { return nil }
            defer { f += 8 }
            return u64(f)
          }
          if usize == 0xFFFF_FFFF { usize = next() ?? usize }
          if csize == 0xFFFF_FFFF { csize = next() ?? csize }
          if offset == 0xFFFF_FFFF { offset = next() ?? offset }
        }
        e += 4 + size
      }
      guard let c = Int(exactly: csize), let u = Int(exactly: usize), let o = Int(exactly: offset), o <= n else {
        throw Problem(message: "part \(name): its sizes or offset lie outside the file (corrupt)")
      }
      entries.append(Entry(name: name, flags: flags, method: method, crc32: crc, compressedSize: c, uncompressedSize: u,
                           localHeaderOffset: o))
      p += 46 + variable
    }
  }

  /// The first entry called `name`.
  func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

  /// Inflates `entry`, passing each piece to `consumer` (which throws to stop); returns nothing
  /// but checks that the stream ends, that the size and the CRC-32 are the declared ones.
  func inflate(_ entry: Entry, _ consumer: (UnsafeRawBufferPointer) throws(Problem) -> Void) throws(Problem) {
    let n = bytes.count
    let h = entry.localHeaderOffset
    guard h <= n - 30, u32(h) == 0x0403_4B50 else {
      throw Problem(message: "its local header is missing (truncated or corrupt)")
    }
    let start = h + 30 + Int(u16(h + 26)) + Int(u16(h + 28))
    guard start <= n, entry.compressedSize <= n - start else {
      throw Problem(message: "its \(entry.compressedSize) compressed bytes run past the end of the file (truncated)")
    }
    guard entry.flags & 1 == 0 else { throw Problem(message: "it is encrypted") }
    var crc: UInt = 0
    var produced = 0
    let outcome: Result<Void, Problem> = bytes.withUnsafeBufferPointer { all in
      guard let base = all.baseAddress else { return .failure(Problem(message: "empty archive")) }
      let input = UnsafeBufferPointer(start: base + start, count: entry.compressedSize)
      do throws(Problem) {
        switch entry.method {
        case 0:
          guard entry.compressedSize == entry.uncompressedSize else {
            throw Problem(message: "a stored part whose sizes differ (\(entry.compressedSize) vs \(entry.uncompressedSize))")
          }
          var k = 0
          while k < input.count {
            let m = Swift.min(1 << 16, input.count - k)
            let piece = UnsafeRawBufferPointer(start: input.baseAddress! + k, count: m)
            crc = crc32(crc, piece.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(m))
            produced += m
            try consumer(piece)
            k += m
          }
        case 8:
          try inflateDeflate(input) { (piece: UnsafeRawBufferPointer) throws(Problem) in
            if let p = piece.baseAddress { crc = crc32(crc, p.assumingMemoryBound(to: Bytef.self), uInt(piece.count)) }
            produced += piece.count
            try consumer(piece)
          }
        default:
          throw Problem(message: "compression method \(entry.method) is not supported (stored and deflate are)")
        }
        return .success(())
      } catch {
        return .failure(error)
      }
    }
    try outcome.get()
    guard produced == entry.uncompressedSize else {
      throw Problem(message: "it inflates to \(produced) bytes but its header declares \(entry.uncompressedSize) (truncated or corrupt)")
    }
    guard UInt32(truncatingIfNeeded: crc) == entry.crc32 else {
      throw Problem(message: "its CRC-32 does not match (corrupt)")
    }
  }

  /// Raw deflate (RFC 1951) through zlib, 64 KiB of output at a time.
  private func inflateDeflate(
    _ input: UnsafeBufferPointer<UInt8>, _ consumer: (UnsafeRawBufferPointer) throws(Problem) -> Void
  ) throws(Problem) {
    var stream = z_stream()
    guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw Problem(message: "zlib could not start")
    }
    defer { inflateEnd(&stream) }
    var output = [UInt8](repeating: 0, count: 1 << 16)
    var fed = 0
    while true {
      if stream.avail_in == 0 && fed < input.count {
        let m = Swift.min(1 << 20, input.count - fed)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + fed)
        stream.avail_in = uInt(m)
        fed += m
      }
      let before = (stream.total_in, stream.total_out)
      let status: Int32 = output.withUnsafeMutableBufferPointer { out in
        stream.next_out = out.baseAddress
        stream.avail_out = uInt(out.count)
        return CZlib.inflate(&stream, Z_NO_FLUSH)
      }
      let count = output.count - Int(stream.avail_out)
      if count > 0 {
        let result: Result<Void, Problem> = output.withUnsafeBytes { raw in
          do throws(Problem) {
            try consumer(UnsafeRawBufferPointer(rebasing: raw[0..<count]))
            return .success(())
          } catch {
            return .failure(error)
          }
        }
        try result.get()
      }
      switch status {
      case Z_STREAM_END:
        return
      case Z_OK:
        continue
      case Z_BUF_ERROR where stream.avail_in == 0 && fed >= input.count:
        throw Problem(message: "its compressed data end before the deflate stream does (truncated)")
      case Z_BUF_ERROR where before != (stream.total_in, stream.total_out):
        continue
      case Z_BUF_ERROR:
        throw Problem(message: "its compressed data make no progress (corrupt)")
      default:
        throw Problem(message: "its compressed data are corrupt (zlib: \(stream.msg.map { String(cString: $0) } ?? "error \(status)"))")
      }
    }
  }

  // MARK: - Bytes

  /// The end-of-central-directory record: the last signature whose comment length reaches the end.
  private func findEndOfCentralDirectory() -> Int? {
    let n = bytes.count
    let lowest = Swift.max(0, n - 22 - 0xFFFF)
    var i = n - 22
    while i >= lowest {
      if bytes[i] == 0x50, u32(i) == 0x0605_4B50, i + 22 + Int(u16(i + 20)) == n { return i }
      i -= 1
    }
    // Tolerate trailing bytes after the record (some writers pad): the last signature.
    i = n - 22
    while i >= lowest {
      if bytes[i] == 0x50, u32(i) == 0x0605_4B50 { return i }
      i -= 1
    }
    return nil
  }

  private func u16(_ i: Int) -> UInt16 { UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 }
  private func u32(_ i: Int) -> UInt32 {
    UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
  }
  private func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
}
