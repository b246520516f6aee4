"""R's printing rules, written once for every result's ``__str__``, ``__repr__`` and ``_repr_html_``.

Ports of the pieces of R 4.2.2 that decide how a number is printed:

* ``format_num``   — ``format(x, digits=, nsmall=, scientific=)`` on a numeric vector (``formatReal`` of
  R's ``format.c``: the fewest significant digits, up to ``digits``, that show every element to ``digits``
  significant digits, one common number of decimals, fixed unless scientific is narrower by more than
  ``scipen``);
* ``signif``, ``r_round``, ``zapsmall``, ``format_pval`` — R's ``signif``, ``round``, ``zapsmall`` and
  ``format.pval``;
* ``print_matrix`` — ``print.default`` of a matrix (numeric columns formatted column by column, right
  justified; character matrices with ``quote = FALSE``), split into column blocks at R's width of 80;
* ``print_named``  — ``print`` of a named numeric vector;
* ``print_anova``  — ``printCoefmat`` as ``print.anova`` calls it (glmnet's and cv.glmnet's tables);
* ``html_table``   — an HTML table for notebooks (``_repr_html_``);
* ``short``        — a ``repr`` that stays short whatever the size of the result.

No computation happens here: a result's numbers are formatted, never changed.
"""
from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np

WIDTH = 80          # getOption("width")
REPR_MAX = 1900     # every repr() stays below 2,000 characters
_KP_MAX = 22


# ------------------------------------------------------------------------------------------------
# numbers
def _na(v: float) -> str | None:
    if math.isnan(v):
        return "NA"
    if math.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    return None


def _scientific(x: float, digits: int) -> tuple[int, int, int, bool]:
    """R's ``scientific()``: (neg, kpower, nsig, roundingwidens) of x shown to ``digits`` significant digits."""
    if x == 0.0:
        return 0, 0, 1, False
    neg = int(x < 0)
    r = abs(x)
    mant, exp = f"{r:.{digits - 1}e}".split("e")
    kp = int(exp)
    sig = mant.replace(".", "").rstrip("0")
    nsig = max(1, len(sig))
    widens = 0 < kp <= _KP_MAX and r < 10.0 ** kp
    return neg, kp, nsig, widens


def format_info(x: Sequence[float], digits: int = 7, nsmall: int = 0, scipen: int = 0) -> tuple[int, int, int]:
    """R's ``formatReal``: (width, decimals, exponent digits; 0 = fixed) common to the vector ``x``."""
    neg = 0
    rgt = mxl = mxsl = mxns = -(10 ** 9)
    mnl = 10 ** 9
    naw = 0
    finite = False
    for v in x:
        v = float(v)
        s = _na(v)
        if s is not None:
            naw = max(naw, len(s))
            continue
        finite = True
        ni, kp, nsig, widens = _scientific(v, digits)
        left = kp + 1
        if widens:
            left -= 1
        sleft = ni + (1 if left <= 0 else left)
        right = nsig - left
        if ni:
            neg = 1
        rgt, mxl, mnl = max(rgt, right), max(mxl, left), min(mnl, left)
        mxsl, mxns = max(mxsl, sleft), max(mxns, nsig)
    if not finite:
        return naw, 0, 0
    if mxl < 0:
        mxsl = 1 + neg
    rgt = max(rgt, 0)
    wf = mxsl + rgt + (rgt != 0)
    e = 2 if (mxl > 100 or mnl <= -99) else 1
    d = mxns - 1
    w = neg + (d > 0) + d + 4 + e
    if wf <= w + scipen:
        e = 0
        if nsmall > rgt:
            rgt = nsmall
            wf = mxsl + rgt + (rgt != 0)
        d, w = rgt, wf
    return max(w, naw), d, e


def _encode(v: float, w: int, d: int, e: int) -> str:
    s = _na(float(v))
    if s is not None:
        return s.rjust(w)
    v = float(v) + 0.0  # R drops the sign of a negative zero
    if e:
        return f"{float(v):{w}.{d}e}"
    return f"{float(v):{w}.{d}f}"


