import Dispatch
import Synchronization

extension SweepCommand {
    /// `body(0) ... body(count - 1)` on up to `jobs` threads, returned in index order, so the output
    /// does not depend on `jobs` or on which point finished first.
    ///
    /// Workers take the next index from a shared counter, so long and short points balance out. Every
    /// point runs even when one fails; the error of the lowest failing index is thrown, as with `jobs` 1.
    static func evaluate<T: Sendable>(_ count: Int, jobs: Int, progress: ProgressBar?,
                                      _ body: @Sendable (Int) throws -> T) throws -> [T] {
        precondition(jobs >= 1, "jobs \(jobs) must be at least 1")
        let slots = Mutex([Result<T, any Error>?](repeating: nil, count: count))
        let next = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: min(jobs, count)) { _ in
            while true {
                let index = next.withLock { value in
                    defer { value += 1 }
                    return value
                }
                guard index < count else { return }
                let result = Result { try body(index) }
                slots.withLock { $0[index] = result }
                progress?.advance()
            }
        }
        progress?.finish()
        return try slots.withLock { $0 }.enumerated().map { index, slot in
            guard let slot else { preconditionFailure("point \(index) of \(count) was never evaluated") }
            return try slot.get()
        }
    }
}
