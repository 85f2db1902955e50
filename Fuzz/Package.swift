// swift-tools-version: 6.1
// Fuzz targets for TrustMetrics' readers: a separate package (like Benchmarks/) so `swift build` /
// `swift test` of the library never build it. libFuzzer via `--sanitize=fuzzer`; run: make fuzz.
import PackageDescription

let package = Package(
  name: "TrustMetricsFuzz",
  dependencies: [.package(name: "TrustMetrics", path: "..")],
  targets: [
    .target(name: "FuzzTargets", dependencies: [.product(name: "TrustMetrics", package: "TrustMetrics")]),
    .executableTarget(name: "fuzz-csv", dependencies: ["FuzzTargets"]),
    .executableTarget(name: "fuzz-xlsx", dependencies: ["FuzzTargets"]),
    .executableTarget(name: "fuzz-sav", dependencies: ["FuzzTargets"]),
    .executableTarget(name: "fuzz-yaml", dependencies: ["FuzzTargets"]),
  ],
  swiftLanguageModes: [.v6]
)
