import Collectives

extension RankBuffers {
    /// The elements a transfer reads on its source (`transfer.sourceBlocks`).
    static func sourceElements(of transfer: Transfer, layout: BlockLayout) -> Range<Int> {
        layout.elements(of: Int(transfer.sourceBlocks.lowerBound)..<Int(transfer.sourceBlocks.upperBound))
    }

    /// The elements a transfer writes on its destination (`transfer.destinationBlocks`).
    static func destinationElements(of transfer: Transfer, layout: BlockLayout) -> Range<Int> {
        layout.elements(of: Int(transfer.destinationBlocks.lowerBound)..<Int(transfer.destinationBlocks.upperBound))
    }

    /// The number of elements a transfer moves. `Transfer` requires its source and destination runs to
    /// be equally long; a schedule that breaks this is a bug in its generator.
    static func elementCount(of transfer: Transfer, layout: BlockLayout) -> Int {
        let read = sourceElements(of: transfer, layout: layout).count
        let written = destinationElements(of: transfer, layout: layout).count
        precondition(read == written, "transfer \(transfer.source) -> \(transfer.destination) reads \(read) elements "
                     + "(blocks \(transfer.sourceBlocks)) but writes \(written) (blocks \(transfer.destinationBlocks))")
        return read
    }

    /// Applies received data to the output: copies it over the destination blocks or, for a reducing
    /// transfer, combines it with what is there.
    func apply(_ transfer: Transfer, data: UnsafeRawPointer, layout: BlockLayout, reduction: ReductionOperator) {
        let elements = Self.destinationElements(of: transfer, layout: layout)
        let target = output.address(of: elements.lowerBound)
        if transfer.reduces {
            ElementwiseReduction.apply(reduction, output.type, from: data, into: target, count: elements.count)
        } else {
            target.copyMemory(from: data, byteCount: elements.count * output.type.size)
        }
    }
}
