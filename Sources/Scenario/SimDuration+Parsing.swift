import SimKernel

extension SimDuration {
    /// The unit words a duration may be written with, and their length in picoseconds.
    public static let units: [(suffix: String, picoseconds: Double)] = [
        ("ps", 1), ("ns", 1e3), ("us", 1e6), ("µs", 1e6), ("ms", 1e9), ("s", 1e12),
    ]

    /// Parses `"<number> <unit>"` such as `"1.5 us"`, `"700 ns"`, `"2 ms"` or `"0 s"`, rounded to the
    /// nearest picosecond. Nil for a missing or unknown unit or a value beyond `Int64` picoseconds
    /// (about 106 days); negative durations parse (the caller decides whether they are allowed).
    public init?(parsing text: String) {
        guard let quantity = Quantity(text),
              let scale = SimDuration.units.first(where: { $0.suffix == quantity.unit })?.picoseconds else { return nil }
        let picoseconds = (quantity.number * scale).rounded()
        guard abs(picoseconds) < 9.2e18 else { return nil }
        self.init(picoseconds: Int64(picoseconds))
    }
}
