"""Triage settings and the items-per-minute counter, without Qt or a server."""

from __future__ import annotations

import pytest

from desktop_app.domain.triage import (
    DEFAULT_VERDICTS,
    InvalidTriageSettings,
    PaceCounter,
    check_verdicts,
    verdict_of_tag,
    verdicts_from_settings,
    verdicts_to_settings,
)
from desktop_app.domain.triage_tag import tag_meta_added, with_image_tag


def test_settings_round_trip_and_bad_ones_fall_back():
    saved = verdicts_to_settings(DEFAULT_VERDICTS) | {"false_positive.key": "x", "ambiguous.collection": " Unsure "}
    verdicts = verdicts_from_settings(saved)
    assert [v.key for v in verdicts] == ["X", "M", "A", "S"]
    assert verdicts[2].collection == "Unsure" and verdicts[3].collection is None
    assert verdicts_from_settings({"missing_label.key": "F"}) == DEFAULT_VERDICTS  # F twice: defaults
    assert verdicts_from_settings({}) == DEFAULT_VERDICTS
    assert verdict_of_tag(DEFAULT_VERDICTS, "missing label").name == "missing_label"
    assert verdict_of_tag(DEFAULT_VERDICTS, "something else") is None


@pytest.mark.parametrize(
    ("key", "words"), [("FF", "one letter or digit"), ("", "one letter or digit"), ("m", "is the key of both")]
)
def test_bad_keys_are_refused_in_words(key, words):
    verdicts = tuple(
        v if v.name != "ambiguous" else v.__class__(v.name, v.label, key, v.collection, v.tag_value)
        for v in DEFAULT_VERDICTS
    )
    with pytest.raises(InvalidTriageSettings, match=words):
        check_verdicts(verdicts)


def test_pace_counts_verdicts_per_minute_and_forgets_undone_ones():
    now = [0.0]
    pace = PaceCounter(lambda: now[0])
    assert pace.per_minute() is None and pace.text() == "— items/min"
    pace.record()
    now[0] = 20.0
    pace.record()
    now[0] = 30.0
    pace.record()
    assert pace.per_minute() == pytest.approx(6.0)  # 3 in 30 s
    pace.take_back()
    assert pace.count == 2 and pace.text() == "4.0 items/min"


def test_the_tag_edit_replaces_only_its_own_tag():
    annotation = {"tags": [{"name": "reviewed"}, {"name": "triage", "value": "ambiguous"}], "objects": []}
    changed = with_image_tag(annotation, "triage", "false positive")
    assert changed["tags"] == [{"name": "reviewed"}, {"name": "triage", "value": "false positive"}]
    assert annotation["tags"][1]["value"] == "ambiguous"  # the original is left as it was
    assert with_image_tag(annotation, "triage", None)["tags"] == [{"name": "reviewed"}]
    assert tag_meta_added({"tags": [{"name": "triage"}]}, "triage") is None
    assert tag_meta_added({"classes": [], "tags": []}, "triage")["tags"][0]["value_type"] == "any_string"
