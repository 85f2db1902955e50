// The YAML guard reads the event stream of libyaml, the parser Yams itself runs (its vendored
// C module `CYaml`, imported here although only Yams' product is declared: it is the same
// parser at the same version, so the guard and Yams see the same events, marks and errors).
import CYaml
import FileSafety
import Foundation

/// Limits on a YAML document, checked before Yams composes it.
///
/// Yams builds the document as Swift values and resolves each alias by copying its anchor's
/// node; mapping keys are hashed to find duplicates. An 11.5 KB file whose key is an alias tree
/// of 10⁷ leaves therefore runs past 30 s (PLATFORM.md, "Measured 2026-12-07"), a tree of
/// aliases of aliases ("billion laughs") expands without bound as the codebook reader walks it,
/// and deep nesting recurses in the composer. The guard walks libyaml's events once — linear in
/// the file, no tree is built — and refuses, with the line and column of the offending node:
/// - a list or mapping used as a mapping key (a *complex key*, `? [a, b]: x` or `{a: b}: x`) and
///   an alias used as a key (`*k : x`): the codebook schema has scalar keys only;
/// - more than ``anchors`` anchors or ``aliases`` aliases;
/// - aliases that expand to more than ``aliasExpansion`` nodes in total (each use counts the
///   full size of its anchor's node, nested aliases included);
/// - nesting deeper than ``depth``.
/// A file larger than ``fileBytes`` is refused before it is parsed. Syntax errors are left to
/// Yams, which stops at the same event with its own message.
public struct YAMLLimits: Sendable, Equatable {
  public var fileBytes: Int
  public var anchors: Int
  public var aliases: Int
  public var aliasExpansion: Int
  public var depth: Int

  public init(fileBytes: Int = 32 << 20, anchors: Int = 1_000, aliases: Int = 10_000, aliasExpansion: Int = 1_000_000, depth: Int = 64) {
    self.fileBytes = fileBytes
    self.anchors = anchors
    self.aliases = aliases
    self.aliasExpansion = aliasExpansion
    self.depth = depth
  }

  /// 32 MiB, 1,000 anchors, 10,000 aliases, 1,000,000 nodes of alias expansion, depth 64.
  /// A codebook with every German municipality in its region table has about 200,000 nodes,
  /// no aliases and depth 4.
  public static let `default` = YAMLLimits()
}

/// See ``YAMLLimits``.
public enum YAMLGuard {
  /// Reads a YAML file as text: a regular file (never a FIFO or device), at most
  /// `limits.fileBytes`, UTF-8.
  public static func readText(path: String, limits: YAMLLimits = .default) throws(CodebookError) -> String {
    let bytes: [UInt8]
    do {
      bytes = try InputFile.read(path, limit: limits.fileBytes)
    } catch {
      throw CodebookError(file: path, line: 0, column: 0, keyPath: "", problem: .unreadable(reason: error.reason))
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw CodebookError(file: path, line: 1, column: 1, keyPath: "", problem: .notYAML(reason: "the file is not UTF-8 text"))
    }
    return text
  }

  /// Checks `yaml` against `limits`; `file` is used in messages.
  ///
  /// - Throws: `CodebookError` with problem `.limitExceeded` at the offending node.
  public static func check(yaml: String, file: String, limits: YAMLLimits = .default) throws(CodebookError) {
    var text = yaml
    guard text.utf8.count <= limits.fileBytes else {
      throw CodebookError(file: file, line: 1, column: 1, keyPath: "",
                          problem: .limitExceeded("the document is larger than \(byteCount(limits.fileBytes))"))
    }
    let outcome: Result<Void, CodebookError> = text.withUTF8 { bytes in
      var walker = EventWalker(file: file, limits: limits)
      do throws(CodebookError) {
        try walker.walk(bytes)
        return .success(())
      } catch {
        return .failure(error)
      }
    }
    try outcome.get()
  }
}

