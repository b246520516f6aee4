"""rms formulas (issue 22): lrm(formula, data) / cph(formula, data), their design (fit$x, Design$parms),
anova(fit) and function_text, live against rms 6.5-0 on MASS's birthwt and Pima.tr, survival's lung, veteran,
pbc and colon, and the project's cohort."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, anova, cph, lrm
from cmvt_core.anova import evaluate_function_text
from cmvt_core.datasets import load_cmvt_cohort, load_survival
from cmvt_core.formula import r_eval, r_nodes, r_parse


def _tree(formula: str):
    """The formula as the flat node list formula.R rebuilds with as.name()/as.call() (never parsed as R code)."""
    n = r_nodes(formula)
    return n["kind"], n["value"], np.array(n["num"], dtype=float), np.array(n["nargs"], dtype=np.int64)


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("formula.R")
    return r_bridge


def _birthwt(R):
    d = R.call_py("helper:rms_dataset", "birthwt", "MASS")
    d["race"] = pd.Categorical.from_codes(np.asarray(d["race"], dtype=int) - 1, ["white", "black", "other"])
    return d


def _birthwt_strings(R):
    d = _birthwt(R)
    d["race"] = d["race"].astype(str)  # a string column: levels sorted (black, other, white in C and en_US alike)
    return d


def _pima(R):
    d = R.call_py("helper:rms_dataset", "Pima.tr", "MASS")
    d["type"] = (np.asarray(d["type"]) == "Yes").astype(float)
    return d


def _cohort(R):
    return load_cmvt_cohort().astype(float)


def _lung(R):
    d = load_survival("lung").dropna(subset=["age", "sex", "ph.ecog", "wt.loss"]).reset_index(drop=True)
    d["dead"] = (d["status"] == 2).astype(float)
    return d[["time", "dead", "age", "sex", "ph.ecog", "wt.loss"]]


def _veteran(R):
    d = load_survival("veteran")
    d["celltype"] = pd.Categorical(d["celltype"], categories=["squamous", "smallcell", "adeno", "large"])
    return d


def _pbc(R):
    d = load_survival("pbc").dropna(subset=["trt", "albumin", "bili"]).reset_index(drop=True)
    d["dead"] = (d["status"] == 2).astype(float)
    return d[["time", "dead", "age", "bili", "albumin", "edema"]]


def _colon(R):
    d = load_survival("colon")
    d = d[d["etype"] == 2].dropna(subset=["nodes"]).reset_index(drop=True)
    d["rx"] = pd.Categorical(d["rx"], categories=["Obs", "Lev", "Lev+5FU"])
    return d[["time", "status", "age", "sex", "nodes", "rx"]]


LRM_CASES = {
    "birthwt-full": (_birthwt, "low ~ rcs(age, 4) + race * smoke + I(lwt / 2.2) + pol(ptl, 2) + lsp(ftv, c(1)) "
                               "+ rcs(age, 4) * ht + catg(ui)"),
    "birthwt-knots": (_birthwt, "low ~ rcs(lwt, c(100, 120, 140, 170)) + pol(age, 2) + smoke + scored(ptl) + race"),
    "pima": (_pima, "type ~ rcs(glu, 5) + bmi * age + I(log(ped)) + pol(npreg, 2)"),
    "pima-rcs-ia": (_pima, "type ~ rcs(glu, 3) * bmi + npreg + I(skin^2)"),
    "pima-3way": (_pima, "type ~ I(glu / 100) * I(bmi / 10) * I(age / 10) + bp"),
    "birthwt-strings": (_birthwt_strings, "low ~ rcs(lwt, 3) * race + smoke"),
    "cohort": (_cohort, "cmvt ~ rcs(post_nlr, 4) * age_group + lsp(bmi, c(25, 30)) + female + rcs(pre_crp, 3)"),
}
CPH_CASES = {
    "lung": (_lung, "Surv(time, dead) ~ rcs(age, 4) + sex * ph.ecog + I(wt.loss / 10)"),
    "veteran": (_veteran, "Surv(time, status) ~ rcs(karno, 3) * celltype + age + catg(prior)"),
    "pbc": (_pbc, "Surv(time, dead) ~ rcs(age, 4) + I(log(bili)) + pol(albumin, 2) + catg(edema)"),
    "colon": (_colon, "Surv(time, status) ~ lsp(age, c(50, 65)) + rx * nodes + sex"),
}


def _mat(v, shape):
    a = np.asarray(v, dtype=float)
    return a.reshape(shape, order="F") if a.ndim == 1 else a


def _compare(cmp, fit, r, model):
    p = f"formula.{model}"
    names = [str(s) for s in np.atleast_1d(r["names"])]
    cmp.add(f"{p}.coef_names", np.array(list(fit.coef.index), dtype=object), np.array(names, dtype=object))
    cmp.add(f"{p}.coef", fit.coef.to_numpy(), np.asarray(r["coef"], dtype=float))
    cmp.add(f"{p}.vcov", fit.vcov.to_numpy(), _mat(r["var"], fit.vcov.shape))
    rs = np.asarray(r["stats"], dtype=float)
    rn = [str(s) for s in r["stat_names"]]
    for k, v in zip(rn, rs):
        if k in fit.stats and not (np.isnan(v) and rn.index(k) != list(rn).index(k)):
            cmp.add(f"{p}.stats.{k}", fit.stats[k], v)
    cmp.add(f"{p}.linear_predictors", fit.linear_predictors, np.asarray(r["lp"], dtype=float))
    cmp.add(f"{p}.x", fit.x, _mat(r["x"], fit.x.shape))
    cmp.add(f"{p}.x_names", np.array(fit.rms_design.colnames, dtype=object),
            np.array([str(s) for s in r["x_names"]], dtype=object))
    cmp.add(f"{p}.term_names", np.array(fit.rms_design.names, dtype=object),
            np.array([str(s) for s in np.atleast_1d(r["term_names"])], dtype=object))
    rparms = r["parms"]
    pn = [str(s) for s in np.atleast_1d(r["parm_names"])]
    cmp.add(f"{p}.parm_names", np.array(list(fit.parms), dtype=object), np.array(pn, dtype=object))
    for k in pn:
        ours = fit.parms[k]
        theirs = rparms[k] if isinstance(rparms, dict) else rparms[pn.index(k)]
        if isinstance(ours, list):
            cmp.add(f"{p}.parms.levels", np.array(ours, dtype=object),
                    np.array([str(s) for s in np.atleast_1d(theirs)], dtype=object))
        else:
            cmp.add(f"{p}.parms.values", np.ravel(np.asarray(ours, dtype=float), order="F"),
                    np.atleast_1d(np.asarray(theirs, dtype=float)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        a = anova(fit)
    rw = [str(s)[len("anova: "):] for s in np.atleast_1d(r["warnings"] if r["warnings"] is not None else [])
          if str(s).startswith("anova: ")]
    cmp.add(f"{p}.anova_warnings", np.array([str(w.message) for w in caught], dtype=object), np.array(rw, dtype=object))
    rows = [str(s) for s in np.atleast_1d(r["anova_rows"])]
    cmp.add(f"{p}.anova_rows", np.array(list(a.index), dtype=object), np.array(rows, dtype=object))
    cmp.add(f"{p}.anova", a.to_numpy(), _mat(r["anova"], (len(rows), 3)))
    cmp.add(f"{p}.anova_print", np.array(str(a).split("\n"), dtype=object),
            np.array([str(s) for s in r["anova_print"]], dtype=object))


def _compare_function(cmp, fit, r):
    """function_text(fit, digits=8) against the body of rms::Function(fit) (8 significant digits), white space
    folded; rms assigns each I() variable first (``lwt <- lwt/2.2``), we write it inline: those cases are
    compared after the assignments are substituted into rms's text."""
    cmp.add("formula.function_text", np.array([fit.function_text(digits=8)], dtype=object),
            np.array([rms_function_body(r)], dtype=object))


