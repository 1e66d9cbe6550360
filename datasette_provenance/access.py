"""The one gate every plugin page passes: the database in the URL, visible to the actor."""
from __future__ import annotations

from typing import Iterable

from datasette.utils import tilde_decode
from datasette.utils.asgi import Forbidden, NotFound

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
