"""Read article files into Article objects, one at a time.

``read_articles(paths)`` walks files and directories (recursively, sorted, symlink
loops detected) and yields, in a deterministic order, an ``Article`` for every
good document and an ``IngestError`` for every bad one; a bad file never stops
the rest. Nothing is held beyond the file being read (JSONL is streamed by line).

Formats:

- ``.txt`` (and any explicitly named file of another type): the text as decoded
  from UTF-8, nothing changed (BOM, CRLF and lone CR are kept, so offsets are
  exact against the file); the first non-empty line is the title.
- ``.md`` / ``.markdown``: optional YAML front matter (title, url, outlet,
  author, published); the stored text is a deterministic plain-text rendering
  (see ``markdown_to_text``) and offsets refer to it; the source is kept in
  ``Article.markdown``.
- ``.html`` / ``.htm`` (saved web pages): the plain text html_text makes of it, as
  ``analyze`` makes of an HTML cell; the first non-empty line of it is the title.
- ``.json``: an object or a list of objects; ``.jsonl``: one object a line;
  ``.csv`` / ``.tsv``: a header row, then one article a row (streamed).
  Each needs a non-empty ``text`` or ``body`` string; metadata fields are
  optional (``outlet`` or ``publisher``, ``published`` or ``date``, ...).

Inside a directory, files with other extensions and hidden files are skipped, and a
``metadata.tsv``/``metadata.csv`` sidecar fills the metadata its files lack (sidecar.py).
The path ``-`` reads one plain-text article from standard input (``STDIN``).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import sys
from typing import Iterator, List, Optional, Union

import yaml

from .html_text import html_to_text
from .model import Article

TEXT_EXTENSIONS = {".txt", ".text"}
MARKDOWN_EXTENSIONS = {".md", ".markdown"}
HTML_EXTENSIONS = {".html", ".htm"}
JSON_EXTENSIONS = {".json"}
JSONL_EXTENSIONS = {".jsonl", ".ndjson"}
CSV_EXTENSIONS = {".csv": ",", ".tsv": "\t"}
KNOWN_EXTENSIONS = (TEXT_EXTENSIONS | MARKDOWN_EXTENSIONS | HTML_EXTENSIONS | JSON_EXTENSIONS
                    | JSONL_EXTENSIONS | set(CSV_EXTENSIONS))

# The path that reads standard input (one plain-text article), as Unix tools take it.
STDIN = "-"
# A UTF-16 byte-order mark: spreadsheets' "Unicode text" exports, some Windows editors.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF16 = "UTF-16 text, not UTF-8 (as a spreadsheet's \"Unicode text\" export is): save it as UTF-8"
# What a file that is not text is, by its first bytes, and what to do: "contains NUL bytes:
# binary file" said nothing to whoever named a PDF, a Word file or the database itself.
SIGNATURES = (
    (b"SQLite format 3\x00", "a SQLite database, not an article file (to analyse a text column of "
                             "one of its tables: datasette provenance analyze DB TABLE COLUMN)"),
    (b"%PDF-", "a PDF, not text: extract its text first (e.g. pdftotext FILE FILE.txt)"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .odt document is one), not text: unpack it, or "
                    "save the document as plain text"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel document (.doc, .xls), not text: save it as plain text"),
    (b"\x1f\x8b", "gzip-compressed: decompress it first (gunzip)"),
    (b"\x89PNG", "an image (PNG), not text"),
    (b"\xff\xd8\xff", "an image (JPEG), not text"),
    (b"GIF8", "an image (GIF), not text"),
)


def not_text(head: bytes) -> Optional[str]:
    """What the file whose first bytes are ``head`` is, when it is known not to be UTF-8 text."""
    if head.startswith(UTF16_BOMS):
        return UTF16
    return next((said for magic, said in SIGNATURES if head.startswith(magic)), None)

# Beyond this a file is refused rather than risk the memory budget.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_FRONT_MATTER_CHARS = 64 * 1024
# A title is a headline; a 20 MB single-line file should not make a 20 MB title.
MAX_TITLE_CHARS = 500

# Metadata field -> the names it may go by in front matter / JSON.
FIELD_ALIASES = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("outlet", "publisher", "source", "site"),
    "author": ("author", "authors", "byline"),
    "published": ("published", "date", "published_at", "pubdate"),
}
TEXT_FIELDS = ("text", "body", "content")

Item = Union[Article, "IngestError"]


class IngestError(Exception):
    """A file (or one record of it) that could not be read; says where and why."""

    def __init__(self, path, message, line=None):
        # A file name that is not UTF-8 is said as the loaded articles' paths are (\xNN),
        # not with the lone surrogates stderr would print as \udcNN.
        path = printable_path(str(path))
        self.path, self.message, self.line = path, message, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


# ---------------------------------------------------------------- walking


def iter_files(paths) -> Iterator[Union[str, IngestError]]:
    """Every file to read under ``paths``, in order; IngestError for loops/unreadable dirs.
    Metadata sidecars inside a directory (sidecar.py) describe files; they are not read."""
    for _, path in _files(paths):
        yield path


def _files(paths):
    """(directory named on the command line or None, file path or IngestError)."""
    from .sidecar import is_sidecar

    for path in paths:
        path = str(path)
        if os.path.isdir(path):
            skipped, found_any = {}, False
            for found in _walk(path, ancestors=(), skipped=skipped):
                if isinstance(found, IngestError) or not is_sidecar(found):
                    found_any = True
                    yield path, found
            if not found_any:
                # Silence ("0 loaded, 0 failed") would hide a wrong folder or format.
                yield path, IngestError(path, _nothing_to_read(skipped))
        else:
            yield None, path


def _nothing_to_read(skipped: dict) -> str:
    known = ", ".join(sorted(KNOWN_EXTENSIONS))
    if not skipped:
        return f"no files to read in this directory (it reads {known})"
    others = ", ".join(f"{n} {ext or 'without extension'}" for ext, n in
                       sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
    return f"no files to read in this directory ({others} skipped; it reads {known})"


def _walk(directory: str, ancestors, skipped=None) -> Iterator[Union[str, IngestError]]:
    try:
        st = os.stat(directory)
    except OSError as e:
        yield IngestError(directory, f"cannot read directory: {e.strerror or e}")
        return
    key = (st.st_dev, st.st_ino)
    if key in ancestors:
        yield IngestError(directory, "symlink loop: this directory contains itself; skipped")
        return
    ancestors = ancestors + (key,)
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield IngestError(directory, f"cannot read directory: {e.strerror or e}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        ext = os.path.splitext(entry.name)[1].lower()
        if is_dir:
            yield from _walk(entry.path, ancestors, skipped)
        elif ext in KNOWN_EXTENSIONS:
            yield entry.path
        elif skipped is not None:
            skipped[ext] = skipped.get(ext, 0) + 1


def read_articles(paths) -> Iterator[Item]:
    """Articles and errors from files and directories, in a deterministic order.
    Files found in a directory take missing metadata from its sidecar (sidecar.py)."""
    from .sidecar import Sidecars, fill

    sidecars = {}
    for root, path in _files(paths):
        if isinstance(path, IngestError):
            yield path
        elif root is None:
            yield from read_file(path)
        else:
            if root not in sidecars:
                sidecars = {root: Sidecars(root)}  # one root at a time: nothing piles up
            row, errors = sidecars[root].metadata_for(path)
            yield from errors
            for item in read_file(path):
                yield fill(item, row) if row and isinstance(item, Article) else item


def read_file(path: str) -> Iterator[Item]:
    """Every article in one file (JSON/JSONL may hold many); never raises for bad input."""
    shown = printable_path(path)
    for item in _read_file(path):
        if isinstance(item, Article) and item.path == path != shown:
            item.path = shown
        yield item


def printable_path(path: str) -> str:
    """``path`` as text SQLite and UTF-8 output take: the bytes of a file name that are
    not UTF-8 (which os.fsdecode keeps as lone surrogates) become ``\\xNN`` escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _read_file(path: str) -> Iterator[Item]:
    ext = os.path.splitext(path)[1].lower()
    if ext in JSONL_EXTENSIONS:
        yield from _read_jsonl(path)
        return
    if ext in CSV_EXTENSIONS:
        yield from _read_csv(path, CSV_EXTENSIONS[ext])
        return
    try:
        raw = _read_bytes(path)
        text = _decode(path, raw)
        if ext in MARKDOWN_EXTENSIONS:
            yield _markdown_article(path, text)
        elif ext in HTML_EXTENSIONS:
            yield _html_article(path, text)
        elif ext in JSON_EXTENSIONS:
            yield from _json_articles(path, text)
        else:
            yield _text_article(path, text)
    except IngestError as e:
        yield e


