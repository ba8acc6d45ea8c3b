"""Triage settings, the items-per-minute counter, a video's mistakes frame by frame and
its video-level tag edit, without Qt or a server."""

from __future__ import annotations

import pytest

from desktop_app.api.video_records import VideoAnnotation
from desktop_app.domain.triage import (
    DEFAULT_VERDICTS,
    InvalidTriageSettings,
    PaceCounter,
    check_verdicts,
    frame_mistakes,
    unmatched_boxes,
    verdict_of_tag,
    verdicts_from_settings,
    verdicts_to_settings,
)
from desktop_app.domain.triage_tag import tag_meta_added, video_tag_value, with_image_tag, with_video_tag


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


def _video(frames: dict[int, list[tuple[str, tuple[int, int, int, int]]]]) -> VideoAnnotation:
    """A video annotation as videos.annotations.bulk.info answers it; one object per box,
    predictions with confidence 0.9 (boxes as edges, right/bottom exclusive)."""
    objects, wire_frames = [], []
    for index, boxes in frames.items():
        figures = []
        for n, (title, (left, top, right, bottom)) in enumerate(boxes):
            key = f"o{index}-{n}"
            tags = [{"name": "confidence", "value": 0.9}] if title.endswith("_pred") else []
            objects.append({"key": key, "classTitle": title, "tags": tags})
            exterior = [[left, top], [right - 1, bottom - 1]]  # the video form: inclusive pixels
            figures.append(
                {"objectKey": key, "geometryType": "rectangle", "geometry": {"points": {"exterior": exterior}}}
            )
        wire_frames.append({"index": index, "figures": figures})
    return VideoAnnotation.from_json(
        {
            "videoId": 7,
            "size": {"width": 320, "height": 180},
            "framesCount": 10,
            "objects": objects,
            "frames": wire_frames,
        }
    )


def test_a_videos_mistakes_are_found_frame_by_frame_with_the_same_rule():
    car, elsewhere = (10, 10, 50, 50), (200, 100, 240, 140)
    video = _video(
        {
            0: [("car", car), ("car_pred", (12, 10, 52, 50))],  # matched: no mistake
            3: [("car", car), ("car_pred", elsewhere)],  # a false positive and a missed car
            4: [("car", car)],  # missed; the prediction on frame 5 at the same place does not count here
            5: [("car_pred", car)],  # a false positive
        }
    )
    mistakes = frame_mistakes(video, ["car"], 0.5)
    assert list(mistakes) == [3, 4, 5]
    assert mistakes[3] == ([elsewhere], [car])
    assert mistakes[4] == ([], [car]) and mistakes[5] == ([car], [])
    for frame in (0, 3, 4, 5):  # the same as the image rule on that frame's boxes
        assert unmatched_boxes(video.frame_annotation(frame), ["car"], 0.5) == mistakes.get(frame, ([], []))
    assert list(frame_mistakes(video, ["car"], 0.99)) == [0, 3, 4, 5]  # strict: frame 0's pair no longer matches


def test_the_video_tag_edit_is_video_level_and_keeps_ranged_tags():
    annotation = {"tags": [{"name": "triage", "value": "x", "frameRange": [2, 4]}, {"name": "weather", "value": "sun"}]}
    changed = with_video_tag(annotation, "triage", "false positive")
    assert changed["tags"] == [*annotation["tags"], {"name": "triage", "value": "false positive"}]
    assert with_video_tag(changed, "triage", None)["tags"] == annotation["tags"]
    video = VideoAnnotation.from_json(changed)
    assert video_tag_value(video, "triage") == "false positive"
    assert video_tag_value(VideoAnnotation.from_json(annotation), "triage") is None  # a ranged one is not the verdict
