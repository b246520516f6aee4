"""LASSO figures, drawn as R's ``plot(fit, xvar="lambda")`` and ``plot(cvfit)`` draw them.

``coef_path_figure(fit)`` -- one line per coefficient against log(lambda), the number of
nonzero coefficients along the top axis.  ``cv_curve_figure(cvfit)`` -- the cross-validated
measure (red points) with cvlo/cvup error bars against log(lambda), dotted vertical lines at
lambda.min and lambda.1se, nonzero counts along the top.  Both return a matplotlib Figure
(no pyplot state); save with ``cmvt_core.plots.save(fig, stem)``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.figure import Figure

from .._docs import fill_doc
from ._figure import WIDE, finish, new_figure

if TYPE_CHECKING:
    from ..lasso import CvGlmnetFit, GlmnetFit

__all__ = ["coef_path_figure", "cv_curve_figure"]


def _top_axis(ax, x, counts, n_ticks=8):
    top = ax.twiny()
    top.set_xlim(ax.get_xlim())
    if len(x):
        idx = np.unique(np.linspace(0, len(x) - 1, min(n_ticks, len(x))).round().astype(int))
        top.set_xticks(x[idx])
        top.set_xticklabels([str(int(c)) for c in np.asarray(counts)[idx]])
    top.tick_params(labelsize=8)
    return top


@fill_doc
def coef_path_figure(fit: GlmnetFit | CvGlmnetFit, *, label: bool = False, title: str | None = None,
                     figsize: tuple[float, float] = WIDE) -> Figure:
    """Draw the LASSO coefficient paths against log(lambda), as R's ``plot(fit, xvar = "lambda")``.

    One line per coefficient, the number of nonzero coefficients along the top axis.  A
    ``CvGlmnetFit``'s ``glmnet_fit`` is drawn, with the lambda.min / lambda.1se positions marked.

    Parameters
    ----------
    fit : GlmnetFit or CvGlmnetFit
        A result of :func:`cmvt_core.glmnet` or :func:`cmvt_core.cv_glmnet`.
    label : bool, default False
        Label each path with its variable name at the right end (R's ``label = TRUE``).
    {{figure_title}}
    {{figsize_wide}}

    {{figure_returns}}

    Notes
    -----
    R call: ``plot(fit, xvar = "lambda", label = label)``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import glmnet
    >>> from cmvt_core.plots.lasso import coef_path_figure
    >>> fig = coef_path_figure(glmnet(d[["age_group", "bmi", "post_nlr"]], d["cmvt"]))
    >>> type(fig).__name__, "lambda" in fig.axes[0].get_xlabel()
    ('Figure', True)
    """
    cv = None
    if hasattr(fit, "glmnet_fit"):
        cv, fit = fit, fit.glmnet_fit
    fig, ax = new_figure(figsize)
    lam = np.asarray(fit.lambda_, dtype=float)
    ok = np.isfinite(lam) & (lam > 0)
    x = np.log(lam[ok])
    beta = np.asarray(fit.beta)[:, ok]
    colors = [f"C{i % 10}" for i in range(beta.shape[0])]
    for j in range(beta.shape[0]):
        if np.any(beta[j] != 0):
            ax.plot(x, beta[j], color=colors[j], lw=1.2)
            if label:
                ax.annotate(fit.names[j], (x[-1], beta[j, -1]), fontsize=7, xytext=(3, 0),
                            textcoords="offset points", va="center")
    ax.axhline(0.0, color="0.6", lw=0.6)
    ax.set_xlabel(r"Log($\lambda$)")
    ax.set_ylabel("Coefficients")
    if len(x):
        ax.set_xlim(x.min() - 0.02 * np.ptp(x), x.max() + 0.02 * np.ptp(x))
    if cv is not None:
        for s, ls in ((cv.lambda_min, ":"), (cv.lambda_1se, "--")):
            ax.axvline(np.log(s), color="0.3", ls=ls, lw=0.9)
    _top_axis(ax, x, np.asarray(fit.df)[ok])
    return finish(fig, ax, title, pad=22)


@fill_doc
def cv_curve_figure(cvfit: CvGlmnetFit, *, title: str | None = None,
                    figsize: tuple[float, float] = WIDE) -> Figure:
    """Draw the cross-validation curve, as R's ``plot(cvfit)``.

    cvm (red points) with cvlo/cvup bars against log(lambda), lambda.min and lambda.1se marked by
    dotted lines, nzero on the top axis.

    Parameters
    ----------
    cvfit : CvGlmnetFit
        A result of :func:`cmvt_core.cv_glmnet`.
    {{figure_title}}
    {{figsize_wide}}

    {{figure_returns}}

    Notes
    -----
    R call: ``plot(cvfit)``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import cv_glmnet
    >>> from cmvt_core.plots.lasso import cv_curve_figure
    >>> cv = cv_glmnet(d[["age_group", "bmi", "post_nlr"]], d["cmvt"], nfolds=5, seed=1)
    >>> fig = cv_curve_figure(cv)
    >>> type(fig).__name__, fig.axes[0].get_ylabel()
    ('Figure', 'Binomial Deviance')
    """
    fig, ax = new_figure(figsize)
    lam = np.asarray(cvfit.lambda_, dtype=float)
    x = np.log(lam)
    cvm = np.asarray(cvfit.cvm)
    ax.errorbar(x, cvm, yerr=[cvm - np.asarray(cvfit.cvlo), np.asarray(cvfit.cvup) - cvm], fmt="none",
                ecolor="darkgrey", elinewidth=0.8, capsize=1.5)
    ax.plot(x, cvm, "o", color="red", ms=3.5)
    ax.axvline(np.log(cvfit.lambda_min), color="0.2", ls=":", lw=1.0,
               label=rf"lambda.min = {cvfit.lambda_min:.4g}")
    ax.axvline(np.log(cvfit.lambda_1se), color="0.2", ls=":", lw=1.0)
    ax.annotate("min", (np.log(cvfit.lambda_min), 1.0), xycoords=("data", "axes fraction"), fontsize=7,
                xytext=(2, -10), textcoords="offset points")
    ax.annotate("1se", (np.log(cvfit.lambda_1se), 1.0), xycoords=("data", "axes fraction"), fontsize=7,
                xytext=(2, -10), textcoords="offset points")
    ax.set_xlabel(r"Log($\lambda$)")
    ax.set_ylabel(cvfit.name)
    if len(x):
        pad = 0.02 * np.ptp(x) if np.ptp(x) > 0 else 0.1
        ax.set_xlim(x.min() - pad, x.max() + pad)
    _top_axis(ax, x, cvfit.nzero)
    return finish(fig, ax, title, pad=22)
