"""Who is speaking: resolve pronoun and short-name sources to a full mention.

"he said" and "Gerasimov said" take the name of the nearest compatible full
mention earlier in the article; appositives ("Valery Gerasimov, the Chief of
the General Staff") become aliases of the same source.  Anonymous and vague
descriptions are never merged: each stays its own, typed, mention.
"""
from __future__ import annotations

import functools
import re
from typing import Dict, List

from ..model import NAMED_KINDS, SourceMention
from . import lexicon, spans
from .dates import MONTHS, WEEKDAYS
from .tokens import TOKEN, title_case

# (The word boundary is tested behind the first capital, "[A-Z](?<=\b[A-Z])" for "\b[A-Z]": a
# pattern opening with a character class lets the regex engine skip to the capitals in C.)
_NAME = re.compile(r"[A-Z](?<=\b[A-Z])[\w’'\-]+(?:[ \t]+(?:[A-Z]\.[ \t]*)?[A-Z][\w’'\-]+){1,3}\b")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)


# Words that open a clause, not a name: "When Clinton", "And Trump", "Unlike Patriot",
# and the pairing words of a coordination ("Both Berg and Lopes": "Both Berg" is no name).
_CONNECTIVES = frozenset("""and but or nor so yet then also still even meanwhile however instead indeed when
while as although though if because since unless until after before unlike like whereas once say later
earlier now today yesterday first both either neither""".split())
# A word of one of these opens a phrase that is no alias of a name before it:
# prepositions ("in particular", "like Obama", "at a later press gaggle"), relative
# pronouns ("who runs the campaign"), adverbs, and possessives that describe the
# person through someone else ("her Republican opponent").
_NO_ALIAS_START = frozenset("""in at on for with from by like unlike to of about as after before during since
including among despite through who whom whose which that where when while however though too also even
especially particularly notably her his their its our my your i we you he she they it""".split())
MAX_ALIAS_WORDS = 14
# The name helpers marked with it are memoised (pure functions of one string): resolve meets
# each mention's text several times, and names recur across an article and a corpus.
NAME_MEMO = 4096


# A dateline that opens the article: "WASHINGTON -- ", "KYIV, Ukraine — ".
_DATELINE = re.compile(r"^[A-Z][A-Z.\-' ]+(?:,[ \w.]+)?\s*(?:--|—|–|-)\s*")


