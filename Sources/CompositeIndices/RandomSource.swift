// The seeded generator is Statistics.SeededGenerator (xoshiro256**, SplitMix64 seeding).