def _read_bytes(path: str) -> bytes:
    if path == STDIN:
        raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise IngestError(path, f"standard input is too large (limit {MAX_FILE_BYTES} bytes)")
        return raw
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise IngestError(path, _not_regular(st))
        if st.st_size > MAX_FILE_BYTES:
            raise IngestError(path, f"file is too large ({st.st_size} bytes, limit {MAX_FILE_BYTES})")
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise IngestError(path, f"cannot read file: {e.strerror or e}") from None


def _not_regular(st) -> str:
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        return f"not a regular file (to read standard input, give {STDIN})"
    return "not a regular file"


def _decode(path: str, raw: bytes, line_base: int = 0) -> str:
    """UTF-8 text exactly as in the file; errors name the line."""
    kind = not_text(raw)
    if kind:  # (UTF-16: else "NUL bytes: binary file", yet it is text)
        raise IngestError(path, kind, 1)
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = line_base + raw.count(b"\n", 0, nul) + 1
        raise IngestError(path, "contains NUL bytes: binary file, not text", line)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = line_base + raw.count(b"\n", 0, e.start) + 1
        raise IngestError(
            path, f"invalid UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start})", line
        ) from None
    if not text.strip().strip("\ufeff").strip():
        raise IngestError(path, "standard input is empty or whitespace only (nothing was piped in?)"
                          if path == STDIN else "file is empty or whitespace only")
    return text