/// One pass over libyaml's events with a stack of open collections.
private struct EventWalker {
  let file: String
  let limits: YAMLLimits

  struct Frame {
    var isMapping: Bool
    var anchor: String?
    /// Nodes in the collection so far, the collection itself included, aliases expanded.
    var size: Int
    /// In a mapping: the next node is a key.
    var expectingKey: Bool
  }

  var stack: [Frame] = []
  var anchorSizes: [String: Int] = [:]
  var anchorCount = 0
  var aliasCount = 0
  var expansion = 0

  init(file: String, limits: YAMLLimits) {
    self.file = file
    self.limits = limits
  }

  mutating func walk(_ bytes: UnsafeBufferPointer<UInt8>) throws(CodebookError) {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return }
    defer { yaml_parser_delete(&parser) }
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
    var event = yaml_event_t()
    while true {
      // A syntax error: Yams will report it at the same place (nothing before it was too big).
      guard yaml_parser_parse(&parser, &event) == 1 else { return }
      defer { yaml_event_delete(&event) }
      let line = Int(event.start_mark.line) + 1
      let column = Int(event.start_mark.column) + 1
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return
      case YAML_SCALAR_EVENT:
        try anchor(event.data.scalar.anchor, line, column)
        try node(size: 1, isCollection: false, isAlias: false, anchor: name(event.data.scalar.anchor), line, column)
      case YAML_ALIAS_EVENT:
        aliasCount += 1
        if aliasCount > limits.aliases {
          throw error(line, column, "more than \(limits.aliases) aliases (*name)")
        }
        // An undefined alias: Yams stops there with "found undefined alias".
        guard let target = name(event.data.alias.anchor), let size = anchorSizes[target] else { return }
        expansion += size
        if expansion > limits.aliasExpansion {
          throw error(line, column, "aliases expand to more than \(limits.aliasExpansion) nodes (alias *\(target) adds \(size))")
        }
        try node(size: size, isCollection: false, isAlias: true, anchor: nil, line, column)
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        let anchorPointer = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
        try anchor(anchorPointer, line, column)
        if let parent = stack.last, parent.isMapping, parent.expectingKey {
          throw error(line, column, "a \(isMapping ? "mapping" : "list") used as a mapping key (complex key); keys must be plain values")
        }
        guard stack.count < limits.depth else {
          throw error(line, column, "lists and mappings nested more than \(limits.depth) deep")
        }
        stack.append(Frame(isMapping: isMapping, anchor: name(anchorPointer), size: 1, expectingKey: isMapping))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let done = stack.popLast() else { return }
        try node(size: done.size, isCollection: true, isAlias: false, anchor: done.anchor, line, column)
      default:
        continue  // stream/document start, document end
      }
    }
  }

  /// A finished node of `size` nodes: registers its anchor and adds it to its parent.
  mutating func node(size: Int, isCollection: Bool, isAlias: Bool, anchor: String?, _ line: Int, _ column: Int)
    throws(CodebookError)
  {
    if let anchor { anchorSizes[anchor] = size }
    guard var parent = stack.popLast() else { return }
    if parent.isMapping {
      if parent.expectingKey && isAlias {
        throw error(line, column, "an alias used as a mapping key; keys must be plain values")
      }
      parent.expectingKey.toggle()
    }
    parent.size += size
    stack.append(parent)
  }

  mutating func anchor(_ pointer: UnsafeMutablePointer<yaml_char_t>?, _ line: Int, _ column: Int) throws(CodebookError) {
    guard pointer != nil else { return }
    anchorCount += 1
    if anchorCount > limits.anchors {
      throw error(line, column, "more than \(limits.anchors) anchors (&name)")
    }
  }

  func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
  }

  func error(_ line: Int, _ column: Int, _ what: String) -> CodebookError {
    CodebookError(file: file, line: line, column: column, keyPath: "", problem: .limitExceeded(what))
  }
}
