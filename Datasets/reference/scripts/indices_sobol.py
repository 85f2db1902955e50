"""Sobol' first-order and total-effect reference values with SALib, on the Saltelli design.

Run from the repository root:  python3 Datasets/reference/scripts/indices_sobol.py
Writes Datasets/reference/indices/sobol_ishigami.json and sobol_index_model.json.

Each file stores the design matrices A and B (N x d) so that the Swift tests rebuild exactly the
same runs (A, B and A_B^i = A with column i from B), the model outputs, and SALib's S1 and ST
(SALib.analyze.sobol.analyze, calc_second_order=False). SALib standardises the outputs and uses
population variances; the COINr estimator (SA_estimate: raw outputs, var with n - 1, Jansen total
effect) is also written, computed here from the same outputs by its formula.

1. Ishigami (a = 7, b = 0.1) on SALib's own Sobol-sequence sample (N = 512, seed 101).
2. A small composite-index model (10 units x 4 indicators -> 2 sub-indices -> index) with three
   uncertain choices: normalisation {min-max to [1, 100], z-score with mean 10, SD 2}, aggregation {arithmetic,
   geometric}, weights {3 explicit sets}; the output is the mean absolute rank shift from the
   nominal ranks (COINr get_sensitivity). A choice among k alternatives takes alternative
   floor(u * k). The design is numpy default_rng(2024).random (N = 64).
"""
import json
import math
import platform
from importlib.metadata import version

import numpy as np
from scipy.stats import rankdata
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample
from SALib.test_functions import Ishigami

OUT = "Datasets/reference/indices"


def meta(calls, data, notes):
    return {
        # check_json.py requires r_version; these cases use no R.
        "r_version": f"not used (generated with Python {platform.python_version()})",
        "python_version": platform.python_version(),
        "packages": {"SALib": version("SALib"), "numpy": version("numpy"), "scipy": version("scipy")},
        "call": calls,
        "data": data,
        "notes": notes,
    }


def f17(x):
    """Lists of floats written with repr (shortest round-trip, i.e. <= 17 significant digits)."""
    return np.asarray(x, dtype=float).tolist()


def coinr_estimator(yA, yB, yAB):
    v = np.var(np.r_[yA, yB], ddof=1)
    n = len(yA)
    s = [float(np.mean(yB * (ab - yA)) / v) for ab in yAB]
    st = [float(np.sum((yA - ab) ** 2) / (2 * n * v)) for ab in yAB]
    return s, st


def interleave(yA, yB, yAB):
    """SALib's run order: per base sample j, A_j, AB^1_j, ..., AB^d_j, B_j."""
    d = len(yAB)
    out = []
    for j in range(len(yA)):
        out.append(yA[j])
        out.extend(yAB[i][j] for i in range(d))
        out.append(yB[j])
    return np.array(out)


def write(name, obj):
    path = f"{OUT}/{name}.json"
    with open(path, "w") as fh:
        json.dump(obj, fh, indent=1)
        fh.write("\n")
    print("wrote", path)


# ---------------------------------------------------------------------------------------------
# 1. Ishigami.
problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-math.pi, math.pi]] * 3}
N, d = 512, 3
X = sobol_sample.sample(problem, N, calc_second_order=False, seed=101)
Y = Ishigami.evaluate(X)
step = d + 2
A, B = X[0::step], X[step - 1 :: step]
for i in range(d):  # check the layout: AB^i = A with column i from B
    ABi = X[i + 1 :: step]
    expect = A.copy()
    expect[:, i] = B[:, i]
    assert np.array_equal(ABi, expect)
Si = sobol_analyze.analyze(problem, Y, calc_second_order=False, num_resamples=10, seed=1)
yA, yB = Y[0::step], Y[step - 1 :: step]
yAB = [Y[i + 1 :: step] for i in range(d)]
cs, cst = coinr_estimator(yA, yB, yAB)
write("sobol_ishigami", {
    "meta": meta(
        ["X = SALib.sample.sobol.sample(problem, 512, calc_second_order=False, seed=101)",
         "Y = SALib.test_functions.Ishigami.evaluate(X)  # a = 7, b = 0.1",
         "SALib.analyze.sobol.analyze(problem, Y, calc_second_order=False, num_resamples=10, seed=1)"],
        "Ishigami function, x_i uniform on [-pi, pi]",
        ["A = X[0::5], B = X[4::5] (SALib interleaves A, AB^1..AB^3, B per base sample)",
         "analytic values: S1 = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437)"]),
    "N": N, "d": d, "a": 7.0, "b": 0.1,
    "A": f17(A), "B": f17(B),
    "yA": f17(yA), "yB": f17(yB), "yAB": [f17(v) for v in yAB],
    "salib": {"S1": f17(Si["S1"]), "ST": f17(Si["ST"])},
    "coinr": {"S1": cs, "ST": cst},
})

