import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "safety-zone-initiative.txt"


@pytest.fixture
def seed_text():
    return SEED_ARTICLE.read_text(encoding="utf-8")
