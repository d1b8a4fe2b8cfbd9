import Foundation
import SimKernel
import Testing
import Trends

@Suite("Projecting an iteration forward with hardware growth rates")
struct WallProjectionTests {
    static let base = WallProjection.Breakdown(compute: .milliseconds(100), communication: .milliseconds(20),
                                               memory: .milliseconds(10))

    @Test("each part shrinks by its rate per 2 years: compute by FLOPS, communication by interconnect, memory by DRAM")
    func closedForms() {
        let projection = WallProjection(base: Self.base, baseYear: 2024, rates: .stated2024, years: 4)
        #expect(projection.years.map(\.year) == [2024, 2025, 2026, 2027, 2028])
        #expect(projection.years[0].breakdown == Self.base)
        // 100 ms / 3, 20 ms / 1.4, 10 ms / 1.6, rounded to the picosecond.
        #expect(projection.years[2].breakdown == .init(compute: .picoseconds(33_333_333_333),
                                                       communication: .picoseconds(14_285_714_286),
                                                       memory: .picoseconds(6_250_000_000)))
        // One year is half a period: 100 ms / sqrt(3).
        #expect(projection.years[1].breakdown.compute == .picoseconds(57_735_026_919))
        // Four years: 100 ms / 9.
        #expect(projection.years[4].breakdown.compute == .picoseconds(11_111_111_111))
    }

    @Test("communication overtakes compute in 2029 and memory in 2032 at the 2024 paper's rates")
    func crossovers() throws {
        let projection = WallProjection(base: Self.base, baseYear: 2024, rates: .stated2024, years: 20)
        #expect(projection.firstYear(.communication) == 2029)
        #expect(projection.firstYear(.memory) == 2032)
        // t = 2 ln(100/20) / ln(3/1.4) and 2 ln(100/10) / ln(3/1.6).
        #expect(abs(try #require(projection.crossover(.communication)) - 2028.2234702351925) < 1e-9)
        #expect(abs(try #require(projection.crossover(.memory)) - 2031.325973190092) < 1e-9)
        #expect(projection.years[4].bottleneck == .compute)
        #expect(projection.years[5].bottleneck == .communication)
        #expect(abs(projection.years[5].communicationRatio - 0.2 * pow(3 / 1.4, 2.5)) < 1e-12)
    }

    @Test("the first year is the year after the exact crossover, even centuries out where times round to 0 ps")
    func firstYearAgreesWithClosedForm() throws {
        for communication in [1.0, 7.0, 33.0, 99.0] {
            for interconnect in [1.1, 1.4, 2.0, 2.9] {
                let base = WallProjection.Breakdown(compute: .milliseconds(100), communication: .milliseconds(communication),
                                                    memory: .zero)
                let rates = GrowthRates(flops: 3, dram: 1.6, interconnect: interconnect)
                let projection = WallProjection(base: base, baseYear: 2000, rates: rates, years: 600)
                let exact = try #require(projection.crossover(.communication))
                let year = try #require(projection.firstYear(.communication))
                #expect(Double(year) > exact && Double(year) - exact <= 1, "comm \(communication) ms, rate \(interconnect)")
                #expect(projection.firstYear(.memory) == nil)
                #expect(projection.crossover(.memory) == nil)
            }
        }
    }

    @Test("a part already above compute is bound in the base year; one growing as fast never catches up")
    func edges() {
        let already = WallProjection(base: .init(compute: .milliseconds(10), communication: .milliseconds(20), memory: .zero),
                                     baseYear: 2024, rates: .stated2024, years: 3)
        #expect(already.firstYear(.communication) == 2024)
        #expect(already.crossover(.communication) == 2024)
        let even = WallProjection(base: Self.base, baseYear: 2024, rates: GrowthRates(flops: 2, dram: 2, interconnect: 3),
                                  years: 50)
        #expect(even.firstYear(.communication) == nil && even.crossover(.communication) == nil)
        #expect(even.firstYear(.memory) == nil && even.crossover(.memory) == nil)
    }

    @Test("the bottleneck of a tie is the earlier of compute, communication, memory")
    func ties() {
        let tie = WallProjection.Breakdown(compute: .milliseconds(5), communication: .milliseconds(5), memory: .milliseconds(5))
        #expect(tie.bottleneck == .compute)
        let memory = WallProjection.Breakdown(compute: .milliseconds(1), communication: .milliseconds(5), memory: .milliseconds(6))
        #expect(memory.bottleneck == .memory)
    }
}

@Suite("Growth rates")
struct GrowthRatesTests {
    @Test("a --rates list overrides only the names it gives")
    func overrides() throws {
        let rates = try GrowthRates(parsing: "interconnect=2, flops=4.5", over: .stated2024)
        #expect(rates == GrowthRates(flops: 4.5, dram: 1.6, interconnect: 2))
        #expect(abs(rates.growth(.interconnectBandwidth, overYears: 1) - 2.0.squareRoot()) < 1e-15)
        #expect(rates.growth(.peakFlops, overYears: 4) == 4.5 * 4.5)
    }

    @Test("fitted rates are the fits' growth per 2 years")
    func fitted() throws {
        let rates = GrowthRates(try HardwareTrend.all(edition: .paper2024))
        #expect(abs(rates.flops - 3.026) < 0.0005 && abs(rates.dram - 1.592) < 0.0005 && abs(rates.interconnect - 1.415) < 0.0005)
    }

    @Test("unknown names, missing factors and non-positive factors are rejected with the reason")
    func errors() {
        #expect(throws: TrendError.invalidRates(text: "flop=3", reason: "unknown name 'flop'; expected flops, dram, interconnect")) {
            try GrowthRates(parsing: "flop=3", over: .stated2024)
        }
        #expect(throws: TrendError.invalidRates(text: "dram", reason: "'dram' is not NAME=FACTOR, like flops=3.0")) {
            try GrowthRates(parsing: "dram", over: .stated2024)
        }
        #expect(throws: TrendError.invalidRates(text: "dram=-1", reason: "the factor of 'dram' is not a positive number: '-1'")) {
            try GrowthRates(parsing: "dram=-1", over: .stated2024)
        }
    }
}
