// Statistics — placeholder; filled in by later commits.
