"""Procedural pictures for demo images (those with no stored file).

The picture depends only on the image id, its size and its ground-truth
boxes, so every server process renders the same bytes, and the annotation
lines up with what is drawn: each ground-truth box is filled with a simple
silhouette of its class, in the class color."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.server.db.models import Figure, Image, ObjClass

PREDICTION_SUFFIX = "_pred"  # a prediction is a box of a "<class>_pred" class (the app's shared/predictions.py rule)
JPEG_QUALITY = 88


@dataclass(frozen=True)
class Box:
    """A ground-truth box in wire form: right and bottom are exclusive edges."""

    title: str
    color: str
    left: int
    top: int
    right: int
    bottom: int


def is_prediction(class_title: str) -> bool:
    """By the class, never by a confidence tag: ground truth given a confidence is still drawn."""
    return class_title.endswith(PREDICTION_SUFFIX) and len(class_title) > len(PREDICTION_SUFFIX)


def ground_truth_boxes(session: Session, image: Image) -> list[Box]:
    """The image's rectangles that are not model predictions, oldest first."""
    rows = session.execute(
        select(Figure.points, ObjClass.title, ObjClass.color)
        .join(ObjClass, ObjClass.id == Figure.class_id)
        .where(Figure.image_id == image.id, Figure.geometry_type == "rectangle")
        .order_by(Figure.id)
    ).all()
    boxes = []
    for points, title, color in rows:
        if is_prediction(title):
            continue
        try:
            (x1, y1), (x2, y2) = points["exterior"][:2]
            left, right = sorted((int(x1), int(x2)))
            top, bottom = sorted((int(y1), int(y2)))
        except (KeyError, TypeError, ValueError):
            continue  # a malformed figure is skipped rather than breaking the picture
        boxes.append(Box(title, color, left, top, right, bottom))
    return boxes


def _hex_rgb(color: str) -> tuple[int, int, int]:
    try:
        value = int(color.lstrip("#")[:6], 16)
    except ValueError:
        return (200, 60, 60)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def _shade(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, int(c * factor))) for c in rgb)  # type: ignore[return-value]


def _gradient(width: int, height: int, top: tuple, bottom: tuple) -> PILImage.Image:
    ramp = PILImage.linear_gradient("L").resize((max(1, width), max(1, height)), PILImage.Resampling.BILINEAR)
    return ImageOps.colorize(ramp, top, bottom)


