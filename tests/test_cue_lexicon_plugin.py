"""The provenance_cue_lexicon hook extends the extractor: extract(), load (also with
worker processes), the extract command and the SQL functions."""
import json

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner
from datasette.cli import cli

from datasette_provenance import plugins
from datasette_provenance.hookspecs import hookimpl
from datasette_provenance.text import extract
from datasette_provenance.text.extra import ExtraLexicon
from plugin_helpers import registered
from ui_helpers import make_datasette

# "quoggled" and "flimbishly" are made up: no lexicon or model knows them.
ARTICLE = ("Harbour works resume\n"
           "The harbour master quoggled that the pier would reopen in May. "
           "The ferry is flimbishly running again.\n")
WORDS = {"reporting_verbs": ["quoggled"], "adverb_cues": ["flimbishly"], "hedges": ["more or less"]}


class CueWords:
    """A plugin whose words come from the plugin configuration (``cue_words``), else WORDS."""

    @hookimpl
    def provenance_cue_lexicon(self, config):
        return config.get("cue_words", WORDS)


@pytest.fixture
def cue_plugin():
    with registered(CueWords(), "cue-words") as plugin:
        yield plugin


def cues(document):
    return {(a.cue.text, a.cue_kind, a.source.text if a.source else None)
            for s in document.statements for a in s.attributions}


def test_extract_reads_supplied_words_of_each_kind():
    assert cues(extract(ARTICLE)) == set()
    found = cues(extract(ARTICLE, WORDS))
    assert ("quoggled", "verb", "The harbour master") in found
    assert ("flimbishly", "adverb", None) in found
    text = ("Port news\nThe berth was quoggled to be closed. Customs dispatches show the pier is "
            "shut. The mayor went on record saying the fee was more or less fair.")
    words = {"reporting_verbs": ["quoggled", "went on record"], "noun_cues": ["dispatches"],
             "hedges": ["more or less"]}
    document = extract(text, words)
    found = cues(document)
    assert ("was quoggled", "passive", None) in found  # a cue takes in its auxiliaries
    assert any(c[1] == "noun" and c[2] and c[2].endswith("dispatches") for c in found), found
    assert any(c[0].startswith("went on record") and c[2] == "The mayor" for c in found), found
    assert [h.text for h in document.statements[3].hedges] == ["more or less"]
    for s in document.statements:
        for a in s.attributions:
            assert text[a.cue.start:a.cue.end] == a.cue.text


def test_words_the_package_knows_change_nothing():
    text = "Port news\nOfficials said the pier was shut. It reportedly reopened."
    plain = extract(text)
    again = extract(text, {"reporting_verbs": ["said", "Said"], "adverb_cues": ["reportedly"]})
    assert [s.to_dict() for s in again.statements] == [s.to_dict() for s in plain.statements]
    assert ExtraLexicon.of({"reporting_verbs": ["said"]}) is None


def test_unreadable_lexicons_are_refused():
    with pytest.raises(ValueError, match="'titles' is not one the extractor reads"):
        ExtraLexicon.of({"titles": ["Admiral"]})
    with pytest.raises(ValueError, match="list of words"):
        ExtraLexicon.of({"hedges": "kind of"})


def test_plugin_words_are_gathered_and_validated(cue_plugin):
    assert plugins.extra_lexicon({}) == ExtraLexicon.of(WORDS)
    assert plugins.extra_lexicon({"cue_words": {}}) is None

    class Broken:
        @hookimpl
        def provenance_cue_lexicon(self, config):
            return {"titles": ["Admiral"]}

    with registered(Broken(), "broken"):
        with pytest.raises(ValueError, match="plugin 'broken'"):
            plugins.extra_lexicon({})
        result = CliRunner().invoke(cli, ["provenance", "extract", "--format", "jsonl", "-"])
        assert result.exit_code != 0 and "plugin 'broken'" in result.output


def _stored_cues(db_path):
    db = sqlite_utils.Database(str(db_path))
    return {row[0] for row in db.execute("select cue from attributions")}


