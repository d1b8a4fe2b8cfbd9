import Foundation
import ArgumentParser

extension SweepCommand {
    /// Tensor and pipeline sizes written `tp=8,pp=8`, as `--keep` and `compare --plans` take them;
    /// a size left out keeps the config's.
    struct PlanSplit: Hashable, Sendable {
        var tensor: Int?
        var pipeline: Int?

        static let keys = ["tp", "pp"]

        /// Parses `text`, naming `option` in any error.
        init(parsing text: String, option: String) throws {
            for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
                let parts = entry.split(separator: "=", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                }
                guard parts.count == 2 else {
                    throw ValidationError("\(option) expects KEY=VALUE pairs like tp=8,pp=8; got '\(text)'")
                }
                guard Self.keys.contains(parts[0]) else {
                    throw ValidationError("unknown key '\(parts[0])' in \(option) '\(text)'; expected \(Self.keys.joined(separator: " or "))")
                }
                guard let value = Int(parts[1]), value >= 1 else {
                    throw ValidationError("\(option) '\(text)': \(parts[0]) must be a whole number of at least 1, not '\(parts[1])'")
                }
                if parts[0] == "tp" { tensor = value } else { pipeline = value }
            }
        }

        init(tensor: Int? = nil, pipeline: Int? = nil) {
            self.tensor = tensor
            self.pipeline = pipeline
        }
    }
}
