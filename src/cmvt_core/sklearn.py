"""scikit-learn estimators over :func:`cmvt_core.cv_glmnet` and :func:`cmvt_core.lrm` (issue 17).

``CVGlmnetClassifier`` and ``LrmClassifier`` are binary classifiers with ``fit``, ``predict_proba``,
``decision_function``, ``predict`` and ``score``: they go into a ``Pipeline``, ``cross_val_score``
and ``GridSearchCV``, and pass ``sklearn.utils.estimator_checks.check_estimator``.  The numbers are
those of the R functions they wrap (``predict_proba(X)[:, 1]`` is R's ``predict(cvfit, newx, s,
type = "response")`` / rms's ``predict(fit, newx, type = "fitted")``).

scikit-learn is an optional dependency (``pip install 'cmvt-core[sklearn]'``); it is imported here
only, so ``import cmvt_core`` never loads it.
"""
from __future__ import annotations

import warnings
from typing import Any, Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

try:
    from sklearn.base import BaseEstimator, ClassifierMixin
    from sklearn.utils.multiclass import check_classification_targets, type_of_target
    from sklearn.utils.validation import check_is_fitted
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("cmvt_core.sklearn needs scikit-learn: pip install 'cmvt-core[sklearn]'") from _exc
try:  # scikit-learn >= 1.6
    from sklearn.utils.validation import validate_data as _validate_data
except ImportError:  # pragma: no cover - scikit-learn 1.3-1.5
    _validate_data = None

from . import _validate as V
from ._docs import fill_doc, register
from .errors import InputError, RWarning
from .lasso import CvGlmnetFit, cv_glmnet
from .logistic import LrmFit, _design_terms, _separation_check, lrm, lrm_fit

__all__ = ["CVGlmnetClassifier", "LrmClassifier"]

register(
    # the Parameters section of the predict methods, up to their Returns header
    sk_x_new="""
        Parameters
        ----------
        X : array_like or pandas.DataFrame of shape (n_samples, n_features)
            The predictors, columns as in ``fit``.

        Returns
        -------
    """,
    sk_common_attributes="""
        classes_ : numpy.ndarray of shape (2,)
            The two labels, sorted as scikit-learn sorts them; ``classes_[1]`` is coded 1 (the event).
        coef_ : numpy.ndarray of shape (1, n_features)
            The slopes of the chosen model, on the scale of ``X``.
        intercept_ : numpy.ndarray of shape (1,)
            The intercept.
        n_features_in_ : int
            The number of columns seen by ``fit``.
        feature_names_in_ : numpy.ndarray of shape (n_features,)
            The column names, when ``X`` was a DataFrame with string column names (they name the
            predictors of the wrapped R-style result as well).
    """,
    sk_common_notes="""
        Any two labels are accepted (``y`` is coded 1 for ``classes_[1]``); more than two raise scikit-learn's
        ``ValueError`` "Only binary classification is supported ...", and a single class raises ``ValueError``.
        ``X`` is checked by scikit-learn's ``validate_data`` (NaN, infinite values and sparse matrices are
        refused, as R's functions refuse them).  ``predict`` gives ``classes_[1]`` where the linear predictor
        (``decision_function``) is > 0, as glmnet's ``type = "class"``.
    """,
)


def _validate(est: BaseEstimator, X: Any, y: Any = "no_validation", *, reset: bool, **kw: Any) -> Any:
    """scikit-learn's ``validate_data`` (>= 1.6) or ``BaseEstimator._validate_data`` (1.3-1.5); ``y`` as
    they take it (a None ``y`` in ``fit`` raises their "requires y to be passed")."""
    if _validate_data is not None:
        return _validate_data(est, X, y, reset=reset, **kw)
    return est._validate_data(X, y, reset=reset, **kw)  # pragma: no cover


