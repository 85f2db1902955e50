// swift-tools-version: 6.1
// Benchmarks for TrustMetrics: a separate package so `swift build` / `swift test` of the
// library never build them. Run: Benchmarks/run_csv.sh
import PackageDescription

let package = Package(
  name: "TrustMetricsBenchmarks",
  dependencies: [.package(name: "TrustMetrics", path: "..")],
  targets: [
    .executableTarget(
      name: "tmbench",
      dependencies: [.product(name: "TrustMetrics", package: "TrustMetrics")])
  ],
  swiftLanguageModes: [.v6]
)
