import Foundation
import Yams

/// Reads and validates a study codebook (`study.yaml`).
///
/// Validation is strict: unknown keys, wrong types, references to undefined items, response
/// scales, blocks or regions, and duplicate ids are errors that name the file, the line, the
/// key path and what is allowed. The schema is documented in
/// `Notebooks-md/reference-codebook.md`.
public enum StudyLoader {
  static let topKeys = ["study", "respondent_id", "wave", "files", "response_scales", "items", "blocks", "scales", "variables", "regions", "design", "indices", "cases", "disclosure"]
  static let studyKeys = ["id", "title", "description", "synthetic"]
  static let fileKeys = ["path", "wave", "format", "encoding", "delimiter", "decimal", "sheet", "label_row", "columns", "not_asked", "cases"]
  static let responseScaleKeys = ["codes", "valid", "missing", "decimals"]
  static let codeKeys = ["label", "aliases"]
  static let itemKeys = ["id", "label", "text", "scale", "reverse", "block"]
  static let blockKeys = ["id", "label", "items"]
  static let scaleKeys = ["id", "label", "items"] + scaleMeasurementKeys
  static let variableKeys = ["id", "label", "type", "codes"]
  static let regionsKeys = ["variables", "table", "table_file"]
  static let regionVariableKeys = ["variable", "level", "from", "names", "key_width"]
  static let regionFixedKeys = ["key", "name", "level", "parent", "tile_row", "tile_col", "tile_label"]
  static let designKeys = ["weight", "strata", "clusters", "fpc", "lonely_psu"]
  static let indexKeys = ["id", "label", "description", "components", "normalisation", "weights", "aggregation", "power",
                          "imputation", "outliers", "min_coverage", "min_answered"]
  static let componentKeys = ["scale", "item", "index", "weight", "direction"]
  static let normalisationKeys = ["method", "goalposts", "range", "mean", "sd", "reference", "target"]

  /// Loads the study file at `path`.
  public static func load(path: String) throws(CodebookError) -> Study {
    // A regular file only (a FIFO or device would block or never end), limited in size, UTF-8.
    let text = try YAMLGuard.readText(path: path)
    // Keep the folder as the user wrote it (relative stays relative) so messages show short paths.
    let base = (path as NSString).deletingLastPathComponent
    return try parse(yaml: text, file: path, baseDirectory: base)
  }

  /// Parses codebook text; `file` is used in messages, `baseDirectory` resolves data paths.
  public static func parse(yaml: String, file: String, baseDirectory: String) throws(CodebookError) -> Study {
    try YAMLGuard.check(yaml: yaml, file: file)  // anchors, aliases, complex keys, depth: before Yams composes
    let root: Node
    do {
      guard let r = try Yams.compose(yaml: yaml) else {
        throw CodebookError(file: file, line: 1, column: 1, keyPath: "", problem: .notYAML(reason: "the document is empty"))
      }
      root = r
    } catch let e as CodebookError {
      throw e
    } catch let e as YamlError {
      throw yamlError(e, file: file)
    } catch {
      throw CodebookError(file: file, line: 1, column: 1, keyPath: "", problem: .notYAML(reason: "\(error)"))
    }
    let doc = try YAMLNode(node: root, file: file, keyPath: "").mapping(allowed: topKeys)
    var reader = Reader(file: file)
    let study = try reader.study(doc, baseDirectory: baseDirectory)
    try IndexParameterCheck.validate(root: root, file: file)  // degenerate or overflowing index parameters
    return study
  }

  static func yamlError(_ e: YamlError, file: String) -> CodebookError {
    switch e {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
      return CodebookError(file: file, line: mark.line, column: mark.column, keyPath: "", problem: .notYAML(reason: problem))
    case .duplicatedKeysInMapping(let dups, let ctx):
      return CodebookError(file: file, line: ctx.mark.line, column: ctx.mark.column, keyPath: "",
                           problem: .notYAML(reason: "duplicate key(s) \(dups.joined(separator: ", ")) in one mapping"))
    case .reader(let problem, _, _, _):
      return CodebookError(file: file, line: 1, column: 1, keyPath: "", problem: .notYAML(reason: problem))
    default:
      return CodebookError(file: file, line: 1, column: 1, keyPath: "", problem: .notYAML(reason: "\(e)"))
    }
  }
}

/// Walks the document; keeps the first line of each id to report duplicates. The parts of the
/// schema live in `StudyLoader+*.swift`, one file per block.
struct Reader {
  let file: String

