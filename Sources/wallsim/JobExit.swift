import Foundation
import MPIBackend

/// Ending a process with a message, and the facts about its host that the MPI commands report.
enum JobExit {
    /// Ends the process with `message` on standard error.
    static func fail(_ message: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(code)
    }

    /// The host's name, as the ranks report it in headers.
    static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// MemAvailable of this host in bytes, or nil when /proc/meminfo cannot be read (not Linux).
    static var memoryAvailable: Int64? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        return BufferBudget.memoryAvailable(meminfo: text)
    }
}
