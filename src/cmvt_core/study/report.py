"""The study report: figures (PNG and SVG) and one self-contained ``report.html``.

It reads like the results chapter of a prediction-model study: the baseline tables, LASSO
paths and CV curve, the odds-ratio table, the nomogram, ROC, calibration and decision curves
of the training and validation groups.  Every user-supplied string (column names, values) is
HTML-escaped; images are embedded as base64 PNG, so the file stands alone.
"""
from __future__ import annotations

import base64
import html
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .._docs import fill_doc
from . import pipeline as _pipeline  # noqa: F401  (registers the study_example docstring piece)

from .result import RefitCalibrationGroup

if TYPE_CHECKING:
    from .result import BaselineMethods, DcaGroup, RocGroup, StudyResult

__all__ = ["make_figures", "write_report"]


@fill_doc
def make_figures(result: StudyResult, fig_dir: Path) -> dict[str, str]:
    """Draw every figure of the study into ``fig_dir`` (PNG + SVG); returns name -> PNG path.

    The LASSO coefficient paths and CV curve, the nomogram, both ROC curves, the two calibration
    curves (the validation one: ``rms::val.prob``'s figure of the training model, or with ``[calibration]
    validation = "refit"`` the refitted model's bootstrap curve), the two decision curves and their
    clinical impact curves, each drawn by its ``cmvt_core.plots`` display class into a
    pyplot-free figure (matplotlib's Agg backend unless the user chose one).

    Parameters
    ----------
    result : StudyResult
        ``run_study``'s result.
    fig_dir : pathlib.Path
        An existing folder.

    Returns
    -------
    dict of str to str
        Figure name -> path of its PNG (an SVG is written beside it).

    Notes
    -----
    R call: none (matplotlib figures of the numbers the R twin ``parity/r/study_twin.R`` reproduces)

    Examples
    --------
    {{study_example}}
    >>> import tempfile
    >>> from pathlib import Path
    >>> from cmvt_core.study.report import make_figures
    >>> figs = make_figures(result, Path(tempfile.mkdtemp()))  # about 5-10 s: matplotlib draws 10 figures
    >>> sorted(figs)
    ['calibration_training', 'calibration_validation', 'dca_training', 'dca_validation', 'impact_training',
     'impact_validation', 'lasso_cv', 'lasso_path', 'nomogram', 'roc']
    >>> Path(figs["roc"]).suffix
    '.png'
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    from .. import plots
    from ..plots._figure import SQUARE, WIDE, on_new_figure
    from ..plots.dca import DCA_SIZE
    from ..plots.nomogram import figure_height

    # each display draws into a pyplot-free figure of its own (nothing left open in pyplot)
    cal, dca = result.calibration, result.dca
    cv = result.lasso.cv if result.lasso is not None else None  # None: [model] formula, no LASSO figures
    draw = {} if cv is None else {
        "lasso_path": (WIDE, lambda ax: plots.LassoPathDisplay.from_glmnet(cv.glmnet_fit, ax)),
        "lasso_cv": (WIDE, lambda ax: plots.LassoCVDisplay.from_cv_glmnet(cv, ax)),
    }
    draw |= {
        "nomogram": ((8.0, figure_height(result.nomogram)),
                     lambda ax: plots.NomogramDisplay.from_nomogram(result.nomogram, ax)),
        "roc": (SQUARE, lambda ax: plots.RocDisplay.from_roc({"Training": result.roc.training.curve,
                                                               "Validation": result.roc.validation.curve}, ax)),
        "calibration_training": (SQUARE, lambda ax: plots.CalibrationDisplay.from_calibrate(
            cal.training.curve, ax, title="Training (bootstrap)")),
        "calibration_validation": (SQUARE, (lambda ax: plots.CalibrationDisplay.from_calibrate(
            cal.validation.curve, ax, title="Validation: model refitted there (bootstrap)"))
            if isinstance(cal.validation, RefitCalibrationGroup) or result.val_prob is None else
            (lambda ax: plots.CalibrationDisplay.from_val_prob(result.val_prob.result, ax))),
        "dca_training": (DCA_SIZE, lambda ax: plots.DecisionCurveDisplay.from_decision_curve(
            dca.training.curve, ax, title="Training")),
        "dca_validation": (DCA_SIZE, lambda ax: plots.DecisionCurveDisplay.from_decision_curve(
            dca.validation.curve, ax, title="Validation")),
    }
    for name, g in dca.items():
        if g.clinical_impact is not None and g.curve is not None:
            draw[f"impact_{name}"] = (DCA_SIZE, lambda ax, g=g, name=name: plots.ClinicalImpactDisplay.from_decision_curve(
                g.curve, ax, population_size=g.population_size, title=name.capitalize()))
    figs: dict[str, Any] = {name: on_new_figure(size, fn) for name, (size, fn) in draw.items()}
    out: dict[str, str] = {}
    for name, fig in figs.items():
        paths = plots.save(fig, fig_dir / name)
        out[name] = str(paths[0])
    return out


def _e(v: Any) -> str:
    if _missing(v):  # never "nan" in the report (issue 15)
        return NA
    return html.escape(str(v), quote=True)


# ----------------------------------------------------------------------------- numbers as journals print them
#: what a sentence says where a number is missing (NaN): never "nan"
NA = "not available"


def _missing(v: Any) -> bool:
    """None, a NaN of any float type, or the text "nan"."""
    if v is None:
        return True
    if isinstance(v, str):
        return v.strip().lower() in ("nan", "-nan")
    try:
        return math.isnan(v)
    except TypeError:
        return False


def _said(cell: str) -> str:
    """A number in a sentence: a table's empty cell for a missing value reads "not available" here."""
    return cell if cell else NA


