import LinearAlgebra
import Testing

@Suite struct BLASThreadsTests {
  /// Process-global: the test restores the previous setting.
  @Test func setAndReadBack() {
    let before = BLASThreads.current
    #expect(before >= 1)
    BLASThreads.set(1)
    #expect(BLASThreads.current == 1)
    BLASThreads.set(before)
    #expect(BLASThreads.current == before)
  }
}
