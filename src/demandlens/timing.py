"""Wall time per stage, recorded in the run manifest, and shown while it runs.

With ``progress=True`` every stage shows a line (a progress widget in JupyterLab, a status
line in a terminal) naming the stage in words and counting its elapsed time once a second,
so a long UMAP or describe step is never silent; when the stage ends the line says how long
it took. Stages that count their own items (ingest rows, embedded texts) add their own bar.

Example:
    >>> timer = Timer()
    >>> with timer.stage("ingest"):
    ...     pass
    >>> list(timer.timings)
    ['ingest']
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Timer", "STAGE_NAMES"]

log = logging.getLogger(__name__)

#: What each stage does, in the words its progress line shows.
STAGE_NAMES = {
    "ingest": "Reading, cleaning, masking and language-tagging the export",
    "embed": "Embedding (texts already in the cache are read, not embedded)",
    "reduce": "Reducing the embeddings (UMAP)",
    "cluster": "Grouping tickets into themes (HDBSCAN)",
    "map": "Laying out the 2-D map (UMAP)",
    "describe": "Describing themes (keywords per language, representative tickets)",
    "match": "Matching themes to the previous run",
    "assign": "Putting tickets into the previous run's themes",
    "cluster_new": "Grouping the tickets that fit no previous theme",
    "sample": "Drawing the sample to fit themes on",
}


@contextmanager
def _ticker(label: str, every: float = 1.0) -> Iterator[None]:
    """A progress line for ``label`` whose elapsed time ticks every ``every`` seconds."""
    from tqdm.auto import tqdm

    bar = tqdm(total=None, desc=label, bar_format="{desc}: {elapsed}", leave=True)
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(every):
            bar.refresh()

    thread = threading.Thread(target=tick, name=f"progress: {label}", daemon=True)
    thread.start()
    done = False
    try:
        yield
        done = True
    finally:
        stop.set()
        thread.join()
        bar.set_description_str(f"{label} – {'done' if done else 'stopped'}", refresh=False)
        bar.close()


class Timer:
    """Collects wall time per stage (seconds) for the run manifest.

    Args:
        progress: Show a progress line for every stage while it runs.
    """

    def __init__(self, progress: bool = False) -> None:
        self.timings: dict[str, float] = {}
        self.progress = progress

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        log.info("stage %s …", name)
        shown = _ticker(STAGE_NAMES.get(name, name)) if self.progress else _quiet()
        try:
            with shown:
                yield
        finally:
            self.timings[name] = round(time.perf_counter() - start, 3)
            log.info("stage %s done in %.1f s", name, self.timings[name])


@contextmanager
def _quiet() -> Iterator[None]:
    yield
