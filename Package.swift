// swift-tools-version: 6.1
// TrustMetrics — survey and trust-metrics analytics on OpenBLAS/LAPACK.
import PackageDescription

let package = Package(
  name: "TrustMetrics",
  products: [
    .library(name: "TrustMetrics", targets: ["TrustMetrics"]),
    .executable(name: "trustmetrics", targets: ["TrustMetricsCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // MARK: - System libraries (C)
    .systemLibrary(
      name: "COpenBLAS", pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(
      name: "CReadStat",
      providers: [.apt(["libreadstat-dev"])]),

    // MARK: - Numeric stack (no I/O, no printing)
    .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"], exclude: ["README.md"]),
    .target(name: "Statistics", dependencies: ["LinearAlgebra"]),
    .target(name: "Psychometrics", dependencies: ["Statistics", "LinearAlgebra"]),
    .target(name: "Replication", dependencies: ["Statistics", "LinearAlgebra"]),
    .target(name: "SurveyWeighting", dependencies: ["Statistics", "LinearAlgebra", "Replication"], exclude: ["README.md"]),
    .target(name: "CompositeIndices", dependencies: ["Statistics", "LinearAlgebra"]),
    .target(name: "Ranking", dependencies: ["Statistics", "LinearAlgebra"]),
    .target(name: "MeasurementModels", dependencies: ["Statistics", "LinearAlgebra", "Psychometrics"]),
    .target(name: "Disclosure", dependencies: ["LinearAlgebra"]),

    // MARK: - Data in and out (no numerics)
    .target(name: "FileSafety"),
    .target(
      name: "DataIO",
      dependencies: [
        "CReadStat", "FileSafety",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]),
    .target(name: "Codebook", dependencies: ["DataIO", "FileSafety", .product(name: "Yams", package: "Yams")]),
    .target(name: "Reports", dependencies: ["FileSafety"]),
    .target(name: "Charts", dependencies: ["Reports"]),
    .target(name: "Publication", dependencies: ["Reports", "Charts"]),

    // MARK: - Study level
    .target(name: "Ingest", dependencies: ["DataIO", "Codebook", "Statistics", "SurveyWeighting", "Ranking"]),
    .target(name: "Simulation", dependencies: ["LinearAlgebra", "Codebook", "DataIO", "FileSafety"]),
    .target(name: "SurveyExports", dependencies: ["DataIO", "Codebook", "FileSafety"]),

    // MARK: - Umbrella and CLI
    .target(
      name: "TrustMetrics",
      dependencies: [
        "LinearAlgebra", "Statistics", "Psychometrics", "Replication", "SurveyWeighting", "CompositeIndices", "Ranking", "MeasurementModels", "Disclosure", "FileSafety", "DataIO", "Codebook", "Reports", "Charts", "Publication", "Ingest", "Simulation", "SurveyExports",
      ]),
    .executableTarget(
      name: "TrustMetricsCLI",
      dependencies: [
        "TrustMetrics",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // MARK: - Tests
    .target(name: "_TestSupport", dependencies: ["LinearAlgebra", "Simulation"], path: "Tests/_TestSupport"),
    .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "_TestSupport"]),
    .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "_TestSupport"]),
    .testTarget(name: "PsychometricsTests", dependencies: ["Psychometrics", "Ingest", "_TestSupport"]),
    .testTarget(name: "ReplicationTests", dependencies: ["Replication", "_TestSupport"]),
    .testTarget(name: "SurveyWeightingTests", dependencies: ["SurveyWeighting", "_TestSupport"]),
    .testTarget(name: "CompositeIndicesTests", dependencies: ["CompositeIndices", "_TestSupport"]),
    .testTarget(name: "RankingTests", dependencies: ["Ranking", "_TestSupport"]),
    .testTarget(name: "MeasurementModelsTests", dependencies: ["MeasurementModels", "_TestSupport"]),
    .testTarget(name: "DisclosureTests", dependencies: ["Disclosure", "LinearAlgebra", "_TestSupport"]),
    .testTarget(
      name: "DataIOTests",
      dependencies: [
        "DataIO", "_TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      exclude: ["Fixtures"]),
    .testTarget(name: "FileSafetyTests", dependencies: ["FileSafety", "_TestSupport"]),
    .testTarget(name: "CodebookTests", dependencies: ["Codebook", "_TestSupport"]),
    .testTarget(name: "IngestTests", dependencies: ["Ingest", "Simulation", "_TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "ReportsTests", dependencies: ["Reports", "_TestSupport"]),
    .testTarget(name: "ChartsTests", dependencies: ["Charts", "_TestSupport"]),
    .testTarget(name: "PublicationTests", dependencies: ["Publication", "Charts", "Reports", "_TestSupport"]),
    .testTarget(name: "SurveyExportsTests", dependencies: ["SurveyExports", "Ingest", "_TestSupport"]),
    .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Ingest", "Psychometrics", "_TestSupport"]),
    .testTarget(
      name: "TrustMetricsTests",
      dependencies: ["TrustMetrics", "_TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    .testTarget(name: "CLITests", dependencies: ["_TestSupport", "LinearAlgebra", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
  ],
  swiftLanguageModes: [.v6]
)
