"""Decoding names the format from the bytes (no plugin guessing, see the module's
docstring): every format the server serves decodes, anything else is a null image."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop_app.qt.image_decoding import decode_image, image_format


def encoded(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (7, 5), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "GIF", "BMP"])
def test_pictures_decode_at_their_size(qapp, fmt):
    data = encoded(fmt)
    assert image_format(data) == fmt
    image = decode_image(data)
    assert (image.width(), image.height()) == (7, 5)


def test_webp_and_tiff_are_recognised():
    assert image_format(encoded("WEBP")) == "WEBP"
    assert image_format(encoded("TIFF")) == "TIFF"


@pytest.mark.parametrize(
    "data", [b"", b"not a picture", b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>']
)
def test_anything_else_is_a_null_image(qapp, data):
    assert decode_image(data).isNull()
