"""Metadata sidecars (metadata.tsv / metadata.csv) describing the files of a loaded directory."""
import pytest
import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance.ingest import Article, IngestError, iter_files, read_articles
from ui_helpers import make_datasette

ONE = "Pier closes\nThe harbour master said the pier would close in May.\n"
TWO = "Road works\nOfficials said the coast road was shut on Monday.\n"


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path):
    """corpus/metadata.tsv above corpus/dev/text/*.txt, as PolNeAR lays its splits out."""
    root = tmp_path / "corpus"
    write(root / "dev" / "text" / "one.txt", ONE)
    write(root / "dev" / "text" / "two.txt", TWO)
    write(root / "dev" / "text" / "three.md",
          "---\ntitle: Ferry fares\noutlet: Own Outlet\n---\nThe council said fares rise.\n")
    write(root / "metadata.tsv",
          "split\tfilename\tpublisher\tpublication_date\tauthor\ttitle\n"
          "dev\tone\tNorth Wire\t2020-01-02\tAna Ruiz\tPier to close\n"
          "dev\ttwo.txt\tSouth Post\t2020-02-03\t\t\n"
          "dev\tthree\tSidecar Outlet\t2020-03-04\tLee Chan\tNot this title\n")
    return root


def by_name(items):
    return {a.path.rsplit("/", 1)[-1]: a for a in items if isinstance(a, Article)}


@pytest.mark.parametrize("loaded", ["corpus", "corpus/dev", "corpus/dev/text"])
def test_sidecar_fills_missing_metadata(tmp_path, corpus, loaded):
    items = list(read_articles([str(tmp_path / loaded)]))
    assert not [i for i in items if isinstance(i, IngestError)]
    articles = by_name(items)
    assert set(articles) == {"one.txt", "two.txt", "three.md"}  # the sidecar is not an article
    one, two, three = articles["one.txt"], articles["two.txt"], articles["three.md"]
    assert (one.outlet, one.published, one.author) == ("North Wire", "2020-01-02", "Ana Ruiz")
    assert one.title == "Pier closes"  # the file's own headline is kept
    assert (two.outlet, two.published, two.author) == ("South Post", "2020-02-03", None)
    # What the file itself says wins; the sidecar fills only the gaps.
    assert (three.title, three.outlet, three.author) == ("Ferry fares", "Own Outlet", "Lee Chan")
    assert not any(p.endswith("metadata.tsv") for p in iter_files([str(tmp_path / loaded)]))


def test_files_named_directly_and_far_sidecars_are_left_alone(tmp_path, corpus):
    (one,) = read_articles([str(corpus / "dev" / "text" / "one.txt")])
    assert one.outlet is None
    deep = write(corpus / "a" / "b" / "c" / "one.txt", ONE)
    (far,) = read_articles([str(deep.parent)])  # corpus/ is three levels above a/b/c
    assert far.outlet is None


def test_nearest_sidecar_naming_the_file_wins_and_csv_keys(tmp_path, corpus):
    write(corpus / "dev" / "metadata.csv", "file,outlet,url\ntext/one.txt,Near Wire,https://example.org/1\n")
    articles = by_name(read_articles([str(corpus / "dev")]))
    assert (articles["one.txt"].outlet, articles["one.txt"].url) == ("Near Wire", "https://example.org/1")
    assert articles["two.txt"].outlet == "South Post"  # not in the near one: the outer one serves


def test_bad_rows_are_errors_naming_the_sidecar_and_line(tmp_path):
    root = tmp_path / "news"
    write(root / "one.txt", ONE)
    write(root / "two.txt", TWO)
    write(root / "three.txt", "Quay\nThe mayor said the quay reopens.\n")
    sidecar = write(root / "metadata.csv",
                    "id,outlet,published,author\n"
                    "one,North Wire,2020-01-02,Ana Ruiz\n"
                    "two,South Post,last Tuesday,\n"
                    ",Orphan Outlet,,\n"
                    "one,Again Wire,,\n")
    items = list(read_articles([str(root)]))
    errors = sorted((e.path, e.line, e.message) for e in items if isinstance(e, IngestError))
    assert [(p, line) for p, line, _ in errors] == [(str(sidecar), 3), (str(sidecar), 4), (str(sidecar), 5)]
    assert "not a date" in errors[0][2] and "no 'id'" in errors[1][2] and "listed twice (first on line 2)" in errors[2][2]
    articles = by_name(items)
    assert set(articles) == {"one.txt", "two.txt", "three.txt"}  # every file still loads
    assert articles["one.txt"].outlet == "North Wire" and articles["two.txt"].outlet is None

    result = CliRunner().invoke(cli, ["provenance", "load", str(tmp_path / "n.db"), str(root)])
    assert result.exit_code == 1
    assert "3 loaded, 0 unchanged, 3 failed" in result.output
    assert f"error: {sidecar}:3: 'published' is not a date" in result.output


def test_a_metadata_file_with_a_text_column_is_still_articles(tmp_path):
    root = tmp_path / "rows"
    write(root / "metadata.csv", "id,title,text\n1,Pier,The harbour master said the pier would close.\n")
    (article,) = read_articles([str(root)])
    assert isinstance(article, Article) and article.title == "Pier"


@pytest.mark.asyncio
async def test_loaded_outlets_fill_the_dashboard(tmp_path, corpus):
    db_path = tmp_path / "news.db"
    result = CliRunner().invoke(cli, ["provenance", "load", str(db_path), str(corpus / "dev")])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(str(db_path))
    assert {r[0] for r in db.execute("select name from outlets")} >= {"North Wire", "South Post"}
    response = await make_datasette(db_path).client.get("/-/provenance/news.json")
    assert response.status_code == 200, response.text
    outlets = {o["outlet"]: o for o in response.json()["outlets"]}
    assert {"North Wire", "South Post", "Own Outlet"} <= set(outlets)
    assert outlets["North Wire"]["statements"] == 2 and outlets["North Wire"]["page_url"]
