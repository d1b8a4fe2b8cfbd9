import Foundation
import SimKernel

/// An iteration's time split into compute, communication and memory, scaled forward year by year as
/// hardware improves at given rates, to find when communication or memory overtakes compute.
///
/// Compute time shrinks with peak FLOPS, communication time with interconnect bandwidth and memory time
/// with DRAM bandwidth: after t years each base time is divided by its rate^(t / 2), the three rates
/// being stated per 2 years as in "AI and Memory Wall" (Gholami et al., IEEE Micro 2024). The workload
/// is held fixed; only the hardware changes.
///
///     let projection = WallProjection(base: .init(compute: .milliseconds(100), communication: .milliseconds(20),
///                                                 memory: .milliseconds(10)),
///                                     baseYear: 2024, rates: .stated2024, years: 20)
///     projection.firstYear(.communication)   // 2029: 20 ms x (3.0/1.4)^(t/2) passes 100 ms at t = 4.22
public struct WallProjection: Sendable {
    /// The three parts of an iteration the projection scales.
    public enum Part: String, Sendable, CaseIterable {
        case compute, communication, memory

        /// The position in `allCases`.
        var index: Int {
            switch self {
            case .compute: 0
            case .communication: 1
            case .memory: 2
            }
        }

        /// The hardware quantity whose growth shrinks this part.
        public var quantity: HardwareQuantity {
            switch self {
            case .compute: .peakFlops
            case .communication: .interconnectBandwidth
            case .memory: .dramBandwidth
            }
        }
    }

    /// Compute, communication and memory time of one iteration.
    public struct Breakdown: Sendable, Equatable {
        public var compute: SimDuration
        public var communication: SimDuration
        public var memory: SimDuration

        public init(compute: SimDuration, communication: SimDuration, memory: SimDuration) {
            self.compute = compute
            self.communication = communication
            self.memory = memory
        }

        public subscript(part: Part) -> SimDuration {
            switch part {
            case .compute: compute
            case .communication: communication
            case .memory: memory
            }
        }

        /// The part that takes longest; on a tie, the earlier of compute, communication, memory.
        public var bottleneck: Part {
            Part.allCases.reduce(Part.compute) { self[$1] > self[$0] ? $1 : $0 }
        }
    }

    /// One projected year.
    ///
    /// The times are rounded to whole picoseconds, which far projections can shrink to nothing; the
    /// ratios and the bottleneck come from the unrounded values, so they stay exact however small the
    /// times get.
    public struct Year: Sendable, Equatable {
        public var year: Int
        public var breakdown: Breakdown
        /// Communication time over compute time (infinite when compute is zero and communication is not).
        public var communicationRatio: Double
        /// Memory time over compute time.
        public var memoryRatio: Double
        /// The part that takes longest; on a tie, the earlier of compute, communication, memory.
        public var bottleneck: Part

        /// The ratio of `part`'s time to compute time.
        public func ratio(_ part: Part) -> Double {
            switch part {
            case .compute: 1
            case .communication: communicationRatio
            case .memory: memoryRatio
            }
        }
    }

    public let base: Breakdown
    public let baseYear: Int
    public let rates: GrowthRates
    /// The base year and each of the following `years` years, in order.
    public let years: [Year]

    /// Projects `base`, measured in `baseYear`, over the next `years` years (`years` >= 0).
    /// - Complexity: O(years).
    public init(base: Breakdown, baseYear: Int, rates: GrowthRates, years: Int) {
        precondition(years >= 0, "a projection needs a horizon of 0 or more years, got \(years)")
        precondition(Part.allCases.allSatisfy { base[$0] >= .zero }, "base times must not be negative: \(base)")
        self.base = base
        self.baseYear = baseYear
        self.rates = rates
        self.years = (0...years).map { offset in
            let seconds = Part.allCases.map { base[$0].seconds / rates.growth($0.quantity, overYears: Double(offset)) }
            func ratio(_ part: Part) -> Double {
                let (time, compute) = (seconds[part.index], seconds[Part.compute.index])
                return compute > 0 ? time / compute : (time > 0 ? .infinity : 0)
            }
            let slowest = Part.allCases.reduce(Part.compute) { seconds[$1.index] > seconds[$0.index] ? $1 : $0 }
            return Year(year: baseYear + offset,
                        breakdown: Breakdown(compute: .seconds(seconds[0]), communication: .seconds(seconds[1]),
                                             memory: .seconds(seconds[2])),
                        communicationRatio: ratio(.communication), memoryRatio: ratio(.memory), bottleneck: slowest)
        }
    }

    /// The first projected year in which `part` takes longer than compute (the iteration becomes
    /// communication- or memory-bound), or nil if that does not happen within the horizon.
    public func firstYear(_ part: Part) -> Int? {
        precondition(part != .compute, "compute cannot overtake itself")
        return years.first { $0.ratio(part) > 1 }?.year
    }

    /// The decimal year at which `part` would equal compute, from the closed form
    /// t = 2 ln(compute / part) / ln(rate_compute / rate_part); the base year if it already equals or exceeds it,
    /// nil if it never catches up (its rate is at least compute's, or it is zero).
    public func crossover(_ part: Part) -> Double? {
        precondition(part != .compute, "compute cannot overtake itself")
        let (compute, other) = (base.compute.seconds, base[part].seconds)
        if other >= compute && other > 0 { return Double(baseYear) }
        let ratio = rates.perPeriod(.peakFlops) / rates.perPeriod(part.quantity)
        guard other > 0, ratio > 1 else { return nil }
        return Double(baseYear) + GrowthRates.periodYears * log(compute / other) / log(ratio)
    }
}