  mutating func study(_ doc: YAMLMapping, baseDirectory: String) throws(CodebookError) -> Study {
    let head = try doc.required("study").mapping(allowed: StudyLoader.studyKeys)
    let idNode = try head.required("id")
    let id = try idNode.string()
    guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
      throw idNode.error(.invalidValue(id, allowed: "letters, digits, '-' and '_'"))
    }
    let title = try head.required("title").string()
    let description = try head["description"]?.optionalString() ?? ""
    let synthetic = try head["synthetic"]?.bool() ?? false
    let respondentID = try doc.required("respondent_id").string()
    let waveVariable = try doc["wave"]?.string()

    // Response scales.
    var responseScales: [String: ResponseScale] = [:]
    if let rsNode = doc["response_scales"] {
      for entry in try rsNode.mapping(allowed: nil).entries {
        responseScales[entry.key] = try responseScale(id: entry.key, entry.value)
      }
    }

    // Blocks (declared).
    var blocks: [Block] = []
    var blockLines: [String: Int] = [:]
    var declaredBlockItems: [String: [YAMLNode]] = [:]
    if let bNode = doc["blocks"] {
      for b in try bNode.sequence() {
        let m = try b.mapping(allowed: StudyLoader.blockKeys)
        let idN = try m.required("id")
        let bid = try idN.string()
        if let first = blockLines[bid] { throw idN.error(.duplicateID(kind: "block", id: bid, firstLine: first)) }
        blockLines[bid] = idN.line
        blocks.append(Block(id: bid, label: try m["label"]?.optionalString() ?? bid, items: []))
        declaredBlockItems[bid] = try m["items"]?.sequence() ?? []
      }
    }

    // Items.
    var items: [Item] = []
    var itemLines: [String: Int] = [:]
    for n in try doc.required("items").sequence() {
      let m = try n.mapping(allowed: StudyLoader.itemKeys)
      let idN = try m.required("id")
      let iid = try idN.string()
      if let first = itemLines[iid] { throw idN.error(.duplicateID(kind: "item", id: iid, firstLine: first)) }
      itemLines[iid] = idN.line
      let scaleN = try m.required("scale")
      let rs = try scaleN.string()
      guard responseScales[rs] != nil else {
        throw scaleN.error(.undefinedReference(kind: "response scale", id: rs, defined: responseScales.keys.sorted()))
      }
      var block: String? = nil
      if let bN = m["block"] {
        let bid = try bN.string()
        if doc["blocks"] != nil, blockLines[bid] == nil {
          throw bN.error(.undefinedReference(kind: "block", id: bid, defined: blocks.map(\.id)))
        }
        if blockLines[bid] == nil {
          blockLines[bid] = bN.line
          blocks.append(Block(id: bid, label: bid, items: []))
        }
        block = bid
      }
      items.append(Item(id: iid, label: try m["label"]?.optionalString() ?? iid, text: try m["text"]?.optionalString() ?? "",
                        responseScale: rs, reversed: try m["reverse"]?.bool() ?? false, block: block))
    }
    let itemIDs = items.map(\.id)

    // Block membership: declared lists plus items naming the block.
    for i in blocks.indices {
      var members: [String] = []
      for n in declaredBlockItems[blocks[i].id] ?? [] {
        let iid = try n.string()
        guard itemLines[iid] != nil else { throw n.error(.undefinedReference(kind: "item", id: iid, defined: itemIDs)) }
        if !members.contains(iid) { members.append(iid) }
      }
      for it in items where it.block == blocks[i].id && !members.contains(it.id) { members.append(it.id) }
      blocks[i].items = members
    }

    // Scales.
    var scales: [Scale] = []
    var scaleLines: [String: Int] = [:]
    if let sNode = doc["scales"] {
      for n in try sNode.sequence() {
        let m = try n.mapping(allowed: StudyLoader.scaleKeys)
        let idN = try m.required("id")
        let sid = try idN.string()
        if let first = scaleLines[sid] { throw idN.error(.duplicateID(kind: "scale", id: sid, firstLine: first)) }
        scaleLines[sid] = idN.line
        var ids: [String] = []
        var keys: [Int] = []
        let list = try m.required("items").sequence()
        for itN in list {
          var ref = try itN.string()
          var key = 1
          var explicitNegative = false
          if ref.hasPrefix("-") { ref.removeFirst(); key = -1; explicitNegative = true }
          guard let item = items.first(where: { $0.id == ref }) else {
            throw itN.error(.undefinedReference(kind: "item", id: ref, defined: itemIDs))
          }
          if !explicitNegative && item.reversed { key = -1 }
          if ids.contains(ref) { throw itN.error(.duplicateID(kind: "scale item", id: ref, firstLine: itN.line)) }
          ids.append(ref)
          keys.append(key)
        }
        guard ids.count >= 2 else {
          throw (list.first ?? idN).error(.invalidValue("\(ids.count) item(s)", allowed: "a scale needs at least 2 items"))
        }
        var scale = Scale(id: sid, label: try m["label"]?.optionalString() ?? sid, items: ids, keys: keys)
        scale.measurement = try StudyLoader.scaleMeasurement(m)
        scales.append(scale)
      }
    }

