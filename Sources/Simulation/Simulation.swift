// Simulation — placeholder; filled in by later commits.
