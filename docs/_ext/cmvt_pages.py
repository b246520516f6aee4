"""Pages generated from the package at every build, so they stay true.

- ``api/``: one page per public module (its docstring and every name of its ``__all__``, each documented where
  it is defined) and an index of ``cmvt_core.__all__``.
- ``r/``: one page per R function reproduced: the Python functions with their docstrings' "R call:" notes, what
  is identical to R and what agrees within a tolerance, with the reason (``cmvt_core.parity.tolerances``), and
  the differences of the interface.
"""
from __future__ import annotations

import fnmatch
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # docs/

SKIP = ("cmvt_core.parity", "cmvt_core.kernels")
COMMANDS = ("cmvt_core.cli", "cmvt_core.cli_cutoff")

# one page per R function (or family of R functions) reproduced:
# slug, title, the Python functions, the tolerance registry's keys (fnmatch patterns over the keys), and what
# differs in the interface (R's numbers are the same; these are additions or R options not ported)
R_PAGES = [
    ("glmnet", "glmnet::glmnet and glmnet::cv.glmnet (glmnet 4.1-6)",
     ["cmvt_core.lasso.glmnet", "cmvt_core.lasso.cv_glmnet", "cmvt_core.lasso.fold_ids", "cmvt_core.lasso.lambda_interp"],
     ["glmnet.*", "cv_glmnet.*"],
     ["Only ``family = \"binomial\"`` is ported (the clinical prediction models are logistic).",
      "``lambda`` is ``lambda_``; R's dotted argument names have underscores (``type.measure`` is ``type_measure``).",
      "``seed=s`` stands for ``set.seed(s)`` just before the call: the folds are R's "
      "``sample(rep(seq(nfolds), length = N))``.",
      "``n_jobs`` / ``backend`` fit the folds on a pool and ``progress`` shows a bar; neither changes a number."]),
    ("lrm", "rms::lrm and rms::lrm.fit",
     ["cmvt_core.logistic.lrm", "cmvt_core.logistic.lrm_fit"],
     ["lrm.coef", "lrm.vcov", "lrm.stats*", "lrm.stat_names", "lrm.linear_predictors", "lrm.fitted", "lrm.predict.*",
      "lrm_fit.*"],
     ["The model is given as a predictor frame and an outcome (the formula ``y ~ .``), with ``x = TRUE, y = TRUE`` "
      "kept on the fit.",
      "Binary outcomes only (no ordinal lrm). The model is additive in the given columns (categorical ones become "
      "rms's dummies); lrm's ``penalty``, ``weights`` and spline or interaction terms are not ported."]),
    ("nomogram", "rms::nomogram",
     ["cmvt_core.nomogram.nomogram"], ["nomogram.*"],
     ["The datadist is built from the fit's own training data, as the study does.",
      "The drawing is matplotlib's (``cmvt_core.plots``), not R's ``plot.nomogram``: the numbers (points, axes, "
      "total points, risk axis) are rms's."]),
    ("calibrate", "rms::calibrate (and the external calibration of fixed predictions)",
     ["cmvt_core.calibration.calibrate", "cmvt_core.calibration.external_calibration", "cmvt_core.lowess.lowess"],
     ["calibrate.*", "external_calibration.*", "lowess.*", "rng.bootstrap_state", "lrm.fit.*"],
     ["Only ``method = \"boot\"`` is ported.",
      "``n_jobs`` / ``backend`` spread the replicates over a pool (the rows are still drawn in R's order in the "
      "calling process) and ``progress`` shows a bar; neither changes a number or a drawn row."]),
    ("validate", "rms::validate",
     ["cmvt_core.calibration.validate"],
     ["validate.*", "somers2.*", "ginimd", "hmisc.*"],
     ["Only ``method = \"boot\"`` is ported.",
      "``n_jobs`` / ``backend`` and ``progress`` as for calibrate: the same numbers."]),
    ("proc", "pROC::roc, roc.test, ci.auc, coords and var",
     ["cmvt_core.roc.roc", "cmvt_core.roc.roc_test"],
     ["pROC.*"],
     ["``ci_auc``, ``coords`` and ``var`` are methods of the curve (R: functions taking it).",
      "roc.test: the DeLong test (``method = \"delong\"``) only."]),
    ("hoslem", "ResourceSelection::hoslem.test (0.3-6)",
     ["cmvt_core.gof.hoslem_test"], ["hoslem.*"], []),
    ("km", "survival::survfit (Kaplan-Meier) and survival::concordance (survival 3.5-3)",
     ["cmvt_core.kaplan_meier.survfit", "cmvt_core.concordance.concordance"], ["survfit.*", "concordance.*"],
     ["survfit: the table of ``summary(survfit(Surv(time, event) ~ 1), censored = TRUE)`` (log CI, 95%); "
      "no weights, strata, counting-process data or other CI types.",
      "concordance: one predictor, no strata, weights, ``timewt`` or ``ymin``/``ymax``; ``reverse`` defaults to "
      "True here (R: FALSE).",
      "The Kaplan-Meier figure is matplotlib's (``cmvt_core.plots.KaplanMeierDisplay``), in survminer's layout; "
      "its numbers at risk are R's ``summary(fit, times, extend = TRUE)$n.risk``."]),
    ("rmda", "rmda::decision_curve (rmda 1.6)",
     ["cmvt_core.dca.decision_curve", "cmvt_core.dca.cost_benefit_ratio", "cmvt_core.dca.r_fractions"],
     ["dca.*"],
     ["The model is given as an outcome column and predictor columns (the formula ``outcome ~ predictors``).",
      "``convention=\"dcurves\"`` follows the dcurves package's rules instead (an addition).",
      "``n_jobs`` / ``backend`` and ``progress``: the same numbers."]),
    ("glm", "stats::glm (binomial)",
     ["cmvt_core.glm.glm_fit"], ["glm.*"],
     ["The binomial family with the logit link, fitted by R's IRLS ``glm.fit``."]),
    ("htest", "stats::t.test, wilcox.test, chisq.test, fisher.test, shapiro.test (the baseline table)",
     ["cmvt_core.htest.t_test", "cmvt_core.htest.wilcox_test", "cmvt_core.htest.chisq_test",
      "cmvt_core.htest.fisher_test", "cmvt_core.htest.shapiro_test", "cmvt_core.baseline.baseline_table"],
     ["baseline.*", "nmath.*", "rbase.*"],
     ["The forms the baseline table uses: two-sample ``t.test`` and ``wilcox.test``, ``chisq.test`` and "
      "``fisher.test`` of a contingency table (or two factors), one-sample ``shapiro.test``."]),
    ("random", "set.seed, runif, sample and rnorm (R's random numbers)",
     ["cmvt_core.rrandom.RRNG", "cmvt_core.cohort.split_train_validation", "cmvt_core.cohort.draw_split"],
     ["rrandom.*", "cohort.split.*"],
     ["``seed=s`` everywhere means ``set.seed(s)`` just before the call; ``seed=None`` draws fresh entropy."]),
    ("cutoff", "Net benefit and the 2x2 table of a cut-off",
     ["cmvt_core.cutoff.net_benefit", "cmvt_core.cutoff.confusion_metrics", "cmvt_core.cutoff.cutoff_table"],
     ["cutoff.*"], []),
    ("study", "The whole study: ``cmvt analyze`` against its R twin (``parity/r/study_twin.R``)",
     ["cmvt_core.study.pipeline.run_study", "cmvt_core.study.pipeline.analyze"],
     ["study.*"],
     ["The study adds no tolerance of its own: each entry is a per-function size above."]),
]


