// tmbench xlsx — wall-clock benchmark of XLSXReader (not a unit test).
//
//   tmbench xlsx FILE.xlsx --sheet-xml SHEET.xml [--repeat N]
//
// Times, best of N (default 3), on the first sheet of FILE:
//   trustmetrics  XLSXReader.read(path:) — the whole read: file, ZIP container, XML tokenizer,
//                 shared strings, sheet, table assembly;
//   xmlparser     Foundation's XMLParser(stream:) as a SAX delegate over the already inflated sheet
//                 XML (SHEET.xml, unpacked by Benchmarks/run_xlsx.sh), counting cells and parsing each <v> as a number — what the reader used before
//                 (it trapped on malformed XML); the inflating and the table are NOT in its time,
//                 so the comparison favours it.
// Prints RESULT lines with seconds, cells/s and a checksum (sum of numeric cells).
import DataIO
import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

final class CellCounter: NSObject, XMLParserDelegate {
  var cells = 0
  var sum = 0.0
  var inValue = false
  var text = ""
  func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
              attributes: [String: String] = [:]) {
    if elementName == "c" { cells += 1 } else if elementName == "v" { inValue = true; text = "" }
  }
  func parser(_ parser: XMLParser, foundCharacters string: String) { if inValue { text += string } }
  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    if elementName == "v" { inValue = false; if let x = Double(text) { sum += x } }
  }
}

/// `tmbench xlsx FILE.xlsx --sheet-xml SHEET.xml [--repeat N]`.
func runXLSX(_ args: [String]) {
  let file = args[0]
  let repeats = option(args, "--repeat").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 3
  var best = Double.infinity
  var table: DataTable? = nil
  for run in 1...repeats {
    let t0 = wallSeconds()
    do { table = try XLSXReader.read(path: file) } catch {
      FileHandle.standardError.write(Data("tmbench: \(error)\n".utf8))
      exit(1)
    }
    let s = wallSeconds() - t0
    best = min(best, s)
    print("trustmetrics run \(run): \(String(format: "%.3f", s)) s")
  }
  guard let table else { exit(1) }
  let cells = table.rowCount * table.columnNames.count + table.columnNames.count
  let c = checksum(table)
  print("RESULT reader=trustmetrics seconds=\(String(format: "%.4f", best)) cells=\(cells) cells_per_second=\(String(format: "%.0f", Double(cells) / best)) checksum=\(c.sum) peak_rss_kib=\(peakRSSKiB())")

  // The XMLParser peer, on the inflated sheet XML (inflating not timed).
  guard let sheetXML = option(args, "--sheet-xml"), let xml = FileManager.default.contents(atPath: sheetXML) else { return }
  var peerBest = Double.infinity
  var counter = CellCounter()
  for run in 1...repeats {
    counter = CellCounter()
    let t0 = wallSeconds()
    let parser = XMLParser(stream: InputStream(data: xml))
    parser.delegate = counter
    guard parser.parse() else { exit(1) }
    let s = wallSeconds() - t0
    peerBest = min(peerBest, s)
    print("xmlparser run \(run): \(String(format: "%.3f", s)) s")
  }
  print("RESULT reader=xmlparser seconds=\(String(format: "%.4f", peerBest)) cells=\(counter.cells) cells_per_second=\(String(format: "%.0f", Double(counter.cells) / peerBest)) checksum=\(counter.sum) xml_bytes=\(xml.count)")
  print("RATIO xmlparser_seconds/trustmetrics_seconds=\(String(format: "%.2f", peerBest / best))")
}
