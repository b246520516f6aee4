"""Printing like R (issue 17): ``str(result)`` is R's ``print(result)``, line by line, captured live through the
parity bridge (``capture.output(print(x))``, parity/r/printing.R); ``repr`` stays below 2,000 characters
for large inputs; ``_repr_html_`` is a parseable HTML table holding the key numbers.

Comparisons are exact, character for character, except where said: the lines are compared with trailing
blanks kept (R pads table cells) and, for calibrate, up to the end of the matrix (rms's
print.calibrate.default then dumps the matrix's attributes, e.g. all 319 predictions).
"""
from __future__ import annotations

from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from cmvt_core import calibrate, cv_glmnet, glmnet, hoslem_test, lrm, roc, roc_test, validate
from cmvt_core._printing import format_num, format_pval, signif
from cmvt_core.datasets import load_cmvt_cohort
from cmvt_core.htest import chisq_test, fisher_test, shapiro_test, t_test, wilcox_test


@pytest.fixture(scope="module")
def rb(r_bridge):
    r_bridge.source("printing.R")
    return r_bridge


@pytest.fixture(scope="module")
def cohort():
    d = load_cmvt_cohort().astype(float)
    return d.drop(columns="cmvt"), d["cmvt"].to_numpy()


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _r_lines(rb, fn, *args, **kw) -> list[str]:
    return [str(s) for s in rb.call_py(f"helper:{fn}", *args, **kw)]


# ------------------------------------------------------------------------------------------------ formatting
@pytest.mark.r
def test_format_matches_r(rb):
    rng = np.random.default_rng(3)
    fmt = rb.fn("base::format")
    vecs = [rng.normal(size=5) * 10.0 ** rng.integers(-8, 8, size=5) for _ in range(40)]
    vecs += [np.array([0.0, 1e-300, 123456.0]), np.array([1e5, 1.5]), np.array([-0.0001, 2.0]), np.array([np.nan, 1.0])]
    for v in vecs:
        for digits in (1, 3, 4, 7):
            r = [str(s) for s in rb.to_py(fmt(rb.to_r(v), digits=rb.to_r(digits)))]
            assert format_num(v, digits) == r, (v.tolist(), digits)
    fp = rb.fn("base::format.pval")
    for p in [0.5, 0.04999, 1e-5, 6.684e-05, 1e-20, 0.0012345]:
        for digits in (2, 4):
            r = str(rb.to_py(fp(rb.to_r(p), digits=rb.to_r(digits)))[0])
            assert format_pval([p], digits)[0] == r, (p, digits)
    sg = rb.fn("base::signif")
    v = rng.normal(size=50) * 10.0 ** rng.integers(-5, 5, size=50)
    np.testing.assert_array_equal(signif(v, 4), rb.to_py(sg(rb.to_r(v), rb.to_r(4))))


# ------------------------------------------------------------------------------------------------ results vs R
@pytest.mark.r
@pytest.mark.parametrize("cols", [["age_group", "post_nlr"], None], ids=["p2", "p26"])
def test_lrm_prints_as_rms(rb, cohort, cols):
    x, y = cohort
    x = x if cols is None else x[cols]
    assert _lines(str(lrm(x, y))) == _r_lines(rb, "prt_lrm", x, y)


@pytest.mark.r
def test_calibrate_prints_as_rms(rb, cohort):
    x, y = cohort
    x = x[["age_group", "post_nlr", "pre_ddimer"]]
    ours = _lines(str(calibrate(lrm(x, y), B=20, seed=5)))
    theirs = _r_lines(rb, "prt_calibrate", x, y, 20, 5)
    assert theirs[:len(ours)] == ours
    assert theirs[len(ours)] == 'attr(,"class")'  # where rms's print.default goes on with the attributes


@pytest.mark.r
def test_validate_prints_as_rms(rb, cohort):
    x, y = cohort
    x = x[["age_group", "post_nlr", "pre_ddimer"]]
    assert _lines(str(validate(lrm(x, y), B=20, seed=7))) == _r_lines(rb, "prt_validate", x, y, 20, 7)


@pytest.mark.r
def test_roc_prints_as_proc(rb, cohort):
    x, y = cohort
    for p in (x["post_nlr"].to_numpy(), -x["post_nlr"].to_numpy(), x["age_group"].to_numpy()):
        assert _lines(str(roc(y, p))) == _r_lines(rb, "prt_roc", y, p)


@pytest.mark.r
@pytest.mark.parametrize("measure", ["deviance", "class", "auc", "mse"])
def test_cv_glmnet_prints_as_glmnet(rb, cohort, measure):
    x, y = cohort
    ours = _lines(str(cv_glmnet(x, y, seed=11, type_measure=measure)))
    theirs = _r_lines(rb, "prt_cv_glmnet", x.to_numpy(), y, 11, measure)
    assert ours[3:] == theirs[3:]  # the call line: ours names type.measure, R's is set to the plain call
    assert ours[:3] == ["", ours[1], ""] and ours[1].startswith("Call:  cv.glmnet(x = x, y = y")


@pytest.mark.r
def test_glmnet_prints_as_glmnet(rb, cohort):
    x, y = cohort
    assert _lines(str(glmnet(x, y))) == _r_lines(rb, "prt_glmnet", x.to_numpy(), y)


