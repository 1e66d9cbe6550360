"""Read brat standoff attribution annotations (PolNeAR's layout).

A corpus directory holds ``text/X.txt`` and ``attributions/X_<annotator>.ann``
(or ``attributions/X.ann``); a text may have several annotator files.

In a ``.ann`` file, ``T`` lines are text-bound spans::

    T3<TAB>Cue 107 114<TAB>reports
    T9<TAB>Content 315 448;463 553<TAB>...        (discontinuous: fragments split by ";")

and ``E`` lines tie one attribution's spans together::

    E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1
    E5<TAB>Attribution-no-source:T18 Content:T17 Cue:T16
    E7<TAB>Attribution:T21 Cue:T20 Source:T19 Content:T18 Content2:T22

The ``Attribution`` / ``Attribution-no-source`` trigger span repeats the cue and
is not used; ``Content2`` (and any ``ContentN``) adds to the content; an event
without a ``Cue`` is skipped. ``Discard`` and ``Discuss`` spans (boilerplate,
passages the annotators flagged) belong to no attribution and are ignored, as
are notes (``#``) and lines that are not ``T``/``E`` lines (brat lets span text
run over a line break).

Offsets are Python ``str`` indices into the text decoded as UTF-8 with line
ends untouched, end-exclusive. The parsing functions are pure; only
``read_corpus`` touches the file system.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Tuple

# A span is a tuple of (start, end) fragments, in text order.
Fragments = Tuple[Tuple[int, int], ...]

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")
_ROLE = re.compile(r"^([A-Za-z-]+?)(\d*)$")


@dataclass(frozen=True)
class GoldAttribution:
    cue: Fragments
    source: Fragments = ()
    content: Fragments = ()
    # The event type: "Attribution" or "Attribution-no-source".
    label: str = "Attribution"


@dataclass
class AnnotatedText:
    """One text with one annotator's attributions."""

    name: str           # text file stem, e.g. "outlet_2016-09-12_slug"
    annotator: str      # "" when the .ann file has no annotator suffix
    text: str
    attributions: List[GoldAttribution]


def parse_fragments(value: str) -> Fragments:
    """``"315 448;463 553"`` -> ``((315, 448), (463, 553))``."""
    fragments = []
    for part in value.split(";"):
        start, end = part.split()
        fragments.append((int(start), int(end)))
    return tuple(sorted(fragments))


def parse_ann(ann: str) -> List[GoldAttribution]:
    """Parse the text of one ``.ann`` file into its attributions, in E-line order."""
    spans: Dict[str, Fragments] = {}
    events: List[List[Tuple[str, str]]] = []
    labels: List[str] = []
    for line in ann.splitlines():
        t = _T_LINE.match(line)
        if t:
            spans[t.group(1)] = parse_fragments(t.group(3))
            continue
        e = _E_LINE.match(line)
        if e:
            args = [arg.split(":", 1) for arg in e.group(2).split() if ":" in arg]
            if args:
                labels.append(args[0][0])
                events.append(args[1:])
    attributions = []
    for label, args in zip(labels, events):
        roles: Dict[str, List[Tuple[int, int]]] = {}
        for role, ref in args:
            m = _ROLE.match(role)
            base = m.group(1) if m else role
            roles.setdefault(base, []).extend(spans.get(ref, ()))
        if not roles.get("Cue"):
            continue
        attributions.append(GoldAttribution(
            cue=tuple(sorted(roles["Cue"])),
            source=tuple(sorted(roles.get("Source", ()))),
            content=tuple(sorted(roles.get("Content", ()))),
            label=label,
        ))
    return attributions


class CorpusError(ValueError):
    """A corpus file that cannot be scored against: says which file and why."""


def outside(ann: str, text: str) -> Iterator[str]:
    """The T lines of ``ann`` whose spans do not lie inside ``text`` (offsets for another
    version of the text, or a typo): scored as they were, they silently matched nothing."""
    for line in ann.splitlines():
        t = _T_LINE.match(line)
        if t and any(not 0 <= start <= end <= len(text) for start, end in parse_fragments(t.group(3))):
            yield f"{t.group(1)} {t.group(2)} {t.group(3)}"


