"""Bootstrap replicates across cores, processes or a Dask cluster, with results that do not depend on it.

The rule that keeps every result byte-identical whatever ``n_jobs`` and ``backend`` are:

1. **Draw first, in R's order.**  The caller draws every replicate's rows from one R stream
   (:class:`cmvt_core.rrandom.RRNG`) in the main process, replicate 1 first, exactly as R's loop
   does.  Workers never touch the random stream.
2. **Split into chunks of consecutive replicates** and evaluate each chunk with the same
   deterministic code (a replicate's result depends on its rows only).
3. **Combine in replicate order.**  Chunk results are concatenated in chunk order, so the array of
   replicate results is the same array a single loop would fill.

``map_chunks`` and ``Executor`` are the shared machinery used by ``calibrate``, ``validate`` and
``decision_curve``.  Backends:

* ``"threads"``: a thread pool in this process (useful where the work releases the GIL: numba
  kernels compiled with ``nogil=True``, large numpy operations);
* ``"processes"``: joblib's loky process pool (reused between calls; large arrays are pickled once
  per task);
* ``"dask"``: the current ``dask.distributed`` client (``distributed.Client(...)`` or
  ``distributed.get_client()`` in the caller), i.e. a local or remote cluster.  The shared inputs
  are scattered to the workers once (``broadcast=True``); each chunk is one task.

Nothing here imports joblib, dask or numba at module import time: they are imported when a pool is
first used, so ``import cmvt_core`` stays light.
"""
from __future__ import annotations

import os
from collections import deque
from typing import Any, Callable, Iterable, Literal, Sequence

from ._docs import fill_doc, register
from .errors import InputError

__all__ = ["BACKENDS", "DEFAULT_N_JOBS", "DEFAULT_BACKEND", "check_parallel", "resolve_jobs", "effective_n_jobs",
           "chunk_bounds", "Executor", "map_chunks", "ordered_results"]

BACKENDS = ("threads", "processes", "dask")
# The one parallel setting of every function that spreads work (cv_glmnet's folds, the bootstraps of
# calibrate, validate and decision_curve): these defaults, resolved by ``resolve_jobs``.
DEFAULT_N_JOBS = None
DEFAULT_BACKEND = "threads"
# with n_jobs=None (the default), work below this many units (drawn rows B x n for a bootstrap,
# N x nfolds for cv_glmnet) runs in the calling thread; above it, on all cores (thread backend)
AUTO_PARALLEL_WORK = 200_000
_LOKY_SIZE = 0
_Backend = Literal["threads", "processes", "dask"]

register(
    # the parallel setting of calibrate, validate, decision_curve and cv_glmnet, described once
    n_jobs="""
        n_jobs : int or None, default None
            Workers (:func:`cmvt_core.parallel.resolve_jobs`): None runs serially while the work (rows
            drawn, replicates x n, for a bootstrap; N x nfolds for cv_glmnet) is below 200 000 and on
            all cores from there; -1 all cores; k >= 1 that many.
    """,
    backend="""
        backend : {"threads", "processes", "dask"}, default "threads"
            Where the workers run (the result is byte-identical whatever ``n_jobs`` and ``backend`` are).
    """,
    scheduling_notes="""
        Notes
        -----
        R call: none (scheduling only: R's ``calibrate``, ``validate`` and ``decision_curve`` loop
        serially; the results do not depend on it)
    """,
    fn_shared="""
        fn : callable
            ``fn(*shared, payload)``; picklable for the process and Dask backends.
        shared : sequence
            Arguments common to every call (sent once where the backend allows).
    """,
    in_flight="""
        max_in_flight : int or None, default None
            Most pending calls at once (default 2 x workers).
        on_result : callable or None, default None
            Called with each result, in payload order.
    """,
)


@fill_doc
def check_parallel(n_jobs: int | None, backend: _Backend) -> tuple[int | None, str]:
    """Validate ``n_jobs`` and ``backend`` (``cmvt_core._validate.parallel``).

    Parameters
    ----------
    n_jobs : int or None
        None, -1 or a whole number >= 1 (at most 4096); -k means all cores but k - 1, as joblib.
    backend : {"threads", "processes", "dask"}
        One of ``BACKENDS``.

    Returns
    -------
    tuple of (int or None, str)
        ``(n_jobs, backend)``, ``n_jobs`` as a Python int.

    Raises
    ------
    InputError
        A bad ``n_jobs`` (0, a bool, text, too large) or an unknown ``backend``.

    {{scheduling_notes}}

    Examples
    --------
    >>> from cmvt_core.parallel import check_parallel
    >>> check_parallel(None, "threads")
    (None, 'threads')
    >>> check_parallel(-1, "processes")
    (-1, 'processes')
    >>> check_parallel(0, "threads")
    Traceback (most recent call last):
    ...
    cmvt_core.errors.InputError: n_jobs must be None, -1 or a whole number >= 1, not 0
    """
    from ._validate import parallel

    return parallel(n_jobs, backend)


