import Testing

@Suite struct LinearAlgebraSmoke {
  @Test func builds() { #expect(1 + 1 == 2) }
}
