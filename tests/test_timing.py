"""Every stage shows its progress while it runs; timings land in the manifest either way."""

from __future__ import annotations

import threading
import time

import pytest

from demandlens.timing import STAGE_NAMES, Timer


def test_a_stage_shows_its_name_and_ticking_time_then_done(capsys):
    timer = Timer(progress=True)
    with timer.stage("reduce"):
        time.sleep(2.3)
    err = capsys.readouterr().err
    label = STAGE_NAMES["reduce"]
    assert f"{label}: 00:01" in err and f"{label}: 00:02" in err  # ticks while UMAP is silent
    assert f"{label} – done" in err
    assert timer.timings["reduce"] >= 2.3
    assert not [t for t in threading.enumerate() if t.name.startswith("progress:")]


def test_a_failed_stage_says_stopped_and_still_records_its_time(capsys):
    timer = Timer(progress=True)
    with pytest.raises(RuntimeError), timer.stage("describe"):
        raise RuntimeError("boom")
    assert f"{STAGE_NAMES['describe']} – stopped" in capsys.readouterr().err
    assert "describe" in timer.timings


def test_without_progress_nothing_is_shown(capsys):
    timer = Timer()
    with timer.stage("cluster"):
        pass
    assert capsys.readouterr().err == "" and "cluster" in timer.timings