    // Background variables.
    var variables: [Variable] = []
    var variableLines: [String: Int] = [:]
    if let vNode = doc["variables"] {
      for n in try vNode.sequence() {
        let m = try n.mapping(allowed: StudyLoader.variableKeys)
        let idN = try m.required("id")
        let vid = try idN.string()
        if let first = variableLines[vid] ?? itemLines[vid] {
          throw idN.error(.duplicateID(kind: "variable", id: vid, firstLine: first))
        }
        variableLines[vid] = idN.line
        let kind = try m["type"]?.choice(VariableKind.self) ?? .categorical
        let codes = try m["codes"].map { n throws(CodebookError) in try codeList(n) } ?? []
        variables.append(Variable(id: vid, label: try m["label"]?.optionalString() ?? vid, kind: kind, codes: codes))
      }
    }

    // Regions (StudyLoader+Regions.swift).
    var regionVariables: [RegionVariable] = []
    var regions: [Region] = []
    var regionTableFile: String? = nil
    if let rNode = doc["regions"] {
      (regionVariables, regions, regionTableFile) = try self.regions(rNode, baseDirectory: baseDirectory)
    }

    // Files.
    var files: [DataFileSpec] = []
    let filesNode = try doc.required("files")
    let fileList = try filesNode.sequence()
    guard !fileList.isEmpty else {
      throw filesNode.error(.invalidValue("an empty list", allowed: "one or more data files"))
    }
    for n in fileList {
      files.append(try dataFile(n, needsWave: waveVariable != nil))
    }
    let studyCases = try doc["cases"].map { n throws(CodebookError) in try caseRules(n) } ?? []

    // Design.
    var design: DesignSpec? = nil
    if let dNode = doc["design"] {
      let m = try dNode.mapping(allowed: StudyLoader.designKeys)
      design = DesignSpec(
        weight: try m["weight"]?.string(), strata: try m["strata"]?.string(),
        clusters: try (m["clusters"]?.sequenceOrScalar() ?? []).map { n throws(CodebookError) in try n.string() },
        fpc: try (m["fpc"]?.sequenceOrScalar() ?? []).map { n throws(CodebookError) in try n.string() },
        lonelyPSU: try m["lonely_psu"]?.choice(LonelyPSUDeclaration.self) ?? .fail)
    }

