"""Read article files into Article objects.

PLACEHOLDER: .txt and .md only; the full ingest (json/jsonl, front matter, errors)
replaces this.
"""
from __future__ import annotations

import os
from typing import Iterator, Tuple, Union

from .model import Article


class IngestError(Exception):
    def __init__(self, path, message, line=None):
        self.path, self.message, self.line = path, message, line
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


def iter_paths(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    yield os.path.join(root, name)
        else:
            yield path


def read_articles(paths) -> Iterator[Union[Article, IngestError]]:
    for path in iter_paths(paths):
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            yield IngestError(path, str(e))
            continue
        if not text.strip():
            yield IngestError(path, "file is empty")
            continue
        title = next((l.strip() for l in text.splitlines() if l.strip()), None)
        yield Article(text=text, title=title, path=path, format="txt")
