import Foundation
import Synchronization

/// A one-line progress bar on standard error, drawn only when standard error is a terminal, so that
/// redirected output and CI logs carry no control characters.
///
///     let progress = ProgressBar(total: 12, label: "sweep")   // nil when stderr is not a terminal
///     progress?.advance()                                      // from any thread
///     progress?.finish()
final class ProgressBar: Sendable {
    private let total: Int
    private let label: String
    private let done = Mutex(0)
    private static let width = 30

    /// A bar for `total` steps, or nil when standard error is not a terminal.
    init?(total: Int, label: String) {
        guard isatty(STDERR_FILENO) != 0, total > 0 else { return nil }
        self.total = total
        self.label = label
        draw(0)
    }

    /// Counts one more step done and redraws the bar; safe to call from several threads at once.
    func advance() {
        done.withLock { count in
            count += 1
            draw(count)
        }
    }

    /// Clears the bar, leaving the line free for what follows.
    func finish() {
        done.withLock { _ in FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    private func draw(_ count: Int) {
        let filled = Self.width * count / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: Self.width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(count)/\(total)".utf8))
    }
}
