#!/usr/bin/env python3
"""Reference values for rank confidence sets (Mogstad, Romano, Shaikh & Wilhelm 2024).

R csranks is not packaged for Debian 12 (`apt-cache policy r-cran-csranks` finds nothing) and there
is no CRAN access here, so this is an independent numpy implementation of the published procedure
as described in the paper and in csranks' documentation (csranks(), csdiffmeans()): pairwise
differences, standardised by sigma_jk = sqrt(S_jj + S_kk - 2 S_jk), bootstrap quantile (R type 7)
of their maximum under N(0, Sigma), step-down refinement.

The standard normal draws are generated here (numpy PCG64, seed below) and written into the JSON,
one R x p block per step; Z* = eps @ chol(Sigma).T, as in the Swift code, so the comparison is
draw for draw. The Swift test feeds these blocks to rankConfidenceSets(..., standardNormalDraws:).

Cross-check with csranks itself (installed from its source into a private library, since it is
not in Debian): R_LIBS=<lib> Rscript Datasets/reference/scripts/ranking_csranks_check.R feeds these
draws to csranks and confirms all 24 variants (csranks 1.2.2.9001, 2026-11-29).

Run from the repository root:  python3 Datasets/reference/scripts/ranking_csranks.py
"""
import json, platform, sys
import numpy as np

OUT = "Datasets/reference/ranking/csranks.json"
R = 400
STEPS = 12  # blocks generated per case; the script asserts that no run needs more


def q7(x, prob):
    return float(np.quantile(x, prob, method="linear"))  # = R quantile(type = 7)


def irank(x):
    return [1 + int(np.sum(x > xi)) for xi in x]


def run(theta, Sigma, eps_blocks, J, cstype, stepdown, coverage):
    p = len(theta)
    L = np.linalg.cholesky(Sigma)
    sd = np.sqrt(np.add.outer(np.diag(Sigma), np.diag(Sigma)) - 2 * Sigma)
    diff = np.subtract.outer(theta, theta)
    active = np.zeros((p, p), dtype=bool)
    symmetric = False
    sign = 1.0  # +1: statistic max (Z_j - Z_k)/sd (lower bound on theta_j - theta_k); -1: max (Z_k - Z_j)/sd
    if cstype == "two-sided" and stepdown:
        for j in range(p):
            for k in range(p):
                if j != k and (j in J or k in J):
                    active[j, k] = True
    else:
        for j in J:
            for k in range(p):
                if k != j:
                    active[j, k] = True
        if cstype == "two-sided":
            symmetric = True
        elif cstype == "lower":
            sign = -1.0
    initial = active.copy()
    lo = np.full((p, p), -np.inf)
    hi = np.full((p, p), np.inf)
    crit = []
    step = 0
    while True:
        # pairs in column-major order (R's which())
        pairs = [(j, k) for k in range(p) for j in range(p) if active[j, k]]
        if not pairs:
            break
        assert step < len(eps_blocks), "not enough draw blocks"
        Z = eps_blocks[step] @ L.T
        jj = np.array([a for a, _ in pairs]); kk = np.array([b for _, b in pairs])
        T = sign * (Z[:, jj] - Z[:, kk]) / sd[jj, kk]
        if symmetric:
            T = np.abs(T)
        c = q7(T.max(axis=1), coverage)
        crit.append(c)
        rejected = 0
        for j, k in pairs:
            if symmetric:
                lo[j, k] = diff[j, k] - sd[j, k] * c
                hi[j, k] = diff[j, k] + sd[j, k] * c
            elif sign > 0:
                lo[j, k] = diff[j, k] - sd[j, k] * c
            else:
                hi[j, k] = diff[j, k] + sd[j, k] * c
            if lo[j, k] > 0 or hi[j, k] < 0:
                active[j, k] = False
                rejected += 1
        step += 1
        if not stepdown or rejected == 0 or rejected == len(pairs):
            break
    Ls, Us = [], []
    for j in sorted(J):
        nplus = sum(1 for k in range(p) if k != j and initial[j, k] and lo[j, k] > 0)
        if cstype == "two-sided" and stepdown:
            nminus = sum(1 for k in range(p) if k != j and initial[k, j] and lo[k, j] > 0)
        else:
            nminus = sum(1 for k in range(p) if k != j and initial[j, k] and hi[j, k] < 0)
        Ls.append(nminus + 1); Us.append(p - nplus)
    return Ls, Us, crit


