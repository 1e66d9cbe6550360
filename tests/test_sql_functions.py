"""The SQL functions, called the way a user would: through Datasette's SQL endpoint."""
import json

import pytest
import yaml

from datasette_provenance.compat import IS_1_0, facet_results
from ui_helpers import ROOT, make_datasette, ui_db  # noqa: F401  (fixture)
from datasette.app import Datasette


async def sql(ds, query):
    response = await ds.client.get(
        "/provenance.json", params={"sql": query, "_shape": "array"}, follow_redirects=True)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.asyncio
async def test_provenance_extract_returns_the_contract(ui_db):
    path, _ = ui_db
    ds = make_datasette(path)
    text = "Officials said the bridge was closed. It reportedly reopened."
    rows = await sql(ds, f"select provenance_extract('{text}') as doc")
    doc = json.loads(rows[0]["doc"])
    assert set(doc) >= {"path", "title", "statements"}
    assert doc["statements"], doc
    for st in doc["statements"]:
        assert text[st["start"]:st["end"]] == st["text"]
        assert 0 <= st["score"] <= 100 and st["grade"] and st["sourcing"]
        assert isinstance(st["reasons"], list) and isinstance(st["attributions"], list)
        for hop in st["attributions"]:
            assert text[hop["cue"]["start"]:hop["cue"]["end"]] == hop["cue"]["text"]


@pytest.mark.asyncio
async def test_score_and_grade_functions_over_a_table(ui_db):
    path, _ = ui_db
    ds = make_datasette(path)
    rows = await sql(ds, "select title, provenance_score(text) as score, provenance_grade(text) as grade "
                         "from articles order by title")
    assert rows and all(0 <= r["score"] <= 100 and r["grade"] in "ABCDEF" for r in rows)
    nulls = await sql(ds, "select provenance_extract(null) as e, provenance_score(null) as s, "
                          "provenance_grade('') as g")
    assert nulls == [{"e": None, "s": None, "g": None}]
    # A UTF-8 blob scores as its text does.
    blob = await sql(ds, "select provenance_score(cast('Officials said it.' as blob)) as b, "
                         "provenance_score('Officials said it.') as t")
    assert blob[0]["b"] is not None and blob[0]["b"] == blob[0]["t"]


@pytest.mark.asyncio
async def test_datasette_yaml_gives_the_facets_on_1_0(ui_db):
    path, _ = ui_db
    config = yaml.safe_load((ROOT / "datasette.yaml").read_text())
    # On 0.65 the same keys are read from metadata.yml (tested in test_views).
    ds = Datasette([str(path)], config=config) if IS_1_0 else Datasette([str(path)], metadata=config)
    response = await ds.client.get("/provenance/statements.json?_facet=grade&_extra=facet_results")
    facets = facet_results(response.json())
    assert {"sourcing", "grade", "cue_kind", "source_kind", "outlet"} <= set(facets)
