"""Ratings as files: CSV or JSON, for import, export and the ratings-file provider.

CSV columns: ``target,name,reliability,note`` (target "source" or "outlet"; a missing
target means source), and ``scope`` when a source is known only in one article (its
article id: "the mayor" of that article, not of another). JSON: a list of objects with the same keys (or ``{"ratings": [...]}``).
Rating letters are validated here, so nothing invalid reaches the database.
"""
from __future__ import annotations

import csv
import io
import json
import os
from typing import Iterable, List, Optional

from .admiralty import RELIABILITY_LETTERS
from .model import RATING_TARGETS, Rating

FIELDS = ("target", "name", "reliability", "note")
SCOPE = "scope"  # the optional fifth column


class RatingsFileError(ValueError):
    """A ratings file or value that cannot be used; the message names file and line."""


def validate_letter(value) -> str:
    letter = str(value or "").strip().upper()
    if letter not in RELIABILITY_LETTERS:
        raise RatingsFileError(
            f"reliability must be one of {', '.join(RELIABILITY_LETTERS)}, not {value!r}")
    return letter


# A rating note is a reason, not a document: longer ones are refused wherever a note
# comes in (form, CLI, import, provider), so no page carries megabytes of it.
MAX_NOTE_CHARS = 10_000


def validate_text(value: str, what: str) -> str:
    """``value`` if SQLite can store it: a lone surrogate (a JSON "\\ud800" escape, or
    bytes a terminal could not decode, as Python passes them on) cannot be written as
    UTF-8 and stopped a rating with a traceback."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise RatingsFileError(f"{what} is not valid text ({e.reason} at character "
                               f"{e.start + 1}): {value!r}") from None
    return value


def validate_note(note) -> Optional[str]:
    """The note as stored (None for none); a RatingsFileError when it is too long."""
    if note in (None, ""):
        return None
    note = validate_text(str(note), "the note")
    if len(note) > MAX_NOTE_CHARS:
        raise RatingsFileError(f"a note is at most {MAX_NOTE_CHARS:,} characters "
                               f"(this one has {len(note):,})")
    return note


def validate_target(value) -> str:
    target = str(value or "source").strip().lower()
    if target not in RATING_TARGETS:
        raise RatingsFileError(f"target must be 'source' or 'outlet', not {value!r}")
    return target


def rating_from_dict(item: dict) -> Rating:
    if not isinstance(item, dict):
        raise RatingsFileError(f"a rating must be an object, not {item!r}")
    item = {str(k).strip().lower(): v for k, v in item.items()}  # "Name", " reliability"
    name = validate_text(str(item.get("name") or "").strip(), "the name")
    if not name:
        raise RatingsFileError("a rating needs a name")
    note = item.get("note")
    target = validate_target(item.get("target"))
    scope = validate_text(str(item.get(SCOPE) or "").strip(), "the scope") or None
    if scope is not None and target != "source":
        raise RatingsFileError(f"only a source has a scope (an article id), not {target} {name!r}")
    return Rating(name=name, reliability=validate_letter(item.get("reliability")),
                  target=target, note=validate_note(note),
                  scope=scope)


# A spreadsheet runs a cell that starts with one of these as a formula: a name or note
# from untrusted text ("=HYPERLINK(...)", an outlet's name from a scraped page) would run
# on the analyst's machine when the exported CSV is opened. Export puts a "'" before such a
# cell (and before one that already starts with "'"), import takes it off: the round trip
# gives the text back as it was.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value.startswith("'")):
        return "'" + value
    return value


def from_csv_cell(value):
    if isinstance(value, str) and value.startswith("'") and (
            value[1:].startswith(FORMULA_STARTS) or value[1:].startswith("'")):
        return value[1:]
    return value


def guess_format(path: str) -> str:
    return "json" if os.path.splitext(path)[1].lower() in (".json", ".jsonl") else "csv"


def parse(text: str, fmt: str, where: str = "<ratings>") -> List[Rating]:
    """Every rating in the text; the first bad one raises, naming where and line."""
    ratings = []
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise RatingsFileError(f"{where}:{e.lineno}: invalid JSON: {e.msg}") from None
        if isinstance(data, dict):
            data = data.get("ratings")
        if not isinstance(data, list):
            raise RatingsFileError(f"{where}: expected a list of ratings")
        for number, item in enumerate(data, 1):
            try:
                ratings.append(rating_from_dict(item))
            except RatingsFileError as e:
                raise RatingsFileError(f"{where}: rating {number}: {e}") from None
        return ratings
    if not text.strip():
        raise RatingsFileError(f"{where}: the file is empty (a ratings CSV starts with the header "
                               "target,name,reliability,note)")
    header = text.split("\n", 1)[0]
    # A spreadsheet saves "Name,Reliability" (capitals, spaces), and in many locales with ";".
    delimiter = next((d for d in ",;\t" if d in header), ",")
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames:
        reader.fieldnames = [(f or "").strip().lower() for f in reader.fieldnames]
    if not reader.fieldnames or not {"name", "reliability"} <= set(reader.fieldnames):
        raise RatingsFileError(f"{where}:1: CSV needs a header with name and reliability columns"
                               f" (it has: {header.strip()[:200]!r})")
    for row in reader:
        try:
            ratings.append(rating_from_dict({k: from_csv_cell(v) for k, v in row.items()}))
        except RatingsFileError as e:
            raise RatingsFileError(f"{where}:{reader.line_num}: {e}") from None
    return ratings


def read(path: str, fmt: Optional[str] = None) -> List[Rating]:
    """The ratings of a file (``fmt`` csv or json; default from its extension); a file
    that cannot be read or decoded is a RatingsFileError naming it."""
    try:
        # utf-8-sig: a spreadsheet's "CSV UTF-8" starts with a byte-order mark
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except OSError as e:  # strerror: the path once, not again in "[Errno 2] ...: 'path'"
        raise RatingsFileError(f"{path}: {e.strerror or e}") from None
    except UnicodeDecodeError as e:
        raise RatingsFileError(f"{path}: {e}") from None
    return parse(text, fmt or guess_format(path), where=path)


def dump(ratings: Iterable[Rating], fmt: str) -> str:
    rows = [r.to_dict() for r in ratings]
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    # The scope column only when a rating needs it: files without stay as they were.
    fields = FIELDS + ((SCOPE,) if any(SCOPE in r for r in rows) else ())
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()
