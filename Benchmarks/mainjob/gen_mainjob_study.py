"""Writes the main-job benchmark as a TrustMetrics study (codebook + one CSV per wave with the raw items).

    python3 Benchmarks/mainjob/gen_mainjob_study.py [DIR] [--n 200000]

Same model as gen_mainjob.py (seeded numpy, n respondents in 14 regions of unequal size and 3
waves; `trust` = 4 Likert items, `digital` = 3 Likert items from a latent score with region and
wave effects), but the items themselves are written, so `trustmetrics rank` and the numpy peer
(peer_numpy_rank.py) read the very same files (DIR/wave1.csv … wave3.csv). DIR/study.yaml declares the regions (level land,
keys R00..R13), the design (strata = region, no weights) and the index `idx` (equal-weight
mean of the two scales through goalposts [1, 5] -> 0-100). Seed 20261129.
"""
import os
import sys

import numpy as np

args = list(sys.argv[1:])
n = 200_000
if "--n" in args:
    i = args.index("--n")
    n = int(args[i + 1])
    del args[i:i + 2]
out = args[0] if args else "Benchmarks/work/mainjob_study"
os.makedirs(out, exist_ok=True)

rng = np.random.default_rng(20261129)
G, waves = 14, 3
share = np.array([14, 13, 12, 10, 9, 8, 7, 6, 5, 4, 4, 3, 3, 2], dtype=float)
share /= share.sum()
region = rng.choice(G, size=n, p=share)
wave = rng.integers(1, waves + 1, size=n)
region_effect = np.linspace(-0.25, 0.25, G)[rng.permutation(G)]
wave_effect = np.array([0.0, 0.05, 0.1])


def likert(items, loading, shift):
    latent = rng.normal(size=n) + region_effect[region] * loading + wave_effect[wave - 1] + shift
    z = loading * latent[:, None] + rng.normal(scale=0.9, size=(n, items))
    return np.digitize(z, [-1.3, -0.45, 0.45, 1.3]) + 1  # 1..5


size = rng.integers(1, 5, size=n)  # a size class 1..4 (raking margin)
t = likert(4, 0.8, 0.1)
d = likert(3, 0.6, -0.2)
for w in range(1, waves + 1):
    with open(os.path.join(out, f"wave{w}.csv"), "w") as f:
        f.write("id,wave,region,size_class,t1,t2,t3,t4,d1,d2,d3\n")
        for i in np.flatnonzero(wave == w):
            f.write(f"{i + 1},{w},R{region[i]:02d},{size[i]},{t[i, 0]},{t[i, 1]},{t[i, 2]},{t[i, 3]},{d[i, 0]},{d[i, 1]},{d[i, 2]}\n")
# Population margins for raking (all waves pooled): about 30 units per respondent, perturbed.
os.makedirs(os.path.join(out, "margins"), exist_ok=True)
pop_region = np.round(np.bincount(region, minlength=G) * 30 * (1 + 0.1 * rng.uniform(-1, 1, G)))
raw = np.bincount(size, minlength=5)[1:] * (1 + 0.1 * rng.uniform(-1, 1, 4))
pop_size = np.floor(raw / raw.sum() * pop_region.sum())
pop_size[0] += pop_region.sum() - pop_size.sum()
with open(os.path.join(out, "margins", "region.csv"), "w") as f:
    f.write("region,population\n" + "".join(f"R{g:02d},{int(pop_region[g])}\n" for g in range(G)))
with open(os.path.join(out, "margins", "size_class.csv"), "w") as f:
    f.write("size_class,population\n" + "".join(f"{k + 1},{int(pop_size[k])}\n" for k in range(4)))
items = "\n".join(f'  - {{id: "{c}", label: "{c}", scale: "l5"}}' for c in ["t1", "t2", "t3", "t4", "d1", "d2", "d3"])
regions = "\n".join(f'    - {{key: "R{g:02d}", name: "Region {g:02d}", level: land}}' for g in range(G))
with open(os.path.join(out, "study.yaml"), "w") as f:
    f.write(f"""study: {{id: mainjob, title: "Main-job benchmark ({n} respondents)"}}
respondent_id: id
wave: wave
files:
  - {{path: wave1.csv, wave: 1, format: csv}}
  - {{path: wave2.csv, wave: 2, format: csv}}
  - {{path: wave3.csv, wave: 3, format: csv}}
variables:
  - {{id: size_class, label: "size class"}}
response_scales:
  l5: {{codes: {{1: a, 2: b, 3: c, 4: d, 5: e}}, valid: [1, 5]}}
items:
{items}
scales:
  - {{id: trust, items: [t1, t2, t3, t4]}}
  - {{id: digital, items: [d1, d2, d3]}}
regions:
  variables: [{{variable: region, level: land}}]
  table:
{regions}
design: {{strata: region}}
indices:
  - id: idx
    label: "Index"
    components: [{{scale: trust}}, {{scale: digital}}]
    normalisation: {{method: minmax, goalposts: [1, 5], range: [0, 100]}}
    weights: equal
    aggregation: arithmetic
""")
print(f"wrote {out}: {n} respondents, {G} regions, {waves} waves")