    var study = Study(id: id, title: title, description: description, synthetic: synthetic, baseDirectory: baseDirectory,
                      path: file, respondentID: respondentID, waveVariable: waveVariable, dataFiles: files,
                      responseScales: responseScales, items: items, blocks: blocks, scales: scales, variables: variables,
                      regionVariables: regionVariables, regions: regions, design: design)
    study.caseRules = studyCases
    study.regionTableFile = regionTableFile
    try validateColumns(study, filesNode: fileList)
    if let iNode = doc["indices"] {
      study.indices = try indices(iNode, study: study)
    }
    study.disclosure = try StudyLoader.disclosureSpec(doc["disclosure"], study: study)
    return study
  }

  func indices(_ node: YAMLNode, study: Study) throws(CodebookError) -> [IndexDefinition] {
    var specs: [IndexDefinition] = []
    var lines: [String: Int] = [:]
    var pendingIndexRefs: [(YAMLNode, String)] = []
    for n in try node.sequence() {
      let m = try n.mapping(allowed: StudyLoader.indexKeys)
      let idN = try m.required("id")
      let iid = try idN.string()
      if let first = lines[iid] { throw idN.error(.duplicateID(kind: "index", id: iid, firstLine: first)) }
      lines[iid] = idN.line
      var components: [IndexDefinitionComponent] = []
      let compNode = try m.required("components")
      for c in try compNode.sequence() {
        let cm = try c.mapping(allowed: StudyLoader.componentKeys)
        let kinds = ["scale", "item", "index"].filter { cm[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first, let refN = cm[kind] else {
          throw c.error(.invalidValue(kinds.isEmpty ? "no reference" : kinds.joined(separator: " and "),
                                      allowed: "exactly one of scale, item or index"))
        }
        let ref = try refN.string()
        let source: IndexComponentSource
        switch kind {
        case "scale":
          guard study.scale(ref) != nil else { throw refN.error(.undefinedReference(kind: "scale", id: ref, defined: study.scales.map(\.id))) }
          source = .scale(ref)
        case "item":
          guard study.item(ref) != nil else { throw refN.error(.undefinedReference(kind: "item", id: ref, defined: study.items.map(\.id))) }
          source = .item(ref)
        default:
          pendingIndexRefs.append((refN, ref))
          source = .index(ref)
        }
        var direction = 1
        if let dN = cm["direction"] {
          direction = try dN.int()
          guard direction == 1 || direction == -1 else { throw dN.error(.invalidValue(String(direction), allowed: "1 | -1")) }
        }
        var weight: Double? = nil
        if let wN = cm["weight"] {
          let w = try wN.double()
          guard w >= 0 else { throw wN.error(.invalidValue(String(w), allowed: "a weight ≥ 0")) }
          weight = w
        }
        components.append(IndexDefinitionComponent(source: source, weight: weight, direction: direction))
      }
      guard !components.isEmpty else { throw compNode.error(.invalidValue("an empty list", allowed: "one or more components")) }
      let weighting = try m["weights"]?.choice(IndexWeighting.self) ?? .equal
      if weighting == .explicit, let missing = components.firstIndex(where: { $0.weight == nil }) {
        throw compNode.error(.missingKey("weight"), keyPath: "\(compNode.keyPath)[\(missing)]")
      }
      let aggregation = try m["aggregation"]?.choice(IndexAggregation.self) ?? .arithmetic
      let power = try m["power"]?.double() ?? 1
      func share(_ key: String, _ def: Double) throws(CodebookError) -> Double {
        guard let sN = m[key] else { return def }
        let v = try sN.double()
        guard v >= 0 && v <= 1 else { throw sN.error(.invalidValue(String(v), allowed: "a share between 0 and 1")) }
        return v
      }
      specs.append(IndexDefinition(
        id: iid, label: try m["label"]?.optionalString() ?? iid, description: try m["description"]?.optionalString() ?? "",
        components: components, normalisation: try normalisation(m["normalisation"]), weighting: weighting,
        aggregation: aggregation, power: power, imputation: try m["imputation"]?.choice(IndexImputation.self) ?? .none,
        outliers: try m["outliers"]?.choice(IndexOutlierTreatment.self) ?? .none,
        minimumCoverage: try share("min_coverage", 0.5), minimumAnswered: try share("min_answered", 0.5)))
    }
    for (refN, ref) in pendingIndexRefs where lines[ref] == nil {
      throw refN.error(.undefinedReference(kind: "index", id: ref, defined: specs.map(\.id)))
    }
    return specs
  }

  func normalisation(_ node: YAMLNode?) throws(CodebookError) -> IndexNormalisation {
    guard let node else { return .minMax(goalposts: nil, range: [0, 100]) }
    let m: YAMLMapping
    if case .scalar = node.node {
      m = YAMLMapping(owner: node, entries: [("method", node, node)])
    } else {
      m = try node.mapping(allowed: StudyLoader.normalisationKeys)
    }
    let methodN = try m.required("method")
    let method = try methodN.string()
    func pair(_ key: String) throws(CodebookError) -> [Double]? {
      guard let pN = m[key] else { return nil }
      let list = try pN.sequence()
      guard list.count == 2 else { throw pN.error(.invalidValue("\(list.count) values", allowed: "[low, high]")) }
      let v = [try list[0].double(), try list[1].double()]
      guard v[0] < v[1] else { throw pN.error(.invalidValue("[\(v[0]), \(v[1])]", allowed: "low < high")) }
      return v
    }
    switch method {
    case "none": return .none
    case "zscore": return .zScore(mean: try m["mean"]?.double() ?? 0, sd: try m["sd"]?.double() ?? 1)
    case "minmax": return .minMax(goalposts: try pair("goalposts"), range: try pair("range") ?? [0, 100])
    case "rank": return .rank
    case "ratio": return .ratioToReference(reference: try m.required("reference").string())
    case "distance": return .distanceToTarget(target: try m.required("target").double())
    default: throw methodN.error(.invalidValue(method, allowed: IndexNormalisation.names.joined(separator: " | ")))
    }
  }

}

/// A code as written in codebooks: integers without ".0".
func formatCode(_ x: Double) -> String {
  x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
}
