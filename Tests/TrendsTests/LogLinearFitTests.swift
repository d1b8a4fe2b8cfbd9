import Foundation
import Testing
import Trends

@Suite("Log-linear least-squares fits")
struct LogLinearFitTests {
    @Test("points on an exact exponential give its growth factor and R^2 = 1")
    func exactExponential() throws {
        let fit = try LogLinearFit([(2000, 1), (2002, 3), (2004, 9), (2006, 27)])
        #expect(abs(fit.growth(overYears: 2) - 3) < 1e-12)
        #expect(abs(fit.rSquared - 1) < 1e-12)
        #expect(abs(fit.value(atYear: 2008) - 81) < 1e-9)
        #expect(fit.count == 4 && fit.firstYear == 2000 && fit.lastYear == 2006)
    }

    @Test("a scattered set gives the hand-computed slope, intercept and R^2")
    func handComputed() throws {
        // log10 values 0, 1, 1, 3 at x = 0...3: Sxx = 5, Sxy = 4.5, Syy = 4.75.
        let fit = try LogLinearFit([(0, 1), (1, 10), (2, 10), (3, 1000)])
        #expect(abs(fit.slope - 0.9) < 1e-12)
        #expect(abs(fit.intercept - -0.1) < 1e-12)
        #expect(abs(fit.rSquared - 0.9 * 4.5 / 4.75) < 1e-12)
    }

    @Test("the seed paper's rates are reproduced to the digits of its regression table")
    func paperRates() throws {
        // our_OLS_x_per_2yr and our_OLS_x_per_20yr of trend_lines_and_regression.csv.
        let expected: [(MemoryWallData.Edition, HardwareQuantity, Double, Double)] = [
            (.blog2021, .peakFlops, 3.133, 9.104e4), (.blog2021, .dramBandwidth, 1.391, 27.1),
            (.blog2021, .interconnectBandwidth, 1.427, 35.01),
            (.paper2024, .peakFlops, 3.026, 6.431e4), (.paper2024, .dramBandwidth, 1.592, 104.3),
            (.paper2024, .interconnectBandwidth, 1.415, 32.2),
        ]
        for (edition, quantity, perTwo, perTwenty) in expected {
            let trend = try HardwareTrend(quantity, edition: edition)
            #expect(abs(trend.fit.growth(overYears: 2) - perTwo) < 0.0005, "\(edition) \(quantity)")
            #expect(abs(trend.fit.growth(overYears: 20) / perTwenty - 1) < 0.0005, "\(edition) \(quantity)")
            #expect(trend.fit.rSquared > 0.85 && trend.fit.rSquared < 1)
            // The fit lands within 0.1 of the rate the figure states.
            #expect(abs(trend.fit.growth(overYears: 2) - trend.stated.perTwoYears) < 0.1)
        }
    }

    @Test("fits refuse too few points, non-positive values and a single year")
    func errors() {
        #expect(throws: TrendError.tooFewPoints(count: 1)) { try LogLinearFit([(2000, 1)]) }
        #expect(throws: TrendError.notPositive(year: 2001, value: 0)) { try LogLinearFit([(2000, 1), (2001, 0)]) }
        #expect(throws: TrendError.noSpreadInYears(year: 2000)) { try LogLinearFit([(2000, 1), (2000, 5)]) }
    }
}
