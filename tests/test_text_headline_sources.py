"""What a headline's capitals and a line's first word say about a source: nothing about a
name.  A word opening a line after a headline with no full stop is a sentence's first word;
an outlet or document of common words in a title-case headline is described, not named; a
headline's "Pew Poll" is the body's "Pew poll".  Also plural documents ("two studies",
"statistics") are typed as their singular is.  Sentences of our own."""
import pytest

from datasette_provenance.score import NAMED_KINDS
from datasette_provenance.text import extract
from store_helpers import save_text, source_counts


def found(text):
    doc = extract(text)
    return doc, {a.source.text: a.source_kind for st in doc.statements for a in st.attributions if a.source}


@pytest.mark.parametrize("text, span, kind", [
    ("Harbour Fees Rise Again\nTeachers said the new rules were unfair.", "Teachers", "vague"),
    ("Harbour Fees Rise Again\n\nTeachers said the new rules were unfair.", "Teachers", "vague"),
    ("Storm Nears Velmora\nForecasters said the storm would pass to the north.", "Forecasters", "vague"),
])
def test_the_first_word_of_a_line_names_no_one(text, span, kind):
    doc, kinds = found(text)
    assert kinds[span] == kind
    assert span not in {s.name for s in doc.sources}


def test_a_word_capitalised_mid_sentence_elsewhere_still_names_a_person():
    doc, kinds = found("Harbour Fees Rise\nSanders said the fees were too high. Later the ferry board met Sanders.")
    assert kinds["Sanders"] == "person"
    assert "Sanders" in {s.name for s in doc.sources}


@pytest.mark.parametrize("headline, span", [
    ("Local Paper Says Harbour Is Unsafe", "Local Paper"),
    ("State Media Says Talks Have Failed", "State Media"),
])
def test_a_headline_outlet_of_common_words_is_described(headline, span):
    doc, kinds = found(headline + "\n\nThe harbour board met on Monday.")
    assert kinds[span] == "anonymous"
    assert not doc.sources


def test_a_headline_outlet_with_a_name_stays_named():
    doc, kinds = found("Velmora Herald Says Harbour Is Unsafe\n\nThe harbour board met on Monday.")
    assert kinds["Velmora Herald"] == "media"
    assert [s.name for s in doc.sources] == ["Velmora Herald"]


@pytest.mark.parametrize("text, span, kind", [
    ("Two studies found that the harbour was silting up.", "Two studies", "anonymous"),
    ("Studies show that the harbour is silting up.", "Studies", "vague"),
    ("Statistics show that the harbour is busier than ever.", "Statistics", "vague"),
    ("New statistics from the harbour board show that fees rose.", "New statistics from the harbour board",
     "anonymous"),
])
def test_plural_documents_are_typed_as_documents(text, span, kind):
    _, kinds = found(text)
    assert kinds[span] == kind
    assert kind not in NAMED_KINDS


def test_a_headline_poll_and_the_body_poll_are_one_source(tmp_path):
    text = ("Pew Poll Shows Fees Unpopular\n\nA Pew poll found that most residents opposed the fees. "
            "The Pew poll also found that few used the ferry.")
    doc = extract(text)
    assert len(doc.sources) == 1
    assert {doc.sources[0].name, *doc.sources[0].aliases} == {"Pew Poll", "Pew poll"}
    db = save_text(tmp_path / "p.db", text)
    assert list(source_counts(db).values()) == [3]