@pytest.mark.parametrize("workers", ["1", "2"])
def test_load_uses_plugin_words_also_in_worker_processes(tmp_path, workers, cue_plugin):
    corpus = tmp_path / "in"
    corpus.mkdir()
    for n in range(6):  # several articles, so that both workers get some
        (corpus / f"a{n}.txt").write_text(ARTICLE.replace("May", f"May {n + 1}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["provenance", "load", str(tmp_path / "with.db"), str(corpus),
                                      "--workers", workers])
    assert result.exit_code == 0, result.output
    assert {"quoggled", "flimbishly"} <= _stored_cues(tmp_path / "with.db")
    db = sqlite_utils.Database(str(tmp_path / "with.db"))
    assert db.execute("select count(distinct article_id) from attributions "
                      "where cue = 'quoggled'").fetchone()[0] == 6

    plugins.pm.unregister(cue_plugin)
    try:
        result = CliRunner().invoke(cli, ["provenance", "load", str(tmp_path / "without.db"),
                                          str(corpus), "--workers", workers])
    finally:
        plugins.pm.register(cue_plugin, name="cue-words")
    assert result.exit_code == 0, result.output
    assert not {"quoggled", "flimbishly"} & _stored_cues(tmp_path / "without.db")


def test_extract_command_passes_the_configuration_to_the_hook(tmp_path, cue_plugin):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    config = tmp_path / "datasette.yaml"
    config.write_text(yaml.safe_dump({"plugins": {"datasette-provenance": {
        "cue_words": {"adverb_cues": ["flimbishly"]}}}}))
    runs = {}
    for name, extra_args in (("default", []), ("configured", ["-c", str(config)])):
        result = CliRunner().invoke(cli, ["provenance", "extract", "--format", "jsonl",
                                          str(article)] + extra_args)
        assert result.exit_code == 0, result.output
        record = json.loads(result.output)
        runs[name] = {a["cue"]["text"] for s in record["statements"] for a in s["attributions"]}
    assert runs["default"] == {"quoggled", "flimbishly"}
    assert runs["configured"] == {"flimbishly"}


async def _sql_cues(tmp_path, config=None):
    db_path = tmp_path / "sql.db"
    sqlite_utils.Database(str(db_path))["t"].insert({"x": 1})
    ds = make_datasette(db_path, config=config)
    response = await ds.client.get("/sql.json", params={
        "sql": "select provenance_extract(:text) as doc", "text": ARTICLE, "_shape": "array"}, follow_redirects=True)
    assert response.status_code == 200, response.text
    doc = json.loads(response.json()[0]["doc"])
    return {a["cue"]["text"] for s in doc["statements"] for a in s["attributions"]}


@pytest.mark.asyncio
async def test_sql_function_reads_plugin_words(tmp_path):
    assert await _sql_cues(tmp_path) == set()
    with registered(CueWords(), "cue-words"):
        assert await _sql_cues(tmp_path) == {"quoggled", "flimbishly"}
        configured = {"plugins": {"datasette-provenance": {
            "cue_words": {"reporting_verbs": ["quoggled"]}}}}
        assert await _sql_cues(tmp_path, configured) == {"quoggled"}


def test_analyze_uses_plugin_words(tmp_path, cue_plugin):
    db_path = tmp_path / "rows.db"
    sqlite_utils.Database(str(db_path))["rows"].insert({"id": 1, "body": ARTICLE}, pk="id")
    result = CliRunner().invoke(cli, ["provenance", "analyze", str(db_path), "rows", "body"])
    assert result.exit_code == 0, result.output
    assert {"quoggled", "flimbishly"} <= _stored_cues(db_path)


def test_a_load_re_extracts_rows_made_with_other_plugin_words(tmp_path):
    from datasette_provenance import store

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    db_path = tmp_path / "p.db"

    def load():
        result = CliRunner().invoke(cli, ["provenance", "load", str(db_path), str(corpus)])
        assert result.exit_code == 0, result.output
        return result.output.strip().splitlines()[-1]

    assert load() == "1 loaded, 0 unchanged, 0 failed"
    with registered(CueWords(), "cue-words"):
        # The article is stored, but without the plugin's words: extracted again, not "unchanged".
        assert load() == "1 loaded, 0 unchanged, 0 failed"
        assert {"quoggled", "flimbishly"} <= _stored_cues(db_path)
        (version,) = sqlite_utils.Database(str(db_path)).execute(
            "select extractor_version from articles").fetchone()
        assert "+lex." in version
        assert load() == "0 loaded, 1 unchanged, 0 failed"
    # Articles not named on the command line are brought up to date too.
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.txt").write_text("Quay news\nThe mayor said the quay reopens.\n", encoding="utf-8")
    corpus = other
    assert load() == "1 loaded, 0 unchanged, 0 failed, 1 re-extracted"
    assert not {"quoggled", "flimbishly"} & _stored_cues(db_path)
    # Another extractor's version still decides first: rows of a newer one are never touched.
    assert not store.is_stale("9.0.0", "0.9.1+lex.1a2b3c4d")
    assert store.is_stale("0.9.0+lex.1a2b3c4d", "0.9.1")