class _BinaryRClassifier(ClassifierMixin, BaseEstimator):
    """What both estimators share: the label coding, the input checks, the predict methods and the tags.

    A subclass defines ``_fit01(X, y01)`` (fit on a float (n, p) array and a 0/1 vector, set its fitted
    attributes) and ``_link(X)`` / ``_response(X)`` (the linear predictor and the probability of
    ``classes_[1]`` from the wrapped R-style result, on a checked (m, p) array)."""

    _min_features = 1

    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def _more_tags(self) -> dict:  # scikit-learn < 1.6
        return {"binary_only": True}

    def fit(self, X: ArrayLike, y: ArrayLike) -> "_BinaryRClassifier":
        """Fit the model to ``X`` and the two-label outcome ``y``.

        Parameters
        ----------
        X : array_like or pandas.DataFrame of shape (n_samples, n_features)
            The numeric predictors.
        y : array_like of shape (n_samples,)
            The outcome: any two labels.

        Returns
        -------
        self
            The fitted estimator.
        """
        X, y = _validate(self, X, y, reset=True, dtype=np.float64, ensure_min_features=self._min_features)
        check_classification_targets(y)
        y_type = type_of_target(y, input_name="y")
        if y_type not in ("binary",):
            raise ValueError(f"Only binary classification is supported. The type of the target is {y_type}.")
        self.classes_ = np.unique(y)
        if self.classes_.shape[0] < 2:
            raise ValueError("Classifier can't train when only one class is present: y holds only "
                             f"{self.classes_[0]!r} (one class)")
        self._fit01(X, (y == self.classes_[1]).astype(np.float64))
        return self

    def _checked(self, X: ArrayLike) -> np.ndarray:
        check_is_fitted(self)
        return _validate(self, X, reset=False, dtype=np.float64)  # the column count is checked against fit's

    @fill_doc
    def decision_function(self, X: ArrayLike) -> np.ndarray:
        """The linear predictor (log odds of ``classes_[1]``) for each row of ``X``.

        {{sk_x_new}}
        numpy.ndarray of shape (n_samples,)
            R's ``type = "link"`` (glmnet) / ``type = "lp"`` (rms) prediction.
        """
        return np.asarray(self._link(self._checked(X)), dtype=np.float64)

    @fill_doc
    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """The probabilities of ``classes_[0]`` and ``classes_[1]`` for each row of ``X``.

        {{sk_x_new}}
        numpy.ndarray of shape (n_samples, 2)
            Column 1 is R's ``type = "response"`` (glmnet) / ``type = "fitted"`` (rms) prediction;
            column 0 is one minus it.
        """
        p = np.asarray(self._response(self._checked(X)), dtype=np.float64)
        return np.column_stack([1.0 - p, p])

    @fill_doc
    def predict(self, X: ArrayLike) -> np.ndarray:
        """The predicted label: ``classes_[1]`` where ``decision_function(X) > 0``, else ``classes_[0]``.

        {{sk_x_new}}
        numpy.ndarray of shape (n_samples,)
            Labels from ``classes_``.
        """
        eta = self.decision_function(X)  # first: it checks that the estimator is fitted
        return self.classes_[(eta > 0).astype(np.int64)]

    def _names(self, p: int) -> list[str]:
        if hasattr(self, "feature_names_in_"):
            return [str(c) for c in self.feature_names_in_]
        return [f"x{j + 1}" for j in range(p)]


