"""Decision curves and cut-off tables: cmvt_core vs rmda's way in plain R (parity/r/dca.R).

rmda itself is not installable here; parity/r/dca.R implements the same algorithm in plain R
(B.ind drawn up front, glm refitted on the resampled rows in every replicate, type-1 quantiles),
so the R column is what rmda's own loop costs.  Data: the simulated administrative cohort
(cmvt_core.cohort), model outcome ~ score + age.  Run: .venv/bin/python benchmarks/bench_dca.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks._common import table, write_section, machine_note  # noqa: E402

MACHINE = machine_note()  # measured when the script starts
from cmvt_core.cohort import simulate_admin_cohort  # noqa: E402
from cmvt_core.cutoff import cutoff_table  # noqa: E402
from cmvt_core.dca import decision_curve  # noqa: E402


def once(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main():
    from cmvt_core.parity.bridge import get_bridge

    b = get_bridge()
    b.source("dca.R")
    full = simulate_admin_cohort()
    rows = []
    decision_curve(full.iloc[:2000], "outcome", ["score", "age"], bootstraps=2, seed=1)  # compile/warm up

    # cut-off table, 550,237 rows
    tp, tab = once(lambda: cutoff_table(full.score, full.outcome))
    tr, _ = once(lambda: b.call("helper:cutoff_plain", full.score.to_numpy(float), full.outcome.to_numpy(float)))
    rows.append(["cutoff_table (every score value)", "550,237", f"{tp:.3f}", f"{tr:.2f}", f"{tr / tp:.0f}x"])

    # decision curves with 500 bootstraps and the glm refit, at growing sizes
    for n in (5_000, 55_024):
        d = full.iloc[:n].reset_index(drop=True)
        tp, py = once(lambda: decision_curve(d, "outcome", ["score", "age"], bootstraps=500, seed=1))
        tr, r = once(lambda: b.to_py(b.call("helper:dca_plain", d, "outcome", predictors=["score", "age"],
                                             bootstraps=500, seed=1)))
        same = all(np.allclose(py.derived_data[c.replace(".", "_")].to_numpy(float), r[c].to_numpy(float),
                               rtol=0, atol=1e-10, equal_nan=True) for c in r.columns if c != "model")
        rows.append([f"decision_curve, 500 bootstraps, glm refits (CIs identical to R: {same})", f"{n:,}",
                     f"{tp:.2f}", f"{tr:.1f}", f"{tr / tp:.0f}x"])

    # full size: Python with 500 bootstraps; R measured on 10 bootstraps and scaled (500 would exceed 5 min)
    tp, _ = once(lambda: decision_curve(full, "outcome", ["score", "age"], bootstraps=500, seed=1))
    tr10, _ = once(lambda: b.call("helper:dca_plain", full, "outcome", predictors=["score", "age"],
                                  bootstraps=10, seed=1))
    tr0, _ = once(lambda: b.call("helper:dca_plain", full, "outcome", predictors=["score", "age"]))
    est = tr0 + (tr10 - tr0) * 50
    rows.append(["decision_curve, 500 bootstraps, glm refits", "550,237", f"{tp:.1f}",
                 f"~{est:.0f} (est.: 10 boots took {tr10:.1f} s)", f"~{est / tp:.0f}x"])
    tpf, _ = once(lambda: decision_curve(full.assign(risk=full.score / 12), "outcome", ["risk"], fitted_risk=True,
                                         bootstraps=500, seed=1))
    rows.append(["decision_curve, fitted_risk=True, 500 bootstraps", "550,237", f"{tpf:.1f}", "-", "-"])

    md = ["## Decision curves and cut-offs vs rmda's way in R",
          "rmda 1.6 is not installable here (not a Debian package), so R runs `parity/r/dca.R`: the same algorithm "
          "as rmda (B.ind drawn up front, `glm` refitted on the resampled rows in every replicate, type-1 "
          "quantile CIs), in plain R. Data: the simulated administrative cohort (`cmvt_core.cohort`), model "
          "`outcome ~ score + age`. Single runs (not best-of-3: the R side takes minutes); "
          f"{MACHINE}. Python includes R's "
          "random stream (R's `sample.int` rejection sampling, ~2 MT draws per index), which is about half of "
          "its bootstrap time.",
          "",
          table(["task", "rows", "Python (s)", "R (s)", "R / Python"], rows),
          "",
          "Largest size R finished within 5 minutes: 5,000 rows "
          "(the 55,024-row R run took 467 s under load; the 550,237-row R time is extrapolated from 10 replicates). "
          "Why Python is faster: rows are collapsed once into distinct (outcome, covariate) patterns; a bootstrap "
          "replicate is a vector of pattern counts, the glm refit is a frequency-weighted IRLS on the patterns with "
          "R's unweighted start (the same iterations as R's fit on the repeated rows), and all 101 thresholds "
          "come from one histogram and a cumulative sum. With continuous predictors (no repeated patterns) the "
          "refit is on all drawn rows and Python's advantage shrinks to the cost of R's model-frame handling."]
    write_section("dca", "\n".join(md))
    print("\n".join(md))


if __name__ == "__main__":
    main()
