"""The Content-Security-Policy (issue 12): only our own resources, no inline script, no plugins,
no <base>, and no inline style: a page's looks are in static/fasttrack.css, by class.

A standalone document served as a page (the steering report, the what-if page: one HTML file,
also downloaded and made into a PDF, with its styles in <style> elements) is answered with a
policy that allows exactly its own <style> elements, by their SHA-256, and nothing else inline.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from fastapi.responses import HTMLResponse

HEADER = "content-security-policy"
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def policy(style_hashes: Iterable[str] = ()) -> str:
    styles = "".join(f" 'sha256-{digest}'" for digest in style_hashes)
    return (
        f"default-src 'self'; img-src 'self' data:; style-src 'self'{styles}; "
        "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def document_response(html: str | bytes) -> HTMLResponse:
    """A standalone HTML document as a page, its own <style> elements allowed."""
    text = html.decode() if isinstance(html, bytes) else html
    hashes = dict.fromkeys(_sha256(block) for block in _STYLE_ELEMENT.findall(text))
    return HTMLResponse(text, headers={HEADER: policy(hashes)})
