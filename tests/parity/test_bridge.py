"""The R bridge: awkward data makes the round trip intact, and nothing in it is ever executed."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

INJECTION = 'x); system("touch pwned")'

AWKWARD_NAMES = [
    "with space", 'double"quote', "single'quote", "back\\slash", "dollar$sign", "ünïcødé ✓ 漢字",
    INJECTION, "`backtick`", "new\nline", "1starts_with_digit", "", "a.b", "NA",
]


def awkward_frame() -> pd.DataFrame:
    n = 4
    cols = {}
    for j, name in enumerate(AWKWARD_NAMES):
        if j % 3 == 0:
            cols[name] = [1.5, np.nan, np.inf, -np.inf][:n]
        elif j % 3 == 1:
            cols[name] = pd.array(['he said "hi"', None, "C:\\path\\", INJECTION], dtype=object)
        else:
            cols[name] = pd.array([1, 2, 3, -7], dtype="int64")
    df = pd.DataFrame({i: v for i, v in enumerate(cols.values())})
    df.columns = AWKWARD_NAMES  # set afterwards: duplicates and empty names survive
    return df


@pytest.mark.r
def test_awkward_frame_round_trip(r_bridge, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    df = awkward_frame()
    before = df.copy()
    rdf = r_bridge.data_frame(df)
    # in R: the names are exactly the strings, verbatim (check.names never ran)
    r_names = r_bridge.to_py(r_bridge.call("helper:column_names", rdf))
    assert list(r_names) == AWKWARD_NAMES
    back = r_bridge.to_py(rdf)
    assert list(back.columns) == AWKWARD_NAMES
    for j in range(df.shape[1]):
        a, b = df.iloc[:, j], back.iloc[:, j]
        if pd.api.types.is_float_dtype(a.dtype):
            np.testing.assert_array_equal(a.to_numpy(), b.to_numpy())  # NaN, Inf and -Inf included
        elif pd.api.types.is_integer_dtype(a.dtype):
            assert b.tolist() == a.tolist()
        else:
            assert [None if pd.isna(v) else v for v in b.tolist()] == [None if pd.isna(v) else v for v in a.tolist()]
    pd.testing.assert_frame_equal(df, before)  # the caller's frame is untouched
    assert not (tmp_path / "pwned").exists() and not list(tmp_path.iterdir())


@pytest.mark.r
def test_missing_values_arrive_as_na_and_infinities_as_inf(r_bridge):
    x = np.array([1.0, np.nan, np.inf, -np.inf])
    is_na = r_bridge.to_py(r_bridge.call("is.na", x))
    is_inf = r_bridge.to_py(r_bridge.call("is.infinite", x))
    assert is_na.tolist() == [False, True, False, False]
    assert is_inf.tolist() == [False, False, True, True]
    s = r_bridge.to_py(r_bridge.call("is.na", np.array(["a", None, "NA"], dtype=object)))
    assert s.tolist() == [False, True, False]  # the string "NA" is a string, not a missing value


@pytest.mark.r
def test_factor_levels_keep_their_order(r_bridge):
    s = pd.Series(pd.Categorical(["b", INJECTION, "b"], categories=["b", INJECTION]))
    levels = r_bridge.to_py(r_bridge.call("levels", r_bridge.vector(s)))
    assert levels.tolist() == ["b", INJECTION]
    back = r_bridge.to_py(r_bridge.vector(s))
    assert list(back) == ["b", INJECTION, "b"]


@pytest.mark.r
def test_matrix_and_named_list(r_bridge):
    m = np.arange(6, dtype=float).reshape(2, 3)
    dim = r_bridge.to_py(r_bridge.call("dim", m))
    assert dim.tolist() == [2, 3]
    np.testing.assert_array_equal(r_bridge.to_py(r_bridge.to_r(m)), m)
    lst = r_bridge.to_py(r_bridge.to_r({"a b": np.array([1.0]), INJECTION: "text"}))
    assert list(lst) == ["a b", INJECTION] and lst[INJECTION].tolist() == ["text"]


@pytest.mark.r
def test_environment_is_recorded(r_bridge):
    r_bridge.library("stats")
    env = r_bridge.environment()
    assert env["r_version"].startswith("R version 4.")
    assert env["rng_kind"] == ["Mersenne-Twister", "Inversion", "Rejection"]
    assert env["r_packages"]["stats"] == env["r_version"].split()[2]
    assert all(isinstance(v, str) and v for v in env["r_packages"].values())


@pytest.mark.r
def test_only_project_r_files_can_be_sourced(r_bridge):
    with pytest.raises(FileNotFoundError):
        r_bridge.source("../bridge.py")
    with pytest.raises(FileNotFoundError):
        r_bridge.source("no_such_file.R")


@pytest.mark.r
def test_a_name_is_not_code(r_bridge, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # an R function is looked up by name; a string that is code is just a name that does not exist
    with pytest.raises(r_bridge.RError):
        r_bridge.call('base::system("touch pwned")')
    assert not (tmp_path / "pwned").exists()


@pytest.mark.r
def test_starting_r_leaves_the_library_path_of_later_subprocesses_alone(r_bridge):
    """R's start-up set LD_LIBRARY_PATH=/usr/lib/R/lib:/usr/lib/x86_64-linux-gnu:... in this process, so a
    Python started afterwards (a nested pytest, a loky worker) loaded the system's libpython and died in
    multiprocessing's resource tracker ('_thread.RLock' has no '_recursion_count')."""
    import os
    import subprocess
    import sys

    assert "/usr/lib/R/lib" not in os.environ.get("LD_LIBRARY_PATH", "")
    code = "import _thread, sys; print(sys.version.split()[0], hasattr(_thread.RLock(), '_recursion_count'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [sys.version.split()[0], str(hasattr(__import__("_thread").RLock(), "_recursion_count"))]
