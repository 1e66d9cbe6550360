"""`check` on a database whose user tables (analyze works beside them) have odd names and
foreign keys that point nowhere: each problem named, no SQL error on the names."""
import sqlite3

from click.testing import CliRunner
from datasette.cli import cli

from store_helpers import save_text


def test_check_names_broken_foreign_keys_of_tables_with_quotes_in_their_names(tmp_path):
    path = tmp_path / "odd.db"
    save_text(path, "The mayor said the ferry would leave at noon.").conn.close()
    conn = sqlite3.connect(path)
    conn.executescript('''
        create table "pa""rent" (id integer primary key);
        create table "ch""ild" (id integer primary key,
                                "pa""rent id" integer references "pa""rent"(id));
        insert into "ch""ild" values (1, 99);
        create table "no rowid" (k text primary key, p integer references "pa""rent"(id))
            without rowid;
        insert into "no rowid" values ('x', 98);
    ''')
    conn.commit()
    conn.close()
    result = CliRunner().invoke(cli, ["provenance", "check", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "syntax error" not in result.output
    assert 'ch"ild row 1 (pa"rent id 99) points to a missing pa"rent row' in result.output
    assert 'no rowid a row points to a missing pa"rent row' in result.output
