// wallsim-bench: micro and targeted benchmarks of wallsim's kernel and network models.
//
//     swift build -c release --package-path Benchmarks
//     Benchmarks/.build/release/wallsim-bench kernel
//     Benchmarks/.build/release/wallsim-bench flow --hosts 1024,4096,16384 --rounds 20

import Topology
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let usage = """
    usage: wallsim-bench kernel [--events N] [--pending N]
           wallsim-bench flow [--pattern ring|alltoall] [--hosts N,N,...] [--rounds N] [--bytes N]
                              [--model flow|analytical]
           wallsim-bench allgather [--ranks N,N,...] [--bytes N] [--model flow|analytical]
           wallsim-bench ring-allreduce [--hosts N,N,...] [--bytes SIZE] [--model flow|analytical]
           wallsim-bench iteration [--config NAME|FILE] [--model flow|analytical]

    kernel  dispatches N events (default 10000000) through Simulator, keeping about --pending
            (default 1000) scheduled: each dispatched event schedules one more.
    flow    traffic through one switch, each host on its own 100 Gbps, 1 us links, each stream
            sending --rounds messages (default 20) of --bytes (default 1048576) back to back.
            ring: host h sends to h+1 (default hosts 1024,4096,16384); every flow is alone.
            alltoall: every host to every other, all sizes different so flows finish one by one
            (default hosts 16,32,64, 2 rounds); one shared component, the solver's worst case.
    allgather  a ring all-gather, --bytes per rank (default 1048576), through ScheduleExecutor on
            that switch, for each rank count (default 64,256,1024).
    ring-allreduce  issue 3's scale case: a ring all-reduce of --bytes (default 256MiB, float32)
            on that switch for each host count (default 1024,4096,16384), its predicted time beside
            2(p-1)(alpha + n/p beta), alpha = 2 us, beta = 1 / 100 Gbps.
    iteration  issue 5's whole-run case: one training iteration of a config (default
            gpt3-175b-megatron), from reading it to the played timeline; tasks counted as events.
    Peak RSS is the process's high-water mark so far: run one case per process to isolate it.
    """

/// Parsed `--name value` options; unknown names and malformed values end the program with usage.
struct Options {
    private var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>, allowed: Set<String>) {
        var rest = arguments
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), allowed.contains(String(name.dropFirst(2))), let value = rest.popFirst() else {
                fail("bad option \(name)")
            }
            values[String(name.dropFirst(2))] = value
        }
    }

    func integers(_ name: String, default fallback: [Int]) -> [Int] {
        guard let text = values[name] else { return fallback }
        let parsed = text.split(separator: ",").map { Int($0) }
        guard !parsed.isEmpty, parsed.allSatisfy({ ($0 ?? 0) > 0 }) else { fail("--\(name) wants positive integers, got \(text)") }
        return parsed.compactMap { $0 }
    }

    func integer(_ name: String, default fallback: Int) -> Int {
        let list = integers(name, default: [fallback])
        guard list.count == 1 else { fail("--\(name) wants one integer") }
        return list[0]
    }

    func string(_ name: String, default fallback: String) -> String { values[name] ?? fallback }
}

func fail(_ message: String) -> Never {
    let text = Array("wallsim-bench: \(message)\n\n\(usage)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }  // standard error
    exit(64)
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "iteration":
    let options = Options(arguments.dropFirst(), allowed: ["config", "model"])
    let benchmark = IterationBenchmark(config: options.string("config", default: "gpt3-175b-megatron"),
                                       model: options.string("model", default: "flow"))
    do {
        printTable([try benchmark.run()], eventName: "tasks")
    } catch {
        fail("\(error)")
    }
case "kernel":
    let options = Options(arguments.dropFirst(), allowed: ["events", "pending"])
    let benchmark = KernelBenchmark(events: options.integer("events", default: 10_000_000),
                                    pending: options.integer("pending", default: 1_000))
    printTable([benchmark.run()], eventName: "events")
case "flow":
    let options = Options(arguments.dropFirst(), allowed: ["pattern", "hosts", "rounds", "bytes", "model"])
    guard let model = FlowBenchmark.Model(rawValue: options.string("model", default: "flow")) else {
        fail("--model is flow or analytical")
    }
    guard let pattern = FlowBenchmark.Pattern(rawValue: options.string("pattern", default: "ring")) else {
        fail("--pattern is ring or alltoall")
    }
    let isRing = pattern == .ring
    let rounds = options.integer("rounds", default: isRing ? 20 : 2)
    let bytes = Int64(options.integer("bytes", default: 1 << 20))
    var results: [Result] = []
    for hosts in options.integers("hosts", default: isRing ? [1_024, 4_096, 16_384] : [16, 32, 64]) {
        guard hosts >= 2 else { fail("--hosts must be at least 2") }
        results.append(FlowBenchmark(pattern: pattern, hosts: hosts, rounds: rounds, bytes: bytes, model: model).run())
    }
    printTable(results, eventName: "flow events")
case "allgather":
    let options = Options(arguments.dropFirst(), allowed: ["ranks", "bytes", "model"])
    guard let model = FlowBenchmark.Model(rawValue: options.string("model", default: "flow")) else {
        fail("--model is flow or analytical")
    }
    let bytes = Int64(options.integer("bytes", default: 1 << 20))
    var results: [Result] = []
    for ranks in options.integers("ranks", default: [64, 256, 1_024]) {
        guard ranks >= 2 else { fail("--ranks must be at least 2") }
        do {
            results.append(try CollectiveBenchmark(ranks: ranks, bytesPerRank: bytes, model: model).run())
        } catch {
            fail("\(error)")
        }
    }
    printTable(results, eventName: "flow events")
case "ring-allreduce":
    let options = Options(arguments.dropFirst(), allowed: ["hosts", "bytes", "model"])
    guard let model = FlowBenchmark.Model(rawValue: options.string("model", default: "flow")) else {
        fail("--model is flow or analytical")
    }
    let text = options.string("bytes", default: "256MiB")
    guard let size = Int64(text).map(ByteCount.init(bytes:)) ?? ByteCount(parsing: text), size.bytes > 0, size.bytes % 4 == 0 else {
        fail("--bytes wants a positive multiple of 4 bytes (float32), such as 256MiB, got \(text)")
    }
    var outcomes: [RingAllReduceBenchmark.Outcome] = []
    for hosts in options.integers("hosts", default: [1_024, 4_096, 16_384]) {
        guard hosts >= 2 else { fail("--hosts must be at least 2") }
        do {
            outcomes.append(try RingAllReduceBenchmark(hosts: hosts, bytes: size.bytes, model: model).run())
        } catch {
            fail("\(error)")
        }
    }
    printRingAllReduce(outcomes)
default:
    fail("expected a subcommand")
}
