"""Routers made one way: operation ids are handler names, summaries their docstrings."""

from fastapi import APIRouter
from fastapi.routing import APIRoute


def _operation_id(route: APIRoute) -> str:
    return route.name


def make_router(tag: str) -> APIRouter:
    return APIRouter(tags=[tag], generate_unique_id_function=_operation_id)


def summarise(router: APIRouter) -> APIRouter:
    """Give each route the first line of its handler's docstring as its summary. Run it
    on a router before including it anywhere."""
    for route in router.routes:
        if isinstance(route, APIRoute) and route.endpoint.__doc__ and not route.summary:
            route.summary = route.endpoint.__doc__.strip().splitlines()[0]
    return router
