"""Writing outputs without losing anything: the rules every file cmvt writes follows.

* **Only what cmvt wrote is ever replaced.**  An output folder records what cmvt wrote in it
  (``MANIFEST``, a JSON list of relative paths).  An existing ``--out`` is reused only if it is
  empty or holds nothing but the files its manifest lists; anything else in it (the user's notes,
  the input CSV, another tool's ``results.json``) makes cmvt refuse, naming what it found.  A
  single output file (``cmvt cutoff --out``) is never the input and is replaced only with
  ``force=True``.  These checks run before any computation (``check_output_folder``,
  ``check_output_file``) and again, under the lock, just before the files are moved into place.
* **All or nothing.**  Everything is written into a temporary folder (or file) beside the target
  and moved into place at the end with ``rename``; any error, ``KeyboardInterrupt`` or, in the
  command line, SIGTERM / SIGHUP (``Terminated``) removes the temporary folder, and the previous
  output stays as it was.  Signals are held back during the few renames of the swap.
* **One writer at a time.**  The swap holds an exclusive ``flock`` on the target's parent folder,
  so concurrent writers to one ``--out`` are serialised: each finds the previous complete output,
  replaces it, and leaves nothing behind.
* **The umask rules.**  Folders and files get the modes the user's umask gives (a temporary
  folder would otherwise stay 0700).
* **One line, exit 2.**  Any ``OSError`` on the way out (read-only file system, not a folder, disk
  full, permission) becomes an ``InputError`` naming the path and the reason.
* **Spreadsheet-safe CSV.**  A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return, and is not a number, is written with a leading ``'`` (OWASP's rule against CSV
  formula injection), so Excel and LibreOffice show it as text instead of evaluating it.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from .errors import InputError

#: the file in an output folder that lists what cmvt wrote there
MANIFEST = ".cmvt-manifest.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Terminated(BaseException):
    """Raised by the command line's SIGTERM / SIGHUP handler, so that clean-up code runs."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


# ----------------------------------------------------------------------------- small helpers
def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ENOTDIR:
        return "a part of the path is a file, not a folder"
    return exc.strerror or str(exc)


def _first_existing(path: Path) -> Path:
    p = path
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _check_parent_writable(target: Path, what: str) -> None:
    anc = _first_existing(target.parent)
    if not anc.is_dir():
        raise InputError(f"{what} {target}: {anc} is a file, not a folder")
    if not os.access(anc, os.W_OK | os.X_OK):
        raise InputError(f"{what} {target}: cannot write in {anc} (read-only file system or permission denied)")


def _read_manifest(folder: Path) -> set[str] | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
        if data.get("tool") != "cmvt-core" or not all(isinstance(f, str) for f in files):
            return None
        return set(files)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _foreign_entries(folder: Path) -> list[str]:
    """What ``folder`` holds that its manifest does not list (everything, without a manifest)."""
    listed = _read_manifest(folder)
    entries = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))
    if listed is None:
        return entries
    dirs = {str(Path(f).parent.as_posix()) for f in listed}
    parents = set()
    for d in dirs:
        parts = Path(d).parts
        parents.update(Path(*parts[: i + 1]).as_posix() for i in range(len(parts)))
    return [e for e in entries if e != MANIFEST and e not in listed and e not in parents]


# ----------------------------------------------------------------------------- checks before the work
def check_output_folder(out_dir: str | os.PathLike, protect: tuple[str | os.PathLike, ...] = ()) -> Path:
    """The checks of an output folder, run before any computation; returns its absolute path.

    Refuses a target that is a file, lies inside a file or an unwritable folder, holds anything
    cmvt did not write (per its manifest), or contains or equals one of the ``protect`` paths
    (the inputs).  It looks under the lock that writers hold, so it never sees a folder half-way
    through another process's swap."""
    out = Path(out_dir).expanduser().absolute()
    with _lock_if_there(out.parent):
        return _checked_folder(out, protect)