@fill_doc
class CVGlmnetClassifier(_BinaryRClassifier):
    """The cross-validated binomial LASSO of ``glmnet::cv.glmnet`` as a scikit-learn classifier.

    ``fit(X, y)`` runs :func:`cmvt_core.cv_glmnet` on ``X`` and ``y`` (coded 0/1 by ``classes_``) and keeps
    the model at ``s``; ``predict_proba(X)[:, 1]`` equals R's ``predict(cvfit, newx, s, type =
    "response")``.  With ``seed`` given, the folds are R's ``sample(rep(seq(nfolds), length = N))`` after
    ``set.seed(seed)``, so ``lambda_min_`` equals R's ``cv.glmnet`` after ``set.seed(seed)``.

    Parameters
    ----------
    alpha : float, default 1.0
        The elastic-net mixing parameter (1 is the LASSO).
    nfolds : int, default 10
        The number of folds (3..n_samples).
    type_measure : {"deviance", "mse", "class", "auc", "mae"}, default "deviance"
        The cross-validated loss that picks lambda.
    s : {"lambda.min", "lambda.1se"} or float, default "lambda.min"
        The lambda of the kept model: R's ``s`` of ``predict(cvfit, newx, s)`` (``"lambda_min"`` and
        ``"lambda_1se"`` are accepted too).
    seed : int or None, default None
        ``set.seed(seed)`` before the folds are drawn.  None draws nothing: the folds are the
        unshuffled ``rep(seq(nfolds), length = N)`` (row i in fold ``i %% nfolds + 1``), R's
        ``cv.glmnet(x, y, foldid = rep(seq(nfolds), length = N))``, so that a refit on the same data gives
        the same model, as scikit-learn expects (its ``LogisticRegressionCV`` does not shuffle either).
    standardize : bool, default True
        glmnet's ``standardize``.
    nlambda : int, default 100
        glmnet's ``nlambda``.
    lambda_min_ratio : float or None, default None
        glmnet's ``lambda.min.ratio`` (None is glmnet's default: 1e-4 when n > p, else 0.01).
    thresh : float, default 1e-7
        glmnet's ``thresh`` (convergence of coordinate descent).
    maxit : int, default 100000
        glmnet's ``maxit``.
    penalty_factor : array_like or None, default None
        glmnet's ``penalty.factor``, one per column of ``X`` (None is all ones).
    dfmax : int or None, default None
        glmnet's ``dfmax``.
    pmax : int or None, default None
        glmnet's ``pmax``.
    grouped : bool, default True
        cv.glmnet's ``grouped``.
    n_jobs : int or None, default None
        Workers for the fold fits, as :func:`cmvt_core.cv_glmnet` (the numbers do not depend on it).

    Attributes
    ----------
    {{sk_common_attributes}}
    lambda_min_ : float
        R's ``cvfit$lambda.min``.
    lambda_1se_ : float
        R's ``cvfit$lambda.1se``.
    s_ : float
        The lambda of the kept model: ``lambda_min_``, ``lambda_1se_`` or the number ``s``, as ``fit`` found it.
    cv_fit_ : cmvt_core.lasso.CvGlmnetFit
        The :func:`cmvt_core.cv_glmnet` result (R's ``cv.glmnet`` object).

    Notes
    -----
    R call: ``set.seed(seed); cvfit <- glmnet::cv.glmnet(x, y, family = "binomial", alpha = alpha, nfolds =
    nfolds, type.measure = type_measure); predict(cvfit, newx, s = s, type = "response")`` (glmnet 4.1-6).

    Deviation from ``docs/API.md``: the contract's ``**glmnet_args`` are explicit keyword parameters
    (``standardize`` ... ``pmax``, ``grouped``, ``n_jobs``), because scikit-learn's ``get_params`` /
    ``set_params`` / ``clone`` (and so ``GridSearchCV``) work only with named ``__init__`` parameters.
    A user lambda sequence is not offered (R's ``lambda`` would be a parameter named with a trailing
    underscore, which scikit-learn reserves for fitted attributes).

    {{sk_common_notes}}

    Examples
    --------
    >>> from cmvt_core.sklearn import CVGlmnetClassifier
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> d = load_cmvt_cohort().astype(float)
    >>> X, y = d[["age_group", "bmi", "pre_ddimer", "post_nlr"]], d["cmvt"]
    >>> clf = CVGlmnetClassifier(nfolds=5, seed=1).fit(X, y)
    >>> round(clf.lambda_min_, 6), round(clf.lambda_1se_, 6)
    (0.013281, 0.048854)
    >>> clf.coef_.round(4)  # bmi left out at lambda.min
    array([[1.1075, 0.    , 0.2596, 0.1145]])
    >>> clf.predict_proba(X.iloc[:3])[:, 1].round(4)
    array([0.3055, 0.444 , 0.4637])
    """

    _min_features = 2  # R's glmnet: "x should be a matrix with 2 or more columns"

    def __init__(self, *, alpha: float = 1.0, nfolds: int = 10,
                 type_measure: Literal["deviance", "mse", "class", "auc", "mae"] = "deviance",
                 s: str | float = "lambda.min", seed: int | None = None, standardize: bool = True,
                 nlambda: int = 100, lambda_min_ratio: float | None = None, thresh: float = 1e-7,
                 maxit: int = 100000, penalty_factor: ArrayLike | None = None, dfmax: int | None = None,
                 pmax: int | None = None, grouped: bool = True, n_jobs: int | None = None) -> None:
        self.alpha = alpha
        self.nfolds = nfolds
        self.type_measure = type_measure
        self.s = s
        self.seed = seed
        self.standardize = standardize
        self.nlambda = nlambda
        self.lambda_min_ratio = lambda_min_ratio
        self.thresh = thresh
        self.maxit = maxit
        self.penalty_factor = penalty_factor
        self.dfmax = dfmax
        self.pmax = pmax
        self.grouped = grouped
        self.n_jobs = n_jobs

    def _s_value(self, cv: CvGlmnetFit) -> float:
        # "lambda.min" / "lambda.1se" (or "lambda_min" / "lambda_1se") as predict.cv.glmnet reads them, or one lambda
        return cv._s(self.s) if isinstance(self.s, str) else V.number(self.s, "s", low=0.0)

    def _fit01(self, X: np.ndarray, y01: np.ndarray) -> None:
        n = X.shape[0]
        foldid = None
        if self.seed is None:
            nfolds = V.whole(self.nfolds, "nfolds", low=3, low_msg="nfolds must be bigger than 3; nfolds=10 recommended")
            if nfolds > n:
                raise InputError(f"nfolds must be at most the number of observations (N = {n}); got {nfolds}")
            foldid = np.arange(n) % nfolds + 1
        x = pd.DataFrame(X, columns=self._names(X.shape[1])) if hasattr(self, "feature_names_in_") else X
        cv = cv_glmnet(x, y01, nfolds=self.nfolds, foldid=foldid, seed=self.seed, type_measure=self.type_measure,
                       grouped=self.grouped, n_jobs=self.n_jobs, alpha=self.alpha, standardize=self.standardize,
                       nlambda=self.nlambda, lambda_min_ratio=self.lambda_min_ratio, thresh=self.thresh,
                       maxit=self.maxit, penalty_factor=self.penalty_factor, dfmax=self.dfmax, pmax=self.pmax)
        self.s_ = float(self._s_value(cv))
        coef = np.asarray(cv.glmnet_fit.coef(self.s_), dtype=float)  # a Series named as R's rownames
        self.cv_fit_ = cv
        self.lambda_min_ = float(cv.lambda_min)
        self.lambda_1se_ = float(cv.lambda_1se)
        self.intercept_ = np.array([coef[0]])
        self.coef_ = coef[1:].reshape(1, -1)

    def _link(self, X: np.ndarray) -> np.ndarray:
        return self.cv_fit_.glmnet_fit.predict(X, self.s_, type="link")

    def _response(self, X: np.ndarray) -> np.ndarray:
        return self.cv_fit_.glmnet_fit.predict(X, self.s_, type="response")


