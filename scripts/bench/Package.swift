// swift-tools-version:6.0
// Benchmarks as their own package, so the root package gains no executable targets; each
// `scripts/bench-*` script builds one product here and prints figures next to PyTorch's.
import PackageDescription

let fast: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"])]

let package = Package(
    name: "SecateurBench",
    dependencies: [.package(name: "Secateur", path: "../..")],
    targets: [
        .executableTarget(
            name: "bench-runtime",
            dependencies: [
                .product(name: "SecateurKit", package: "Secateur"), .product(name: "Tensor", package: "Secateur"),
            ],
            swiftSettings: fast),
        .executableTarget(
            name: "bench-pruning", dependencies: [.product(name: "SecateurKit", package: "Secateur")],
            swiftSettings: fast),
        .executableTarget(
            name: "bench-eval", dependencies: [.product(name: "SecateurKit", package: "Secateur")],
            swiftSettings: fast),
        .executableTarget(
            name: "bench-matmul", dependencies: [.product(name: "Tensor", package: "Secateur")], swiftSettings: fast),
        .executableTarget(
            name: "bench-generate", dependencies: [.product(name: "SecateurKit", package: "Secateur")],
            swiftSettings: fast),
    ]
)
