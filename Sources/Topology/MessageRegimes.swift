import SimKernel

/// What one message costs end to end, by its size: the latency, bandwidth and reduction rate of each
/// size range, as `wallsim calibrate` measures them.
///
/// A real transport changes protocol and memory behaviour with the message size: Open MPI's shared
/// memory path sends up to 4 KiB eagerly through a copy-in/copy-out FIFO and larger messages by a
/// rendezvous; buffers that fit in the last-level cache move several times faster than those that
/// spill to DRAM. One alpha-beta-gamma line cannot follow those steps. SimGrid answers with
/// piecewise factors by message size (`smpi/lat-factor`, `smpi/bw-factor`; Degomme et al.,
/// "Simulating MPI applications: the SMPI approach", IEEE TPDS 28(8), 2017); these regimes are the
/// same idea with the calibrated values themselves rather than factors of a link's:
///
///     let regimes = try MessageRegimes([
///         .init(from: .zero, latency: .microseconds(2), bandwidth: .gigabytesPerSecond(10)),
///         .init(from: .mebibytes(4), latency: .microseconds(20), bandwidth: .gigabytesPerSecond(2)),
///     ])
///     regimes.regime(for: 1 << 20).bandwidth   // 10 GB/s: a 1 MiB message is in the first range
///     regimes.time(of: 1 << 20)                // 2 us + 1 MiB at 10 GB/s
///
/// A regime applies from its `from` size up to the next regime's; the first starts at 0 bytes.
public struct MessageRegimes: Hashable, Sendable {
    /// The costs of messages of at least `from` bytes (up to the next regime's `from`).
    public struct Regime: Hashable, Sendable {
        public var from: ByteCount
        /// The time of an empty message (the model's alpha).
        public var latency: SimDuration
        /// The rate at which a lone message's bytes move (1/beta).
        public var bandwidth: Bandwidth
        /// The rate at which a receiver combines these bytes into its buffer (1/gamma); nil when free.
        public var reductionRate: Bandwidth?

        public init(from: ByteCount, latency: SimDuration, bandwidth: Bandwidth, reductionRate: Bandwidth? = nil) {
            self.from = from
            self.latency = latency
            self.bandwidth = bandwidth
            self.reductionRate = reductionRate
        }
    }

    /// Why a list of regimes cannot be used.
    public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
        case empty
        /// The first regime must start at 0 bytes, so that every size has one.
        case firstNotAtZero(ByteCount)
        /// Regimes must be listed by strictly increasing `from`; `index` is the first out of order.
        case notIncreasing(index: Int)
        /// A bandwidth or reduction rate that is not positive, or a negative latency.
        case nonPositive(index: Int, what: String)

        public var description: String {
            switch self {
            case .empty: "no regimes given"
            case .firstNotAtZero(let size): "the first regime must start at 0 B (got \(size)), so that every message size has one"
            case .notIncreasing(let index): "regime \(index + 1) does not start above the one before it; list regimes by increasing 'from'"
            case .nonPositive(let index, let what): "regime \(index + 1) has a \(what)"
            }
        }
    }

    /// The regimes by increasing `from`, the first from 0 bytes.
    public let regimes: [Regime]

    public init(_ regimes: [Regime]) throws(Problem) {
        guard let first = regimes.first else { throw .empty }
        guard first.from == .zero else { throw .firstNotAtZero(first.from) }
        for index in regimes.indices {
            let regime = regimes[index]
            if index > 0 && regime.from <= regimes[index - 1].from { throw .notIncreasing(index: index) }
            if regime.latency < .zero { throw .nonPositive(index: index, what: "negative latency \(regime.latency)") }
            if regime.bandwidth.bitsPerSecond <= 0 { throw .nonPositive(index: index, what: "bandwidth of \(regime.bandwidth)") }
            if let rate = regime.reductionRate, rate.bitsPerSecond <= 0 {
                throw .nonPositive(index: index, what: "reduction rate of \(rate)")
            }
        }
        self.regimes = regimes
    }

    /// The regime that prices a message of `bytes`: the last one whose `from` is at most `bytes`.
    /// - Complexity: O(log regimes).
    public func regime(for bytes: Int64) -> Regime {
        var low = 0, high = regimes.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if regimes[middle].from.bytes <= bytes { low = middle } else { high = middle - 1 }
        }
        return regimes[low]
    }

    /// A lone message's time in its regime: latency plus its bytes at the regime's bandwidth (rounded
    /// up to a whole picosecond, as `Bandwidth.transmissionTime(of:)` does).
    public func time(of bytes: Int64) -> SimDuration {
        let regime = regime(for: bytes)
        return regime.latency + regime.bandwidth.transmissionTime(of: bytes)
    }

    /// The same regimes with every latency set to zero (the bandwidth-only cost, as for a latency-free
    /// copy of a topology).
    public var withoutLatency: MessageRegimes {
        MessageRegimes(checked: regimes.map { regime in
            var regime = regime
            regime.latency = .zero
            return regime
        })
    }

    /// The same regimes reducing at `rate` whatever the message size (a user's override).
    public func reducing(at rate: Bandwidth?) -> MessageRegimes {
        MessageRegimes(checked: regimes.map { regime in
            var regime = regime
            regime.reductionRate = rate
            return regime
        })
    }

    /// Regimes derived from valid ones by changes that keep them valid.
    private init(checked regimes: [Regime]) { self.regimes = regimes }
}
