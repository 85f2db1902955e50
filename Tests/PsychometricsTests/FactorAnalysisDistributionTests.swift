import Testing
import _TestSupport

@testable import Psychometrics

/// The internal χ² helpers used by the fit statistics, against R 4.2.2 `pchisq` (17 digits).
/// Tolerance 1e-12 relative (central; incl. a far upper tail), 1e-11 (noncentral Poisson mixture).
struct FactorAnalysisDistributionTests {
  @Test func centralChiSquared() {
    #expect(isClose(_chiSquaredCDF(0.5, degreesOfFreedom: 3).lower, 0.081108588345324154, relative: 1e-12))
    #expect(isClose(_chiSquaredCDF(3, degreesOfFreedom: 0.7).upper, 0.051455489326944964, relative: 1e-12))
    #expect(isClose(_chiSquaredCDF(1808.9427848762537, degreesOfFreedom: 185).upper, 4.3368182885207225e-264, relative: 1e-11))
  }

  @Test func noncentralChiSquared() {
    #expect(isClose(_noncentralChiSquaredCDF(10, degreesOfFreedom: 5, noncentrality: 3), 0.71723684643114338, relative: 1e-11))
    #expect(isClose(_noncentralChiSquaredCDF(50, degreesOfFreedom: 12, noncentrality: 20), 0.94831166966589409, relative: 1e-11))
    #expect(isClose(_noncentralChiSquaredCDF(2000, degreesOfFreedom: 185, noncentrality: 1400), 0.99999979003246553, relative: 1e-11))
  }
}
