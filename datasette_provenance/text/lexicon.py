"""The extractor's word lists, loaded once from the data files in ``lexicons/``.

Reading package data is not I/O on user input; it happens once per process.
"""
from __future__ import annotations

import functools
import os

_DIR = os.path.join(os.path.dirname(__file__), "lexicons")


def _lines(name):
    with open(os.path.join(_DIR, name), encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line


@functools.lru_cache(maxsize=None)
def words(name: str) -> frozenset:
    """A one-entry-per-line list as a set."""
    return frozenset(line.strip() for line in _lines(name))


@functools.lru_cache(maxsize=None)
def table(name: str) -> dict:
    """A two-column tab-separated file as a dict."""
    return dict(line.split("\t", 1) for line in _lines(name))


@functools.lru_cache(maxsize=None)
def verb_forms() -> dict:
    """Every form of every reporting verb -> its lemma."""
    forms = {}
    for line in _lines("reporting_verbs.txt"):
        lemma, *rest = line.split()
        forms[lemma] = lemma
        for form in rest:
            forms.setdefault(form, lemma)
    return forms


@functools.lru_cache(maxsize=None)
def clause_verbs() -> tuple:
    """(reporting-verb forms, common verbs, auxiliaries): the words whose presence makes a
    run of words a clause rather than a noun phrase."""
    return verb_forms(), words("common_verbs.txt"), words("aux.txt")
