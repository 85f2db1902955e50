import Foundation
import ZIPFoundation

/// A minimal PNG decoder for screenshots (test helper): 8-bit RGB or RGBA, non-interlaced, as
/// Chromium writes them. Counts the pixels that are not (near) white.
struct PNGImage {
  var width = 0
  var height = 0
  var channels = 0
  var pixels: [UInt8] = []

  init(path: String) throws {
    let d = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    guard d.count > 8, d[0..<8] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else { throw PNGError.notPNG }
    var i = 8
    var idat = Data()
    var bitDepth = 0, colorType = 0, interlace = 0
    func be32(_ k: Int) -> Int { Int(d[k]) << 24 | Int(d[k + 1]) << 16 | Int(d[k + 2]) << 8 | Int(d[k + 3]) }
    while i + 8 <= d.count {
      let length = be32(i)
      let type = String(decoding: d[(i + 4)..<(i + 8)], as: UTF8.self)
      let body = (i + 8)..<(i + 8 + length)
      switch type {
      case "IHDR":
        width = be32(body.lowerBound)
        height = be32(body.lowerBound + 4)
        bitDepth = Int(d[body.lowerBound + 8])
        colorType = Int(d[body.lowerBound + 9])
        interlace = Int(d[body.lowerBound + 12])
      case "IDAT": idat.append(contentsOf: d[body])
      default: break
      }
      i += 12 + length
    }
    guard bitDepth == 8, interlace == 0, colorType == 2 || colorType == 6 else { throw PNGError.unsupported }
    channels = colorType == 6 ? 4 : 3
    // zlib: skip the 2-byte header; ZIPFoundation inflates raw deflate.
    let deflate = idat.subdata(in: 2..<idat.count)
    var raw = Data()
    _ = try Data.decompress(size: Int64(deflate.count), bufferSize: 1 << 16, skipCRC32: true, provider: { pos, size in
      deflate.subdata(in: Int(pos)..<min(Int(pos) + size, deflate.count))
    }, consumer: { raw.append($0) })
    let bytes = [UInt8](raw)
    let stride = width * channels
    guard bytes.count >= height * (stride + 1) else { throw PNGError.truncated }
    pixels = [UInt8](repeating: 0, count: height * stride)
    for y in 0..<height {
      let filter = bytes[y * (stride + 1)]
      let line = y * (stride + 1) + 1
      for x in 0..<stride {
        let a = x >= channels ? Int(pixels[y * stride + x - channels]) : 0
        let b = y > 0 ? Int(pixels[(y - 1) * stride + x]) : 0
        let c = x >= channels && y > 0 ? Int(pixels[(y - 1) * stride + x - channels]) : 0
        let v = Int(bytes[line + x])
        let out: Int
        switch filter {
        case 0: out = v
        case 1: out = v + a
        case 2: out = v + b
        case 3: out = v + (a + b) / 2
        case 4:
          let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
          out = v + (pa <= pb && pa <= pc ? a : (pb <= pc ? b : c))
        default: throw PNGError.unsupported
        }
        pixels[y * stride + x] = UInt8(truncatingIfNeeded: out)
      }
    }
  }

  /// Pixels that are not near white (any channel below 235).
  var inkedPixels: Int {
    var n = 0
    for p in 0..<(width * height) {
      let k = p * channels
      if pixels[k] < 235 || pixels[k + 1] < 235 || pixels[k + 2] < 235 { n += 1 }
    }
    return n
  }

  /// Distinct colours (quantised to 4 bits per channel).
  var colourCount: Int {
    var s = Set<Int>()
    for p in 0..<(width * height) {
      let k = p * channels
      s.insert(Int(pixels[k] >> 4) << 8 | Int(pixels[k + 1] >> 4) << 4 | Int(pixels[k + 2] >> 4))
    }
    return s.count
  }

  enum PNGError: Error { case notPNG, unsupported, truncated }
}
