"""Datasette hook wiring only; the work lives in the modules it imports."""
import json

from datasette import hookimpl


@hookimpl
def register_commands(cli):
    from .cli import provenance

    cli.add_command(provenance)


@hookimpl
def prepare_connection(conn):
    from .pipeline import analyse, contract
    from .model import Article

    def provenance_extract(text):
        if text is None:
            return None
        return json.dumps(contract(analyse(Article(text=str(text)))), ensure_ascii=False)

    conn.create_function("provenance_extract", 1, provenance_extract)


@hookimpl
def register_routes():
    from .analyze_views import routes

    return routes()


@hookimpl
def table_actions(datasette, actor, database, table):
    from .analyze_views import table_actions as analyze_actions

    async def inner():
        return await analyze_actions(datasette, actor, database, table)

    return inner


@hookimpl
def startup(datasette):
    from .analyze_runner import resume_on_startup

    # Jobs interrupted by a stop or crash continue where they stopped.
    resume_on_startup(datasette)


@hookimpl
def asgi_wrapper(datasette):
    from .compat import asgi_wrapper

    return asgi_wrapper(datasette)


@hookimpl
def register_actions(datasette):
    # 1.0 alphas only: the plugin's own permissions as actions.
    from .compat import register_actions

    return register_actions()


@hookimpl
def permission_resources_sql(datasette, actor, action):
    from .compat import plugin_permission_sql

    return plugin_permission_sql(datasette, actor, action)


@hookimpl
def permission_allowed(datasette, actor, action, resource):
    # 0.65 only: the plugin's own permissions (root, or the plugin configuration).
    from .compat import plugin_permission_allowed

    return plugin_permission_allowed(datasette, actor, action)
