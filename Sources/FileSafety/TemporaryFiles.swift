import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporary files of ``SafeOutput`` that are open right now, so a signal handler can remove
/// them, and the removal of temporary files left behind by processes that no longer run.
///
/// The signal handler may only call async-signal-safe functions: it reads a bit mask of ready slots
/// (an atomic load), `unlink(2)`s the C strings in those slots, restores the default action and
/// re-raises the signal. Slots live in one buffer allocated before the handler is installed;
/// a slot is claimed, filled, and only then marked ready, so the handler never sees half a path.
enum TemporaryFiles {
  static let slotCount = 64
  static let slotSize = Int(PATH_MAX)
  nonisolated(unsafe) static let buffer: UnsafeMutablePointer<CChar> = {
    let p = UnsafeMutablePointer<CChar>.allocate(capacity: slotCount * slotSize)
    p.initialize(repeating: 0, count: slotCount * slotSize)
    return p
  }()
  static let claimed = Atomic<UInt64>(0)
  static let ready = Atomic<UInt64>(0)
  static let installed = Mutex<Bool>(false)
  static let cleanedFolders = Mutex<Set<String>>([])

  /// Records `path` for removal on a signal; nil when every slot is taken or the path is too long
  /// (the file is then only removed by a later run).
  static func register(_ path: String) -> Int? {
    installHandlers()
    let bytes = Array(path.utf8)
    guard bytes.count < slotSize, !bytes.contains(0) else { return nil }
    var slot: Int? = nil
    while slot == nil {
      let mask = claimed.load(ordering: .acquiring)
      guard mask != .max, let free = (0..<slotCount).first(where: { mask & (1 << UInt64($0)) == 0 }) else { return nil }
      let bit = UInt64(1) << UInt64(free)
      if claimed.compareExchange(expected: mask, desired: mask | bit, ordering: .acquiringAndReleasing).exchanged {
        slot = free
      }
    }
    guard let slot else { return nil }
    let p = buffer + slot * slotSize
    for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
    p[bytes.count] = 0
    ready.bitwiseOr(UInt64(1) << UInt64(slot), ordering: .releasing)
    return slot
  }

  /// Forgets a slot (the file was renamed into place or removed).
  static func unregister(_ slot: Int?) {
    guard let slot else { return }
    let bit = UInt64(1) << UInt64(slot)
    ready.bitwiseAnd(~bit, ordering: .releasing)
    claimed.bitwiseAnd(~bit, ordering: .releasing)
  }

  /// Installs the handlers once, for SIGINT, SIGTERM and SIGHUP where their action is the default.
  static func installHandlers() {
    installed.withLock { done in
      guard !done else { return }
      done = true
      _ = buffer  // allocate before any handler can run
      _ = claimed.load(ordering: .relaxed)
      _ = ready.load(ordering: .relaxed)
      for sig in [SIGINT, SIGTERM, SIGHUP] {
        var old = sigaction()
        guard sigaction(sig, nil, &old) == 0, old.__sigaction_handler.sa_handler == nil else { continue }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = removeTemporariesAndReraise
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        _ = sigaction(sig, &action, nil)
      }
    }
  }

  /// Removes `.<name>.trustmetrics-tmp-<pid>-<hex>` files in `folder` whose process no longer
  /// runs (once per folder and process). Only regular files owned by this user are removed.
  static func removeStale(in folder: String) {
    let first = cleanedFolders.withLock { $0.insert(folder).inserted }
    guard first, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
    let me = getpid()
    for name in names {
      guard let pid = stalePID(name), pid != me else { continue }
      if kill(pid, 0) == 0 || errno != ESRCH { continue }  // still running (or not ours to ask)
      let path = folder + "/" + name
      var st = stat()
      guard lstat(path, &st) == 0, FileKind(mode: st.st_mode) == .regular, st.st_uid == geteuid() else { continue }
      unlink(path)
    }
  }

  /// The pid in a temporary file name `.<name>.trustmetrics-tmp-<pid>-<hex>`, else nil.
  static func stalePID(_ name: String) -> pid_t? {
    guard name.hasPrefix("."), let marker = name.range(of: SafeOutput.temporaryMarker, options: .backwards) else { return nil }
    let tail = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
    guard tail.count == 2, let pid = pid_t(tail[0]), pid > 0, !tail[1].isEmpty,
      tail[1].allSatisfy({ $0.isHexDigit })
    else { return nil }
    return pid
  }
}

/// The signal handler: async-signal-safe calls only (atomic load, unlink, signal, raise).
private func removeTemporariesAndReraise(_ sig: Int32) {
  let mask = TemporaryFiles.ready.load(ordering: .acquiring)
  if mask != 0 {
    for slot in 0..<TemporaryFiles.slotCount where mask & (UInt64(1) << UInt64(slot)) != 0 {
      unlink(TemporaryFiles.buffer + slot * TemporaryFiles.slotSize)
    }
  }
  signal(sig, SIG_DFL)
  raise(sig)
}
