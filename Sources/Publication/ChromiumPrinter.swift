import Foundation

/// Prints an HTML report to A4 PDF with a headless Chromium (`--print-to-pdf`), which honours
/// the report's print stylesheet (page size, margins, running header and page numbers in the
/// `@page` margin boxes, page breaks). The HTML is written to a private temporary folder and
/// loaded as a file: URL; the PDF bytes are returned, and the caller writes them (atomically, through the output guard).
public enum ChromiumPrinter {
  public enum PrintError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No Chromium on PATH.
    case notInstalled(searched: [String])
    /// Chromium ran but produced no PDF.
    case failed(status: Int32, message: String)
    case io(path: String, reason: String)

    public var description: String {
      switch self {
      case .notInstalled(let names):
        return "--format pdf needs a Chromium browser (looked for \(names.joined(separator: ", ")) on PATH); on Debian or Ubuntu: sudo apt-get install chromium (or write HTML with --format html and print it from a browser)"
      case .failed(let s, let m): return "chromium could not print the report (exit \(s)): \(m)"
      case .io(let p, let r): return "\(p): cannot write output: \(r)"
      }
    }
  }

  /// Executable names tried, in order.
  public static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

  /// The first Chromium found on PATH (or `TRUSTMETRICS_CHROMIUM`), or nil.
  public static func find() -> String? {
    let env = ProcessInfo.processInfo.environment
    if let explicit = env["TRUSTMETRICS_CHROMIUM"], FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
    let dirs = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    for n in names {
      for d in dirs where FileManager.default.isExecutableFile(atPath: d + "/" + n) { return d + "/" + n }
    }
    return nil
  }

  /// Prints `html` to PDF and returns the bytes.
  public static func printPDF(html: String, timeout: TimeInterval = 120) throws(PrintError) -> Data {
    guard let chromium = find() else { throw .notInstalled(searched: names) }
    let fm = FileManager.default
    let dir = fm.temporaryDirectory.appendingPathComponent("tm-print-\(UUID().uuidString)")
    defer { try? fm.removeItem(at: dir) }
    let htmlURL = dir.appendingPathComponent("report.html")
    let pdfURL = dir.appendingPathComponent("report.pdf")
    do {
      try fm.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      try Data(html.utf8).write(to: htmlURL)
    } catch {
      throw .io(path: dir.path, reason: (error as NSError).localizedDescription)
    }
    let (status, message) = run(chromium, headlessArguments(profile: dir.appendingPathComponent("profile").path) +
                                ["--no-pdf-header-footer", "--print-to-pdf=\(pdfURL.path)", htmlURL.absoluteString], timeout: timeout)
    guard let data = try? Data(contentsOf: pdfURL), data.starts(with: Array("%PDF".utf8)) else {
      throw .failed(status: status, message: message.split(separator: "\n").suffix(3).joined(separator: " | "))
    }
    return data
  }

  /// Arguments for a headless run that touches nothing outside `profile` (no GPU, no first-run
  /// dialogs, no network services). `--no-sandbox` is added when running as root, where
  /// Chromium refuses its sandbox.
  public static func headlessArguments(profile: String) -> [String] {
    var a = ["--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--disable-background-networking", "--disable-sync", "--disable-component-update", "--mute-audio",
             "--user-data-dir=\(profile)"]
    if getuid() == 0 { a.append("--no-sandbox") }
    return a
  }

  /// Runs `executable` with `arguments`; returns the exit status and standard error.
  public static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    p.standardInput = FileHandle.nullDevice
    do { try p.run() } catch { return (-1, "\(error)") }
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    if group.wait(timeout: .now() + timeout) == .timedOut {
      p.terminate()
      _ = group.wait(timeout: .now() + 5)
      return (-1, "timed out after \(Int(timeout)) s")
    }
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: errData, as: UTF8.self))
  }
}
