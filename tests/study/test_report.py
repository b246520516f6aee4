"""The report tells the truth (issue 14): every sentence from the numbers it shows, journal-style tables.

* decision curves: ``<group>.dca.useful_ranges`` are the maximal runs of consecutive grid thresholds where the
  model's net benefit is finite and strictly above treat-all's and treat-none's; recomputed here from
  ``tables/dca_<group>.csv`` independently, and the report's sentence must list exactly those runs;
* a model that loses in the middle of the threshold range has two ranges, and the report says so;
* the report's tables: readable headers, P as journals print it, counts as integers, no ``1e-04`` numbers.
"""
from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from cmvt_core.study.pipeline import dca_group, useful_ranges

from _paths import COHORT  # noqa: E402


# ----------------------------------------------------------------------------- helpers written apart from the code
def runs_from_derived(dd: pd.DataFrame) -> list[list[float]]:
    """The useful threshold runs, recomputed from rmda's derived.data rows in plain Python loops."""
    rows = {}
    for rec in dd.to_dict(orient="records"):
        kind = rec["model"] if rec["model"] in ("All", "None") else "model"
        rows.setdefault(kind, []).append((float(rec["thresholds"]), float(rec["NB"])))
    model, treat_all = rows["model"], rows["All"]
    assert [t for t, _ in model] == [t for t, _ in treat_all]
    out, cur = [], None
    for (t, nb), (_, nb_all) in zip(model, treat_all):
        win = math.isfinite(nb) and nb > 0 and not math.isnan(nb_all) and nb > nb_all
        if win:
            cur = [t, t] if cur is None else [cur[0], t]
        elif cur is not None:
            out.append(cur)
            cur = None
    if cur is not None:
        out.append(cur)
    return out


def derived(thresholds, nb_model, nb_all) -> pd.DataFrame:
    """A hand-made derived.data frame: rows of the model, then All, then None."""
    th = list(thresholds)
    return pd.DataFrame({
        "thresholds": th * 3,
        "NB": list(nb_model) + list(nb_all) + [0.0] * len(th),
        "sNB": [0.0] * (3 * len(th)),
        "model": ["y ~ risk"] * len(th) + ["All"] * len(th) + ["None"] * len(th),
    })


# ----------------------------------------------------------------------------- useful_ranges on hand-made curves
def test_useful_ranges_model_losing_in_the_middle():
    th = [round(0.1 * i, 1) for i in range(11)]
    nb_m = [0.30, 0.25, 0.20, -0.05, -0.10, 0.02, 0.03, 0.00, 0.01, 0.01, math.nan]
    nb_a = [0.30, 0.20, 0.10, -0.10, -0.40, -0.70, -1.00, -1.50, -2.00, -4.00, math.nan]
    dd = derived(th, nb_m, nb_a)
    g = dca_group(dd)
    # 0.0: equal to treat-all (not strictly above); 0.3-0.4: below zero; 0.7: exactly zero; 1.0: NaN
    assert g.useful_ranges == [[0.1, 0.2], [0.5, 0.6], [0.8, 0.9]] == runs_from_derived(dd)
    s = g.to_json_dict()
    assert "model_beats_both_from" not in s and "model_beats_both_to" not in s
    assert s["useful_ranges"] == g.useful_ranges
    assert g.nb_model[:3] == nb_m[:3] and g.thresholds == th


@pytest.mark.parametrize("nb_m,nb_a,expected", [
    ([0.1, 0.1, 0.1], [0.0, 0.0, 0.0], [[0.1, 0.3]]),                 # one stretch, the whole grid
    ([-0.1, 0.1, -0.1], [0.0, 0.0, 0.0], [[0.2, 0.2]]),               # a single threshold
    ([0.1, 0.1, 0.1], [0.2, 0.2, 0.2], []),                           # below treat-all throughout
    ([0.0, 0.0, 0.0], [-1.0, -1.0, -1.0], []),                        # equal to treat-none: not above
    ([math.inf, 0.1, math.nan], [0.0, 0.0, 0.0], [[0.2, 0.2]]),       # non-finite never counts
    ([0.1, 0.1, 0.1], [0.0, math.nan, 0.0], [[0.1, 0.1], [0.3, 0.3]]),  # treat-all unknown: not beaten
])
def test_useful_ranges_rule(nb_m, nb_a, expected):
    th = [0.1, 0.2, 0.3]
    assert useful_ranges(th, nb_m, nb_a) == expected
    assert runs_from_derived(derived(th, nb_m, nb_a)) == expected


# ----------------------------------------------------------------------------- the demo cohort's report
from _configs import QUICK  # noqa: E402


