"""Differences between Datasette 0.65.x and the 1.0 alphas, in one place."""
from __future__ import annotations

import asyncio
import contextvars
import functools
import copy
from typing import Iterable, Optional

from datasette.utils import actor_matches_allow
from datasette.version import __version__ as DATASETTE_VERSION

IS_1_0 = DATASETTE_VERSION.startswith("1.")
# row_actions exists only on the 1.0 alphas; on 0.65 its hookimpl is simply never called.
HAS_ROW_ACTIONS = IS_1_0
PLUGIN_NAME = "datasette-provenance"

# The plugin's own permissions, each about a table. On 1.0 they are registered actions
# (grant them with a `permissions:` block in datasette.yaml, or --root); on 0.65 the
# permission_allowed hook grants them to root. On both, the plugin configuration can
# grant them with an allow block:  plugins: {datasette-provenance: {permissions:
# {provenance-analyze: {id: alice}}}}
PLUGIN_ACTIONS = {
    "provenance-analyze": ("pa", "Analyse the text of a table's column with datasette-provenance"),
}


def database_color(datasette, name) -> Optional[str]:
    """The colour of a database's page-header bar, as Datasette's own pages draw it: 1.0's
    per-database colour; 0.65 draws every database page with ff0000 (its views'
    database_color), so the plugin's pages do too, and a click from a table into the
    dashboard keeps its bar."""
    try:
        db = datasette.get_database(name)
    except KeyError:
        return None
    color = getattr(db, "color", None)
    return (color() if callable(color) else color) or "ff0000"


def register_actions():
    """The plugin's actions for 1.0's register_actions hook."""
    from datasette.permissions import Action
    from datasette.resources import TableResource

    return [Action(name=name, abbr=abbr, description=description, resource_class=TableResource)
            for name, (abbr, description) in PLUGIN_ACTIONS.items()] + [rate_action()]


def configured_allow(datasette, action: str):
    """The allow block the plugin configuration gives ``action``, or None."""
    config = datasette.plugin_config(PLUGIN_NAME) or {}
    return (config.get("permissions") or {}).get(action)


def plugin_permission_sql(datasette, actor, action):
    """1.0 permission_resources_sql: honour the plugin configuration's allow block."""
    if action not in PLUGIN_ACTIONS and action != RATE_ACTION:
        return None
    allow = configured_allow(datasette, action)
    if allow is None or not actor_matches_allow(actor, allow):
        return None
    from datasette.permissions import PermissionSQL

    return PermissionSQL.allow(reason=f"{PLUGIN_NAME} plugin configuration")


def plugin_permission_allowed(datasette, actor, action, resource=None):
    """0.65 permission_allowed for the plugin's table actions.

    0.65 has no configurable permissions for plugin actions, so this reads the same
    ``permissions: <action>: <allow block>`` blocks the 1.0 alphas read, most specific
    first (table, database, top level), then the plugin configuration's allow block;
    the root actor has them too unless a block names the action without granting it.
    Anything else: None (Datasette's default, denied).
    Also answers the database-level RATE_ACTION (``resource`` is then a database name).
    """
    if action not in PLUGIN_ACTIONS and action != RATE_ACTION:
        return None
    database, table = resource if isinstance(resource, (tuple, list)) else (resource, None)
    levels = []
    if database and table:
        levels.append(datasette.metadata("permissions", database=database, table=table,
                                         fallback=False))
    if database:
        levels.append(datasette.metadata("permissions", database=database, fallback=False))
    levels.append(datasette.metadata("permissions"))
    for block in levels:
        if isinstance(block, dict) and action in block:
            # The most specific block decides, as on 1.0: for root too (1.0 denies its
            # root actor an action a configured block does not grant it).
            return bool(actor_matches_allow(actor, block[action]))
    allow = configured_allow(datasette, action)
    if allow is not None and actor_matches_allow(actor, allow):
        return True
    if actor and actor.get("id") == "root":
        return True
    return None


async def can_view(datasette, actor: Optional[dict], database: str,
                   tables: Iterable[str] = ()) -> bool:
    """May ``actor`` view ``database`` and each of ``tables`` in it?

    Same rules as Datasette's own database and table pages: instance, database
    and table level ``allow`` blocks and any permission plugins all apply.
    """
    tables = list(tables)
    if IS_1_0:
        from datasette.resources import DatabaseResource, TableResource

        if not await datasette.allowed(action="view-instance", actor=actor):
            return False
        if not await datasette.allowed(
            action="view-database", resource=DatabaseResource(database=database), actor=actor
        ):
            return False
        for table in tables:
            if not await datasette.allowed(
                action="view-table", resource=TableResource(database=database, table=table),
                actor=actor,
            ):
                return False
        return True
    # 0.65: check_visibility walks the list most specific first, as TableView does.
    visible, _ = await datasette.check_visibility(
        actor, permissions=[("view-database", database), "view-instance"]
    )
    if not visible:
        return False
    for table in tables:
        visible, _ = await datasette.check_visibility(
            actor,
            permissions=[("view-table", (database, table)), ("view-database", database),
                         "view-instance"],
        )
        if not visible:
            return False
    return True


async def can(datasette, actor, action: str, database: str, table: str) -> bool:
    """May ``actor`` do the plugin's table-level ``action`` on this table?"""
    if IS_1_0:
        from datasette.resources import TableResource

        return await datasette.allowed(action=action, resource=TableResource(database, table),
                                       actor=actor)
    return bool(await datasette.permission_allowed(actor, action, (database, table), default=False))