def rms_function_body(r) -> str:
    """The body of rms's Function text (``r["fn_body"]``) with the I() assignments substituted inline."""
    import re

    body = re.sub(r"\s+", " ", str(np.atleast_1d(r["fn_body"])[0])).strip()
    body = body[1:-1].strip() if body.startswith("{") else body
    subs = re.findall(r"([A-Za-z.][A-Za-z0-9._]*) <- (.+?)(?= [A-Za-z.][A-Za-z0-9._]* <- | [-+]?[0-9(])", body)
    for name, expr in subs:
        body = body.replace(f"{name} <- {expr} ", "", 1)
        body = re.sub(rf"(?<![A-Za-z0-9._]){re.escape(name)}(?![A-Za-z0-9._(])", f"({expr})", body)
    return body[1:] if body.startswith("+") else body


@pytest.mark.r
@pytest.mark.parametrize("case", list(LRM_CASES))
def test_lrm_formula_equals_rms(R, parity_case, case):
    load, formula = LRM_CASES[case]
    d = load(R)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = lrm(formula, d)
    r = R.call_py("helper:rms_formula_fit", *_tree(formula), d)
    cmp = parity_case(f"formula-lrm-{case}").describe(call=f"rms::lrm({formula}, data, x = TRUE, y = TRUE)", data=d)
    _compare(cmp, fit, r, "lrm")
    _compare_function(cmp, fit, r)
    cmp.assert_ok()
    # the function text applies the fit by hand: equal to predict() to rounding
    np.testing.assert_allclose(evaluate_function_text(fit.function_text(), d), fit.linear_predictors,
                               rtol=1e-10, atol=1e-10)


