"""Typed errors and warnings raised by cmvt_core."""

__all__ = ["InputError", "RWarning"]


class InputError(ValueError):
    """Bad input to a public function: the message names the column, row or value at fault."""


class RWarning(UserWarning):
    """A warning that R itself would give for the same input, with R's meaning."""