# How long the plugin's own writes wait for another writer's lock (a load commits every
# second or so, but holds the lock while it stores one long article; `rescore` for a
# whole database) instead of Datasette's 5 s.
LOCK_WAIT_MS = 30_000


async def execute_write_fn(db, fn, wait_ms=None):
    """Run ``fn(conn)`` on the write connection, leaving transactions to ``fn``.

    1.0 wraps the call in a transaction unless told not to; 0.65 never does.
    ``wait_ms``: the busy timeout for this call (the shared connection's is put back).
    """
    if wait_ms is not None:
        fn = functools.partial(_waiting, fn, int(wait_ms))
    if IS_1_0:
        return await db.execute_write_fn(fn, transaction=False)
    return await db.execute_write_fn(fn)


def _waiting(fn, wait_ms: int, conn):
    before = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {wait_ms}")
    try:
        return fn(conn)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(before)}")


# 0.65 has no supervised background tasks: work registered before the server's event
# loop runs waits on the Datasette object until the first request (asgi_wrapper) starts it.
_running: set = set()


def start_background_task(datasette, func, name: str) -> None:
    """Run ``await func(datasette)`` in the background, now or once the server runs."""
    if IS_1_0:
        datasette.add_background_task(func, name=name)
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    if loop is None or not getattr(datasette, "_provenance_serving", False):
        if not hasattr(datasette, "_provenance_waiting"):
            datasette._provenance_waiting = []
        datasette._provenance_waiting.append(func)
        return
    task = loop.create_task(func(datasette), name=name)
    # Keep a strong reference, or the task can be garbage collected mid-run.
    _running.add(task)
    task.add_done_callback(_running.discard)


# 0.65 hands render_cell no request: what a request's cells share (links.py's permission
# answers, one per table instead of one per cell) lives in this, set for each request.
REQUEST_MEMO: contextvars.ContextVar = contextvars.ContextVar("provenance_request_memo",
                                                              default=None)


def request_memo(request) -> Optional[dict]:
    """A dict that lives as long as the current request (None outside one)."""
    if request is not None:
        return request.scope.setdefault("provenance_memo", {})
    return REQUEST_MEMO.get()


def asgi_wrapper(datasette):
    """On 0.65, start the waiting background work on the first request or lifespan event,
    and give each request its REQUEST_MEMO."""
    def wrap(app):
        if IS_1_0:
            return app

        async def wrapped(scope, receive, send):
            if not getattr(datasette, "_provenance_serving", False):
                datasette._provenance_serving = True
                waiting = getattr(datasette, "_provenance_waiting", [])
                datasette._provenance_waiting = []
                for func in waiting:
                    start_background_task(datasette, func, name=getattr(func, "__name__", "task"))
            token = REQUEST_MEMO.set({})
            try:
                await app(scope, receive, send)
            finally:
                REQUEST_MEMO.reset(token)

        return wrapped

    return wrap


def facet_results(table_json: dict) -> dict:
    """The ``{facet name: facet}`` mapping of a table's JSON, whichever version made it."""
    results = table_json.get("facet_results") or {}
    if IS_1_0 and "results" in results:
        return results["results"]
    return results


# The plugin's own permission: who may change reliability ratings of a database.
RATE_ACTION = "provenance-rate"
RATE_DESCRIPTION = "Set reliability ratings of sources and outlets"


def rate_action():
    """1.0 alphas: the Action to return from register_actions."""
    from datasette.permissions import Action
    from datasette.resources import DatabaseResource

    return Action(name=RATE_ACTION, abbr=None, description=RATE_DESCRIPTION,
                  resource_class=DatabaseResource)


async def can_rate(datasette, actor: Optional[dict], database: str) -> bool:
    """May ``actor`` change ratings in ``database``?"""
    if IS_1_0:
        from datasette.resources import DatabaseResource

        return await datasette.allowed(action=RATE_ACTION, actor=actor,
                                       resource=DatabaseResource(database=database))
    return await datasette.permission_allowed(actor, RATE_ACTION, database, default=False)


def set_default_table_settings(datasette, databases, table_settings) -> None:
    """1.0: fill in table settings (facets, label_column) in datasette.config where the
    user set none.

    Datasette 1.0a's plugin_config(database=...) stops falling back to the top-level
    plugin configuration as soon as a database has any config entry (a missing
    ``return``), so a database entry we create carries the top-level plugins along.
    """
    if datasette.config is None:
        datasette.config = {}
    config = datasette.config
    all_databases = config.setdefault("databases", {})
    for name in databases:
        if name not in all_databases:
            all_databases[name] = {}
            if config.get("plugins"):
                all_databases[name]["plugins"] = config["plugins"]
        tables = all_databases[name].setdefault("tables", {})
        for table, settings in table_settings.items():
            for key, value in settings.items():
                tables.setdefault(table, {}).setdefault(key, copy.deepcopy(value))


def user_database_metadata(datasette, database: str) -> dict:
    """0.65: the metadata the user gave this database (metadata.yml / --metadata), without
    what plugins' get_metadata hooks add: datasette.metadata() would call those hooks,
    ours included, and a hook's keys override the user's when the user set another key
    (their description, our description_html)."""
    local = getattr(datasette, "_metadata_local", None) or {}
    return (local.get("databases") or {}).get(database) or {}