@functools.lru_cache(maxsize=NAME_MEMO)
def _clean(name: str) -> str:
    name = _LEADING.sub("", _DATELINE.sub("", name.strip()))
    parts = name.split()
    while len(parts) > 1 and parts[0].lower() in _CONNECTIVES:
        parts = parts[1:]
    name = _LEADING.sub("", " ".join(parts)) if len(parts) != len(name.split()) else name
    for suffix in ("’s", "'s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


NAME_PARTICLES = frozenset("de van von der del da al bin la le".split())
# A word right before a capitalised name that puts the name in another phrase
# ("a lawyer for Ellen Marsh", "a letter to Tom Berg"): the name is not the source.
_OTHER_PHRASE = frozenset("for to of with by from about against on at".split())


def _verb_like(word: str) -> bool:
    low = word.lower()
    return word[:1].islower() and (low in lexicon.verb_forms() or low in lexicon.words("common_verbs.txt")
                                   or low in lexicon.words("aux.txt") or (low.endswith("ed") and len(low) > 4))


def _before_verb(parts: List[str]) -> List[str]:
    """The words of a mention before a verb that follows its name: "Mr. Obama" of "Mr. Obama
    interrupted a" (a span that ran on into its clause)."""
    for k in range(1, len(parts)):
        if _verb_like(parts[k]) and parts[k - 1][:1].isupper() and parts[k] not in spans.NOUN_VERBS:
            return parts[:k]
    return parts


@functools.lru_cache(maxsize=NAME_MEMO)
def person_core(name: str) -> str:
    """The name inside a person mention that took in other words: "Tom Berg" of "Sunday
    morning Tom Berg", "including Mr. Berg", "Tom Berg of Maine".  A mention without a
    capitalised name at its end ("the mayor", "Berg's campaign") is returned as it is."""
    parts = _before_verb(name.split())
    for k in range(len(parts) - 2, 0, -1):
        # "Tom Berg of Maine": a place after "of" is no part of the name.
        if parts[k] == "of" and parts[k - 1][:1].isupper() and all(p[:1].isupper() for p in parts[k + 1:]) \
                and len(parts[:k]) >= 2:
            parts = parts[:k]
            break
    k = len(parts)
    while k > 0 and (parts[k - 1][:1].isupper() or parts[k - 1] in NAME_PARTICLES and k < len(parts)):
        k -= 1
    while k < len(parts) and parts[k] in NAME_PARTICLES:
        k += 1
    if 0 < k < len(parts) and parts[k - 1][:1].islower() and parts[k - 1].lower() not in _OTHER_PHRASE:
        parts = parts[k:]
    return " ".join(parts)


def alias_like(phrase: str) -> bool:
    """Whether an appositive can name the source it stands next to ("the head of the
    coast guard", "leader of North Korea") rather than being a clause or an aside
    ("in particular", "speaking to a veterans group", "who ran the port", "82")."""
    words = phrase.split()
    if not words or len(words) > MAX_ALIAS_WORDS:
        return False
    first = words[0].lower()
    if first in _NO_ALIAS_START or not words[0][:1].isalpha():
        return False
    if first.endswith(("ing", "ed")) and first not in lexicon.words("titles.txt") and len(first) > 4:
        return False  # a participle clause: "speaking to ...", "appearing after ..."
    if words[0][:1].islower() and first not in lexicon.words("titles.txt") and (
            first in lexicon.words("aux.txt") or first in lexicon.verb_forms()
            or first in lexicon.words("common_verbs.txt")):
        return False  # a verb phrase the span took in: "made the ads", "had challenged the bid"
    return True


# Honorifics that say a person is meant, whatever word follows ("Mr. King", "the Rev. Al Lee").
_HONORIFICS = frozenset("mr mrs ms miss dr rev reverend".split())


def _title_word(word: str) -> bool:
    low = word.lower().rstrip(".")
    return low in lexicon.words("titles.txt") or low in _HONORIFICS


@functools.lru_cache(maxsize=NAME_MEMO)
def _strip_titles(name: str) -> str:
    titles = lexicon.words("titles.txt")
    parts = name.split()
    first_names = lexicon.table("first_names.tsv")
    for k in range(1, len(parts) - 1):
        # "Police Chief Tom Berg" -> "Tom Berg": a known first name starts the name,
        # unless a preposition puts it in another phrase ("spokeswoman for Ann Lee").
        if parts[k].lower() in first_names:
            if any(p.lower() in _NO_ALIAS_START for p in parts[:k]):
                break
            return " ".join(parts[k:])
    heads = lexicon.table("source_heads.tsv")
    for k in range(1, len(parts) - 2):
        # "GOP strategist Ana Lopes", "Concord resident Tom Berg": a lower-case role word, then a name.
        if parts[k][:1].islower() and (parts[k] in titles or parts[k] in heads) \
                and all(p[:1].isupper() for p in parts[k + 1:]) and len(parts) - k - 1 <= 3 \
                and not any(p.lower() in _NO_ALIAS_START for p in parts[:k]):
            return " ".join(parts[k + 1:])
    while len(parts) > 2 and _title_word(parts[0]) and parts[1][:1].isupper():
        parts = parts[1:]
    return " ".join(_after_last_title(parts))


def _after_last_title(parts: List[str]) -> List[str]:
    """The name after the last title word or possessive of a capitalised run ("Mara Quint"
    of "Harbour Security Secretary Mara Quint", "Tom Berg" of "Former Velmora Gov.
    Tom Berg", "Ana Lopes" of "Channel Four's Ana Lopes"; after "Secretary of State" the last
    two words), else ``parts``."""
    cut = max((k for k, p in enumerate(parts[:-2]) if _title_word(p) or p.endswith(("'s", "’s"))), default=None)
    if cut is None or not all(p[:1].isupper() or p == "of" for p in parts):
        return parts  # "founder of the Harbour Institute", "spokeswoman for Ann Lee": no name of its own
    rest = parts[cut + 1:]
    if rest[0].lower() == "of":
        start = len(rest) - 2
        if start > 2 and len(rest[start]) == 2 and rest[start].endswith("."):
            start -= 1  # "John F. Kerry"
        rest = rest[start:] if start >= 2 else []
    if 2 <= len(rest) <= 3 and all(p[:1].isupper() and not _title_word(p) for p in rest):
        return rest
    return parts


@functools.lru_cache(maxsize=NAME_MEMO)
def titled_surname(name: str) -> str:
    """"Obama" for "Mr. Obama" / "President Obama" (titles then one surname), else "".
    After an honorific a title word is the surname ("Mr. King")."""
    parts = name.split()
    if len(parts) >= 2 and all(_title_word(p) for p in parts[:-1]) and parts[-1][:1].isupper() \
            and (not _title_word(parts[-1]) or parts[-2].lower().rstrip(".") in _HONORIFICS):
        return parts[-1]
    return ""


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


def honorific_style(mention: str) -> str:
    """"m" for "Mr. Lee", "f" for "Ms. Lee", "dr" for "Dr. Lee", else "": the styles a paper
    that uses honorifics keeps apart ("Dr." stays a doctor's whole article long)."""
    parts = [p.lower().rstrip(".") for p in mention.replace(".", ". ").split()[:2]]
    if any(p in ("dr", "doctor") for p in parts):
        return "dr"
    if any(p == "mr" for p in parts):
        return "m"
    return "f" if any(p in ("mrs", "ms", "miss") for p in parts) else ""


def _compatible(pronoun_gender: str, name: str, known=None) -> bool:
    """``known``: genders the article's honorifics gave names ("Ms. Moore": f)."""
    if pronoun_gender not in ("m", "f"):
        return True
    gender = (known or {}).get(name) or gender_of(name)
    return not gender or gender == pronoun_gender


@functools.lru_cache(maxsize=None)
def _not_name_words() -> frozenset:
    """Lower-case words that are no part of a name: function words, sentence openers, connectives
    and weekdays ("On Monday Sanders said": no "Monday Sanders")."""
    return frozenset(w.lower() for w in lexicon.words("function_words.txt") | lexicon.words("sentence_starters.txt")
                     | _CONNECTIVES | WEEKDAYS)


def _text_names(text: str) -> List[tuple]:
    """(start, name) of capitalised multi-word names anywhere in the text, titles and
    opening connectives ("When", "And") dropped."""
    skip = _not_name_words()
    out = []
    title_lines = {}  # line start -> whether the line is title case (a paragraph has many names)
    for m in _NAME.finditer(text):
        parts = m.group().split()
        while parts and parts[0].lower() in skip:
            parts = parts[1:]
        # A headline's title case ("Mayor Breaks With Council", "Talks Stall Over Herring
        # Limits") is no name: neither a run with a function word nor any run on such a line.
        if len(parts) >= 2 and not any(p.lower() in skip for p in parts):
            line = text.rfind("\n", 0, m.start()) + 1
            titled = title_lines.get(line)
            if titled is None:
                titled = title_lines[line] = _on_title_case_line(text, m.start())
            if not titled:
                out.append((m.start(), _strip_titles(" ".join(parts))))
    return out


def _on_title_case_line(text: str, pos: int) -> bool:
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    line = text[lo:hi if hi >= 0 else len(text)].rstrip()
    # Headlines carry no full stop; "Mayor Ellen Marsh and Chief Tom Berg met on Monday." is prose.
    if line.endswith((".", "!", "?", "\"", "”")):
        return False
    words = TOKEN.findall(line)
    return len(words) >= 3 and title_case(words)


def _body_name(headline_name: str, names_in_text, speakers) -> str:
    """The longest name of the article's body (or its speakers) that opens a headline's
    title-case run, "" when none does."""
    words = headline_name.split()
    known = {full for _, full in names_in_text} | set(speakers)
    for k in range(len(words) - 1, 1, -1):
        if " ".join(words[:k]) in known:
            return " ".join(words[:k])
    return ""


def _apposed_name(described: str, apposition) -> str:
    """The full name an appositive gives a role description ("opposition spokesman" +
    "Mark Ellery"), or "" when the mention already is a name or the apposition is none."""
    if not apposition or not described or all(w[:1].isupper() for w in described.split()):
        return ""
    name = _strip_titles(_clean(apposition))
    words = name.split()
    if len(words) < 2 or len(words) > 4 or not all(w[:1].isupper() for w in words):
        return ""
    skip = _not_name_words()
    return "" if any(w.lower() in skip for w in words) else name


def names_person(described: str, apposition) -> bool:
    """Whether an appositive gives a role or description a person's full name ("a
    spokeswoman" + "Ana Ruiz": a known first name or a middle initial)."""
    if not apposition or any(w in ("and", "or", "&") for w in apposition.split()):
        return False  # "Two officials, Ana Ruiz and Tom Berg": more than one person
    name = _apposed_name(described, apposition)
    if not name:
        return False
    if _person_like(name):
        return True
    # A role of one person ("Rask's predecessor", "the head of the union") and a name that no
    # word for a body or place heads ("Ola Brun", not "Amnesty Group").
    role = _role_head(described).split()
    return bool(role) and role[-1][:1].islower() and _person_role(role[-1].lower()) and not _institution_like(name)


def _person_role(word: str) -> bool:
    return word in lexicon.words("titles.txt") or word in lexicon.words("person_roles.txt") or (
        lexicon.table("source_heads.tsv").get(word) == "anonymous" and not word.endswith("s"))


@functools.lru_cache(maxsize=NAME_MEMO)
def _person_like(full: str) -> bool:
    """A full name that reads as a person's: a known first name or a middle initial."""
    parts = full.split()
    return parts[0].lower() in lexicon.table("first_names.tsv") or any(
        len(p) == 2 and p[1] == "." and p[0].isupper() for p in parts[1:-1])


def _institution_like(name: str) -> bool:
    """A capitalised name with a word that heads an institution, a place or a date ("State
    Department", "New York University School", "Labor Day")."""
    heads = lexicon.table("source_heads.tsv")
    words = [w.lower().split("’")[0].split("'")[0] for w in name.split()]
    if words and words[0].endswith("ing") and words[0] not in lexicon.table("first_names.tsv"):
        return True  # "Following Monday": a sentence's opening participle before a date
    return name.isupper() or any(heads.get(w) in ("organisation", "media", "document") or w in _PLACE_WORDS
                                 or w in MONTHS or w in WEEKDAYS for w in words)  # ("NEWPORT NEWS": a dateline)


_PLACE_WORDS = frozenset("""states state united new north south east west war day mall street avenue city county
river island america americas""".split())


# "Mayor Ellen Marsh", "Police Chief Tom Berg", "Gov. Ana Ruiz": title words, then a name.
_TITLED = re.compile(r"\b([A-Z][a-z]+\.?(?:[ \t]+[A-Z][a-z]+\.?){0,2})[ \t]+"
                     r"([A-Z][\w’'\-]+(?:[ \t]+[A-Z]\.)?(?:[ \t]+[A-Z][\w’'\-]+){1,2})\b")


def _roles_in_text(text: str) -> List[tuple]:
    """(start, full name, role words) of every titled name ("Mayor Ellen Marsh")."""
    out = []
    for m in _TITLED.finditer(text):
        roles = [w.lower().rstrip(".") for w in m.group(1).split()]
        if _title_word(roles[-1]) and not _title_word(m.group(2).split()[0]):
            full = lexicon.table("title_abbreviations.tsv")
            out.append((m.start(), m.group(2), frozenset(full.get(w, w) for w in roles)))
    return out


def _role_of(name: str) -> frozenset:
    """role_words, also of a role a place or party qualifies ("Vermont senator",
    "Democratic governor"): {"vermont", "senator"}."""
    words = name.split()
    if len(words) >= 2 and words[0][:1].isupper() and words[-1][:1].islower():
        return role_words(name.lower())
    return role_words(name)


MAX_ROLE_WORDS = 5  # "new york state attorney general"


def role_words(name: str) -> frozenset:
    """{"mayor"} for "mayor", {"police", "chief"} for "police chief": a role without
    a name (up to three lower-case words ending in a title), else an empty set."""
    words = name.split()
    if words and len(words) <= MAX_ROLE_WORDS and all(w[:1].islower() for w in words) and _title_word(words[-1]):
        return frozenset(w.lower().rstrip(".") for w in words)
    return frozenset()


_ROLE_PREPOSITIONS = frozenset("for of at with to in from on".split())


def _role_head(description: str) -> str:
    """"spokesman" of "spokesman for the education ministry": the words before a preposition."""
    words = description.split()
    for k, word in enumerate(words):
        if k and word.lower() in _ROLE_PREPOSITIONS:
            return " ".join(words[:k])
    return description


def row_name(name, words: str):
    """The name a hop's source row goes by: its resolved name, else the article's words for
    it, but no row for a bare pronoun nothing resolved ("it", "he": nobody to rate)."""
    if name:
        return name
    return None if words.lower() in lexicon.table("pronouns.tsv") else words


def article_scoped(name: str, kind: str) -> bool:
    """Whether a source is only known within its article: an anonymous or vague
    description, or a role the article never ties to a name ("the mayor", "a
    spokesman", "Foreign Minister").  Two articles' "the mayor" are not one source."""
    if kind not in NAMED_KINDS:
        return True
    if kind != "person":
        return False
    if role_words(name):
        return True
    # Capitalised roles ("Foreign Minister", "Indiana governor"), but no name that ends in
    # a title word ("Charles King", "Mr. King").
    first_names = lexicon.table("first_names.tsv")
    words = [w.lower().rstrip(".") for w in name.split()]
    if not words or words[0] in _HONORIFICS or any(w in first_names for w in words):
        return False
    return bool(role_words(name.lower()))


# Words that make a different office of the same title ("Vice President" is not "the president").
_OTHER_OFFICE = frozenset("vice deputy assistant associate acting former ex interim".split())


def _possessed_role(name: str) -> frozenset:
    """role_words of a role after a possessive ("Tom Berg's lawyer": {"lawyer"}), else empty."""
    for mark in ("'s ", "’s "):
        if mark in name:
            return role_words(name.rsplit(mark, 1)[1])
    return frozenset()


def _same_role(wanted: frozenset, roles: frozenset) -> bool:
    """"the chief" is "Police Chief Tom Berg"; "the president" is not "Vice President X"."""
    return wanted <= roles and not (roles - wanted) & _OTHER_OFFICE


# Generational suffixes after a surname ("Samuel A. Lind Jr." is a Lind).
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())
_SUFFIX_LAST = frozenset(".,IVRr")  # how a suffix ends: a cheap test before splitting a name


