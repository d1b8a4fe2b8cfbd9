/// A fitted hardware trend beside the rate its authors state.
public struct HardwareTrend: Sendable, Equatable {
    public var edition: MemoryWallData.Edition
    public var quantity: HardwareQuantity
    public var points: [MemoryWallData.Point]
    public var fit: LogLinearFit
    public var stated: MemoryWallData.StatedRate

    /// Fits the embedded points of `quantity` in `edition`.
    public init(_ quantity: HardwareQuantity, edition: MemoryWallData.Edition) throws(TrendError) {
        self.edition = edition
        self.quantity = quantity
        self.points = try MemoryWallData.points(quantity, edition: edition)
        self.fit = try LogLinearFit(points.map { ($0.year, $0.value) })
        self.stated = try MemoryWallData.statedRate(quantity, edition: edition)
    }

    /// The three quantities of one edition, in `HardwareQuantity.allCases` order.
    public static func all(edition: MemoryWallData.Edition) throws(TrendError) -> [HardwareTrend] {
        var trends: [HardwareTrend] = []
        for quantity in HardwareQuantity.allCases { trends.append(try HardwareTrend(quantity, edition: edition)) }
        return trends
    }
}
