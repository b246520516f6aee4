"""cmvt_core._docs: docstring pieces written once and filled in at their placeholder's indentation."""
from __future__ import annotations

import pytest

from cmvt_core import _docs


def test_a_piece_is_filled_in_at_the_placeholders_indentation():
    _docs.register(_t_param="""
        x : int
            The x.
    """)

    @_docs.fill_doc
    def f(x: int) -> int:
        """Summary.

        Parameters
        ----------
        {{_t_param}}
        """
        return x

    assert f.__doc__.split("\n")[4:6] == ["        x : int", "            The x."]


def test_an_unknown_piece_fails_at_decoration():
    with pytest.raises(KeyError, match="_t_missing"):
        @_docs.fill_doc
        def g() -> None:
            """Summary.

            {{_t_missing}}
            """