def _fixed(v: Any, digits: int = 3, sig: int | None = None) -> str:
    """``v`` in fixed notation with ``digits`` decimals (never ``1e-04`` style); "" when missing.

    With ``sig``, a small value gets as many more decimals (up to 10) as it needs to show ``sig``
    significant digits (an SE of 0.00048 is printed so, not as 0.000).  Minus zero prints as zero.
    """
    if _missing(v):
        return ""
    v = float(v)
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    d = digits
    if sig is not None and v != 0:
        d = min(max(digits, sig - 1 - math.floor(math.log10(abs(v)))), 10)
    out = f"{v:.{d}f}"
    if float(out) == 0:
        if v != 0 and sig is not None:  # below 10 decimals: say so rather than print a false zero
            return f"< {10.0 ** -d:.{d}f}" if v > 0 else f"> -{10.0 ** -d:.{d}f}"
        out = out.lstrip("-")
    return out


def _sig(v: float, n: int = 5) -> str:
    """``n`` significant digits in fixed notation (λ = 0.010175, not 1.0175e-02)."""
    if _missing(v) or v == 0 or math.isinf(v):
        return _fixed(v, 0 if v == 0 else 3)
    return _fixed(v, max(0, n - 1 - math.floor(math.log10(abs(v)))))


def _count(v: Any) -> str:
    """A count as an integer ("1000", not "1000.0000")."""
    if _missing(v):
        return ""
    return str(int(round(float(v))))


def _p_cell(p: Any, alpha: float | None = None) -> str:
    """A P value in a column titled P: "< 0.001" below 0.001, otherwise 3 decimals ("0.042").

    With ``alpha``, a value that 3 decimals would put on the wrong side of ``alpha`` (0.0496 -> "0.050" when
    P < 0.05 decided) gets the decimals it needs to stay on its side ("0.0496").
    """
    if _missing(p):
        return ""
    p = float(p)
    if p < 0.001:
        return "< 0.001"
    d = 3
    while alpha is not None and d < 6 and (round(p, d) < alpha) != (p < alpha):
        d += 1
    return f"{p:.{d}f}"


def _p_text(p: Any) -> str:
    """A P value in a sentence: "P < 0.001" or "P = 0.605"."""
    cell = _p_cell(p)
    if not cell:
        return "P not available"
    return f"P {cell}" if cell.startswith("<") else f"P = {cell}"


def _cell(v: Any) -> str:
    """A table cell: empty for a missing number, and a text cell that would print "nan" (for example
    "nan ± nan") reads "not available"."""
    if _missing(v):
        return ""
    if isinstance(v, str) and _NAN_WORD.search(v):
        return NA
    return _e(v)


_NAN_WORD = re.compile(r"(?<![A-Za-z])nan(?![A-Za-z])", re.I)


