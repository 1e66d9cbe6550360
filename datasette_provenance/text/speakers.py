"""Who is speaking: resolve pronoun and short-name sources to a full mention.

"he said" and "Gerasimov said" take the name of the nearest compatible full
mention earlier in the article; appositives ("Valery Gerasimov, the Chief of
the General Staff") become aliases of the same source.  Anonymous and vague
descriptions are never merged: each stays its own, typed, mention.
"""
from __future__ import annotations

import re
from typing import Dict, List

from ..model import SourceMention
from . import lexicon

NAMED_KINDS = ("person", "organisation", "document", "media")
_NAME = re.compile(r"\b[A-Z][\w’'\-]+(?:[ \t]+(?:[A-Z]\.[ \t]*)?[A-Z][\w’'\-]+){1,3}\b")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)


def _clean(name: str) -> str:
    name = _LEADING.sub("", name.strip())
    for suffix in ("’s", "'s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def _strip_titles(name: str) -> str:
    titles = lexicon.words("titles.txt")
    parts = name.split()
    first_names = lexicon.table("first_names.tsv")
    for k in range(1, len(parts) - 1):
        # "Police Chief Tom Berg" -> "Tom Berg": a known first name starts the name.
        if parts[k].lower() in first_names:
            return " ".join(parts[k:])
    while len(parts) > 2 and parts[0].lower().rstrip(".") in titles:
        parts = parts[1:]
    return " ".join(parts)


def gender_of(name: str) -> str:
    """"m", "f" or "" (unknown) from a title or a first name."""
    parts = name.replace(".", " ").split()
    names = lexicon.table("first_names.tsv")
    for part in parts[:3]:
        low = part.lower()
        if low == "mr":
            return "m"
        if low in ("mrs", "ms", "miss"):
            return "f"
        if low in names:
            return names[low]
    return ""


def _compatible(pronoun_gender: str, name: str) -> bool:
    if pronoun_gender not in ("m", "f"):
        return True
    gender = gender_of(name)
    return not gender or gender == pronoun_gender


def resolve(text: str, mentions) -> List[SourceMention]:
    """Give each mention a canonical name; return one SourceMention per real source.

    ``mentions`` are dicts with start, text, kind and optional apposition, in
    text order; each gets a "name" key.
    """
    pronouns = lexicon.table("pronouns.tsv")
    full_people: List[tuple] = []    # (start, name)
    sources: Dict[str, SourceMention] = {}
    # Person names anywhere in the text also count as earlier full mentions.
    names_in_text = [(m.start(), _strip_titles(m.group())) for m in _NAME.finditer(text)]
    for mention in mentions:
        raw = mention["text"]
        kind = mention["kind"]
        low = raw.lower()
        name = _clean(raw)
        if kind == "person" and low in pronouns:
            gender = pronouns[low]
            candidates = [p for p in full_people if p[0] < mention["start"] and _compatible(gender, p[1])]
            if candidates:
                name = candidates[-1][1]
            else:
                earlier = [n for n in names_in_text if n[0] < mention["start"]
                           and len(n[1].split()) >= 2 and _compatible(gender, n[1])]
                name = earlier[-1][1] if earlier else None
        elif kind == "person" and len(name.split()) == 1 and name[:1].isupper():
            match = next((full for start, full in reversed(full_people)
                          if start < mention["start"] and full.split()[-1] == name), None)
            if match is None:
                match = next((full for start, full in reversed(names_in_text)
                              if start < mention["start"] and full.split()[-1] == name
                              and len(full.split()) >= 2), None)
            if match:
                name = match
        elif kind == "person":
            name = _strip_titles(name)
            if len(name.split()) >= 2 and name[:1].isupper():
                full_people.append((mention["start"], name))
        mention["name"] = name
        if name and kind in NAMED_KINDS:
            entry = sources.get(name)
            if entry is None:
                entry = sources[name] = SourceMention(name=name, kind=kind, aliases=[])
            for alias in (_clean(raw), mention.get("apposition")):
                if alias and alias != name and alias.lower() not in pronouns and alias not in entry.aliases:
                    entry.aliases.append(alias)
    return list(sources.values())
