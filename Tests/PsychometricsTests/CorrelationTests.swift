import Foundation
import LinearAlgebra
import Testing
import _TestSupport
@testable import Psychometrics

// Shared helpers for the correlation, polychoric and factorability tests (bfi loader, reference JSON).

// referenceJSON, referenceMatrix and matrixMismatch are in _TestSupport/Reference.swift.

