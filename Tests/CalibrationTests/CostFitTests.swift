import Calibration
import Foundation
import Collectives
import Testing

/// Ring all-gather and all-reduce over a sweep of sizes: the measurements `calibrate` fits.
private func ringMeasurementFeatures(ranks: Int, sizes: [Int]) throws -> [(String, CostFeatures)] {
    try sizes.flatMap { count in
        try [CollectiveOp.allGather, .allReduce].map { op in
            let schedule = try CollectiveAlgorithm.ring.schedule(op, ranks: ranks, count: count, elementSize: 4)
            return ("\(op) \(count)", CostFeatures(schedule))
        }
    }
}

@Suite("alpha-beta-gamma calibration")
struct CostFitTests {
    @Test("ring features are the textbook cost terms 2(p-1), 2(p-1)n/p, (p-1)n/p", arguments: [2, 3, 4, 8])
    func ringFeatures(ranks p: Int) throws {
        let count = 1 << 16 * 3 * 5 * 7 // divisible by every p tested, so blocks are equal
        let n = Double(count * 4)
        let pd = Double(p)
        let allReduce = CostFeatures(try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: p, count: count, elementSize: 4))
        #expect(allReduce == CostFeatures(messages: 2 * (pd - 1), bytes: 2 * (pd - 1) * n / pd, reducedBytes: (pd - 1) * n / pd))
        let allGather = CostFeatures(try CollectiveAlgorithm.ring.schedule(.allGather, ranks: p, count: count, elementSize: 4))
        #expect(allGather == CostFeatures(messages: pd - 1, bytes: (pd - 1) * n / pd, reducedBytes: 0))
    }

    @Test("recursive doubling's features are lg p (1, n, n)")
    func recursiveDoubling() throws {
        let schedule = try CollectiveAlgorithm.recursiveDoubling.schedule(.allReduce, ranks: 8, count: 1000, elementSize: 8)
        #expect(CostFeatures(schedule) == CostFeatures(messages: 3, bytes: 24_000, reducedBytes: 24_000))
    }

    @Test("exact synthetic times give back the alpha, beta and gamma they were made from")
    func recoversKnownModel() throws {
        let truth = CostModel(alpha: 1.5e-6, beta: 1 / 6.0e9, gamma: 1 / 20.0e9)
        let sizes = (3...24).map { 1 << $0 }
        let measurements = try ringMeasurementFeatures(ranks: 2, sizes: sizes).map { label, features in
            Observation(label: label, features: features, seconds: truth.seconds(for: features))
        }
        let fit = try CostFit(measurements)
        #expect(abs(fit.model.alpha / truth.alpha - 1) < 1e-9)
        #expect(abs(fit.model.beta / truth.beta - 1) < 1e-9)
        #expect(abs(fit.model.gamma / truth.gamma - 1) < 1e-9)
        #expect(abs(fit.rSquared - 1) < 1e-12)
        #expect(fit.relativeResiduals.allSatisfy { abs($0) < 1e-9 })
        #expect(fit.clamped.isEmpty)
    }

    @Test("deterministic noise of at most 2% moves the fitted parameters by little")
    func noisyTimes() throws {
        let truth = CostModel(alpha: 3e-6, beta: 1 / 2.0e9, gamma: 1 / 8.0e9)
        let measurements = try ringMeasurementFeatures(ranks: 4, sizes: (4...22).map { 1 << $0 }).enumerated().map { i, item in
            Observation(label: item.0, features: item.1, seconds: truth.seconds(for: item.1) * (1 + 0.02 * sin(Double(i) * 2.39)))
        }
        let fit = try CostFit(measurements)
        #expect(abs(fit.model.alpha / truth.alpha - 1) < 0.05)
        #expect(abs(fit.model.beta / truth.beta - 1) < 0.05)
        #expect(abs(fit.model.gamma / truth.gamma - 1) < 0.15)
        #expect(fit.medianAbsoluteError < 0.02)
    }

    @Test("a negative fitted gamma is clamped to 0 and the others refitted")
    func clampsNegative() throws {
        // Times with no reduction cost at all, minus a little for the reducing runs: gamma would go negative.
        let truth = CostModel(alpha: 2e-6, beta: 1 / 5.0e9, gamma: 0)
        let measurements = try ringMeasurementFeatures(ranks: 2, sizes: (10...20).map { 1 << $0 }).map { label, features in
            Observation(label: label, features: features,
                        seconds: truth.seconds(for: features) - 1e-12 * features.reducedBytes / 100)
        }
        let fit = try CostFit(measurements)
        #expect(fit.clamped == ["gamma"])
        #expect(fit.model.gamma == 0)
        #expect(fit.model.reductionRate == nil)
        #expect(abs(fit.model.beta / truth.beta - 1) < 0.01)
    }

    @Test("all-reduce alone cannot separate beta from gamma, and says so")
    func indistinguishable() throws {
        let measurements = try (10...16).map { shift in
            let schedule = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: 2, count: 1 << shift, elementSize: 4)
            return Observation(label: "\(shift)", features: CostFeatures(schedule), seconds: Double(shift) * 1e-6)
        }
        #expect(throws: CalibrationError.self) { try CostFit(measurements) }
    }

    @Test("fewer than three measurements or a non-positive time are refused")
    func badInput() {
        let one = Observation(label: "a", features: CostFeatures(messages: 1, bytes: 8, reducedBytes: 0), seconds: 1e-6)
        #expect(throws: CalibrationError.tooFewMeasurements(2)) { try CostFit([one, one]) }
        let zero = Observation(label: "z", features: one.features, seconds: 0)
        #expect(throws: CalibrationError.invalidTime(label: "z", seconds: 0)) { try CostFit([one, one, zero]) }
    }

    @Test("median of odd and even counts")
    func medians() {
        #expect(median([3, 1, 2]) == 2)
        #expect(median([4, 1, 3, 2]) == 2.5)
        #expect(median([]) == 0)
    }
}