def first_line(text: str) -> Optional[str]:
    """The first non-empty line (the headline), trimmed and capped."""
    for line in text.splitlines():
        line = line.strip().lstrip("\ufeff").strip()
        if line:
            if len(line) > MAX_TITLE_CHARS:
                line = line[: MAX_TITLE_CHARS - 1].rstrip() + "…"
            return line
    return None


def _text_article(path: str, text: str) -> Article:
    return Article(text=text, title=first_line(text), path=path, format="txt")


def _html_article(path: str, html: str) -> Article:
    text = html_to_text(html)
    if not text.strip():
        raise IngestError(path, "no text in this HTML (only tags, scripts or styles)")
    return Article(text=text, title=first_line(text), path=path, format="html")


# ---------------------------------------------------------------- metadata


def _metadata(path: str, record: dict, line=None, key_lines=None) -> dict:
    """Pick and check the metadata fields of a front matter block or JSON object.
    ``key_lines``: the line of each front matter key, so an error names it."""
    key_lines = key_lines or {}
    half = _lone_surrogate(record)
    if half:
        name, at, char = half
        raise IngestError(
            path, f"'{name}' has half a character at position {at}: the escape \\u{ord(char):04x} is "
            "one half of a UTF-16 pair whose other half is missing (text cut in the middle of "
            "an emoji?); remove it or write the whole pair",
            key_lines.get(re.split(r"[.\[]", name)[0], line))
    meta, extra = {}, {}
    used = set()
    for field, names in FIELD_ALIASES.items():
        for name in names:
            if name in record and record[name] is not None:
                meta[field] = _field_value(path, field, name, record[name], key_lines.get(name, line))
                used.update(names)
                break
    for key, value in record.items():
        if key not in used and key not in TEXT_FIELDS:
            extra[str(key)] = value if _json_safe(value) else str(value)
    meta["extra"] = extra
    return meta


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(value, name=""):
    """(field, position, character) of the first lone surrogate in a JSON/YAML value, else
    None. JSON's "\\ud83d" (and YAML's) without its pair decodes to one; UTF-8 cannot hold it,
    so storing or printing the article failed in Python's words."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        return (name or "text", found.start(), found[0]) if found else None
    if isinstance(value, dict):
        items = [(str(k), k) for k in value] + [(str(k), v) for k, v in value.items()]
        for key, item in items:  # (keys first: a key can hold one too)
            key = _surrogate_free(key)
            half = _lone_surrogate(item, f"{name}.{key}" if name else key)
            if half:
                return half
    if isinstance(value, list):
        for i, item in enumerate(value):
            half = _lone_surrogate(item, f"{name}[{i}]")
            if half:
                return half
    return None


def _surrogate_free(text: str) -> str:
    return _SURROGATE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _field_value(path, field, name, value, line):
    if field == "published":
        return _date_value(path, name, value, line)
    if field == "author" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value if v.strip()) or None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise IngestError(
            path, f"'{name}' must be a string, not {_type_name(value)}", line
        )
    value = str(value).strip()
    return value or None


def _date_value(path, name, value, line):
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed:
            return parsed
        zone = unknown_zone(value)
        if zone:
            raise IngestError(path, f"'{name}' has a time zone it cannot place, {zone!r}: "
                              f"{value[:60]!r} (write its offset instead, e.g. 10:00 +01:00)", line)
        raise IngestError(path, f"'{name}' is not a date: {value[:40]!r} (use YYYY-MM-DD)", line)
    raise IngestError(path, f"'{name}' must be a date, not {_type_name(value)}{_timestamp_hint(value)}",
                      line)


def _timestamp_hint(value) -> str:
    """For a number that reads as a Unix time (seconds or milliseconds, 1973-2286): the date
    it would be, to write instead (not guessed: 1741122000 could be seconds or an id)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    for unit, scale in (("seconds", 1), ("milliseconds", 1000)):
        if 1e8 * scale <= value < 1e10 * scale:
            when = dt.datetime.fromtimestamp(value / scale, dt.timezone.utc)
            return (f"; if it is a Unix time in {unit}, write it as "
                    f"\"{when.isoformat(timespec='seconds')}\"")
    return ""


_MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")], 1) for name in names}
# A date written with its month's name ("March 3, 2025", "3 Mar. 2025", "Tuesday, March 3rd,
# 2025"), as scraped pages print them: unambiguous, unlike 03/04/2025 (still an error).
_WRITTEN_DATE = re.compile(
    r"(?:[a-z]+\.?,?\s+)?(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]+)\.?,?"
    r"|(?P<month2>[a-z]+)\.?\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?,?)\s+(?P<year>\d{4})", re.I)


# The same followed by its time of day, as news pages print it: "March 4, 2025 at
# 10:00 PM EST", "Mar. 4, 2025, 10:00 p.m. EST", "4 March 2025 - 22:00" (the clock
# already made 24-hour and the zone word already taken off).
_WRITTEN_DATE_TIME = re.compile(
    _WRITTEN_DATE.pattern + r"(?:\s*,\s*|\s+at\s+|\s*[-\u2013\u00b7|]\s*|\s+)"
    r"(?P<hour>\d{1,2}):(?P<minute>\d\d)(?::(?P<second>\d\d))?", re.I)

# "10:00 PM", "9:30 p.m.", "10 p.m.": parsedate_to_datetime reads the hour and ignores the
# marker (and "10 p.m." has no minutes for it to read at all).
_CLOCK_12H = re.compile(r"\b(\d{1,2})(:\d\d(?::\d\d)?)?\s*([ap])\.?\s?m\b\.?", re.I)


def _24_hour(clock) -> str:
    hour = int(clock[1]) % 12 + (12 if clock[3].lower() == "p" else 0)
    return f"{hour:02d}{clock[2] or ':00'}"


def _written_date(found, time=False) -> Optional[str]:
    """The ISO date (and time, when ``time``) of a _WRITTEN_DATE(_TIME) match, else None."""
    month = _MONTHS.get((found["month"] or found["month2"]).lower())
    if not month:
        return None
    try:
        when = dt.date(int(found["year"]), month, int(found["day"] or found["day2"]))
        if time:
            when = dt.datetime.combine(when, dt.time(
                int(found["hour"]), int(found["minute"]), int(found["second"] or 0)))
    except ValueError:  # (February 30, 25:00)
        return None
    return when.isoformat()


# Time-zone words after a time. RFC 2822 parsing knows the US ones and UT/GMT/Z and
# reads any other word as no zone at all: '10:00 CET' was stored as a naive 10:00.
# These are read as their offsets; IST (India, Ireland, Israel) and other words are
# errors, as 03/04/2025 is, rather than a time silently hours off. The words RFC 2822
# knows are here too, so an ISO date-time ('2025-03-04 10:00 UTC') reads them as well.
RFC2822_ZONES = {"UT": "+00:00", "UTC": "+00:00", "GMT": "+00:00", "Z": "+00:00",
                 "AST": "-04:00", "ADT": "-03:00", "EST": "-05:00", "EDT": "-04:00",
                 "CST": "-06:00", "CDT": "-05:00", "MST": "-07:00", "MDT": "-06:00",
                 "PST": "-08:00", "PDT": "-07:00"}
ZONE_OFFSETS = {**RFC2822_ZONES, "CET": "+01:00", "CEST": "+02:00", "EET": "+02:00", "EEST": "+03:00",
                "WET": "+00:00", "WEST": "+01:00", "BST": "+01:00", "MSK": "+03:00",
                "JST": "+09:00", "KST": "+09:00", "HKT": "+08:00", "SGT": "+08:00",
                "AEST": "+10:00", "AEDT": "+11:00", "NZST": "+12:00", "NZDT": "+13:00",
                "HST": "-10:00", "AKST": "-09:00", "AKDT": "-08:00"}
# US news writes the region, not the season ("10 a.m. ET"): its offset depends on the
# date (EST or EDT), so these are read in their IANA zone.
REGIONAL_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                  "PT": "America/Los_Angeles"}
_ZONE_WORD = re.compile(r"(?<=\d)\s*\(?([A-Za-z]{1,5})\)?\s*$")
_NUMERIC_OFFSET = re.compile(r"[+-]\d\d:?\d\d\b|\d[Zz]\s*$")


def _zone_word(value: str):
    """(the date-time before it, the upper-case word) for a time-zone word after a time
    with no numeric offset, else None."""
    if _NUMERIC_OFFSET.search(value) or not re.search(r"\d:\d\d", value):
        return None
    zone = _ZONE_WORD.search(value)
    return (value[:zone.start()].rstrip(), zone[1].upper()) if zone else None


def unknown_zone(value: str) -> Optional[str]:
    """The time-zone word of a date-time that parse_date cannot place ('IST', 'XYZ'), else None."""
    value = _CLOCK_12H.sub(_24_hour, value.strip())
    found = _zone_word(value)
    if found is None or found[1] in ZONE_OFFSETS or found[1] in REGIONAL_ZONES:
        return None
    return _ZONE_WORD.search(value)[1]


