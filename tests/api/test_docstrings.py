"""Every public function is fully annotated and has a numpydoc docstring that runs (issue 16).

"Public" is every function named in ``__all__`` of a module whose dotted path has no part starting
with ``_``, outside ``cmvt_core.parity`` (the R side) and ``cmvt_core.kernels`` (the ports of R's
routines, each documented by the routine it ports), plus the top-level names of ``cmvt_core``.
Each must have:

- an annotation on every parameter and on the return value;
- the numpydoc sections ``Parameters`` (one entry per parameter, in signature order), ``Returns``
  and ``Examples``, and a ``Notes`` section that names the R call it reproduces (``R call:
  ``pkg::fun(...)```` or, for functions with no R counterpart, ``R call: none`` with the reason);
- examples that run: the ``Examples`` section is executed as a doctest (ELLIPSIS and
  NORMALIZE_WHITESPACE), so its printed output is the function's real output.
"""
from __future__ import annotations

import dataclasses
import doctest
import importlib
import inspect
import pkgutil
import re

import pytest

import cmvt_core

_SKIP_PREFIXES = ("cmvt_core.parity", "cmvt_core.kernels")
_SECTION = re.compile(r"^(?P<name>[A-Z][A-Za-z ]+)\n-{3,}\s*$", re.M)
_R_CALL = re.compile(r"R call:\s*(``[^`]+``|none\b)", re.I)


def _public_modules() -> list[str]:
    out = []
    for m in pkgutil.walk_packages(cmvt_core.__path__, "cmvt_core."):
        parts = m.name.split(".")[1:]
        if any(p.startswith("_") for p in parts) or m.name.startswith(_SKIP_PREFIXES):
            continue
        if m.name in ("cmvt_core.cli", "cmvt_core.cli_cutoff"):  # the command line: documented by --help
            continue
        out.append(m.name)
    return sorted(out)


def _public_functions() -> list[tuple[str, str]]:
    seen: dict[int, tuple[str, str]] = {}
    for name in cmvt_core.__all__:
        obj = getattr(cmvt_core, name)
        if inspect.isfunction(obj):
            seen.setdefault(id(obj), (obj.__module__, obj.__name__))
    for mod_name in _public_modules():
        mod = importlib.import_module(mod_name)
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name, None)
            if inspect.isfunction(obj):
                seen.setdefault(id(obj), (obj.__module__, obj.__name__))
    return sorted(seen.values())


FUNCTIONS = _public_functions()


def _get(mod: str, name: str):
    return getattr(importlib.import_module(mod), name)


def _sections(doc: str) -> dict[str, str]:
    doc = inspect.cleandoc(doc)
    marks = list(_SECTION.finditer(doc))
    return {m["name"].strip(): doc[m.end():(marks[i + 1].start() if i + 1 < len(marks) else len(doc))]
            for i, m in enumerate(marks)}


def test_every_public_module_declares_its_api():
    missing = [m for m in _public_modules() if not hasattr(importlib.import_module(m), "__all__")]
    assert not missing, f"modules without __all__: {missing}"


def test_the_list_is_not_empty():
    names = {n for _, n in FUNCTIONS}
    assert {"roc", "calibrate", "cv_glmnet", "lrm", "decision_curve", "hoslem_test"} <= names
    assert len(FUNCTIONS) >= 30


@pytest.mark.parametrize("mod,name", FUNCTIONS, ids=[f"{m}.{n}" for m, n in FUNCTIONS])
def test_fully_annotated(mod, name):
    fn = _get(mod, name)
    sig = inspect.signature(fn)
    bare = [p.name for p in sig.parameters.values() if p.annotation is inspect.Parameter.empty]
    assert not bare, f"{mod}.{name}: parameters without annotation: {bare}"
    assert sig.return_annotation is not inspect.Signature.empty, f"{mod}.{name}: no return annotation"


@pytest.mark.parametrize("mod,name", FUNCTIONS, ids=[f"{m}.{n}" for m, n in FUNCTIONS])
def test_numpydoc_sections(mod, name):
    fn = _get(mod, name)
    doc = fn.__doc__ or ""
    sec = _sections(doc)
    for want in ("Parameters", "Returns", "Examples", "Notes"):
        assert want in sec, f"{mod}.{name}: no {want} section"
    params = [p.name for p in inspect.signature(fn).parameters.values()]
    entries = re.findall(r"^(\*{0,2}[A-Za-z_][A-Za-z0-9_]*)(?:\s*,\s*\*{0,2}[A-Za-z_][A-Za-z0-9_]*)*\s*:",
                         sec["Parameters"], re.M)
    names_in_doc = []
    for line in re.findall(r"^(\*{0,2}[A-Za-z_][\w, *]*?)\s*:", sec["Parameters"], re.M):
        names_in_doc += [n.strip().lstrip("*") for n in line.split(",")]
    assert entries or not params, f"{mod}.{name}: Parameters section lists nothing"
    assert names_in_doc == params, f"{mod}.{name}: Parameters lists {names_in_doc}, signature has {params}"
    assert sec["Returns"].strip(), f"{mod}.{name}: empty Returns"
    assert ">>>" in sec["Examples"], f"{mod}.{name}: Examples has no >>> line"
    assert _R_CALL.search(sec["Notes"]), f"{mod}.{name}: Notes does not say 'R call: ``...``' (or 'R call: none')"


