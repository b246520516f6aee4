"""The display tests draw without a screen (matplotlib's Agg backend) and close every pyplot figure they open."""
import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _no_open_figures():
    import matplotlib.pyplot as plt

    yield
    plt.close("all")
