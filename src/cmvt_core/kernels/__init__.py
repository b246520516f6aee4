"""The kernel layer: one implementation of each R routine the package ports, named after it.

Public modules (``logistic``, ``glm``, ``calibration``, ``dca``, ...) keep only their own
statistics and call these for the ported numerics; every bootstrap calls the same kernel as the
public function it repeats.

``linpack``
    LINPACK ``dqrdc2`` / ``dqrsl`` (R's ``qr()`` and ``Cdqrls``), reference BLAS ``ddot`` /
    ``dnrm2``, reference LAPACK ``dpotri`` as R's ``chol2inv``, Hmisc's ``solvet``.
``lrm_fit``
    rms ``lrm.fit`` (the Fortran ``lrmfit``, binary y): ``llogit``, the Newton loop ``newton``
    with case weights (all ones for the plain fit, bootstrap counts for the refits) and R-order
    or fixed-order SIMD sums, ``ainvb`` by LINPACK, ``gcorr``'s rank statistics from ``ftable``,
    Hmisc ``matxv``, and the gather helpers that lay a (re)sample out for it.
``glm_fit``
    R's ``glm.fit`` for ``binomial(link = "logit")``: the IRLS with R's deviance sum (``sum()``
    in long double, emulated exactly), used by ``glm.glm_fit`` and the decision-curve bootstrap.
``lowess``
    R's ``clowess`` (``stats::lowess``'s C code), with the bootstrap's fused iter = 0 local fit as
    a flag, and ``argsort_stable`` (R's ``order()`` of doubles).
``rbase``
    base R's arithmetic: ``sum`` (sequential long double, as R's ``rsum``), ``colSums``,
  ``mean``, ``var`` (cov.c), ``rank``, ``median``, ``quantile`` (types 1 and 7), ``seq``, ``approx``,
  ``pretty``;
``lanes``         — fixed-order SIMD sums for the bootstrap kernels (the same bytes on any CPU);
``hmisc``         — Hmisc's ``GiniMd`` and ``somers2`` (and their numba twins for the bootstraps);
``distributions`` — R's nmath: ``pnorm`` (Cody), ``qnorm`` (AS 241), ``pwilcox``/``cwilcox``,
  ``dhyper`` (``stirlerr``, ``bd0``, ``dbinom_raw``), ``R_zeroin2``/``uniroot``, ``pt``/``qt`` (from
  ``nmath_t``), ``pchisq`` (from ``nmath_gamma``);
``nmath_gamma``   — R's ``gamma``, ``lgamma``, ``lbeta``, ``pgamma``/``pchisq`` (pure Python, line by line);
``nmath_t``       — R's ``dt.c``, ``pt.c``, ``qt.c`` (every branch, log.p); ``toms708`` — R's ``toms708.c``
  ``bratio`` and ``pbeta.c``;
``swilk``         — R's ``swilk.c`` (Shapiro-Wilk);
``fexact``        — R's ``fexact.c`` (FEXACT network algorithm for Fisher's exact test on r x c tables).
``coxnet``
    glmnet 4.1-6's Fortran ``coxnet`` (the Cox LASSO path: ``psort7``, Breslow risk sets, coordinate descent)
    and ``loglike`` (the partial likelihood of ``coxnet.deviance``), used by ``lasso_cox``.
``plogis``
    nmath's ``plogis`` (compiled; kept apart from ``distributions``, which ``import cmvt_core`` loads).
"""