@functools.lru_cache(maxsize=NAME_MEMO)  # _full_name asks it of every name of the article per surname
def last_name(full: str) -> str:
    """The surname of a full name, past a generational suffix: "Lind" of "Ana Lind Jr."."""
    parts = full.split()
    while len(parts) > 2 and parts[-1].lower().rstrip(",") in _SUFFIXES:
        parts.pop()
    return parts[-1].rstrip(",") if parts else ""


def _full_name(people: List[tuple], surname: str, gender: str, start: int, titled: bool, later_ok=None,
               speakers: bool = False, rivals=()):
    """The full name a surname stands for: the nearest earlier compatible one, else
    the only one later in the article; None when there is none.  A bare word
    ("Republicans") only takes a later name that reads as a person's; ``later_ok``
    (a set of names) limits later names further; ``speakers`` says the names are the
    article's own person sources, whose later full name counts however it reads."""
    found = [(at, full) for at, full in people
             if (full.endswith(surname) or full[-1:] in _SUFFIX_LAST) and last_name(full) == surname
             and len(full.split()) >= 2
             and not titled_surname(full) and _compatible(gender, full)]
    earlier = [full for at, full in found if at < start]
    if earlier:
        return earlier[-1]
    # A later name only when it is the one compatible name of that surname in the article
    # ("President Obama" before both "Michelle Obama" and "Barack Obama" names neither).
    # ``rivals``: the article's full names (a name that is no speaker counts too), or those
    # with this surname.
    names = {full for _, full in found} | {full for full in rivals if last_name(full) == surname
                                           and not titled_surname(full) and _compatible(gender, full)}
    if len(names) != 1:
        return None
    later = {full for _, full in found if (titled or speakers or _person_like(full))
             and (later_ok is None or full in later_ok)}
    return later.pop() if len(later) == 1 else None


