import SimKernel

extension TopologySpec {
    /// A torus or mesh: every NPU joined by a duplex link to its neighbour one step up in each dimension
    /// (with wraparound, the last of a ring back to the first; a dimension of 2 then has two parallel links).
    func buildTorus(dimensions: [Int], link: LinkSpec, wraparound: Bool) throws(TopologyError) -> Topology {
        try Self.require(!dimensions.isEmpty, "dimensions", "[]", "one to three sizes, e.g. [4, 4]")
        try Self.require(dimensions.count <= 3, "dimensions", "\(dimensions)", "one to three sizes")
        for (d, size) in dimensions.enumerated() {
            try Self.require(size >= 2, "dimensions[\(d)]", "\(size)", "at least 2")
        }
        let total = dimensions.reduce(1) { product, size in
            let (result, overflow) = product.multipliedReportingOverflow(by: size)
            return overflow ? .max : result
        }
        try Self.require(total <= 1 << 24, "dimensions", "\(dimensions)", "at most 16,777,216 NPUs in total")
        try Self.check(link, field: "link")
        let geometry = TorusGeometry(dimensions: dimensions, wraparound: wraparound)
        var builder = FabricBuilder(npuNames: (0..<geometry.count).map { "npu\($0)" }, injection: npuInjection)
        builder.reserveLinks(2 * dimensions.count * geometry.count)
        for rank in 0..<geometry.count {
            for d in dimensions.indices {
                guard let up = geometry.neighbour(of: rank, dimension: d, step: 1) else { continue }
                builder.addDuplex(builder.attachment(rank: rank), builder.attachment(rank: up), link)
            }
        }
        let endpoints = builder.endpoints
        return builder.topology(name: name) { TorusRouter(endpoints: endpoints, index: $0, geometry: geometry) }
    }
}

/// Coordinates of a torus or mesh whose ranks run with dimension 0 fastest.
struct TorusGeometry: Hashable, Sendable {
    let dimensions: [Int]
    let wraparound: Bool
    /// The rank distance of one step in each dimension.
    let strides: [Int]

    init(dimensions: [Int], wraparound: Bool) {
        self.dimensions = dimensions
        self.wraparound = wraparound
        var strides: [Int] = []
        var stride = 1
        for size in dimensions {
            strides.append(stride)
            stride *= size
        }
        self.strides = strides
    }

    var count: Int { dimensions.reduce(1, *) }

    func coordinate(of rank: Int, dimension d: Int) -> Int { rank / strides[d] % dimensions[d] }

    /// The rank one `step` (+1 or -1) along dimension `d`, or nil off the edge of a mesh.
    func neighbour(of rank: Int, dimension d: Int, step: Int) -> Int? {
        let size = dimensions[d], x = coordinate(of: rank, dimension: d)
        let next = x + step
        if next < 0 || next >= size {
            guard wraparound else { return nil }
            return rank + ((next + size) % size - x) * strides[d]
        }
        return rank + step * strides[d]
    }

    /// The signed number of steps dimension-order routing takes along `d` from `x` to `y`: the short way
    /// round a ring, ties going up.
    func steps(from x: Int, to y: Int, dimension d: Int) -> Int {
        let size = dimensions[d]
        guard wraparound else { return y - x }
        let up = (y - x + size) % size
        return up <= size - up ? up : up - size
    }
}

/// Dimension-order routing on a torus or mesh: finish dimension 0, then 1, then 2, each the short way
/// round its ring with ties going up (Dally & Seitz, "Deadlock-Free Message Routing in Multiprocessor
/// Interconnection Networks", IEEE TC 1987).
struct TorusRouter: StructuredRouter {
    let endpoints: Endpoints
    let index: LinkIndex
    let geometry: TorusGeometry

    func corePath(from source: Int, to destination: Int, hash: UInt64) -> [NodeID] {
        var path = [endpoints.attachment(rank: source)]
        var rank = source
        for d in geometry.dimensions.indices {
            let steps = geometry.steps(from: geometry.coordinate(of: rank, dimension: d),
                                       to: geometry.coordinate(of: destination, dimension: d), dimension: d)
            for _ in 0..<abs(steps) {
                // A step that exists by construction: steps never leave a mesh.
                guard let next = geometry.neighbour(of: rank, dimension: d, step: steps > 0 ? 1 : -1) else {
                    preconditionFailure("dimension-order step off the mesh at rank \(rank), dimension \(d)")
                }
                rank = next
                path.append(endpoints.attachment(rank: rank))
            }
        }
        return path
    }
}
