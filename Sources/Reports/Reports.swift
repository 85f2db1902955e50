// Reports — placeholder; filled in by later commits.
