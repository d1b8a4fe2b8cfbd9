import Topology

/// Sizes in reports and verdicts, in decimal GB with one decimal as capacities are quoted (`80 GB`).
func gigabytes(_ bytes: Double) -> String {
    let tenths = (bytes / 1e8).rounded() / 10
    let text = String(tenths)
    return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + " GB"
}

func gigabytes(_ size: ByteCount) -> String { gigabytes(Double(size.bytes)) }
