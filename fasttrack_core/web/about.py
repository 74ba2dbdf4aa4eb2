"""The page about Fast track: where emails to employees, leaders and participants link."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fasttrack_core.presentation.links import PUBLIC_INFO_PATH
from fasttrack_core.web.templating import page

router = APIRouter(include_in_schema=False)


@router.get(PUBLIC_INFO_PATH)
def about(request: Request) -> Response:
    return page(request, "about.html")
