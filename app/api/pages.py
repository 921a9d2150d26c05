"""The pages a browser opens: the explorer at `/`, and the API documentation at `/docs`
(Swagger UI) and `/redoc` (ReDoc), every asset served by the app itself, no CDN.

Swagger UI's and ReDoc's files come from the `fastapi-offline` package, which vendors
them; the explorer's files are in `app/static`. No page has an inline script or style,
so a strict Content-Security-Policy can cover them.
"""

from html import escape
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from app.api.routing import include

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VENDOR_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"

router = APIRouter(include_in_schema=False)

_DOCS = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - Swagger UI</title>
<link rel="stylesheet" href="{root}/static/vendor/swagger-ui.css">
<link rel="icon" href="{root}/static/vendor/favicon.png">
</head>
<body data-openapi-url="{root}/openapi.json">
<div id="swagger-ui"></div>
<script src="{root}/static/vendor/swagger-ui-bundle.js"></script>
<script src="{root}/static/docs/swagger-init.js"></script>
</body>
</html>
"""

_REDOC = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} - ReDoc</title>
<link rel="icon" href="{root}/static/vendor/favicon.png">
</head>
<body>
<redoc spec-url="{root}/openapi.json"></redoc>
<script src="{root}/static/vendor/redoc.standalone.js"></script>
</body>
</html>
"""


def _root(request: Request) -> str:
    return escape(str(request.scope.get("root_path", "")).rstrip("/"))


@router.get("/docs")
def get_docs(request: Request) -> HTMLResponse:
    """Interactive documentation (Swagger UI)."""
    return HTMLResponse(_DOCS.format(title=escape(request.app.title), root=_root(request)))


@router.get("/redoc")
def get_redoc(request: Request) -> HTMLResponse:
    """Reference documentation (ReDoc)."""
    return HTMLResponse(_REDOC.format(title=escape(request.app.title), root=_root(request)))


def explorer_page() -> HTMLResponse:
    """The explorer, a static page built on the public JSON API."""
    return HTMLResponse((STATIC_DIR / "index.html").read_text(encoding="utf-8"))


def install_pages(app: FastAPI) -> None:
    """Serve /docs, /redoc and the static files (vendored documentation assets first)."""
    app.mount("/static/vendor", StaticFiles(directory=VENDOR_DIR), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    include(app, router)