def _in_region(before: str, word: str) -> Optional[str]:
    """The date-time ``before`` a REGIONAL_ZONES ``word``, with the offset that zone had
    then, else None."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    naive = parse_date(before)
    if naive is None or "T" not in naive:  # (a date alone: no time to place)
        return None
    when = dt.datetime.fromisoformat(naive)
    if when.tzinfo is not None:
        return None
    try:
        return when.replace(tzinfo=ZoneInfo(REGIONAL_ZONES[word])).isoformat()
    except ZoneInfoNotFoundError:  # (no time-zone database on this machine)
        return None


# The label a page prints before its date, which scrapers keep: "Published: March 4, 2025",
# "Updated on Mar 4, 2025 at 10:00 PM EST".
_DATE_LABEL = re.compile(r"^(?:(?:last\s+)?updated|published|posted|first\s+published)"
                         r"(?:\s+on)?\s*:?\s+", re.I)


def parse_date(value: str) -> Optional[str]:
    """ISO 8601 date or datetime (a trailing Z allowed), an RSS/e-mail (RFC 2822) date-time
    or a date with its month's name -> its ISO form, else None (also for a time zone word
    it cannot place: unknown_zone says which)."""
    value = _DATE_LABEL.sub("", value.strip())
    if not value:
        return None
    value = _CLOCK_12H.sub(_24_hour, value)
    found = _zone_word(value)  # looked for once: (date-time before it, the word) or None
    if found and found[1] in REGIONAL_ZONES:
        return _in_region(*found)
    if found and found[1] not in ZONE_OFFSETS:
        return None  # a word it cannot place (unknown_zone names it)
    known = (found[0], ZONE_OFFSETS[found[1]]) if found else None
    if known:
        candidate = known[0] + known[1]
    else:
        candidate = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(candidate).isoformat()
        except ValueError:
            continue
    written = _WRITTEN_DATE_TIME.fullmatch(known[0] if known else value)
    if written:
        naive = _written_date(written, time=True)
        return naive + known[1] if naive and known else naive
    if re.search(r"\d:\d\d", value):  # "Tue, 04 Mar 2025 10:00:00 GMT" (RSS pubDate)
        from email.utils import parsedate_to_datetime
        try:
            rfc = f"{known[0]} {known[1].replace(':', '')}" if known else value
            return parsedate_to_datetime(rfc).isoformat()
        except (TypeError, ValueError, IndexError):
            return None
    written = _WRITTEN_DATE.fullmatch(value)
    return _written_date(written) if written else None


def _type_name(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "a boolean"
    # In the words of the JSON or YAML the user wrote (was Python's: NoneType, int, str).
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dt.date):  # YAML reads an unquoted 2024-01-01 as a date
        return f"a date ({value.isoformat(sep=' ') if isinstance(value, dt.datetime) else value})"
    return type(value).__name__


def _json_safe(value) -> bool:
    """Whether ``value`` is standard JSON. Python's json reads NaN and 1e400 (Infinity) and
    would write them back as bare NaN/Infinity: articles.extra that SQLite's json_extract
    calls malformed. Such a value is kept as its text."""
    try:
        json.dumps(value, allow_nan=False)
        return True
    except (TypeError, ValueError):
        return False


# ---------------------------------------------------------------- JSON / JSONL


def _record_article(path: str, record, fmt: str, line=None, where=None) -> Article:
    """One JSON object -> Article. ``line`` (JSONL) or ``where`` (JSON list item) locate it."""
    label = f" ({where})" if where else ""
    if not isinstance(record, dict):
        raise IngestError(path, f"expected a JSON object{label}, got {_type_name(record)}", line)
    text = None
    for name in TEXT_FIELDS:
        if name in record:
            text = record[name]
            if not isinstance(text, str):
                raise IngestError(path, f"'{name}' must be a string{label}, not {_type_name(text)}", line)
            break
    if text is None:
        raise IngestError(path, f"object has no 'text' or 'body' field{label}{_keys_hint(record)}", line)
    if not text.strip():
        raise IngestError(path, f"'text' is empty{label}", line)
    if "\x00" in text:
        raise IngestError(path, f"text contains NUL characters{label}", line)
    try:
        meta = _metadata(path, record, line)
    except IngestError as e:
        if where:
            e.message = f"{e.message} ({where})"
            e.args = (f"{path}: {e.message}",)
        raise
    extra = meta.pop("extra")
    if line is not None:
        extra["line"] = line
    if where is not None:
        extra["item"] = where
    meta.setdefault("title", first_line(text))
    return Article(text=text, path=path, format=fmt, extra=extra, **meta)


def _listed(names, most=8) -> str:
    names = [str(n) for n in names]
    return ", ".join(names[:most]) + (", ..." if len(names) > most else "")


def _keys_hint(record: dict) -> str:
    """What the object has instead, so a scraper's own field name (or a wrapper around
    the list of articles, as APIs return) is seen at once."""
    if not record:
        return " (it is empty)"
    hint = f" (it has: {_listed(record)}"
    wrapped = [k for k, v in record.items() if isinstance(v, list) and v and isinstance(v[0], dict)]
    if wrapped:
        hint += f"; for the articles in {wrapped[0]!r}: jq '.{wrapped[0]}' FILE > articles.json"
    return hint + ")"


def _json_articles(path: str, text: str) -> Iterator[Item]:
    """An object, or a list of objects decoded one at a time (never all at once)."""
    text = text.lstrip("\ufeff")
    decoder = json.JSONDecoder()
    i = _skip_ws(text, 0)
    try:
        if text.startswith("[", i):
            yield from _json_list_articles(path, text, i, decoder)
            return
        data, end = decoder.raw_decode(text, i)
        more = _skip_ws(text, end)
        if more != len(text):
            if text.startswith("{", more) and "\n" in text[end:more]:
                # A scraper's JSON Lines saved as .json: say how to load it.
                raise IngestError(path, "one JSON object a line is JSON Lines: name the file "
                                  ".jsonl (or .ndjson) to load it", text.count("\n", 0, more) + 1)
            raise json.JSONDecodeError("Extra data", text, more)
    except json.JSONDecodeError as e:
        raise IngestError(path, f"invalid JSON: {e.msg} (column {e.colno}){json_hint(e)}",
                          e.lineno) from None
    if not isinstance(data, dict):
        raise IngestError(path, f"expected a JSON object or a list of objects, got {_type_name(data)}")
    yield _record_article(path, data, "json")


def _json_list_articles(path, text, i, decoder) -> Iterator[Item]:
    i = _skip_ws(text, i + 1)
    if text.startswith("]", i):
        raise IngestError(path, "the JSON list is empty")
    n = 0
    counted = [0, 1]  # (offset, its line): a bad item's line, counted forward once over the text
    while True:
        start = i
        record, i = decoder.raw_decode(text, i)
        try:
            yield _record_article(path, record, "json", where=f"item {n}")
        except IngestError as e:
            counted[1] += text.count("\n", counted[0], start)
            counted[0] = start
            yield IngestError(path, e.message, counted[1])  # the line the item starts on
        n += 1
        i = _skip_ws(text, i)
        if text.startswith(",", i):
            i = _skip_ws(text, i + 1)
        elif text.startswith("]", i):
            if _skip_ws(text, i + 1) != len(text):
                raise json.JSONDecodeError("Extra data", text, _skip_ws(text, i + 1))
            return
        else:
            raise json.JSONDecodeError("Expecting ',' delimiter", text, i)


def json_hint(error: json.JSONDecodeError) -> str:
    """What usually causes the JSON error, in words (Python's say where, not why): a comma
    before a closing bracket, single quotes (a Python dict printed, not JSON), a comma
    after a JSON Lines object."""
    doc, at = error.doc, error.pos
    before = doc[:at].rstrip()
    if error.msg.startswith("Expecting property name") or error.msg == "Expecting value":
        if before.endswith(",") and doc[at:at + 1] in "}]":
            return ": a comma before a closing bracket, which JSON does not allow"
        if doc[at:at + 1] == "'":
            return ": JSON quotes its strings with \", not ' (a Python dict printed is not JSON)"
    if error.msg == "Extra data" and doc[at:].strip() == ",":
        return ": a comma after the object; JSON Lines has one object a line and nothing after it"
    return ""


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n\r":
        i += 1
    return i


def _read_csv(path: str, delimiter: str) -> Iterator[Item]:
    """One article per row after the header, streamed; rows are named by their line."""
    import csv
    csv.field_size_limit(MAX_FILE_BYTES)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            yield IngestError(path, _not_regular(st))
            return
        with open(path, "rb") as head:
            kind = not_text(head.read(16))
            if kind:
                yield IngestError(path, kind, 1)
                return
        f = open(path, encoding="utf-8-sig", newline="")
    except OSError as e:
        yield IngestError(path, f"cannot read file: {e.strerror or e}")
        return
    fmt = "csv" if delimiter == "," else "tsv"
    found = False
    with f:
        reader = csv.DictReader(f, delimiter=delimiter)
        try:
            header = reader.fieldnames
            if not header:
                yield IngestError(path, "file is empty or whitespace only")
                return
            if not any(name in TEXT_FIELDS for name in header):
                yield IngestError(path, "no 'text' or 'body' column in the header"
                                  f" (it has: {_listed(header)}){_other_delimiter(header, delimiter)}", 1)
                return
            held, last_end = None, reader.line_num  # the last row is held: see below
            held_lines = (0, 0)  # (the held row's first and last line)
            for row in reader:
                line, first_line = reader.line_num, last_end + 1
                last_end = line
                if held is not None:
                    yield held
                    held = None
                if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                    continue
                found = True
                if "\x00" in "".join(v for v in row.values() if isinstance(v, str)):
                    yield IngestError(path, "contains NUL bytes: binary data, not text", line)
                    continue
                # An empty cell is a missing value (except the text: that is an empty text).
                record = {k: (v if v != "" or k in TEXT_FIELDS else None) for k, v in row.items()
                          if k is not None and isinstance(v, str)}
                try:
                    held = _record_article(path, record, fmt, line=line)
                except IngestError as e:
                    held = e
                held_lines = (first_line, line)
            # The csv module reads a quote never closed to the end of the file: every row after
            # it was loaded as one article's text, without a word. Only the last row can be
            # that one, so only it is read again (reading every multi-line row again made a
            # load quadratic: 20,000 ten-line rows took 211 s instead of 0.4 s).
            opened = (_unclosed_quote(path, held_lines[0], delimiter)
                      if held is not None and held_lines[0] < held_lines[1] else None)
            if opened:
                held = IngestError(path, f"a quoted cell opened on this line is never closed: "
                                   f"lines {opened}-{held_lines[1]} were read as one row; close the "
                                   f"quote (a \" inside a quoted cell is written \"\")", opened)
            if held is not None:
                yield held
        except UnicodeDecodeError as e:
            yield IngestError(path, f"invalid UTF-8 (byte 0x{e.object[e.start]:02x})",
                              (reader.line_num or 0) + 1)
            return
        except (csv.Error, OSError) as e:
            yield IngestError(path, f"cannot read CSV: {e}", reader.line_num or None)
            return
    if not found:
        yield IngestError(path, "no rows after the header")


def _unclosed_quote(path: str, from_line: int, delimiter: str) -> Optional[int]:
    """The line where the CSV row starting at ``from_line`` (or after blank lines there,
    which DictReader skips) opens a quoted cell that runs into the end of the file, else
    None. Read again strictly: only a row spanning several lines gets here."""
    import csv
    import itertools
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(itertools.islice(f, from_line - 1, None), delimiter=delimiter, strict=True)
        before = 0
        try:
            for row in reader:
                if row:
                    return None
                before = reader.line_num
        except csv.Error as e:
            return from_line + before if "unexpected end of data" in str(e) else None
    return None


def _other_delimiter(header, delimiter: str) -> str:
    """A hint when the one column of the header holds another separator ("title;text")."""
    if len(header) != 1:
        return ""
    for other, name in ((";", "semicolons"), ("\t", "tabs"), (",", "commas"), ("|", "bars")):
        if other != delimiter and other in header[0]:
            fix = "name it .tsv" if other == "\t" else "name it .csv" if other == "," else \
                "save it with commas (or tabs, named .tsv)"
            return f"; its columns look separated by {name}: {fix}"
    return ""


def _read_jsonl(path: str) -> Iterator[Item]:
    """One article per line, streamed; a bad line is an error naming it, the rest load."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            yield IngestError(path, _not_regular(st))
            return
        f = open(path, "rb")
    except OSError as e:
        yield IngestError(path, f"cannot read file: {e.strerror or e}")
        return
    found = False
    with f:
        lineno = 0
        while True:
            try:
                raw = f.readline()
            except OSError as e:
                yield IngestError(path, f"cannot read file: {e.strerror or e}", lineno + 1)
                return
            if not raw:
                break
            lineno += 1
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if lineno == 1 and not_text(raw):
                yield IngestError(path, not_text(raw), 1)
                return
            if not raw.strip():
                continue
            found = True
            try:
                if b"\x00" in raw:
                    raise IngestError(path, "contains NUL bytes: binary data, not JSON", lineno)
                try:
                    line_text = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    raise IngestError(path, f"invalid UTF-8 (byte 0x{raw[e.start]:02x})", lineno) from None
                try:
                    record = json.loads(line_text)
                except json.JSONDecodeError as e:
                    raise IngestError(path, f"invalid JSON: {e.msg} (column {e.colno})"
                                      f"{json_hint(e)}", lineno) from None
                if isinstance(record, list):
                    raise IngestError(path, "expected a JSON object, got a list: JSON Lines has one "
                                      "object a line (a file holding one list of articles is .json)",
                                      lineno)
                yield _record_article(path, record, "jsonl", line=lineno)
            except IngestError as e:
                yield e
    if not found:
        yield IngestError(path, "file is empty or whitespace only")


# ---------------------------------------------------------------- markdown

_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)  # (\r: a CRLF file)


