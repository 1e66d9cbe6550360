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