@pytest.mark.r
def test_htests_print_as_r(rb, cohort):
    x, y = cohort
    a, b = x["post_nlr"].to_numpy()[y == 0], x["post_nlr"].to_numpy()[y == 1]
    assert _lines(str(t_test(a, b))) == _r_lines(rb, "prt_t_test", a, b)
    assert _lines(str(t_test(a, b, var_equal=True))) == _r_lines(rb, "prt_t_test", a, b, True)
    assert _lines(str(wilcox_test(a, b))) == _r_lines(rb, "prt_wilcox_test", a, b)
    assert _lines(str(wilcox_test(a[:12], b[:9] + 0.001))) == _r_lines(rb, "prt_wilcox_test", a[:12], b[:9] + 0.001)
    assert _lines(str(shapiro_test(a))) == _r_lines(rb, "prt_shapiro_test", a)
    for tab in (np.array([[120, 82], [40, 77]]), np.array([[12, 5, 9], [3, 14, 8]])):
        assert _lines(str(chisq_test(tab))) == _r_lines(rb, "prt_chisq_test", tab)
        assert _lines(str(fisher_test(tab))) == _r_lines(rb, "prt_fisher_test", tab)


@pytest.mark.r
def test_hoslem_prints_as_htest(rb, cohort):
    x, y = cohort
    fit = lrm(x[["age_group", "post_nlr"]], y)
    h = hoslem_test(y, fit.fitted)
    assert _lines(str(h)) == _r_lines(rb, "prt_hoslem", h.statistic, float(h.df), h.p_value)


# ------------------------------------------------------------------------------------------------ repr and html
class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self.tables = 0
        self._in = False

    def handle_starttag(self, tag, attrs):
        self.tables += tag == "table"
        self._in = tag in ("td", "th")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.cells.append(data.strip())


def _html(obj) -> _Cells:
    p = _Cells()
    p.feed(obj._repr_html_())
    p.close()
    assert p.tables >= 1
    return p


@pytest.fixture(scope="module")
def big():
    rng = np.random.default_rng(17)
    X = pd.DataFrame(rng.normal(size=(2000, 50)), columns=[f"v{j}" for j in range(50)])
    eta = X.iloc[:, :5].sum(axis=1) * 0.4
    y = (rng.uniform(size=2000) < 1 / (1 + np.exp(-eta))).astype(int)
    return X, y


def test_repr_is_short_for_big_inputs(big):
    X, y = big
    cv = cv_glmnet(X, y, seed=1)
    fit = lrm(X, y)
    r1 = roc(y, fit.fitted)
    objs = [cv, cv.glmnet_fit, fit, r1, roc_test(r1, roc(y, X["v0"].to_numpy()), method="delong"), hoslem_test(y, fit.fitted),
            calibrate(lrm(X.iloc[:, :5], y), B=3, seed=1), validate(lrm(X.iloc[:, :5], y), B=3, seed=1)]
    for o in objs:
        assert len(repr(o)) < 2000, type(o).__name__
        assert "\n" in str(o)
    assert len(str(fit)) > 2000  # print() shows all 51 coefficients; repr a head and tail


def test_repr_html_holds_the_numbers(cohort):
    x, y = cohort
    cv = cv_glmnet(x, y, seed=1)
    cells = _html(cv).cells
    assert format_num([cv.lambda_min, cv.lambda_1se], 4)[0].strip() in cells
    assert cv.name in cv._repr_html_()
    fit = lrm(x[["age_group", "post_nlr"]], y)
    cells = _html(fit).cells
    assert "age_group" in cells and f"{fit.coef['age_group']:.4f}" in cells
    assert any(c.startswith("C ") and f"{fit.stats['C']:.3f}" in c for c in cells)
    r = roc(y, fit.fitted)
    assert f"{signif(r.auc, 4):g}" in _html(r).cells
    v = validate(fit, B=5, seed=1)
    cells = _html(v).cells
    assert "Dxy" in cells and f"{v.table.loc['Dxy', 'index_orig']:.4f}" in cells
    c = calibrate(fit, B=5, seed=1)
    assert "Mean absolute error" in c._repr_html_() and len(_html(c).cells) > 50
    _html(cv.glmnet_fit)
    _html(hoslem_test(y, fit.fitted))


def test_other_results_print_repr_and_html(cohort):
    from cmvt_core import confusion_metrics, decision_curve, nomogram
    from cmvt_core.baseline import baseline_table
    from cmvt_core.glm import glm_fit

    x, y = cohort
    fit = lrm(x[["age_group", "post_nlr"]], y)
    d = x.assign(cmvt=y)
    X = np.column_stack([np.ones(len(y)), x[["age_group", "post_nlr"]].to_numpy()])
    g = glm_fit(X, y, names=["(Intercept)", "age_group", "post_nlr"])
    objs = [nomogram(fit), decision_curve(d, "cmvt", ["age_group", "post_nlr"], confidence_intervals=None),
            confusion_metrics(y, x["age_group"].to_numpy()), baseline_table(x, y), g]
    for o in objs:
        assert len(repr(o)) < 2000, type(o).__name__
        assert len(str(o)) >= len(repr(o).split("\n... ")[0]) > 0
        _html(o)
    # summary.glm's coefficient lines (R: Estimate -2.16568 0.32585 -6.646 3.01e-11, without the stars column)
    lines = str(g).split("\n")
    assert lines[1].split() == ["Estimate", "Std.", "Error", "z", "value", "Pr(>|z|)"]
    se = np.sqrt(np.diag(g.cov_unscaled()))
    assert lines[2].split()[1:3] == [f"{g.coefficients[0]:.5f}", f"{se[0]:.5f}"]