class _Report(HTMLParser):
    """The report's text: paragraphs, and each table (headers, rows) under the h3 caption before it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.tables: dict[str, dict] = {}
        self.text: list[str] = []
        self._stack: list[str] = []
        self._buf: list[str] | None = None
        self._caption = ""
        self._table = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        self._stack.append(tag)
        if tag in ("p", "h3", "th", "td"):
            self._buf = []
        elif tag == "table":
            self._table = {"headers": [], "rows": []}
            self.tables[self._caption] = self._table
        elif tag == "tr" and self._table is not None:
            self._row = []

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        text = "".join(self._buf) if self._buf is not None else ""
        if tag == "p":
            self.paragraphs.append(" ".join(text.split()))
        elif tag == "h3":
            self._caption = text
        elif tag == "th":
            self._table["headers"].append(text)
        elif tag == "td":
            self._row.append(text)
        elif tag == "tr" and self._row:
            self._table["rows"].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        if tag in ("p", "h3", "th", "td"):
            self._buf = None

    def handle_data(self, data):
        self.text.append(data)
        if self._buf is not None:
            self._buf.append(data)


def parse_report(path: Path) -> _Report:
    p = _Report()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def table(rep: _Report, prefix: str) -> pd.DataFrame:
    [key] = [k for k in rep.tables if k.startswith(prefix)]
    t = rep.tables[key]
    return pd.DataFrame(t["rows"], columns=t["headers"])


def read_dca_csv(path: Path) -> pd.DataFrame:
    # rmda's model column holds the word "None": not a missing value
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def ranges_in_words(ranges) -> str:
    """The sentence's wording, written out again here: 2 decimals for the 0.01 grid."""
    if not ranges:
        return "at no threshold probability"
    words = []
    for i, (a, b) in enumerate(ranges):
        if f"{a:.2f}" == f"{b:.2f}":
            words.append(("at threshold probability " if i == 0 else "at ") + f"{a:.2f}")
        else:
            words.append(("between threshold probabilities " if i == 0 else "between ") + f"{a:.2f} and {b:.2f}")
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + ", and " + words[-1]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    from cmvt_core.study.pipeline import analyze

    d = tmp_path_factory.mktemp("demo")
    (d / "study.toml").write_text(QUICK)
    result = analyze(COHORT, d / "out", outcome="cmvt", config_path=d / "study.toml", quiet=True)
    return d / "out", result


@pytest.fixture(scope="module")
def demo(demo_run):
    out, _ = demo_run
    return out, json.loads((out / "results.json").read_text()), parse_report(out / "report.html")


# ----------------------------------------------------------------------------- the typed result (issue 16)
def test_results_json_is_the_typed_result(demo_run):
    """results.json is StudyResult.to_json_dict(), written as is; its values are the typed fields."""
    out, result = demo_run
    text = (out / "results.json").read_text(encoding="utf-8")
    assert text == json.dumps(result.to_json_dict(), indent=1, allow_nan=True) + "\n"
    saved = json.loads(text)
    assert list(saved) == ["baseline", "lasso", "model", "nomogram", "hosmer_lemeshow", "training", "validation",
                           "provenance"]
    assert list(saved["training"]) == ["roc", "calibration", "validate", "dca"]
    assert list(saved["validation"]) == ["roc", "calibration", "val_prob", "dca"]
    for name, g in result.roc.items():
        assert saved[name]["roc"]["auc"] == g.auc and saved[name]["roc"]["ci_upper"] == g.ci_upper
        assert saved[name]["calibration"]["mean_abs_error"] == getattr(result.calibration, name).mean_abs_error
        assert saved[name]["dca"]["useful_ranges"] == getattr(result.dca, name).useful_ranges
    assert saved["lasso"]["selected"] == result.lasso.selected and saved["lasso"]["lambda_min"] == result.lasso.lambda_min
    assert saved["model"]["variables_final"] == result.model.variables_final
    assert saved["model"]["stats"]["C"] == result.model.c_index
    assert saved["hosmer_lemeshow"]["p_value"] == result.hosmer_lemeshow.p_value
    assert saved["training"]["calibration"]["B"] == result.calibration.training.B == 40
    assert saved["training"]["validate"]["Dxy"]["optimism"] == result.internal_validation.table.loc["Dxy", "optimism"]
    assert len(saved["lasso"]["foldid"]) == result.split.n_training == 223
    assert result.split.n_validation == result.roc.validation.n == 96
    assert saved["provenance"]["input_file"] == COHORT.name == result.provenance.input_file
    assert not hasattr(result, "results")  # no untyped dict beside the fields


