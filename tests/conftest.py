import os
import pathlib

import pytest
from datasette import app as datasette_app
from hypothesis import settings as hypothesis_settings

# Hypothesis's own "ci" profile (what it loads by itself when $CI is set): the same
# examples on every run (derandomized, no example database), no 200 ms deadline per
# example and no too-slow health check -- both measure the machine's load, not the code.
# A random search for new failing inputs: HYPOTHESIS_PROFILE=default.
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "safety-zone-initiative.txt"

# Datasette's 1 s query and 200 ms facet limits guard a production server; the tests
# run on a shared, sometimes saturated machine where a query on a tiny database can
# still miss them. Every test Datasette starts from these instead (the fixture below;
# the browser tests pass them to `datasette serve`), so a test fails for what it
# checks, never for the machine's load.
RELAXED_TIME_LIMITS = {"sql_time_limit_ms": 30_000, "facet_time_limit_ms": 30_000}


def _raise_the_open_file_limit(wanted=16_384):
    """The in-process Datasettes keep their SQLite connections (database file and WAL, per
    thread) until the session ends (close_databases_at_exit): ~1100 files are open by the
    last tests. Under a soft limit of 1024 (systemd's default for services) the run broke
    at test 679 with "unable to open database file". The soft limit goes up to what the
    hard limit allows; subprocesses inherit it."""
    try:
        import resource
    except ImportError:  # not Unix: no such limit to raise
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


_raise_the_open_file_limit()


@pytest.fixture
def seed_text():
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True, scope="session")
def relaxed_time_limits():
    """Every in-process Datasette starts from RELAXED_TIME_LIMITS."""
    saved = dict(datasette_app.DEFAULT_SETTINGS)
    datasette_app.DEFAULT_SETTINGS.update(RELAXED_TIME_LIMITS)
    yield
    datasette_app.DEFAULT_SETTINGS.clear()
    datasette_app.DEFAULT_SETTINGS.update(saved)


@pytest.fixture(autouse=True, scope="session")
def close_databases_at_exit():
    """Every Datasette database the tests opened is closed when the session ends, not
    left to the interpreter's exit: hundreds of open connections, each with the
    plugin's Python SQL functions, then finalised from idle Datasette threads (an
    alpha run once segfaulted at exit after every test passed; not reproduced, this
    was its likeliest cause). 1.0's close() also stops the database's write thread."""
    yield
    import gc

    from datasette.database import Database

    for database in [o for o in gc.get_objects() if isinstance(o, Database)]:
        try:
            database.close()
        except Exception:  # a database a test closed or broke itself
            pass