def resolve(text: str, mentions) -> List[SourceMention]:
    """Give each mention a canonical name; return one SourceMention per real source.

    ``mentions`` are dicts with start, text, kind and optional apposition, in
    text order; each gets a "name" key.
    """
    pronouns = lexicon.table("pronouns.tsv")
    full_people: List[tuple] = []    # (start, name) of earlier person mentions
    sources: Dict[str, SourceMention] = {}
    # Person names anywhere in the text also count as full mentions.
    names_in_text = _text_names(text)
    # Text names met only later count for a surname when they read as people's.
    person_like = {full for _, full in names_in_text if _person_like(full)}
    mentioned = []  # full person names of every mention, for surnames met before the full name
    bodies = []  # (start, name) of organisation, outlet and document mentions so far
    outlets = []  # (start, name) of the named outlets among them
    for mention in mentions:
        if mention["kind"] == "person":
            name = _strip_titles(person_core(_clean(mention["text"])))
            if len(name.split()) >= 2 and name[:1].isupper() and not titled_surname(name):
                mentioned.append((mention["start"], name))
    speakers = {full for _, full in mentioned}
    all_full_names = speakers | {full for _, full in names_in_text if len(full.split()) >= 2}
    # The same names by surname: a surname mention's rivals (_full_name), without a pass over
    # every name of the article for each mention.
    full_names_by_surname: Dict[str, list] = {}
    for full in all_full_names:
        full_names_by_surname.setdefault(last_name(full), []).append(full)
    # Titled names that read as people's ("Mayor Ellen Marsh"), then names given a role in apposition.
    roles_given = []  # (start, name, roles) of names with a role in apposition
    titled_names = None  # titled names in the text, scanned for the first role mention only
    role_people = []  # (start, name) of person mentions so far that name a role ("the mayor")
    possessed_roles = []  # (start, name, roles) of person mentions that are someone's role ("Berg's lawyer")
    genders: Dict[str, str] = {}  # name -> gender a titled mention of it gave
    by_surname: Dict[tuple, str] = {}  # (surname, gender) -> the name of its first mention
    surname_genders: Dict[str, set] = {}  # surname -> genders its honorifics give ("Mrs. Marsh": f)
    surname_styles: Dict[str, set] = {}  # surname -> its honorifics' styles ("Dr. Lee", "Ms. Lee": dr, f)
    for mention in mentions:
        if mention["kind"] == "person":
            surname = titled_surname(person_core(_clean(mention["text"])))
            if surname and gender_of(mention["text"]):
                surname_genders.setdefault(surname, set()).add(gender_of(mention["text"]))
            if surname and honorific_style(mention["text"]):
                surname_styles.setdefault(surname, set()).add(honorific_style(mention["text"]))
    for mention in mentions:
        raw = mention["text"]
        kind = mention["kind"]
        low = raw.lower()
        name = _clean(raw)
        trimmed = ""
        if kind == "person":
            name = person_core(name)
            if len(name.split()) > 2 and _on_title_case_line(text, mention["start"]):
                # A headline capitalises its verb too ("Ellen Marsh Slams Port Deal"): the
                # name is the one the article's body uses.
                trimmed = _body_name(name, names_in_text, speakers)
                name = trimmed or name
        named_in_apposition = _apposed_name(name, mention.get("apposition")) if kind == "person" else None
        if named_in_apposition:
            # "The harbour chief, Ana Lopes, said": the source is Ana Lopes, the role her alias.
            name = named_in_apposition
        surname = titled_surname(name)
        if kind == "person" and low in pronouns:
            gender = pronouns[low]
            candidates = [p for p in full_people if p[0] < mention["start"] and _compatible(gender, p[1], genders)]
            if candidates:
                name = candidates[-1][1]
            else:
                earlier = [n for n in names_in_text if n[0] < mention["start"]
                           and len(n[1].split()) >= 2 and _compatible(gender, n[1], genders)]
                # A name that reads as a person's first ("he" is no "United States"), else one
                # that names no institution ("Terence Crutcher" but not "State Department").
                earlier = [n for n in earlier if n[1] in speakers or _person_like(n[1])] or [
                    n for n in earlier if not _institution_like(n[1])]
                # No name before it: the nearest person described by role ("The fisheries
                # commissioner told reporters ... she said").
                earlier = earlier or [p for p in role_people if _compatible(gender, p[1], genders)]
                name = _clean(earlier[-1][1]) if earlier else None  # (no "’s": "Tom Berg’s plan ... he")
                # "President Obama" in the text names the person "Obama", as its mentions do.
                name = titled_surname(name) or name if name else None
        elif kind == "person" and (surname or (len(name.split()) == 1 and name[:1].isupper())):
            # "Berg" / "Mr. Berg" / "Senator Berg" -> "Tom Berg" (a title's gender must agree).
            gender = gender_of(name) if surname else ""
            if not gender and len(surname_genders.get(surname or name, ())) == 1:
                # "President Obama" where the article's honorifics call an Obama "Mr.": a man.
                gender = next(iter(surname_genders[surname or name]))
            last = surname or name
            titled = bool(surname)
            rivals = full_names_by_surname.get(last, ())
            match = (_full_name(full_people, last, gender, mention["start"], titled, rivals=rivals)
                     or _full_name(mentioned, last, gender, mention["start"], titled, speakers=True, rivals=rivals)
                     or _full_name(names_in_text, last, gender, mention["start"], titled, person_like, rivals=rivals))
            if match:
                name = match
            elif len(surname_styles.get(last, ())) < 2:
                # No full name in the article: "President Obama", "Mr. Obama" and "Obama" are one
                # source, named by the surname alone so that other articles' titles agree with it.
                name = last
                if titled:  # "Mr. Obama ... he said": the pronoun's antecedent
                    full_people.append((mention["start"], name))
            else:
                # "Mrs. Marsh" and "Mr. Marsh" (or "Dr. Marsh" and "Ms. Marsh", in an article
                # whose honorifics keep "Dr." for doctors) are two people: each named as first met.
                first = by_surname.setdefault((last, honorific_style(raw) or gender), name)
                name = first
        elif kind == "person" and _role_of(name):
            # "the mayor" -> the nearest earlier "Mayor Ellen Marsh" (or "Ellen Marsh, the mayor");
            # the roles must agree ("the president" is not "Vice President X", "the Vermont
            # senator" is no senator of another state).
            wanted = _role_of(name)
            if titled_names is None:
                titled_names = [r for r in _roles_in_text(text) if r[1] in speakers or _person_like(r[1])]
            earlier = sorted((r for r in titled_names + roles_given
                              if r[0] < mention["start"] and _same_role(wanted, r[2])), key=lambda r: r[0])
            earlier = [full for _, full, _ in earlier] or [
                # "Tom Berg's lawyer said ... the lawyer said": the role someone's is who it was
                whose for at, whose, roles in possessed_roles if at < mention["start"] and _same_role(wanted, roles)]
            if earlier:
                name = earlier[-1]
        elif kind == "person":
            name = _strip_titles(name)
            if len(name.split()) >= 2 and name[:1].isupper():
                full_people.append((mention["start"], name))
        elif kind in _BODY_KINDS:
            name = _after_descriptor(name)  # "the newspaper Kystposten" is Kystposten
            # An "it" with no body before it names nothing (no "It" row in the sources).
            name = _body_named(low, name, mention["start"], bodies, names_in_text) or (
                _document_named(text, name, mention["start"]) if kind == "document" else None) or (
                None if low in pronouns else _described_earlier(text, name, mention["start"]) or name)
            if kind == "media" and name in OUTLET_NOUNS and outlets:
                name = outlets[-1][1]  # "The Velmora Times reported ... the newspaper said"
            elif kind == "media" and name in PAPER_NOUNS:
                # "Tom Berg told the Velmora Gazette ... The newspaper quoted": the paper the
                # article named before, though not as a source.
                name = _paper_named_before(text, mention["start"]) or name
            if name:
                # A headline's capitals ("Pew Poll") name the body's "Pew poll": one source.
                name = next((b for _, b in bodies if b.lower() == name.lower()), name)
                bodies.append((mention["start"], name))
                if kind == "media" and name[:1].isupper():
                    outlets.append((mention["start"], name))
        mention["name"] = name
        if kind == "person" and name and low not in pronouns and gender_of(raw) and name not in genders:
            genders[name] = gender_of(raw)  # "Ms. Moore" says Minyon Moore is a woman
        if kind == "person" and name and low not in pronouns and role_words(name):
            role_people.append((mention["start"], name))
        if kind == "person" and name and _possessed_role(name):
            possessed_roles.append((mention["start"], name, _possessed_role(name)))
        apposition = mention.get("apposition")
        if named_in_apposition:
            apposition = raw  # the role is the alias
        if kind == "person" and name and apposition and alias_like(apposition):
            roles = role_words(_role_head(_clean(apposition)))
            if roles:
                roles_given.append((mention["start"], name, roles))
        if name and kind in NAMED_KINDS:
            entry = sources.get(name)
            if entry is None:
                entry = sources[name] = SourceMention(name=name, kind=kind, aliases=[])
            apposition = None if named_in_apposition else mention.get("apposition")
            if apposition and not alias_like(apposition):
                apposition = None
            said_as = trimmed or (person_core(_clean(raw)) if kind == "person" else _clean(raw))
            for alias in (said_as, apposition):
                if alias and alias != name and alias.lower() not in pronouns and alias not in entry.aliases:
                    entry.aliases.append(alias)
    _join_surnames(mentions, sources, surname_genders, all_full_names, surname_styles)
    return list(sources.values())