def format_num(x, digits: int = 7, nsmall: int = 0, scipen: int = 0, trim: bool = False) -> list[str]:
    """``format(x, digits = digits, nsmall = nsmall, scientific = scipen, trim = trim)`` for numbers."""
    vals = [float(v) for v in np.atleast_1d(np.asarray(x, dtype=float))]
    w, d, e = format_info(vals, digits, nsmall, scipen)
    out = [_encode(v, w, d, e) for v in vals]
    return [s.strip() for s in out] if trim else out


def format1(x: float, digits: int = 7, nsmall: int = 0, scipen: int = 0) -> str:
    """One number as R's ``format(x, digits)`` (or ``cat``/``paste``, which use 7 and 15 digits) prints it."""
    return format_num([x], digits, nsmall, scipen, trim=True)[0]


def format_int(x) -> list[str]:
    """``format()`` of whole numbers (counts, indices): right-justified to a common width."""
    vals = [("NA" if (isinstance(v, float) and math.isnan(v)) else str(int(v))) for v in np.atleast_1d(x)]
    w = max((len(s) for s in vals), default=0)
    return [s.rjust(w) for s in vals]


def signif(x, digits: int):
    """R's ``signif(x, digits)``."""
    def one(v: float) -> float:
        if v == 0 or not math.isfinite(v):
            return v
        return float(f"{v:.{max(1, digits) - 1}e}")
    if np.ndim(x) == 0:
        return one(float(x))
    return np.array([one(float(v)) for v in np.ravel(x)]).reshape(np.shape(x))


def r_round(x, digits: int = 0):
    """R's ``round(x, digits)`` (to the nearest representable decimal; halves as the binary value says)."""
    if np.ndim(x) == 0:
        v = float(x)
        return v if not math.isfinite(v) else float(round(v, digits))
    return np.array([r_round(float(v), digits) for v in np.ravel(x)]).reshape(np.shape(x))


def zapsmall(x, digits: int = 7) -> np.ndarray:
    """R 4.2.2's ``zapsmall(x, digits)``: ``round(x, max(0, digits - log10(max|x|)))``."""
    a = np.asarray(x, dtype=float)
    fin = a[np.isfinite(a)]
    if fin.size == 0:
        return a.copy()
    mx = float(np.max(np.abs(fin)))
    dd = max(0.0, digits - math.log10(mx)) if mx > 0 else float(digits)
    return r_round(a, int(math.floor(dd + 0.5)))  # R 4.2's zapsmall (no ceiling); round() takes floor(d + .5)


def format_pval(pv, digits: int = 5) -> list[str]:
    """R's ``format.pval(pv, digits)`` (eps = .Machine$double.eps)."""
    eps = float(np.finfo(float).eps)
    p = [float(v) for v in np.atleast_1d(pv)]
    ok = [i for i, v in enumerate(p) if not math.isnan(v)]
    out = ["NA"] * len(p)
    big = [i for i in ok if not p[i] < eps]
    small = [i for i in ok if p[i] < eps]
    rr: list[str] = []
    if big:
        vals = [p[i] for i in big]
        expo = [math.floor(math.log10(v if v > 0 else 1e-50)) for v in vals]
        fix = [k for k, ex in enumerate(expo) if ex >= -3 or (ex == -4 and digits > 1)]
        sci = [k for k in range(len(vals)) if k not in fix]
        rr = [""] * len(vals)
        for grp in (fix, sci):
            if grp:
                for k, s in zip(grp, format_num([vals[k] for k in grp], digits)):
                    rr[k] = s
        for i, s in zip(big, rr):
            out[i] = s
    if small:
        dg = max(1, digits - 2)
        if big:
            nc = max(len(s) for s in rr)
            if dg > 1 and dg + 6 > nc:
                dg = max(1, nc - 7)
            sep = "" if dg == 1 and nc <= 6 else " "
        else:
            sep = "" if dg == 1 else " "
        for i in small:
            out[i] = "<" + sep + format1(eps, dg)
    return out


# ------------------------------------------------------------------------------------------------
# tables as print.default prints them
def _index_labels(n: int) -> list[str]:
    w = len(str(n)) + 3
    return [f"[{i + 1},]".rjust(w) for i in range(n)]


