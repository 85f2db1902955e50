import DataIO
import Foundation

/// `regions:` — region variables and the region table (inline or from a CSV file).
///
/// ```yaml
/// regions:
///   table_file: regions.csv        # columns key, name, level, parent[, tile_row, tile_col, tile_label][, numeric covariates …]
///   variables:
///     - {variable: ags, level: gemeinde, key_width: 8}     # a column of official keys
///     - {variable: kreis, level: kreis, from: ags}          # rolled up from the municipality key
///     - {variable: land, level: land, from: ags}
///     - {variable: kreis_name, level: kreis, names: Landkreis}   # names matched to the table
/// ```
extension Reader {
  static let regionTableColumns = ["key", "name", "level", "parent", "tile_row", "tile_col", "tile_label"]

  func regions(_ rNode: YAMLNode, baseDirectory: String) throws(CodebookError)
    -> ([RegionVariable], [Region], String?)
  {
    let m = try rNode.mapping(allowed: StudyLoader.regionsKeys)
    var regionVariables: [RegionVariable] = []
    var variableLines: [String: Int] = [:]
    for n in try m["variables"]?.sequence() ?? [] {
      let vm = try n.mapping(allowed: StudyLoader.regionVariableKeys)
      let vN = try vm.required("variable")
      let variable = try vN.string()
      if let first = variableLines[variable] { throw vN.error(.duplicateID(kind: "region variable", id: variable, firstLine: first)) }
      variableLines[variable] = vN.line
      let level = try vm.required("level").choice(RegionLevel.self)
      var source = RegionSource.keys
      if vm["from"] != nil && vm["names"] != nil {
        throw n.error(.invalidValue("from and names", allowed: "at most one of from (roll-up from keys) and names (a column of names)"))
      }
      if let fN = vm["from"] { source = .rollUp(column: try fN.string()) }
      if let nN = vm["names"] { source = .names(column: try nN.string()) }
      var width: Int? = nil
      if let wN = vm["key_width"] {
        let w = try wN.int()
        guard (1...12).contains(w) else { throw wN.error(.invalidValue(String(w), allowed: "a key width of 1 to 12 digits")) }
        width = w
      }
      regionVariables.append(RegionVariable(variable: variable, level: level, source: source, keyWidth: width))
    }

    if m["table"] != nil && m["table_file"] != nil, let tN = m["table_file"] {
      throw tN.error(.invalidValue("table and table_file", allowed: "one region table: inline (table) or from a file (table_file)"))
    }
    var regions: [Region] = []
    var tableFile: String? = nil
    if let tfN = m["table_file"] {
      let path = try tfN.string()
      let resolved = path.hasPrefix("/") || baseDirectory.isEmpty || baseDirectory == "." ? path : baseDirectory + "/" + path
      regions = try regionTable(file: resolved, node: tfN)
      tableFile = resolved
    } else {
      regions = try inlineRegionTable(m["table"])
    }
    return (regionVariables, regions, tableFile)
  }

  func inlineRegionTable(_ node: YAMLNode?) throws(CodebookError) -> [Region] {
    var regions: [Region] = []
    var keyLines: [String: Int] = [:]
    var parentNodes: [(Int, YAMLNode)] = []
    for n in try node?.sequence() ?? [] {
      let rm = try n.mapping(allowed: nil)
      var covariates: [String: Double] = [:]
      for e in rm.entries where !StudyLoader.regionFixedKeys.contains(e.key) {
        guard case .scalar(let s) = e.value.node, let x = Double(s.string.replacingComma()) else {
          throw e.keyNode.error(.unknownKey(e.key, allowed: StudyLoader.regionFixedKeys + ["<numeric covariate, e.g. population>"]),
                                keyPath: e.value.keyPath)
        }
        covariates[e.key] = x
      }
      let keyN = try rm.required("key")
      let key = try keyN.string()
      if let first = keyLines[key] { throw keyN.error(.duplicateID(kind: "region", id: key, firstLine: first)) }
      keyLines[key] = keyN.line
      let parent = try rm["parent"]?.string()
      if let pN = rm["parent"] { parentNodes.append((regions.count, pN)) }
      var tile: RegionTile? = nil
      if rm["tile_row"] != nil || rm["tile_col"] != nil || rm["tile_label"] != nil {
        let rowN = try rm.required("tile_row"), colN = try rm.required("tile_col")
        let row = try rowN.int(), col = try colN.int()
        for (n, v) in [(rowN, row), (colN, col)] where !(0...99).contains(v) {
          throw n.error(.invalidValue(String(v), allowed: "a tile position from 0 to 99"))
        }
        tile = RegionTile(row: row, column: col, label: try rm["tile_label"]?.string())
      }
      regions.append(Region(key: key, name: try rm.required("name").string(), level: try rm.required("level").choice(RegionLevel.self),
                            parent: parent, covariates: covariates, tile: tile))
    }
    let index = Dictionary(regions.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { a, _ in a })
    for (i, pN) in parentNodes {
      guard let p = regions[i].parent else { continue }
      guard let parent = index[p].map({ regions[$0] }) else {
        throw pN.error(.undefinedReference(kind: "region", id: p, defined: regions.map(\.key)))
      }
      guard parent.level < regions[i].level else {
        throw pN.error(.invalidValue(p, allowed: "a region of a higher level than \(regions[i].level.rawValue)"))
      }
    }
    return regions
  }