_BODY_KINDS = ("organisation", "media", "document")


def _after_descriptor(name: str) -> str:
    """The capitalised name after lower-case words that describe it ("newspaper Kystposten",
    "the broadcaster Velmora One"); the name as it is when it does not end in one."""
    parts = name.split()
    k = len(parts)
    while k > 0 and parts[k - 1][:1].isupper():
        k -= 1
    if 0 < k < len(parts) and all(p[:1].islower() and p.isalpha() and not _verb_like(p)
                                  and p not in lexicon.words("function_words.txt") for p in parts[:k]):
        return " ".join(parts[k:])  # (not "ad uses footage of Ana Lopes", "report by Politico")
    return name
# Words for an outlet that, alone, point back to the one the article last named ("the paper").
PAPER_NOUNS = frozenset(("newspaper", "paper", "tabloid", "daily"))
# The last word of a newspaper's name ("the Velmora Gazette", "The Harbour Times").
_MASTHEADS = re.compile(r"\b[Tt]he\s+((?:[A-Z][\w’'.-]*\s+){0,3}(?:Gazette|Times|Post|Journal|Herald|Tribune|"
                        r"Courier|Chronicle|Observer|Telegraph|Guardian|Inquirer|Examiner|Sentinel|Dispatch|"
                        r"Register|Bulletin|Daily))\b")


