import SimKernel
import Topology

/// Link rates: a unit is required, and the rate must be above zero because a transfer over a
/// zero-rate link never ends.
extension Bandwidth: YAMLDecodable {
    public static var expectation: String { "a bandwidth with a unit, like '400 Gbps' or '300 GB/s'" }

    public init(yaml value: YAMLValue) throws {
        let (number, unit, text) = try Quantity.read(value, what: "bandwidth", expected: Self.expectation,
                                               units: Bandwidth.units.map(\.suffix))
        if number < 0 {
            throw value.diagnostic("\(value.name) is negative: '\(text)'", expected: "a positive bandwidth, like '400 Gbps'")
        }
        // Same arithmetic as `Bandwidth(parsing:)`, done here because the number may be in exponent form.
        let multiplier = Bandwidth.units.first { $0.suffix == unit }?.bitsPerSecond ?? 1
        let bitsPerSecond = (number * multiplier).rounded()
        guard bitsPerSecond < 9.2e18 else {
            throw value.diagnostic("\(value.name) is too large: '\(text)'", expected: "a bandwidth below 9 Ebps")
        }
        let bandwidth = Bandwidth(bitsPerSecond: Int64(bitsPerSecond))
        if bandwidth.bitsPerSecond == 0 {
            throw value.diagnostic("\(value.name) is zero: '\(text)'", expected: "a positive bandwidth, like '400 Gbps'")
        }
        self = bandwidth
    }
}

/// Latencies and other spans of time: a unit is required and the value may not be negative.
extension SimDuration: YAMLDecodable {
    public static var expectation: String { "a duration with a unit, like '1.5 us', '700 ns' or '2 ms'" }

    public init(yaml value: YAMLValue) throws {
        let (number, _, text) = try Quantity.read(value, what: "duration", expected: Self.expectation,
                                               units: SimDuration.units.map(\.suffix))
        if number < 0 {
            throw value.diagnostic("\(value.name) is negative: '\(text)'", expected: "a duration of zero or more, like '1.5 us' or '700 ns'")
        }
        guard let duration = SimDuration(parsing: text) else {
            throw value.diagnostic("\(value.name) is too long: '\(text)'", expected: "a duration below 100 days")
        }
        self = duration
    }
}

/// Sizes: a unit is required, and the count must be a whole, non-negative number of bytes.
extension ByteCount: YAMLDecodable {
    public static var expectation: String { "a size with a unit, like '64 MiB' or '80 GB'" }

    public init(yaml value: YAMLValue) throws {
        let (number, unit, text) = try Quantity.read(value, what: "size", expected: Self.expectation,
                                               units: ByteCount.units.map(\.suffix))
        if number < 0 {
            throw value.diagnostic("\(value.name) is negative: '\(text)'", expected: "a size of zero or more, like '64 MiB'")
        }
        let multiplier = ByteCount.units.first { $0.suffix == unit }?.multiplier ?? 1
        let bytes = number * Double(multiplier)
        guard bytes == bytes.rounded() else {
            throw value.diagnostic("\(value.name) is not a whole number of bytes: '\(text)'", expected: Self.expectation)
        }
        guard bytes < 9.2e18 else {
            throw value.diagnostic("\(value.name) is too large: '\(text)'", expected: "a size below 8 EiB")
        }
        self = ByteCount(bytes: Int64(bytes))
    }
}
