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
from pathlib import Path
from typing import Any

import pandas as pd


def make_figures(result, fig_dir: Path) -> dict[str, str]:
    """Draw every figure of the study into ``fig_dir`` (PNG + SVG); returns name -> PNG path."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from . import plots
    from .plots import calibration as pcal
    from .plots import dca as pdca
    from .plots import lasso as plasso
    from .plots import nomogram as pnom
    from .plots import roc as proc

    o = result.objects
    figs: dict[str, Any] = {}
    figs["lasso_path"] = plasso.coef_path_figure(o["cv_glmnet"].glmnet_fit)
    figs["lasso_cv"] = plasso.cv_curve_figure(o["cv_glmnet"])
    figs["nomogram"] = pnom.nomogram_figure(o["nomogram"])
    figs["roc"] = proc.roc_figure({"Training": o["roc_training"], "Validation": o["roc_validation"]})
    figs["calibration_training"] = pcal.calibration_figure(o["calibrate"], title="Training (bootstrap)")
    figs["calibration_validation"] = pcal.calibration_figure(o["calibration_validation"], title="Validation")
    figs["dca_training"] = pdca.decision_curve_figure(o["dca_training"], title="Training")
    figs["dca_validation"] = pdca.decision_curve_figure(o["dca_validation"], title="Validation")
    out: dict[str, str] = {}
    for name, fig in figs.items():
        paths = plots.save(fig, fig_dir / name)
        out[name] = str(paths[0])
    return out


def _e(v: Any) -> str:
    return html.escape(str(v), quote=True)


def _num(v: Any, digits: int = 3) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
            return f"{v:.{digits}g}" if abs(v) >= 1e5 else f"{v:.2e}"
        return f"{v:.{digits}f}"
    return _e(v)


def _table(df: pd.DataFrame, digits: int = 3, max_rows: int | None = None) -> str:
    rows = df if max_rows is None else df.head(max_rows)
    head = "".join(f"<th>{_e(c)}</th>" for c in rows.columns)
    body = []
    for rec in rows.itertuples(index=False, name=None):
        body.append("<tr>" + "".join(f"<td>{_num(v, digits) if isinstance(v, float) else _e(v)}</td>" for v in rec) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _img(path: str | None, alt: str) -> str:
    if not path:
        return ""
    data = base64.b64encode(Path(path).read_bytes()).decode()
    return f'<figure><img alt="{_e(alt)}" src="data:image/png;base64,{data}"/><figcaption>{_e(alt)}</figcaption></figure>'


CSS = """
body{font-family:Georgia,serif;max-width:1050px;margin:2em auto;color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;font-size:.85em;margin:1em 0}th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:right}
th:first-child,td:first-child{text-align:left}thead th{border-bottom:2px solid #444}
figure{margin:1em 0}img{max-width:100%}figcaption{font-size:.85em;color:#555}
.small{font-size:.85em;color:#555}.kv td{text-align:left}
"""


def write_report(result, path: Path, fig_files: dict[str, str], root: Path) -> None:
    r = result.results
    t = result.tables
    prov = r.get("provenance", {})
    lasso = r["lasso"]
    model = r["model"]
    hl = r["hosmer_lemeshow"]
    tr, va = r["training"], r["validation"]
    n_train = int(sum(1 for _ in lasso["foldid"]))
    rv = result.objects.get("roc_validation")
    n_valid = int(rv.cases.shape[0] + rv.controls.shape[0]) if rv is not None else "?"
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Prediction model report</title>"
             f"<style>{CSS}</style></head><body>"]
    parts.append("<h1>Development and validation of a nomogram: results</h1>")
    parts.append(
        f"<p class='small'>Input file SHA-256 {_e(prov.get('input_sha256'))}; seed {_e(prov.get('seed'))}; "
        f"cmvt-core {_e(prov.get('versions', {}).get('cmvt_core'))}. Every random step is as if R's "
        f"<code>set.seed({_e(prov.get('seed'))})</code> ran just before it.</p>")

    parts.append("<h2>1. Patients and baseline characteristics</h2>")
    parts.append(f"<p>The cohort was split at random {_e(prov.get('config', {}).get('split_ratio'))} : "
                 f"{_e(round(1 - prov.get('config', {}).get('split_ratio', 0.7), 3))} into a training group "
                 f"(n = {n_train}) and a validation group (n = {n_valid}). Continuous variables are mean ± SD with a t-test when "
                 "Shapiro–Wilk did not reject normality, otherwise median [P25, P75] with the Mann–Whitney U test; "
                 "categorical variables are n (%) with the chi-square test, or Fisher's exact test when an expected "
                 "count was below 5.</p>")
    parts.append("<h3>Table 1. Training vs validation</h3>" + _table(t["baseline_split"]))
    parts.append("<h3>Table 2. Events vs non-events (training)</h3>" + _table(t["baseline_outcome"]))

    parts.append("<h2>2. Selection of predictors by LASSO</h2>")
    parts.append(f"<p>LASSO logistic regression with {lasso['nfolds']}-fold cross-validation "
                 f"({_e(lasso['measure_name'])}); λ<sub>min</sub> = {lasso['lambda_min']:.5g}, "
                 f"λ<sub>1se</sub> = {lasso['lambda_1se']:.5g}; the λ of {_e(lasso['lambda_rule'])} rule kept "
                 f"{len(lasso['selected'])} predictors: {_e(', '.join(lasso['selected']))}.</p>")
    parts.append(_img(fig_files.get("lasso_path"), "Figure 1. LASSO coefficient paths"))
    parts.append(_img(fig_files.get("lasso_cv"), "Figure 2. Cross-validation curve (λmin and λ1se marked)"))

    parts.append("<h2>3. Multivariable logistic regression</h2>")
    parts.append("<h3>Table 3. All LASSO-selected predictors</h3>" + _table(t["model_lasso_selected"], 4))
    if model["keep_significant"]:
        parts.append(f"<p>Predictors with P &lt; {model['alpha']} were kept for the final model: "
                     f"{_e(', '.join(model['variables_final']))}.</p>")
    parts.append("<h3>Table 4. Final model (β, SE, OR with Wald 95% CI, P)</h3>" + _table(t["model_final"], 4))
    st = model["stats"]
    parts.append(f"<p>C-index {st['C']:.3f}, Nagelkerke R² {st['R2']:.3f}, Brier {st['Brier']:.4f}; "
                 f"Hosmer–Lemeshow χ² = {hl['statistic']:.3f} (df {hl['df']}), P = {hl['p_value']:.4f}.</p>")

    parts.append("<h2>4. Nomogram</h2>")
    parts.append(_img(fig_files.get("nomogram"), "Figure 3. Nomogram (rms style, risk = plogis(lp))"))

    parts.append("<h2>5. Discrimination</h2>")
    rows = []
    for name, block in (("Training", tr["roc"]), ("Validation", va["roc"])):
        rows.append([name, block["auc"], f"{block['ci_lower']:.3f}–{block['ci_upper']:.3f}", block["threshold"],
                     block["sensitivity"], block["specificity"]])
    parts.append("<h3>Table 5. ROC (DeLong 95% CI; Youden cut-off)</h3>" + _table(
        pd.DataFrame(rows, columns=["group", "AUC", "95% CI", "cut-off", "sensitivity", "specificity"])))
    parts.append(_img(fig_files.get("roc"), "Figure 4. ROC curves of the training and validation groups"))

    parts.append("<h2>6. Calibration</h2>")
    parts.append(f"<p>Bootstrap calibration (B = {tr['calibration']['B']}): mean absolute error "
                 f"{tr['calibration']['mean_abs_error']:.3f} in training; external calibration in the validation "
                 f"group: mean absolute error {va['calibration']['mean_abs_error']:.3f}.</p>")
    parts.append(_img(fig_files.get("calibration_training"), "Figure 5. Calibration curve, training (apparent, bias-corrected, ideal)"))
    parts.append(_img(fig_files.get("calibration_validation"), "Figure 6. Calibration curve, validation"))
    parts.append("<h3>Table 6. Internal validation (rms::validate, bootstrap)</h3>" + _table(t["validate"], 4))

    parts.append("<h2>7. Clinical usefulness: decision curves</h2>")
    for name, block in (("training", tr["dca"]), ("validation", va["dca"])):
        lo, hi = block.get("model_beats_both_from"), block.get("model_beats_both_to")
        span = f"between threshold probabilities {lo:.2f} and {hi:.2f}" if lo is not None else "at no threshold"
        parts.append(f"<p>In the {name} group the model's net benefit exceeded treat-all and treat-none {span}.</p>")
    parts.append(_img(fig_files.get("dca_training"), "Figure 7. Decision curve, training"))
    parts.append(_img(fig_files.get("dca_validation"), "Figure 8. Decision curve, validation"))
    parts.append("<p class='small'>Numbers in full precision: results.json; tables as CSV in tables/; figures as PNG and SVG in figures/.</p>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