def _paper_named_before(text: str, start: int):
    """The name of the last newspaper named before ``start`` ("the Velmora Gazette"), or None."""
    found = None
    for match in _MASTHEADS.finditer(text, 0, start):
        found = match.group(1)
    return found


OUTLET_NOUNS = frozenset("newspaper paper magazine network channel broadcaster outlet website site station tabloid".split())
MAX_IT_DISTANCE = 400  # characters from "it" back to the body it stands for


def _bare_common_noun(name: str) -> bool:
    """One lower-case word ("the authority" cleaned to "authority"): a noun that may point
    back to a body or document named or described earlier."""
    return " " not in name and name.isalpha() and name.islower()


def _body_named(low: str, name: str, start: int, bodies, names_in_text):
    """The name of the organisation, outlet or document that "it" or a bare common noun
    ("the authority", "the ministry") stands for: the nearest earlier mention ("it") or
    name with that noun as a word ("the authority" -> "Velmora Port Authority"); else None."""
    if low == "it":
        near = [body for body in bodies if start - MAX_IT_DISTANCE <= body[0] < start]
        return near[-1][1] if near else None
    if not _bare_common_noun(name):
        return None
    word = name.capitalize()
    earlier = [found for found in bodies + [n for n in names_in_text if not _person_like(n[1])]
               if found[0] < start and _headed_by(found[1].split(), word)]
    return max(earlier)[1] if earlier else None


