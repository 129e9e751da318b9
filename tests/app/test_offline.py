"""Charts render in JupyterLab with no network: vega comes bundled, never from a CDN."""

from __future__ import annotations

import altair as alt
import pandas as pd

from demandlens.app import charts  # noqa: F401 - importing the chart module enables it
from demandlens.app.offline import RENDERER, offline_chart, use_offline_charts, vega_bundle


def test_package_charts_use_the_offline_renderer_and_keep_an_analysts_choice():
    assert alt.renderers.active == RENDERER
    try:
        alt.renderers.enable("svg")
        assert use_offline_charts() == "svg"  # the analyst's own choice stays
        assert use_offline_charts(force=True) == RENDERER
    finally:
        alt.renderers.enable(RENDERER)


def test_the_bundle_imports_nothing_from_the_network():
    js = vega_bundle()
    assert len(js) > 200_000  # vega, vega-lite and vega-embed inlined
    for host in ("esm.sh", "cdn.jsdelivr.net", "unpkg.com"):
        assert f"https://{host}" not in js
    assert "import " not in js.split("\n", 1)[0]


def test_a_chart_displays_as_a_widget_holding_the_bundle():
    chart = alt.Chart(pd.DataFrame({"a": [1, 2], "b": [3, 4]})).mark_bar().encode(x="a:O", y="b:Q")
    widget = offline_chart(chart)
    assert widget._esm == vega_bundle()
    bundle = chart._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data and "text/html" not in data