@fill_doc
def resolve_jobs(n_jobs: int | None, backend: _Backend, work: int) -> tuple[int | None, str]:
    """The workers a call uses.

    ``n_jobs`` and ``backend`` checked (``check_parallel``), and the default ``n_jobs=None`` with the
    thread backend made ``-1`` (all cores) once ``work`` (the call's units of work, e.g. B x n drawn
    rows) reaches ``AUTO_PARALLEL_WORK``; below it the call runs serially.  Results never depend on it:
    the callers draw every random number first, in R's order.

    Parameters
    ----------
    n_jobs : int or None
        None, -1 or a whole number >= 1.
    backend : {"threads", "processes", "dask"}
        One of ``BACKENDS``.
    work : int
        The call's units of work (e.g. B x n drawn rows).

    Returns
    -------
    tuple of (int or None, str)
        ``(n_jobs, backend)``.

    {{scheduling_notes}}

    Examples
    --------
    >>> from cmvt_core.parallel import resolve_jobs
    >>> resolve_jobs(None, "threads", 1000)
    (None, 'threads')
    >>> resolve_jobs(None, "threads", 10**6)
    (-1, 'threads')
    >>> resolve_jobs(2, "threads", 10**6)
    (2, 'threads')
    """
    n_jobs, backend = check_parallel(n_jobs, backend)
    if n_jobs is None and backend == "threads" and work >= AUTO_PARALLEL_WORK:
        n_jobs = -1
    return n_jobs, backend


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@fill_doc
def effective_n_jobs(n_jobs: int | None, backend: _Backend = "threads") -> int:
    """The number of workers ``n_jobs`` stands for.

    None -> 1; -1 -> all cores (for ``"dask"``: all worker threads of the current client's cluster);
    -k -> all but k - 1; k -> k.

    Parameters
    ----------
    n_jobs : int or None
        A checked ``n_jobs`` (``check_parallel``).
    backend : {"threads", "processes", "dask"}, default "threads"
        Where the workers run.

    Returns
    -------
    int
        At least 1.

    {{scheduling_notes}}

    Examples
    --------
    >>> import os
    >>> from cmvt_core.parallel import effective_n_jobs
    >>> effective_n_jobs(None), effective_n_jobs(3)
    (1, 3)
    >>> effective_n_jobs(-1) == len(os.sched_getaffinity(0))
    True
    """
    if n_jobs is None:
        return 1
    if n_jobs > 0:
        return n_jobs
    total = _dask_threads() if backend == "dask" else _cpu_count()
    return max(1, total + 1 + n_jobs)


@fill_doc
def chunk_bounds(B: int, n_chunks: int) -> list[tuple[int, int]]:
    """Split replicates 0..B-1 into ``n_chunks`` runs of consecutive replicates, as even as possible.

    The first ``B % n_chunks`` runs are one longer.  Empty runs are dropped.

    Parameters
    ----------
    B : int
        Number of replicates.
    n_chunks : int
        Number of runs wanted (at most ``B`` are made).

    Returns
    -------
    list of tuple of (int, int)
        ``(lo, hi)`` half-open bounds, consecutive, covering 0..B-1.

    {{scheduling_notes}}

    Examples
    --------
    >>> from cmvt_core.parallel import chunk_bounds
    >>> chunk_bounds(10, 3)
    [(0, 4), (4, 7), (7, 10)]
    >>> chunk_bounds(2, 5)
    [(0, 1), (1, 2)]
    """
    n_chunks = max(1, min(int(n_chunks), int(B)))
    base, extra = divmod(int(B), n_chunks)
    out, lo = [], 0
    for k in range(n_chunks):
        hi = lo + base + (1 if k < extra else 0)
        if hi > lo:
            out.append((lo, hi))
        lo = hi
    return out


# ---------------------------------------------------------------------------------------------
# executors: one interface (submit -> future with .result()) over the three backends
# ---------------------------------------------------------------------------------------------
class _Immediate:
    """A finished future (the serial path: no pool at all)."""

    def __init__(self, value):
        self._value = value

    def result(self):
        return self._value


def _dask_client():
    try:
        from distributed import get_client
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError("backend='dask' needs the 'dask' extra: pip install 'cmvt-core[dask]'") from None
    try:
        return get_client()
    except ValueError:
        raise InputError("backend='dask' needs a running dask.distributed client: create one first, e.g. "
                         "`from distributed import Client; client = Client(scheduler_address)` "
                         "(or Client(LocalCluster()) on one machine)") from None


def _dask_threads() -> int:
    client = _dask_client()
    info = client.scheduler_info()
    return max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))


