import Collectives
import Fabric
import SimKernel
import Topology

/// Issue 3's scale benchmark: a ring all-reduce of `bytes` (float32 elements) across `hosts` ranks,
/// each host on its own 100 Gbps, 1 us uplink and downlink to one non-blocking switch
/// (`FlowBenchmark.star`), through `ScheduleExecutor` and `CollectiveAlgorithm.ring`.
///
/// The prediction is checked against the alpha-beta cost of the ring (Thakur, Rabenseifner & Gropp,
/// IJHPCA 2005): `2(p-1)(alpha + n/p beta)` with alpha = 2 us (two 1 us hops) and beta = 1 / 100 Gbps.
/// When p does not divide the element count the ring's `BlockLayout` makes blocks of floor and ceil
/// elements; every step waits for its slowest transfer and some chain of steps carries a ceil block
/// throughout, so the exact expectation is `2(p-1)(alpha + transmissionTime(ceil block))`, which equals
/// the ideal formula whenever p divides the count.
struct RingAllReduceBenchmark {
    var hosts: Int
    var bytes: Int64
    var model: FlowBenchmark.Model

    static let linkRate = Bandwidth.gigabitsPerSecond(100)
    static let alpha = SimDuration.microseconds(2)
    static let elementSize = 4

    struct Outcome {
        var hosts: Int
        var measurement: Result
        var transfers: Int
        var predicted: SimDuration
        /// `2(p-1)(alpha + transmissionTime(ceil(count/p) elements))`, in picoseconds.
        var expected: SimDuration
        /// `2(p-1)(alpha + n/p beta)` with n/p real, in picoseconds.
        var ideal: Double

        var differenceFromExpected: Double { Double(predicted.picoseconds - expected.picoseconds) / Double(expected.picoseconds) }
        var differenceFromIdeal: Double { (Double(predicted.picoseconds) - ideal) / ideal }
    }

    func run() throws -> Outcome {
        precondition(hosts >= 2 && bytes > 0 && bytes % Int64(Self.elementSize) == 0,
                     "ring all-reduce benchmark of \(bytes) bytes on \(hosts) hosts")
        let topology = FlowBenchmark.star(hosts: hosts)
        let count = Int(bytes) / Self.elementSize
        let schedule = try CollectiveAlgorithm.ring.schedule(.allReduce, ranks: hosts, count: count, elementSize: Self.elementSize)
        let executor = ScheduleExecutor(topology: topology)
        let startTime = monotonicSeconds()
        let startCPU = cpuSeconds()
        let record = switch model {
        case .flow: try executor.run(schedule, on: FlowNetwork(topology: topology))
        case .analytical: try executor.run(schedule, on: AnalyticalNetwork(topology: topology))
        }
        let seconds = monotonicSeconds() - startTime
        let cpu = cpuSeconds() - startCPU
        let transfers = 2 * (hosts - 1) * hosts
        let measurement = Result(name: "\(model.rawValue) ring all-reduce, \(hosts)", events: transfers, seconds: seconds,
                                 cpuSeconds: cpu, peakMebibytes: peakResidentMebibytes(), note: "")
        return Outcome(hosts: hosts, measurement: measurement, transfers: transfers, predicted: record.duration,
                       expected: expected(count: count), ideal: ideal())
    }

    /// The exact prediction for blocks of floor/ceil elements (see the type's comment).
    func expected(count: Int) -> SimDuration {
        let largestBlock = Int64((count + hosts - 1) / hosts * Self.elementSize)
        let step = Self.alpha + Self.linkRate.transmissionTime(of: largestBlock)
        return .picoseconds(2 * Int64(hosts - 1) * step.picoseconds)
    }

    /// The textbook formula with n/p as a real number, in picoseconds.
    func ideal() -> Double {
        let beta = 8e12 / Double(Self.linkRate.bitsPerSecond)
        return 2 * Double(hosts - 1) * (Double(Self.alpha.picoseconds) + Double(bytes) / Double(hosts) * beta)
    }
}

/// Prints ring all-reduce outcomes: speed columns, then the prediction beside the formulas.
func printRingAllReduce(_ outcomes: [RingAllReduceBenchmark.Outcome]) {
    printTable(outcomes.map(\.measurement), eventName: "transfers")
    print("")
    print("hosts    predicted (ps)        expected (ps)         difference   ideal formula (ps)       difference")
    for outcome in outcomes {
        let cells = [
            padded(String(outcome.hosts), 8),
            padded(String(outcome.predicted.picoseconds), 21),
            padded(String(outcome.expected.picoseconds), 21),
            padded(scientific(outcome.differenceFromExpected), 12),
            padded(fixed(outcome.ideal, 1), 24),
            scientific(outcome.differenceFromIdeal),
        ]
        print(cells.joined(separator: " "))
    }
}

private func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// A relative difference as `1.23e-06`, or `0` when exact.
private func scientific(_ value: Double) -> String {
    guard value != 0 else { return "0" }
    var exponent = 0
    var mantissa = abs(value)
    while mantissa < 1 { mantissa *= 10; exponent -= 1 }
    while mantissa >= 10 { mantissa /= 10; exponent += 1 }
    let sign = value < 0 ? "-" : ""
    let digits = exponent < 0 ? "-" + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent)) : "+" + (exponent < 10 ? "0" : "") + String(exponent)
    return sign + fixed(mantissa, 2) + "e" + digits
}