def test_report_reads_the_typed_result_not_its_json(demo_run, tmp_path, monkeypatch):
    """The report renders, the same bytes, from a result whose JSON dict cannot be made."""
    import inspect

    from cmvt_core.study import StudyResult, report

    out, result = demo_run

    def no_json(self):
        raise AssertionError("the report asked for the results.json dict")

    monkeypatch.setattr(StudyResult, "to_json_dict", no_json)
    figs = {p.stem: str(p) for p in sorted((out / "figures").glob("*.png"))}
    assert len(figs) == 10
    report.write_report(result, tmp_path / "report.html", figs, tmp_path)
    assert (tmp_path / "report.html").read_text(encoding="utf-8") == (out / "report.html").read_text(encoding="utf-8")
    # and no string-keyed look-up of the result in its source: .get( only on the figure files and header names
    src = inspect.getsource(report)
    assert re.findall(r"(\w+)\.get\(", src) and set(re.findall(r"(\w+)\.get\(", src)) <= {"fig_files",
                                                                                            "_VALIDATE_HEADERS"}
    assert ".results" not in src and ".objects" not in src


@pytest.mark.parametrize("group", ["training", "validation"])
def test_demo_useful_ranges_from_the_csv_and_in_words(demo, group):
    out, res, rep = demo
    dd = read_dca_csv(out / "tables" / f"dca_{group}.csv")
    runs = runs_from_derived(dd)
    assert res[group]["dca"]["useful_ranges"] == runs
    assert "model_beats_both_from" not in res[group]["dca"]
    sentence = f"In the {group} group the model's net benefit exceeded both treat-all and treat-none " \
               f"{ranges_in_words(runs)}."
    assert sentence in rep.paragraphs
    assert sum(p.startswith(f"In the {group} group the model's net benefit") for p in rep.paragraphs) == 1


def test_demo_validation_curve_is_not_one_stretch(demo):
    """The bug of issue 14: the model loses to treat-all at 0.03-0.13 and to treat-none at 0.90-0.97."""
    out, res, rep = demo
    runs = res["validation"]["dca"]["useful_ranges"]
    assert len(runs) >= 2
    assert not any("0.01 and 0.99" in p for p in rep.paragraphs)
    dd = read_dca_csv(out / "tables" / "dca_validation.csv")
    model = dd[~dd["model"].isin(["All", "None"])]["NB"].to_numpy()
    treat_all = dd[dd["model"] == "All"]["NB"].to_numpy()
    for t in (0.05, 0.10):          # below treat-all (the grid is seq(0, 1, by = 0.01): row k is k / 100)
        k = round(t * 100)
        assert model[k] < treat_all[k] and not any(a <= t <= b for a, b in runs)
    for t in (0.91, 0.95):          # below treat-none
        k = round(t * 100)
        assert model[k] < 0 and not any(a <= t <= b for a, b in runs)


def test_report_of_a_model_losing_in_the_middle(demo_run, tmp_path):
    """End to end from predictions: rmda's decision curve of a model that is useful at low and high thresholds
    but below treat-none in between; results.json and the report give both ranges."""
    from dataclasses import replace

    from cmvt_core.dca import decision_curve
    from cmvt_core.study.pipeline import _thresholds, write_outputs

    # 20 events at risk 0.9, 40 non-events at 0.6, 40 at 0.05: NB = 0.2 - 0.4 t/(1-t) below 0.6 (< 0 above 1/3)
    y = np.r_[np.ones(20), np.zeros(80)]
    p = np.r_[np.full(20, 0.9), np.full(40, 0.6), np.full(40, 0.05)]
    dc = decision_curve(pd.DataFrame({"y": y, "risk": p}), "y", ["risk"], fitted_risk=True,
                        thresholds=_thresholds(0.01), bootstraps=1, confidence_intervals=None, seed=2024)
    summary = dca_group(dc.derived_data, dc)
    runs = runs_from_derived(dc.derived_data)
    assert summary.useful_ranges == runs and len(runs) == 2
    (a1, b1), (a2, b2) = runs
    assert a1 <= 0.06 and abs(b1 - 0.33) < 1e-9 and 0.59 <= a2 <= 0.61 and b2 >= 0.89

    _, base = demo_run
    changed = replace(base, dca=replace(base.dca, validation=summary),
                      # pretend three cut-offs tie for the best Youden index
                      roc=replace(base.roc, training=replace(base.roc.training, n_best_thresholds=3)))
    out = write_outputs(changed, tmp_path / "out", figures=False)
    saved = json.loads((out / "results.json").read_text())
    assert saved["validation"]["dca"]["useful_ranges"] == runs == runs_from_derived(
        read_dca_csv(out / "tables" / "dca_validation.csv"))
    rep = parse_report(out / "report.html")
    sentence = ("In the validation group the model's net benefit exceeded both treat-all and treat-none between "
                f"threshold probabilities {a1:.2f} and {b1:.2f}, and between {a2:.2f} and {b2:.2f}.")
    assert sentence in rep.paragraphs
    assert "Training: 3 cut-offs share the largest Youden index; the lowest is shown." in rep.paragraphs
    assert not any(p.startswith("Validation:") for p in rep.paragraphs)
    # without figures the report does not point to a figures/ folder
    assert not (out / "figures").exists() and "figures/" not in " ".join(rep.paragraphs)


