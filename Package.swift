// swift-tools-version:6.0
import PackageDescription

/// Model code is only usable when the compiler may emit the host's vector instructions
/// (without `-target-cpu`, SIMD FMA lowers to libm calls), so release builds target the host.
let fast: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-target-cpu", "native"], .when(configuration: .release)),
    .unsafeFlags(["-target-cpu", "native"], .when(configuration: .debug)),
]

/// Modules that parse untrusted input (tokenizer files, the store, command lines and scripts) keep
/// bounds and overflow checks in release (`-O`): a crafted file traps with a message instead of reading
/// or writing out of bounds. `-Ounchecked` stays for the kernels (Tensor) and for the targets that mix
/// parsing with hot loops (Model: file readers + forward; Calibration, Pruning, Evaluation).
let checked: [SwiftSetting] = [
    .unsafeFlags(["-O", "-target-cpu", "native"], .when(configuration: .release)),
    .unsafeFlags(["-target-cpu", "native"], .when(configuration: .debug)),
]

let package = Package(
    name: "Secateur",
    products: [
        .executable(name: "secateur", targets: ["secateur"]),
        .library(name: "Tensor", targets: ["Tensor"]),
        .library(name: "SecateurKit", targets: ["Model", "Calibration", "Pruning", "Evaluation"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .target(name: "Tensor", swiftSettings: fast),
        .target(name: "Tokenizer", swiftSettings: checked),
        .target(name: "Model", dependencies: ["Tensor", "Tokenizer"], swiftSettings: fast),
        .target(name: "Calibration", dependencies: ["Model", "Tensor", "Tokenizer"], swiftSettings: fast),
        .target(name: "Pruning", dependencies: ["Model", "Tensor"], swiftSettings: fast),
        .target(
            name: "Evaluation", dependencies: ["Model", "Tensor", "Tokenizer", "Calibration"], swiftSettings: fast),
        .target(name: "Store", dependencies: ["CSQLite"], swiftSettings: checked),
        .target(
            name: "Notebook",
            dependencies: ["Tensor", "Tokenizer", "Model", "Calibration", "Pruning", "Evaluation", "Store"],
            swiftSettings: checked),
        .executableTarget(name: "secateur", dependencies: ["Notebook", "Store", "CEditLine"], swiftSettings: checked),
        .testTarget(name: "TensorTests", dependencies: ["Tensor"], swiftSettings: fast),
        .testTarget(name: "TokenizerTests", dependencies: ["Tokenizer", "Model"], swiftSettings: fast),
        .testTarget(name: "ModelTests", dependencies: ["Model", "Tensor", "Store"], swiftSettings: fast),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "Model", "Tensor"], swiftSettings: fast),
        .testTarget(name: "PruningTests", dependencies: ["Pruning", "Model", "Tensor", "Store"], swiftSettings: fast),
        .testTarget(
            name: "EvaluationTests", dependencies: ["Evaluation", "Model", "Calibration", "Tensor"], swiftSettings: fast
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store", "CSQLite"], swiftSettings: fast),
        .testTarget(
            name: "NotebookTests", dependencies: ["Notebook", "Model", "Calibration", "Pruning", "Store"],
            swiftSettings: fast),
    ]
)