def _background(rng: random.Random, width: int, height: int) -> PILImage.Image:
    """A street-like scene: sky gradient, a skyline, a road; colors vary by id."""
    horizon = int(height * rng.uniform(0.35, 0.55))
    night = rng.random() < 0.3
    sky_top = (
        (rng.randint(10, 40), rng.randint(20, 50), rng.randint(60, 100))
        if night
        else (rng.randint(60, 120), rng.randint(130, 180), rng.randint(200, 250))
    )
    sky_bottom = _shade(sky_top, 1.6 if night else 1.25)
    road_top = (rng.randint(70, 110),) * 3
    road_bottom = _shade(road_top, 0.6)
    picture = PILImage.new("RGB", (width, height))
    picture.paste(_gradient(width, horizon, sky_top, sky_bottom), (0, 0))
    picture.paste(_gradient(width, height - horizon, road_top, road_bottom), (0, horizon))
    draw = ImageDraw.Draw(picture)
    x = 0
    while x < width:  # muted buildings along the horizon
        w = int(width * rng.uniform(0.05, 0.14))
        h = int(horizon * rng.uniform(0.15, 0.6))
        grey = rng.randint(40, 90) if night else rng.randint(120, 180)
        draw.rectangle([x, horizon - h, x + w, horizon], fill=(grey, grey, grey + 10))
        x += w + int(width * rng.uniform(0.0, 0.03))
    lane_y = horizon + (height - horizon) * 2 // 3
    for x in range(rng.randint(0, 40), width, 90):
        draw.rectangle([x, lane_y, x + 45, lane_y + max(2, height // 120)], fill=(220, 220, 200))
    # Fine grain so previews are not flat colors.
    grain = PILImage.frombytes("L", (32, 24), rng.randbytes(32 * 24)).resize(
        (width, height), PILImage.Resampling.BILINEAR
    )
    return PILImage.blend(picture, PILImage.merge("RGB", (grain, grain, grain)), 0.08)


def _draw_silhouette(draw: ImageDraw.ImageDraw, box: Box) -> None:
    fill = _hex_rgb(box.color)
    edge = _shade(fill, 0.55)
    left, t, r, b = box.left, box.top, box.right - 1, box.bottom - 1  # PIL boxes include both ends
    w, h = r - left, b - t
    if w < 2 or h < 2:
        draw.rectangle([left, t, max(left, r), max(t, b)], fill=fill)
        return
    line = max(1, min(w, h) // 20)
    if box.title.startswith("car"):
        wheel = min(h * 0.35, w * 0.22)
        roof = [
            (left + w * 0.22, t + h * 0.4),
            (left + w * 0.32, t),
            (left + w * 0.7, t),
            (left + w * 0.82, t + h * 0.4),
        ]
        draw.polygon(roof, fill=_shade(fill, 0.85), outline=edge)
        draw.rounded_rectangle(
            [left, t + h * 0.35, r, b - wheel * 0.5], radius=max(1, h // 8), fill=fill, outline=edge, width=line
        )
        for cx in (left + w * 0.22, r - w * 0.22):
            draw.ellipse([cx - wheel / 2, b - wheel, cx + wheel / 2, b], fill=(25, 25, 25))
    elif box.title.startswith("person"):
        head = min(w, h * 0.22)
        cx = left + w / 2
        draw.ellipse([cx - head / 2, t, cx + head / 2, t + head], fill=fill, outline=edge)
        draw.rounded_rectangle([left, t + head, r, b], radius=max(1, w // 4), fill=fill, outline=edge, width=line)
    elif box.title.startswith("bicycle"):
        wheel = min(w * 0.45, h * 0.75)
        ring = max(2, int(wheel // 8))
        for x0 in (left, r - wheel):
            draw.ellipse([x0, b - wheel, x0 + wheel, b], outline=fill, width=ring)
        frame = [(left + wheel / 2, b - wheel / 2), (left + w / 2, t + h * 0.3), (r - wheel / 2, b - wheel / 2)]
        draw.line(frame, fill=fill, width=ring)
        draw.line([(left + w * 0.4, t), (left + w * 0.6, t), (left + w / 2, t + h * 0.3)], fill=edge, width=ring)
    elif box.title.startswith("dog"):
        head = min(w * 0.35, h * 0.5)
        draw.ellipse([left, t, left + head, t + head], fill=fill, outline=edge)
        draw.rounded_rectangle(
            [left + head * 0.6, t + h * 0.25, r, b - h * 0.25],
            radius=max(1, h // 6),
            fill=fill,
            outline=edge,
            width=line,
        )
        leg = max(2, w // 12)
        for x0 in (left + head * 0.7, r - leg * 2):
            draw.rectangle([x0, b - h * 0.3, x0 + leg, b], fill=edge)
    else:
        draw.rounded_rectangle([left, t, r, b], radius=max(1, min(w, h) // 6), fill=fill, outline=edge, width=line)


def render_image(image_id: int, width: int, height: int, boxes: list[Box]) -> bytes:
    """JPEG bytes of the demo picture; identical for identical arguments."""
    if width < 1 or height < 1:
        raise ValueError(f"cannot render an image of size {width}x{height}")
    rng = random.Random(image_id * 1_000_003 + 7)
    picture = _background(rng, width, height)
    draw = ImageDraw.Draw(picture)
    for box in boxes:
        _draw_silhouette(draw, box)
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()