def csranks(theta, Sigma, eps_blocks, simul, cstype, stepdown, coverage=0.95):
    p = len(theta)
    if simul:
        L, U, c = run(theta, Sigma, eps_blocks, set(range(p)), cstype, stepdown, coverage)
        return {"L": L, "U": U, "critical": [c]}
    L, U, C = [], [], []
    for j in range(p):
        l, u, c = run(theta, Sigma, eps_blocks, {j}, cstype, stepdown, coverage)
        L += l; U += u; C.append(c)
    return {"L": L, "U": U, "critical": C}


def case(name, theta, Sigma, seed, note):
    theta = np.asarray(theta, float); Sigma = np.asarray(Sigma, float)
    rng = np.random.default_rng(seed)
    p = len(theta)
    blocks = [rng.standard_normal((R, p)) for _ in range(STEPS)]
    variants = {}
    for simul in (True, False):
        for cstype in ("two-sided", "lower", "upper"):
            for stepdown in (True, False):
                key = f"{'simul' if simul else 'marg'}_{cstype}_{'stepdown' if stepdown else 'single'}"
                variants[key] = csranks(theta, Sigma, blocks, simul, cstype, stepdown)
    used = max(len(c) for v in variants.values() for c in v["critical"])
    blocks = blocks[:used]  # keep only the blocks some run used (file size)
    return {
        "name": name, "note": note, "estimates": theta.tolist(),
        "covariance": Sigma.tolist(), "replicates": R, "coverage": 0.95, "seed": seed,
        "estimated_ranks": irank(theta), "variants": variants,
        "draws": [b.tolist() for b in blocks],  # draws[s][r][j]: block of step s, row r, unit j
    }


def main():
    # 1. Sixteen Laender-like units with independent estimates and unequal standard errors.
    th16 = [3.42, 3.35, 3.31, 3.30, 3.22, 3.20, 3.19, 3.11, 3.10, 3.05, 3.02, 2.98, 2.90, 2.88, 2.80, 2.61]
    se16 = [0.05, 0.04, 0.06, 0.03, 0.05, 0.08, 0.04, 0.05, 0.09, 0.04, 0.06, 0.05, 0.07, 0.05, 0.06, 0.08]
    c1 = case("laender16_independent", th16, np.diag(np.square(se16)), 20240101,
              "16 units, diagonal covariance (independent samples), unequal SEs")
    # 2. Six units with correlated estimates (common-mode covariance, e.g. a shared calibration).
    th6 = [0.50, 0.45, 0.30, 0.28, 0.10, -0.05]
    sd6 = np.array([0.06, 0.05, 0.07, 0.04, 0.08, 0.05])
    corr = np.full((6, 6), 0.35); np.fill_diagonal(corr, 1.0)
    c2 = case("six_correlated", th6, corr * np.outer(sd6, sd6), 777,
              "6 units, equicorrelated (0.35) estimates")
    meta = {
        "generator": "Datasets/reference/scripts/ranking_csranks.py",
        "python": sys.version.split()[0], "numpy": np.__version__, "platform": platform.platform(),
        "method": "independent implementation of Mogstad, Romano, Shaikh & Wilhelm (2024) rank "
                  "confidence sets as in R csranks 1.2 (csranks/csdiffmeans); R csranks itself is not "
                  "installable here (not in Debian 12).",
        "notes": "Variant keys: simul|marg _ two-sided|lower|upper _ stepdown|single. L and U are "
                 "1-based rank bounds (rank 1 = largest). critical[run][step] are the bootstrap "
                 "quantiles c-hat. Integers must match exactly; critical values to ~1e-12 relative "
                 "(floating-point order of the max statistic is identical up to the Cholesky factor).",
    }
    with open(OUT, "w") as f:
        json.dump({"meta": meta, "cases": [c1, c2]}, f)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
