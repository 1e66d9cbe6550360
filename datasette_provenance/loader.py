"""Load articles: skip what is stored, extract the rest (optionally in worker processes),
hand the rows to the single writer, then bring old extractions up to date.

Memory stays flat whatever the number of files: articles stream in from ingest, at
most a small window of them is in flight, and results are written in input order
(so a parallel load gives the same database as a serial one).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Callable, Iterable, Optional, Union

from . import identity, json_checks, plugins, rescore, store
from .ingest import IngestError
from .model import Article
from .wording import counted
from . import pipeline
from .pipeline import analyse, analyse_windows
from .analysis_inputs import article_ratings, current_weights, data_inputs, for_article
from .stored_scoring import StoredRatings, ratings_version
from .text.extra import versioned

# How many chunks may be in flight per worker: enough to keep workers busy while
# the writer commits, small enough to keep memory flat. A chunk is up to
# CHUNK_ARTICLES articles or CHUNK_CHARS characters of text.
WINDOW_PER_WORKER = 3
CHUNK_ARTICLES = 16
CHUNK_CHARS = 256_000
# A worker that dies (killed, out of memory) takes every chunk in its pool down with it:
# they get this many more tries in a fresh pool before their articles count as failed.
RETRIES = 1


@dataclass
class LoadResult:
    loaded: int = 0        # new or changed articles stored
    unchanged: int = 0     # already stored, same extractor version
    failed: int = 0        # files / records / articles that could not be loaded
    reextracted: int = 0   # stored articles re-extracted by a newer extractor
    identity: Optional["identity.Result"] = None  # what the identity pass after the load did

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)

    def summary(self) -> str:
        text = f"{self.loaded} loaded, {self.unchanged} unchanged, {self.failed} failed"
        if self.reextracted:
            text += f", {self.reextracted} re-extracted"
        if self.identity is not None and self.identity.merged:
            text += f", {counted(len(self.identity.merged), 'source')} merged"
        return text


def current_version() -> str:
    # Looked up at call time so a new extractor (or a test) is seen without restarting.
    from . import text
    return text.EXTRACTOR_VERSION


def extract_rows(article: Article, aid: str, version: str,
                 scoring=None) -> Union[store.Prepared, IngestError]:
    """Worker job: analyse one article and build its rows (text left out, the writer has it).

    ``scoring`` is keyword arguments for pipeline.analyse (analysis_inputs: weights,
    ratings, the plugins' cue words and score adjusters).
    """
    try:
        prepared = store.prepare(article, analyse(article, **_scoring_for(scoring, aid)),
                                 version, aid=aid)
    except Exception as e:  # an extractor bug on odd input fails one article, not the load
        return IngestError(article.path or "<article>",
                           f"extraction failed: {type(e).__name__}: {e}",
                           (article.extra or {}).get("line"))
    prepared.article["text"] = None
    prepared.article["markdown"] = None
    return prepared


# Key of the loader's scoring arguments that holds the per-article ratings (analysis_inputs.
# article_ratings); taken out before they reach pipeline.analyse.
ARTICLE_RATINGS = "article_ratings"


def _scoring_for(scoring, aid) -> dict:
    scoring = dict(scoring or {})
    return for_article(scoring, scoring.pop(ARTICLE_RATINGS, None), aid)


# Set once per worker process by the pool initializer, so that each task pickles only
# its article (the stored weights and ratings may be large).
_WORKER_ARGS = {}


def _init_worker(version, scoring, config):
    # Score adjusters are plugin code, not data: each worker takes them from its own
    # plugin manager (entry points load on import; a fork also keeps the parent's).
    scoring = dict(scoring or {}, adjusters=plugins.score_adjusters(config))
    _WORKER_ARGS.update(version=version, scoring=scoring)
    # Ctrl-C reaches the whole process group: the load (the parent) stops and shuts the
    # pool down. A worker interrupted too could die holding the pool's queue lock, and
    # the load then hung for good after "interrupted" (seen under load).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()


def _exit_with_parent(parent: int):
    # A SIGKILLed load cannot shut its pool down: its workers would wait forever.
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _extract_chunk(jobs):
    return [extract_rows(article, aid, _WORKER_ARGS["version"], _WORKER_ARGS["scoring"])
            for article, aid in jobs]


def huge_rows(article: Article, aid: str, version: str, scoring=None):
    """(head, parts) for an article too long to analyse at once: head is the article row,
    parts lazily yield the rows of each window, so the writer stores them as they come
    and memory is bounded by a window, not the article."""
    head = store.prepare_parts(article, [], version, aid=aid)
    windows = analyse_windows(article, window=pipeline.WINDOW_CHARS, **_scoring_for(scoring, aid))
    return head, (store.prepare_parts(article, [doc], version, aid=aid) for doc in windows)


def _is_huge(article: Article) -> bool:
    return len(article.text) > pipeline.WINDOW_CHARS


class _Extractor:
    """Runs extract_rows in-process (workers <= 1) or in a process pool, results in order."""

    def __init__(self, workers: int, version: str, scoring=None, config=None):
        """``scoring``: the picklable analyse arguments (data_inputs), ``config``: the
        plugin configuration the score adjusters are made from, here and in each worker."""
        self.workers = max(1, int(workers or 1))
        self.version = version
        self.data = scoring or {}
        self.config = config or {}
        self.scoring = dict(self.data, adjusters=plugins.score_adjusters(self.config))
        self.executor = None
        self.generation = 0  # pools started after a worker died
        if self.workers > 1:
            self.executor = self._pool()

    def _pool(self):
        # fork: workers start instantly and share the imported extractor; they never
        # touch the parent's SQLite connection.
        ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        return ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                   initargs=(self.version, self.data, self.config))

    def close(self):
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def run(self, tasks):
        """tasks yield (kind, payload, article, aid, replace); yields (kind, payload, article, replace).

        With a pool, articles go to workers in chunks (fewer, larger messages: the pool's
        feeder thread competes with the writer for the GIL) and come back in order.
        """
        if self.executor is None:
            for kind, payload, article, aid, replace in tasks:
                if kind == "extract" and _is_huge(article):
                    kind, payload = "huge", huge_rows(article, aid, self.version, self.scoring)
                elif kind == "extract":
                    payload = extract_rows(article, aid, self.version, self.scoring)
                yield kind, payload, article, replace
            return
        window = self.workers * WINDOW_PER_WORKER
        pending = deque()  # chunks: (list of entries, future or None)
        chunk, chunk_chars = [], 0
        for entry in tasks:
            kind, _, article, aid, replace = entry
            if kind == "extract" and _is_huge(article):
                # Analysed here, window by window, while the writer stores each window.
                entry = ("huge", huge_rows(article, aid, self.version, self.scoring),
                         article, aid, replace)
            chunk.append(entry)
            if entry[0] == "extract":
                chunk_chars += len(entry[2].text)
            if len(chunk) >= CHUNK_ARTICLES or chunk_chars >= CHUNK_CHARS:
                pending.append(self._submit(chunk))
                chunk, chunk_chars = [], 0
            while pending and (len(pending) > window or pending[0][1] is None
                               or pending[0][1].done()):
                yield from self._resolve(pending.popleft(), pending)
        if chunk:
            pending.append(self._submit(chunk))
        while pending:
            yield from self._resolve(pending.popleft(), pending)

    def _submit(self, chunk, tries=0):
        """(chunk, future or None, the pool generation it went to, tries so far)."""
        jobs = [(article, aid) for kind, _, article, aid, _ in chunk if kind == "extract"]
        future = None
        if jobs:
            try:
                future = self.executor.submit(_extract_chunk, jobs)
            except BrokenProcessPool as e:
                # The pool died before this chunk reached it (a worker killed while chunks
                # are still handed out): a failed future, which _resolve treats as one the
                # dying pool took with it (a fresh pool, the chunk again).
                future = Future()
                future.set_exception(e)
        return chunk, future, self.generation, tries

    def _resolve(self, entry, pending):
        chunk, future, generation, tries = entry
        results = iter(())
        while future is not None:
            try:
                results = iter(future.result())
                break
            except BrokenProcessPool as e:
                if generation == self.generation:
                    # This pool died: a new one, and the chunks lost with it go there.
                    # (Once only per pool: restarting again would cancel the new pool's work.)
                    self._restart()
                    for i, other in enumerate(pending):
                        if other[1] is not None and other[2] < self.generation:
                            pending[i] = self._submit(other[0], other[3] + 1)
                if tries >= RETRIES:
                    results = iter([IngestError(article.path, f"extraction worker died: {e}")
                                    for kind, _, article, _, _ in chunk if kind == "extract"])
                    break
                chunk, future, generation, tries = self._submit(chunk, tries + 1)
        for kind, payload, article, aid, replace in chunk:
            if kind == "extract":
                payload = next(results)
            yield kind, payload, article, replace

    def _restart(self):
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.generation += 1
        self.executor = self._pool()


def load_articles(
    db,
    items: Iterable[Union[Article, IngestError]],
    *,
    workers: int = 1,
    extractor_version: Optional[str] = None,
    batch_size: int = 200,
    batch_seconds: float = 1.0,
    reextract_stale: bool = True,
    on_item: Optional[Callable[[str, object], None]] = None,
    config: Optional[dict] = None,
    reextract: Iterable[str] = (),
) -> LoadResult:
    """Store every article of ``items`` (Articles and IngestErrors, e.g. from
    ``ingest.read_articles``); return the counts.

    ``on_item(status, item)`` is called once per item in input order, with status
    "loaded", "unchanged", "failed" (item is then an IngestError) or "reextracted".
    Articles already stored by the current extractor are skipped without extraction;
    stored articles from an older extractor are re-extracted (also those not in
    ``items`` when ``reextract_stale``), and the stored articles of ``reextract`` (ids,
    current or not: check --repair). ``config`` is the plugin configuration block
    handed to the extension hooks (plugins.py).
    """
    store.ensure_schema(db)
    result = LoadResult()
    # Scores use the configured (else stored) weights, the stored reliability ratings
    # (sources, outlets) and the plugins' adjusters, as rescore does.
    # Weights, ratings and plugin cue words are gathered here, once, and travel to the
    # workers as data.
    data = data_inputs(db.conn, config)
    # Sources of one article ("the mayor") rated before its re-extraction keep their rating.
    data[ARTICLE_RATINGS] = article_ratings(db.conn)
    # Rows extracted with other plugin cue words are stale like an older extractor's.
    version = versioned(extractor_version or current_version(), data["extra_lexicon"])
    extractor = _Extractor(workers, version, data, config)

    def report(status, item):
        result.add(status)
        if on_item is not None:
            on_item(status, item)

    try:
        with store.Writer(db, batch_size=batch_size, batch_seconds=batch_seconds) as writer:
            follow = _FollowRatings(writer, config, extractor.scoring["adjusters"])
            outcomes = extractor.run(_tasks(items, writer, version))
            _write_all(outcomes, writer, report, "loaded", follow)
            if reextract_stale:
                outcomes = extractor.run(_stale_tasks(db, version))
                _write_all(outcomes, writer, report, "reextracted", follow)
            if reextract:
                outcomes = extractor.run(_stored_tasks(db, reextract))
                _write_all(outcomes, writer, report, "reextracted", follow)
    finally:
        extractor.close()
    # One real source per row across the whole database, whatever the load order.
    result.identity = identity.resolve(db.conn, config)
    return result


class _FollowRatings:
    """A rating (or the stored weights) changed while this load runs -- from Datasette or
    `rate`, between two of its batches: articles extracted with the old ratings are
    re-scored from their rows before their batch commits, as if the change had come
    after them (set_rating re-scored what was stored when it ran). Checked per article
    inside the batch's write transaction, so no change can slip in before the commit.

    The weights and ratings are read once per change, not per article: the load itself
    never rates (its new sources start unrated), so they hold until the version moves."""

    def __init__(self, writer, config, adjusters):
        self.writer, self.config, self.adjusters = writer, config, adjusters
        self.conn = writer.conn
        self.version = ratings_version(self.conn)
        self.moved = False
        self.weights = None
        self.ratings = None

    def after_write(self, aid: str) -> None:
        version = ratings_version(self.conn)
        if version != self.version:
            self.version, self.moved = version, True
            self.weights = current_weights(self.conn, self.config)
            self.ratings = StoredRatings.read(self.conn)
        if not self.moved:
            return
        self.writer.count_new_rows()
        rescore.rescore_articles(self.conn, [aid], self.weights, self.adjusters, self.ratings)


def _tasks(items, writer, version):
    urls = {}  # url origin -> (article id, where) of its first record in this load
    for item in items:
        if isinstance(item, IngestError):
            yield "failed", item, None, None, False
            continue
        aid = store.article_id(item)
        clash = _url_clash(urls, item, aid)
        if clash is not None:
            yield "failed", clash, None, None, False
            continue
        stored = writer.stored(aid)
        if stored is not None and not store.is_stale(stored[0], version):
            yield "unchanged", None, item, aid, False
        else:
            yield "extract", None, item, aid, stored is not None


def _url_clash(urls, article, aid) -> Optional[IngestError]:
    """Two records of one load with the same url and different texts would replace each
    other on every load (one article per origin), never 'unchanged': the first is kept,
    the later one is an error naming both."""
    origin = store.article_origin(article)
    if origin is None or not origin.startswith("url:"):
        return None
    extra = article.extra or {}
    line, item = extra.get("line"), extra.get("item")
    where = f"{article.path}:{line}" if line else f"{article.path} ({item})" if item else article.path
    first = urls.setdefault(origin, (aid, where))
    if first[0] == aid:
        return None
    return IngestError(article.path, f"same url as {first[1]} ({article.url}) but a different "
                       "text or metadata: not loaded (one article per url; the first is kept)", line)


def _stale_tasks(db, version):
    ids = [row[0] for row in db.conn.execute(
        "select id, extractor_version from articles where coalesce(extractor_version, '') != ?",
        [version]) if store.is_stale(row[1], version)]
    yield from _stored_tasks(db, ids)


def _stored_tasks(db, ids):
    """Extract tasks that rebuild each stored article of ``ids`` from its row."""
    for aid in ids:
        row = db.conn.execute(
            "select text, title, url, outlet, author, published, path, format, markdown, extra, "
            "source_table, source_rowid, source_pk from articles where id = ?", [aid]).fetchone()
        if row is None:
            continue
        article = Article(text=row[0], title=row[1], url=row[2], outlet=row[3], author=row[4],
                          published=row[5], path=row[6], format=row[7] or "txt", markdown=row[8],
                          extra=json_checks.extra_object(row[9]), source_table=row[10], source_rowid=row[11],
                          source_pk=row[12])
        yield "extract", None, article, aid, True


def _write_all(outcomes, writer, report, loaded_status, follow=None):
    for kind, payload, article, replace in outcomes:
        if kind == "failed":
            report("failed", payload)
            continue
        if kind == "unchanged":
            origin = store.article_origin(article)
            stored = writer.stored(store.article_id(article))
            if stored is not None and origin is not None and stored[1] != origin:
                writer.touch_origin(store.article_id(article), origin, article.path)
            report("unchanged", article)
            writer.commit_if_due()
            continue
        if isinstance(payload, IngestError):
            report("failed", payload)
            continue
        parts = None
        if kind == "huge":
            payload, parts = payload
        payload.article["text"] = article.text
        payload.article["markdown"] = article.markdown
        if loaded_status == "reextracted":
            # Rebuilt from the stored row: keep the stored origin (a relative path would
            # resolve against today's working directory and could name another article).
            stored = writer.stored(payload.id)
            if stored is not None:
                payload.origin = payload.article["origin"] = stored[1]
        try:
            status = writer.write(payload, replace=replace, parts=parts,
                                  after=follow.after_write if follow else None)
        except sqlite3.Error as e:
            if store.is_fatal(e):
                raise  # every later article would fail the same way: stop, keep what is stored
            report("failed", IngestError(article.path, f"could not store: {e}",
                                         (article.extra or {}).get("line")))
            continue
        except Exception as e:  # extraction of a huge article's window, inside the savepoint
            report("failed", IngestError(article.path or "<article>",
                                         f"extraction failed: {type(e).__name__}: {e}",
                                         (article.extra or {}).get("line")))
            continue
        report(loaded_status if status == "loaded" else status, article)
        writer.commit_if_due()
