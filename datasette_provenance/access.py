"""The one gate every plugin page passes: the database in the URL, visible to the actor;
and how a .json route answers when it refuses."""
from __future__ import annotations

from typing import Iterable

from datasette.utils import tilde_decode
from datasette.utils.asgi import BadRequest, Forbidden, NotFound, Response

from .compat import can_view


async def viewable_database(datasette, request, tables: Iterable[str]):
    """The database named by the route's ``database`` (tilde-encoded) if the actor may
    view it and each of ``tables``; NotFound / Forbidden otherwise. Checked before
    anything is read, so a 403 tells nothing about what the database holds."""
    name = tilde_decode(request.url_vars["database"])
    try:
        db = datasette.get_database(name)
    except KeyError:
        raise NotFound(f"Database not found: {name}")
    if not await can_view(datasette, request.actor, name, tables):
        raise Forbidden("You do not have permission to view this database")
    return db


def wants_json(request) -> bool:
    return bool(request.url_vars.get("format"))


class Missing(NotFound):
    """The article, source, outlet or job a page is about is not in the database (which the
    actor may view). Its HTML page leads somewhere (``links``: [(label, url)]) instead of
    Datasette's bare error page: an article's id is a hash of its text, so a link to an
    article that was edited and loaded again finds nothing."""

    def __init__(self, message: str, database: str, links):
        super().__init__(message)
        self.database, self.links = database, list(links)


def json_errors(view):
    """A .json route answers its errors in JSON on both versions (0.65 would render
    its HTML error page for a 403). HTML routes keep Datasette's own error pages, but
    for a Missing row, whose page says where to look instead."""
    statuses = ((Forbidden, 403), (NotFound, 404), (BadRequest, 400))

    async def wrapped(datasette, request):
        try:
            return await view(datasette, request)
        except (Forbidden, NotFound, BadRequest) as error:
            if isinstance(error, Missing) and not wants_json(request):
                return Response.html(await datasette.render_template(
                    "provenance_missing.html",
                    {"message": str(error), "links": error.links, "database": error.database},
                    request=request), status=404)
            if not wants_json(request):
                raise
            status = next(code for kind, code in statuses if isinstance(error, kind))
            return Response.json({"ok": False, "error": str(error), "status": status},
                                 status=status)

    wrapped.__name__ = view.__name__
    return wrapped
