"""Typed errors and warnings raised by cmvt_core."""

__all__ = ["InputError", "RWarning"]


class InputError(ValueError):
    """Bad input to a public function: the message names the column, row or value at fault.

    Parameters
    ----------
    message : str
        What is wrong, naming the column, row or value.
    """


class RWarning(UserWarning):
    """A warning that R itself would give for the same input, with R's meaning.

    Parameters
    ----------
    message : str
        R's warning text (with the column or count it concerns).
    """
