"""Metadata sidecars: a ``metadata.tsv`` / ``metadata.csv`` that describes the files of
a directory being loaded (corpora such as PolNeAR ship one beside their texts).

A sidecar is such a file whose header has a key column (``file``, ``filename`` or
``id``) and no text column (``text``/``body``/``content``: that would be articles).
Each row's key names a file by its name, its stem, or its path relative to the
sidecar's directory (with or without the extension); the row's ``title``, ``url``,
``outlet`` (or ``publisher``...), ``author`` and ``published`` (or ``date``,
``publication_date``...) fill those fields of the file's articles where the file
gave none. Other columns are ignored.

For a file, the sidecars looked at are those in its own directory and every
directory above it, up to ``LEVELS_ABOVE`` directories above the one named on the
command line (``corpus/metadata.tsv`` serves ``load db corpus/dev/text``); the
nearest whose rows name the file wins. A bad row is an IngestError naming the
sidecar and line; its file still loads, without that row's metadata.
"""
from __future__ import annotations

import csv
import os
from typing import Dict, Iterator, List, Optional, Tuple

from . import ingest
from .ingest import IngestError

NAMES = ("metadata.tsv", "metadata.csv")
KEY_COLUMNS = ("file", "filename", "id")
LEVELS_ABOVE = 2
FIELDS = ("title", "url", "outlet", "author", "published")
# Sidecar column names per field: the record aliases plus corpus spellings.
ALIASES = dict(ingest.FIELD_ALIASES, published=ingest.FIELD_ALIASES["published"] + ("publication_date",))


def _header(path: str, delimiter: str) -> Optional[List[str]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            return next(csv.reader(f, delimiter=delimiter), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def _delimiter(path: str) -> str:
    return "\t" if path.lower().endswith(".tsv") else ","


def is_sidecar(path: str) -> bool:
    """Whether this file is a metadata sidecar (not an article file of the same name)."""
    if os.path.basename(path).lower() not in NAMES:
        return False
    header = _header(path, _delimiter(path)) or []
    names = {name.strip() for name in header}
    return any(k in names for k in KEY_COLUMNS) and not any(t in names for t in ingest.TEXT_FIELDS)


class Sidecar:
    """The rows of one sidecar: key -> metadata, plus the errors its bad rows gave."""

    def __init__(self, path: str):
        self.path = path
        self.directory = os.path.dirname(os.path.abspath(path))
        self.rows: Dict[str, dict] = {}
        self.errors: List[IngestError] = []
        self._read()

    def _read(self) -> None:
        csv.field_size_limit(ingest.MAX_FILE_BYTES)
        first_line: Dict[str, int] = {}
        try:
            with open(self.path, encoding="utf-8-sig", newline="") as f:
                reader = csv.DictReader(f, delimiter=_delimiter(self.path))
                fields = [name.strip() for name in (reader.fieldnames or [])]
                reader.fieldnames = fields
                key_column = next(k for k in KEY_COLUMNS if k in fields)
                for row in reader:
                    line = reader.line_num
                    record = {k: v.strip() for k, v in row.items()
                              if k is not None and isinstance(v, str) and v.strip()}
                    if not record:
                        continue
                    self._add(record, key_column, line, first_line)
        except UnicodeDecodeError as e:
            self.errors.append(IngestError(self.path, f"invalid UTF-8 (byte 0x{e.object[e.start]:02x}); "
                                                      "metadata sidecar not used"))
            self.rows = {}
        except (csv.Error, OSError) as e:
            self.errors.append(IngestError(self.path, f"cannot read metadata sidecar: {e}"))
            self.rows = {}

    def _add(self, record: dict, key_column: str, line: int, first_line: Dict[str, int]) -> None:
        key = _normal(record.get(key_column, ""))
        if not key:
            self.errors.append(IngestError(self.path, f"row has no '{key_column}'", line))
            return
        if key in first_line:
            self.errors.append(IngestError(
                self.path, f"'{key}' is listed twice (first on line {first_line[key]})", line))
            return
        first_line[key] = line
        if "\x00" in "".join(record.values()):
            self.errors.append(IngestError(self.path, "contains NUL bytes", line))
            return
        meta = {}
        try:
            for field in FIELDS:
                for name in ALIASES[field]:
                    if name in record:
                        meta[field] = ingest._field_value(self.path, field, name, record[name], line)
                        break
        except IngestError as e:
            self.errors.append(e)
            return
        self.rows[key] = {k: v for k, v in meta.items() if v}

    def lookup(self, file_path: str) -> Optional[dict]:
        """The metadata row naming this file, if any."""
        rel = _normal(os.path.relpath(os.path.abspath(file_path), self.directory))
        name = os.path.basename(rel)
        for key in (rel, os.path.splitext(rel)[0], name, os.path.splitext(name)[0]):
            if key in self.rows:
                return self.rows[key]
        return None


def _normal(key: str) -> str:
    key = key.strip().replace(os.sep, "/")
    while key.startswith("./"):
        key = key[2:]
    return key


class Sidecars:
    """The sidecars serving the files under one directory named on the command line."""

    def __init__(self, root: str):
        self.root = os.path.abspath(root)
        self.relative = not os.path.isabs(root)  # then errors name sidecars relatively too
        self._by_dir: Dict[str, Optional[Sidecar]] = {}

    def _dirs(self, file_path: str) -> Iterator[str]:
        """The file's directory and those above it, up to LEVELS_ABOVE above the root."""
        directory = os.path.dirname(os.path.abspath(file_path))
        stop = self.root
        for _ in range(LEVELS_ABOVE):
            stop = os.path.dirname(stop)
        while True:
            yield directory
            parent = os.path.dirname(directory)
            if directory == stop or parent == directory:
                return
            directory = parent

    def _sidecar(self, directory: str, errors: List[IngestError]) -> Optional[Sidecar]:
        if directory not in self._by_dir:
            found = None
            for name in NAMES:
                candidate = os.path.join(directory, name)
                if os.path.isfile(candidate) and is_sidecar(candidate):
                    found = Sidecar(os.path.relpath(candidate) if self.relative else candidate)
                    errors.extend(found.errors)  # reported once, with the first file it serves
                    break
            self._by_dir[directory] = found
        return self._by_dir[directory]

    def metadata_for(self, file_path: str) -> Tuple[Optional[dict], List[IngestError]]:
        """(the nearest sidecar row naming the file, errors of sidecars read just now)."""
        errors: List[IngestError] = []
        for directory in self._dirs(file_path):
            sidecar = self._sidecar(directory, errors)
            row = sidecar.lookup(file_path) if sidecar else None
            if row is not None:
                return row, errors
        return None, errors


def fill(article, row: Optional[dict]):
    """Fill the article's missing metadata from a sidecar row (in place); return it."""
    for field, value in (row or {}).items():
        if getattr(article, field) is None:
            setattr(article, field, value)
    return article
