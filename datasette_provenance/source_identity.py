"""Which names of a database's sources are one real source. Pure: no I/O.

Extraction resolves "he" and "Mr. Berg" within one article; across articles an article
that only ever says "Berg" and one that names "Tom Berg" give two names. ``targets``
decides, from the set of every (name, kind) cited in a database alone -- so the answer
does not depend on which article was loaded first -- which names stand for another:

- a person named by surname only, or titles and a surname ("Berg", "Mr. Berg",
  "Senator Berg"), is the unique full-name person of the database with that surname
  whose gender (a gendered title against a known first name) does not conflict;
  with two or more such full names ("Tom Berg", "Ann Berg" for "Berg") it is ambiguous
  and stays itself;
- a full name with titles ("Mayor Tom Berg") is the same full name without them, and one
  with middle initials ("Tom J. Berg") the same name without them, when that is cited;
- an organisation "the Port Authority" is "Port Authority" when that name is cited too.

Not guessed: given names alone ("Tom"), surnames that are also common first names
("Scott") and, without a title, place and people words ("Paris", "French": often a
place typed as a person; lexicons/place_words.txt) stay themselves; a full name counts as a person only when it starts with a
known first name or has a middle initial ("Many Democrats" is no candidate for
"Democrats"); after an honorific ("Mr. Arad") any full name ("Uzi Arad") that does not
open with a common word ("Says Arad") does.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

from .text import speakers

PERSON = "person"
ORGANISATION = "organisation"
# After a surname: no part of it ("Tom Berg Jr.").
_SUFFIXES = frozenset("jr sr ii iii iv".split())
_MALE_TITLES = frozenset(["mr"])
_FEMALE_TITLES = frozenset(["mrs", "ms", "miss"])
# Titles that only ever stand before a person's name: with one, any capitalised given
# names are a candidate ("Mr. Arad" finds "Uzi Arad"); without, only a known first name.
_HONORIFICS = _MALE_TITLES | _FEMALE_TITLES | {"dr"}


@dataclass(frozen=True)
class PersonName:
    titles: Tuple[str, ...]   # lower case, without dots ("mr", "senator")
    given: Tuple[str, ...]    # "Tom", "J."; empty for a surname-only form
    surname: str

    @property
    def key(self) -> str:
        """The surname as compared: case-insensitive ("BERG" in a transcript is "Berg")."""
        return self.surname.lower()

    @property
    def full(self) -> str:
        """The name without titles ("Tom Berg" of "Mayor Tom Berg")."""
        return " ".join(self.given + (self.surname,))

    @property
    def gender(self) -> str:
        """"m", "f" or "" from a gendered title, else from a known first name."""
        if set(self.titles) & _MALE_TITLES:
            return "m"
        if set(self.titles) & _FEMALE_TITLES:
            return "f"
        return speakers.gender_of(self.given[0]) if self.given else ""


def parse_person(name: str) -> Optional[PersonName]:
    """A person's name split into titles, given names and surname; None for anything
    that does not read as a name ("Clinton campaign", "Berg's", "Democrats said")."""
    parts = name.split()
    titles = []
    while len(parts) > 1 and speakers._title_word(parts[0]):
        titles.append(parts.pop(0).lower().rstrip("."))
    while len(parts) > 1 and parts[-1].lower().rstrip(".,") in _SUFFIXES:
        parts.pop()
    if not parts or len(parts) > 4:
        return None
    skip = speakers._not_name_words()
    for k, part in enumerate(parts):
        if part.lower() in speakers.NAME_PARTICLES and 0 < k < len(parts) - 1:
            continue
        if not part[:1].isupper() or part.lower() in skip or part.endswith(("'s", "’s")) \
                or not any(c.isalpha() for c in part):
            return None
    if len(parts) == 1 and not titles and parts[0].isupper() and len(parts[0]) <= 4:
        return None  # an acronym ("IMF", "AROS"), not a surname
    if any(speakers._title_word(part) for part in parts[:-1]) or (
            len(parts) == 1 and speakers._title_word(parts[0]) and not set(titles) & _HONORIFICS):
        return None  # a role, not a name: "Vermont Sen. Ana", "Vice President" (not "Mr. King")
    return PersonName(tuple(titles), tuple(parts[:-1]), parts[-1])


def compatible(short: PersonName, full: PersonName) -> bool:
    """A surname form may stand for this full name: same surname, no gender conflict."""
    if short.key != full.key:
        return False
    a, b = short.gender, full.gender
    return not a or not b or a == b


@dataclass
class Identity:
    # name -> the name it stands for (only names that stand for another)
    targets: Dict[str, str]
    # name -> the full names it could stand for (two or more: left unmerged)
    ambiguous: Dict[str, List[str]]


def targets(names: Iterable[Tuple[str, str]]) -> Identity:
    """``names``: every (name, kind) of the database's shared sources. The result
    depends on that set alone (sorted, so not on order either)."""
    names = sorted(set(names))
    by_name = {name: kind for name, kind in names}
    people = {}
    for name, kind in names:
        if kind == PERSON:
            parsed = parse_person(name)
            if parsed is not None:
                people[name] = parsed
    found: Dict[str, str] = {}
    ambiguous: Dict[str, List[str]] = {}
    # Full names, by surname; a titled full name counts as its untitled form when cited.
    full_names: Dict[str, List[str]] = {}
    for name, parsed in people.items():
        if not parsed.given:
            continue
        plain = _plain(parsed)
        if plain != name and by_name.get(plain) == PERSON:
            found[name] = plain
            continue
        full_names.setdefault(parsed.key, []).append(name)
    for name, parsed in people.items():
        if parsed.given:
            continue
        honorific = bool(set(parsed.titles) & _HONORIFICS)
        if parsed.surname.lower() in _first_names() and not honorific:
            continue  # "Scott", "Senator John": a first name as often as a surname
        if not parsed.titles and parsed.key in _place_words():
            continue  # "Paris", "French": a place or people typed as a person as often
        # Without an honorific only names that read as a person's are candidates; with
        # one any name whose first word is no common word ("Said Berg", "Team Berg":
        # words caught with a surname) -- and every such candidate counts.
        fits = sorted({found.get(full, full) for full in full_names.get(parsed.key, ())
                       if compatible(parsed, people[full])
                       and (speakers._person_like(full) if not honorific
                            else not _common_word(people[full].given[0]))})
        if len(fits) == 1:
            found[name] = fits[0]
        elif len(fits) > 1:
            ambiguous[name] = fits
    for name, kind in names:
        if kind == ORGANISATION and name[:4].lower() == "the " and by_name.get(name[4:]) == kind:
            found[name] = name[4:]
    return Identity(found, ambiguous)


def _plain(parsed: PersonName) -> str:
    """The full name without titles and middle initials: "Tom Berg" of "Mayor Tom J. Berg"."""
    given = [g for g in parsed.given[1:] if not _initial(g)]
    return " ".join(parsed.given[:1] + tuple(given) + (parsed.surname,))


def _initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


# Words that open a phrase and are no given name: "Another Berg", "Several Bergs".
_NOT_GIVEN = frozenset("another former several every each many one some all both other fellow"
                       " given".split())


@functools.lru_cache(maxsize=4096)
def _common_word(word: str) -> bool:
    """A word of the lexicons (a verb form, a stop or head word of a source phrase, a
    title) or a participle: no given name, though capitalised at a sentence's start."""
    from .text import lexicon
    low = word.lower().rstrip(".")
    if low in lexicon.table("first_names.tsv"):
        return False
    return (low in _NOT_GIVEN or low.endswith("ing") or low in lexicon.verb_forms()
            or low in lexicon.words("source_stops.txt") or low in lexicon.words("aux.txt")
            or low in lexicon.table("source_heads.tsv") or low in speakers._not_name_words()
            or speakers._title_word(word) or low in lexicon.table("title_abbreviations.tsv"))


def _first_names():
    from .text import lexicon
    return lexicon.table("first_names.tsv")


def _place_words():
    from .text import lexicon
    return lexicon.words("place_words.txt")
