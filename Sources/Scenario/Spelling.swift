/// Near-miss spelling suggestions for misspelt keys, units and choices ("did you mean 'bandwidth'?").
enum Spelling {
    /// The optimal-string-alignment distance between two words: the fewest insertions, deletions,
    /// substitutions and swaps of adjacent characters that turn one into the other, no substring being
    /// edited twice (Damerau, CACM 7(3), 1964; Boytsov, ACM JEA 16, 2011). Letters are compared without
    /// regard to case, so `gbps` is zero edits from `Gbps`.
    ///
    /// - Complexity: O(m n) time and O(n) space for words of m and n characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased()), t = Array(b.lowercased())
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        // Three rolling rows: the swap case looks two rows back.
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[t.count]
    }

    /// The candidate closest to `word` if it is near enough to be a plausible typo: at most a third of
    /// the longer word's length in edits, and at least one. Ties go to the earlier candidate, so the
    /// suggestion is the same on every run.
    static func closest(to word: String, among candidates: [String]) -> String? {
        var best: String?
        var bestDistance = Int.max
        for candidate in candidates where candidate != word {
            let d = distance(word, candidate)
            let allowed = max(1, max(word.count, candidate.count) / 3)
            if d <= allowed && d < bestDistance {
                best = candidate
                bestDistance = d
            }
        }
        return best
    }
}
