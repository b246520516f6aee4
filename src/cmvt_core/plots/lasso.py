"""LASSO figures, drawn as R's ``plot(fit, xvar="lambda")`` and ``plot(cvfit)`` draw them, into any matplotlib
axes (scikit-learn's display pattern).

:class:`LassoPathDisplay` -- one line per coefficient against log(lambda), the number of nonzero
coefficients along the top axis.  :class:`LassoCVDisplay` -- the cross-validated measure (red points) with
cvlo/cvup error bars against log(lambda), dotted vertical lines at lambda.min and lambda.1se, nonzero counts
along the top.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._docs import fill_doc
from ._figure import WIDE, Display

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ..lasso import CvGlmnetFit, GlmnetFit

__all__ = ["LassoPathDisplay", "LassoCVDisplay"]


def _top_axis(ax, x, counts, n_ticks=8):
    top = ax.twiny()
    top.set_xlim(ax.get_xlim())
    if len(x):
        idx = np.unique(np.linspace(0, len(x) - 1, min(n_ticks, len(x))).round().astype(int))
        top.set_xticks(x[idx])
        top.set_xticklabels([str(int(c)) for c in np.asarray(counts)[idx]])
    top.tick_params(labelsize=8)
    return top


def _log_lambda_limits(ax, x: np.ndarray) -> None:
    """x limits 2 % beyond the log(lambda) range (0.1 for a single lambda)."""
    if len(x):
        pad = 0.02 * np.ptp(x) if np.ptp(x) > 0 else 0.1
        ax.set_xlim(x.min() - pad, x.max() + pad)


@fill_doc
class LassoPathDisplay(Display):
    """LASSO coefficient paths against log(lambda), as R's ``plot(fit, xvar = "lambda")``, into any axes.

    One line per coefficient that is ever nonzero, the number of nonzero coefficients along a top axis
    (``ax_.twiny()``).  A ``CvGlmnetFit``'s ``glmnet_fit`` is drawn, with the lambda.min (dotted) and
    lambda.1se (dashed) positions marked.  scikit-learn's display pattern: :meth:`from_glmnet`, or
    construct it and call :meth:`plot`.

    Parameters
    ----------
    fit : GlmnetFit or CvGlmnetFit
        A result of :func:`cmvt_core.glmnet` or :func:`cmvt_core.cv_glmnet`.

    Attributes
    ----------
    fit : GlmnetFit
        The path drawn.
    cv : CvGlmnetFit or None
        The cross-validation whose lambdas are marked.
    {{display_attributes}}
    lines_ : dict of str to matplotlib.lines.Line2D
        One path per variable name (the coefficients that are ever nonzero).
    lambda_lines_ : dict of str to matplotlib.lines.Line2D
        "lambda.min" and "lambda.1se" (empty without a CvGlmnetFit).
    top_ax_ : matplotlib.axes.Axes
        The top axis with the nonzero counts.

    Notes
    -----
    R call: ``plot(fit, xvar = "lambda", label = label)``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import cv_glmnet
    >>> cv = cv_glmnet(d[["age_group", "bmi", "post_nlr"]], d["cmvt"], nfolds=5, seed=1)
    >>> fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    >>> path = plots.LassoPathDisplay.from_glmnet(cv, ax=left)
    >>> curve = plots.LassoCVDisplay.from_cv_glmnet(cv, ax=right)
    >>> path.figure_ is curve.figure_ is fig, sorted(path.lines_), sorted(path.lambda_lines_)
    (True, ['age_group', 'bmi', 'post_nlr'], ['lambda.1se', 'lambda.min'])
    >>> plt.close(fig)
    """

    def __init__(self, fit: GlmnetFit | CvGlmnetFit) -> None:
        self.cv = fit if hasattr(fit, "glmnet_fit") else None
        self.fit = fit.glmnet_fit if self.cv is not None else fit

    @fill_doc
    def plot(self, ax: Axes | None = None, *, label: bool = False, title: str | None = None,
             figsize: tuple[float, float] = WIDE, **kwargs: Any) -> LassoPathDisplay:
        """Draw the paths into ``ax`` (a new pyplot figure when None).

        Parameters
        ----------
        {{display_ax}}
        label : bool, default False
            Label each path with its variable name at the right end (R's ``label = TRUE``).
        {{title_figsize}}
        {{line_kwargs}}

        {{display_returns}}
        R call: ``plot(fit, xvar = "lambda", label = label)``

        {{figure_example}}
        >>> from cmvt_core import glmnet
        >>> disp = plots.LassoPathDisplay(glmnet(d[["age_group", "bmi", "post_nlr"]], d["cmvt"])).plot(label=True)
        >>> disp.ax_.get_ylabel(), sorted(t.get_text() for t in disp.ax_.texts)
        ('Coefficients', ['age_group', 'bmi', 'post_nlr'])
        >>> plt.close(disp.figure_)
        """
        fit = self.fit
        ax = self._axes(ax, figsize)
        lam = np.asarray(fit.lambda_, dtype=float)
        ok = np.isfinite(lam) & (lam > 0)
        x = np.log(lam[ok])
        beta = np.asarray(fit.beta)[:, ok]
        self.lines_ = {}
        for j in range(beta.shape[0]):
            if np.any(beta[j] != 0):
                style = {"color": f"C{j % 10}", "lw": 1.2, "label": fit.names[j], **kwargs}
                self.lines_[fit.names[j]] = ax.plot(x, beta[j], **style)[0]
                if label:
                    ax.annotate(fit.names[j], (x[-1], beta[j, -1]), fontsize=7, xytext=(3, 0),
                                textcoords="offset points", va="center")
        ax.axhline(0.0, color="0.6", lw=0.6)
        ax.set_xlabel(r"Log($\lambda$)")
        ax.set_ylabel("Coefficients")
        if len(x):
            ax.set_xlim(x.min() - 0.02 * np.ptp(x), x.max() + 0.02 * np.ptp(x))
        self.lambda_lines_ = {}
        if self.cv is not None:
            for name, s, ls in (("lambda.min", self.cv.lambda_min, ":"), ("lambda.1se", self.cv.lambda_1se, "--")):
                self.lambda_lines_[name] = ax.axvline(np.log(s), color="0.3", ls=ls, lw=0.9)
        self.top_ax_ = _top_axis(ax, x, np.asarray(fit.df)[ok])
        return self._finish(title, pad=22)

    @classmethod
    @fill_doc
    def from_glmnet(cls, fit: GlmnetFit | CvGlmnetFit, ax: Axes | None = None, **kwargs: Any) -> LassoPathDisplay:
        """Draw the coefficient paths of a :func:`cmvt_core.glmnet` (or ``cv_glmnet``) fit.

        Parameters
        ----------
        fit : GlmnetFit or CvGlmnetFit
            The fit; a CvGlmnetFit's path is drawn with its lambda.min and lambda.1se marked.
        {{display_ax}}
        {{display_kwargs}}

        {{display_returns}}
        R call: ``plot(fit, xvar = "lambda")``

        {{figure_example}}
        >>> from cmvt_core import glmnet
        >>> disp = plots.LassoPathDisplay.from_glmnet(glmnet(d[["age_group", "bmi", "post_nlr"]], d["cmvt"]))
        >>> "lambda" in disp.ax_.get_xlabel(), disp.lambda_lines_
        (True, {})
        >>> plt.close(disp.figure_)
        """
        return cls(fit).plot(ax, **kwargs)


@fill_doc
class LassoCVDisplay(Display):
    """The cross-validation curve of ``cv_glmnet``, as R's ``plot(cvfit)``, into any axes.

    cvm (red points) with cvlo/cvup bars against log(lambda), lambda.min and lambda.1se marked by
    dotted lines, nzero on a top axis.  scikit-learn's display pattern: :meth:`from_cv_glmnet`, or
    construct it and call :meth:`plot`.

    Parameters
    ----------
    cvfit : CvGlmnetFit
        A result of :func:`cmvt_core.cv_glmnet`.

    Attributes
    ----------
    cvfit : CvGlmnetFit
        The cross-validation drawn.
    {{display_attributes}}
    line_ : matplotlib.lines.Line2D
        The cvm points.
    errorbar_ : matplotlib.container.ErrorbarContainer
        The cvlo/cvup bars.
    lambda_lines_ : dict of str to matplotlib.lines.Line2D
        "lambda.min" and "lambda.1se".
    top_ax_ : matplotlib.axes.Axes
        The top axis with the nonzero counts.

    Notes
    -----
    R call: ``plot(cvfit)``
    {{figure_drawn}}

    {{figure_example}}
    >>> from cmvt_core import cv_glmnet
    >>> cv = cv_glmnet(d[["age_group", "bmi", "post_nlr"]], d["cmvt"], nfolds=5, seed=1)
    >>> disp = plots.LassoCVDisplay(cv).plot()
    >>> disp.ax_.get_ylabel(), len(disp.line_.get_xdata()) == len(cv.lambda_)
    ('Binomial Deviance', True)
    >>> plt.close(disp.figure_)
    """

    def __init__(self, cvfit: CvGlmnetFit) -> None:
        self.cvfit = cvfit

    @fill_doc
    def plot(self, ax: Axes | None = None, *, title: str | None = None, figsize: tuple[float, float] = WIDE,
             **kwargs: Any) -> LassoCVDisplay:
        """Draw the cross-validation curve into ``ax`` (a new pyplot figure when None).

        Parameters
        ----------
        {{display_ax}}
        {{title_figsize}}
        **kwargs
            matplotlib ``Line2D`` properties of the cvm points (e.g. ``color``, ``ms``), over the defaults.

        {{display_returns}}
        R call: ``plot(cvfit)``

        {{figure_example}}
        >>> from cmvt_core import cv_glmnet
        >>> cv = cv_glmnet(d[["age_group", "bmi", "post_nlr"]], d["cmvt"], nfolds=5, seed=1)
        >>> disp = plots.LassoCVDisplay(cv).plot(color="black", title="10-fold CV")
        >>> disp.line_.get_color(), disp.ax_.get_title()
        ('black', '10-fold CV')
        >>> plt.close(disp.figure_)
        """
        cvfit = self.cvfit
        ax = self._axes(ax, figsize)
        x = np.log(np.asarray(cvfit.lambda_, dtype=float))
        cvm = np.asarray(cvfit.cvm)
        self.errorbar_ = ax.errorbar(x, cvm, yerr=[cvm - np.asarray(cvfit.cvlo), np.asarray(cvfit.cvup) - cvm],
                                     fmt="none", ecolor="darkgrey", elinewidth=0.8, capsize=1.5)
        self.line_ = ax.plot(x, cvm, **{"marker": "o", "linestyle": "none", "color": "red", "ms": 3.5,
                                        **kwargs})[0]
        self.lambda_lines_ = {
            "lambda.min": ax.axvline(np.log(cvfit.lambda_min), color="0.2", ls=":", lw=1.0,
                                     label=rf"lambda.min = {cvfit.lambda_min:.4g}"),
            "lambda.1se": ax.axvline(np.log(cvfit.lambda_1se), color="0.2", ls=":", lw=1.0)}
        for name, s in (("min", cvfit.lambda_min), ("1se", cvfit.lambda_1se)):
            ax.annotate(name, (np.log(s), 1.0), xycoords=("data", "axes fraction"), fontsize=7,
                        xytext=(2, -10), textcoords="offset points")
        ax.set_xlabel(r"Log($\lambda$)")
        ax.set_ylabel(cvfit.name)
        _log_lambda_limits(ax, x)
        self.top_ax_ = _top_axis(ax, x, cvfit.nzero)
        return self._finish(title, pad=22)

    @classmethod
    @fill_doc
    def from_cv_glmnet(cls, cvfit: CvGlmnetFit, ax: Axes | None = None, **kwargs: Any) -> LassoCVDisplay:
        """Draw the cross-validation curve of a :func:`cmvt_core.cv_glmnet` result.

        Parameters
        ----------
        cvfit : CvGlmnetFit
            The cross-validation.
        {{display_ax}}
        {{display_kwargs}}

        {{display_returns}}
        R call: ``plot(cvfit)``

        {{figure_example}}
        >>> from cmvt_core import cv_glmnet
        >>> cv = cv_glmnet(d[["age_group", "bmi", "post_nlr"]], d["cmvt"], nfolds=5, seed=1)
        >>> disp = plots.LassoCVDisplay.from_cv_glmnet(cv)
        >>> sorted(disp.lambda_lines_), disp.top_ax_ is not disp.ax_
        (['lambda.1se', 'lambda.min'], True)
        >>> plt.close(disp.figure_)
        """
        return cls(cvfit).plot(ax, **kwargs)
