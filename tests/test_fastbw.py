"""fastbw and validate/calibrate with bw=True against rms 6.5-0 (issue 22, part B)."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from cmvt_core import InputError, calibrate, fastbw, lrm, validate

from test_formula import _birthwt, _cohort, _pima, _tree


@pytest.fixture(scope="module")
def R(r_bridge):
    r_bridge.library("rms")
    r_bridge.source("formula.R")
    r_bridge.source("fastbw.R")
    return r_bridge


def _pbc01(R):
    from cmvt_core.datasets import load_survival
    d = load_survival("pbc").dropna(subset=["trt", "albumin", "bili", "protime", "ascites"]).reset_index(drop=True)
    d["dead"] = (d["status"] == 2).astype(float)  # a binary outcome from the survival data
    return d[["dead", "age", "bili", "albumin", "edema", "protime", "ascites", "sex"]].astype(
        {"sex": str}).assign(sex=lambda x: pd.Categorical(x["sex"], categories=["m", "f"]))


def _simulated(R):
    rng = np.random.default_rng(22)
    n = 250
    d = pd.DataFrame({f"x{j}": rng.normal(size=n) for j in range(1, 7)})
    d["g"] = pd.Categorical(rng.choice(["a", "b", "c"], size=n), categories=["a", "b", "c"])
    lp = -0.3 + 0.8 * d["x1"] - 0.5 * d["x2"] + 0.3 * d["x3"] * d["x1"] + 0.4 * (d["g"] == "c")
    d["y"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-lp))).astype(float)
    return d


CASES = {
    "birthwt": (_birthwt, "low ~ rcs(age, 4) + lwt + race * smoke + ptl + ht + ui + ftv"),
    "pima": (_pima, "type ~ rcs(glu, 4) + bmi * age + npreg + bp + skin + ped"),
    "cohort": (_cohort, "cmvt ~ rcs(post_nlr, 4) * age_group + lsp(bmi, c(25, 30)) + female + rcs(pre_crp, 3)"),
    "pbc": (_pbc01, "dead ~ rcs(age, 3) + I(log(bili)) + albumin + edema + protime + ascites + sex"),
    "sim": (_simulated, "y ~ x1 * x3 + x2 + pol(x4, 2) + x5 + x6 + g"),
}
SETTINGS = [("aic", "residual", 0.05, 0.0), ("p", "residual", 0.05, 0.0), ("p", "individual", 0.2, 0.0),
            ("aic", "individual", 0.05, 0.0), ("p", "residual", 0.5, 0.0), ("aic", "residual", 0.05, 4.0)]


def _fit(load, formula, R):
    d = load(R)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = lrm(formula, d)
    return d, fit


def _strs(v):
    return np.array([str(s) for s in np.atleast_1d(v if v is not None else [])], dtype=object)


def _ints(v):
    return np.atleast_1d(np.asarray(v if v is not None else [], dtype=float)).astype(int)


def _compare_fastbw(cmp, b, r):
    cmp.add("fastbw.deleted", np.array(list(b.result.index), dtype=object), _strs(r["deleted"]))
    if len(b.result):
        cmp.add("fastbw.result", b.result.to_numpy(dtype=float),
                np.asarray(r["result"], dtype=float).reshape(len(b.result), 7, order="F")
                if np.ndim(r["result"]) < 2 else np.asarray(r["result"], dtype=float))
    cmp.add("fastbw.names_kept", np.array(b.names_kept, dtype=object), _strs(r["names_kept"]))
    for k in ("factors_kept", "factors_deleted", "parms_kept", "parms_deleted"):
        cmp.add(f"fastbw.{k}", np.array(getattr(b, k), dtype=int), _ints(r[k]))
    cmp.add("fastbw.coef", b.coef.to_numpy(), np.atleast_1d(np.asarray(r["coef"], dtype=float)))
    if r["coef_names"] is not None:
        cmp.add("fastbw.coef_names", np.array(list(b.coef.index), dtype=object), _strs(r["coef_names"]))
    cmp.add("fastbw.var", b.var.to_numpy().ravel(order="F"), np.atleast_1d(np.asarray(r["var"], dtype=float)))
    cmp.add("fastbw.printed", np.array(str(b).split("\n"), dtype=object), _strs(r["printed"]))


@pytest.mark.r
@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: f"{s[0]}-{s[1]}-{s[2]}-{s[3]}")
def test_fastbw_equals_rms(R, parity_case, case, setting):
    load, formula = CASES[case]
    d, fit = _fit(load, formula, R)
    rule, type_, sls, aics = setting
    b = fastbw(fit, rule=rule, type=type_, sls=sls, aics=aics)
    r = R.call_py("helper:fbw_fastbw", *_tree(formula), d, rule, type_, sls, aics)
    cmp = parity_case(f"fastbw-{case}-{rule}-{type_}-{sls}-{aics}").describe(
        call=f"rms::fastbw(lrm({formula}), rule='{rule}', type='{type_}', sls={sls}, aics={aics})", data=d)
    _compare_fastbw(cmp, b, r)
    cmp.assert_ok()


def _r_table(r, shape):
    return np.asarray(r["table"], dtype=float).reshape(shape, order="F") if np.ndim(r["table"]) < 2 else \
        np.asarray(r["table"], dtype=float)


# (data, rule, sls, seed); rule "individual" stands for rule "p" with type "individual"
BW_CASES = [("birthwt", "aic", 0.05, 1), ("pima", "individual", 0.1, 4), ("birthwt", "p", 0.1, 7),
            ("pima", "aic", 0.05, 3), ("pima", "p", 0.2, 11),
            ("cohort", "p", 0.05, 5), ("pbc", "aic", 0.05, 2), ("sim", "p", 0.05, 9)]


@pytest.mark.r
@pytest.mark.parametrize("case,rule,sls,seed", BW_CASES)
def test_validate_bw_equals_rms(R, parity_case, case, rule, sls, seed):
    type_ = "individual" if rule == "individual" else "residual"
    rule = "p" if rule == "individual" else rule
    load, formula = CASES[case]
    d, fit = _fit(load, formula, R)
    B = 30
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v = validate(fit, B=B, seed=seed, bw=True, rule=rule, type=type_, sls=sls)
    r = R.call_py("helper:fbw_validate", *_tree(formula), d, B, seed, rule, type_, sls, 0.0)
    cmp = parity_case(f"bw-validate-{case}-{rule}-{sls}-{seed}").describe(
        call=f"set.seed({seed}); rms::validate(lrm({formula}), B={B}, bw=TRUE, rule='{rule}', sls={sls})", data=d)
    t = v.table.to_numpy()
    rt = _r_table(r, t.shape)
    cmp.add("bw.validate.table", t[:, :5], rt[:, :5])
    cmp.add("bw.validate.n", t[:, 5], rt[:, 5])
    kept = np.asarray(r["kept"], dtype=float)
    kept = kept.reshape(-1, len(v.kept.columns), order="F") if kept.ndim < 2 else kept
    cmp.add("bw.validate.kept", v.kept.to_numpy(dtype=float), kept)
    cmp.add("bw.validate.kept_names", np.array(list(v.kept.columns), dtype=object), _strs(r["kept_names"]))
    cmp.add("bw.validate.printed", np.array(str(v).split("\n"), dtype=object), _strs(r["printed"]))
    msgs = [s for s in _strs(r["messages"]) if s.strip()]
    ours = [s for s in str(v.fastbw).split("\n") if s.strip()]
    cmp.add("bw.validate.printed_stepdown", np.array(ours, dtype=object),
            np.array(msgs[1:1 + len(ours)], dtype=object))
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("case,rule,sls,seed", [c for c in BW_CASES if c[1] != "individual"][:5]
                         + [("birthwt", "p", 0.05, 4), ("sim", "aic", 0.05, 2)])
def test_calibrate_bw_equals_rms(R, parity_case, case, rule, sls, seed):
    load, formula = CASES[case]
    d, fit = _fit(load, formula, R)
    B = 30
    try:
        r = R.call_py("helper:fbw_calibrate", *_tree(formula), d, B, seed, rule, "residual", sls, 0.0)
    except Exception as e:  # a replicate's step-down deleted every factor: rms stops in approx()
        assert "need at least two non-NA values" in str(e)
        with pytest.raises(RuntimeError, match="need at least two non-NA values"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            calibrate(fit, B=B, seed=seed, bw=True, rule=rule, sls=sls)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = calibrate(fit, B=B, seed=seed, bw=True, rule=rule, sls=sls)
    cmp = parity_case(f"bw-calibrate-{case}-{rule}-{sls}-{seed}").describe(
        call=f"set.seed({seed}); rms::calibrate(lrm({formula}), B={B}, bw=TRUE, rule='{rule}', sls={sls})", data=d)
    t = c.table.to_numpy()
    rt = _r_table(r, t.shape)
    cmp.add("bw.calibrate.table", t[:, :8], rt[:, :8])
    cmp.add("bw.calibrate.n", t[:, 8], rt[:, 8])
    cmp.assert_ok()


@pytest.mark.parametrize("kw,msg", [({"rule": "bic"}, "rule"), ({"type": "total2"}, "type"), ({"sls": 0}, "sls"),
                                    ({"sls": 1.0}, "sls"), ({"sls": "a"}, "sls"), ({"aics": float("nan")}, "aics")])
def test_bad_input(kw, msg):
    from cmvt_core.datasets import load_cmvt_cohort
    d = load_cmvt_cohort().astype(float)
    fit = lrm("cmvt ~ post_nlr + age_group + bmi", d)
    with pytest.raises(InputError, match=msg):
        fastbw(fit, **kw)
    with pytest.raises(InputError, match=msg):
        validate(fit, B=2, bw=True, **kw)
    with pytest.raises(InputError, match="bw"):
        validate(fit, B=2, bw="yes")


def test_bw_false_unchanged_and_fastbw_fields():
    from cmvt_core.datasets import load_cmvt_cohort
    d = load_cmvt_cohort().astype(float)
    fit = lrm("cmvt ~ post_nlr + age_group + bmi + female", d)
    v0 = validate(fit, B=5, seed=3)
    assert v0.kept is None and v0.fastbw is None
    v1 = validate(fit, B=5, seed=3, bw=True, rule="p", sls=0.999999)  # keeps everything: same as bw=False
    assert v1.kept.to_numpy().all()
    b = fastbw(fit, rule="p", sls=0.999999)
    assert list(b.result.index) == [] and b.parms_kept == list(range(1, 6))
    assert "No Factors Deleted" in str(b)


@pytest.mark.r
@pytest.mark.parametrize("setting", SETTINGS[:3], ids=lambda s: f"{s[0]}-{s[1]}-{s[2]}")
def test_fastbw_xy_form_equals_rms(R, parity_case, setting):
    d = _birthwt(R)
    x = d[["age", "lwt", "race", "smoke", "ptl", "ht", "ui", "ftv"]]
    fit = lrm(x, d["low"])
    rule, type_, sls, aics = setting
    b = fastbw(fit, rule=rule, type=type_, sls=sls, aics=aics)
    r = R.call_py("helper:fbw_fastbw_xy", x, np.asarray(d["low"], dtype=float), rule, type_, sls, aics)
    cmp = parity_case(f"fastbw-xy-{rule}-{type_}-{sls}").describe(
        call=f"rms::fastbw(lrm(y ~ ., x=TRUE, y=TRUE), rule='{rule}', type='{type_}', sls={sls})", data=x)
    _compare_fastbw(cmp, b, r)
    cmp.assert_ok()


@pytest.mark.r
@pytest.mark.parametrize("case", ["lung", "pbc", "colon"])
@pytest.mark.parametrize("setting", SETTINGS[:3], ids=lambda s: f"{s[0]}-{s[1]}-{s[2]}")
def test_fastbw_cph_equals_rms(R, parity_case, case, setting):
    from test_formula import CPH_CASES
    from cmvt_core import cph
    load, formula = CPH_CASES[case]
    d = load(R)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = cph(formula, d)
    rule, type_, sls, aics = setting
    b = fastbw(fit, rule=rule, type=type_, sls=sls, aics=aics)
    r = R.call_py("helper:fbw_fastbw_cph", *_tree(formula), d, rule, type_, sls, aics)
    cmp = parity_case(f"fastbw-cph-{case}-{rule}-{type_}-{sls}").describe(
        call=f"rms::fastbw(cph({formula}), rule='{rule}', type='{type_}', sls={sls})", data=d)
    _compare_fastbw(cmp, b, r)
    cmp.assert_ok()


def _sweep_data(seed: int) -> tuple[pd.DataFrame, str]:
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(60, 400))
    p = int(rng.integers(3, 8))
    d = pd.DataFrame({f"v{j}": rng.normal(size=n) * rng.uniform(0.5, 20) for j in range(p)})
    beta = rng.normal(size=p) * rng.choice([0.0, 0.05, 0.3], size=p) / d.std().to_numpy()
    lp = rng.normal() * 0.5 + d.to_numpy() @ beta
    d["yy"] = (rng.uniform(size=n) < 1 / (1 + np.exp(-lp))).astype(float)
    terms = [f"v{j}" for j in range(p)]
    if seed % 3 == 0:
        terms[0] = "rcs(v0, 3)"
    if seed % 2 == 0:
        terms.append("v1 * v2")
    return d, "yy ~ " + " + ".join(terms)


@pytest.mark.r
@pytest.mark.parametrize("seed", range(12))
def test_fastbw_seeded_sweep(R, parity_case, seed):
    """Random designs, effect sizes and settings (rule, type, sls, aics): every field and the printout exact."""
    d, formula = _sweep_data(seed)
    rng = np.random.default_rng(seed)
    rule = ["aic", "p"][seed % 2]
    type_ = ["residual", "individual"][(seed // 2) % 2]
    sls = float(rng.choice([0.01, 0.05, 0.1, 0.3, 0.7]))
    aics = float(rng.choice([0.0, 0.0, -2.0, 3.0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = lrm(formula, d)
    b = fastbw(fit, rule=rule, type=type_, sls=sls, aics=aics)
    r = R.call_py("helper:fbw_fastbw", *_tree(formula), d, rule, type_, sls, aics)
    cmp = parity_case(f"fastbw-sweep-{seed}").describe(
        call=f"rms::fastbw(lrm({formula}), rule='{rule}', type='{type_}', sls={sls}, aics={aics})", data=d)
    _compare_fastbw(cmp, b, r)
    cmp.assert_ok()


def test_bw_any_n_jobs_same_bytes():
    from cmvt_core.datasets import load_cmvt_cohort
    d = load_cmvt_cohort().astype(float)
    fit = lrm("cmvt ~ rcs(post_nlr, 3) + age_group + bmi + female", d)
    a = validate(fit, B=8, seed=5, bw=True, n_jobs=1)
    b = validate(fit, B=8, seed=5, bw=True, n_jobs=2)
    assert a.table.to_numpy().tobytes() == b.table.to_numpy().tobytes()
    assert a.kept.equals(b.kept)
    c1 = calibrate(fit, B=8, seed=5, bw=True, n_jobs=1)
    c2 = calibrate(fit, B=8, seed=5, bw=True, n_jobs=2)
    assert c1.table.to_numpy().tobytes() == c2.table.to_numpy().tobytes()


def test_bw_refused_for_a_cph_fit():
    """bw=True is ported for lrm fits only: a cph fit gets an InputError, not a silently ignored bw."""
    from cmvt_core import cph

    rng = np.random.default_rng(3)
    x = pd.DataFrame({"a": rng.normal(size=80), "b": rng.normal(size=80)})
    t = rng.exponential(5.0, 80).round(2) + 0.01
    e = (rng.uniform(size=80) < 0.7).astype(int)
    fit = cph(x, t, e, time_inc=2.0)
    with pytest.raises(InputError, match="bw=True.*lrm fits only"):
        validate(fit, B=3, seed=1, bw=True)
    with pytest.raises(InputError, match="bw=True.*lrm fits only"):
        calibrate(fit, u=2.0, B=3, seed=1, bw=True)
