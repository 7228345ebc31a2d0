// swift-tools-version:6.0
// The matmul benchmark as its own package, so the root package gains no executable target.
import PackageDescription

let package = Package(
    name: "BenchMatmul",
    dependencies: [.package(name: "Secateur", path: "../../..")],
    targets: [
        .executableTarget(
            name: "bench-matmul",
            dependencies: [.product(name: "Tensor", package: "Secateur")],
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"])])
    ]
)
