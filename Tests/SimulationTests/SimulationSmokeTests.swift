import Testing

@Suite struct SimulationSmoke {
  @Test func builds() { #expect(1 + 1 == 2) }
}
