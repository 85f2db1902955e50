import Testing

@Suite struct CLISmoke {
  @Test func builds() { #expect(1 + 1 == 2) }
}
