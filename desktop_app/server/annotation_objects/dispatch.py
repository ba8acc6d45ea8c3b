"""annotation-objects.bulk.add and figures.bulk.add go to the handler of the
item's project type. Point clouds are handled (point_clouds/append.py); a
videos handler is added here the same way. Other types are refused (400)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop_app.server.context import Ctx
from desktop_app.server.db.models import Dataset, Image, Project
from desktop_app.server.errors import InvalidInput
from desktop_app.server.point_clouds import append as point_clouds

# project type -> (ctx, dataset, project, raw object items) -> [{"id", ...}]
ObjectsAdder = Callable[[Ctx, Dataset, Project, list[Any]], list[dict[str, Any]]]
# project type -> (ctx, item, raw figures of that item) -> [{"id"}]
FiguresAdder = Callable[[Ctx, Image, list[Any]], list[dict[str, Any]]]

OBJECT_ADDERS: dict[str, ObjectsAdder] = {"point_clouds": point_clouds.add_objects}
FIGURE_ADDERS: dict[str, FiguresAdder] = {"point_clouds": point_clouds.add_figures}


def _handler(table: dict[str, Any], project: Project, what: str) -> Any:
    handler = table.get(project.type)
    if handler is None:
        supported = ", ".join(sorted(table))
        raise InvalidInput(f"{what} is not supported for {project.type} projects (supported: {supported})")
    return handler


def add_objects(ctx: Ctx, dataset: Dataset, project: Project, items: list[Any]) -> list[dict[str, Any]]:
    return _handler(OBJECT_ADDERS, project, "annotation-objects.bulk.add")(ctx, dataset, project, items)


def add_figures(ctx: Ctx, item: Image, project: Project, figures: list[Any]) -> list[dict[str, Any]]:
    return _handler(FIGURE_ADDERS, project, "figures.bulk.add")(ctx, item, figures)