@pytest.mark.r
@pytest.mark.parametrize("case", list(CPH_CASES))
def test_cph_formula_equals_rms(R, parity_case, case):
    load, formula = CPH_CASES[case]
    d = load(R)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = cph(formula, d)
    r = R.call_py("helper:rms_formula_fit", *_tree(formula), d, model="cph")
    cmp = parity_case(f"formula-cph-{case}").describe(call=f"rms::cph({formula}, data, x = TRUE, y = TRUE, "
                                                           "surv = TRUE)", data=d)
    _compare(cmp, fit, r, "cph")
    cmp.add("formula.cph.center", fit.center, float(np.asarray(r["center"]).ravel()[0]))
    _compare_function(cmp, fit, r)
    cmp.assert_ok()
    # rms's Function of a cph fit is X beta (not centred): predict() is the text minus the centre
    np.testing.assert_allclose(evaluate_function_text(fit.function_text(), d) - fit.center, fit.linear_predictors,
                               rtol=1e-10, atol=1e-10)


@pytest.mark.r
@pytest.mark.parametrize("case", ["lung", "colon"])
def test_cph_formula_breslow_equals_rms(R, parity_case, case):
    load, formula = CPH_CASES[case]
    d = load(R)
    fit = cph(formula, d, ties="breslow")
    r = R.call_py("helper:rms_formula_fit", *_tree(formula), d, model="cph", method="breslow")
    cmp = parity_case(f"formula-cph-breslow-{case}").describe(call=f"rms::cph({formula}, data, method = 'breslow')")
    _compare(cmp, fit, r, "cph")
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("case", ["birthwt-full", "pima"])
def test_predict_new_rows_equals_rms(R, parity_case, case):
    load, formula = LRM_CASES[case]
    d = load(R)
    new = d.sample(30, random_state=1)
    fit = lrm(formula, d)
    r = np.asarray(R.call_py("helper:rms_formula_predict", *_tree(formula), d, new), dtype=float)
    cmp = parity_case(f"formula-lrm-predict-{case}").describe(call="predict(rms::lrm(formula, data), newdata)")
    cmp.add("formula.lrm.predict", fit.predict(new).to_numpy(), r)
    cmp.assert_ok()


@pytest.mark.r
def test_anova_of_xy_fit_equals_rms(R, parity_case):
    d = _birthwt(R)
    x = d[["age", "lwt", "race", "smoke"]]
    fit = lrm(x, d["low"])
    r = R.call_py("helper:rms_anova_xy", x, np.asarray(d["low"], dtype=float))
    a = anova(fit)
    rows = [str(s) for s in np.atleast_1d(r["anova_rows"])]
    cmp = parity_case("formula-anova-xy").describe(call="anova(rms::lrm(y ~ ., x = TRUE, y = TRUE))")
    cmp.add("formula.lrm.anova_rows", np.array(list(a.index), dtype=object), np.array(rows, dtype=object))
    cmp.add("formula.lrm.anova", a.to_numpy(), _mat(r["anova"], (len(rows), 3)))
    cmp.assert_ok()