def print_matrix(cols: Sequence[Sequence[str]], colnames: Sequence[str], rownames: Sequence[str] | None = None,
                 right: bool = True, width: int = WIDTH) -> str:
    """``print.default`` of a matrix whose columns are already formatted (``cols[j][i]``): row names
    left-justified (``[i,]`` right-justified without them), one space between columns, entries and column
    labels right-justified (``right=False``: left, as a character matrix with ``quote = FALSE``), split into
    blocks of columns that fit in ``width``."""
    nrow = len(cols[0]) if cols else (len(rownames) if rownames is not None else 0)
    rl = list(rownames) if rownames is not None else _index_labels(nrow)
    rlabw = max((len(s) for s in rl), default=0)
    if rownames is not None:
        rl = [s.ljust(rlabw) for s in rl]
    w = [max([len(c) for c in col] + [len(nm)]) + 1 for col, nm in zip(cols, colnames)]

    def cell(s: str, j: int) -> str:
        return s.rjust(w[j]) if right else " " + s.ljust(w[j] - 1)

    lines: list[str] = []
    jmin = 0
    ncol = len(cols)
    if ncol == 0:
        return "\n".join([" " * rlabw, *rl])
    while jmin < ncol:
        tot, jmax = rlabw, jmin
        while True:
            tot += w[jmax]
            jmax += 1
            if not (jmax < ncol and tot + w[jmax] < width):
                break
        lines.append(" " * rlabw + "".join(cell(colnames[j], j) for j in range(jmin, jmax)))
        for i in range(nrow):
            lines.append(rl[i] + "".join(cell(cols[j][i], j) for j in range(jmin, jmax)))
        jmin = jmax
    return "\n".join(lines)


def print_num_matrix(values, colnames: Sequence[str], rownames: Sequence[str] | None = None,
                     digits: int = 7) -> str:
    """``print.default`` of a numeric matrix: each column formatted on its own (R's ``formatReal``)."""
    a = np.asarray(values, dtype=float)
    cols = [format_num(a[:, j], digits) for j in range(a.shape[1])]
    return print_matrix(cols, colnames, rownames)