def split_front_matter(path: str, source: str):
    """(front matter dict or {}, body, line number where the body starts)."""
    body = source.lstrip("\ufeff")
    first, _, rest = body.partition("\n")
    if first.rstrip("\r \t") != "---":
        return {}, body, 1
    match = _FRONT_MATTER_END.search(rest)
    if not match:
        raise IngestError(path, "front matter starts with '---' but never ends", 1)
    block = rest[: match.start()]
    if len(block) > MAX_FRONT_MATTER_CHARS:
        raise IngestError(path, f"front matter is longer than {MAX_FRONT_MATTER_CHARS} characters", 1)
    try:
        # Aliases let a few lines expand to billions of values ("billion laughs").
        if any(isinstance(token, yaml.AliasToken) for token in yaml.scan(block)):
            raise IngestError(path, "front matter uses YAML aliases (*name): not supported", 2)
        data = yaml.safe_load(block)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise IngestError(path, f"broken YAML front matter: {problem}", line) from None
    except (ValueError, TypeError, RecursionError) as e:
        # PyYAML's own constructors raise these on e.g. an impossible date (2024-13-45).
        raise IngestError(path, f"broken YAML front matter: {e}", 2) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise IngestError(path, f"front matter must be a mapping, not {_type_name(data)}", 2)
    after = rest[match.end():]
    if after.startswith("\r\n"):
        after = after[2:]
    elif after.startswith(("\n", "\r")):
        after = after[1:]
    body_line = 2 + block.count("\n") + 1
    return data, after, body_line


