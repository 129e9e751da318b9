"""altair charts that render in JupyterLab with no network.

altair's default renderer loads vega from a CDN, which fails offline ("Error loading script").
:func:`use_offline_charts` switches altair to its ``jupyter`` renderer (an anywidget) with vega,
vega-lite and vega-embed bundled by vl-convert, which demandlens already depends on. Bundling
takes a few seconds, so the bundle is kept on disk (one file per altair and vl-convert version
under ``~/.cache/demandlens``) and every later kernel starts from it.

The chart modules (:mod:`demandlens.app.charts`, :mod:`demandlens.app.explore`) call it when
they are imported, so a notebook's first chart from the package already renders offline; an
analyst who chose another renderer (``alt.renderers.enable("svg")``) keeps it.

Example:
    >>> import altair as alt
    >>> _ = use_offline_charts()
    >>> alt.renderers.active
    'demandlens'
"""

from __future__ import annotations

import hashlib
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import altair as alt

from ..fileio import atomic_write_text

__all__ = ["use_offline_charts", "offline_chart", "vega_bundle"]

log = logging.getLogger(__name__)
RENDERER = "demandlens"


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "demandlens"


@lru_cache(maxsize=1)
def vega_bundle() -> str:
    """altair's JupyterChart front end with vega bundled in (no import from a CDN)."""
    import vl_convert as vlc
    from altair.jupyter import jupyter_chart
    from altair.utils._importers import vl_version_for_vl_convert

    source = jupyter_chart.load_js_src()
    lines = source.split("\n")
    while lines and (not lines[0].strip() or lines[0].startswith(("import", "//"))):
        lines.pop(0)  # the CDN imports; vl-convert's bundler supplies vega-embed and lodash
    body = "\n".join(lines)
    tag = hashlib.sha1(f"{alt.__version__}|{vlc.__version__}|{body}".encode()).hexdigest()[:12]
    cached = _cache_dir() / f"vega-bundle-{tag}.js"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    log.info("Bundling vega for offline charts (once per altair/vl-convert version)…")
    bundle = vlc.javascript_bundle(body, vl_version=vl_version_for_vl_convert())
    try:
        atomic_write_text(cached, bundle)
    except OSError as exc:  # a read-only home still renders, just bundles again next time
        log.warning("Could not keep the vega bundle in %s: %s", cached, exc)
    return bundle


@lru_cache(maxsize=1)
def _chart_class() -> type:
    class OfflineChart(alt.JupyterChart):  # type: ignore[misc, valid-type]
        """altair's JupyterChart with the vega bundle inlined."""

        _esm = vega_bundle()

    return OfflineChart


def offline_chart(chart: alt.TopLevelMixin, **kwargs: Any) -> alt.JupyterChart:
    """``chart`` as a widget that renders without network (selections readable from Python)."""
    return _chart_class()(chart, **kwargs)


def _render(spec: dict, **metadata: Any) -> Any:
    chart = alt.Chart.from_dict(spec)
    return offline_chart(chart, embed_options=metadata.get("embed_options"))._repr_mimebundle_()


def use_offline_charts(force: bool = False) -> str:
    """Make altair render offline in notebooks; returns the active renderer's name.

    Leaves an analyst's own renderer choice alone unless ``force``.
    """
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, _render)
    if force or alt.renderers.active in ("default", "html", RENDERER):
        alt.renderers.enable(RENDERER)
    return alt.renderers.active
