import Testing
import _TestSupport
@testable import Statistics

@Suite struct MomentsTests {
  /// R: x <- c(2, 4, 4, 4, 5, 5, 7, 9); mean(x) = 5; var(x) = 32/7; quantile(x, .3) = 4 (type 7).
  @Test func matchesRDefinitions() {
    let x: [Double] = [2, 4, 4, 4, 5, 5, 7, 9, .nan]
    let m = Moments(x)
    #expect(m.count == 8)
    #expect(m.mean == 5)
    #expect(isClose(m.variance, 32.0 / 7.0, relative: 1e-15))
    #expect(isClose(m.populationVariance, 4, relative: 1e-15))
    #expect(quantile(x, 0.3) == 4)
    #expect(isClose(quantile(x, 0.9), 7.6, relative: 1e-15))  // R: quantile(x, .9) = 7.6
    #expect(median(x) == 4.5)
  }

  @Test func mergeEqualsOnePass() {
    let a: [Double] = [1.5, 2.25, 9, -3]
    let b: [Double] = [4, 4, 0.125]
    var m = Moments(a)
    m.merge(Moments(b))
    let whole = Moments(a + b)
    #expect(m.count == whole.count)
    #expect(isClose(m.mean, whole.mean, relative: 1e-15))
    #expect(isClose(m.variance, whole.variance, relative: 1e-14))
    #expect(m.minimum == -3 && m.maximum == 9)
  }
}
