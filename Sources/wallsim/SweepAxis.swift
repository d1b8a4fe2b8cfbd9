import ArgumentParser
import Reports
import Scenario
import SimKernel
import Topology

/// What a sweep varies from point to point: the number of GPUs, the rate or latency of the
/// scale-out links, or the tensor or pipeline size on a fixed number of GPUs.
enum SweepAxis: Sendable {
    case gpus([Int])
    case bandwidth([Bandwidth])
    case latency([SimDuration])
    case tensor([Int])
    case pipeline([Int])

    /// The axis of `--gpus 64,128` or `--vary bandwidth=100Gbps,200Gbps` / `latency=1us,2us` / `tp=1,2,4` / `pp=1,2`.
    static func parse(gpus: String?, vary: String?) throws -> SweepAxis {
        switch (gpus, vary) {
        case (nil, nil): throw ValidationError("give --gpus 64,128,... or --vary bandwidth=...|latency=...|tp=...|pp=...")
        case (.some, .some): throw ValidationError("give either --gpus or --vary, not both")
        case (let gpus?, nil):
            let counts = gpus.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !counts.isEmpty, counts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw ValidationError("--gpus expects comma-separated GPU counts like 64,128,256; got '\(gpus)'")
            }
            return .gpus(counts.compactMap { $0 })
        case (nil, let vary?):
            let parts = vary.split(separator: "=", maxSplits: 1).map(String.init)
            let values = parts.count == 2 ? parts[1].split(separator: ",").map(String.init) : []
            switch parts.first {
            case "bandwidth" where !values.isEmpty:
                let rates = values.map { Bandwidth(parsing: $0) }
                guard rates.allSatisfy({ ($0?.bitsPerSecond ?? 0) > 0 }) else {
                    throw ValidationError("--vary bandwidth expects positive rates with a unit, like 100Gbps,200Gbps; got '\(parts[1])'")
                }
                return .bandwidth(rates.compactMap { $0 })
            case "latency" where !values.isEmpty:
                let delays = values.map { SimDuration(parsing: $0) }
                guard delays.allSatisfy({ ($0?.picoseconds ?? -1) >= 0 }) else {
                    throw ValidationError("--vary latency expects durations with a unit, like 1us,2us; got '\(parts[1])'")
                }
                return .latency(delays.compactMap { $0 })
            case let key? where (key == "tp" || key == "pp") && !values.isEmpty:
                let sizes = values.map { Int($0) }
                guard sizes.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                    throw ValidationError("--vary \(key) expects whole sizes of at least 1, like \(key)=1,2,4; got '\(parts[1])'")
                }
                return key == "tp" ? .tensor(sizes.compactMap { $0 }) : .pipeline(sizes.compactMap { $0 })
            default:
                throw ValidationError("--vary expects bandwidth=RATE,..., latency=TIME,..., tp=SIZE,... or pp=SIZE,...; got '\(vary)'")
            }
        }
    }

    var count: Int {
        switch self {
        case .gpus(let values), .tensor(let values), .pipeline(let values): values.count
        case .bandwidth(let values): values.count
        case .latency(let values): values.count
        }
    }

    /// Whether the axis is the tensor size (the one parallel dimension it varies, if not the pipeline).
    var isTensor: Bool {
        if case .tensor = self { return true }
        return false
    }

    /// Whether the points differ in their links rather than in their workload.
    var variesLinks: Bool {
        switch self {
        case .bandwidth, .latency: true
        case .gpus, .tensor, .pipeline: false
        }
    }

    /// The table column of the varied quantity, with its unit; nil for GPUs, tp and pp, which every row
    /// shows anyway.
    var columnTitle: String? {
        switch self {
        case .gpus, .tensor, .pipeline: nil
        case .bandwidth: "scale_out(Gbps)"
        case .latency: "scale_out_latency(us)"
        }
    }

    /// Point `index`'s value in the unit of `columnTitle` and of the plot's x axis.
    func value(at index: Int) -> Double {
        switch self {
        case .gpus(let values), .tensor(let values), .pipeline(let values): Double(values[index])
        case .bandwidth(let values): values[index].gigabitsPerSecond
        case .latency(let values): values[index].microseconds
        }
    }

    /// Point `index` as a reader would name it (`128 GPUs`, `200 Gbps`, `tp=4`).
    func label(at index: Int) -> String {
        switch self {
        case .gpus(let values): "\(values[index]) GPUs"
        case .tensor(let values): "tp=\(values[index])"
        case .pipeline(let values): "pp=\(values[index])"
        case .bandwidth(let values): "\(values[index])"
        case .latency(let values): "\(values[index])"
        }
    }

    /// The plot's x axis; logarithmic, since sweeps double their values.
    var plotAxis: PlotAxis {
        switch self {
        case .gpus: PlotAxis(title: "cluster size", unit: "GPUs", scale: .log)
        case .bandwidth: PlotAxis(title: "scale-out link rate", unit: "Gbps", scale: .log)
        case .latency: PlotAxis(title: "scale-out link latency", unit: "us", scale: .log)
        case .tensor: PlotAxis(title: "tensor-parallel size", unit: "GPUs per tensor group", scale: .log)
        case .pipeline: PlotAxis(title: "pipeline-parallel size", unit: "stages", scale: .log)
        }
    }

    /// `spec` with every scale-out link at point `index`'s rate or latency; `spec` unchanged for the
    /// axes that vary the workload.
    ///
    /// Scale-out means the NICs and the fabric behind them in a hierarchical cluster, the global links of a
    /// dragonfly, and every link of a flat shape (ring, switch, torus, fat tree), which has no other kind.
    func apply(at index: Int, to spec: TopologySpec) throws -> TopologySpec {
        var spec = spec
        func edit(_ link: inout LinkSpec) {
            switch self {
            case .gpus, .tensor, .pipeline: break
            case .bandwidth(let values): link.bandwidth = values[index]
            case .latency(let values): link.latency = values[index]
            }
        }
        switch spec.shape {
        case .ring(let npus, var link, let bidirectional):
            edit(&link)
            spec.shape = .ring(npus: npus, link: link, bidirectional: bidirectional)
        case .fullyConnected(let npus, var link):
            edit(&link)
            spec.shape = .fullyConnected(npus: npus, link: link)
        case .switched(let npus, var link):
            edit(&link)
            spec.shape = .switched(npus: npus, link: link)
        case .torus(let dimensions, var link, let wraparound):
            edit(&link)
            spec.shape = .torus(dimensions: dimensions, link: link, wraparound: wraparound)
        case .fatTree(var tree):
            edit(&tree.link)
            spec.shape = .fatTree(tree)
        case .dragonfly(var dragonfly):
            edit(&dragonfly.global)
            spec.shape = .dragonfly(dragonfly)
        case .hierarchical(var cluster):
            edit(&cluster.nic)
            if case .fatTree(let radix, let levels, let oversubscription, var link) = cluster.scaleOut {
                edit(&link)
                cluster.scaleOut = .fatTree(radix: radix, levels: levels, oversubscription: oversubscription, link: link)
            }
            spec.shape = .hierarchical(cluster)
        case .graph:
            if !variesLinks { return spec }
            throw ValidationError("--vary needs a structured topology; '\(spec.name)' is a graph, whose links have rates of their own")
        }
        return spec
    }
}