@pytest.mark.r
def test_formula_tree_refuses_other_functions(R):
    """formula.R rebuilds only allow-listed calls: a node naming system() stops before anything runs."""
    with pytest.raises(Exception, match="not allowed"):
        R.call("helper:rms_formula_tree", ["C", "N"], ["system", "x"], np.zeros(2), np.array([1, 0]))


def test_r_arithmetic():
    env = {"x": np.array([2.0, 3.0])}
    np.testing.assert_array_equal(r_eval(r_parse("-x^2"), env), [-4.0, -9.0])  # ^ before unary minus, as R
    np.testing.assert_array_equal(r_eval(r_parse("2^3^2"), env), 512.0)  # right-associative
    np.testing.assert_array_equal(r_eval(r_parse("x / 2 * 3"), env), [3.0, 4.5])
    np.testing.assert_array_equal(r_eval(r_parse("pmax(x - 2.5, 0)"), env), [0.0, 0.5])


def test_names_and_parms_without_r():
    d = load_cmvt_cohort().astype(float)
    fit = lrm("cmvt ~ rcs(post_nlr, 3) + I(bmi / 10) + pol(pre_crp, 2)", data=d)
    assert list(fit.coef.index) == ["Intercept", "post_nlr", "post_nlr'", "bmi", "pre_crp", "pre_crp^2"]
    assert fit.parms["pre_crp"] == 2 and fit.parms["post_nlr"].shape == (3,)
    assert fit.x.shape == (len(d), 5)
    np.testing.assert_array_equal(fit.x[:, 2], d["bmi"].to_numpy() / 10)


@pytest.mark.parametrize("formula, msg", [
    ("cmvt ~ rcs(nope, 4)", "'nope'"),
    ("cmvt ~ splines(bmi, 3)", "splines"),
    ("cmvt ~ rcs(female, 4)", "female"),
    ("cmvt ~ age_group + ns(bmi)", "ns"),
    ("cmvt ~ .", "'.'"),
    ("nope ~ bmi", "'nope'"),
    ("cmvt ~ bmi + I(bmi^2)", "both named 'bmi'"),
])
def test_bad_formulas(formula, msg):
    d = load_cmvt_cohort().astype(float)
    with pytest.raises(InputError, match=msg) as e:
        lrm(formula, d)
    assert "\n" not in str(e.value)


def _sweep_x(seed: int) -> np.ndarray:
    g = np.random.default_rng(seed)
    n = int(g.choice([20, 45, 99, 100, 150, 400]))
    kind = seed % 4
    if kind == 0:
        return np.round(g.normal(50, 10, n), 1)
    if kind == 1:  # a heavily tied lower end (fractied moves the first knot)
        return np.concatenate([np.zeros(n // 4), np.round(g.exponential(3, n - n // 4), 2) + 0.01])
    if kind == 2:  # integers with ties
        return g.integers(0, 40, n).astype(float)
    return np.concatenate([np.round(g.uniform(0, 10, n - n // 5), 3), np.full(n // 5, 10.0)])  # tied upper end


@pytest.mark.r
@pytest.mark.parametrize("seed", range(24))
def test_rcs_knots_and_basis_equal_hmisc(R, parity_case, seed):
    """Hmisc::rcspline.eval(x, nk, inclx = TRUE): default knots (quantiles, fractied, n < 100 rule) and the basis."""
    from cmvt_core.formula import rcspline_eval, rcspline_knots

    x = _sweep_x(seed)
    nk = 3 + seed % 5
    r = R.call_py("helper:rcs_knots_basis", x, nk)
    cmp = parity_case(f"formula-rcs-{seed}").describe(call=f"Hmisc::rcspline.eval(x, nk = {nk}, inclx = TRUE)", data=x)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            k = rcspline_knots(x, nk, "x")
        except InputError:
            # too few distinct values: Hmisc warns and uses the interior values, the API raises instead
            assert r["warnings"] is not None and "knots set to" in " ".join(np.atleast_1d(r["warnings"]))
            return
    rk = np.atleast_1d(np.asarray(r["knots"], dtype=float))
    cmp.add("formula.rcs.knots", k, rk)
    b = rcspline_eval(x, k)
    cmp.add("formula.rcs.basis", b, _mat(r["basis"], b.shape))
    cmp.assert_ok()
