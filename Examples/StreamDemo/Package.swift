// swift-tools-version:6.0
// An example of embedding Recurrent in a Swift tool: load a model, step it over a stream.
import PackageDescription

let package = Package(
    name: "StreamDemo",
    dependencies: [
        // In your own package: .package(url: "https://github.com/OWNER/Recurrent.git", from: "0.1.0")
        // Here: this repository, through a link named Recurrent so the package identity is
        // "recurrent" wherever the repository is checked out.
        .package(path: "Dependencies/Recurrent"),
    ],
    targets: [
        .executableTarget(
            name: "StreamDemo",
            dependencies: [.product(name: "Recurrent", package: "Recurrent")]
        ),
    ]
)
