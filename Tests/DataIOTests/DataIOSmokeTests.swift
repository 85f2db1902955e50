import Testing

@Suite struct DataIOSmoke {
  @Test func builds() { #expect(1 + 1 == 2) }
}