def _document_named(text: str, name: str, start: int):
    """"the report" -> "Mueller report": the nearest earlier name before that document word."""
    if not _bare_common_noun(name):
        return None
    found = None
    for match in re.finditer(r"\b((?:[A-Z][\w.’'&-]*\s+)+)%s\b" % re.escape(name), text[:start]):
        if not _on_title_case_line(text, match.start()):
            found = match  # (a title-case headline's "New Poll" names no poll)
    if found is None:
        return None
    words = found.group(1).split()
    while words and words[0].lower() in ("the", "a", "an", "this", "that", "its", "their", "his", "her"):
        words = words[1:]
    return " ".join(words + [name]) if words else None


# Modifiers that set a noun apart from an earlier one rather than describe it.
_CONTRASTING = frozenset("other another same such rival different second third last next previous".split())


def _described_earlier(text: str, name: str, start: int):
    """"the association" -> "industry association": a bare common noun points back to the
    nearest earlier description of the same noun with a modifier ("the industry association
    had asked ..."), so both mentions are one source named by the fuller one; else None."""
    if not _bare_common_noun(name):
        return None
    found = None
    pattern = r"\b(?:the|an?)\s+((?:[a-z]+\s+){1,2})%s\b" % re.escape(name)
    for match in re.finditer(pattern, text[:start], re.IGNORECASE):
        modifiers = match.group(1).split()
        if all(m.islower() and m not in lexicon.words("function_words.txt") and not _verb_like(m)
               and m not in _CONTRASTING for m in modifiers):
            found = modifiers  # (not "the other association", "a proposed association")
    return " ".join(found + [name]) if found else None


