"""The route class of every v3 router: a handler returns plain data and the
route answers it as JSON as it is, without response validation, so a page
of thousands of images costs only its json.dumps. A handler may also return
a Response of its own (images.download)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute


class V3Route(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        @functools.wraps(endpoint)  # FastAPI reads the parameters through __wrapped__
        def answer_as_json(*args: Any, **kw: Any) -> Any:
            result = endpoint(*args, **kw)
            return result if isinstance(result, Response) else JSONResponse(result)

        super().__init__(path, answer_as_json, **kwargs)
