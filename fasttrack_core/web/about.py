"""The page about Fast track: where emails to employees, leaders and participants link (in
Danish or English: web/public.py)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fasttrack_core.presentation.links import PUBLIC_INFO_PATH
from fasttrack_core.web.public import public_page

router = APIRouter(include_in_schema=False)


@router.get(PUBLIC_INFO_PATH)
def about(request: Request) -> Response:
    return public_page(request, "about.html")
