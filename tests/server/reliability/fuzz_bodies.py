"""Hypothesis strategies for request bodies a v3 method must refuse cleanly:
the method's own field names (from the server's OpenAPI schema) filled with
wrong types, extreme and unknown ids, unicode, huge lists and nesting, plus
bodies that are not objects or not JSON at all."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

EXTREME_IDS = (0, -1, 1, 2, 3, 2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1, 10**30)
HUGE_LIST = list(range(1, 20_002))  # beyond the 10,000 ids a collection edit accepts
NASTY_TEXT = ("", " ", "\x00", "\ud800", "名前", "🙂" * 300, "x" * 70_000, "../../etc/passwd", "' OR 1=1 --", "%s%n")

ids = st.one_of(st.sampled_from(EXTREME_IDS), st.integers())
scalars = st.one_of(
    ids,
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(st.text(max_size=12), inner, max_size=6),
        st.just(HUGE_LIST),
    ),
    max_leaves=12,
)


def _encode(value: Any) -> bytes:
    # allow_nan: NaN and Infinity are not JSON, which is one more malformed body to send
    return json.dumps(value, allow_nan=True).encode()


def bodies(field_names: list[str]) -> st.SearchStrategy[bytes]:
    """Raw request bodies for a method whose body has `field_names`."""
    own = (
        st.dictionaries(st.sampled_from(field_names), values, max_size=len(field_names)) if field_names else st.just({})
    )
    with_extras = st.builds(lambda a, b: {**b, **a}, own, st.dictionaries(st.text(max_size=12), values, max_size=3))
    objects = st.one_of(own, with_extras).map(_encode)
    not_objects = values.map(_encode)
    not_json = st.one_of(st.binary(max_size=200), st.just(b"{"), st.just(b'{"a": 1,}'), st.just(b"\xff\xfe"))
    return st.one_of(objects, objects, objects, not_objects, not_json)
