"""Shared set-up for the UI tests: one fixture database per session, and a Datasette
configured the way each version reads its configuration."""
from __future__ import annotations

import pathlib
import sqlite3

import pytest
import yaml
from click.testing import CliRunner
from datasette.app import Datasette
from datasette.cli import cli

from datasette_provenance.compat import IS_1_0

import ui_data

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def ui_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("ui") / "provenance.db"
    ids = ui_data.build(path)
    return path, ids


def make_datasette(db_path, config=None, metadata_file=True) -> Datasette:
    """Datasette over db_path with the project's metadata.yml, plus ``config``
    (allow blocks etc.) given where each version natively reads it: metadata on
    0.65, datasette.yaml-style config on the 1.0 alphas."""
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text()) if metadata_file else {}
    kwargs = {"metadata": metadata}
    if config:
        if IS_1_0:
            kwargs["config"] = config
        else:
            kwargs["metadata"] = _merge(metadata, config)
    return Datasette([str(db_path)], **kwargs)


def _merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def actor_cookies(ds: Datasette, actor_id: str) -> dict:
    return {"ds_actor": ds.sign({"a": {"id": actor_id}}, "actor")}


def load_with_cli(db_path, *paths) -> str:
    """`datasette provenance load` as a user runs it; fails the test if the load fails."""
    result = CliRunner().invoke(cli, ["provenance", "load", str(db_path), *map(str, paths)])
    assert result.exit_code == 0, result.output
    return result.output


def one_article_db(tmp_path, filename, text):
    """A database loaded from a folder holding one article file:
    (database path, the folder, the article's id)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / filename).write_text(text)
    path = tmp_path / "provenance.db"
    load_with_cli(path, folder)
    article_id = sqlite3.connect(path).execute("select id from articles").fetchone()[0]
    return path, folder, article_id
