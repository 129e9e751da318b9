"""Red-team fixtures: the tiny stand-in embedder for every in-process CLI run."""

from __future__ import annotations

import pytest
from _redteam import use_tiny_embedder


@pytest.fixture(scope="module")
def tiny():
    """The tiny embedding model, used by every demandlens module for this test module."""
    with pytest.MonkeyPatch.context() as mp:
        yield use_tiny_embedder(mp)
