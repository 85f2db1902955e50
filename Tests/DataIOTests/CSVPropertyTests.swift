import Foundation
import DataIO
import PropertyBased
import Testing
import _TestSupport

/// Property tests: arbitrary bytes never trap, and CSVWriter → CSVReader is the identity.
@Suite struct CSVPropertyTests {
  /// Bytes that matter to the parser, drawn more often than the other 256 byte values.
  static let structural: [UInt8] = Array(",;\t\"\r\n\n01234-.,e ".utf8) + [0xC3, 0xA4, 0xE2, 0x82, 0xAC, 0xFC, 0x80, 0xEF, 0xBB, 0xBF]

  static let bytes = Gen.int(in: 0...(structural.count + 255)).map { i -> UInt8 in
    i < structural.count ? structural[i] : UInt8(i - structural.count)
  }.array(of: 0...300)

  @Test func randomBytesGiveATableOrADataError() async {
    await propertyCheck(count: 2000, input: Self.bytes) { input in
      for options in [CSVOptions(), CSVOptions(maxLineLength: 16), CSVOptions(hasHeader: false)] {
        do throws(DataError) {
          let t = try CSVReader.read(data: input, path: "fuzz.csv", options: options)
          // Invariants of a successful read.
          #expect(t.rowCount > 0)
          #expect(t.columns.allSatisfy { $0.count == t.rowCount })
          #expect(zip(t.rowLocations, t.rowLocations.dropFirst()).allSatisfy { $0 < $1 })
          #expect(Set(t.columnNames).count == t.columnNames.count)
        } catch {
          // Any DataError is fine; its message must name the file.
          #expect(error.description.hasPrefix("fuzz.csv"))
        }
      }
    }
  }

  /// A valid random table: 1–5 columns × 1–15 rows; numeric columns mix integers, decimals
  /// over many magnitudes and NaN; text columns mix delimiters, quotes, line breaks,
  /// umlauts, € and emoji, and hold at least one non-number so that they stay text.
  static func table(seed: UInt64, columns: Int, rows: Int) -> DataTable {
    var rng = TestSplitMix(seed: seed)
    let pieces = ["a", "Z", "ä", "ß", "€", "🙂", " ", ",", ";", "\t", "\"", "\n", "\r\n", "1", "0", "-", ".", "x y"]
    var names: [String] = []
    var values: [ColumnValues] = []
    for j in 0..<columns {
      names.append("c\(j)" + (rng.next() % 2 == 0 ? "" : "_Größe"))
      if rng.next() % 2 == 0 {
        values.append(
          .numeric(
            (0..<rows).map { _ in
              switch rng.next() % 6 {
              case 0: return .nan
              case 1: return Double(Int64(bitPattern: rng.next()) % 1_000_000)
              case 2: return Double(rng.next() % 1_000_000) / 100
              case 3: return Double(bitPattern: rng.next() >> 2)  // positive, any magnitude (finite)
              case 4: return -Double(rng.next() % 5 + 1)
              default: return (Double(rng.next() % 1_000_000_000) - 5e8) * pow10(Int(rng.next() % 40) - 20)
              }
            }))
      } else {
        var cells = (0..<rows).map { _ in
          (0..<Int(rng.next() % 6)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
        }
        cells[Int(rng.next() % UInt64(rows))] = "t" + cells[0]
        values.append(.text(cells))
      }
    }
    return DataTable(
      path: "rt.csv", format: .csv, columnNames: names, columns: values, rowLocations: Array(1...rows))
  }

  static func pow10(_ k: Int) -> Double {
    var x = 1.0
    for _ in 0..<abs(k) { x *= 10 }
    return k < 0 ? 1 / x : x
  }

  @Test func writerThenReaderIsTheIdentityForEachDelimiter() async {
    await propertyCheck(
      count: 300, input: Gen<UInt64>.value(in: 0...UInt64.max), Gen.int(in: 1...5), Gen.int(in: 1...15)
    ) { seed, columns, rows in
      let table = Self.table(seed: seed, columns: columns, rows: rows)
      let dialects: [(Character, Character, CSVLineEnding)] = [
        (",", ".", .crlf), (";", ".", .lf), (";", ",", .crlf), ("\t", ".", .lf), ("\t", ",", .crlf),
      ]
      for (d, dec, eol) in dialects {
        let bytes = CSVWriter.writeBytes(table, delimiter: d, decimalSeparator: dec, lineEnding: eol)
        do throws(DataError) {
          let back = try CSVReader.read(data: bytes, path: "rt.csv")
          #expect(
            sameContent(back, table),
            "delimiter \(d.debugDescription) decimal \(dec): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        } catch {
          Issue.record("delimiter \(d.debugDescription): \(error)\n\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
      }
    }
  }
}

extension CSVPropertyTests {
  /// Numbers are the correctly rounded double of their text (tolerance: 0, bit for bit):
  /// random digit strings with 1–20 significant digits, a decimal point or comma and an
  /// exponent, compared with the standard library's `Double(String)`.
  @Test func numbersAreCorrectlyRounded() async {
    await propertyCheck(
      count: 500, input: Gen.number.string(of: 1...20), Gen.int(in: 0...20), Gen.int(in: -40...40), Gen.bool
    ) { digits, pointAt, exponent, comma in
      var text = String(digits.drop { $0 == "0" })
      if text.isEmpty { text = "0" }
      let cut = min(pointAt, text.count - 1)
      var mantissa = text
      if cut > 0 {
        let i = text.index(text.startIndex, offsetBy: text.count - cut)
        mantissa = String(text[..<i]) + "." + String(text[i...])
      }
      let plain = mantissa + (exponent == 0 ? "" : "e\(exponent)")
      guard let expected = Double(plain), expected.isFinite else { return }
      let cell = comma ? plain.replacingOccurrences(of: ".", with: ",") : plain
      let options = CSVOptions(delimiter: ";", decimalSeparator: comma ? "," : ".")
      do throws(DataError) {
        let t = try CSVReader.read(data: Array("x;y\n\(cell);1\n".utf8), path: "n.csv", options: options)
        let got = csvNumbers(t, "x")?.first
        #expect(got?.bitPattern == expected.bitPattern, "\(cell): \(String(describing: got)) vs \(expected)")
      } catch {
        Issue.record("\(cell): \(error)")
      }
    }
  }
}