def _checked_folder(out: Path, protect: tuple[str | os.PathLike, ...]) -> Path:
    try:
        return _check_output_folder(out, protect)
    except OSError as exc:  # e.g. a folder on the way that may not be read
        raise InputError(f"--out {out}: {_reason(exc)}") from None


def _check_output_folder(out: Path, protect: tuple[str | os.PathLike, ...]) -> Path:
    for p in protect:
        pp = Path(p).expanduser().absolute()
        if pp == out or out in pp.parents:
            raise InputError(f"--out {out} would contain the input {pp}; choose another folder")
    if out.exists() or out.is_symlink():
        if out.is_symlink() or not out.is_dir():
            raise InputError(f"--out {out} exists and is not a folder")
        foreign = _foreign_entries(out)
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            why = "" if (out / MANIFEST).is_file() else " (it is not a cmvt output folder)"
            raise InputError(f"--out {out} holds files cmvt did not write{why}: {shown}; refusing to touch it, "
                             "choose a new or empty folder")
        if not os.access(out.parent, os.W_OK | os.X_OK):
            raise InputError(f"--out {out}: cannot write in {out.parent} (read-only file system or permission denied)")
    else:
        _check_parent_writable(out, "--out")
    return out


def check_output_file(path: str | os.PathLike, *, force: bool = False,
                      protect: tuple[str | os.PathLike, ...] = (), what: str = "--out") -> Path:
    """The checks of a single output file: never one of the inputs (``protect``), never an existing
    file unless ``force``, never a folder; its folder must be writable.  Returns its absolute path."""
    out = Path(path).expanduser().absolute()
    with _lock_if_there(out.parent):
        return _checked_file(out, force, protect, what)


def _checked_file(out: Path, force: bool, protect: tuple[str | os.PathLike, ...], what: str) -> Path:
    try:
        return _check_output_file(out, force, protect, what)
    except OSError as exc:
        raise InputError(f"{what} {out}: {_reason(exc)}") from None


def _check_output_file(out: Path, force: bool, protect: tuple[str | os.PathLike, ...], what: str) -> Path:
    for p in protect:
        pp = Path(p).expanduser()
        if out == pp.absolute() or (out.exists() and pp.exists() and os.path.samefile(out, pp)):
            raise InputError(f"{what} {out} is the input file; choose another output file")
    if out.is_dir():
        raise InputError(f"{what} {out} is a folder; give a file name")
    if out.exists() and not force:
        raise InputError(f"{what} {out} exists; refusing to overwrite it (use --force to replace it)")
    _check_parent_writable(out, what)
    return out


# ----------------------------------------------------------------------------- locking and signals
@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on ``folder`` (flock on the folder itself: nothing is created)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def _lock_if_there(folder: Path) -> Iterator[None]:
    """``_folder_lock(folder)`` where the folder exists and may be opened; else nothing to lock."""
    with contextlib.ExitStack() as stack:
        with contextlib.suppress(OSError):  # not readable: the checks will say why
            if folder.is_dir():
                stack.enter_context(_folder_lock(folder))
        yield


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back SIGINT/SIGTERM/SIGHUP during a few renames (delivered right after)."""
    sigs = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def install_signal_handlers() -> None:
    """For the command line: SIGTERM and SIGHUP raise ``Terminated`` (so clean-up runs), as SIGINT
    raises KeyboardInterrupt."""

    def handler(signum, frame):
        raise Terminated(signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


# ----------------------------------------------------------------------------- writing
def _fix_modes(root: Path) -> None:
    """Give ``root`` (made by mkdtemp: 0700) and its folders the umask's mode."""
    mode = 0o777 & ~_umask()
    os.chmod(root, mode)
    for p in root.rglob("*"):
        if p.is_dir():
            os.chmod(p, mode)


