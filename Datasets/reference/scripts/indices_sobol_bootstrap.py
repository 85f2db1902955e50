"""Bootstrap confidence of Sobol' indices with SALib 1.6.0, on the outputs already committed in
sobol_ishigami.json and sobol_index_model.json.

Run from the repository root:  python3 Datasets/reference/scripts/indices_sobol_bootstrap.py
Writes Datasets/reference/indices/sobol_bootstrap.json.

SALib.analyze.sobol.analyze(problem, Y, calc_second_order=False, num_resamples=R, seed=s,
keep_resamples=True) standardises Y once, draws r = default_rng(s).integers(N, size=(N, R)) (the
first draw of that generator) and recomputes S1 = mean(B (AB - A)) / var(A u B) and
ST = mean((A - AB)^2) / 2 / var(A u B) (population variances) on the rows r[:, b] of A, B and
every AB jointly; S1_conf = Z * sd(replicates, ddof = 1) with Z = norm.ppf(0.5 + conf/2). The
resample matrix r is stored so that the Swift test draws exactly the same rows.
"""
import json
import platform
from importlib.metadata import version

import numpy as np
from SALib.analyze import sobol as sobol_analyze

IN = "Datasets/reference/indices"


def interleave(yA, yB, yAB):
    """SALib's run order: per base sample j, A_j, AB^1_j, ..., AB^d_j, B_j."""
    out = []
    for j in range(len(yA)):
        out.append(yA[j])
        out.extend(ab[j] for ab in yAB)
        out.append(yB[j])
    return np.array(out)


def case(name, resamples, seed):
    src = json.load(open(f"{IN}/{name}.json"))
    yA, yB = np.array(src["yA"], float), np.array(src["yB"], float)
    yAB = [np.array(v, float) for v in src["yAB"]]
    n, d = len(yA), len(yAB)
    problem = {"num_vars": d, "names": [f"x{i + 1}" for i in range(d)], "bounds": [[0, 1]] * d}
    Y = interleave(yA, yB, yAB)
    si = sobol_analyze.analyze(problem, Y, calc_second_order=False, num_resamples=resamples, conf_level=0.95,
                               seed=seed, keep_resamples=True)
    r = np.random.default_rng(seed).integers(n, size=(n, resamples))
    return {
        "source": f"{name}.json (yA, yB, yAB)", "N": n, "d": d, "resamples": resamples, "seed": seed,
        "r": r.T.tolist(),  # one row per resample: the N drawn base rows
        "S1": np.asarray(si["S1"], float).tolist(), "ST": np.asarray(si["ST"], float).tolist(),
        "S1_conf": np.asarray(si["S1_conf"], float).tolist(), "ST_conf": np.asarray(si["ST_conf"], float).tolist(),
        "S1_conf_all": np.asarray(si["S1_conf_all"], float).T.tolist(),  # one row per input
        "ST_conf_all": np.asarray(si["ST_conf_all"], float).T.tolist(),
    }


out = {
    "meta": {
        "r_version": f"not used (generated with Python {platform.python_version()})",
        "python_version": platform.python_version(),
        "packages": {"SALib": version("SALib"), "numpy": version("numpy")},
        "call": ["SALib.analyze.sobol.analyze(problem, Y, calc_second_order=False, num_resamples=R, conf_level=0.95, seed=s, keep_resamples=True)"],
        "data": "the model outputs of sobol_ishigami.json and sobol_index_model.json",
        "notes": [
            "Joint resampling of the N base rows: the same rows of y_A, y_B and every y_AB^i; V recomputed on each resample; Y standardised once beforehand (SALib).",
            "r[b] lists the N base rows of resample b, exactly SALib's r[:, b] (numpy default_rng(seed).integers(N, size=(N, R)), its first draw).",
            "S1_conf_all[i][b], ST_conf_all[i][b]: the estimates of input i on resample b; S1_conf = norm.ppf(0.975) * std(ddof = 1) over b.",
        ],
    },
    "ishigami": case("sobol_ishigami", 40, 7),
    "index_model": case("sobol_index_model", 200, 42),
}
with open(f"{IN}/sobol_bootstrap.json", "w") as fh:
    json.dump(out, fh, indent=1)
    fh.write("\n")
print("wrote", f"{IN}/sobol_bootstrap.json")
