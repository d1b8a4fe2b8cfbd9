import Calibration
import Collectives
import Foundation
import Testing

/// Ring all-gather and all-reduce on 2 ranks at every power of two from 1 KiB to 64 MiB, timed by a
/// model that changes with the message size: the measurements `calibrate` fits.
private func observations(ranks: Int = 2, time: (CostFeatures, Int64) -> Double) throws -> [Observation] {
    try (10...26).flatMap { exponent in
        try [CollectiveOp.allGather, .allReduce].map { op in
            let schedule = try CollectiveAlgorithm.ring.schedule(op, ranks: ranks, count: (1 << exponent) / 4, elementSize: 4)
            let features = CostFeatures(schedule)
            let message = Int64(1 << exponent) / Int64(ranks)
            return Observation(label: "\(op) \(1 << exponent)", features: features, seconds: time(features, message),
                               messageBytes: message)
        }
    }
}

@Suite("piecewise (regime) calibration")
struct RegimeFitTests {
    /// Eager below 4 KiB messages, cache-resident up to 4 MiB, DRAM above: three lines.
    static let truth: [(from: Int64, model: CostModel)] = [
        (0, CostModel(alpha: 1e-6, beta: 1 / 4e9, gamma: 1 / 20e9)),
        (4096, CostModel(alpha: 5e-6, beta: 1 / 12e9, gamma: 1 / 16e9)),
        (4 << 20, CostModel(alpha: 20e-6, beta: 1 / 2e9, gamma: 1 / 1.5e9)),
    ]

    static func truthTime(_ features: CostFeatures, _ message: Int64) -> Double {
        (truth.last { $0.from <= message } ?? truth[0]).model.seconds(for: features)
    }

    @Test("exact piecewise times give back the three regimes, their bounds and parameters")
    func recoversRegimes() throws {
        let fit = try RegimeFit(try observations(time: Self.truthTime))
        #expect(fit.regimes.count == 3)
        // Bounds fall between the last size measured in one regime and the first of the next.
        #expect(fit.regimes.map(\.from) == [0, 2896, 2_965_821])
        for (regime, truth) in zip(fit.regimes, Self.truth) {
            #expect(abs(regime.fit.model.alpha / truth.model.alpha - 1) < 1e-6)
            #expect(abs(regime.fit.model.beta / truth.model.beta - 1) < 1e-6)
            #expect(abs(regime.fit.model.gamma / truth.model.gamma - 1) < 1e-6)
        }
        #expect(fit.relativeResiduals.allSatisfy { abs($0) < 1e-9 })
        #expect(fit.regime(for: 1 << 30).from == 2_965_821)
    }

    @Test("one line with 3% noise stays one regime: more would not pay for their parameters")
    func noSpuriousRegimes() throws {
        let line = CostModel(alpha: 3e-6, beta: 1 / 5e9, gamma: 1 / 10e9)
        let noisy = try observations { features, message in
            line.seconds(for: features) * (1 + 0.03 * sin(Double(message % 1009) + Double(features.messages)))
        }
        let fit = try RegimeFit(noisy)
        #expect(fit.regimes.count == 1)
        #expect(abs(fit.regimes[0].fit.model.beta / line.beta - 1) < 0.05)
    }

    @Test("--regimes 1 is the single alpha-beta-gamma fit")
    func singleRegimeIsCostFit() throws {
        let data = try observations(time: Self.truthTime)
        let one = try RegimeFit(data, maximumRegimes: 1)
        let plain = try CostFit(data)
        #expect(one.regimes.count == 1 && one.regimes[0].from == 0)
        #expect(one.regimes[0].fit.model == plain.model)
        // And the single line cannot follow three regimes: its median error is large.
        #expect(one.medianAbsoluteError > 0.2)
    }

    @Test("a single size is one regime when ring and recursive doubling tell alpha from beta, else refused")
    func singleSize() throws {
        let truth = CostModel(alpha: 2e-6, beta: 1 / 5e9, gamma: 1 / 10e9)
        let n = 1 << 20
        let observations = try [CollectiveAlgorithm.ring, .recursiveDoubling].flatMap { algorithm in
            try [CollectiveOp.allGather, .allReduce].map { op in
                let features = CostFeatures(try algorithm.schedule(op, ranks: 4, count: n / 4, elementSize: 4))
                return Observation(label: "\(algorithm) \(op)", features: features, seconds: truth.seconds(for: features),
                                   messageBytes: Int64(n))
            }
        }
        let fit = try RegimeFit(observations)
        #expect(fit.regimes.count == 1 && fit.regimes[0].from == 0)
        #expect(abs(fit.regimes[0].fit.model.beta / truth.beta - 1) < 1e-6)
        // Ring alone at one size: its latencies and bytes grow together, so alpha and beta cannot be told apart.
        let ringOnly = Array(observations.prefix(2))
        #expect(throws: CalibrationError.self) { try RegimeFit(ringOnly + [ringOnly[0]]) }
    }

    @Test("too few measurements are refused")
    func tooFew() throws {
        let data = Array(try observations(time: Self.truthTime).prefix(2))
        #expect(throws: CalibrationError.tooFewMeasurements(2)) { try RegimeFit(data) }
    }
}