@pytest.mark.parametrize("ranges,words", [
    ([], "at no threshold probability"),
    ([[0.05, 0.05]], "at threshold probability 0.05"),
    ([[0.01, 0.02], [0.14, 0.9]], "between threshold probabilities 0.01 and 0.02, and between 0.14 and 0.90"),
    ([[0.01, 0.01], [0.05, 0.05], [0.2, 0.5]], "at threshold probability 0.01, at 0.05, and between 0.20 and 0.50"),
])
def test_ranges_in_words(ranges, words):
    from cmvt_core.study.report import _ranges_text

    assert _ranges_text(ranges) == words == ranges_in_words(ranges)


def test_ranges_on_a_finer_grid_keep_their_decimals():
    from cmvt_core.study.report import _dca_sentences, _grid_decimals

    th = [i / 200 for i in range(201)]
    assert _grid_decimals(th) == 3 and _grid_decimals([i / 100 for i in range(101)]) == 2
    grid = SimpleNamespace(thresholds=th, useful_ranges=[[0.005, 0.125]])  # what _dca_sentences reads of a DcaGroup
    text = " ".join(_dca_sentences((("training", grid),)))
    assert "in steps of 0.005" in text and "between threshold probabilities 0.005 and 0.125." in text


# ----------------------------------------------------------------------------- journal-style tables
P_CELL = re.compile(r"^(< 0\.001|0\.\d{3,6}|1\.000)$")


