"""One display name per theme and process, whichever surface asks."""

from __future__ import annotations

import pandas as pd

from _labels_fixture import make_label
from demandlens.labels.schema import ThemeLabel
from demandlens.labels.display import (
    OUTLIER_NAME,
    display_name,
    failure_type_name,
    process_name,
    process_names,
    theme_names,
)
from demandlens.labels.taxonomy import parse_taxonomy

THEMES = pd.DataFrame({
    "theme_key": ["th-a", "th-b", "th-c", "th-d"],
    "top_keywords": ["paket, försenat, levering, spårning", "faktura, belopp, fel",
                     "lösenord, login", None],
})


def test_analyst_name_wins_then_merge_name_then_keywords_then_key():
    themes = THEMES.assign(name=[None, "Invoice questions (merged)", "", None])
    labels = {"th-a": make_label("failure", "delivery", name="Late parcel"),
              "th-c": make_label("value", None, name="  ")}  # a blank name is no name
    names = theme_names(themes, labels)
    assert names == {"th-a": "Late parcel", "th-b": "Invoice questions (merged)",
                     "th-c": "lösenord, login", "th-d": "th-d"}


def test_same_name_twice_gets_the_key_so_a_legend_never_joins_two_themes():
    labels = {"th-a": ThemeLabel(name="Delivery"), "th-b": ThemeLabel(name="Delivery")}
    names = theme_names(THEMES, labels)
    assert names["th-a"] == "Delivery · th-a" and names["th-b"] == "Delivery · th-b"
    assert len(set(names.values())) == len(names)


def test_display_name_of_one_key_and_of_an_outlier():
    labels = {"th-b": ThemeLabel(name="Wrong invoice")}
    assert display_name("th-b", THEMES, labels) == "Wrong invoice"
    assert display_name("th-a", THEMES, None) == "paket, försenat, levering"
    assert display_name(None, THEMES, labels) == OUTLIER_NAME
    assert display_name(pd.NA, THEMES, labels) == OUTLIER_NAME
    assert display_name("th-zz", None, {"th-zz": ThemeLabel(name="Only in labels")}) == "Only in labels"


def test_names_work_from_labels_alone_and_refuse_an_unparsed_labels_file():
    import numpy as np
    import pytest

    labels = {"th-a": ThemeLabel(name="Late parcel")}
    assert theme_names(None, labels, keys=["th-a", "th-x"]) == {
        "th-a": "Late parcel", "th-x": "th-x"}
    assert theme_names(None, labels, keys=np.array(["th-a"], dtype=object)) == {
        "th-a": "Late parcel"}
    assert theme_names(None, labels, keys=np.array([], dtype=object)) == {}
    raw = {"th-a": {"name": "Late parcel"}}  # yaml.safe_load of a file, never validated
    with pytest.raises(TypeError, match="dl.load_labels"):
        theme_names(None, raw)


def test_process_names_come_from_the_taxonomy_the_project_uses():
    assert process_name("billing_payment") == "Billing and payment"
    own = parse_taxonomy(
        "processes:\n  - id: delivery\n    name: Leverans\n"
        "failure_types:\n  - id: done_late\n    name: För sent\n")
    assert process_name("delivery", own) == "Leverans"
    assert failure_type_name("done_late", own) == "För sent"
    assert process_name("not_in_taxonomy", own) == "not_in_taxonomy"  # shown, not hidden
    assert process_name(None) == "" and process_name(float("nan")) == ""
    names = process_names(own)
    assert names["unknown"].startswith("Not known yet") and names["none"] == "Not failure demand"
