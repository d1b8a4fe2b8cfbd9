import Testing
import SimKernel
@testable import Topology

@Test("a topology error names the culprit in one sentence")
func errorDescriptions() {
    #expect(TopologyError.duplicateNodeName(name: "sw", firstIndex: 1, secondIndex: 4).description
        == "node name 'sw' is used twice (nodes 1 and 4)")
    #expect(TopologyError.nonPositiveBandwidth(field: "links", linkIndex: 3).description
        == "links[3] has a bandwidth that is not positive")
}
