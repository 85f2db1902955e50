import Statistics
import Testing
import _TestSupport

@testable import Psychometrics

/// The χ² distributions the fit statistics use (Statistics), at their arguments, against R 4.2.2 `pchisq` (17 digits).
/// Tolerance 1e-12 relative (central; incl. a far upper tail), 1e-11 (noncentral Poisson mixture).
struct FactorAnalysisDistributionTests {
  @Test func centralChiSquared() {
    #expect(isClose(ChiSquaredDistribution(degreesOfFreedom: 3).cdf(0.5), 0.081108588345324154, relative: 1e-12))
    #expect(isClose(ChiSquaredDistribution(degreesOfFreedom: 0.7).complementaryCDF(3), 0.051455489326944964, relative: 1e-12))
    #expect(isClose(ChiSquaredDistribution(degreesOfFreedom: 185).complementaryCDF(1808.9427848762537), 4.3368182885207225e-264, relative: 1e-11))
  }

  @Test func noncentralChiSquared() {
    #expect(isClose(NoncentralChiSquaredDistribution(degreesOfFreedom: 5, noncentrality: 3).cdf(10), 0.71723684643114338, relative: 1e-11))
    #expect(isClose(NoncentralChiSquaredDistribution(degreesOfFreedom: 12, noncentrality: 20).cdf(50), 0.94831166966589409, relative: 1e-11))
    #expect(isClose(NoncentralChiSquaredDistribution(degreesOfFreedom: 185, noncentrality: 1400).cdf(2000), 0.99999979003246553, relative: 1e-11))
  }
}
