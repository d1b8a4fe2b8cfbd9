// swift-tools-version: 6.1
// wallsim's benchmarks: a package of its own so that performance claims never come from timed tests.
import PackageDescription

let package = Package(
    name: "wallsim-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named explicitly: a path dependency's identity is otherwise its directory's name.
        .package(name: "wallsim", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "wallsim-bench",
            dependencies: [.product(name: "WallsimKit", package: "wallsim")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
