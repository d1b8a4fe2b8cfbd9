import SimKernel

/// The rate and delay of one direction of a physical link, as a topology file states it.
public struct LinkSpec: Hashable, Sendable {
    public var bandwidth: Bandwidth
    public var latency: SimDuration

    public init(bandwidth: Bandwidth, latency: SimDuration) {
        self.bandwidth = bandwidth
        self.latency = latency
    }
}

/// A plain description of a cluster interconnect, which `build()` turns into a `Topology`.
///
/// The YAML loader produces these values; nothing here reads files. Every structured shape names its
/// nodes readably (`npu3`, `node2.gpu5`, `leaf4`, `spine1`, `core0`, `g3.r1`) and numbers its NPUs in
/// rank order first, so NPU rank `i` is node `i`.
///
///     let spec = TopologySpec(name: "dgx", shape: .switched(npus: 8, link: nvlink))
///     let topology = try spec.build()
///
/// When `npuInjection` is set, every NPU `x` gets a port switch `x.port`, joined to it by a duplex link
/// at the injection rate with zero latency, and all of the NPU's fabric links attach to the port
/// instead. The cap therefore limits what an NPU sends and receives in total, while traffic passing
/// through a direct topology (ring, torus) crosses ports but not the cap.
public struct TopologySpec: Hashable, Sendable {
    public var name: String
    public var shape: Shape
    /// Caps each NPU's total egress (and ingress) into the fabric; nil leaves only the links' rates.
    public var npuInjection: Bandwidth?

    public init(name: String, shape: Shape, npuInjection: Bandwidth? = nil) {
        self.name = name
        self.shape = shape
        self.npuInjection = npuInjection
    }

    /// The building blocks. Every link of a structured shape is full duplex unless it says otherwise.
    public indirect enum Shape: Hashable, Sendable {
        /// `npus` NPUs in a ring, each joined to the next; one direction only unless `bidirectional`.
        case ring(npus: Int, link: LinkSpec, bidirectional: Bool)
        /// A direct link between every pair of `npus` NPUs.
        case fullyConnected(npus: Int, link: LinkSpec)
        /// A star: every NPU on one non-blocking switch (`switch`).
        case switched(npus: Int, link: LinkSpec)
        /// A 2D or 3D torus (each dimension a ring); a mesh when `wraparound` is false. NPU ranks run
        /// with dimension 0 fastest: rank = x0 + d0 * (x1 + d1 * x2).
        case torus(dimensions: [Int], link: LinkSpec, wraparound: Bool)
        /// A folded-Clos fat tree of 2 (leaf-spine) or 3 (edge, aggregation, core) levels.
        case fatTree(FatTree)
        /// A dragonfly: groups of fully connected routers, groups joined by global links.
        case dragonfly(Dragonfly)
        /// Nodes of several NPUs on a scale-up fabric, with one NIC per NPU into a scale-out fabric.
        case hierarchical(Hierarchical)
        /// An explicit graph, for anything the structured shapes do not cover.
        case graph(nodes: [GraphNode], links: [GraphLink])
    }
}

extension TopologySpec {
    /// A fat tree of switches with `radix` ports each, in the folded-Clos form of Al-Fares, Loukissas &
    /// Vahdat, "A Scalable, Commodity Data Center Network Architecture", SIGCOMM 2008.
    ///
    /// Every switch spends `radix/2` ports down and `radix/2` up. With 3 levels a pod has `radix/2` edge
    /// and `radix/2` aggregation switches and there are `(radix/2)^2` core switches, so a full tree holds
    /// `radix^3/4` NPUs; with 2 levels there are `radix/2` spines and at most `radix` leaves
    /// (`radix^2/2` NPUs). Fewer NPUs than a full tree fill leaves in rank order and build only the leaves
    /// (and pods) they need.
    ///
    /// Oversubscription `r` divides the rate of the leaf (edge) uplinks by `r`, keeping the port counts,
    /// so a leaf's downlink capacity is `r` times its uplink capacity; the levels above stay non-blocking.
    public struct FatTree: Hashable, Sendable {
        public var npus: Int
        public var radix: Int
        public var levels: Int
        public var oversubscription: Double
        /// Every link of the tree: NPU to leaf and between switches (leaf uplinks scaled by oversubscription).
        public var link: LinkSpec

        public init(npus: Int, radix: Int, levels: Int, oversubscription: Double = 1, link: LinkSpec) {
            self.npus = npus
            self.radix = radix
            self.levels = levels
            self.oversubscription = oversubscription
            self.link = link
        }

        /// The full 3-level k-ary fat tree of Al-Fares et al.: `k^3/4` NPUs.
        public static func kAry(k: Int, link: LinkSpec, oversubscription: Double = 1) -> FatTree {
            FatTree(npus: k * k * k / 4, radix: k, levels: 3, oversubscription: oversubscription, link: link)
        }

