"""Long bootstrap loops stop promptly on Ctrl-C (issue 15).

Each case starts a bootstrap with a large number of replicates in a fresh process, sends SIGINT once the
loop is running, and asserts that the process ends within a few seconds with ``KeyboardInterrupt``.  The
replicates run in short compiled chunks (a numba kernel cannot be interrupted mid-call), and Python sees
the interrupt between chunks; on the thread pool, the chunks already in flight finish first.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")

_SCRIPT = textwrap.dedent("""
    import sys, time
    import numpy as np, pandas as pd
    from cmvt_core import lrm, calibrate, validate, decision_curve
    g = np.random.default_rng(1)
    n = 319
    X = pd.DataFrame(g.normal(size=(n, 4)), columns=list("abcd"))
    y = (g.uniform(size=n) < 0.3).astype(int)
    fit = lrm(X, y)
    what, n_jobs = sys.argv[1], eval(sys.argv[2])
    d = pd.DataFrame({"y": y, "r": fit.fitted})
    calls = {
        "calibrate": lambda: calibrate(fit, B=100_000, seed=1, n_jobs=n_jobs),
        "validate": lambda: validate(fit, B=100_000, seed=1, n_jobs=n_jobs),
        "decision_curve": lambda: decision_curve(d, "y", ["r"], fitted_risk=True, bootstraps=30_000, seed=1,
                                                 n_jobs=n_jobs),
    }
    print("started", flush=True)
    t0 = time.perf_counter()
    try:
        calls[what]()
    except KeyboardInterrupt:
        print(f"interrupted after {time.perf_counter() - t0:.2f} s", flush=True)
        raise
    print("finished", flush=True)
""")


@pytest.mark.parametrize("what,n_jobs", [("calibrate", "None"), ("calibrate", "2"), ("validate", "None"),
                                         ("decision_curve", "None"), ("decision_curve", "2")])
def test_ctrl_c_stops_the_bootstrap_within_seconds(what, n_jobs):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    p = subprocess.Popen([sys.executable, "-c", _SCRIPT, what, n_jobs], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert p.stdout.readline().strip() == "started"
        time.sleep(1.0)  # the loop is running (the whole call takes tens of seconds)
        assert p.poll() is None, "the bootstrap ended before the interrupt"
        t0 = time.perf_counter()
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=30)
        took = time.perf_counter() - t0
    finally:
        if p.poll() is None:
            p.kill()
            p.communicate()
    assert "KeyboardInterrupt" in err, err[-2000:]
    assert "interrupted after" in out and "finished" not in out
    assert p.returncode != 0
    assert took < 5.0, f"{what} (n_jobs={n_jobs}) took {took:.1f} s to stop after Ctrl-C"