def _headed_by(parts, word: str) -> bool:
    """Whether a name's head is ``word``: "Velmora Port Authority", "Department of Labor"
    (not "New Poll Shows Large", a headline's words)."""
    return parts[-1] == word or any(part == word and parts[k + 1] == "of" for k, part in enumerate(parts[:-1]))


def _join_surnames(mentions, sources: Dict[str, SourceMention], surname_genders: Dict[str, set],
                   full_names=(), surname_styles=None) -> None:
    """A surname-only source ("Obama", from "President Obama") joins the one full name the
    article's other mentions of that surname resolved to ("Mr. Obama" -> "Barack Obama"),
    when that name agrees with the genders the surname's honorifics give and no other name
    of the article (``full_names``) with that surname does."""
    for surname, entry in list(sources.items()):
        if entry.kind != "person" or " " in surname or not surname[:1].isupper():
            continue
        if len(surname_genders.get(surname, ())) > 1 or len((surname_styles or {}).get(surname, ())) > 1:
            continue
        fulls = [other for other in sources.values() if other.kind == "person" and other is not entry
                 and len(other.name.split()) >= 2 and last_name(other.name) == surname
                 and not titled_surname(other.name)
                 and all(_compatible(g, other.name) for g in surname_genders.get(surname, ()))]
        genders = surname_genders.get(surname, ())
        others = {name for name in full_names if last_name(name) == surname and not titled_surname(name)
                  and all(_compatible(g, name) for g in genders)}
        if len(fulls) != 1 or others - {fulls[0].name}:
            continue
        full = fulls[0]
        for alias in [surname] + entry.aliases:
            if alias != full.name and alias not in full.aliases:
                full.aliases.append(alias)
        del sources[surname]
        for mention in mentions:
            if mention.get("name") == surname:
                mention["name"] = full.name
