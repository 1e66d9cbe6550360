"""A facet type of the plugin's own: the statements table's default facets answered from
provenance_facet_counts (facet_counts.py) instead of counting the rows.

Configured like any facet type, ``facets: [{provenance_counts: grade}, ...]`` (metadata.yml,
datasette.yaml, defaults.py). It returns exactly what Datasette's column facet returns
(same counts, order, truncation, ``selected`` flags and toggle URLs, ``type: column``), so
the page looks and works the same; only the SQL differs. The counts table answers when the
rows being faceted are the statements filtered by nothing but equality on its columns
(``?grade=F&outlet=X``); anything else (``_search``, ``_where``, another column, another
operator, a plugin's filter, pagination that Datasette's facets count from) and the facet
is Datasette's own column GROUP BY over the rows.
"""
from __future__ import annotations

from datasette.database import QueryInterrupted
from datasette.facets import ColumnFacet
from datasette.filters import Filters
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args
from datasette.utils.asgi import Request

from . import facet_counts
from .compat import IS_1_0

TYPE = "provenance_counts"
TABLE = "statements"


def request_args(columns) -> str:
    """The query string a link uses to facet the statements by these columns (shown once
    where they are configured facets too, and counted the same cheap way)."""
    return "&".join(f"_facet_{TYPE}={column}" for column in columns)


def _without_base_url(request):
    """The request as routed, its path without base_url: Datasette's column facet builds
    toggle URLs from request.path and then adds base_url again (/prefix/prefix/...)."""
    route_path = request.scope.get("route_path") if request is not None else None
    if not route_path or route_path == request.path:
        return request
    scope = dict(request.scope, path=route_path, raw_path=route_path.encode("latin-1"))
    return Request(scope, request.receive)


def _column_of(source_and_config) -> str:
    """The column a facet config names: ``{provenance_counts: grade}`` or ``?_facet_...=grade``."""
    config = source_and_config["config"]
    return config.get("column") or config["simple"]


class CountsFacet(ColumnFacet):
    type = TYPE
    # The faceted table's columns, once facet_results has read them (None: not yet).
    _columns = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = _without_base_url(self.request)

    def get_configs(self):
        # A column both configured and asked for by a link (request_args) is one facet,
        # the configured one (Datasette's column facets would show it twice). A default
        # facet on a column an older database lacks (statements.claim) is left out.
        configs, seen = [], set()
        for config in sorted(super().get_configs(), key=lambda c: c["source"] != "metadata"):
            column = _column_of(config)
            if self._columns is not None and column not in self._columns:
                continue
            if column not in seen:
                seen.add(column)
                configs.append(config)
        return configs

    async def suggest(self):
        # Datasette's column facet already suggests columns; ours would repeat them.
        return []

    async def facet_results(self):
        self._columns = set(await self.ds.get_database(self.database).table_columns(self.table))
        filters = await self._counts_filters()
        if filters is None:
            results, timed_out = await super().facet_results()
            for result in results:
                self._as_column_facet(result)
            return results, timed_out
        return await self._from_counts(filters)

    def _as_column_facet(self, result) -> None:
        result["type"] = "column"  # Datasette's template labels any other type
        # A facet the request asked for (?_facet_provenance_counts=) is hidden by removing
        # that argument; a configured one is not hideable (its URL is ColumnFacet's).
        key = f"_facet_{TYPE}" if result["hideable"] else "_facet"
        result["toggle_url"] = self.ds.urls.path(
            path_with_removed_args(self.request, {key: result["name"]}))

    async def _counts_filters(self):
        """[(column, value)] of the request's filters when the counts table can answer
        every configured facet of this request, else None."""
        configs = self.get_configs()
        if self.table != TABLE or not configs or any(
                _column_of(c) not in facet_counts.COLUMNS for c in configs):
            return None
        pairs, columns = [], set()
        for key in self.request.args:
            if key.startswith("_") and "__" not in key:
                continue  # Datasette's own arguments; the SQL comparison below sees their effect
            column = key[:-len("__exact")] if key.endswith("__exact") else key
            values = self.request.args.getlist(key)
            if column not in facet_counts.COLUMNS or column in columns or len(values) != 1:
                return None
            columns.add(column)
            pairs.append((key, values[0]))
        # The rows Datasette facets must be exactly these filters' rows: rebuild its WHERE
        # clause for them and compare, so that any clause added by anything else (a plugin's
        # filters_from_request, _search, _where, _through, ?_next=) means no.
        chosen = Filters(sorted(pairs))
        selections = list(chosen.selections())
        if len(selections) != len(pairs) or any(lookup != "exact" for _, lookup, _ in selections):
            return None
        where, params = chosen.build_where_clauses(TABLE)
        tail = f" from {escape_sqlite(TABLE)} " + (f"where {' and '.join(where)} " if where else "")
        if not self.sql.startswith("select ") or not self.sql.endswith(tail):
            return None
        if dict(self.params or {}) != params:
            return None
        db = self.ds.get_database(self.database)
        if not await db.table_exists(facet_counts.TABLE) or not set(facet_counts.COLUMNS) <= set(
                await db.table_columns(facet_counts.TABLE)):
            return None  # a database from before the table or a column of it (not migrated yet)
        return [(column, value) for column, _, value in selections]

    async def _from_counts(self, filters):
        results, timed_out = [], []
        qs_pairs = self.get_querystring_pairs()
        facet_size = self.get_facet_size()
        where = "".join(f" and {escape_sqlite(c)} = :f{i}" for i, (c, _) in enumerate(filters))
        params = {f"f{i}": value for i, (_, value) in enumerate(filters)}
        for source_and_config in self.get_configs():
            column = _column_of(source_and_config)
            col = escape_sqlite(column)
            sql = (f"select {col} as value, sum(n) as count from {facet_counts.TABLE} "
                   f"where {col} is not null{where} group by {col} "
                   f"order by count desc, value limit {facet_size + 1}")
            try:
                rows = await self.ds.execute(
                    self.database, sql, params, truncate=False,
                    custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                timed_out.append(column)
                continue
            result = {
                "name": column,
                "type": "column",
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": "",
                "results": [self._value(column, row["value"], row["count"], qs_pairs)
                            for row in rows.rows[:facet_size]],
                "truncated": len(rows) > facet_size,
            }
            self._as_column_facet(result)
            results.append(result)
        return results, timed_out

    def _value(self, column, value, count, qs_pairs) -> dict:
        """One facet value with its toggle URL, as Datasette's ColumnFacet builds it
        (the 1.0 alphas also count ``?column__exact=`` as selecting it)."""
        column_qs = f"{column}__exact" if column.startswith("_") else column
        keys = (column_qs, f"{column}__exact") if IS_1_0 else (column_qs,)
        selected_args = {key: str(value) for key in keys if (key, str(value)) in qs_pairs}
        if selected_args:
            toggle_path = path_with_removed_args(self.request, selected_args)
        else:
            toggle_path = path_with_added_args(self.request, {column_qs: value})
        return {
            "value": value,
            "label": value,
            "count": count,
            "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(toggle_path)),
            "selected": bool(selected_args),
        }
