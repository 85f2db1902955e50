import Testing

@Suite struct ReportsSmoke {
  @Test func builds() { #expect(1 + 1 == 2) }
}
