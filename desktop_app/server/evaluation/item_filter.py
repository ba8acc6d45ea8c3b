"""The images.list typed filter on evaluation counts:
{"type": "evaluation", "data": {"kind": "fp"|"tp"|"fn", "from": 1, "to": null, "classId": null}}.

Without a class it is a range on the item's count column (an index range with
the project: ix_images_project_eval_*); with one, the count of that kind among
the class's verdicts (figure_matches), grouped by item. A "tp" counts the
prediction side of each pair, as the item counts do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, StrictInt, ValidationError
from sqlalchemy import and_, func, not_, select
from sqlalchemy.sql.elements import ColumnElement

from desktop_app.server.context import Ctx, Req
from desktop_app.server.db.models import FigureMatch, Image, ObjClass, Project
from desktop_app.server.errors import InvalidInput

if TYPE_CHECKING:  # images.filters imports this module
    from desktop_app.server.images.filters import Resolver

COUNT_COLUMNS = {"tp": Image.eval_tp, "fp": Image.eval_fp, "fn": Image.eval_fn}


class EvaluationData(Req):
    kind: Literal["tp", "fp", "fn"]
    from_: StrictInt = Field(default=1, alias="from", ge=0)
    to: StrictInt | None = Field(default=None, ge=0)  # None: no upper bound
    classId: StrictInt | None = None


def _parse(data: dict[str, Any]) -> EvaluationData:
    try:
        parsed = EvaluationData.model_validate(data)
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'data'}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(f"filter 'evaluation': {where}") from None
    if parsed.to is not None and parsed.from_ > parsed.to:
        raise InvalidInput(f"filter 'evaluation': 'from' ({parsed.from_}) is greater than 'to' ({parsed.to})")
    return parsed


def evaluation_condition(ctx: Ctx | Resolver, project: Project, f: Any) -> ColumnElement:
    data = _parse(f.data)
    if data.classId is None:
        count: Any = COUNT_COLUMNS[data.kind]
        return count >= data.from_ if data.to is None else count.between(data.from_, data.to)
    cls = ctx.session.get(ObjClass, data.classId)
    if cls is None or cls.project_id != project.id:
        raise InvalidInput(f"filter 'evaluation': class {data.classId} is not in project {project.id}")
    n = func.count(FigureMatch.figure_id)
    in_range = n >= data.from_ if data.to is None else n.between(data.from_, data.to)
    side = FigureMatch.prediction.is_(data.kind != "fn")
    having = (
        select(FigureMatch.image_id)
        .where(and_(FigureMatch.class_id == cls.id, FigureMatch.kind == data.kind, side))
        .group_by(FigureMatch.image_id)
    )
    if data.from_ >= 1:  # only items with such verdicts can match
        return Image.id.in_(having.having(in_range))
    return Image.id.not_in(having.having(not_(in_range)))  # items without any count 0 and match too
