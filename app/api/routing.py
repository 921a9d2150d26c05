"""Routers made one way: operation ids are handler names, summaries their docstrings."""

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from app.observability import RecordedRoute


def _operation_id(route: APIRoute) -> str:
    return route.name


def make_router(tag: str) -> APIRouter:
    return APIRouter(tags=[tag], generate_unique_id_function=_operation_id)


# What an APIRoute was declared with, besides its path and endpoint: all of it is on the
# route, its own router's prefix, tags and defaults already applied.
_ROUTE_ATTRIBUTES = (
    "response_model",
    "status_code",
    "tags",
    "summary",
    "description",
    "response_description",
    "responses",
    "deprecated",
    "methods",
    "operation_id",
    "response_model_include",
    "response_model_exclude",
    "response_model_by_alias",
    "response_model_exclude_unset",
    "response_model_exclude_defaults",
    "response_model_exclude_none",
    "include_in_schema",
    "response_class",
    "name",
    "openapi_extra",
    "generate_unique_id_function",
)


def include(app: FastAPI, router: APIRouter, prefix: str = "") -> None:
    """Add `router`'s routes, under `prefix`, to the app's own router: one flat list.

    FastAPI's `include_router` keeps each included router as a branch that every request
    walks (and walks again to dispatch): with a router per kind under /v1, matching cost
    more than serving a stored record. The routes are added as declared (a route without
    a summary gets its handler's first docstring line), each one noting its template for
    the metrics (`RecordedRoute`).
    """
    for route in router.routes:
        if not isinstance(route, APIRoute):
            raise TypeError(f"{route!r}: only API routes can be included flat")
        attributes = {name: getattr(route, name) for name in _ROUTE_ATTRIBUTES}
        if not route.summary and route.endpoint.__doc__:
            # The summary is the first line of the handler's docstring.
            attributes["summary"] = route.endpoint.__doc__.strip().splitlines()[0]
        app.router.add_api_route(
            prefix + route.path,
            route.endpoint,
            dependencies=list(route.dependencies),
            route_class_override=RecordedRoute,
            **attributes,
        )
