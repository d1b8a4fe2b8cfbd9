/// A DLRM-style recommender (Naumov et al., arXiv:1906.00091): sparse features looked up in embedding
/// tables, dense features through a bottom MLP, pairwise dot-product interaction, a top MLP.
///
/// Parallelism follows the DLRM paper's Sec. 4: tables are sharded whole across ranks (model
/// parallel), so every rank looks up its tables for the whole batch and an all-to-all hands each
/// rank the pooled vectors of its own samples; the MLPs are data parallel, their gradients all-reduced.
public struct RecommenderModel: Hashable, Sendable {
    public var tables: Int
    public var rowsPerTable: Int
    public var embeddingDimension: Int
    /// Lookups pooled (summed) per table per sample.
    public var lookupsPerTable: Int
    public var denseFeatures: Int
    /// Output widths of the bottom MLP's layers; its input is `denseFeatures`, its last width must be
    /// the embedding dimension so that it can interact with the embeddings.
    public var bottomMLP: [Int]
    /// Output widths of the top MLP's layers; its input is the interaction output.
    public var topMLP: [Int]
    /// The format of the MLPs and of the exchanged vectors.
    public var precision: Precision
    /// The format of the stored embedding tables (fp32 in the reference implementation).
    public var embeddingPrecision: Precision

    public init(tables: Int, rowsPerTable: Int, embeddingDimension: Int, lookupsPerTable: Int = 1, denseFeatures: Int,
                bottomMLP: [Int], topMLP: [Int], precision: Precision = .bf16, embeddingPrecision: Precision = .fp32) {
        self.tables = tables
        self.rowsPerTable = rowsPerTable
        self.embeddingDimension = embeddingDimension
        self.lookupsPerTable = lookupsPerTable
        self.denseFeatures = denseFeatures
        self.bottomMLP = bottomMLP
        self.topMLP = topMLP
        self.precision = precision
        self.embeddingPrecision = embeddingPrecision
    }

    /// The interaction's output width: the bottom MLP's output concatenated with the dot products of
    /// every pair of the (tables + 1) vectors, as in the reference `interact_features`.
    public var interactionWidth: Int {
        let vectors = tables + 1
        return embeddingDimension + vectors * (vectors - 1) / 2
    }

    /// Widths of the MLP layers as (input, output) pairs, bottom then top.
    var mlpShapes: (bottom: [(Int, Int)], top: [(Int, Int)]) {
        func pairs(_ input: Int, _ widths: [Int]) -> [(Int, Int)] {
            var previous = input
            return widths.map { width in defer { previous = width }; return (previous, width) }
        }
        return (pairs(denseFeatures, bottomMLP), pairs(interactionWidth, topMLP))
    }

    /// Parameters of the MLPs (weights and biases), which are replicated and all-reduced.
    public var mlpParameters: Double {
        let shapes = mlpShapes
        return (shapes.bottom + shapes.top).reduce(0) { $0 + Double($1.0 * $1.1 + $1.1) }
    }

    /// Parameters of all embedding tables.
    public var embeddingParameters: Double { Double(tables) * Double(rowsPerTable) * Double(embeddingDimension) }

    /// The tables rank `rank` of `ranks` holds: table i goes to rank i mod ranks.
    public func tables(onRank rank: Int, of ranks: Int) -> Int {
        tables / ranks + (rank < tables % ranks ? 1 : 0)
    }

    /// Forward operations of one MLP over `batch` samples, one GEMM per layer plus a ReLU.
    func mlpOperations(_ shapes: [(Int, Int)], batch: Int, prefix: String) -> [Operation] {
        let e = Double(precision.bytes), b = Double(batch)
        return shapes.enumerated().flatMap { index, shape in
            [Operation.gemm("\(prefix)\(index)", m: b, k: Double(shape.0), n: Double(shape.1), bytesPerElement: e),
             Operation("\(prefix)\(index)-relu", flops: b * Double(shape.1), bytes: 2 * b * Double(shape.1) * e, isMatmul: false)]
        }
    }

    /// Looking up and pooling `tables` tables for `batch` samples: every looked-up row is read, the
    /// pooled vector written in the exchange format.
    func lookupOperation(tables: Int, batch: Int) -> Operation {
        let rows = Double(tables) * Double(batch) * Double(lookupsPerTable)
        let d = Double(embeddingDimension)
        return Operation("lookup", flops: rows * d,
                         bytes: rows * d * Double(embeddingPrecision.bytes) + Double(tables * batch) * d * Double(precision.bytes),
                         isMatmul: false)
    }

    /// The sparse update of looked-up rows (SGD): read the pooled gradient, read and write each row.
    func embeddingUpdateOperation(tables: Int, batch: Int) -> Operation {
        let rows = Double(tables) * Double(batch) * Double(lookupsPerTable)
        let d = Double(embeddingDimension)
        return Operation("lookup-update", flops: 2 * rows * d,
                         bytes: 2 * rows * d * Double(embeddingPrecision.bytes) + Double(tables * batch) * d * Double(precision.bytes),
                         isMatmul: false)
    }

    /// The pairwise dot products of (tables + 1) vectors of the embedding dimension per sample.
    func interactionOperation(batch: Int) -> Operation {
        let vectors = Double(tables + 1), d = Double(embeddingDimension), b = Double(batch)
        return Operation("interaction", flops: 2 * b * vectors * vectors * d,
                         bytes: b * (vectors * d + Double(interactionWidth)) * Double(precision.bytes), isMatmul: true)
    }
}