# ---------------------------------------------------------------------------------------------
# 2. Small index model.
rng = np.random.default_rng(7)
data = np.round(np.exp(rng.normal(1.0, 0.6, size=(10, 4))), 3)
directions = np.array([1, 1, -1, 1])
groups = [[0, 1], [2, 3]]  # sub-indices S1, S2 -> Index
weight_sets = [
    {"S1": [1, 1], "S2": [1, 1], "Index": [1, 1]},
    {"S1": [2, 1], "S2": [1, 3], "Index": [1, 2]},
    {"S1": [1, 3], "S2": [2, 1], "Index": [3, 1]},
]


def normalise(method):
    x = data * directions
    if method == "minmax":
        lo, hi = x.min(axis=0), x.max(axis=0)
        return (x - lo) / (hi - lo) * 99.0 + 1.0
    return (x - x.mean(axis=0)) / x.std(axis=0, ddof=1) * 2.0 + 10.0


def aggregate(z, w, method):
    w = np.asarray(w, dtype=float)
    w = w / w.sum()
    if method == "arithmetic":
        return z @ w
    return np.exp(np.log(z) @ w)


def score(norm, agg, ws):
    z = normalise(norm)
    sub = np.column_stack([aggregate(z[:, g], ws[name], agg) for g, name in zip(groups, ["S1", "S2"])])
    return aggregate(sub, ws["Index"], agg)


def ranks(s):
    return rankdata(-s, method="min")


nominal = ranks(score("minmax", "arithmetic", weight_sets[0]))
norms, aggs = ["minmax", "zscore"], ["arithmetic", "geometric"]
min_gap = np.inf


def model(u):
    global min_gap
    s = score(norms[min(int(u[0] * 2), 1)], aggs[min(int(u[1] * 2), 1)], weight_sets[min(int(u[2] * 3), 2)])
    srt = np.sort(s)
    gaps = np.diff(srt)
    gaps = gaps[gaps > 0]
    assert len(gaps) == len(s) - 1  # no ties
    min_gap = min(min_gap, gaps.min() / max(abs(srt).max(), 1))
    return float(np.mean(np.abs(ranks(s) - nominal)))


N2, d2 = 64, 3
g = np.random.default_rng(2024)
A2, B2 = g.random((N2, d2)), g.random((N2, d2))
yA2 = np.array([model(r) for r in A2])
yB2 = np.array([model(r) for r in B2])
yAB2 = []
for i in range(d2):
    ABi = A2.copy()
    ABi[:, i] = B2[:, i]
    yAB2.append(np.array([model(r) for r in ABi]))
assert min_gap > 1e-9, min_gap  # distinct scores are far apart: ranks do not depend on rounding
problem2 = {"num_vars": 3, "names": ["normalisation", "aggregation", "weights"], "bounds": [[0, 1]] * 3}
Si2 = sobol_analyze.analyze(problem2, interleave(yA2, yB2, yAB2), calc_second_order=False, num_resamples=10, seed=1)
cs2, cst2 = coinr_estimator(yA2, yB2, yAB2)
write("sobol_index_model", {
    "meta": meta(
        ["A, B = numpy.random.default_rng(2024).random((64, 3)) twice",
         "y = mean(|rank(-score) - nominal rank|) per run, ranks scipy rankdata(method='min')",
         "SALib.analyze.sobol.analyze(problem, y in SALib order, calc_second_order=False, num_resamples=10, seed=1)"],
        "data = round(exp(default_rng(7).normal(1, 0.6, (10, 4))), 3); directions (1, 1, -1, 1); "
        "S1 = {x1, x2}, S2 = {x3, x4}, Index = {S1, S2}",
        ["normalisation: min-max to [1, 100] or z-score (SD n - 1) rescaled to mean 10, SD 2, of direction-adjusted values",
         "aggregation at both levels: weighted arithmetic or geometric; weights normalised to sum 1",
         "nominal: min-max [1, 100], arithmetic, weight set 0 (equal)",
         f"smallest relative gap between distinct scores in any run: {min_gap:.3g}"]),
    "N": N2, "d": d2,
    "data": f17(data), "directions": directions.tolist(), "weight_sets": weight_sets,
    "A": f17(A2), "B": f17(B2),
    "nominal_ranks": f17(nominal),
    "yA": f17(yA2), "yB": f17(yB2), "yAB": [f17(v) for v in yAB2],
    "salib": {"S1": f17(Si2["S1"]), "ST": f17(Si2["ST"])},
    "coinr": {"S1": cs2, "ST": cst2},
})