class Executor:
    """A pool for ``backend`` with ``n`` workers: ``submit(fn, *args)`` returns a future.

    ``shared`` values passed to :meth:`share` are sent to the workers once where the backend
    allows it (Dask: scattered with ``broadcast=True``); elsewhere they are passed as they are.
    With one worker and a local backend, work runs immediately in the calling thread.

    Parameters
    ----------
    n_jobs : int or None
        Workers (``effective_n_jobs``).
    backend : {"threads", "processes", "dask"}
        Where the workers run.

    Attributes
    ----------
    backend : str
        The backend.
    n : int
        The number of workers.
    """

    def __init__(self, n_jobs: int | None, backend: str):
        n_jobs, backend = check_parallel(n_jobs, backend)
        self.backend = backend
        self.n = effective_n_jobs(n_jobs, backend)
        self._pool = None
        self._own = False
        if backend == "dask":
            self._pool = _dask_client()
        elif self.n > 1 and backend == "threads":
            from concurrent.futures import ThreadPoolExecutor
            self._pool = ThreadPoolExecutor(max_workers=self.n, thread_name_prefix="cmvt-boot")
            self._own = True
        elif self.n > 1 and backend == "processes":
            global _LOKY_SIZE
            from joblib.externals.loky import get_reusable_executor
            # one pool size for the whole session (a different size would restart the workers);
            # n_jobs then sets the number of chunks in flight
            _LOKY_SIZE = max(_LOKY_SIZE, self.n, _cpu_count())
            self._pool = get_reusable_executor(max_workers=_LOKY_SIZE)

    @property
    def serial(self) -> bool:
        return self._pool is None

    def share(self, values: Sequence[Any]) -> tuple:
        if self.backend == "dask" and self._pool is not None:
            return tuple(self._pool.scatter(v, broadcast=True, hash=False) for v in values)
        return tuple(values)

    def submit(self, fn: Callable, *args):
        if self._pool is None:
            return _Immediate(fn(*args))
        if self.backend == "dask":
            return self._pool.submit(fn, *args, pure=False)
        return self._pool.submit(fn, *args)

    def close(self):
        if self._own and self._pool is not None:
            self._pool.shutdown(wait=True)
        self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@fill_doc
def ordered_results(executor: Executor, fn: Callable, shared: Sequence[Any], payloads: Iterable[Any],
                    max_in_flight: int | None = None, on_result: Callable[[Any], None] | None = None) -> list:
    """``[fn(*shared, p) for p in payloads]``, evaluated on ``executor``, in payload order.

    ``payloads`` is consumed lazily in the calling thread (this is where a caller draws the next
    chunk's bootstrap rows from R's stream) while earlier chunks are being evaluated; at most
    ``max_in_flight`` chunks (default 2 x workers) are pending at once, which bounds memory.
    ``on_result(r)`` is called in the calling thread for each result, in payload order (progress).

    Parameters
    ----------
    executor : Executor
        The pool.
    {{fn_shared}}
    payloads : iterable
        One payload per call, consumed lazily.
    {{in_flight}}

    Returns
    -------
    list
        The results, in payload order.

    {{scheduling_notes}}

    Examples
    --------
    >>> from cmvt_core.parallel import Executor, ordered_results
    >>> with Executor(2, "threads") as ex:
    ...     ordered_results(ex, lambda a, p: a * p, [10], range(5))
    [0, 10, 20, 30, 40]
    """
    shared = executor.share(shared)
    limit = max_in_flight or 2 * executor.n
    pending: deque = deque()
    out: list = []

    def take():
        r = pending.popleft().result()
        out.append(r)
        if on_result is not None:
            on_result(r)

    for p in payloads:
        pending.append(executor.submit(fn, *shared, p))
        while len(pending) >= limit:
            take()
    while pending:
        take()
    return out


@fill_doc
def map_chunks(fn: Callable, shared: Sequence[Any], payloads: Iterable[Any], *, n_jobs: int | None = None,
               backend: _Backend = "threads", max_in_flight: int | None = None,
               on_result: Callable[[Any], None] | None = None) -> list:
    """``ordered_results`` with a pool made (and closed) for this call.

    Parameters
    ----------
    {{fn_shared}}
    payloads : iterable
        One payload per call (e.g. ``chunk_bounds``' runs with their drawn rows).
    n_jobs : int or None, default None
        Workers (``effective_n_jobs``); None: one, in the calling thread.
    backend : {"threads", "processes", "dask"}, default "threads"
        Where the workers run.
    {{in_flight}}

    Returns
    -------
    list
        The results, in payload order, whatever ``n_jobs`` and ``backend`` are.

    {{scheduling_notes}}

    Examples
    --------
    >>> from cmvt_core.parallel import chunk_bounds, map_chunks
    >>> def total(data, bounds):
    ...     lo, hi = bounds
    ...     return sum(data[lo:hi])
    >>> data = list(range(10))
    >>> map_chunks(total, [data], chunk_bounds(10, 3), n_jobs=2)
    [6, 15, 24]
    """
    with Executor(n_jobs, backend) as ex:
        return ordered_results(ex, fn, shared, payloads, max_in_flight, on_result)
