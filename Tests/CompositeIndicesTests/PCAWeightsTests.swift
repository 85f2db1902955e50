import LinearAlgebra
import Testing
import _TestSupport

@testable import CompositeIndices

@Suite struct PCAWeightsTests {
  /// R `prcomp(x, center = TRUE, scale. = TRUE)`: rotation[, 1]² and sdev[1]². Tolerance 1e-10
  /// relative: prcomp takes an SVD of the scaled data, we take the eigendecomposition (dsyevr)
  /// of the correlation matrix; the two routes agree to a few ulps times the condition number.
  @Test func matchesPrcomp() throws {
    let ref = try ReferenceJSON("pca_weights")
    let p = try pcaWeights(ref.matrix("x"))
    #expect(firstMismatch(p.weights, ref.vector("weights"), relative: 1e-10) == nil)
    #expect(firstMismatch(p.loadings, ref.vector("loadings"), relative: 1e-10) == nil)
    #expect(isClose(p.eigenvalue, ref.double("eigenvalue"), relative: 1e-10))
    #expect(isClose(p.varianceExplained, ref.double("variance_explained"), relative: 1e-10))
    #expect(isClose(p.weights.reduce(0, +), 1, relative: 1e-14))
  }

  /// PCA weights used in a node: the node's weights equal pcaWeights of its children.
  @Test func pcaNode() throws {
    let ref = try ReferenceJSON("pca_weights")
    let x = ref.matrix("x")
    let spec = IndexSpec(
      indicatorNames: ["a", "b", "c", "d"], root: IndexNode(name: "I", indicators: [0, 1, 2, 3], weights: .pca),
      normalisation: .zScore())
    let r = try computeIndex(x, spec: spec)
    // z-scores are an affine map of each column: the correlation matrix, hence the weights, are unchanged.
    #expect(firstMismatch(r.index.weights, ref.vector("weights"), relative: 1e-10) == nil)
  }

  @Test func tooFewUnits() {
    #expect(throws: IndexError.tooFewObservationsForPCA(node: "n", found: 2, required: 3)) {
      try pcaWeights(Matrix([[1, 2], [2, 1], [.nan, 3]]), node: "n")
    }
  }
}
