"""The cmvt parity pytest plugin: the R bridge fixture, the ``r`` marker's CI rule, and a parity summary.

Opt-in: it loads only in a test run that asks for it, with ``pytest -p cmvt_core.parity.pytest_plugin``
or ``pytest_plugins = ["cmvt_core.parity.pytest_plugin"]`` in the project's top-level conftest.py
(needs ``cmvt-core[parity]`` for the live R side).  Then the project's tests can use the
``r_bridge`` and ``parity_case`` fixtures to add their own dataset and model as a parity case.
Loading it changes no environment variable.

Tests that compare with live R are marked ``@pytest.mark.r`` and take the ``r_bridge``
fixture.  Without R or rpy2 they are skipped locally, but under ``CI=true`` that is a
failure: a CI run must never pass by skipping the parity suite.
"""
from __future__ import annotations

import os

import pytest

CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")



@pytest.fixture(scope="session")
def r_bridge():
    """The process-wide R bridge (starts R once)."""
    try:
        from cmvt_core.parity.bridge import get_bridge

        return get_bridge()
    except Exception as exc:  # ImportError, RUnavailable
        if CI:
            pytest.fail(f"CI=true: R and rpy2 are required for parity tests, but: {exc}", pytrace=False)
        pytest.skip(f"R/rpy2 not available: {exc}")


@pytest.fixture
def parity_case(request):
    """A factory for ``parity.compare.Comparison`` objects whose records are counted in the summary."""
    from cmvt_core.parity.compare import Comparison

    made = []

    def make(name: str | None = None) -> Comparison:
        cmp = Comparison(name or request.node.name)
        made.append(cmp)
        return cmp

    yield make
    from cmvt_core.parity.compare import COLLECTED

    COLLECTED.extend(made)


def pytest_configure(config):
    config.addinivalue_line("markers", "r: needs R and rpy2 (a live parity comparison); under CI=true a "
                                       "missing R is a failure, not a skip")
    config.addinivalue_line("markers", "golden: compares against stored outputs of R packages Debian lacks")
    if os.environ.get("CMVT_PARITY_DETERMINISTIC"):
        try:
            from hypothesis import settings

            settings.register_profile("cmvt-parity", derandomize=True, database=None, print_blob=False)
            settings.load_profile("cmvt-parity")
        except ImportError:
            pass


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("r") and "r_bridge" not in getattr(item, "fixturenames", ()):
            item.fixturenames.append("r_bridge")


# the parity counts pytest-xdist workers send back (``pytest -n 2``), summed in the controller's summary
_WORKER_COUNTS = pytest.StashKey[list]()


def _parity_counts() -> dict[str, int]:
    """This process's compared statistics: records, those beyond tolerance, cases, golden cases."""
    try:
        from cmvt_core.parity.compare import COLLECTED
    except ImportError:
        return {"records": 0, "bad": 0, "cases": 0, "golden": 0}
    records = [r for cmp in COLLECTED for r in cmp.records]
    return {"records": len(records), "bad": sum(1 for r in records if not r.passed), "cases": len(COLLECTED),
            "golden": sum(1 for cmp in COLLECTED if cmp.golden)}


def pytest_sessionfinish(session):
    # a pytest-xdist worker (``pytest -n 2``): its comparisons are counted in the controller's summary
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["cmvt_parity"] = _parity_counts()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    counts = getattr(node, "workeroutput", {}).get("cmvt_parity")
    if counts:
        node.config.stash.setdefault(_WORKER_COUNTS, []).append(counts)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    stats = terminalreporter.stats
    passed = [r for r in stats.get("passed", []) if "r" in r.keywords]
    failed = [r for r in stats.get("failed", []) if "r" in r.keywords]
    skipped = [r for r in stats.get("skipped", []) if "r" in r.keywords]
    terminalreporter.write_sep("-", "R parity")
    terminalreporter.write_line(f"R parity tests: {len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped")
    total = _parity_counts()
    for counts in config.stash.get(_WORKER_COUNTS, []):
        for k in total:
            total[k] += counts[k]
    if total["records"]:
        terminalreporter.write_line(f"R parity statistics compared: {total['records']} in {total['cases']} cases "
                                    f"({total['golden']} against stored goldens), {total['bad']} beyond tolerance")
