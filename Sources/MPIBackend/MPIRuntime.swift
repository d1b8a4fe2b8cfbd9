/// Whether this build of wallsim can run on MPI, and what to tell the user when it cannot.
///
/// The MPI backend is compiled only with the package trait `MPI` (`swift build --traits MPI`), so that
/// the simulator builds on machines without OpenMPI. Code that uses `Communicator` or `MPIExecutor`
/// sits under `#if MPI`; its `#else` branch reports `MPIRuntime.unavailableMessage`.
public enum MPIRuntime {
    #if MPI
    public static let isAvailable = true
    #else
    public static let isAvailable = false
    #endif

    /// The explanation given when MPI was asked for in a build without it.
    public static let unavailableMessage =
        "wallsim was built without MPI; rebuild with `swift build --traits MPI` (needs libopenmpi-dev)"
}
