import SimKernel

/// Schedule-and-dispatch throughput of `Simulator`: a steady population of pending events, each
/// dispatched event scheduling one more, until `events` have been dispatched.
///
/// Delays come from a fixed linear congruential sequence (Knuth, MMIX constants), so the heap sees a
/// realistic mix of near and far events and every run is identical.
struct KernelBenchmark {
    var events: Int
    var pending: Int

    func run() -> Result {
        var sim = Simulator<Int>()
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func delay() -> SimDuration {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return .picoseconds(Int64(1 + (state >> 33) % 1_000_000))
        }
        let startTime = monotonicSeconds()
        let startCPU = cpuSeconds()
        for i in 0..<pending { sim.schedule(i, after: delay()) }
        var scheduled = pending
        var checksum = 0
        while let (_, event) = sim.next() {
            checksum &+= event
            if scheduled < events {
                sim.schedule(event, after: delay())
                scheduled += 1
            }
        }
        let seconds = monotonicSeconds() - startTime
        let cpu = cpuSeconds() - startCPU
        precondition(sim.dispatched == events, "dispatched \(sim.dispatched) of \(events) events")
        return Result(name: "kernel, \(pending) pending", events: sim.dispatched, seconds: seconds, cpuSeconds: cpu,
                      peakMebibytes: peakResidentMebibytes(),
                      note: "simulated \(sim.now.sinceStart), checksum \(checksum)")
    }
}
