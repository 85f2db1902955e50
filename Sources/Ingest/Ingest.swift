// Ingest — placeholder; filled in by later commits.