@pytest.mark.parametrize("mod,name", FUNCTIONS, ids=[f"{m}.{n}" for m, n in FUNCTIONS])
def test_examples_run(mod, name):
    fn = _get(mod, name)
    examples = _sections(fn.__doc__ or "").get("Examples", "")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(examples, {}, f"{mod}.{name}", None, 0)
    assert test.examples, f"{mod}.{name}: no runnable example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=lambda s: None)
    res = runner.summarize(verbose=False)
    if res.failed:
        out: list[str] = []
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.run(parser.get_doctest(examples, {}, f"{mod}.{name}", None, 0), out=out.append)
        pytest.fail("".join(out))


# ----------------------------------------------------------------------------------------- classes (issue 17)
def _public_classes() -> list[tuple[str, str]]:
    seen: dict[int, tuple[str, str]] = {}
    sources = [(cmvt_core, cmvt_core.__all__)] + [(m, getattr(m, "__all__", []))
                                                  for m in map(importlib.import_module, _public_modules())]
    for mod, names in sources:
        for name in names:
            obj = getattr(mod, name, None)
            if inspect.isclass(obj):
                seen.setdefault(id(obj), (obj.__module__, obj.__name__))
    return sorted(seen.values())


CLASSES = _public_classes()


def test_the_class_list_is_not_empty():
    names = {n for _, n in CLASSES}
    assert {"Roc", "CvGlmnetFit", "LrmFit", "CalibrateResult", "DecisionCurveResult", "InputError"} <= names


@pytest.mark.parametrize("mod,name", CLASSES, ids=[f"{m}.{n}" for m, n in CLASSES])
def test_class_numpydoc(mod, name):
    """A class's own docstring: a summary line, then Parameters or Attributes listing real names."""
    cls = _get(mod, name)
    doc = cls.__dict__.get("__doc__") or ""
    lines = inspect.cleandoc(doc).splitlines()
    assert lines and lines[0].strip(), f"{mod}.{name}: no summary line"
    sec = _sections(doc)
    assert {"Parameters", "Attributes"} & set(sec), f"{mod}.{name}: neither Parameters nor Attributes"
    for part in ("Parameters", "Attributes"):
        listed = []
        for line in re.findall(r"^(\*{0,2}[A-Za-z_][\w, *]*?)\s*:", sec.get(part, ""), re.M):
            listed += [n.strip().lstrip("*") for n in line.split(",")]
        assert listed or part not in sec, f"{mod}.{name}: {part} lists nothing"
        if part == "Parameters" and listed and not issubclass(cls, BaseException):
            params = [p for p in inspect.signature(cls).parameters]
            assert set(listed) <= set(params), f"{mod}.{name}: Parameters {listed}, signature {params}"
        if part == "Attributes":
            fields = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
            fields |= set(getattr(cls, "_fields", ()))
            # scikit-learn's convention: attributes ending in "_" are set by fit
            fitted = {a for a in listed if a.endswith("_") and hasattr(cls, "fit")}
            missing = [a for a in listed if a not in fields and a not in fitted and not hasattr(cls, a)
                       and not _set_in_init(cls, a)]
            assert not missing, f"{mod}.{name}: Attributes lists {missing}, which the class does not have"


def _set_in_init(cls, attr: str) -> bool:
    """An annotation ``attr: T`` or an assignment ``self.attr = ...`` (``obj.attr`` in ``__new__``; also in a
    tuple target) in the class or a base of it from this package."""
    target = rf"^\s*(?:\*?[\w.]+\s*,\s*)*(?:self|obj)\.{re.escape(attr)}\s*(?:,\s*[\w.]+\s*)*=(?!=)"  # also a, b = ...
    for klass in cls.__mro__:
        if not klass.__module__.startswith("cmvt_core"):
            continue
        if attr in getattr(klass, "__annotations__", {}) or re.search(target, inspect.getsource(klass), re.M):
            return True
    return False