  /// Reads `regions.csv`: columns `key`, `name`, `level` (land | kreis | gemeinde), optional
  /// `parent`, optional `tile_row`, `tile_col` (0–99, both or neither per row) and `tile_label`
  /// for tile maps, and any further columns as numeric covariates (blank = not known for that
  /// region). Keys are text: leading zeros are kept. Errors name the file, the line and the column.
  func regionTable(file path: String, node: YAMLNode) throws(CodebookError) -> [Region] {
    let table: DataTable
    do {
      table = try CSVReader.read(path: path)
    } catch {
      throw node.error(.invalidValue(path, allowed: "a readable region table CSV (\(error.description))"))
    }
    func fail(_ line: Int, _ column: String, _ reason: String) -> CodebookError {
      CodebookError(file: path, line: line, column: (table.columnIndex(column) ?? 0) + 1, keyPath: column, problem: .invalidValue(reason, allowed: "see Notebooks-md/reference-codebook.md, regions"))
    }
    for required in ["key", "name", "level"] where table.columnIndex(required) == nil {
      throw CodebookError(file: path, line: 1, column: 1, keyPath: "", problem: .missingKey(required))
    }
    guard let keys = table.column("key"), let names = table.column("name"), let levels = table.column("level") else { return [] }
    let parents = table.column("parent")
    let covariateColumns = table.columnNames.filter { !Reader.regionTableColumns.contains($0) }
    var regions: [Region] = []
    var keyLines: [String: Int] = [:]
    for r in 0..<table.rowCount {
      let line = table.rowLocations[r]
      let key = keys.text(at: r).trimmingWhitespace()
      guard !key.isEmpty else { throw fail(line, "key", "an empty key") }
      if let first = keyLines[key] {
        throw CodebookError(file: path, line: line, column: 1, keyPath: "key", problem: .duplicateID(kind: "region", id: key, firstLine: first))
      }
      keyLines[key] = line
      let levelText = levels.text(at: r).trimmingWhitespace()
      guard let level = RegionLevel(rawValue: levelText) else {
        throw CodebookError(file: path, line: line, column: (table.columnIndex("level") ?? 0) + 1, keyPath: "level",
                            problem: .invalidValue(levelText, allowed: RegionLevel.allCases.map(\.rawValue).joined(separator: " | ")))
      }
      let parent = parents.map { $0.text(at: r).trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
      var covariates: [String: Double] = [:]
      for c in covariateColumns {
        guard let col = table.column(c), !col.isEmpty(at: r) else { continue }
        let x = col.number(at: r)
        guard x.isFinite else {
          throw CodebookError(file: path, line: line, column: (table.columnIndex(c) ?? 0) + 1, keyPath: c,
                              problem: .wrongType(expected: "a number (covariate '\(c)')", found: "'\(col.text(at: r))'"))
        }
        covariates[c] = x
      }
      var tile: RegionTile? = nil
      let tileText = ["tile_row", "tile_col", "tile_label"].map { table.column($0).map { $0.text(at: r).trimmingWhitespace() } ?? "" }
      if tileText.contains(where: { !$0.isEmpty }) {
        var position: [Int] = []
        for (k, c) in ["tile_row", "tile_col"].enumerated() {
          guard let v = Int(tileText[k]), (0...99).contains(v) else {
            throw CodebookError(file: path, line: line, column: (table.columnIndex(c) ?? 0) + 1, keyPath: c,
                                problem: .invalidValue(tileText[k], allowed: "a tile position from 0 to 99 (tile_row and tile_col together)"))
          }
          position.append(v)
        }
        tile = RegionTile(row: position[0], column: position[1], label: tileText[2].isEmpty ? nil : tileText[2])
      }
      regions.append(Region(key: key, name: names.text(at: r).trimmingWhitespace(), level: level, parent: parent, covariates: covariates,
                            tile: tile))
    }
    let index = Dictionary(regions.enumerated().map { ($0.element.key, $0.offset) }, uniquingKeysWith: { a, _ in a })
    for (i, region) in regions.enumerated() {
      guard let p = region.parent else { continue }
      let line = table.rowLocations[i]
      guard let j = index[p] else {
        throw CodebookError(file: path, line: line, column: (table.columnIndex("parent") ?? 0) + 1, keyPath: "parent",
                            problem: .undefinedReference(kind: "region", id: p, defined: regions.map(\.key)))
      }
      guard regions[j].level < region.level else {
        throw CodebookError(file: path, line: line, column: (table.columnIndex("parent") ?? 0) + 1, keyPath: "parent",
                            problem: .invalidValue(p, allowed: "a region of a higher level than \(region.level.rawValue)"))
      }
    }
    return regions
  }
}