def print_named(values, names: Sequence[str], digits: int = 7, width: int = WIDTH,
                formatted: Sequence[str] | None = None) -> str:
    """``print`` of a named numeric vector: names above values, both right-justified to a common width
    (``formatted``: the values already formatted, e.g. where R's NA and NaN must be told apart)."""
    vals = format_num(values, digits) if formatted is None else list(formatted)
    w = max([len(s) for s in vals] + [len(n) for n in names])
    per = max(1, width // (w + 1))
    lines = []
    for k in range(0, len(vals), per):
        lines.append("".join(n.rjust(w) + " " for n in names[k:k + per]))
        lines.append("".join(v.rjust(w) + " " for v in vals[k:k + per]))
    return "\n".join(lines)


def print_anova(columns: dict[str, Sequence[float]], rownames: Sequence[str], digits: int = 5,
                nozap: Sequence[str] = ()) -> str:
    """A data frame of class "anova" as ``print.anova`` prints it (``printCoefmat`` with ``cs.ind =
    NULL``, no P column): every column not named in ``nozap`` goes through ``zapsmall(x, digits)``, each
    column is ``format(x, digits = digits)``, and a nonzero value shown as 0 is redone with digits - 1."""
    cols = []
    for name, v in columns.items():
        x = np.asarray(v, dtype=float)
        xm = x if name in nozap else zapsmall(x, digits)
        f = format_num(xm, digits)
        bad = [i for i, s in enumerate(f) if math.isfinite(xm[i]) and (xm[i] == 0) != (float(s) == 0)]
        if bad:
            for i, s in zip(bad, format_num(xm[bad], max(1, digits - 1))):
                f[i] = s
        cols.append(f)
    return print_matrix(cols, list(columns), rownames)


def strwrap(text: str, width: int = WIDTH - 1, prefix: str = "") -> list[str]:
    """R's ``strwrap(x, width = 0.9 * getOption("width"))`` for one paragraph (words split on blanks)."""
    words = text.split()
    lines, cur = [], ""
    for wd in words:
        if cur and len(cur) + 1 + len(wd) >= width:
            lines.append(prefix + cur)
            cur = wd
        else:
            cur = f"{cur} {wd}" if cur else wd
    if cur or not lines:
        lines.append(prefix + cur)
    return lines


def print_htest(method: str, data_name: str, statistic: tuple[str, float] | None = None,
                parameter: tuple[str, float] | None = None, p_value: float | None = None,
                alternative: str | None = None, null_value: tuple[str, float] | None = None,
                conf_int: tuple[float, float, float] | None = None, estimate: tuple[list[str], list] | None = None,
                digits: int = 7) -> str:
    """``print.htest``: the method (tab-prefixed), ``data:``, the statistic / parameter / p-value line,
    the alternative, the confidence interval and the estimates, as R 4.2.2 prints them."""
    out = ["", *strwrap(method, int(0.9 * WIDTH), prefix="\t"), "", f"data:  {data_name}"]
    parts = []
    if statistic is not None and not (isinstance(statistic[1], float) and math.isnan(statistic[1])):
        parts.append(f"{statistic[0]} = {format1(statistic[1], max(1, digits - 2))}")
    if parameter is not None:
        parts.append(f"{parameter[0]} = {format1(parameter[1], max(1, digits - 2))}")
    if p_value is not None:
        fp = format_pval([p_value], max(1, digits - 3))[0]
        parts.append("p-value " + (fp if fp.startswith("<") else "= " + fp))
    out += strwrap(", ".join(parts), int(0.9 * WIDTH))
    if alternative is not None:
        if null_value is not None:
            alt = {"two.sided": "not equal to", "less": "less than", "greater": "greater than"}[alternative]
            out.append(f"alternative hypothesis: true {null_value[0]} is {alt} {format1(null_value[1], 15)}")
        else:
            out.append(f"alternative hypothesis: {alternative}")
    if conf_int is not None:
        lo, hi, level = conf_int
        out.append(f"{format1(100 * level)} percent confidence interval:")
        out.append(" " + " ".join(format_num([lo, hi], digits)))
    if estimate is not None:
        out.append("sample estimates:")
        out.append(print_named(estimate[1], estimate[0], digits))
    out.append("")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------------
# notebooks and repr
def html_table(cols: Sequence[Sequence[str]], colnames: Sequence[str], rownames: Sequence[str] | None = None,
               caption: str | None = None, rowhead: str = "") -> str:
    """An HTML ``<table>`` of already formatted cells (escaped), for ``_repr_html_``."""
    e = html.escape
    head = ([f"<th>{e(rowhead)}</th>"] if rownames is not None else []) + [f"<th>{e(c)}</th>" for c in colnames]
    rows = []
    nrow = len(cols[0]) if cols else 0
    for i in range(nrow):
        cells = ([f"<th>{e(str(rownames[i]))}</th>"] if rownames is not None else [])
        cells += [f"<td>{e(str(col[i]).strip())}</td>" for col in cols]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{e(caption)}</caption>" if caption else ""
    return (f'<table class="cmvt-table">{cap}<thead><tr>{"".join(head)}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def html_block(title: str, *parts: str) -> str:
    """A titled block of HTML parts (tables, preformatted text) for a notebook."""
    return f'<div class="cmvt-result"><strong>{html.escape(title)}</strong>{"".join(parts)}</div>'


def html_pre(text: str) -> str:
    return f"<pre>{html.escape(text)}</pre>"


def head_tail(lines: list[str], keep: int = 6) -> list[str]:
    """The first and last ``keep`` lines of a long table with a line saying how many were left out."""
    if len(lines) <= 2 * keep + 1:
        return lines
    return [*lines[:keep], f"... {len(lines) - 2 * keep} rows omitted ...", *lines[-keep:]]


def short(text: str, limit: int = REPR_MAX) -> str:
    """``text`` cut to stay below ``limit`` characters (the cut said in its last line)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 60]
    cut = cut[: cut.rfind("\n")] if "\n" in cut else cut
    return cut + f"\n... ({len(text) - len(cut)} more characters; print() shows all)"


# ------------------------------------------------------------------------------------------------
# rms's model print (prModFit / prStats / formatNP)
def format_np(x, digits: int | None = None, pvalue: bool = False) -> list[str]:
    """rms's ``formatNP(x, digits, pvalue)``: ``format(round(x, digits), nsmall = digits, scientific = 1)``;
    with ``pvalue``, values below 10^-digits become "<0.0...1"."""
    a = np.atleast_1d(np.asarray(x, dtype=float))
    if digits is None:
        f = format_num(a, 7, 0, 1)
    else:
        f = format_num(r_round(a, digits), 7, digits, 1)
    f = ["" if math.isnan(v) else s for v, s in zip(a, f)]
    if pvalue:
        lim = 10.0 ** (-digits)
        f = [("<0." + "0" * (digits - 1) + "1") if (not math.isnan(v) and v < lim) else s for v, s in zip(a, f)]
    return f


def pr_stats(labels: Sequence[str], groups: Sequence[Sequence[tuple[str, str]]]) -> list[str]:
    """rms's ``prStats`` (plain text): one column per group of (name, formatted value), under a centred
    label, laid out by Hmisc's ``print.char.matrix(vsep = "", hsep = "    ", csep = "")`` (every line of a
    column right-justified to the column's width).  As rms, a column's width counts the *last* name only."""
    def spaces(n: float) -> str:
        return "" if n <= 0.5 else " " * int(math.floor(n))

    cols: list[tuple[list[str], list[str]]] = []
    for lab, items in zip(labels, groups):
        labs = lab.split("\n") if lab else [""]
        wid = max(len(s) for s in labs)
        last = items[-1][0]
        for _, v in items:
            wid = max(wid, 1 + len(last) + len(v))
        head = [spaces((wid - len(s)) / 2) + s for s in labs]
        body = [n + spaces(wid - len(v) - len(n)) + v for n, v in items]
        cols.append((head, body))
    nh = max(len(h) for h, _ in cols)
    nb = max(len(b) for _, b in cols)
    lines = [""] * (nh + nb)
    for head, body in cols:
        cells = [s if s else " " for s in head] + [" "] * (nh - len(head))
        cells += [s if s else " " for s in body] + [" "] * (nb - len(body))
        w = max(len(s) for s in cells)
        for i, s in enumerate(cells):
            lines[i] += s.rjust(w) + "    "
    return lines


# ------------------------------------------------------------------------------------------------ data frames
def frame_cols(df, digits: int = 7) -> list[list[str]]:
    """The columns of a DataFrame as ``print.data.frame`` formats them (numbers by ``format(x, digits)``)."""
    out = []
    for c in df.columns:
        v = df[c]
        if v.dtype.kind in "fiub":
            out.append(format_num(v.to_numpy(dtype=float), digits) if v.dtype.kind == "f" else
                       [str(int(a)) if a == a else "NA" for a in v.to_numpy(dtype=float)])
        else:
            out.append(["NA" if a is None or (isinstance(a, float) and math.isnan(a)) else str(a) for a in v])
    return out


def print_frame(df, digits: int = 7, rows: int | None = None) -> str:
    """``print.data.frame``: columns right-justified, row names left; ``rows`` keeps a head and tail."""
    note = ""
    if rows is not None and len(df) > 2 * rows + 1:
        note = f"\n... {len(df) - 2 * rows} of {len(df)} rows omitted (print() shows all) ..."
        df = df.iloc[list(range(rows)) + list(range(len(df) - rows, len(df)))]
    return print_matrix(frame_cols(df, digits), [str(c) for c in df.columns], [str(i) for i in df.index]) + note


def html_frame(df, title: str, digits: int = 7, rows: int = 30) -> str:
    """A DataFrame as a titled HTML table (its first and last ``rows`` rows)."""
    if len(df) > 2 * rows:
        df = df.iloc[list(range(rows)) + list(range(len(df) - rows, len(df)))]
    return html_block(title, html_table(frame_cols(df, digits), [str(c) for c in df.columns],
                                        [str(i) for i in df.index]))
