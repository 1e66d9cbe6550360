from datasette_provenance.wording import counted


def test_counted_uses_the_singular_for_one_only():
    assert counted(1, "statement") == "1 statement"
    assert counted(0, "statement") == "0 statements"
    assert counted(3, "extra hop") == "3 extra hops"
    assert counted(2, "analysis", "analyses") == "2 analyses"
