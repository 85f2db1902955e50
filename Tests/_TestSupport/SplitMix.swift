import Simulation

/// The tests' seeded generator: SplitMix64 (Steele, Lea & Flood 2014), the one the demo-study
/// generator seeds xoshiro256** with (`Simulation.SplitMix64`), so the tests need no copy.
public typealias TestSplitMix = Simulation.SplitMix64
