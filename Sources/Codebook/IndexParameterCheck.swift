import Yams

/// Refuses, at load time, index parameters that make an index degenerate or overflow, with the
/// line and column of the value (the CLI exits with 65).
///
/// Runs after the schema has been read, on the same YAML nodes, so every value here is already
/// known to be a finite number of the right shape. What is refused, per index of `indices:`:
/// - `normalisation: zscore` with `sd` ≤ 0: every region would get the same value (sd 0) or the
///   order would flip silently (sd < 0);
/// - `minmax` goalposts or range, `zscore` mean or sd, and `distance` target beyond ±10¹⁵
///   (``maximumMagnitude``), and goalposts so close that a unit step maps to more than 10¹⁵:
///   the rescaled values would overflow or lose every digit (equal goalposts are refused by the
///   schema already: low < high);
/// - a generalised-mean `power` beyond ±50 (``maximumPower``): xʳ overflows for values on a
///   0–100 scale;
/// - component weights beyond 10¹⁵, and `weights: explicit` with every weight 0 (an index of
///   nothing).
enum IndexParameterCheck {
  /// Largest magnitude of a normalisation parameter or component weight.
  static let maximumMagnitude = 1e15
  /// Largest magnitude of the generalised mean's power.
  static let maximumPower = 50.0

  static func validate(root: Node, file: String) throws(CodebookError) {
    let doc = YAMLNode(node: root, file: file, keyPath: "")
    guard case .mapping = root, let indices = try? doc.mapping(allowed: nil)["indices"],
      let list = try? indices.sequence()
    else { return }
    for index in list {
      guard let m = try? index.mapping(allowed: nil) else { continue }
      if let n = m["normalisation"], case .mapping = n.node, let nm = try? n.mapping(allowed: nil) {
        try normalisation(nm)
      }
      if let p = m["power"], let r = number(p), abs(r) > maximumPower {
        throw p.error(.invalidValue(p.scalarText, allowed: "a power between -\(Int(maximumPower)) and \(Int(maximumPower)) (xʳ overflows beyond)"))
      }
      if let c = m["components"], let components = try? c.sequence() {
        var weights: [Double] = []
        for comp in components {
          guard let cm = try? comp.mapping(allowed: nil), let w = cm["weight"], let x = number(w) else { continue }
          if abs(x) > maximumMagnitude {
            throw w.error(.invalidValue(w.scalarText, allowed: "a weight between 0 and 1e15"))
          }
          weights.append(x)
        }
        if let kind = m["weights"], (try? kind.string()) == "explicit", weights.count == components.count,
          !weights.isEmpty, weights.allSatisfy({ $0 == 0 })
        {
          throw c.error(.invalidValue("every component weight 0", allowed: "at least one component weight > 0"))
        }
      }
    }
  }

  static func normalisation(_ m: YAMLMapping) throws(CodebookError) {
    guard let method = try? m["method"]?.string() else { return }
    func bounded(_ key: String) throws(CodebookError) -> Double? {
      guard let n = m[key], let x = number(n) else { return nil }
      guard abs(x) <= maximumMagnitude else {
        throw n.error(.invalidValue(n.scalarText, allowed: "a value between -1e15 and 1e15 (\(key) of \(method))"))
      }
      return x
    }
    func pair(_ key: String) throws(CodebookError) -> (YAMLNode, Double, Double)? {
      guard let n = m[key], let list = try? n.sequence(), list.count == 2, let lo = number(list[0]), let hi = number(list[1])
      else { return nil }
      for (node, x) in [(list[0], lo), (list[1], hi)] where abs(x) > maximumMagnitude {
        throw node.error(.invalidValue(node.scalarText, allowed: "a value between -1e15 and 1e15 (\(key))"))
      }
      return (n, lo, hi)
    }
    switch method {
    case "zscore":
      _ = try bounded("mean")
      if let sdNode = m["sd"], let sd = try bounded("sd"), !(sd > 0) {
        throw sdNode.error(.invalidValue(
          sdNode.scalarText, allowed: "sd > 0 (the target standard deviation; sd 0 gives every region the same index value)"))
      }
    case "minmax":
      let range = try pair("range")
      if let (node, lo, hi) = try pair("goalposts") {
        let width = hi - lo
        let scale = (range.map { $0.2 - $0.1 } ?? 100) / width
        guard width > 0, scale.isFinite, abs(scale) <= maximumMagnitude else {
          throw node.error(.invalidValue(
            "[\(node.sequenceText)]", allowed: "goalposts [low, high] far enough apart that one unit maps to at most 1e15 of the range"))
        }
      }
    case "distance":
      _ = try bounded("target")
    default:
      return
    }
  }

  /// The node's number as the schema reads it (decimal comma allowed), or nil.
  static func number(_ n: YAMLNode) -> Double? {
    guard case .scalar(let s) = n.node, let x = Double(s.string.replacingComma()), x.isFinite else { return nil }
    return x
  }
}

extension YAMLNode {
  /// The scalar as written (for messages).
  fileprivate var scalarText: String {
    if case .scalar(let s) = node { return s.string }
    return typeName
  }

  /// "a, b" for a list of scalars (for messages).
  fileprivate var sequenceText: String {
    guard let list = try? sequence() else { return scalarText }
    return list.map(\.scalarText).joined(separator: ", ")
  }
}
