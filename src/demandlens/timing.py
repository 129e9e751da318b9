"""Wall time per stage, recorded in the run manifest.

Example:
    >>> timer = Timer()
    >>> with timer.stage("ingest"):
    ...     pass
    >>> list(timer.timings)
    ['ingest']
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Timer"]

log = logging.getLogger(__name__)


class Timer:
    """Collects wall time per stage (seconds) for the run manifest."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        log.info("stage %s …", name)
        try:
            yield
        finally:
            self.timings[name] = round(time.perf_counter() - start, 3)
            log.info("stage %s done in %.1f s", name, self.timings[name])