_TOP_KEY = re.compile(r"""(['"]?)([^\s#:'"][^:'"]*?)\1\s*:(?:\s|$)""")


def _front_matter_key_lines(source: str) -> dict:
    """The file line of each top-level key of the front matter ("title: ..." on line 2 ->
    {"title": 2}): a wrong value is named with its line, as JSONL's are."""
    lines = {}
    for number, text in enumerate(source.lstrip("\ufeff").split("\n")[1:], 2):
        if _FRONT_MATTER_END.match(text.rstrip("\r")):
            break
        key = _TOP_KEY.match(text)
        if key:
            lines.setdefault(key[2], number)
    return lines


def _markdown_article(path: str, source: str) -> Article:
    front, body, _ = split_front_matter(path, source)
    meta = _metadata(path, {str(k): v for k, v in front.items()},
                     key_lines=_front_matter_key_lines(source) if front else None)
    text = markdown_to_text(body)
    if not text.strip():
        raise IngestError(path, "markdown has no text after the front matter")
    meta.setdefault("title", first_line(text))
    return Article(text=text, markdown=source, path=path, format="markdown", **meta)


_BLOCK_RULES = (
    (re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$"), "rule"),
    (re.compile(r"^ {0,3}(```|~~~)"), "fence"),
    (re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$"), "refdef"),
    (re.compile(r"^ {0,3}(=+|-+)[ \t]*$"), "setext"),
)
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")

_INLINE_RULES = (
    (re.compile(r"`([^`\n]+)`"), r"\1"),                         # inline code
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),               # image -> alt
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                # link -> text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),               # reference link
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),        # autolink
    (re.compile(r"</?[A-Za-z][^>\n]*>"), ""),                     # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),        # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),    # _em_
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),               # strikethrough
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),         # backslash escapes
)
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " "}