def text_of(text: str, fragments: Fragments) -> str:
    return " ".join(text[s:e] for s, e in fragments)


def _read(path: str) -> str:
    # newline="" keeps "\r\n" as two characters so offsets stay exact.
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except UnicodeDecodeError as e:
        raise CorpusError(f"{path}: invalid UTF-8 (byte 0x{e.object[e.start]:02x} at offset "
                          f"{e.start}); offsets are read in UTF-8 text") from None


def pair_files(text_stems: List[str], ann_names: List[str]) -> Dict[str, List[Tuple[str, str]]]:
    """Map each text stem to its ``(annotator, ann file name)`` pairs.

    ``X.ann`` belongs to ``X`` with annotator ""; ``X_abcd.ann`` belongs to ``X``
    with annotator "abcd" when ``X.txt`` exists (stems may contain underscores).
    """
    stems = set(text_stems)
    pairs: Dict[str, List[Tuple[str, str]]] = {stem: [] for stem in text_stems}
    for name in sorted(ann_names):
        base = name[:-4]
        if base in stems:
            pairs[base].append(("", name))
            continue
        head, sep, annotator = base.rpartition("_")
        if sep and head in stems:
            pairs[head].append((annotator, name))
    return pairs


def read_corpus(directory: str) -> Iterator[AnnotatedText]:
    """Yield one AnnotatedText per (text, annotator file) under ``directory``.

    Texts without any annotation file are skipped (nothing to score against).
    """
    text_dir = os.path.join(directory, "text")
    ann_dir = os.path.join(directory, "attributions")
    if not os.path.isdir(text_dir) or not os.path.isdir(ann_dir):
        raise FileNotFoundError(
            f"{directory}: expected text/*.txt and attributions/*.ann inside it")
    stems = sorted(n[:-4] for n in os.listdir(text_dir) if n.endswith(".txt"))
    anns = [n for n in os.listdir(ann_dir) if n.endswith(".ann")]
    for stem, files in pair_files(stems, anns).items():
        if not files:
            continue
        text = _read(os.path.join(text_dir, stem + ".txt"))
        for annotator, name in files:
            ann = _read(os.path.join(ann_dir, name))
            bad = list(outside(ann, text))
            if bad:
                more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
                raise CorpusError(
                    f"{os.path.join(ann_dir, name)}: span {bad[0]}{more} lies outside its text "
                    f"({len(text)} characters in {os.path.join(text_dir, stem + '.txt')}): "
                    "annotations of another version of the text?")
            yield AnnotatedText(name=stem, annotator=annotator, text=text,
                                attributions=parse_ann(ann))


def gold_for(texts: List[AnnotatedText], mode: str = "each") -> List[AnnotatedText]:
    """Apply the multiple-annotator policy.

    ``each``: every annotator file is scored on its own (a text with two
    annotators counts twice). ``union``: one entry per text with the
    attributions of all its annotators, an attribution whose cue fragments equal
    an earlier one's dropped. ``first``: only the alphabetically first annotator.
    """
    if mode == "each":
        return list(texts)
    by_name: Dict[str, List[AnnotatedText]] = {}
    for item in texts:
        by_name.setdefault(item.name, []).append(item)
    result = []
    for name, items in by_name.items():
        items = sorted(items, key=lambda i: i.annotator)
        if mode == "first":
            result.append(items[0])
            continue
        if mode != "union":
            raise ValueError(f"unknown annotator mode: {mode}")
        seen, merged = set(), []
        for item in items:
            for a in item.attributions:
                if a.cue not in seen:
                    seen.add(a.cue)
                    merged.append(a)
        result.append(AnnotatedText(
            name=name, annotator="+".join(i.annotator for i in items),
            text=items[0].text, attributions=merged))
    return result

