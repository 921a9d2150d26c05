"""The error types and the one place that turns them into RFC 9457 problem+json.

Every 4xx and 5xx the API sends is a `Problem`: `type`, `title`, `status`, `detail`,
`instance`, and for bad parameters an `errors` list naming each parameter and why.
Handlers raise `ApiError` subclasses; Starlette's own 404/405 and FastAPI's request
validation are converted here too, so no other error shape can leak out.
"""

import logging
import uuid
from collections.abc import Sequence
from http import HTTPStatus
from typing import Literal

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from app.db import is_timeout, is_unavailable

log = logging.getLogger("app.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"
# The API only reads: every route answers GET and HEAD, nothing else.
ALLOWED_METHODS = "GET, HEAD"
# Keep echoed parameter names short: they are input, not ours.
_MAX_ECHO = 64

# Problem types: stable names a client can switch on. A problem's `type` is the relative
# URI `/problems/{name}`, the same string on every deployment and whatever the request's
# Host; resolved against the API's URL it is GET /problems/{name}, which describes it.
PROBLEM_TYPES: dict[str, tuple[int, str, str]] = {
    "not-found": (404, "Not Found", "No resource exists at this URL."),
    "method-not-allowed": (
        405,
        "Method Not Allowed",
        "The API is read-only: only GET and HEAD are served (see the Allow header).",
    ),
    "not-acceptable": (
        406,
        "Not Acceptable",
        "None of the media types in the Accept header, or none of the content codings in "
        "Accept-Encoding (identity included), can be served; the detail lists those that can.",
    ),
    "precondition-failed": (
        412,
        "Precondition Failed",
        "An If-Match or If-Unmodified-Since condition is false: the representation's ETag "
        "is not one of those given, or it changed after the date given.",
    ),
    "unknown-parameter": (
        400,
        "Unknown query parameter",
        "A query parameter is not one this endpoint accepts; `accepted` lists those it does. "
        "A typo must not silently return everything.",
    ),
    "invalid-parameter": (
        422,
        "Invalid parameter value",
        "A parameter has a value outside what it accepts; `errors` names each one and why.",
    ),
    "internal-error": (
        500,
        "Internal Server Error",
        "The server failed to answer; the request id identifies the failure in its log.",
    ),
    "unavailable": (
        503,
        "Service Unavailable",
        "The database cannot be reached or the query took too long; retry after the "
        "seconds in the Retry-After header.",
    ),
    "preflight-refused": (
        400,
        "CORS preflight refused",
        "A CORS preflight asked for a method or header the API does not allow; only GET "
        "and HEAD, with the usual request headers, are.",
    ),
    "rate-limited": (
        429,
        "Too Many Requests",
        "This client has used up its requests for the current window; the RateLimit and "
        "Retry-After headers say when it may send more.",
    ),
    "uri-too-long": (
        414,
        "URI Too Long",
        "The request target (path and query string) is longer than the server accepts.",
    ),
    "headers-too-large": (
        431,
        "Request Header Fields Too Large",
        "The request's headers, or one of them, are larger than the server accepts.",
    ),
    "invalid-host": (
        400,
        "Invalid Host header",
        "The request's Host header is missing, repeated, malformed, or names a host this "
        "deployment does not answer to (its ALLOWED_HOSTS setting lists those it does).",
    ),
}
# Seconds a client should wait after a 503: a stopped query, or a database away.
RETRY_AFTER_TIMEOUT = 1
RETRY_AFTER_UNAVAILABLE = 5


class ParameterError(BaseModel):
    """One bad parameter: where it is, its name, and what is wrong with its value."""

    model_config = ConfigDict(frozen=True)

    parameter: str = Field(description="The parameter's name.", examples=["limit"])
    location: Literal["query", "path", "header"] = Field(
        description="Where the parameter is: query string, path or header."
    )
    reason: str = Field(description="What is wrong.", examples=["must be at most 500"])


class Problem(BaseModel):
    """An RFC 9457 problem detail, served as application/problem+json."""

    type: str = Field(
        description="A URI reference naming the kind of problem, the same on every "
        "deployment: `/problems/{name}`, relative to the API's URL. GET it for a description.",
        examples=["/problems/invalid-parameter"],
    )
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.", examples=[422])
    detail: str = Field(description="What went wrong with this request.")
    instance: str = Field(description="The path of the request that failed.")
    errors: list[ParameterError] | None = Field(
        default=None, description="For bad parameters: each parameter and why it was refused."
    )
    accepted: list[str] | None = Field(
        default=None,
        description="For an unknown parameter: every query parameter this endpoint accepts.",
    )
    request_id: str | None = Field(
        default=None,
        description="The id this request was logged under, also in the X-Request-ID header.",
    )


class ProblemType(BaseModel):
    """What one problem `type` means."""

    type: str = Field(
        description="The `type` that problems of this kind carry.",
        examples=["/problems/invalid-parameter"],
    )
    title: str
    status: int
    description: str


class ApiError(Exception):
    """An error the API reports to the client as problem+json."""

    problem_type = "internal-error"

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[ParameterError] = (),
        accepted: Sequence[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        self.accepted = list(accepted) if accepted is not None else None
        self.headers = headers or {}

    @property
    def status(self) -> int:
        return PROBLEM_TYPES[self.problem_type][0]


class NotFound(ApiError):
    problem_type = "not-found"


class UnknownParameter(ApiError):
    problem_type = "unknown-parameter"


class InvalidParameter(ApiError):
    problem_type = "invalid-parameter"


class NotAcceptable(ApiError):
    problem_type = "not-acceptable"


class PreconditionFailed(ApiError):
    problem_type = "precondition-failed"


def echo(name: str) -> str:
    """A client-supplied name made safe to repeat back: printable and bounded."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in name)
    return cleaned if len(cleaned) <= _MAX_ECHO else cleaned[: _MAX_ECHO - 1] + "…"


def problem_type_uri(name: str) -> str:
    """A problem's `type`: never built from the request, so every Host sees one string."""
    return f"/problems/{name}"


def problem_response(
    request: Request,
    name: str,
    detail: str,
    *,
    errors: Sequence[ParameterError] = (),
    accepted: Sequence[str] | None = None,
    headers: dict[str, str] | None = None,
    request_id: str | None = None,
) -> Response:
    status, title, _ = PROBLEM_TYPES[name]
    body = Problem(
        type=problem_type_uri(name),
        title=title,
        status=status,
        detail=detail,
        instance=request.url.path[:512],
        errors=list(errors) or None,
        accepted=list(accepted) if accepted is not None else None,
        request_id=request_id or getattr(request.state, "request_id", None),
    )
    return Response(
        orjson.dumps(body.model_dump(mode="json", exclude_none=True)),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return problem_response(
        request,
        exc.problem_type,
        exc.detail,
        errors=exc.errors,
        accepted=exc.accepted,
        headers=exc.headers,
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return problem_response(request, "not-found", "No resource exists at this URL.")
    if exc.status_code == 405:
        return problem_response(
            request,
            "method-not-allowed",
            f"{request.method[:16]} is not allowed here; the API is read-only.",
            headers={"Allow": ALLOWED_METHODS},
        )
    # Any other HTTP error Starlette raises: keep its status, never its internals.
    status = exc.status_code if 400 <= exc.status_code < 600 else 500
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    body = {
        "type": "about:blank",
        "title": phrase,
        "status": status,
        "detail": phrase,
        "instance": request.url.path[:512],
    }
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def _location(loc: tuple[int | str, ...]) -> Literal["query", "path", "header"]:
    where = str(loc[0]) if loc else "query"
    return where if where in ("query", "path", "header") else "query"  # type: ignore[return-value]


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if any(_location(tuple(err.get("loc", ()))) == "path" for err in exc.errors()):
        # A key of the wrong shape (`/v1/nations/KEN`) names no record: the same 404 as
        # a well-formed key that names none, not a lesson in the key's syntax.
        return problem_response(
            request,
            "not-found",
            "No resource exists at this URL: its key is not of the form this path takes.",
        )
    errors = [
        ParameterError(
            parameter=echo(str(err["loc"][-1])) if err.get("loc") else "-",
            location=_location(tuple(err.get("loc", ()))),
            # pydantic's message says what is expected; it never includes the value.
            reason=str(err.get("msg", "invalid value")),
        )
        for err in exc.errors()
    ]
    return problem_response(
        request,
        "invalid-parameter",
        "; ".join(f"{e.parameter}: {e.reason}" for e in errors) or "invalid request",
        errors=errors,
    )


def database_problem(request: Request, exc: Exception) -> Response | None:
    """503 for a query stopped by the time limit or a database that cannot be used now;
    None for any other error (a bug: 500)."""
    if is_timeout(exc):
        log.warning("query stopped by the time limit: %s %s", request.method, request.url.path)
        return problem_response(
            request,
            "unavailable",
            "The query took longer than the server allows; retry later.",
            headers={"Retry-After": str(RETRY_AFTER_TIMEOUT)},
        )
    if is_unavailable(exc):
        log.warning(
            "database unavailable: %s %s: %s",
            request.method,
            request.url.path,
            type(getattr(exc, "orig", exc)).__name__,
        )
        return problem_response(
            request,
            "unavailable",
            "The database cannot be reached; retry later.",
            headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE)},
        )
    return None


def unhandled_response(request: Request, exc: BaseException) -> Response:
    """The answer to an exception nothing else handled: 503 for the database's own
    failures, else a generic 500 whose request id is in the server's log line."""
    if isinstance(exc, Exception) and (problem := database_problem(request, exc)) is not None:
        return problem
    request_id = getattr(request.state, "request_id", None) or uuid.uuid4().hex
    log.error(
        "request %s failed: %s %s", request_id, request.method, request.url.path, exc_info=exc
    )
    return problem_response(
        request,
        "internal-error",
        "The server could not answer this request.",
        request_id=request_id,
    )


async def _database_error(request: Request, exc: Exception) -> Response:
    return unhandled_response(request, exc)


async def _unhandled(request: Request, exc: Exception) -> Response:
    return unhandled_response(request, exc)


def install_error_handlers(app: FastAPI) -> None:
    """Route every error the app can raise through problem+json."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unhandled)


class Unavailable(ApiError):
    problem_type = "unavailable"

    def __init__(self, detail: str, *, retry_after: int = RETRY_AFTER_UNAVAILABLE) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})
