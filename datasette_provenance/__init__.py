"""Datasette hook wiring only; the work lives in the modules it imports."""

from datasette import hookimpl

from . import links
from . import compat
from .compat import IS_1_0


@hookimpl
def register_commands(cli):
    from .cli import provenance

    cli.add_command(provenance)


@hookimpl
def prepare_connection(conn, database, datasette):
    from .sql_functions import register_for_datasette

    register_for_datasette(conn, datasette, database)


@hookimpl
def register_routes():
    from .analyze_views import routes as analyze_routes
    from .ratings_web import routes as rating_routes
    from .views import routes as page_routes

    # The analyze/jobs and rating routes are more specific, so they go first.
    return analyze_routes() + rating_routes() + page_routes()


if IS_1_0:
    # Only 1.0 passes render_cell the request (the actor a looked-up label must be
    # checked against); 0.65's hookspec has no such argument and would refuse the hookimpl.
    @hookimpl
    def render_cell(row, value, column, table, database, datasette, request):
        return links.render_cell(row, value, column, table, database, datasette, request)
else:
    @hookimpl
    def render_cell(row, value, column, table, database, datasette):
        return links.render_cell(row, value, column, table, database, datasette)


@hookimpl
def register_facet_classes():
    # The statements table's default facets, answered from provenance_facet_counts.
    from .facet_class import CountsFacet

    return [CountsFacet]


@hookimpl
def extra_template_vars(template, database, datasette):
    from .glossary import template_vars

    extra = template_vars(template)
    if extra and database:
        # Every page of the plugin about a database (outlets, analyse, jobs, not found ...)
        # draws its header bar in that database's colour, as Datasette's own pages do.
        extra["database_color"] = compat.database_color(datasette, database)
    return extra


@hookimpl
def extra_css_urls(table, datasette):
    return links.extra_css_urls(table, datasette)


@hookimpl
def menu_links(datasette, actor):
    async def inner():
        return await links.menu_links(datasette, actor)

    return inner


@hookimpl
def database_actions(datasette, actor, database):
    from .analyze_views import database_actions as analyze_actions

    async def inner():
        return (await links.database_actions(datasette, actor, database)
                + await analyze_actions(datasette, actor, database))

    return inner


@hookimpl
def table_actions(datasette, actor, database, table):
    from .analyze_views import table_actions as analyze_actions

    async def inner():
        return (await links.table_actions(datasette, actor, database, table)
                + await analyze_actions(datasette, actor, database, table))

    return inner


@hookimpl
def row_actions(datasette, actor, database, table, row):
    # Only the 1.0 alphas have this hook; 0.65 never calls it.
    async def inner():
        return await links.row_actions(datasette, actor, database, table, row)

    return inner


@hookimpl
def startup(datasette):
    from .analyze_runner import resume_on_startup
    from .defaults import apply_defaults

    # Jobs interrupted by a stop or crash continue where they stopped.
    resume_on_startup(datasette)

    async def inner():
        # Default facets for every provenance database, whatever it is called.
        await apply_defaults(datasette)

    return inner


@hookimpl
def get_metadata(datasette, key, database, table):
    # 0.65 only (1.0 has no such hook; defaults go into its config at startup).
    from .defaults import metadata_defaults

    return metadata_defaults(datasette)


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

    return plugin_permission_allowed(datasette, actor, action, resource)