def public_modules() -> list[str]:
    import cmvt_core

    out = []
    for m in pkgutil.walk_packages(cmvt_core.__path__, "cmvt_core."):
        parts = m.name.split(".")[1:]
        if any(p.startswith("_") for p in parts) or m.name.startswith(SKIP) or m.name in COMMANDS:
            continue
        out.append(m.name)
    return ["cmvt_core", *sorted(out)]


def _home(obj, fallback: str) -> str:
    """The public module that defines ``obj`` (where its entry is written), else ``fallback``."""
    mod = getattr(obj, "__module__", None)
    return mod if mod and mod in _PUBLIC and mod != "cmvt_core" else fallback


_PUBLIC: set[str] = set()


def _title(text: str, ch: str = "=") -> str:
    return f"{text}\n{ch * len(text)}\n"


def _entry(mod: str, name: str, obj) -> str:
    full = f"{mod}.{name}"
    if inspect.isclass(obj):
        return f".. autoclass:: {full}\n   :members:\n"
    if callable(obj):
        return f".. autofunction:: {full}\n"
    return f".. autodata:: {full}\n   :annotation:\n"


def _role(obj) -> str:
    return "class" if inspect.isclass(obj) else "func" if callable(obj) else "data"


def api_pages() -> dict[str, str]:
    import cmvt_core

    mods = public_modules()
    _PUBLIC.clear()
    _PUBLIC.update(mods)
    pages: dict[str, str] = {}
    top = [_title("API reference"),
           "Every name of ``cmvt_core.__all__`` (imported lazily: ``import cmvt_core`` stays light), then one page "
           "per public module with every name of its ``__all__``; a name re-exported by a package is documented "
           "where it is defined.\n",
           ".. list-table::\n   :header-rows: 1\n   :widths: 25 75\n\n   * - ``cmvt_core.<name>``\n     - summary\n"]
    for name in cmvt_core.__all__:
        obj = getattr(cmvt_core, name)
        home = _home(obj, "cmvt_core")
        summary = (inspect.getdoc(obj) or "").split("\n\n")[0].replace("\n", " ") if not isinstance(obj, str) else \
            f"the package version, ``{obj}``"
        ref = f":{_role(obj)}:`{name} <{home}.{name}>`" if home != "cmvt_core" else f"``{name}``"
        top.append(f"   * - {ref}\n     - {summary}\n")
    top.append("\n.. toctree::\n   :maxdepth: 1\n\n" + "".join(f"   {m}\n" for m in mods if m != "cmvt_core"))
    pages["api/index.rst"] = "\n".join(top)
    for m in mods:
        if m == "cmvt_core":
            continue
        mod = importlib.import_module(m)
        body = [_title(f"``{m}``"), f".. automodule:: {m}\n   :no-members:\n"]
        elsewhere = []
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name)
            home = _home(obj, m) if (inspect.isclass(obj) or inspect.isfunction(obj)) else m
            if home == m:
                body.append(_entry(m, name, obj))
            else:
                elsewhere.append(f"* :{_role(obj)}:`{home}.{name}` (documented in :doc:`{home}`)\n")
        if elsewhere:
            body.append(_title("Re-exported here", "-") + "\n" + "".join(elsewhere))
        pages[f"api/{m}.rst"] = "\n".join(body)
    return pages