def p_journal(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def test_no_scientific_notation_anywhere(demo):
    _, _, rep = demo
    text = re.sub(r"\b[0-9a-f]{64}\b", "", "\n".join(rep.text))  # the input's SHA-256 is hex, not a number
    assert not re.search(r"\d\.?\d*[eE][+-]?\d", text), re.findall(r"\S*\d[eE][+-]?\d\S*", text)[:5]
    for t in rep.tables.values():   # counts are integers: no "1000.0000"
        assert not any(re.fullmatch(r"-?\d+\.0000", c) for row in t["rows"] for c in row)


@pytest.mark.parametrize("caption,groups,csv", [
    ("Table 1.", ["Overall (n = 319)", "Training (n = 223)", "Validation (n = 96)"], "baseline_split"),
    ("Table 2.", ["Overall (n = 223)", "Event (n = 81)", "No event (n = 142)"], "baseline_outcome"),
])
def test_baseline_tables(demo, caption, groups, csv):
    out, _, rep = demo
    t = table(rep, caption)
    assert list(t.columns) == ["Variable", "Level", *groups, "Test", "Statistic", "P"]
    raw = pd.read_csv(out / "tables" / f"{csv}.csv", keep_default_na=False, na_values=[""])
    assert len(t) == len(raw)
    # the variable is named once per block of levels; the numbers are the CSV's, printed as a journal does
    assert t["Variable"].tolist() == [v if i == 0 or raw["variable"][i - 1] != v else ""
                                      for i, v in enumerate(raw["variable"])]
    assert t["P"].tolist() == ["" if pd.isna(p) else p_journal(p) for p in raw["p_value"]]
    assert t["Statistic"].tolist() == ["" if pd.isna(v) else f"{v:.3f}".replace("-0.000", "0.000")
                                       for v in raw["statistic"]]
    assert all(P_CELL.match(c) for c in t["P"] if c)
    # the raw CSV keeps its machine-readable columns and full precision
    assert "p_value" in raw.columns and raw.columns[0] == "variable"


def test_baseline_p_below_0001_prints_as_less_than(demo):
    _, res, rep = demo
    t = table(rep, "Table 2.")
    row = t[t["Variable"] == "anaesthesia_general"].iloc[0]
    p = [r for r in res["baseline"]["events_vs_nonevents_training"]["table"]
         if r["variable"] == "anaesthesia_general" and r["p_value"] is not None][0]["p_value"]
    assert p < 0.001 and row["P"] == "< 0.001"
    row = t[t["Variable"] == "pre_urea_creat"].iloc[0]
    assert row["P"] == "0.045"


@pytest.mark.parametrize("caption,key", [("Table 3.", "multivariable"), ("Table 4.", "final")])
def test_model_tables(demo, caption, key):
    _, res, rep = demo
    t = table(rep, caption)
    assert list(t.columns) == ["Variable", "β", "SE", "z", "OR (95% CI)", "P"]
    rows = res["model"][key]
    assert t["Variable"].tolist() == list(rows)
    for _, r in t.iterrows():
        v = rows[r["Variable"]]
        assert P_CELL.match(r["P"]), r["P"]
        if v["p"] < 0.001:
            assert r["P"] == "< 0.001"
        else:
            assert abs(float(r["P"]) - v["p"]) <= 0.0005 + 1e-12
        assert abs(float(r["β"]) - v["coef"]) <= 0.0005 + 1e-12
        assert abs(float(r["z"]) - v["z"]) <= 0.005 + 1e-12
        m = re.fullmatch(r"(\d+\.\d+) \((\d+\.\d+)–(\d+\.\d+)\)", r["OR (95% CI)"])
        assert m, r["OR (95% CI)"]
        for txt, val in zip(m.groups(), (v["odds_ratio"], v["or_lower"], v["or_upper"])):
            assert float(txt) != 0 and abs(float(txt) - val) <= 0.005 + 1e-12, (r["Variable"], txt, val)
    if key == "final":
        age = t.set_index("Variable").loc["age_group"]
        v = rows["age_group"]
        assert age["OR (95% CI)"] == f"{v['odds_ratio']:.2f} ({v['or_lower']:.2f}–{v['or_upper']:.2f})"
        assert age["P"] == "< 0.001" and v["p"] < 0.001
        # an OR of 0.998 per unit is not printed as 1.00 (1.00–1.00)
        sii = t.set_index("Variable").loc["post_sii", "OR (95% CI)"]
        assert sii == f"{rows['post_sii']['odds_ratio']:.3f} ({rows['post_sii']['or_lower']:.3f}–" \
                      f"{rows['post_sii']['or_upper']:.3f})"
        # an SE of 0.00048 keeps its significant digits
        assert t.set_index("Variable").loc["post_sii", "SE"] == f"{rows['post_sii']['se']:.5f}"


def test_roc_table(demo):
    _, res, rep = demo
    t = table(rep, "Table 5.")
    assert list(t.columns) == ["Group", "AUC", "95% CI", "Cut-off", "Sensitivity (95% CI)", "Specificity (95% CI)"]
    for (_, r), grp in zip(t.iterrows(), ("training", "validation")):
        b = res[grp]["roc"]
        assert r["Group"] == grp.capitalize()
        assert r["AUC"] == f"{b['auc']:.3f}" and r["95% CI"] == f"{b['ci_lower']:.3f}–{b['ci_upper']:.3f}"
        se, sp = b["sensitivity_ci"], b["specificity_ci"]
        assert r["Sensitivity (95% CI)"] == f"{b['sensitivity']:.3f} ({se[0]:.3f}–{se[1]:.3f})"
        assert r["Specificity (95% CI)"] == f"{b['specificity']:.3f} ({sp[0]:.3f}–{sp[1]:.3f})"
        assert r["Cut-off"] == f"{b['threshold']:.3f}"
        # a bootstrap percentile interval of a proportion stays in [0, 1]
        assert 0 <= se[0] <= se[1] <= 1 and 0 <= sp[0] <= sp[1] <= 1
    text = " ".join(rep.paragraphs)
    assert (f"percentiles over {res['training']['roc']['ci_boot_n']} stratified bootstrap samples of each group"
            in text)


def test_validate_table(demo):
    out, res, rep = demo
    t = table(rep, "Table 6.")
    assert list(t.columns) == ["Index", "Original", "Training", "Test", "Optimism", "Corrected", "n"]
    raw = pd.read_csv(out / "tables" / "validate.csv")
    assert list(raw.columns) == ["index", "index_orig", "training", "test", "optimism", "index_corrected", "n"]
    assert t["Index"].tolist() == raw["index"].tolist()
    assert t["n"].tolist() == [str(int(v)) for v in raw["n"]] and set(t["n"]) == {"40"}
    for col, rc in (("Original", "index_orig"), ("Optimism", "optimism"), ("Corrected", "index_corrected")):
        assert t[col].tolist() == [f"{v:.3f}".replace("-0.000", "0.000") for v in raw[rc]]


# ----------------------------------------------------------------------------- the other sentences
def test_sentences_are_the_numbers(demo):
    _, res, rep = demo
    text = " ".join(rep.paragraphs)
    st, hl = res["model"]["stats"], res["hosmer_lemeshow"]
    assert (f"C-index {st['C']:.3f}, Nagelkerke R² {st['R2']:.3f}, Brier {st['Brier']:.3f}; Hosmer–Lemeshow "
            f"χ² = {hl['statistic']:.3f} (df {hl['df']}), P = {hl['p_value']:.3f}.") in text
    lasso = res["lasso"]
    assert (f"At λmin LASSO kept {len(lasso['selected'])} of {len(lasso['coefficients']) - 1} candidate "
            f"predictors: {', '.join(lasso['selected'])}.") in text
    m = res["model"]
    assert (f"Predictors with P < {m['alpha']} in Table 3 were kept for the final model "
            f"({len(m['variables_final'])} of {len(m['variables_lasso'])}): {', '.join(m['variables_final'])}.") in text
    # and each kept predictor's P in Table 3 reads below alpha, each dropped one not
    t3 = table(rep, "Table 3.").set_index("Variable")
    for v in m["variables_lasso"]:
        cell = t3.loc[v, "P"]
        shown = 0.0 if cell == "< 0.001" else float(cell)
        assert (shown < m["alpha"]) == (v in m["variables_final"]), (v, cell)
    s = res["baseline"]["training_vs_validation"]["settings"]
    assert s["var_equal"] is False and "Welch's t-test" in text and f"(P ≥ {s['alpha']})" in text
    assert f"an expected count was below {int(s['expected_min'])}." in text
    assert f"(n = {len(res['lasso']['foldid'])})" in text
    assert f"Bootstrap calibration (B = {res['training']['calibration']['B']})" in text
    assert "in steps of 0.01" in text and "figures as PNG and SVG in figures/" in text


def test_formatters():
    from cmvt_core.study.report import _count, _fixed, _or_ci, _p_cell, _p_text, _sig

    assert _p_cell(0.00043) == "< 0.001" and _p_cell(0.0421) == "0.042" and _p_cell(0.001) == "0.001"
    assert _p_cell(0.0496) == "0.050" and _p_cell(0.0496, alpha=0.05) == "0.0496"
    assert _p_cell(0.05004, alpha=0.05) == "0.050" and _p_cell(math.nan) == "" and _p_cell(None) == ""
    assert _p_text(4.3e-4) == "P < 0.001" and _p_text(0.6047) == "P = 0.605"
    assert _fixed(4.8e-4, 3, sig=2) == "0.00048" and _fixed(-0.0017, 3, sig=2) == "-0.0017"
    assert _fixed(-1.4e-17, 3) == "0.000" and _fixed(5.73e-05, 3) == "0.000" and _fixed(math.nan) == ""
    assert _fixed(1e-30, 3, sig=2) == "< 0.0000000001" and _fixed(math.inf) == "∞"
    assert _count(1000.0) == "1000" and _count(math.nan) == ""
    assert _sig(0.0101750) == "0.010175" and _sig(1.2345e-5) == "0.000012345" and _sig(123456.7) == "123457"
    assert _or_ci(4.1959, 1.88827, 9.32363) == "4.20 (1.89–9.32)"
    assert _or_ci(0.99826, 0.99733, 0.99920) == "0.998 (0.997–0.999)"
    assert _or_ci(0.0021, 1.27e-6, 3.4017) == "0.002 (0.000001–3.40)"


# ----------------------------------------------------------------------------- issue 18: the validation cohort
Z975 = 1.959963984540054  # qnorm(0.975)


def _p_words(p: float) -> str:
    """A P value as the report's columns print it, written again here."""
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _side(lo: float, hi: float) -> str:
    return "lies above 0" if lo > 0 else ("lies below 0" if hi < 0 else "includes 0")


def _f3(v: float, d: int = 3) -> str:
    return f"{v:.{d}f}".replace("-0.000", "0.000")


def test_external_validation_sentence_and_val_prob_table(demo):
    """[calibration] validation = "external" (the default): the training model's numbers in the validation group,
    in words and in Table 7 (rms::val.prob's 18 statistics in its order)."""
    _, res, rep = demo
    text = " ".join(rep.paragraphs)
    v, st = res["validation"]["calibration"], res["validation"]["val_prob"]["stats"]
    assert v["mode"] == "external" and res["validation"]["val_prob"]["n"] == 96
    assert ("compared with the outcomes without refitting (external validation, no bootstrap): mean absolute "
            f"error {v['mean_abs_error']:.3f}") in text
    assert f"calibration intercept {st['Intercept']:.3f}, calibration slope {st['Slope']:.3f}" in text
    slope = round(st["Slope"], 3)
    assert ("a slope below 1" if slope < 1 else "a slope above 1" if slope > 1 else "a slope of 1") in text
    assert f"Brier score {st['Brier']:.3f}, Emax {st['Emax']:.3f}, E90 {st['E90']:.3f}, Eavg {st['Eavg']:.3f}" in text
    assert "does not validate the training model" not in text
    t = table(rep, "Table 7.")
    assert t["rms name"].tolist() == list(st) and len(t) == 18
    for _, row in t.iterrows():
        x = st[row["rms name"]]
        if x is None or (isinstance(x, float) and math.isnan(x)):  # D:p is NA in rms 6.5
            assert row["Value"] == ""
        else:
            assert row["Value"] == (_p_words(x) if row["rms name"].endswith(":p") else _f3(x))


@pytest.mark.parametrize("group", ["training", "validation"])
def test_clinical_impact_numbers_figure_and_sentence(demo, group):
    """Clinical impact = 1000 x prob.high.risk and 1000 x DP of the model rows of rmda's derived.data (recomputed
    here from tables/dca_<group>.csv), a figure beside the decision curve, and a sentence at the grid threshold
    nearest the group's Youden cut-off."""
    out, res, rep = demo
    ci = res[group]["dca"]["clinical_impact"]
    dd = read_dca_csv(out / "tables" / f"dca_{group}.csv")
    m = dd[~dd["model"].isin(["All", "None"])].sort_values("thresholds", kind="stable")
    assert ci["population_size"] == 1000
    assert ci["n_high_risk"] == [1000 * v for v in m["prob_high_risk"]]
    assert ci["n_high_risk_with_outcome"] == [1000 * v for v in m["DP"]]
    assert ci["n_high_risk_lower"] == [1000 * v for v in m["prob_high_risk_lower"]]
    assert all(w <= h for w, h in zip(ci["n_high_risk_with_outcome"], ci["n_high_risk"]))
    assert (out / "figures" / f"impact_{group}.png").is_file() and (out / "tables" / f"clinical_impact_{group}.csv").is_file()
    th, cut = ci["thresholds"], res[group]["roc"]["threshold"]
    i = min(range(len(th)), key=lambda k: (abs(th[k] - cut), k))
    text = " ".join(rep.paragraphs)
    assert (f"Clinical impact ({group} group): at threshold probability {th[i]:.2f} (the grid threshold nearest "
            f"the Youden cut-off, {cut:.3f}) the model classifies {ci['n_high_risk'][i]:.0f} of 1000 people as high "
            f"risk, {ci['n_high_risk_with_outcome'][i]:.0f} of whom have the outcome.") in text
    html = (out / "report.html").read_text(encoding="utf-8")
    n = 8 if group == "training" else 10
    assert f"Figure {n - 1}. Decision curve, {group}" in html and f"Figure {n}. Clinical impact curve, {group}" in html


@pytest.fixture(scope="module")
def refit_compare(tmp_path_factory):
    """validation = "refit" and a reference model with cut-offs (no figures: the sentences and tables)."""
    from cmvt_core.cohort import read_csv
    from cmvt_core.study import StudyConfig, run_study
    from cmvt_core.study.report import write_report

    cfg = StudyConfig.from_dict({"predictors": ["age_group", "anaesthesia_general", "pre_nlr", "post_nlr"],
                                 "keep_significant": False, "calibration_B": 20, "validation_B": 20,
                                 "dca_bootstraps": 0, "roc_boot_n": 100, "calibration_validation": "refit",
                                 "compare_reference": ["age_group", "pre_nlr"], "compare_cutoffs": [0.2, 0.4],
                                 "compare_boot": 100})
    result = run_study(read_csv(COHORT), cfg)
    d = tmp_path_factory.mktemp("refit")
    write_report(result, d / "report.html", {}, d)
    return json.loads(json.dumps(result.to_json_dict(), allow_nan=True)), parse_report(d / "report.html")


def test_refit_calibration_says_it_does_not_validate(refit_compare):
    res, rep = refit_compare
    text = " ".join(rep.paragraphs)
    v, st = res["validation"]["calibration"], res["validation"]["val_prob"]["stats"]
    assert v["mode"] == "refit" and v["B"] == 20 and v["n"] == 96
    assert set(v["refit_coef"]) == {"Intercept", *res["model"]["variables_final"]}
    assert (f"its bootstrap calibration (B = 20) gave a mean absolute error of {v['mean_abs_error']:.3f}. This "
            "describes how a model refitted on the validation group fits that group; it does not validate the "
            "training model.") in text
    assert (f"The training model itself, applied to the validation group without refitting, had calibration "
            f"intercept {st['Intercept']:.3f}, calibration slope {st['Slope']:.3f}") in text
    assert "external validation, no bootstrap" not in text


def test_comparison_table_and_sentences(refit_compare):
    """Table 8 and its sentences from improveProb's numbers (CI = estimate -+ qnorm(0.975) SE, P = 2 pnorm(-|z|),
    recomputed here); Table 9 from the reclassification tables (moves up / down recounted from the tables)."""
    res, rep = refit_compare
    text = " ".join(rep.paragraphs)
    cmp = res["comparison"]
    assert cmp["reference"] == ["age_group", "pre_nlr"] and cmp["cutoffs"] == [0.2, 0.4]
    assert f"reference logistic model on age_group, pre_nlr (fitted on the training group; C-index " \
           f"{cmp['reference_c_index']:.3f})" in text
    t8 = table(rep, "Table 8.").set_index("Group")
    t9 = table(rep, "Table 9.").set_index("Group")
    for grp in ("training", "validation"):
        ip = cmp[grp]["improve_prob"]
        nri_ci = (ip["nri"] - Z975 * ip["se_nri"], ip["nri"] + Z975 * ip["se_nri"])
        idi_ci = (ip["idi"] - Z975 * ip["se_idi"], ip["idi"] + Z975 * ip["se_idi"])
        p_nri = math.erfc(abs(ip["z_nri"]) / math.sqrt(2))
        p_idi = math.erfc(abs(ip["z_idi"]) / math.sqrt(2))
        row = t8.loc[grp.capitalize()]
        assert row["NRI"] == f"{_f3(ip['nri'])} ({_f3(nri_ci[0])}–{_f3(nri_ci[1])})"
        assert row["IDI"] == f"{ip['idi']:.4f} ({idi_ci[0]:.4f}–{idi_ci[1]:.4f})"
        assert row["P (NRI)"] == _p_words(p_nri) and row["P (IDI)"] == _p_words(p_idi)
        ev = ip["nri_ev"], ip["nri_ev"] - Z975 * ip["se_nri_ev"], ip["nri_ev"] + Z975 * ip["se_nri_ev"]
        assert row["NRI, events"] == f"{_f3(ev[0])} ({_f3(ev[1])}–{_f3(ev[2])})"
        pn = "P < 0.001" if p_nri < 0.001 else f"P = {_p_words(p_nri)}"
        pi = "P < 0.001" if p_idi < 0.001 else f"P = {_p_words(p_idi)}"
        assert (f"In the {grp} group the continuous NRI was {row['NRI']}, {pn}, "
                f"and the IDI {row['IDI']}, {pi}: the 95% CI of "
                f"the NRI {_side(*nri_ci)} and that of the IDI {_side(*idi_ci)}.") in text
        rc = cmp[grp]["reclassification"]
        te, tn = rc["table_events"], rc["table_nonevents"]
        k = len(rc["categories"])
        up_ev = sum(te[i][j] for i in range(k) for j in range(k) if j > i)
        down_ev = sum(te[i][j] for i in range(k) for j in range(k) if j < i)
        up_ne = sum(tn[i][j] for i in range(k) for j in range(k) if j > i)
        down_ne = sum(tn[i][j] for i in range(k) for j in range(k) if j < i)
        n_ev, n_ne = sum(map(sum, te)), sum(map(sum, tn))
        assert (rc["up_ev"], rc["down_ev"], rc["up_ne"], rc["down_ne"]) == (up_ev, down_ev, up_ne, down_ne)
        assert rc["nri"] == pytest.approx((up_ev - down_ev) / n_ev + (down_ne - up_ne) / n_ne, abs=1e-15)
        r9 = t9.loc[grp.capitalize()]
        a, e = rc["asymptotic"]["NRI"], rc["estimates"]["NRI"]
        assert r9["Events up / down"] == f"{up_ev} / {down_ev}" and r9["Non-events up / down"] == f"{up_ne} / {down_ne}"
        assert r9["NRI (asymptotic 95% CI)"] == f"{_f3(rc['nri'])} ({_f3(a['lower'])}–{_f3(a['upper'])})"
        assert r9["NRI (bootstrap 95% CI)"] == f"{_f3(e['estimate'])} ({_f3(e['lower'])}–{_f3(e['upper'])})"
        assert (f"in the {grp} group {up_ev} of {n_ev} events moved to a higher category and {down_ev} to a lower "
                f"one, and {down_ne} of {n_ne} non-events moved lower and {up_ne} higher: categorical NRI "
                f"{_f3(rc['nri'])} (asymptotic 95% CI {_side(a['lower'], a['upper'])}; bootstrap 95% CI, 100 "
                f"samples, {_side(e['lower'], e['upper'])}).") in text
    assert rc["categories"] == ["[0,0.2)", "[0.2,0.4)", "[0.4,1]"]
    assert "Table 9. Categorical NRI at risk cut-offs 0.2, 0.4" in [k for k in rep.tables]
