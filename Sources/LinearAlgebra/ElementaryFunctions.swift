// The C library's log and exp, reached without Foundation (internal helpers).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Natural logarithm (C `log`).
@inline(__always) func _log(_ x: Double) -> Double { log(x) }

/// Exponential (C `exp`).
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