_R_CALL = re.compile(r"R call:\s*(``.+?``|none\b[^\n]*(?:\n[^\n]+)*)", re.S)


def _r_call(obj) -> str:
    doc = inspect.getdoc(obj) or ""
    m = _R_CALL.search(doc)
    if not m:
        return "(no R call noted)"
    return re.sub(r"\s+", " ", m.group(1)).strip()


def _resolve(path: str):
    mod, _, name = path.rpartition(".")
    return getattr(importlib.import_module(mod), name)


def _fmt_tol(t) -> str:
    parts = []
    if t.abs:
        parts.append(f"abs {t.abs:g}")
    if t.rel:
        parts.append(f"rel {t.rel:g}")
    return ", ".join(parts)


def r_pages() -> dict[str, str]:
    from cmvt_core.parity.tolerances import TOLERANCES

    pages: dict[str, str] = {}
    index = [_title("The R functions reproduced"),
             "One page per R function: the Python functions, the R call each reproduces (from its docstring's "
             "\"R call:\" note), what is identical to R and what agrees within a stated tolerance, with the reason "
             "(both from ``cmvt_core.parity.tolerances``, the one registry the parity tests use), and what differs in "
             "the interface. A comparison passes an element when ``|py - r| <= max(abs, rel * |r|)``. The pages are "
             "generated from the package at each build.\n",
             ".. toctree::\n   :maxdepth: 1\n\n" + "".join(f"   {slug}\n" for slug, *_ in R_PAGES)]
    pages["r/index.rst"] = "\n".join(index)
    for slug, title, funcs, patterns, differs in R_PAGES:
        out = [_title(title)]
        out.append(_title("Python functions and the R call", "-"))
        for path in funcs:
            obj = _resolve(path)
            summary = (inspect.getdoc(obj) or "").split("\n\n")[0].replace("\n", " ")
            out.append(f"* :{_role(obj)}:`{path}`: {summary}\n\n  R call: {_r_call(obj)}\n")
        keys = [k for k in TOLERANCES if any(fnmatch.fnmatchcase(k, p) for p in patterns)]
        same = [k for k in keys if TOLERANCES[k].abs == 0 and TOLERANCES[k].rel == 0]
        near = [k for k in keys if k not in same]
        out.append(_title("Identical to R", "-"))
        if same:
            out.append(".. list-table::\n   :header-rows: 1\n   :widths: 30 70\n\n   * - statistic\n     - why\n")
            out += [f"   * - ``{k}``\n     - {_rst(TOLERANCES[k].reason)}\n" for k in same]
        else:
            out.append("No statistic of this page is held to exact equality; see below.\n")
        out.append(_title("Equal within a tolerance", "-"))
        if near:
            out.append(".. list-table::\n   :header-rows: 1\n   :widths: 25 15 60\n\n"
                       "   * - statistic\n     - tolerance\n     - reason\n")
            out += [f"   * - ``{k}``\n     - {_fmt_tol(TOLERANCES[k])}\n     - {_rst(TOLERANCES[k].reason)}\n" for k in near]
        else:
            out.append("Every statistic of this page is identical to R's.\n")
        out.append(_title("What differs", "-"))
        out.append("".join(f"* {d}\n" for d in differs) if differs else
                   "Nothing in the numbers; the interface is the R function's, with R's dotted names in snake_case.\n")
        pages[f"r/{slug}.rst"] = "\n".join(out)
    return pages


def _rst(text: str) -> str:
    """A reason as safe inline text (backslashes, stars and backquotes would be markup)."""
    return text.replace("\\", "\\\\").replace("*", r"\*").replace("`", r"\`").replace("|", r"\|")


def write_pages(app) -> None:
    for rel, text in {**api_pages(), **r_pages()}.items():
        p = HERE / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists() or p.read_text() != text:
            p.write_text(text)


def _skip_foreign_members(app, what, name, obj, skip, options):
    """Leave out methods a base class from another package defines on ours (scikit-learn's generated
    ``set_*_request`` on the estimators): their docstrings link into scikit-learn's own documentation."""
    if what == "class" and callable(obj) and not (getattr(obj, "__module__", "") or "").startswith("cmvt_core"):
        return True
    return None


def setup(app):
    app.connect("builder-inited", write_pages, priority=400)
    app.connect("autodoc-skip-member", _skip_foreign_members)
    return {"version": "1", "parallel_read_safe": False}
