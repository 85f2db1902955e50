"""Generates the main-job benchmark data (seeded numpy).

    python3 Benchmarks/mainjob/gen_mainjob.py [FILE] [--n 200000]

n respondents (default 200,000), each in one of 3 waves and one of 14 regions (unequal sizes,
shares 3 %-14 %), with two indicators on a Likert-mean scale: `trust` = mean of 4 items,
`digital` = mean of 3 items, items 1..5 from a latent score with region and wave effects (the
regions' true means are close, so the ranks are uncertain). Columns:
respondent,wave,region,trust,digital (wave 1..3, region 0..13). Seed 20261129.
"""
import sys

import numpy as np

args = [a for a in sys.argv[1:]]
n = 200_000
if "--n" in args:
    i = args.index("--n")
    n = int(args[i + 1])
    del args[i:i + 2]
path = args[0] if args else "Benchmarks/work/mainjob.csv"

rng = np.random.default_rng(20261129)
G, waves = 14, 3
share = np.array([14, 13, 12, 10, 9, 8, 7, 6, 5, 4, 4, 3, 3, 2], dtype=float)
share /= share.sum()
region = rng.choice(G, size=n, p=share)
wave = rng.integers(1, waves + 1, size=n)
region_effect = np.linspace(-0.25, 0.25, G)[rng.permutation(G)]
wave_effect = np.array([0.0, 0.05, 0.1])


def likert_mean(items, loading, shift):
    latent = rng.normal(size=n) + region_effect[region] * loading + wave_effect[wave - 1] + shift
    z = loading * latent[:, None] + rng.normal(scale=0.9, size=(n, items))
    x = np.digitize(z, [-1.3, -0.45, 0.45, 1.3]) + 1  # 1..5
    return x.mean(axis=1)


trust = likert_mean(4, 0.8, 0.1)
digital = likert_mean(3, 0.6, -0.2)
with open(path, "w") as f:
    f.write("respondent,wave,region,trust,digital\n")
    for i in range(n):
        f.write(f"{i + 1},{wave[i]},{region[i]},{trust[i]:.10g},{digital[i]:.10g}\n")
print(f"wrote {path}: {n} respondents, {G} regions, {waves} waves")
