// swift-tools-version:6.0
// The self-generation benchmark as its own package (like scripts/bench/matmul), so the root package gains
// no executable target; scripts/bench-generate builds it and runs transformers next to it.
import PackageDescription

let package = Package(
    name: "BenchGenerate",
    dependencies: [.package(name: "Secateur", path: "../../..")],
    targets: [
        .executableTarget(
            name: "bench-generate",
            dependencies: [.product(name: "SecateurKit", package: "Secateur")],
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"])])
    ]
)
