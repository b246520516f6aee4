"""The kernel layer: one implementation of each R routine the package ports, named after that routine and
called by every public function and every bootstrap that needs it (issue 16).  The public modules (one per
R concept) keep only their own statistics.

Modules of this part (issue 16, part B):

* ``rbase``         — base R's arithmetic: ``sum`` (sequential long double, as R's ``rsum``), ``colSums``,
  ``mean``, ``var`` (cov.c), ``rank``, ``median``, ``quantile`` (types 1 and 7), ``seq``, ``approx``,
  ``pretty``;
* ``lanes``         — fixed-order SIMD sums for the bootstrap kernels (the same bytes on any CPU);
* ``hmisc``         — Hmisc's ``GiniMd`` and ``somers2`` (and their numba twins for the bootstraps);
* ``distributions`` — R's nmath: ``pnorm`` (Cody), ``qnorm`` (AS 241), ``pwilcox``/``cwilcox``,
  ``dhyper`` (``stirlerr``, ``bd0``, ``dbinom_raw``), ``R_zeroin2``/``uniroot``; ``pt``, ``qt``, ``pchisq``
  as documented scipy wrappers;
* ``swilk``         — R's ``swilk.c`` (Shapiro-Wilk);
* ``fexact``        — R's ``fexact.c`` (FEXACT network algorithm for Fisher's exact test on r x c tables).
"""
