import Testing
import SimKernel
@testable import Topology

@Test("a topology error names the culprit in one sentence")
func errorDescriptions() {
    #expect(TopologyError.duplicateNodeName(name: "sw", firstIndex: 1, secondIndex: 4).description
        == "node name 'sw' is used twice (nodes 1 and 4)")
    #expect(TopologyError.nonPositiveBandwidth(field: "links", linkIndex: 3).description
        == "links[3] has a bandwidth that is not positive")
    #expect(TopologyError.negativeLatency(field: "nic", linkIndex: nil).description == "nic has a negative latency")
    #expect(TopologyError.unknownNode(name: "x", linkIndex: 2).description == "link 2 names node 'x', which is not defined")
    #expect(TopologyError.selfLink(name: "x", linkIndex: 0).description == "link 0 joins node 'x' to itself")
    #expect(TopologyError.disconnected(from: "a", to: "b").description == "NPU 'a' cannot reach NPU 'b'")
    #expect(TopologyError.noNPUs.description == "the topology has no NPUs")
    #expect(TopologyError.invalidParameter(name: "radix", value: "5", expected: "an even number").description
        == "radix is 5 (expected an even number)")
}
