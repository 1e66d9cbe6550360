"""How the seeds' scores move when one source's reliability changes (default: Gerasimov F -> B).

    python benchmarks/rating_shift.py [SOURCE] [GRADE] [SEEDS_DIR]

Loads the seeds into a fresh SQLite file with the real `datasette provenance load`, rates
SOURCE with the real `datasette provenance rate`, and prints every statement that moved
(score and grade before/after, the reason naming the rating), how many statements the
re-score touched against the total, and the mean score before and after. Also times a
rating change on the whole seed database.
"""
from __future__ import annotations

import json
import pathlib
import sys
import tempfile
import time

import sqlite_utils
from click.testing import CliRunner
from datasette.cli import cli

ROOT = pathlib.Path(__file__).resolve().parent.parent


def snapshot(db):
    return {r["id"]: r for r in db.query(
        "select s.id, s.idx, s.text, s.score, s.grade, s.sourcing, s.reasons, a.path"
        " from statements s join articles a on a.id = s.article_id")}


def main(source="Valery Gerasimov", grade="B", seeds=str(ROOT / "seeds")):
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        path = f"{tmp}/seeds.db"
        result = runner.invoke(cli, ["provenance", "load", path, seeds])
        assert result.exit_code == 0, result.output
        db = sqlite_utils.Database(path)
        before = snapshot(db)
        old = db.execute("select reliability from sources where name = ?", [source]).fetchone()
        started = time.perf_counter()
        result = runner.invoke(cli, ["provenance", "rate", path, source, grade,
                                     "--note", "benchmark", "--actor", "benchmark"])
        elapsed = time.perf_counter() - started
        assert result.exit_code == 0, result.output
        after = snapshot(db)
        moved = [i for i in before if before[i] != after[i]]
        print(f"{source}: {old[0] if old else '?'} -> {grade}  ({result.output.strip()})")
        for i in moved:
            b, a = before[i], after[i]
            reason = [r for r in json.loads(a["reasons"]) if source in r and "rated" in r]
            print(f"  {pathlib.Path(b['path']).name} #{b['idx']}: {b['score']:g} {b['grade']}"
                  f" -> {a['score']:g} {a['grade']}  [{'; '.join(reason)}]")
            print(f"    {b['text'][:110]}")
        mean = lambda snap: sum(r["score"] for r in snap.values()) / len(snap)  # noqa: E731
        print(f"statements moved: {len(moved)} of {len(before)}")
        print(f"mean score: {mean(before):.2f} -> {mean(after):.2f}")
        grades = lambda snap: {g: sum(1 for r in snap.values() if r["grade"] == g)  # noqa: E731
                               for g in "ABCDEF"}
        print(f"grades before: {grades(before)}")
        print(f"grades after:  {grades(after)}")
        audit = db.execute("select count(*) from rating_changes").fetchone()[0]
        print(f"audit rows: {audit}; rate command (incl. CLI start-up) {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main(*sys.argv[1:])