        /// A 2-level leaf-spine fabric of `npus` NPUs on switches of `radix` ports.
        public static func leafSpine(npus: Int, radix: Int, link: LinkSpec, oversubscription: Double = 1) -> FatTree {
            FatTree(npus: npus, radix: radix, levels: 2, oversubscription: oversubscription, link: link)
        }
    }

    /// A dragonfly (Kim, Dally, Scott & Abts, "Technology-Driven, Highly-Scalable Dragonfly Topology",
    /// ISCA 2008): `groups` groups of `routersPerGroup` fully connected routers, each router serving
    /// `npusPerRouter` NPUs and owning `globalLinksPerRouter` global links.
    ///
    /// A group's `routersPerGroup * globalLinksPerRouter` global ports are spread evenly over the other
    /// groups, so that number must be a multiple of `groups - 1`; the balanced `a = 2p = 2h`,
    /// `g = a h + 1` dragonfly joins every pair of groups by exactly one global link.
    public struct Dragonfly: Hashable, Sendable {
        public var groups: Int
        public var routersPerGroup: Int
        public var npusPerRouter: Int
        public var globalLinksPerRouter: Int
        public var local: LinkSpec
        public var global: LinkSpec
        public var terminal: LinkSpec

        public init(groups: Int, routersPerGroup: Int, npusPerRouter: Int, globalLinksPerRouter: Int,
                    local: LinkSpec, global: LinkSpec, terminal: LinkSpec) {
            self.groups = groups
            self.routersPerGroup = routersPerGroup
            self.npusPerRouter = npusPerRouter
            self.globalLinksPerRouter = globalLinksPerRouter
            self.local = local
            self.global = global
            self.terminal = terminal
        }
    }

    /// A cluster of `nodes` machines of `npusPerNode` NPUs each (e.g. DGX A100: 8 GPUs on NVSwitch,
    /// 8 HDR InfiniBand NICs) joined by a scale-out fabric. NPUs are named `node2.gpu5` and ranked
    /// node-major.
    public struct Hierarchical: Hashable, Sendable {
        /// How the NPUs inside one node are joined.
        public enum ScaleUp: Hashable, Sendable {
            /// One non-blocking switch per node (`node2.nvswitch`), like NVSwitch.
            case `switch`
            /// A ring through the node's NPUs in order; one direction only unless `bidirectional`.
            case ring(bidirectional: Bool)
            /// A direct link between every pair of the node's NPUs.
            case fullyConnected
        }

        /// What the NICs plug into.
        public enum ScaleOut: Hashable, Sendable {
            /// One non-blocking switch (`fabric`) for every NIC.
            case `switch`
            /// A fat tree of `radix`-port switches and 2 or 3 levels over the NICs, with `link` between
            /// switches and the leaf uplinks divided by `oversubscription` (see `FatTree`).
            case fatTree(radix: Int, levels: Int, oversubscription: Double, link: LinkSpec)
        }

        public var nodes: Int
        public var npusPerNode: Int
        public var scaleUp: ScaleUp
        /// The rate of each scale-up link (NPU to node switch, or NPU to NPU).
        public var scaleUpLink: LinkSpec
        /// Each NPU's NIC: the link from the NPU to its scale-out switch.
        public var nic: LinkSpec
        public var scaleOut: ScaleOut
        /// NIC `i` of every node joins rail `i`'s leaves, so same-rail traffic stays on one leaf while
        /// a rail has no more nodes than a leaf has down ports. Only meaningful for a fat-tree scale-out.
        public var railOptimized: Bool

        public init(nodes: Int, npusPerNode: Int, scaleUp: ScaleUp, scaleUpLink: LinkSpec, nic: LinkSpec,
                    scaleOut: ScaleOut, railOptimized: Bool = false) {
            self.nodes = nodes
            self.npusPerNode = npusPerNode
            self.scaleUp = scaleUp
            self.scaleUpLink = scaleUpLink
            self.nic = nic
            self.scaleOut = scaleOut
            self.railOptimized = railOptimized
        }
    }

    /// A named vertex of an explicit graph. NPUs are ranked in the order they are listed.
    public struct GraphNode: Hashable, Sendable {
        public var name: String
        public var kind: NodeKind

        public init(name: String, kind: NodeKind) {
            self.name = name
            self.kind = kind
        }
    }

    /// A link of an explicit graph between two named nodes; a duplex pair of directed links unless
    /// `bidirectional` is false.
    public struct GraphLink: Hashable, Sendable {
        public var from: String
        public var to: String
        public var bandwidth: Bandwidth
        public var latency: SimDuration
        public var bidirectional: Bool

        public init(from: String, to: String, bandwidth: Bandwidth, latency: SimDuration, bidirectional: Bool = true) {
            self.from = from
            self.to = to
            self.bandwidth = bandwidth
            self.latency = latency
            self.bidirectional = bidirectional
        }
    }
}
