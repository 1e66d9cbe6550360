"""Which columns a table has: one reader for every module that must ask before it
selects a column older databases lack. Its own module (no imports) so that store.py and
the modules store.py imports (facet_counts) can all use it without an import cycle."""


def quote(identifier: str) -> str:
    """An SQL identifier for any table or column name (spaces, quotes, reserved words)."""
    return '"' + identifier.replace('"', '""') + '"'


def column_names(conn, table: str) -> set:
    """The columns a table has (none when it is not there): readers of a database from
    before a column ask before they select it."""
    return {row[1] for row in conn.execute(f"PRAGMA table_info({quote(table)})")}
