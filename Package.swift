// swift-tools-version: 6.1
// wallsim: see the communication wall of distributed training.
import PackageDescription

let package = Package(
    name: "wallsim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wallsim", targets: ["wallsim"]),
        .library(name: "WallsimKit", targets: ["SimKernel", "Topology", "Collectives", "Fabric", "Workload", "Scenario", "Trends", "Reports", "Calibration"]),
        .library(name: "WallsimMPI", targets: ["MPIBackend"]),
        .executable(name: "wallsim-mpi-selftest", targets: ["wallsim-mpi-selftest"]),
    ],
    traits: [
        .trait(name: "MPI", description: "Build the MPI backend against the system OpenMPI (needs libopenmpi-dev and pkg-config)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // Integer-picosecond time and the discrete-event queue. Imports nothing of ours.
        .target(name: "SimKernel"),
        // Units, nodes, links, builders, routing, topology statistics.
        .target(name: "Topology", dependencies: ["SimKernel"]),
        // Collective operations and algorithms as pure Schedule values, the symbolic validator, the shared run record.
        .target(name: "Collectives", dependencies: ["SimKernel"]),
        // Network models (analytical, flow-level max-min) and the simulated executor.
        .target(name: "Fabric", dependencies: ["SimKernel", "Topology", "Collectives"]),
        // Training workloads: model + accelerator + parallel plan -> an iteration's TaskGraph; compute and memory models.
        .target(name: "Workload", dependencies: ["SimKernel", "Topology", "Collectives", "Fabric"]),
        // The only module that reads YAML: files -> typed values, with file:line:col diagnostics.
        .target(name: "Scenario", dependencies: ["SimKernel", "Topology", "Collectives", "Workload", .product(name: "Yams", package: "Yams")]),
        // The seed paper's hardware trends (embedded from Data/memory-wall/), log-linear fits, projections.
        .target(name: "Trends", dependencies: ["SimKernel"]),
        // Tables, CSV, JSON, Chrome trace, SVG.
        .target(name: "Reports", dependencies: ["SimKernel", "Topology", "Collectives", "Fabric", "Trends"]),
        // The system OpenMPI, found through pkg-config; only CMPIShim includes <mpi.h>.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        // The only C: plain functions over MPI_COMM_WORLD. Empty unless the MPI trait is enabled.
        .target(
            name: "CMPIShim",
            dependencies: [.target(name: "CMPI", condition: .when(traits: ["MPI"]))],
            cSettings: [.define("WALLSIM_MPI", .when(traits: ["MPI"]))]
        ),
        // Communicator, MPIError and the MPI executor of Schedule values (real code only with the MPI trait).
        .target(
            name: "MPIBackend",
            dependencies: ["SimKernel", "Collectives", .target(name: "CMPIShim", condition: .when(traits: ["MPI"]))]
        ),
        // Least-squares fit of the alpha-beta-gamma cost model to measured collective times. Pure Swift.
        .target(name: "Calibration", dependencies: ["SimKernel", "Collectives"]),
        // Runs the MPI executor on test schedules under mpirun and verifies every element.
        .executableTarget(name: "wallsim-mpi-selftest", dependencies: ["MPIBackend", "Collectives", "SimKernel"]),
        // The command-line tool: one short file per subcommand.
        .executableTarget(
            name: "wallsim",
            dependencies: [
                "SimKernel", "Topology", "Collectives", "Fabric", "Workload", "Scenario", "Trends", "Reports",
                "MPIBackend", "Calibration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SimKernelTests", dependencies: ["SimKernel"]),
        // Runs the built `wallsim` binary and compares whole outputs.
        .testTarget(name: "WallsimCLITests", dependencies: ["wallsim"]),
        .testTarget(name: "TopologyTests", dependencies: ["Topology", "SimKernel"]),
        .testTarget(name: "CollectivesTests", dependencies: ["Collectives", "SimKernel"]),
        .testTarget(name: "FabricTests", dependencies: ["Fabric", "Topology", "SimKernel", "Collectives", "Reports"]),
        .testTarget(name: "WorkloadTests", dependencies: ["Workload", "Fabric", "Collectives", "Topology", "SimKernel"]),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Workload", "Topology", "SimKernel"]),
        .testTarget(name: "MPIBackendTests", dependencies: ["MPIBackend", "Collectives", "SimKernel"]),
        .testTarget(name: "TrendsTests", dependencies: ["Trends", "SimKernel"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Trends", "SimKernel"]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "Collectives", "SimKernel"]),
        // Runs the built `wallsim bench`, `calibrate` and `validate` under real mpirun jobs.
        .testTarget(name: "BenchCommandTests", dependencies: ["MPIBackend", "Scenario", "Topology"]),
    ],
    swiftLanguageModes: [.v6]
)