@contextlib.contextmanager
def _staged(out: Path, what: str, make: Callable[[Path], Path], remove: Callable[[Path], None]):
    """A temporary path beside ``out`` (``make(out)``), yielded in a one-item list; removed on the
    way out unless the body emptied the list (it was moved into place).  ``OSError`` -> ``InputError``."""
    box: list[Path] = []
    try:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            box.append(make(out))
            yield box
        except OSError as exc:
            raise InputError(f"cannot write {what} {out}: {_reason(exc)}") from None
    finally:
        if box:
            remove(box[0])


def _move_into_place(out: Path, recheck: Callable[[], object], move: Callable[[], None]) -> None:
    """Under the lock on ``out``'s folder: the checks again (another process may have written
    meanwhile; ``recheck`` must not take the lock itself: flock would wait for this very process),
    then ``move()`` with signals held back."""
    with _folder_lock(out.parent):
        recheck()
        with _signals_held():
            move()


def _temp_folder(out: Path) -> Path:
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.cmvt-tmp-", dir=out.parent))


def _temp_file(out: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.cmvt-tmp-", dir=out.parent)
    os.close(fd)
    return Path(name)


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _replace_folder(src: Path, out: Path) -> None:
    """Put ``src`` where ``out`` is; an earlier ``out`` is moved aside first and put back on failure."""
    if not out.exists():
        os.replace(src, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.cmvt-old-", dir=out.parent))
    try:
        os.replace(out, old / "x")
        os.replace(src, out)
    except BaseException:
        if (old / "x").exists() and not out.exists():
            os.replace(old / "x", out)  # put the previous output back
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def write_folder(out_dir: str | os.PathLike, fill: Callable[[Path], None],
                 protect: tuple[str | os.PathLike, ...] = ()) -> Path:
    """Write an output folder atomically: ``fill(tmp)`` writes the files into a fresh temporary
    folder beside ``out_dir``; the manifest is added and the folder is moved into place under the
    lock.  On any error or interruption nothing is left beside ``out_dir`` and an earlier output
    stays as it was.  ``OSError`` becomes a one-line ``InputError``."""
    out = check_output_folder(out_dir, protect)
    with _staged(out, "--out", _temp_folder, lambda t: shutil.rmtree(t, ignore_errors=True)) as box:
        tmp = box[0]
        fill(tmp)
        files = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())
        (tmp / MANIFEST).write_text(json.dumps({"tool": "cmvt-core", "files": files}, indent=1) + "\n",
                                    encoding="utf-8")
        _fix_modes(tmp)
        _move_into_place(out, lambda: _checked_folder(out, protect),
                         lambda: (_replace_folder(tmp, out), box.clear()))
    return out


def write_file(path: str | os.PathLike, write: Callable[[Path], None], *, force: bool = False,
               protect: tuple[str | os.PathLike, ...] = (), what: str = "--out") -> Path:
    """Write one output file atomically (temporary file beside it, then rename), with
    ``check_output_file``'s rules; the file gets the umask's mode."""
    out = check_output_file(path, force=force, protect=protect, what=what)
    with _staged(out, what, _temp_file, _unlink) as box:
        tmp = box[0]
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        _move_into_place(out, lambda: _checked_file(out, force, protect, what),
                         lambda: (os.replace(tmp, out), box.clear()))
    return out


# ----------------------------------------------------------------------------- CSV
def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def escape_cell(v):
    """OWASP's rule for one cell: a text cell starting with = + - @ tab or CR, that is not a number,
    gets a leading apostrophe."""
    if isinstance(v, str) and v.startswith(_FORMULA_START) and not _is_number(v):
        return "'" + v
    return v


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and column names are escaped by ``escape_cell``."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(escape_cell)
    out.columns = [escape_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def to_csv(df: pd.DataFrame, path: Path, **kwargs) -> None:
    """``df.to_csv(path, **kwargs)`` with spreadsheet-safe cells (the one CSV writer of cmvt)."""
    spreadsheet_safe(df).to_csv(path, **kwargs)
