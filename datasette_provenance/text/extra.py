"""Cue words supplied from outside the package (the ``provenance_cue_lexicon`` hook).

Pure: the plugin side (``datasette_provenance.plugins.extra_lexicon``) gathers the words,
this module turns them into cue candidates. A supplied word or phrase is always a cue of
the kind its lexicon says, like the rules' sure patterns: the shipped model was never
trained on it, so it is not asked. A word the package's own lexicons already hold is left
to the built-in extractor (supplying "said" changes nothing).
"""
from __future__ import annotations

import functools
import hashlib
import re
from typing import Dict, Iterable, List, Mapping, Optional, Tuple

from . import lexicon
from .tokens import TOKEN

# Lexicon name (the data file's name without extension) -> what its words become.
CUE_KINDS = {
    "reporting_verbs": "verb",   # kind refined like the built-in verbs: verb, passive, participle
    "intention_verbs": "verb",
    "adverb_cues": "adverb",     # "purportedly": the whole sentence is the content, no source
    "noun_cues": "noun",         # "dispatches indicate": the reporting verb after it is the cue
}
HEDGES = "hedges"
LEXICONS = tuple(CUE_KINDS) + (HEDGES,)
_DETERMINERS = frozenset("the a an his her their its this our my your whose".split())


class ExtraLexicon:
    """Extra cue phrases (as lower-case token tuples) by kind, and extra hedges. Hashable."""

    __slots__ = ("phrases", "nouns", "hedges", "_first")

    def __init__(self, phrases: Iterable[Tuple[Tuple[str, ...], str]] = (),
                 nouns: Iterable[str] = (), hedges: Iterable[str] = ()):
        self.phrases = tuple(sorted(set(phrases), key=lambda p: (-len(p[0]), p)))
        self.nouns = frozenset(nouns)
        self.hedges = tuple(sorted(set(hedges)))
        first: Dict[str, List[Tuple[Tuple[str, ...], str]]] = {}
        for tokens, kind in self.phrases:  # longest first, so "went on record" beats "went"
            first.setdefault(tokens[0], []).append((tokens, kind))
        self._first = first

    @classmethod
    def of(cls, words_by_lexicon: Optional[Mapping[str, Iterable[str]]]) -> Optional["ExtraLexicon"]:
        """From ``{lexicon name: [words or phrases]}``; None when nothing new is supplied.

        An unknown lexicon name or a word that is not a string raises ValueError.
        """
        phrases, nouns, hedges = [], [], []
        for name, words in (words_by_lexicon or {}).items():
            if name not in LEXICONS:
                raise ValueError(f"cue lexicon {name!r} is not one the extractor reads "
                                 f"(use one of: {', '.join(LEXICONS)})")
            if isinstance(words, str):
                raise ValueError(f"cue lexicon {name!r} must be a list of words, not a string")
            for word in words:
                if not isinstance(word, str):
                    raise ValueError(f"cue lexicon {name!r}: {word!r} is not a string")
                tokens = tuple(t.lower() for t in TOKEN.findall(word))
                if not tokens or _known(name, tokens):
                    continue
                if name == HEDGES:
                    hedges.append(" ".join(word.split()))
                elif name == "noun_cues" and len(tokens) == 1:
                    nouns.append(tokens[0])
                else:
                    phrases.append((tokens, CUE_KINDS[name]))
        if not (phrases or nouns or hedges):
            return None
        return cls(phrases, nouns, hedges)

    def _key(self):
        return self.phrases, self.nouns, self.hedges

    def __eq__(self, other):
        return isinstance(other, ExtraLexicon) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def __getstate__(self):
        return self._key()

    def __setstate__(self, state):
        self.__init__(*state)

    def __repr__(self):
        return f"ExtraLexicon(phrases={self.phrases!r}, nouns={sorted(self.nouns)!r}, hedges={self.hedges!r})"

    def cue_candidates(self, low: List[str], cue_kind) -> List[Tuple[int, str, int]]:
        """(token index, kind, width) of every supplied cue in the lower-cased tokens.

        ``cue_kind(i)`` refines a verb's kind (passive, participle) as the extractor does.
        """
        out = []
        n = len(low)
        forms = lexicon.verb_forms() if self.nouns else {}
        for i, w in enumerate(low):
            for tokens, kind in self._first.get(w, ()):
                width = len(tokens)
                if tuple(low[i:i + width]) != tokens:
                    continue
                if kind == "verb":
                    if i and low[i - 1] in _DETERMINERS:
                        break  # "the averred facts": not a cue
                    kind = cue_kind(i)
                out.append((i, kind, width))
                break
            if w in self.nouns and i + 1 < n and low[i + 1] in forms:
                out.append((i + 1, "noun", 1))  # "dispatches indicate": the verb is the cue
        return out


def _known(name: str, tokens: Tuple[str, ...]) -> bool:
    """Whether the package's own lexicon for ``name`` already holds this word."""
    if len(tokens) != 1:
        return False
    word = tokens[0]
    if name in ("reporting_verbs", "intention_verbs"):
        return word in lexicon.verb_forms() or word in lexicon.words("intention_verbs.txt")
    if name == "hedges":
        return word in lexicon.words("hedges.txt")
    return word in lexicon.words(name + ".txt")


def versioned(version: str, extra: Optional[ExtraLexicon]) -> str:
    """The extractor version as stored with rows: ``0.9.1``, or ``0.9.1+lex.1a2b3c4d`` when
    supplied words took part, so a load re-extracts rows made with other words."""
    if not extra:
        return version
    digest = hashlib.sha1(repr(extra._key()).encode("utf-8")).hexdigest()[:8]
    return f"{version}+lex.{digest}"


def as_extra(value) -> Optional[ExtraLexicon]:
    """An ExtraLexicon from an ExtraLexicon, a ``{lexicon: words}`` mapping or None."""
    if value is None or isinstance(value, ExtraLexicon):
        return value
    return ExtraLexicon.of(value)


@functools.lru_cache(maxsize=32)
def hedge_pattern(phrases: Tuple[str, ...]):
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % body, re.I)


def hedge_spans(text: str, found: List[Tuple[int, int]], extra: Optional[ExtraLexicon]):
    """The built-in hedges ``found`` plus the supplied ones, in text order, none overlapping."""
    if not extra or not extra.hedges:
        return found
    more = [(m.start(), m.end()) for m in hedge_pattern(extra.hedges).finditer(text)]
    kept: List[Tuple[int, int]] = []
    for start, end in sorted(found + more, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept
