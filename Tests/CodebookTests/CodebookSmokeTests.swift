import Testing

@Suite struct CodebookSmoke {
  @Test func builds() { #expect(1 + 1 == 2) }
}