@fill_doc
class LrmClassifier(_BinaryRClassifier):
    """The binary logistic regression of ``rms::lrm`` as a scikit-learn classifier.

    ``fit(X, y)`` runs :func:`cmvt_core.lrm` on ``X`` (a DataFrame's columns keep their names, an array's
    are x1..xp) and ``y`` (coded 0/1 by ``classes_``); ``predict_proba(X)[:, 1]`` equals rms's
    ``predict(fit, newx, type = "fitted")``.

    Parameters
    ----------
    maxit : int, default 12
        rms's ``maxit``.
    eps : float, default 0.025
        rms's convergence criterion on -2 log L.
    tol : float, default 1e-7
        rms's singularity tolerance.

    Attributes
    ----------
    {{sk_common_attributes}}
    fit_ : cmvt_core.logistic.LrmFit
        The :func:`cmvt_core.lrm` result (R's ``lrm`` object).

    Warns
    -----
    RWarning
        Where rms's ``lrm.fit`` gives up (``fail = TRUE``: complete separation, or no convergence in
        ``maxit`` steps).  :func:`cmvt_core.lrm` raises there; this estimator, like R's ``lrm`` (which warns
        "Unable to fit model using lrm.fit" and returns the fit), keeps the coefficients rms returns with
        ``fail = TRUE`` (its last Newton iterate) and warns, so a perfectly separable training set still
        gives a classifier that separates.  ``fit_.fail`` is then True.

    Notes
    -----
    R call: ``fit <- rms::lrm(y ~ ., data = x, maxit = maxit, eps = eps, tol = tol); predict(fit, newx,
    type = "fitted")`` (rms 6.5-0).  The contract's ``LrmClassifier()`` takes lrm's three settings as
    optional keywords.  A singular design raises ``InputError`` as :func:`cmvt_core.lrm` does.

    {{sk_common_notes}}

    Examples
    --------
    >>> from cmvt_core.datasets import load_cmvt_cohort
    >>> X = load_cmvt_cohort().astype(float)[["age_group", "post_nlr", "cmvt"]]
    >>> from cmvt_core.sklearn import LrmClassifier
    >>> y = X.pop("cmvt")
    >>> clf = LrmClassifier().fit(X, y)
    >>> clf.intercept_.round(4), clf.coef_.round(4)
    (array([-2.1657]), array([[1.3003, 0.1328]]))
    >>> clf.predict_proba(X.iloc[:2]).round(4)
    array([[0.6811, 0.3189],
           [0.4995, 0.5005]])
    >>> round(clf.score(X, y), 3)  # accuracy at the 0.5 cut
    0.712
    """

    def __init__(self, *, maxit: int = 12, eps: float = 0.025, tol: float = 1e-7) -> None:
        self.maxit = maxit
        self.eps = eps
        self.tol = tol

    def _fit01(self, X: np.ndarray, y01: np.ndarray) -> None:
        df = pd.DataFrame(X, columns=self._names(X.shape[1]))
        try:
            fit = lrm(df, y01, maxit=self.maxit, eps=self.eps, tol=self.tol)
        except InputError:
            raw = lrm_fit(X, y01, maxit=self.maxit, eps=self.eps, tol=self.tol)
            if not raw.fail or raw.status == "singular" or not np.isfinite(raw.coef).all():
                raise
            # R's lrm: warning("Unable to fit model using lrm.fit"); return(f) -- f holds lrm.fit's coefficients
            warnings.warn("Unable to fit model using \"lrm.fit\" (rms: fail = TRUE; complete separation or no "
                          "convergence): the coefficients are rms's last Newton iterate, not a maximum "
                          "likelihood estimate", RWarning, stacklevel=3)
            fit = LrmFit(raw, list(df.columns), _design_terms(df), X, y01, df)
            fit.separation = _separation_check(X, y01, list(df.columns))
        self.fit_ = fit
        coef = fit.coef.to_numpy(dtype=np.float64)
        self.intercept_ = coef[:1].copy()
        self.coef_ = coef[1:].reshape(1, -1)

    def _link(self, X: np.ndarray) -> np.ndarray:
        return self.fit_.predict(pd.DataFrame(X, columns=self._names(X.shape[1])), type="lp")

    def _response(self, X: np.ndarray) -> np.ndarray:
        return self.fit_.predict(pd.DataFrame(X, columns=self._names(X.shape[1])), type="fitted")
