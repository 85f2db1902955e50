"""numpy peer of the main job (`tmbench mainjob FILE`).

    python3 Benchmarks/mainjob/peer_numpy.py FILE [--repeat N] [--cells]

Parts (each best of N wall-clock runs, default 3; the data are read once, untimed):
  boot1  one wave (wave 3), one indicator (trust): 2,000 stratified bootstrap replicates of the
         14 region means (respondents resampled with replacement within each region), the
         replicate ranks (1 = highest mean) and per region the median rank, 5 %/95 % rank
         quantiles (numpy's default = R type 7), P(top 3), P(bottom 3). The R-comparable unit.
  boot   the same for 3 waves x 2 indicators (per wave one set of resampled respondents for both
         indicators, as one would write it in numpy).
  mc     10,000 Monte Carlo variants of the 14 x 2 index (region means of trust and digital in
         wave 3): normalisation in {min-max [1, 100], z-score (mean 10, sd 1), rank}, aggregation in
         {arithmetic, geometric}, weights from 100 sets of +-25 % noise around equal weights; per
         variant the scores and ranks, per region mean/median/5 %/95 % rank, per variant the mean
         absolute rank shift from the nominal ranks (min-max, arithmetic, equal weights).
  job    boot + mc.
"The natural vectorised numpy way": per region an index matrix rng.integers(0, n_g, (B, n_g)),
gather and mean along axis 1; ranks by argsort of argsort. `--cells` adds the alternative
`boot_cells`: the same bootstrap as a multinomial over the distinct values per region
(rng.multinomial, then counts @ values) — the algorithm TrustMetrics uses.
Prints "RESULT part=... seconds=... cpu_seconds=..." lines and check values.
"""
import resource
import sys
import time

import numpy as np

args = sys.argv[1:]
path = args[0]
repeat = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 3
cells = "--cells" in args
B, G, K, V = 2000, 14, 3, 10_000

d = np.loadtxt(path, delimiter=",", skiprows=1)
wave = d[:, 1].astype(int)
region = d[:, 2].astype(int)
X = d[:, 3:5].copy()  # trust, digital


def summarise(means):
    """Ranks (1 = highest) and rank summaries of B x G replicate means."""
    ranks = (-means).argsort(axis=1).argsort(axis=1) + 1
    q = np.quantile(ranks, [0.5, 0.05, 0.95], axis=0)
    top = (ranks <= K).mean(axis=0)
    bottom = (ranks >= G - K + 1).mean(axis=0)
    return ranks, q, top, bottom


def boot_wave(rng, w, cols):
    """2,000 replicates of the region means of the columns `cols` in wave w, with rank summaries."""
    out = []
    sel = wave == w
    xw, rw = X[sel][:, cols], region[sel]
    means = np.empty((B, G, len(cols)))
    for g in range(G):
        xg = xw[rw == g]
        idx = rng.integers(0, len(xg), size=(B, len(xg)))
        means[:, g, :] = xg[idx].mean(axis=1)
    for j in range(len(cols)):
        out.append(summarise(means[:, :, j]))
    return means, out


def boot_wave_cells(rng, w, col):
    sel = wave == w
    xw, rw = X[sel][:, col], region[sel]
    means = np.empty((B, G))
    for g in range(G):
        vals, counts = np.unique(xw[rw == g], return_counts=True)
        freq = rng.multinomial(counts.sum(), counts / counts.sum(), size=B)
        means[:, g] = freq @ vals / counts.sum()
    return means, summarise(means)


def region_means(w):
    sel = wave == w
    return np.stack([X[sel & (region == g)].mean(axis=0) for g in range(G)])  # G x 2


def normalise(m, k):
    if k == 0:
        return (m - m.min(0)) / (m.max(0) - m.min(0)) * 99 + 1
    if k == 1:
        return (m - m.mean(0)) / m.std(0, ddof=1) + 10
    return m.argsort(0).argsort(0) + 1.0


def monte_carlo(rng):
    m = region_means(3)
    u = rng.random((V, 3))
    norm = np.minimum((u[:, 0] * 3).astype(int), 2)
    agg = np.minimum((u[:, 1] * 2).astype(int), 1)
    sets = 1 + 0.25 * (2 * rng.random((100, 2)) - 1)
    sets /= sets.sum(1, keepdims=True)
    wts = sets[np.minimum((u[:, 2] * 100).astype(int), 99)]  # V x 2
    Z = np.stack([normalise(m, k) for k in range(3)])  # 3 x G x 2
    Zv = Z[norm]  # V x G x 2
    arith = np.einsum("vgi,vi->vg", Zv, wts)
    geo = np.exp(np.einsum("vgi,vi->vg", np.log(Zv), wts))
    scores = np.where(agg[:, None] == 0, arith, geo)  # V x G
    ranks = (-scores).argsort(1).argsort(1) + 1
    nominal = (-(normalise(m, 0).mean(1))).argsort().argsort() + 1
    stats = (ranks.mean(0), *np.quantile(ranks, [0.5, 0.05, 0.95], axis=0))
    shift = np.abs(ranks - nominal).mean(1)
    return nominal, stats, shift


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def timed(part, f):
    best, best_cpu, val = float("inf"), float("inf"), None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), cpu()
        val = f()
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, cpu() - c0)
    print(f"RESULT peer=numpy-{np.__version__} part={part} seconds={best:.4f} cpu_seconds={best_cpu:.4f} runs={repeat}", flush=True)
    return val, best, best_cpu


rng = np.random.default_rng(1)
(m1, o1), *_ = timed("boot1", lambda: boot_wave(rng, 3, [0]))
boot_res, tb, cb = timed("boot", lambda: [boot_wave(rng, w, [0, 1]) for w in (1, 2, 3)])
mc_res, tm, cm = timed("mc", lambda: monte_carlo(rng))
print(f"RESULT peer=numpy-{np.__version__} part=job seconds={tb + tm:.4f} cpu_seconds={cb + cm:.4f} runs={repeat}")
if cells:
    (mc1, oc), *_ = timed("boot_cells1", lambda: boot_wave_cells(rng, 3, 0))
    timed("boot_cells", lambda: [boot_wave_cells(rng, w, j) for w in (1, 2, 3) for j in (0, 1)])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"RESULT peer=numpy-{np.__version__} part=process peak_rss_kib={peak}")
# Checks (agree with tmbench up to Monte Carlo error; the point estimates exactly).
est = region_means(3)[:, 0]
print("check: wave 3 trust region means", " ".join(f"{v:.6f}" for v in est))
print("check: wave 3 trust bootstrap SE of region means", " ".join(f"{v:.5f}" for v in m1[:, :, 0].std(0, ddof=1)))
print("check: wave 3 trust median rank", " ".join(f"{v:g}" for v in o1[0][1][0]))
nominal, stats, shift = mc_res
print("check: MC nominal ranks", " ".join(str(v) for v in nominal))
print("check: MC mean rank", " ".join(f"{v:.3f}" for v in stats[0]))
print(f"check: MC mean abs rank shift (mean over variants) {shift.mean():.4f}")
