"""Default facets (and labels) for every provenance database, whatever its file is called.

metadata.yml / datasette.yaml set them for a database named ``provenance``; this makes
``datasette serve news.db`` facet statements the same way without any configuration.
The user's own configuration always wins: we only fill in tables it leaves unset.
"""
from __future__ import annotations

from typing import Dict

from markupsafe import escape

from .column_notes import column_notes
from .compat import IS_1_0, set_default_table_settings, user_database_metadata
from .facet_class import TYPE as FACET_TYPE, request_args
from .facet_counts import COLUMNS as FACET_COLUMNS

TABLE_FACETS: Dict[str, list] = {
    # The plugin's own facet type (facet_class.py): counted from provenance_facet_counts.
    "statements": [{FACET_TYPE: column} for column in FACET_COLUMNS],
    "attributions": ["cue_kind", "source_kind", "depth"],
    "articles": ["outlet"],
    "sources": ["kind", "reliability"],
    "outlets": ["reliability"],
    "rating_changes": ["target_type", "new_reliability", "who"],
}
# Foreign keys to an article show its headline. 1.0 would otherwise label them with the
# articles table's one unique text column, the content-hash id itself.
TABLE_LABELS: Dict[str, str] = {"articles": "title"}
# Bookkeeping tables a reader has no use for browsing: the dashboard's and facets' running counts and
# the analysis jobs' state. Hidden from the table lists (Datasette's "hidden tables" link
# and their URLs still reach them), so the homepage leads with statements and articles.
TABLE_HIDDEN = ("provenance_summary", "provenance_facet_counts", "provenance_jobs")
_ATTR = "_provenance_databases"


async def find_provenance_databases(datasette) -> set:
    """Names of the attached databases that hold provenance tables (checked at startup)."""
    names = set()
    for name, db in list(datasette.databases.items()):
        if name == "_internal":
            continue
        try:
            if await db.table_exists("statements") and await db.table_exists("articles"):
                names.add(name)
        except Exception:  # an unreadable database is Datasette's error to report, not ours
            continue
    return names


def _tables_config() -> dict:
    tables = {table: {"facets": list(facets)} for table, facets in TABLE_FACETS.items()}
    for table, column in TABLE_LABELS.items():
        tables.setdefault(table, {})["label_column"] = column
    for table in TABLE_HIDDEN:
        tables.setdefault(table, {})["hidden"] = True
    return tables


STATEMENT_FACETS = request_args(FACET_COLUMNS)


def database_description_html(datasette, database: str) -> str:
    """A provenance database's description with links to its dashboard and statements,
    made with datasette.urls so they follow base_url (a hand-written href in metadata.yml
    would not). Only where the user's metadata gives the database no description."""
    from .queries import Urls  # (queries imports Datasette's database module)

    urls = Urls(datasette, database)
    return ("Articles, their statements and the attribution chains behind them. "
            f'<a href="{escape(urls.dashboard())}">Provenance dashboard</a> · '
            f'<a href="{escape(urls.table("statements") + "?" + STATEMENT_FACETS)}">'
            "statements by sourcing and grade</a>")


async def apply_defaults(datasette) -> None:
    names = await find_provenance_databases(datasette)
    setattr(datasette, _ATTR, names)
    if IS_1_0:
        # 1.0 reads table settings from datasette.config; 0.65 asks get_metadata below.
        set_default_table_settings(datasette, names, _tables_config())
        await _set_column_descriptions(datasette, names)
        for name in names:
            existing = await datasette.get_database_metadata(name)
            if not existing.get("description_html") and not existing.get("description"):
                await datasette.set_database_metadata(
                    name, "description_html", database_description_html(datasette, name))


async def _set_column_descriptions(datasette, names) -> None:
    """1.0 keeps column descriptions in its internal metadata tables: fill in ours where
    the user's metadata gave none."""
    for name in names:
        for table, notes in column_notes().items():
            for column, note in notes.items():
                existing = await datasette.get_column_metadata(name, table, column)
                if not existing.get("description"):
                    await datasette.set_column_metadata(name, table, column, "description", note)


def metadata_defaults(datasette) -> dict:
    """0.65 get_metadata hook: merged under the user's metadata, which wins."""
    names = getattr(datasette, _ATTR, None) or ()
    tables = _tables_config()
    for table, notes in column_notes().items():
        # By name, the order 1.0 lists them in (its metadata table's key order): the same
        # list on both versions.
        tables.setdefault(table, {})["columns"] = dict(sorted(notes.items()))
    databases = {}
    for name in names:
        databases[name] = {"tables": tables}
        # Described only where the user left it undescribed: Datasette shows a
        # description_html before a description, so ours would hide the user's plain one.
        user = user_database_metadata(datasette, name)
        if not user.get("description_html") and not user.get("description"):
            databases[name]["description_html"] = database_description_html(datasette, name)
    return {"databases": databases}
