import Testing
@testable import CompositeIndices

@Suite struct CompositeIndicesPlaceholder {
  @Test func moduleBuilds() { #expect(Bool(true)) }
}
