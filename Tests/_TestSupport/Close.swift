import Foundation

/// Relative difference |a − b| / max(|a|, |b|, tiny); 0 when both are equal (incl. both NaN).
public func relativeError(_ a: Double, _ b: Double) -> Double {
  if a == b || (a.isNaN && b.isNaN) { return 0 }
  let scale = Swift.max(Swift.abs(a), Swift.abs(b), Double.leastNormalMagnitude)
  return Swift.abs(a - b) / scale
}

/// True when `a` and `b` agree to `relative` (or, near zero, to `absolute`).
public func isClose(_ a: Double, _ b: Double, relative: Double, absolute: Double = 0) -> Bool {
  if a == b || (a.isNaN && b.isNaN) { return true }
  return Swift.abs(a - b) <= Swift.max(absolute, relative * Swift.max(Swift.abs(a), Swift.abs(b)))
}

/// The first index where two vectors disagree beyond tolerance, with a message; nil if all agree.
public func firstMismatch(_ a: [Double], _ b: [Double], relative: Double, absolute: Double = 0) -> String? {
  if a.count != b.count { return "length \(a.count) vs \(b.count)" }
  for i in a.indices where !isClose(a[i], b[i], relative: relative, absolute: absolute) {
    return "at [\(i)]: \(a[i]) vs \(b[i]) (relative error \(relativeError(a[i], b[i])), tolerance \(relative))"
  }
  return nil
}

/// The repository root (found from this file's path), for test fixtures under Datasets/.
public let repositoryRoot: URL = {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}()

/// A path under the repository root.
public func repoPath(_ relative: String) -> String { repositoryRoot.appendingPathComponent(relative).path }
