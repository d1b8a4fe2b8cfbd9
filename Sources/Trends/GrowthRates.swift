import Foundation

/// How fast hardware improves: growth factors of peak FLOPS, DRAM bandwidth and interconnect
/// bandwidth per 2 years, the period the seed paper states its rates in.
///
///     let rates = try GrowthRates(parsing: "interconnect=2", over: .stated2024)   // flops 3.0, dram 1.6
///     rates.growth(.peakFlops, overYears: 1)   // 3.0^(1/2) = 1.732...
public struct GrowthRates: Sendable, Equatable {
    /// Years the factors are given over.
    public static let periodYears = 2.0

    public var flops: Double
    public var dram: Double
    public var interconnect: Double

    public init(flops: Double, dram: Double, interconnect: Double) {
        precondition(flops > 0 && dram > 0 && interconnect > 0,
                     "growth factors must be positive, got flops \(flops), dram \(dram), interconnect \(interconnect)")
        self.flops = flops
        self.dram = dram
        self.interconnect = interconnect
    }

    /// The rates stated in the 2024 paper ("AI and Memory Wall", IEEE Micro 2024, Fig. 1): peak FLOPS
    /// 3.0x, DRAM bandwidth 1.6x, interconnect bandwidth 1.4x per 2 years.
    public static let stated2024 = GrowthRates(flops: 3.0, dram: 1.6, interconnect: 1.4)

    /// The rates of fitted trends, per 2 years.
    public init(_ trends: [HardwareTrend]) {
        func rate(_ quantity: HardwareQuantity) -> Double {
            guard let trend = trends.first(where: { $0.quantity == quantity }) else {
                preconditionFailure("no fitted trend for \(quantity.shortName) among \(trends.map(\.quantity.shortName))")
            }
            return trend.fit.growth(overYears: GrowthRates.periodYears)
        }
        self.init(flops: rate(.peakFlops), dram: rate(.dramBandwidth), interconnect: rate(.interconnectBandwidth))
    }

    /// Reads `flops=3.0,dram=1.6,interconnect=1.4` (factors per 2 years); names not given keep their
    /// value in `defaults`.
    public init(parsing text: String, over defaults: GrowthRates) throws(TrendError) {
        self = defaults
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw .invalidRates(text: text, reason: "'\(item)' is not NAME=FACTOR, like flops=3.0")
            }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            guard let factor = Double(parts[1].trimmingCharacters(in: .whitespaces)), factor > 0, factor.isFinite else {
                throw .invalidRates(text: text, reason: "the factor of '\(name)' is not a positive number: '\(parts[1])'")
            }
            switch HardwareQuantity.allCases.first(where: { $0.shortName == name }) {
            case .peakFlops: flops = factor
            case .dramBandwidth: dram = factor
            case .interconnectBandwidth: interconnect = factor
            case nil:
                throw .invalidRates(text: text, reason: "unknown name '\(name)'; expected "
                    + HardwareQuantity.allCases.map(\.shortName).joined(separator: ", "))
            }
        }
    }

    /// The factor per 2 years of one quantity.
    public func perPeriod(_ quantity: HardwareQuantity) -> Double {
        switch quantity {
        case .peakFlops: flops
        case .dramBandwidth: dram
        case .interconnectBandwidth: interconnect
        }
    }

    /// The factor `quantity` grows by over `years` years (fractional years allowed).
    public func growth(_ quantity: HardwareQuantity, overYears years: Double) -> Double {
        pow(perPeriod(quantity), years / GrowthRates.periodYears)
    }
}