def _inline(text: str) -> str:
    for pattern, repl in _INLINE_RULES:
        text = pattern.sub(repl, text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text


def markdown_to_text(source: str) -> str:
    """Deterministic plain text of a markdown body.

    Blocks (paragraphs, headings, list items, quotes, code blocks) become
    paragraphs separated by one blank line; the soft-wrapped lines of a
    paragraph are joined with a space; heading, quote, list and emphasis
    markers, link and image syntax, inline HTML and reference definitions are
    removed. The same source always gives the same text.
    """
    blocks: List[str] = []
    paragraph: List[str] = []
    code: Optional[List[str]] = None
    fence = None

    def flush():
        if paragraph:
            blocks.append(_inline(" ".join(p.strip() for p in paragraph)))
            paragraph.clear()

    for raw_line in source.splitlines():
        line = raw_line.rstrip()
        if code is not None:
            if line.lstrip().startswith(fence):
                blocks.append("\n".join(code))
                code, fence = None, None
            else:
                code.append(line)
            continue
        quoted = False
        while _QUOTE.match(line):
            line, quoted = _QUOTE.sub("", line, count=1), True
        if not line.strip():
            flush()
            continue
        kind = next((k for p, k in _BLOCK_RULES if p.match(line)), None)
        if kind == "setext" and paragraph and not quoted:
            flush()  # the underline of a heading: the paragraph above is the heading
            continue
        if kind == "rule":
            flush()
            continue
        if kind == "fence":
            flush()
            fence = line.strip()[:3]
            code = []
            continue
        if kind == "refdef":
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            if heading.group(1).strip():
                blocks.append(_inline(heading.group(1).strip()))
            continue
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            line = line[item.end():]
        paragraph.append(line)
    flush()
    if code:
        blocks.append("\n".join(code))
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"
