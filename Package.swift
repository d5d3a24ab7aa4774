// swift-tools-version:6.0
//
// Recurrent: RNN, LSTM and GRU networks for Swift, with a C core of SIMD kernels.
// No package dependencies and no unsafeFlags: AVX2/AVX-512 code is selected per function
// with __attribute__((target(...))) and runtime dispatch, so this package can be a dependency.
import PackageDescription

let package = Package(
    name: "Recurrent",
    products: [
        // MARK: Public products
        .library(name: "Recurrent", targets: ["Recurrent"]),
        .executable(name: "rnn", targets: ["rnn"]),
    ],
    targets: [
        // MARK: Implementation
        // C kernels: gate forward/backward, activations, matrix multiply. Not public Swift API.
        .target(
            name: "CRecurrent",
            path: "CKernels",
            cSettings: [.headerSearchPath("."), .define("_GNU_SOURCE")]
        ),
        // The library: model (cells, layers, stacks), training, model files.
        .target(
            name: "Recurrent",
            dependencies: ["CRecurrent"],
            path: "Sources/Recurrent"
        ),
        // The command-line tool.
        .executableTarget(
            name: "rnn",
            dependencies: ["Recurrent"],
            path: "Sources/rnn"
        ),

        // MARK: Tests
        .testTarget(
            name: "KernelTests",
            dependencies: ["CRecurrent"],
            path: "Tests/KernelTests"
        ),
        // Test-only: counts heap allocations (it interposes malloc in the test executable).
        .target(
            name: "AllocationCounter",
            path: "Tests/AllocationCounter",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        .testTarget(
            name: "RecurrentTests",
            dependencies: ["Recurrent", "rnn", "AllocationCounter"],
            path: "Tests/RecurrentTests",
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v5]
)
