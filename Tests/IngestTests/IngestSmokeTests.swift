import Testing

@Suite struct IngestSmoke {
  @Test func builds() { #expect(1 + 1 == 2) }
}