def _table(df: pd.DataFrame, max_rows: int | None = None) -> str:
    """An HTML table of already formatted cells (every cell is HTML-escaped)."""
    rows = df if max_rows is None else df.head(max_rows)
    head = "".join(f"<th>{_e(c)}</th>" for c in rows.columns)
    body = []
    for rec in rows.itertuples(index=False, name=None):
        body.append("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in rec) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


# ----------------------------------------------------------------------------- the report's tables
def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _baseline_display(bt: pd.DataFrame) -> pd.DataFrame:
    """Table 1/2: readable headers, the variable named once per block of levels, statistic and P printed."""
    cols = list(bt.columns)
    group_cols = cols[2:-3]  # overall (n = ..), the two groups (n = ..)
    var = bt["variable"].astype(str)
    out = pd.DataFrame({"Variable": var.where(var != var.shift(), ""), "Level": bt["level"].fillna("").astype(str)})
    for c in group_cols:
        out[_cap(str(c))] = bt[c].fillna("").astype(str)
    out["Test"] = bt["test"].fillna("").astype(str)
    out["Statistic"] = [_fixed(v, 3) for v in bt["statistic"]]
    out["P"] = [_p_cell(v) for v in bt["p_value"]]
    return out


def _or_ci(o: float, lo: float, hi: float) -> str:
    """"4.20 (1.89–9.32)": 2 decimals (a value below 0.01 to its first significant digit), more when the three
    would print alike (0.998 (0.997–0.999))."""
    if any(_missing(v) for v in (o, lo, hi)):
        return ""
    d = 2
    while True:
        txt = [_fixed(v, d, sig=1) for v in (o, lo, hi)]
        if len(set(txt)) == 3 or d >= 6:
            break
        d += 1
    return f"{txt[0]} ({txt[1]}–{txt[2]})"


def _formula_text(model) -> str:
    """Sections 2 and 3 of a model given by ``[model] formula`` (no LASSO): the formula as the config gave it."""
    return ("<h2>2. The model, given by a formula</h2>"
            "<p>The predictors were not selected by LASSO: the model was given by the formula "
            f"<code>{_e(model.formula)}</code> ([model] formula of the config), fitted by "
            "<code>rms::lrm(formula, data = training, x = TRUE, y = TRUE)</code> on the training group "
            f"(columns: {_e(', '.join(model.variables_final))}).</p>"
            "<h2>3. Multivariable logistic regression</h2>")


def _model_display(tab: pd.DataFrame, alpha: float | None = None) -> pd.DataFrame:
    """Tables 3/4: Variable, β, SE, z, OR (95% CI), P."""
    return pd.DataFrame({
        "Variable": tab["term"].astype(str),
        "β": [_fixed(v, 3, sig=2) for v in tab["coef"]],
        "SE": [_fixed(v, 3, sig=2) for v in tab["se"]],
        "z": [_fixed(v, 2) for v in tab["z"]],
        "OR (95% CI)": [_or_ci(o, lo, hi) for o, lo, hi in zip(tab["odds_ratio"], tab["or_lower"], tab["or_upper"])],
        "P": [_p_cell(v, alpha) for v in tab["p"]],
    })


_VALIDATE_HEADERS = {"index": "Index", "index_orig": "Original", "training": "Training", "test": "Test",
                     "optimism": "Optimism", "index_corrected": "Corrected", "n": "n"}


def _validate_display(tab: pd.DataFrame) -> pd.DataFrame:
    """Table 6: rms::validate's columns with readable names, indexes to 3 decimals, n as a count."""
    out = pd.DataFrame()
    for c in tab.columns:
        name = _VALIDATE_HEADERS.get(c, _cap(str(c).replace("_", " ")))
        if c == "index":
            out[name] = tab[c].astype(str)
        elif c == "n":
            out[name] = [_count(v) for v in tab[c]]
        else:
            out[name] = [_fixed(v, 3) for v in tab[c]]
    return out


def _est_ci(v: Any, lo: Any, hi: Any, digits: int = 3) -> str:
    """"0.857 (0.766–0.935)"; "" when the estimate is missing, "(not available)" for a missing bound."""
    if _missing(v):
        return ""
    if _missing(lo) or _missing(hi):
        return f"{_fixed(v, digits)} ({NA})"
    return f"{_fixed(v, digits)} ({_fixed(lo, digits)}–{_fixed(hi, digits)})"


def _roc_display(groups: tuple[tuple[str, RocGroup], ...]) -> pd.DataFrame:
    """Table 5: AUC with its DeLong 95% CI and the Youden cut-off with its sensitivity and specificity (each with
    its ci.coords bootstrap 95% CI)."""
    rows = []
    for name, g in groups:
        rows.append([name, _fixed(g.auc, 3), f"{_fixed(g.ci_lower, 3)}–{_fixed(g.ci_upper, 3)}",
                     _fixed(g.threshold, 3, sig=2), _est_ci(g.sensitivity, *g.sensitivity_ci),
                     _est_ci(g.specificity, *g.specificity_ci)])
    return pd.DataFrame(rows, columns=["Group", "AUC", "95% CI", "Cut-off", "Sensitivity (95% CI)",
                                       "Specificity (95% CI)"])


def _roc_ci_sentence(groups: tuple[tuple[str, RocGroup], ...]) -> str:
    """How Table 5's intervals of sensitivity and specificity were made (from the groups' settings)."""
    ns = sorted({g.ci_boot_n for _, g in groups})
    n = " and ".join(str(v) for v in ns)
    random = any(g.ci_best_policy == "random" for _, g in groups)
    return (f"<p>The 95% CIs of sensitivity and specificity at the Youden cut-off are the 2.5th and 97.5th "
            f"percentiles over {n} stratified bootstrap samples of each group, the cut-off chosen again in every "
            "sample (pROC ci.coords, set.seed before each group)"
            + ("; a sample whose Youden index is largest at several cut-offs takes one of them at random."
               if random else ".") + "</p>")


# ----------------------------------------------------------------------------- sentences
def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _grid_decimals(th) -> int:
    """The fewest decimals (at least 2) that print every grid threshold exactly."""
    for d in range(2, 7):
        if all(abs(round(float(t), d) - float(t)) < 1e-9 for t in th):
            return d
    return 6


def _ranges_text(ranges, decimals: int = 2) -> str:
    """useful_ranges in words: "between threshold probabilities 0.01 and 0.02, and between 0.14 and 0.89",
    "at threshold probability 0.05", "at no threshold probability"."""
    if not ranges:
        return "at no threshold probability"
    parts = []
    for i, (a, b) in enumerate(ranges):
        fa, fb = f"{float(a):.{decimals}f}", f"{float(b):.{decimals}f}"
        if fa == fb:
            parts.append(f"at threshold probability {fa}" if i == 0 else f"at {fa}")
        else:
            parts.append(f"between threshold probabilities {fa} and {fb}" if i == 0 else f"between {fa} and {fb}")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + ", and " + parts[-1]


def _dca_sentences(groups: tuple[tuple[str, DcaGroup], ...]) -> list[str]:
    """Section 7: the threshold grid, then for each group where the model beat both treat-all and treat-none."""
    out = []
    th = list(groups[0][1].thresholds)
    d = _grid_decimals(th)
    if len(th) >= 2:
        step = float(th[1]) - float(th[0])
        out.append(f"<p>Net benefit was computed at threshold probabilities {float(th[0]):.{d}f} to "
                   f"{float(th[-1]):.{d}f} in steps of {step:.{d}f}; a threshold counts as useful when the model's "
                   f"net benefit is above both treat-all's and treat-none's (0) there.</p>")
    for name, g in groups:
        span = _ranges_text(g.useful_ranges, d)
        out.append(f"<p>In the {_e(name)} group the model's net benefit exceeded both treat-all and treat-none "
                   f"{span}.</p>")
    return out


def _img(path: str | None, alt: str) -> str:
    if not path:
        return ""
    data = base64.b64encode(Path(path).read_bytes()).decode()
    return f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{data}"/><figcaption>{_e(alt)}</figcaption></figure>'


CSS = """
body{font-family:Georgia,serif;max-width:1050px;margin:2em auto;color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:1em 0}
th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid #444}
figure{margin:1em 0}img{max-width:100%}figcaption{font-size:.85em;color:#555}
.small{font-size:.85em;color:#555}.kv td{text-align:left}
.pair{display:flex;gap:1em;flex-wrap:wrap}.pair figure{flex:1 1 45%}
"""


@fill_doc
def write_report(result: StudyResult, path: Path, fig_files: dict[str, str], root: Path) -> None:
    """Write ``report.html`` from the typed study result (its attributes, never results.json).

    Parameters
    ----------
    result : StudyResult
        ``run_study``'s result.
    path : pathlib.Path
        The HTML file to write.
    fig_files : dict of str to str
        ``make_figures``' name -> PNG path (embedded as base64); ``{}``: no figures.
    root : pathlib.Path
        The output folder the figure paths are relative to.

    Returns
    -------
    None
        The file is written (UTF-8, self-contained).

    Notes
    -----
    R call: none (HTML of the numbers the R twin ``parity/r/study_twin.R`` reproduces)

    Examples
    --------
    {{study_example}}
    >>> from cmvt_core.study.report import write_report
    >>> import tempfile
    >>> from pathlib import Path
    >>> root = Path(tempfile.mkdtemp())
    >>> write_report(result, root / "report.html", {}, root)
    >>> (root / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    True
    """
    prov = result.provenance
    split = result.split
    lasso = result.lasso
    model = result.model
    hl = result.hosmer_lemeshow
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Prediction model report</title>"
             f"<style>{CSS}</style></head><body>"]
    parts.append("<h1>Development and validation of a nomogram: results</h1>")
    parts.append(
        f"<p class='small'>Input file SHA-256 {_e(prov.input_sha256)}; seed {_e(prov.seed)}; "
        f"cmvt-core {_e(prov.cmvt_core_version)}. Every random step is as if R's "
        f"<code>set.seed({_e(prov.seed)})</code> ran just before it.</p>")

    parts.append("<h2>1. Patients and baseline characteristics</h2>")
    parts.append(f"<p>The cohort was split at random {_e(split.ratio)} : {_e(round(1 - split.ratio, 3))} into a "
                 f"training group (n = {split.n_training}) and a validation group (n = {split.n_validation}). "
                 f"{_baseline_methods(result.baseline.methods)}</p>")
    parts.append("<h3>Table 1. Training vs validation</h3>" + _table(_baseline_display(result.baseline.table_split)))
    parts.append("<h3>Table 2. Events vs non-events (training)</h3>"
                 + _table(_baseline_display(result.baseline.table_outcome)))

    if lasso is None:  # [model] formula: the model was given, no selection
        parts.append(_formula_text(model))
    else:
        parts.append("<h2>2. Selection of predictors by LASSO</h2>")
        rule = "1se" if lasso.lambda_rule == "1se" else "min"
        kept = len(lasso.selected)
        parts.append(f"<p>LASSO logistic regression with {_e(lasso.nfolds)}-fold cross-validation "
                     f"({_e(lasso.measure_name)}); λ<sub>min</sub> = {_said(_sig(lasso.lambda_min))}, "
                     f"λ<sub>1se</sub> = {_said(_sig(lasso.lambda_1se))}. At λ<sub>{rule}</sub> LASSO kept "
                     f"{kept} of {_plural(lasso.n_candidates, 'candidate predictor')}"
                     f"{': ' + _e(', '.join(lasso.selected)) if kept else ''}.</p>")
        parts.append(_img(fig_files.get("lasso_path"), "Figure 1. LASSO coefficient paths"))
        parts.append(_img(fig_files.get("lasso_cv"), "Figure 2. Cross-validation curve (λmin and λ1se marked)"))

        parts.append("<h2>3. Multivariable logistic regression</h2>")
        alpha = model.alpha if model.keep_significant else None
        parts.append("<h3>Table 3. All LASSO-selected predictors</h3>"
                     + _table(_model_display(model.multivariable.reset_index(names="term"), alpha)))
        if model.keep_significant:
            parts.append(f"<p>Predictors with P &lt; {_e(model.alpha)} in Table 3 were kept for the final model "
                         f"({len(model.variables_final)} of {len(model.variables_lasso)}): "
                         f"{_e(', '.join(model.variables_final))}.</p>")
        else:
            parts.append(f"<p>All {len(model.variables_final)} LASSO-selected predictors were kept for the final "
                         "model.</p>")
    parts.append("<h3>Table 4. Final model (β, SE, OR with Wald 95% CI, P)</h3>"
                 + _table(_model_display(model.final.reset_index(names="term"))))
    parts.append(f"<p>C-index {_said(_fixed(model.c_index, 3))}, Nagelkerke R² {_said(_fixed(model.r2, 3))}, "
                 f"Brier {_said(_fixed(model.brier, 3))}; Hosmer–Lemeshow χ² = {_said(_fixed(hl.statistic, 3))} "
                 f"(df {_said(_count(hl.df))}), {_p_text(hl.p_value)}.</p>")

    parts.append("<h2>4. Nomogram</h2>")
    parts.append(_img(fig_files.get("nomogram"), "Figure 3. Nomogram (rms style, risk = plogis(lp))"))

    parts.append("<h2>5. Discrimination</h2>")
    roc_groups = (("Training", result.roc.training), ("Validation", result.roc.validation))
    parts.append("<h3>Table 5. ROC (DeLong 95% CI; Youden cut-off)</h3>" + _table(_roc_display(roc_groups)))
    for name, g in roc_groups:
        if g.n_best_thresholds > 1:
            which = "lowest" if g.direction == "<" else "first in pROC's order"
            parts.append(f"<p class='small'>{name}: {g.n_best_thresholds} cut-offs share the largest Youden index; "
                         f"the {which} is shown.</p>")
    parts.append(_roc_ci_sentence(roc_groups))
    parts.append(_img(fig_files.get("roc"), "Figure 4. ROC curves of the training and validation groups"))

    parts.append("<h2>6. Calibration</h2>")
    parts.extend(_calibration_sentences(result))
    parts.append(_img(fig_files.get("calibration_training"),
                      "Figure 5. Calibration curve, training (apparent, bias-corrected, ideal)"))
    refit = isinstance(result.calibration.validation, RefitCalibrationGroup)
    parts.append(_img(fig_files.get("calibration_validation"),
                      "Figure 6. Calibration curve, validation: the model refitted on the validation group "
                      "(bootstrap; not the training model)" if refit else
                      "Figure 6. Calibration curve, validation: the training model's predictions (rms val.prob)"))
    parts.append("<h3>Table 6. Internal validation (rms::validate, bootstrap)</h3>"
                 + _table(_validate_display(result.internal_validation.table.reset_index(names="index"))))
    if result.val_prob is not None:
        parts.append("<h3>Table 7. The training model in the validation group (rms::val.prob)</h3>"
                     + _table(_val_prob_display(result.val_prob.stats)))

    parts.append("<h2>7. Clinical usefulness: decision curves</h2>")
    parts.extend(_dca_sentences(result.dca.items()))
    parts.extend(_impact_sentences(result))
    fig = 7
    for name, g in result.dca.items():
        dc_img = _img(fig_files.get(f"dca_{name}"), f"Figure {fig}. Decision curve, {name}")
        ci_img = _img(fig_files.get(f"impact_{name}"),
                      f"Figure {fig + 1}. Clinical impact curve, {name} (per {g.population_size} people)")
        parts.append(f"<div class='pair'>{dc_img}{ci_img}</div>" if dc_img or ci_img else "")
        fig += 2
    if result.comparison is not None:
        parts.append("<h2>8. Comparison with a reference model</h2>")
        parts.extend(_comparison_parts(result))
    where = "results.json; tables as CSV in tables/" + ("; figures as PNG and SVG in figures/" if fig_files else "")
    parts.append(f"<p class='small'>Numbers in full precision: {where}.</p>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def _baseline_methods(m: BaselineMethods) -> str:
    """How the baseline tables were made, from the settings baseline_table() used."""
    ttest = "Student's t-test" if m.var_equal else "Welch's t-test"
    yates = " (with Yates' continuity correction on 2 × 2 tables)" if m.correct else ""
    emin = _count(m.expected_min) if float(m.expected_min) == int(float(m.expected_min)) else _e(m.expected_min)
    return (f"Continuous variables are mean ± SD compared with {ttest} when Shapiro–Wilk did not reject normality "
            f"(P ≥ {_e(m.alpha)}) in either group, otherwise median [P25, P75] compared with the Mann–Whitney U test; "
            f"categorical variables are n (%) compared with the chi-square test{yates}, or Fisher's exact test when "
            f"an expected count was below {emin}.")


# ----------------------------------------------------------------------------- issue 18: the validation cohort
#: val.prob's statistics in the report's words (the rest keep rms's names)
_VAL_PROB_WORDS = {"C (ROC)": "C (ROC area)", "R2": "Nagelkerke R²", "D": "Discrimination index D",
                   "U": "Unreliability index U", "Q": "Quality index Q", "Brier": "Brier score",
                   "Intercept": "Calibration intercept", "Slope": "Calibration slope",
                   "Emax": "Emax (largest |calibrated − predicted|)", "E90": "E90", "Eavg": "Eavg",
                   "S:z": "Spiegelhalter z", "S:p": "Spiegelhalter P"}


def _val_prob_display(stats: dict[str, float]) -> pd.DataFrame:
    """Table 7: rms::val.prob's 18 statistics, P values as journals print them."""
    rows = []
    for k, v in stats.items():
        cell = _p_cell(v) if k.endswith(":p") else _fixed(v, 3)
        rows.append([_VAL_PROB_WORDS[k] if k in _VAL_PROB_WORDS else k, k, cell])
    return pd.DataFrame(rows, columns=["Statistic", "rms name", "Value"])


def _slope_words(slope: Any) -> str:
    if _missing(slope):
        return ""
    s = float(slope)
    if round(s, 3) == 1:
        return " (a slope of 1: the predictions spread as the outcomes do)"
    if s < 1:
        return (" (a slope below 1: the training model's predictions are more extreme than the validation "
                "outcomes)")
    return " (a slope above 1: the training model's predictions are less extreme than the validation outcomes)"


def _calibration_sentences(result: StudyResult) -> list[str]:
    """Section 6: bootstrap calibration in training; the validation group as the config chose."""
    cal = result.calibration
    out = [f"<p>Bootstrap calibration (B = {_said(_count(cal.training.B))}): mean absolute error "
           f"{_said(_fixed(cal.training.mean_abs_error, 3))} in training.</p>"]
    vp = result.val_prob
    vp_text = ""
    if vp is not None:
        st = vp.stats
        vp_text = (f"calibration intercept {_said(_fixed(st['Intercept'], 3))}, calibration slope "
                   f"{_said(_fixed(st['Slope'], 3))}{_slope_words(st['Slope'])}, Brier score "
                   f"{_said(_fixed(st['Brier'], 3))}, Emax {_said(_fixed(st['Emax'], 3))}, "
                   f"E90 {_said(_fixed(st['E90'], 3))}, Eavg {_said(_fixed(st['Eavg'], 3))} "
                   f"(rms val.prob, n = {vp.n}; Table 7)")
    v = cal.validation
    if isinstance(v, RefitCalibrationGroup):
        out.append(f"<p>In the validation group a logistic model on the same predictors was refitted (rms lrm) "
                   f"and its bootstrap calibration (B = {_said(_count(v.B))}) gave a mean absolute error of "
                   f"{_said(_fixed(v.mean_abs_error, 3))}. This describes how a model refitted on the validation "
                   "group fits that group; it does not validate the training model."
                   + (f" The training model itself, applied to the validation group without refitting, had {vp_text}."
                      if vp_text else "") + "</p>")
    else:
        out.append("<p>In the validation group the training model's predictions were compared with the outcomes "
                   f"without refitting (external validation, no bootstrap): mean absolute error "
                   f"{_said(_fixed(v.mean_abs_error, 3))} (lowess calibration curve)"
                   + (f"; {vp_text}" if vp_text else "") + ".</p>")
    return out


def _nearest_grid(th: list[float], c: float) -> int:
    """The index of the grid threshold nearest ``c`` (the lower one on a tie)."""
    best = 0
    for i, t in enumerate(th):
        if abs(float(t) - c) < abs(float(th[best]) - c):
            best = i
    return best


def _impact_sentences(result: StudyResult) -> list[str]:
    """The clinical impact curves in words: at the grid threshold nearest each group's Youden cut-off."""
    out = []
    for name, g in result.dca.items():
        ci = g.clinical_impact
        cut = getattr(result.roc, name).threshold
        if ci is None or len(ci) == 0 or _missing(cut):
            continue
        th = ci["thresholds"].tolist()
        i = _nearest_grid(th, float(cut))
        d = _grid_decimals(th)
        nh, nw = ci["n_high_risk"].iloc[i], ci["n_high_risk_with_outcome"].iloc[i]
        if _missing(nh) or _missing(nw):
            continue
        out.append(f"<p>Clinical impact ({_e(name)} group): at threshold probability {float(th[i]):.{d}f} (the grid "
                   f"threshold nearest the Youden cut-off, {_fixed(cut, 3, sig=2)}) the model classifies "
                   f"{_fixed(nh, 0)} of {g.population_size} people as high risk, {_fixed(nw, 0)} of whom have "
                   "the outcome.</p>")
    return out


def _ci_side(lo: Any, hi: Any) -> str:
    if _missing(lo) or _missing(hi):
        return "is not available"
    if float(lo) > 0:
        return "lies above 0"
    if float(hi) < 0:
        return "lies below 0"
    return "includes 0"


def _comparison_parts(result: StudyResult) -> list[str]:
    """Section 8: NRI and IDI of the final model against the reference model, a table and a sentence per group."""
    cmp = result.comparison
    assert cmp is not None
    out = [f"<p>The final model was compared with a reference logistic model on "
           f"{_e(', '.join(cmp.reference))} (fitted on the training group; C-index "
           f"{_said(_fixed(cmp.fit.stats['C'], 3))}). NRI (continuous, category-free) and IDI are Hmisc "
           "improveProb's, with their asymptotic 95% CIs; a positive value favours the final model.</p>"]
    rows, sentences = [], []
    for name, g in cmp.items():
        nri, idi = g.improve._tables()
        rows.append([name.capitalize(), _est_ci(nri[0][0], nri[0][4], nri[0][5]), _p_cell(nri[0][3]),
                     _est_ci(nri[1][0], nri[1][4], nri[1][5]), _est_ci(nri[2][0], nri[2][4], nri[2][5]),
                     _est_ci(idi[0], idi[4], idi[5], 4), _p_cell(idi[3])])
        sentences.append(f"<p>In the {_e(name)} group the continuous NRI was {_said(_est_ci(nri[0][0], nri[0][4], nri[0][5]))}"
                         f", {_e(_p_text(nri[0][3]))}, and the IDI {_said(_est_ci(idi[0], idi[4], idi[5], 4))}, "
                         f"{_e(_p_text(idi[3]))}: the 95% CI of the NRI {_ci_side(nri[0][4], nri[0][5])} and that of "
                         f"the IDI {_ci_side(idi[4], idi[5])}.</p>")
    out.append("<h3>Table 8. Final model vs reference model: NRI and IDI (95% CI)</h3>" + _table(pd.DataFrame(
        rows, columns=["Group", "NRI", "P (NRI)", "NRI, events", "NRI, non-events", "IDI", "P (IDI)"])))
    out.extend(sentences)
    if cmp.cutoffs:
        rows, sentences = [], []
        for name, g in cmp.items():
            rc = g.reclassification
            if rc is None:
                continue
            a, e = rc.asymptotic, rc.estimates
            boot = (_est_ci(e.loc["NRI", "estimate"], e.loc["NRI", "lower"], e.loc["NRI", "upper"])
                    if "lower" in e.columns else "")
            rows.append([name.capitalize(), _est_ci(a.loc["NRI", "estimate"], a.loc["NRI", "lower"],
                                                    a.loc["NRI", "upper"]), _p_cell(a.loc["NRI", "p_value"]), boot,
                         f"{rc.up_ev} / {rc.down_ev}", f"{rc.up_ne} / {rc.down_ne}"])
            sentences.append(
                f"<p>With risk categories {_e(', '.join(rc.categories))}, in the {_e(name)} group {rc.up_ev} of "
                f"{rc.n_events} events moved to a higher category and {rc.down_ev} to a lower one, and {rc.down_ne} of "
                f"{rc.n_nonevents} non-events moved lower and {rc.up_ne} higher: categorical NRI "
                f"{_said(_fixed(rc.nri, 3))} (asymptotic 95% CI {_ci_side(a.loc['NRI', 'lower'], a.loc['NRI', 'upper'])}"
                + (f"; bootstrap 95% CI, {rc.boot} samples, {_ci_side(e.loc['NRI', 'lower'], e.loc['NRI', 'upper'])}"
                   if "lower" in e.columns else "") + ").</p>")
        cuts = ", ".join(f"{float(c):g}" for c in cmp.cutoffs)
        out.append(f"<h3>Table 9. Categorical NRI at risk cut-offs {_e(cuts)}</h3>" + _table(pd.DataFrame(
            rows, columns=["Group", "NRI (asymptotic 95% CI)", "P", "NRI (bootstrap 95% CI)", "Events up / down",
                           "Non-events up / down"])))
        out.extend(sentences)
    return out
