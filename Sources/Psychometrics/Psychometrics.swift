// Psychometrics: reliability, correlations (Pearson … polychoric), factor analysis.
