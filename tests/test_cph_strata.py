"""Stratified cph (``strat()`` in a formula, issue 22): the fit, its strata, anova, fastbw, survest and print
against ``rms::cph(formula, data, x = TRUE, y = TRUE, surv = TRUE, method = ties)`` live, on survival's lung,
veteran, pbc and colon (one and two strat() terms, a covariate interacting with a stratum, a stratum without
events, a string column and a Categorical with an unused level), both ties methods; and the refusals of
what is not ported for a stratified fit."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from test_cph import compare_print
from test_fastbw import R, _compare_fastbw  # noqa: F401  (R: the module's fixture, rms with formula.R and fastbw.R)
from test_formula import _colon, _compare, _lung, _mat, _pbc, _tree, _veteran, rms_function_body

from cmvt_core import InputError, calibrate, cph, fastbw, lrm, validate
from cmvt_core.anova import evaluate_function_text


def _veteran_no_events(R):
    d = _veteran(R)
    d.loc[d["celltype"] == "large", "status"] = 0  # a stratum with no events: it adds nothing to the likelihood
    return d


def _veteran_labels(R):
    d = _veteran(R)
    d["cs"] = d["celltype"].astype(str)  # a string column: levels sorted
    d["ct"] = pd.Categorical(d["cs"], categories=["squamous", "smallcell", "adeno", "large", "other"])  # one unused
    return d


CASES = {
    "lung": (_lung, "Surv(time, dead) ~ rcs(age, 4) + strat(sex) + ph.ecog + I(wt.loss / 10)", [0, 100, 365, 1100]),
    "lung-ia": (_lung, "Surv(time, dead) ~ age * strat(sex) + ph.ecog", [30, 365, 730]),
    "veteran": (_veteran, "Surv(time, status) ~ rcs(karno, 3) + age + strat(celltype)", [10, 90, 500]),
    "veteran-2strata": (_veteran, "Surv(time, status) ~ karno + age + strat(celltype) + strat(prior)", [30, 180]),
    "veteran-noevents": (_veteran_no_events, "Surv(time, status) ~ karno + age + strat(celltype)", [10, 100]),
    "veteran-labels": (_veteran_labels, "Surv(time, status) ~ karno + strat(cs) + strat(ct)", [30, 180]),
    "pbc": (_pbc, "Surv(time, dead) ~ rcs(age, 3) + I(log(bili)) + albumin + strat(edema)", [365, 1826, 5000]),
    "colon": (_colon, "Surv(time, status) ~ lsp(age, c(50, 65)) + rx * nodes + strat(sex)", [365, 1826]),
}


def _newdata(d: pd.DataFrame) -> pd.DataFrame:
    return d.iloc[np.linspace(0, d.shape[0] - 1, 9).astype(int)]


@pytest.mark.r
@pytest.mark.parametrize("ties", ["efron", "breslow"])
@pytest.mark.parametrize("case", list(CASES))
def test_cph_strat_equals_rms(R, parity_case, case, ties):
    load, formula, times = CASES[case]
    d = load(R)
    new = _newdata(d)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = cph(formula, d, ties=ties)
    r = R.call_py("helper:rms_formula_fit", *_tree(formula), d, model="cph", method=ties)
    rs = R.call_py("helper:rms_cph_strat", *_tree(formula), d, new, np.asarray(times, dtype=float), method=ties)
    cmp = parity_case(f"formula-cph-strat-{case}-{ties}").describe(
        call=f"rms::cph({formula}, data, x = TRUE, y = TRUE, surv = TRUE, method = '{ties}'); "
             "survest(fit, newdata, times)", data=d)
    _compare(cmp, fit, r, "cph")  # coef, vcov, stats (Dxy over all rows, as rms), lp, x (no strata), parms, anova
    cmp.add("formula.cph.center", fit.center, float(np.asarray(r["center"]).ravel()[0]))
    # rms's Function.rms leaves out an interaction with a strat term (its predict keeps it); ours keeps it, so
    # that the text gives the linear predictor: rms's text is ours up to that term
    ours, body = fit.function_text(digits=8), rms_function_body(r)
    if "* strat(" in formula:
        assert ours[len(body):].startswith(" + age * (") or ours[len(body):].startswith(" - age * (")
        ours = ours[:len(body)]
    cmp.add("formula.function_text", np.array([ours], dtype=object), np.array([body], dtype=object))
    np.testing.assert_allclose(evaluate_function_text(fit.function_text(), d) - fit.center, fit.linear_predictors,
                               rtol=1e-10, atol=1e-10)
    cmp.add("formula.cph.strata", np.asarray(fit.strata, dtype=object),
            np.array([str(s) for s in rs["strata"]], dtype=object))
    cmp.add("formula.cph.strata_levels", np.array(list(fit.strata.categories), dtype=object),
            np.array([str(s) for s in np.atleast_1d(rs["strata_levels"])], dtype=object))
    cmp.add("formula.cph.loglik", fit.loglik, np.asarray(rs["loglik"], dtype=float))
    cmp.add("formula.cph.score", fit.score, float(np.asarray(rs["score"]).ravel()[0]))
    cmp.add("formula.cph.iter", fit.iter, int(np.asarray(rs["iter"]).ravel()[0]))
    cmp.add("formula.cph.means", fit.means.to_numpy(), np.atleast_1d(np.asarray(rs["means"], dtype=float)))
    if rs["survest_error"] is None:
        sv = fit.survest(new, times)
        cmp.add("formula.cph.survest", sv.to_numpy(), _mat(rs["surv"], sv.shape))
    else:  # rms stops (strata combinations without rows): so do we
        assert "strata levels not found" in str(rs["survest_error"])
        with pytest.raises(InputError, match="rms's survest stops on this fit"):
            fit.survest(new, times)
    compare_print(cmp, "formula.cph.print", fit, rs["print"])  # with the Status/Stratum table
    if ties == "efron":  # fastbw works on coef and var: strat() terms are not factors it can delete
        b = fastbw(fit, rule="p", sls=0.05)
        _compare_fastbw(cmp, b, R.call_py("helper:fbw_fastbw_cph", *_tree(formula), d, "p", "residual", 0.05, 0.0))
    cmp.assert_ok()


def test_strat_fields_without_r():
    d = _lung(None)
    fit = cph("Surv(time, dead) ~ age + strat(sex) + ph.ecog", d)
    assert list(fit.coef.index) == ["age", "ph.ecog"] and fit.x.shape == (len(d), 2)
    assert list(fit.strata.categories) == ["sex=1", "sex=2"] and len(fit.strata) == len(d)
    assert fit.parms == {"sex": ["1", "2"]}
    assert list(fit.anova().index) == ["age", "ph.ecog", "TOTAL"]
    assert list(fit.summary().index) == ["age", "ph.ecog"]
    # one stratum's rows only: the other stratum's curve is not needed, the answer the same
    new = d.iloc[[0, 5, 7]]
    one = new[new["sex"] == 1]
    pd.testing.assert_frame_equal(fit.survest(new, [200]).loc[one.index], fit.survest(one, [200]))
    # an unstratified fit keeps strata None
    assert cph("Surv(time, dead) ~ age + sex", d).strata is None


@pytest.mark.parametrize("formula, model, msg", [
    ("dead ~ age + strat(sex)", lrm, "lrm has no strata"),
    ("Surv(time, dead) ~ age + strat(sex) * strat(ph.ecog)", cph, "two strata factors"),
])
def test_strat_bad_formulas(formula, model, msg):
    with pytest.raises(InputError, match=msg) as e:
        model(formula, _lung(None))
    assert "\n" not in str(e.value)


def test_stratified_fit_refusals():
    d = _lung(None)
    fit = cph("Surv(time, dead) ~ age + strat(sex) + ph.ecog", d, time_inc=365)
    new = d.iloc[:3].copy()
    new["sex"] = 3
    with pytest.raises(InputError, match="'sex' has level '3' not seen"):
        fit.survest(new, [100])
    for call, msg in [(lambda: calibrate(fit, u=365, B=5, seed=1), "calibrate/validate of a stratified"),
                      (lambda: validate(fit, B=5, seed=1), "calibrate/validate of a stratified"),
                      (lambda: fit.concordance(), "concordance"),
                      (lambda: fit._baseline_survival(), "stratified")]:
        with pytest.raises(InputError, match=msg) as e:
            call()
        assert "\n" not in str(e.value)


def _sweep(seed: int) -> tuple[pd.DataFrame, str, str]:
    """Random stratified survival data: 2-6 strata of very different sizes (from 1 or 8 rows; one may have no
    event), tied integer times, 2-3 covariates; ties alternate."""
    g = np.random.default_rng(4200 + seed)
    k = int(g.integers(2, 7))
    sizes = (1 if seed % 3 != 2 else 8) + g.multinomial(int(g.integers(30, 250)), g.dirichlet(np.full(k, 0.7)))
    s = g.permutation(np.repeat(np.arange(k), sizes))
    n = s.shape[0]
    d = pd.DataFrame({"a": np.round(g.normal(50, 10, n), 1), "b": np.round(g.gamma(2.0, 2.0, n), 2),
                      "c": g.integers(0, 3, n).astype(float), "s": s.astype(float)})
    lp = 0.03 * (d["a"] - 50) + 0.2 * d["b"] + 0.3 * s
    d["t"] = np.ceil(g.exponential(100 * np.exp(-lp.to_numpy())) / (1 + seed % 3 * 10))  # more ties for some seeds
    d["e"] = (g.uniform(size=n) < 0.65).astype(float)
    if seed % 3 == 2:  # an interaction with the strata: every stratum with events in it
        d.loc[g.permutation(n)[:n // 2], "e"] = 1.0
    elif seed % 4 == 1:
        d.loc[d["s"] == int(np.argmin(sizes)), "e"] = 0.0  # a (small) stratum without events
    terms = ["a", "b"] + (["catg(c)"] if seed % 2 else []) + (["b * strat(s)"] if seed % 3 == 2 else ["strat(s)"])
    return d, "Surv(t, e) ~ " + " + ".join(terms), ["efron", "breslow"][seed % 2]


@pytest.mark.r
@pytest.mark.parametrize("seed", range(8))
def test_cph_strat_seeded_sweep(R, parity_case, seed):
    d, formula, ties = _sweep(seed)
    new = d.iloc[::max(1, d.shape[0] // 7)]
    times = np.quantile(d["t"], [0.1, 0.5, 0.9])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = cph(formula, d, ties=ties)
    r = R.call_py("helper:rms_formula_fit", *_tree(formula), d, model="cph", method=ties)
    rs = R.call_py("helper:rms_cph_strat", *_tree(formula), d, new, times, method=ties)
    cmp = parity_case(f"formula-cph-strat-sweep-{seed}").describe(
        call=f"rms::cph({formula}, data, method = '{ties}'); survest(fit, newdata, times)", data=d)
    _compare(cmp, fit, r, "cph")
    cmp.add("formula.cph.loglik", fit.loglik, np.asarray(rs["loglik"], dtype=float))
    cmp.add("formula.cph.iter", fit.iter, int(np.asarray(rs["iter"]).ravel()[0]))
    cmp.add("formula.cph.strata", np.asarray(fit.strata, dtype=object),
            np.array([str(v) for v in rs["strata"]], dtype=object))
    sv = fit.survest(new, times)
    cmp.add("formula.cph.survest", sv.to_numpy(), _mat(rs["surv"], sv.shape))
    cmp.assert_ok()
