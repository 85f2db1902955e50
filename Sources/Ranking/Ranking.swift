// Ranking — see the doc comments of its types.
