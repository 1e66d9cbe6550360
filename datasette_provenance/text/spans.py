"""Source and content spans around a cue, and the kind of a source.

Everything works on token indices of one sentence (``lo``..``hi``) so a span
never leaks into the next statement; content may follow a quotation across
sentences, which is handled by the caller.
"""
from __future__ import annotations

import re

from . import lexicon
from .dates import MONTHS, WEEKDAYS
from .tokens import QUOTES, QUOTES_OPEN, Tokens

DETERMINERS = frozenset("the a an his her their its this that these those our my your some many several "
                        "two three four five six seven eight nine ten one dozens".split())
RELATIVES = frozenset(("who", "whom", "which", "that"))
NP_PREPOSITIONS = frozenset("with of at for from".split())
PRONOUNS = frozenset("he she they we i it you him her them us me".split())
# Words for a part of a group before "of whom" / "of which" ("most of whom", "two of which").
PART_WORDS = frozenset("most some many all none several few each both one two three four five half".split())
SUBJECT_PRONOUNS = frozenset("he she they we i it you".split())  # ("her" may open "her campaign")
VAGUE_QUANTIFIERS = frozenset(("some", "many", "several", "most", "few", "numerous", "various", "other"))
ANON_DETERMINERS = frozenset("a an one two three four five six several some many a number of".split())
FLOATING = frozenset(("both", "all", "each"))
ARTICLES = frozenset(("the", "a", "an"))
# Words whose "'s" is a contracted "is" or "has", not a possessive ("he's pushing a plan",
# "that's most telling", "let's").
CONTRACTED_BEFORE_S = frozenset("he she it that there what who here where let".split())


def possessive(word: str) -> bool:
    """Whether a lower-case token is a possessive ("ruiz's", "fishers'"), not a pronoun with
    a contracted "is" or "has" ("he's", "that's")."""
    if word.endswith(("'s", "’s")):
        return word[:-2] not in CONTRACTED_BEFORE_S
    return word.endswith(("s'", "s’"))
PREPOSITIONS = frozenset("by of like unlike than upon without via per through toward towards between among "
                         "despite".split())
# Sentence-initial words that are not part of the subject after them ("And Smith said").
LEADING_CONNECTIVES = frozenset("and but or so yet then also still even meanwhile however instead indeed".split())
# "people familiar with the matter", "a source close to the mayor", "officials briefed on
# the talks": the phrase after the word is what they know, part of the source's description.
ACQUAINTED = frozenset("familiar close involved briefed privy knowledgeable".split())
ACQUAINTED_PREPOSITIONS = frozenset("with to in on about".split())
# Words before a title that leave it a role ("a retired general", "the former mayor").
ROLE_MODIFIERS = frozenset("retired former ex acting deputy top senior vice assistant interim outgoing incoming".split())
HONORIFICS = frozenset("mr mrs ms miss dr mister".split())  # ("Ms King": a surname after it)
# Adverbs that end a noun phrase like the -ly ones ("Officials almost never say").
PHRASE_ENDING_ADVERBS = frozenset("almost also still never often already always just soon not again too".split())
MAX_SOURCE = 12
MAX_APPOSITIVE = 30  # "Derek Mitchell, who served as ambassador ... earlier this year, said"


class _FirstAlnum(dict):
    """word -> whether it opens with a letter or digit: as a memo's ``__getitem__`` a hit is
    one C-level call (~450k calls per pass over PolNeAR train); emptied when it grows large."""

    def __missing__(self, word: str) -> bool:
        if len(self) >= 100_000:
            self.clear()
        got = self[word] = word[:1].isalnum()
        return got


_wordlike = _FirstAlnum().__getitem__


def _spaced(tokens: Tokens, k: int) -> bool:
    """Whether token ``k`` (a dash) has a space on either side: a dash between clauses
    ("ideals - critics would say"), not a hyphen inside a name."""
    return (k > 0 and tokens.starts[k] > tokens.ends[k - 1]) or (
        k + 1 < len(tokens.starts) and tokens.starts[k + 1] > tokens.ends[k])


def _initial(word: str) -> bool:
    """A single capital letter: the initial of a name before its period."""
    return len(word) == 1 and word.isupper()


def skip_left(tokens: Tokens, j: int, lo: int) -> int:
    """Step left over auxiliaries and -ly adverbs between a subject and its verb."""
    aux, passive = lexicon.words("aux.txt"), lexicon.words("passive_aux.txt")
    low = tokens.lower
    while j >= lo and (low[j] in aux or low[j] in passive or (low[j].endswith("ly") and len(low[j]) > 4
                                                              and ly_adverb(tokens, j, lo))):
        j -= 1
    return j


def ly_adverb(tokens: Tokens, j: int, lo: int) -> bool:
    """Whether an "-ly" word is an adverb: not a noun ending so ("The family said", "An
    Associated Press tally shows") nor a name, capitalised past its sentence's first word
    ("Ann Kelly said")."""
    return tokens.lower[j] not in lexicon.words("ly_nouns.txt") and (
        j == lo or not tokens.words[j][:1].isupper() or _sentence_case(tokens, j))


def acquainted(low, k: int) -> bool:
    """Whether token ``k`` opens an acquaintance phrase: "familiar with", "close to"."""
    return low[k] in ACQUAINTED and k + 1 < len(low) and low[k + 1] in ACQUAINTED_PREPOSITIONS


# Verb forms that are the nouns before a source's head far more often ("state media",
# "state officials").
NOUN_VERBS = frozenset(("state",))
def _body_or_people(word: str) -> bool:
    """Whether a word heads a source phrase: a body, an outlet, people or a title."""
    return word in lexicon.table("source_heads.tsv") or word in lexicon.words("titles.txt")


# Words that open no noun phrase though the walk left took them in ("Later Sanders said",
# "Meanwhile Ana Lopes said": when, not who).
PHRASE_OPENING_ADVERBS = frozenset("""even particularly especially including whereas yet now just from also
notably later earlier meanwhile afterwards afterward still however instead indeed""".split())
# Prepositions that tie people to whom or what they serve or know ("advisers to Mr. Berg",
# "experts on the region"), only after a lower-case word for people.
PEOPLE_PREPOSITIONS = frozenset(("to", "on"))


def _people_noun(tokens: Tokens, k: int) -> bool:
    """Whether token ``k`` is a lower-case word for people or a role ("advisers", "aide",
    "ambassador"): what a phrase after "to"/"on" depends on."""
    word = tokens.words[k]
    if not word[:1].islower() and not (k == 0 or not _wordlike(tokens.words[k - 1])):
        return False  # (a sentence's first word has its capital: "Advisers to ...")
    low = tokens.lower[k]
    return lexicon.table("source_heads.tsv").get(low) in ("anonymous", "vague") or low in lexicon.words("titles.txt")


def np_left(tokens: Tokens, j: int, lo: int) -> int:
    """Start of the noun phrase that ends at token ``j`` (inclusive)."""
    stops = lexicon.words("source_stops.txt")
    abbreviations = lexicon.words("abbreviations.txt")
    low, words = tokens.lower, tokens.words
    if low[j] in PRONOUNS:
        return j
    forms = lexicon.verb_forms()
    common = lexicon.words("common_verbs.txt")
    a = j
    while a - 1 >= lo and j - a < MAX_SOURCE - 1:
        if a - 3 >= lo and low[a - 2] in ACQUAINTED and acquainted(low, a - 2) and _wordlike(words[a - 3]) \
                and low[a - 3] not in stops:  # (the set test first: this runs at every step of the walk)
            a -= 2  # "people close to the mayor": the people, close to the mayor
            continue
        if (low[a - 1] in forms or low[a - 1] in common) and not words[a - 1][:1].isupper() \
                and not (low[a - 1] in NOUN_VERBS and _body_or_people(low[a])):
            break
        if low[a - 1] in PEOPLE_PREPOSITIONS and a - 2 >= lo and _people_noun(tokens, a - 2):
            a -= 1  # "advisers to Mr. Berg", "experts on the region": the advisers speak
            continue
        if low[a - 1] in NP_PREPOSITIONS and a - 2 >= lo and _wordlike(words[a - 2]) \
                and low[a - 2] not in stops and low[a - 2] not in forms and low[a - 2] not in common:
            a -= 1  # "people familiar with the matter", "the head of the agency"
            continue
        prev = words[a - 1]
        if prev == "." and a - 2 >= lo and (low[a - 2] in abbreviations or "." in low[a - 2] or (
                _initial(words[a - 2]) and words[a][:1].isupper()
                and low[j] not in lexicon.table("source_heads.tsv"))):
            a -= 1  # "Gen." / the "D." of "Paul D. Ryan" (not "Plan B. Officials")
            continue
        if prev in ("’s", "'s", "&", "/") or (prev == "-" and not _spaced(tokens, a - 1)):
            a -= 1
            continue
        if not _wordlike(prev) or low[a - 1] in stops:
            break
        # "of" joins "the Chief of the General Staff"; keep it.
        a -= 1
        if low[a] in ARTICLES and not (a - 1 >= lo and low[a - 1] in NP_PREPOSITIONS) \
                and not (a - 2 >= lo and low[a - 1] in PEOPLE_PREPOSITIONS and _people_noun(tokens, a - 2)) \
                and not (words[a] == "A" and words[a + 1] == ".") \
                and not (a - 2 >= lo and low[a - 2] in ACQUAINTED and acquainted(low, a - 2)):
            break  # an article opens the phrase: "On March 3 the inspectors" -> "the inspectors"
    # Do not start on a dangling "of" or a period, nor on an adverb or preposition before the
    # phrase ("even some of his admirers", "Now Tom Berg", "from rivals").
    while True:
        while a < j and (low[a] in ("of", ".", "-") or low[a] in stops or low[a] in PHRASE_OPENING_ADVERBS
                         or (low[a][-2:] == "ly" and _adverb_before_name(tokens, a))):
            a += 1
        if a >= j or not (low[a] in TIME_PHRASE_OPENERS or low[a][:1].isdigit()):
            break  # (the test first: np_left runs for every word a source may start at)
        past = _past_time_phrase(tokens, a, j)
        if past == a:
            break
        a = past  # ("Saturday at the convention Sen. Warren": past the time, then the preposition)
    return _np_left_more(tokens, a, lo)


def _adverb_before_name(tokens: Tokens, a: int) -> bool:
    """Whether token ``a`` is an -ly adverb before a capitalised name ("Separately Tom Berg
    said", "and previously Ana Lopes said"), not a first name ("Kelly Ayotte") or a word the
    text capitalises mid-sentence elsewhere (a surname)."""
    low, words = tokens.lower, tokens.words
    word = low[a]
    if not (word.endswith("ly") and len(word) > 4 and a + 1 < len(words) and words[a + 1][:1].isupper()):
        return False
    if word in lexicon.words("ly_nouns.txt") or word in lexicon.table("first_names.tsv"):
        return False
    return words[a][:1].islower() or (_sentence_case(tokens, a) and not named_elsewhere(tokens, a))


def _past_time_phrase(tokens: Tokens, a: int, j: int) -> int:
    """``a`` moved past a time phrase opening the phrase ``a``..``j`` ("On Monday Sanders said",
    "Last week officials said": when they spoke, no part of who), unless it owns what follows
    ("Monday's vote", "Monday night's results")."""
    low = tokens.lower
    for k in range(a, min(j, a + 3)):
        if low[k] in TIME_ENDS and time_phrase_start(tokens, k, a) == a:
            after = low[k + 1]
            if after in ("’s", "'s") or after in TIME_ENDS or after.endswith(("’s", "'s")):
                return a
            return k + 1
    return a


COORDINATORS = frozenset(("and", "or", "nor"))
PAIRED = frozenset(("both", "neither", "either"))
DEMONSTRATIVES = frozenset(("this", "these", "those"))
# "At least one", "more than half", "about 4 in 10": words before a number that belong to it.
NUMBER_LEAD = {"least": "at", "than": "more", "about": None, "nearly": None, "almost": None, "some": None,
               "roughly": None, "only": None}


def _number(word: str) -> bool:
    return word[:1].isdigit() or word in NUMBER_WORDS


DATE_WORDS = WEEKDAYS | MONTHS | {"today", "yesterday"}
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten half".split())


def _name_or_pronoun(word: str) -> bool:
    return word[:1].isupper() or word.lower() in ("he", "she", "they", "we", "i")


def _np_left_more(tokens: Tokens, a: int, lo: int) -> int:
    """Grow a subject's start over what the walk stops at: a demonstrative ("this
    reporter"), a coordination of names ("Trump and Sanders", "Neither Cruz nor
    Christie"), a proportion ("Six in 10 voters") and a number's qualifier ("At least
    one", "About")."""
    low, words = tokens.lower, tokens.words
    if a - 1 >= lo and (low[a - 1] in DEMONSTRATIVES or (low[a - 1] == "that" and a - 1 == lo)):
        a -= 1
    if a - 2 >= lo and low[a - 1] == "in" and _number(low[a]) and _number(low[a - 2]):
        a -= 2  # "Six in 10"
    if a - 2 >= lo and low[a - 1] in COORDINATORS and _name_or_pronoun(words[a]):
        # "Tom Berg, Ana Lopes and Ed Ruiz" / "Berg, Lopes, and Ruiz": the list's names before "and".
        serial = words[a - 2] == ","  # ", and": only after a list ("Berg, Lopes, and Ruiz")
        before = a - 3 if serial else a - 2
        k = _name_start(tokens, before, lo) if before >= lo else None
        if serial and k is not None and not (k - 1 > lo and words[k - 1] == "," and _listed_before(tokens, k - 1, lo)):
            k = None
        if k is not None:
            a = k
            while a - 2 >= lo and words[a - 1] == "," and _listed_before(tokens, a - 1, lo):
                a = _name_start(tokens, a - 2, lo)
    elif a - 2 >= lo and low[a - 1] == "and" and low[a] in ARTICLES and _role_phrase_end(tokens, a - 2):
        a = np_left(tokens, a - 2, lo)  # "the mayor and the police chief"
    elif a - 2 >= lo and low[a - 1] == "and" and (_wordlike(words[a - 2]) or (
            a - 3 >= lo and words[a - 2] == "," and _wordlike(words[a - 3]))):
        # "Many fishers and harbour staff said": a coordination that opens its sentence (or
        # its clause: "Since May, Mr. Berg and other pilots have said"), a list too ("ferry
        # unions, fishing groups, and many lawmakers claim").
        serial = words[a - 2] == ","
        b = np_left(tokens, a - 3 if serial else a - 2, lo)
        items = [b] if not serial or _noun_like(tokens, a - 3) else []
        while items and b - 2 >= lo and words[b - 1] == "," and _noun_like(tokens, b - 2) \
                and (serial or _bare_plural(low[b - 2])) and low[b - 2] not in DATE_WORDS and len(items) < 6:
            b = np_left(tokens, b - 2, lo)
            items.append(b)
        for b in reversed(items):  # the list's first item that opens the clause
            # Without a serial comma ("Teachers, nurses and firefighters") an item before the
            # last comma opens the list only after punctuation or at the sentence's start, not
            # after a word opening a phrase of its own ("After the vote, teachers and nurses").
            if _opens_clause(tokens, b, lo) and (serial or b == items[0] or _opens_list(tokens, b, lo)):
                a = b
                break
    if a - 1 >= lo and low[a - 1] in PAIRED:
        a -= 1
    if a - 1 >= lo and low[a] in NUMBER_LEAD and low[a - 1] == NUMBER_LEAD[low[a]]:
        a -= 1  # "at least" when the walk stopped at "at"
    elif a - 1 >= lo and _number(low[a]) and low[a - 1] in NUMBER_LEAD:
        lead = NUMBER_LEAD[low[a - 1]]
        a -= 1
        if lead and a - 1 >= lo and low[a - 1] == lead:
            a -= 1
    return a


# What may stand right before a coordinated subject that opens a clause.
CLAUSE_PUNCTUATION = frozenset(",;:—–")
CLAUSE_OPENERS = frozenset("""where while that because as when until since if although though whether
whereas after before once""".split())


def _noun_like(tokens: Tokens, j: int) -> bool:
    """Whether token ``j`` may end a listed noun phrase: a word, no verb ("Prices rose,
    wages fell, and ...": clauses, not a list)."""
    low = tokens.lower[j]
    return _wordlike(low) and low not in lexicon.verb_forms() and low not in lexicon.words("common_verbs.txt") \
        and low not in lexicon.words("aux.txt") and not (low.endswith("ed") and len(low) > 4)


def _opens_clause(tokens: Tokens, b: int, lo: int) -> bool:
    """Whether token ``b`` opens its sentence (past connectives: "And", "But") or a clause:
    after a quotation mark, a clause's punctuation or a word opening one ("while", "that")."""
    low, words = tokens.lower, tokens.words
    k = lo
    while k < b and low[k] in LEADING_CONNECTIVES:
        k += 1
    return b == k or (b - 1 == lo and words[lo] in QUOTES) or (b - 1 >= lo and (
        (b - 1 > lo and words[b - 1] in CLAUSE_PUNCTUATION) or low[b - 1] in CLAUSE_OPENERS))


def _opens_list(tokens: Tokens, b: int, lo: int) -> bool:
    """Whether token ``b`` opens its sentence (past connectives) or follows punctuation."""
    k = lo
    while k < b and tokens.lower[k] in LEADING_CONNECTIVES:
        k += 1
    return b == k or tokens.words[b - 1] in QUOTES or tokens.words[b - 1] in CLAUSE_PUNCTUATION


def _name_start(tokens: Tokens, j: int, lo: int):
    """Start of a capitalised name (or pronoun) ending at token ``j`` that a coordination
    lists ("Ana M. Ruiz and Senator Tom Berg"), None when ``j`` ends none."""
    low, words = tokens.lower, tokens.words
    if not (_name_or_pronoun(words[j]) and words[j][:1].isalnum() and low[j] not in LEADING_CONNECTIVES):
        return None
    k = j
    while k - 1 >= lo and (words[k - 1][:1].isupper() or words[k - 1] in (".", "’s", "'s")) \
            and low[k - 1] not in LEADING_CONNECTIVES and low[k - 1] not in OPENERS \
            and low[k - 1] not in DATE_WORDS and (low[k - 1] in ARTICLES or low[k - 1] not in lexicon.words("function_words.txt")):
        k -= 1  # the whole first name: "Ana M. Ruiz and Senator Tom Berg"
    return k


def _listed_before(tokens: Tokens, comma: int, lo: int) -> bool:
    """Whether a name ends right before ``comma`` and is itself an item of the list: it opens
    the sentence or follows a comma or a quotation mark ("Tom Berg, Ana Lopes and ..."), not a
    preposition or a time ("In Denver, Ana Lopes and Ed Ruiz", "On Monday, ...")."""
    low, words = tokens.lower, tokens.words
    j = comma - 1
    if not words[j][:1].isupper() or low[j] in DATE_WORDS:
        return False
    k = _name_start(tokens, j, lo)
    if k is None or low[k] in OPENERS or low[k] in PRONOUNS or (k == j and (
            low[j] in lexicon.words("function_words.txt") or (low[j].endswith("ly") and len(low[j]) > 4))):
        return False  # "Separately, Berg and Lopes said"
    return k == lo or words[k - 1] in QUOTES or words[k - 1] == ","


def _role_phrase_end(tokens: Tokens, j: int) -> bool:
    """Whether token ``j`` ends a role that speaks ("the mayor" of "the mayor and the chief")."""
    low = tokens.lower[j]
    return tokens.words[j][:1].islower() and (low in lexicon.words("titles.txt")
                                              or lexicon.table("source_heads.tsv").get(low) in ("anonymous",))


# Words after which a verb form is a noun ("the judge", "a report", "his claim").
NOUN_MARKERS = frozenset("the a an his their its our my your her".split())


def np_right(tokens: Tokens, i: int, hi: int) -> int:
    """End (exclusive) of the noun phrase that starts at token ``i``."""
    stops = lexicon.words("source_stops.txt")
    abbreviations = lexicon.words("abbreviations.txt")
    low, words = tokens.lower, tokens.words
    forms = lexicon.verb_forms()
    if low[i] in SUBJECT_PRONOUNS or low[i] in ("who", "which"):  # ("whose arm" runs on)
        return i + 1  # "they" of "they published the results", "who" of "who last year said": no phrase runs on
    b = i
    while b < hi and b - i < MAX_SOURCE:
        word = words[b]
        if b > i and b + 2 < hi and low[b] in ACQUAINTED and acquainted(low, b) and _wordlike(words[b + 2]):
            b += 2  # "a person familiar with the plan": what the person knows stays with them
            if b < hi and low[b] in DETERMINERS:
                b += 1
            if b < hi and _wordlike(words[b]):
                b += 1  # its noun, even one that is also a verb ("the plan", "the talks")
            continue
        if b > i and (low[b] in forms or low[b] in lexicon.words("common_verbs.txt")
                      or (low[b].endswith("ly") and len(word) > 4 and ly_adverb(tokens, b, i))
                      or low[b] in PHRASE_ENDING_ADVERBS) \
                and not _name_head(tokens, b) and low[b - 1] not in NOUN_MARKERS:
            break
        if b > i and low[b][-2:] == "ed" and _past_verb_with_object(tokens, b, hi):
            break  # "The piece used one of ...", "groups granted Mr. Clarke": a verb the lexicons miss
        if b > i and words[b - 1][:1].isupper() and word[:1].islower() and low[b - 1] not in DETERMINERS \
                and low[b] not in ("of", "de", "al", "bin", "van", "von") and not _role_before_name(tokens, b, hi) \
                and not _head_after_name(tokens, i, b) and not _capitals_modify(tokens, i, b):
            break  # a name ends where lower-case words begin
        if word == "." and b > i and (low[b - 1] in abbreviations or "." in low[b - 1] or (
                _initial(words[b - 1]) and b + 1 < hi and words[b + 1][:1].isupper())):
            b += 1  # "Gen." / the "D." of "Paul D. Ryan"
            continue
        if word in ("&", "/") or (word == "-" and not _spaced(tokens, b)):
            b += 1
            continue
        if not _wordlike(word) or (b > i and low[b] in stops and low[b] != "of"):
            break
        b += 1
    while b > i and low[b - 1] in ("of", "the", "a", "an"):
        b -= 1
    return b


def _name_head(tokens: Tokens, b: int) -> bool:
    """A capitalised word that ends a name of a body after another capitalised word
    ("The Washington Post", "Daily Mail"), not the verb it could also be."""
    words = tokens.words
    return words[b][:1].isupper() and words[b - 1][:1].isupper() and \
        lexicon.table("source_heads.tsv").get(tokens.lower[b]) in ("media", "organisation", "document")


def _past_verb_with_object(tokens: Tokens, b: int, hi: int) -> bool:
    """Whether token ``b`` is a past-tense verb with its object after it: a lower-case "-ed"
    word after a noun (no determiner before it) and before a determiner, pronoun, number or
    name ("used one", "granted Mr. Clarke"), not a participle before a preposition
    ("officials based in") or an adjective before its noun ("senior elected officials")."""
    low = tokens.lower
    word = low[b]
    if not (word.endswith("ed") and len(word) >= 4 and not word.endswith("eed") and tokens.words[b][:1].islower()):
        return False
    if low[b - 1] in DETERMINERS or b + 1 >= hi:
        return False
    after = tokens.words[b + 1]
    return (low[b + 1] in DETERMINERS or low[b + 1] in OBJECT_PRONOUNS or after[:1].isdigit()
            or (after[:1].isupper() and low[b + 1] not in lexicon.words("function_words.txt")))


def _head_after_name(tokens: Tokens, i: int, b: int) -> bool:
    """Whether the lower-case word ``b`` after a capitalised one goes on with its phrase: the
    thing a possessive owns ("Ana Lopes's press office") or a role or body a name qualifies
    ("the Velmora senator", "ACLU executive").  (Any word after a sentence's opening capital,
    "Editorial pages": train CV exact -20.)"""
    if tokens.lower[b - 1].endswith(("’s", "'s")):
        return True
    low = tokens.lower[b]
    return low in lexicon.words("titles.txt") or lexicon.table("source_heads.tsv").get(low) is not None


# Words before capitalised modifiers that open a common noun's phrase ("other Velmoran ships").
MODIFIER_OPENERS = DETERMINERS | VAGUE_QUANTIFIERS | {"another", "every", "each", "no", "both", "all"}


POSSESSIVE_DETERMINERS = frozenset("his their its our my your".split())  # ("her" is also an object)


def possessive_after_verb(tokens: Tokens, j: int, lo: int) -> bool:
    """Whether token ``j`` is a possessive determiner after a verb ("is lending his support",
    "ratcheted up his attacks"), not a preposition ("in his criticism")."""
    if tokens.lower[j] not in POSSESSIVE_DETERMINERS or j - 1 < lo:
        return False
    before = tokens.lower[j - 1]
    return _wordlike(before) and before not in lexicon.words("source_stops.txt") and before not in PREPOSITIONS \
        and before not in OPENERS


def name_before_tag(tokens: Tokens, j: int, lo: int) -> int:
    """The last word of the name before a bracketed tag when token ``j`` lies in the tag
    ("Ann Lee (D-Maine)": "Lee"), else ``j``."""
    words = tokens.words
    k = j
    while k > lo and j - k < MAX_PARENTHETICAL and words[k] not in ("(", ")"):
        k -= 1
    if k - 1 >= lo and words[k] == "(" and words[k - 1][:1].isupper() and _wordlike(words[k - 1]):
        return k - 1
    return j


def _capitals_modify(tokens: Tokens, i: int, b: int) -> bool:
    """Whether the capitalised words before the lower-case word ``b`` modify it rather than
    end a name: a determiner or number opens them ("some Velmoran leaders", "a 2019 Lopes
    veteran", "the Velmora delegation", "a pro-Berg rally") or they are one country's or
    party's adjective ("Velmoran hackers").  ``b`` is a common noun, no time word ("told the
    Velmora Herald yesterday")."""
    low, words = tokens.lower, tokens.words
    word = low[b]
    if not word.isalpha() or word in TIME_ENDS or word in lexicon.words("function_words.txt"):
        return False
    s = b - 1
    while s > i and (words[s - 1][:1].isupper() or words[s - 1] == "-" or words[s - 1][:1].isdigit()
                     or (s - 2 >= i and words[s - 1][:1].islower() and words[s] == "-")) \
            and low[s - 1] not in MODIFIER_OPENERS:
        s -= 1  # back over "Velmora", "pro-", "2019"
    if s > i and low[s - 1] in MODIFIER_OPENERS:
        return True
    return s == b - 1 and _demonym(low[s])


def _role_before_name(tokens: Tokens, b: int, hi: int) -> bool:
    """A lower-case role word between capitalised words ("GOP strategist Ann Lee",
    "Velmora governor Tom Berg"): the name goes on after it."""
    low = tokens.lower[b]
    return (b + 1 < hi and tokens.words[b + 1][:1].isupper()
            and (low in lexicon.words("titles.txt") or low in lexicon.table("source_heads.tsv")))


# A time phrase between a subject and its verb ("Ana Lopes, who last year said", "the
# mayor on Monday said", "officials earlier this month warned"): no part of the subject.
TIME_NOUNS = frozenset("""year years week weeks month months weekend night morning afternoon evening
summer winter spring fall autumn decade season quarter""".split()) | WEEKDAYS | MONTHS
TIME_DEICTICS = frozenset("last this next that each every past".split())
TIME_WORDS = frozenset(("yesterday", "today", "tonight", "tomorrow"))
DAY_PARTS = frozenset(("morning", "afternoon", "evening", "night"))
# First words a time phrase may open with (time_phrase_start), numbers aside ("two weeks ago").
TIME_PHRASE_OPENERS = TIME_WORDS | WEEKDAYS | TIME_DEICTICS | NUMBER_WORDS | {"earlier", "later", "early", "late"}
TIME_ENDS = TIME_NOUNS | TIME_WORDS | {"ago"}  # the words a time phrase can end on


def time_phrase_start(tokens: Tokens, j: int, lo: int):
    """Start of a time phrase that ends at token ``j`` ("last year", "earlier this month",
    "on Monday", "yesterday", "two weeks ago"), else None."""
    low = tokens.lower
    word = low[j]
    if word in TIME_WORDS:
        return j
    if word in DAY_PARTS and j - 1 >= lo and (low[j - 1] in WEEKDAYS or low[j - 1] in TIME_WORDS):
        return time_phrase_start(tokens, j - 1, lo) or j - 1  # "Tuesday morning", "on Monday night"
    if word == "ago" and j - 2 >= lo and low[j - 1] in TIME_NOUNS and _number(low[j - 2]):
        return j - 2
    if word not in TIME_NOUNS or (word in MONTHS and not tokens.words[j][:1].isupper()):
        return None  # ("that may": a verb)
    if j - 1 >= lo and low[j - 1] in TIME_DEICTICS:
        k = j - 1
        if k - 1 >= lo and low[k - 1] in ("earlier", "later", "early", "late"):
            k -= 1  # "earlier this month"
        return k
    if (word in WEEKDAYS or word in MONTHS) and j - 1 >= lo and low[j - 1] in ("on", "in"):
        return j - 1
    if word in WEEKDAYS and tokens.words[j][:1].isupper():
        return j  # "the mayor Monday said"
    return None


def lone_time_phrase(tokens: Tokens, j: int, lo: int) -> bool:
    """Whether a time phrase ends at token ``j`` that tells when the verb after it happened
    ("Ana Lopes, who last year said", "Tom Berg on Monday said"), not when a participle before
    it did ("a poll released Sunday", "a poll out Monday": news attribution corpora mark
    those with the source)."""
    if tokens.lower[j] not in TIME_ENDS:
        return False
    start = time_phrase_start(tokens, j, lo) if j >= lo and not tokens.words[j].isupper() else None
    if start is None:
        return False
    before = tokens.lower[start - 1] if start > lo else ""
    return not (before == "out" or (before.endswith("ed") and len(before) > 3))


def _before_time_phrase(tokens: Tokens, j: int, lo: int) -> int:
    """``j`` stepped left over a lone time phrase ending there and the adverbs before it."""
    if not lone_time_phrase(tokens, j, lo):
        return j
    return skip_left(tokens, time_phrase_start(tokens, j, lo) - 1, lo)


def floating_after_subject(tokens: Tokens, j: int, lo: int) -> bool:
    """Whether token ``j`` is a quantifier floated after its subject ("Smith and Jones both
    argued", "The pilots all said"), no subject of its own ("Both said", "of all")."""
    low, words = tokens.lower, tokens.words
    if lo < j and low[j] in FLOATING and (words[j - 1] == ")" or (
            words[j - 1] in _ASIDE_DASHES and _spaced(tokens, j - 1))):
        return True  # "Tom Berg and Sen. Ana Ruiz (D-Maine) both said", "X -- who ... -- all voted"
    return lo < j and low[j] in FLOATING and _wordlike(words[j - 1]) and low[j - 1] not in PREPOSITIONS \
        and low[j - 1] not in ARTICLES and low[j - 1] not in _NO_FLOAT_HOSTS


# Words before "both"/"all"/"each" that make it the subject itself ("and both said", "that all agree").
_NO_FLOAT_HOSTS = frozenset("of for to in at on from with and but or nor so yet that which who because while "
                            "since when if as".split())


def left_source(tokens: Tokens, cue_lo: int, lo: int):
    """The subject before a cue: (start, end, appositive) token ranges or None.

    Handles "X said", "X has long said", "X, who ... , said" (antecedent),
    and "Name, leader of Y, said" (appositive kept as an alias).
    """
    low, words = tokens.lower, tokens.words
    j = _before_time_phrase(tokens, skip_left(tokens, cue_lo - 1, lo), lo)
    if j >= lo and low[j] in FLOATING and j - 1 >= lo and low[j - 1] in lexicon.words("aux.txt"):
        j = skip_left(tokens, j - 1, lo)  # "Smith and Jones have both argued"
    elif floating_after_subject(tokens, j, lo):
        j -= 1  # "Smith and Jones both argued": the subject ends before "both"
    if j < lo:
        return None
    if words[j] == ")" and j + 1 < cue_lo and low[j + 1] in FLOATING:
        # "Tom Berg and Sen. Ana Ruiz (D-Maine) both said": the subject with its tag.
        name = name_before_tag(tokens, j - 1, lo)
        return (np_left(tokens, name, lo), j + 1, None) if name != j - 1 else None
    if low[j] in ("who", "which") and j + 1 < cue_lo and lone_time_phrase(tokens, cue_lo - 1, lo):
        return (j, j + 1, None)  # "Ana Lopes, who last year said": the pronoun, as before a bare cue
    if low[j] in RELATIVES and j - 1 >= lo and words[j - 1] == ",":
        end = j - 1
        start = np_left(tokens, end - 1, lo) if end - 1 >= lo and _wordlike(words[end - 1]) else end
        return (start, end, None) if start < end else None
    if words[j] == ",":
        relative = _antecedent_of_who(tokens, j, lo)
        if relative:
            return relative
        # Appositive: "Name, description, cue" (or two descriptions in a row); failing a
        # capitalised name, a phrase opened by a determiner after a comma ("Asked about it,
        # the mayor, a former fisher, said").
        return _appositive_subject(tokens, j, lo, False) or _appositive_subject(tokens, j, lo, True)
    if words[j] in _ASIDE_DASHES and _spaced(tokens, j):
        return _before_dashes(tokens, j, lo)
    if low[j] in ("whom", "which") and j - 2 >= lo and low[j - 1] == "of" and low[j - 2] in PART_WORDS:
        return (j - 2, j + 1, None)  # "most of whom had announced": the relative's part is the subject
    if not _wordlike(words[j]) or low[j] in lexicon.words("source_stops.txt") or low[j] in PREPOSITIONS:
        return None  # "... by announcing": no subject right before the cue
    start = np_left(tokens, j, lo)
    return (start, j + 1, None)


def _appositive_subject(tokens: Tokens, j: int, lo: int, determiner: bool):
    """"Name, description, cue" with ``j`` the comma before the cue: (name, end, description)
    or None; with ``determiner`` the name may be a phrase opened by a determiner after a comma."""
    low, words = tokens.lower, tokens.words
    end = j
    for _ in range(2):
        k = end - 1
        while k >= lo and words[k] != "," and end - k <= MAX_APPOSITIVE:
            if words[k] in QUOTES or words[k] in ".;:!?":
                return None
            k -= 1
        if not (k > lo and words[k] == "," and k < end - 1 and (_wordlike(words[k - 1]) or words[k - 1] == ")")):
            return None
        last = k - 1
        if words[last] == ")":
            # "Sen. Ana Ruiz (D-Maine), who wrote the bill, said": the name before its tag.
            last = name_before_tag(tokens, k - 2, lo) if k - 2 > lo else last
            if words[last] == ")":
                return None
        start = np_left(tokens, last, lo)
        opened = (low[start] in DETERMINERS and start > lo and words[start - 1] == ",") if determiner \
            else words[start][:1].isupper()
        if start < k and opened and (start == lo or words[start - 1] in (",", "(")
                                     or low[start - 1] in ("with", "and", "by")
                                     or not _wordlike(words[start - 1])):
            return (start, last + 1, (k + 1, j))
        end = k
    return None


def _antecedent_of_who(tokens: Tokens, j: int, lo: int):
    """"Ana Ruiz, who fished off Porto, Maine, for years, said": the antecedent of a "who"
    clause that runs, commas and all, to the comma ``j`` before the cue, the clause its
    description; else None."""
    low, words = tokens.lower, tokens.words
    for k in range(j - 1, max(lo + 1, j - MAX_APPOSITIVE) - 1, -1):
        w = words[k]
        if w == "." and (low[k - 1] in lexicon.words("abbreviations.txt") or len(low[k - 1]) == 1):
            continue  # "Sen." / "J."
        if w in QUOTES or w in ".;:!?()" or w in _ASIDE_DASHES:
            return None
        if low[k] in SUBJECT_RELATIVES and words[k - 1] == ",":
            last = k - 2
            if last < lo or not _wordlike(words[last]) or low[last] in PREPOSITIONS:
                return None
            start = np_left(tokens, last, lo)
            if words[start][:1].isupper() and (start == lo or words[start - 1] in (",", "(")
                                              or not _wordlike(words[start - 1])):
                return (start, k - 1, (k, j))
            return None
    return None


# Dashes that set off an aside between a subject and its verb ("Tom Berg -- or most of it --").
_ASIDE_DASHES = frozenset(("-", "—", "–"))


def _before_dashes(tokens: Tokens, j: int, lo: int):
    """"The council -- or most of it -- said": the subject before an aside set off by dashes,
    the aside and its dashes with it (as news attribution corpora mark it); ``j`` is the
    closing dash."""
    words = tokens.words
    dash = words[j]  # "-" ("--" is two) or a dash of its own ("—", "–")
    k = j
    while k > lo and words[k - 1] == dash:
        k -= 1  # "--"
    m = k - 1
    while m > lo and k - m <= MAX_APPOSITIVE and not (words[m] == dash and _spaced(tokens, m)):
        if words[m] in QUOTES or words[m] in ".;:!?":
            return None
        m -= 1
    if not (m > lo and words[m] == dash and m < k - 1):
        return None
    while m > lo and words[m - 1] == dash:
        m -= 1
    if m - 1 < lo or not _wordlike(words[m - 1]):
        return None
    inner = m
    while words[inner] == dash:
        inner += 1
    return (np_left(tokens, m - 1, lo), m, (inner, k))


SUBJECT_RELATIVES = frozenset(("who", "whose"))


def relative_subject(tokens: Tokens, src, cue_lo: int, lo: int):
    """"A minister who resigned last week said": the subject of the cue is the minister,
    the relative clause between them its description (the apposition), whichever word
    of it was taken for the source.  ``src`` is unchanged when no such clause is there."""
    low, words = tokens.lower, tokens.words
    end = skip_left(tokens, cue_lo - 1, lo) + 1
    for r in range(end - 1, lo, -1):
        w = words[r]
        if w in QUOTES or w in ",;:()" or r < end - MAX_APPOSITIVE:
            return src
        if low[r] in SUBJECT_RELATIVES:
            break
    else:
        return src
    ante = r - 1
    if end - r < 2 or not _wordlike(words[ante]) or (low[ante] in lexicon.words("source_stops.txt")
                                                     and low[ante] not in DEMONSTRATIVES) \
            or low[ante] in lexicon.verb_forms() or low[ante] in lexicon.words("common_verbs.txt"):
        return src  # "who said" right before the cue is the cue's own clause ("Those who attended" speak)
    if not (src[0] > r or src[1] == r):
        return src
    return np_left(tokens, ante, lo), r, (r, end)


def right_source(tokens: Tokens, cue_hi: int, hi: int, to_comma: bool = False):
    """The phrase right after a cue ("said Smith", "according to X", "by X").

    With ``to_comma`` the phrase runs to the next comma ("according to
    reports from the Chief of the General Staff, ...").
    """
    i = cue_hi
    low = tokens.lower
    if to_comma:
        end = i
        abbreviations = lexicon.words("abbreviations.txt")
        while end < hi and end - i < 25 and tokens.words[end] not in (",", ";", ":", "—", "–") \
                and tokens.words[end] not in QUOTES:
            if tokens.words[end] == "." and not (end > i and (low[end - 1] in abbreviations
                                                               or len(low[end - 1]) == 1)):
                break
            end += 1
        return (i, end) if end > i else None
    if i < hi and low[i] == "by":
        i += 1
    if i >= hi or not _wordlike(tokens.words[i]):
        return None
    end = np_right(tokens, i, hi)
    return (i, end) if end > i else None


def passive_agent(tokens: Tokens, cue_hi: int, hi: int):
    """The "by" phrase a few words after a passive cue ("was sentenced to two years in prison
    by a federal judge", "was endorsed the day before by Ana Lopes"): its agent, the source;
    None when a comma, quotation or clause comes first, or "by" opens a gerund ("by saying")."""
    low, words = tokens.lower, tokens.words
    for k in range(cue_hi, min(hi - 1, cue_hi + MAX_AGENT_GAP)):
        if low[k] == "by":
            return None if low[k + 1].endswith("ing") else right_source(tokens, k, hi)
        if words[k] in QUOTES or (words[k] == "," and low[k + 1] == "by"):
            continue  # 'was called "a shed" by Ana Lopes', "was said once, by Ana Lopes"
        if low[k] in ("and", "or") and low[k + 1].endswith("ed") and words[k + 1][:1].islower():
            continue  # "was booed and shouted down by the crowd"
        if low[k] in ("before", "after") and k > cue_hi and (low[k - 1] in TIME_NOUNS or low[k - 1] in ("day", "days")):
            continue  # "was endorsed the day before by Ana Lopes"
        if not (_wordlike(words[k]) or words[k] in ("’", "'", "$", "%", "-")) or low[k] in CLAUSE_OPENERS \
                or low[k] in RELATIVES or low[k] in COORDINATORS:
            return None
    return None


MAX_AGENT_GAP = 9


def opening_clause_subject(tokens: Tokens, cue_lo: int, lo: int, hi: int, within=None):
    """"Noting that ..., Ana Lopes said" / "After bragging about ..., Berg is spending": a
    participle cue opening its sentence (alone or after a preposition or connective) speaks
    for the main clause's subject, the phrase after the clause's comma; else None.  So does
    a cue further inside a clause opened by a participle ("Having announced that ..., Ana
    Lopes") when ``within`` is that participle's token."""
    low, words = tokens.lower, tokens.words
    k = lo
    while k < cue_lo and (low[k] in LEADING_CONNECTIVES or low[k] in OPENERS or low[k] in PARTICIPLE_LEADS):
        k += 1
    if within == k and k < cue_lo and _participle_lead(tokens, k) and cue_lo - k < MAX_OPENING_CLAUSE \
            and not any(words[c] in ",;:" or words[c] in QUOTES for c in range(k, cue_lo)):
        pass  # "Having announced that ..., Ana Lopes" / "Rattling off promises of ..., Lopes": the cue within
    elif k != cue_lo or cue_lo - lo > 2 or not low[cue_lo].endswith("ing") or len(low[cue_lo]) < 5:
        return None
    quotes = 0
    for c in range(cue_lo + 1, min(hi - 1, cue_lo + MAX_OPENING_CLAUSE)):
        if words[c] in QUOTES:
            quotes += 1  # a quoted phrase inside the clause ('Calling the plan "a shed," Ana Ruiz')
            continue
        if words[c] in ";:":
            return None
        if words[c] == ",":
            i = c + 1
            while i < hi and (low[i] in LEADING_CONNECTIVES or low[i] == "though" or words[i] == ","
                              or (words[i] in QUOTES and quotes % 2 == 1)):
                quotes += words[i] in QUOTES
                i += 1  # ("..., though, the mayor said", '"a shed," Ana Ruiz')
            if i < hi and low[i] in ("which", "who", "whom", "whose") and words[c - 1][:1].isalnum():
                continue  # a relative clause set off inside the clause ("After thanking the crowd, which ..., he")
            if i >= hi or not _wordlike(words[i]) or low[i] in lexicon.words("source_stops.txt") \
                    and low[i] not in SUBJECT_PRONOUNS:
                return None
            end = np_right(tokens, i, hi)
            if end < hi and (words[end] == "," or low[end] in ("and", "or")) and words[i][:1].islower() \
                    and low[i] not in ARTICLES and low[i] not in SUBJECT_PRONOUNS and low[i] not in DEMONSTRATIVES:
                continue  # a bare word opening one item of a list in the clause ("promises to cut fees, reform ...,")
            return (i, end) if end > i else None
    return None


def from_heading(tokens: Tokens, cue_lo: int, lo: int):
    """The source a colon cue's lead-in names with "from": "From the report:", "More from
    Ana Ruiz:" (the phrase after "from", up to the colon, with no apposition); else None."""
    words, low = tokens.words, tokens.lower
    if words[cue_lo] != ":":
        return None
    k = cue_lo - 1
    while k > lo and cue_lo - k <= 8 and low[k] != "from" and (words[k][:1].isalnum() or words[k] in (".", "’s", "'s")):
        k -= 1
    if low[k] != "from" or k + 1 >= cue_lo or not words[k + 1][:1].isalnum():
        return None
    if not (k == lo or (k - 1 == lo and low[k - 1] == "more") or (k - 1 > lo and low[k - 1] == "more"
                                                                     and not words[k - 2][:1].isalnum())):
        return None  # ("The quay was built with money from the council:" lists what follows)
    return (k + 1, cue_lo, None)


def coordinated_end(tokens: Tokens, k: int, limit: int):
    """Where the noun phrase after an "and" at token ``k`` ends ("the fishers | and the
    dockers |"), if the word after "and" opens a noun phrase (no verb, auxiliary, adverb,
    subject pronoun or "-ing" word: "and added", "and slaying") and the phrase has only
    words; else None."""
    words, low = tokens.words, tokens.lower
    if k + 1 >= limit or low[k] != "and" or not words[k + 1][:1].isalnum():
        return None
    w = low[k + 1]
    if words[k + 1][:1].islower() and (w in lexicon.verb_forms() or w in lexicon.words("common_verbs.txt")
                                       or w in lexicon.words("aux.txt") or w in COPULAS
                                       or (w.endswith("ing") and len(w) > 5 and w not in ("something", "nothing"))):
        return None
    if w.endswith("ly") or w in LEADING_CONNECTIVES or w in SUBJECT_PRONOUNS:
        return None
    end = np_right(tokens, k + 1, limit)
    if end <= k + 1 or end - k > 9 or any(not words[j][:1].isalnum() and words[j] not in ("’s", "'s", "-", ".")
                                          for j in range(k + 1, end)):
        return None
    return end


def phrase_closes(tokens: Tokens, end: int, hi: int) -> bool:
    """Whether a phrase right of its cue may end at token ``end``: the sentence's end,
    punctuation or a relative pronoun."""
    return end >= hi or tokens.words[end] in (",", ".", ";", ":", "?", "!") or tokens.lower[end] in RELATIVES


COPULAS = frozenset("is are was were be been being am 's ’s 're ’re".split())


def _participle_lead(tokens: Tokens, k: int) -> bool:
    """Whether token ``k`` opens a participle clause: "having" or an "-ing" word that is no
    name: lower-case, or opening its sentence with no verb right after ("Manning said")."""
    low, words = tokens.lower, tokens.words
    w = low[k]
    if w == "having":
        return True
    if not w.endswith("ing") or len(w) < 6 or w.endswith("thing") or w in lexicon.table("first_names.tsv"):
        return False
    if words[k][:1].isupper() and not (_sentence_case(tokens, k) and k + 1 < len(low) and words[k + 1][:1].islower()
                                       and low[k + 1] not in lexicon.verb_forms()
                                       and low[k + 1] not in lexicon.words("aux.txt")
                                       and low[k + 1] not in lexicon.words("common_verbs.txt")):
        return False
    return True


PARTICIPLE_LEADS = frozenset(("by", "in", "upon", "instead", "of"))
MAX_OPENING_CLAUSE = 30


# Words opening a time or place phrase between a cue and its "that" ("said on Monday that").
TAIL_OPENERS = frozenset("on in at last this earlier later yesterday today during of about".split())
ADDRESSEES = frozenset("reporters me him her them us you".split())


def _before_complementizer(tokens: Tokens, i: int, k: int) -> bool:
    """Whether the words ``i``..``k`` between a cue and a "that" are a tail or an
    addressee ("told reporters that", "said on Monday that", "told Smith that"), so the
    "that" opens the content, rather than a noun phrase the "that" relativizes ("called
    for the creation of bodies that could ...": the content starts at "the")."""
    if k == i:
        return True
    low = tokens.lower[i]
    if low in TAIL_OPENERS:
        return True
    if k - i == 1 and low.endswith("ly") and len(low) > 4:
        return True  # "said repeatedly that"
    if low == "to" and 2 <= k - i <= 3 and _addressee(tokens, k - 1) \
            and (k - i == 2 or tokens.lower[i + 1] in ("the", "his", "her", "their")):
        return True  # "admitted to investigators that", "complained to the council that"
    # An addressee, alone or before a tail: "told reporters (on Friday) that", "told Smith that".
    j, most = i, 2
    if low == "the" and k - i >= 2 and tokens.words[i + 1][:1].isupper() and tokens.lower[i - 1] in TELL_FORMS:
        j, most = i + 1, 5  # an outlet or body by its name: "told the Velmora Herald that"
    while j < k and j - i < most and (tokens.words[j][:1].isupper() or tokens.lower[j] in ADDRESSEES):
        j += 1
    return j > i and (j == k or tokens.lower[j] in TAIL_OPENERS)


def _addressee(tokens: Tokens, j: int) -> bool:
    """Whether word ``j`` may be whom a cue speaks to: "reporters", "investigators",
    "Smith", "the council" (a plural, a name, or a body)."""
    low = tokens.lower[j]
    return low in ADDRESSEES or tokens.words[j][:1].isupper() or (low.endswith("s") and not low.endswith("ss")) \
        or low in ADDRESSED_BODIES


# Singular nouns for a body or gathering one speaks to ("told the crowd that").
ADDRESSED_BODIES = frozenset("council court committee board panel jury police press crowd audience conference "
                             "assembly meeting rally gathering paper newspaper station network".split())


def content_after(tokens: Tokens, cue_hi: int, hi: int) -> int:
    """First token of the content after a cue (skips ":", ","; a complementizer
    "that" opens the content, as annotators of reported speech mark it)."""
    low = tokens.lower
    i = cue_hi
    # "told reporters that ..." / "said on Monday that ...": jump to "that";
    # "told the council on Monday: ...": past the colon.
    for k in range(i, min(hi, i + 8)):
        if low[k] in ("that", ":"):
            if all(_wordlike(tokens.words[m]) for m in range(i, k)) and (
                    low[k] == ":" or _before_complementizer(tokens, i, k)):
                i = k + (low[k] == ":")
            break
        if low[k] in (",", ".") or low[k] in QUOTES:
            break
    if i == cue_hi and i < hi and low[i] in TAIL_OPENERS and low[i] not in ("of", "about"):
        i = _past_long_tail(tokens, i, hi)  # 'said on NBC's "Meet the Press" on Sunday that'
    if i == cue_hi and lexicon.verb_forms().get(low[i - 1]) in ADDRESSING_LEMMAS:
        i = _past_whom(tokens, i, hi)  # "urged his critics to ...": whom, not what
    if i == cue_hi and low[i - 1] in TELL_FORMS:
        i = _past_addressee(tokens, i, hi)  # "told reporters the mayor insisted": whom, not what
    i = _past_time_after(tokens, i, hi)  # "said Sunday the port was shut": when, no part of what
    while i < hi and low[i] in (",", ":", "—", "–", "-"):
        i += 1
    if i + 1 < hi and low[i] == "to" and noun_phrase_start(tokens.words[i + 1]):
        i += 1  # a preposition, part of the cue ("opposed to electing X", "support to candidates")
    return i


MAX_TAIL = 15


def _past_long_tail(tokens: Tokens, i: int, hi: int) -> int:
    """The "that" after a long time or place tail opening at ``i`` ("said in an interview
    with the local paper, which ran it on Monday, that ...": no verb of its own but a
    participle, commas and quotation marks allowed), or ``i``."""
    words, low = tokens.words, tokens.lower
    verbs, common, aux = lexicon.clause_verbs()
    for k in range(i + 1, min(hi - 1, i + MAX_TAIL)):
        w = low[k]
        if w == "that":
            nxt = low[k + 1]
            if nxt in verbs or nxt in common or nxt in aux or (nxt[-2:] == "ed" and words[k + 1].islower()):
                return i  # a relative clause ("at a center that works with ...")
            return k
        if w in verbs or w in common or w in aux or w in (";", ".", ":") or w in RELATIVES or w == "and":
            return i
    return i


def _past_time_after(tokens: Tokens, i: int, hi: int) -> int:
    """``i`` moved past a time phrase of up to three words opening a content ("Sunday", "on
    Monday night", "last week") when more words follow it."""
    low = tokens.lower
    for k in range(min(hi - 1, i + 3) - 1, i - 1, -1):
        if low[k] in TIME_ENDS and time_phrase_start(tokens, k, i) == i and _wordlike(tokens.words[k + 1]):
            # ("said Monday is the deadline": the time phrase is the content's subject)
            return i if low[k + 1] in FINITE_AUXILIARIES and low[i] not in ("on", "in") else k + 1
    return i


# Finite verbs a time phrase that is a clause's subject goes on with ("Monday is", "next year will").
FINITE_AUXILIARIES = frozenset("is are was were will would could can may might should must has have had "
                               "isn't wasn't won't isn’t wasn’t won’t".split())


TELL_FORMS = frozenset(("told", "tell", "tells", "telling"))
# Verbs whose object is whom they speak to, before what they say ("warned reporters that
# ...", "asked the mayor whether ..."). Before an infinitive the addressee stays in the
# content ("urged voters to stay home"), as annotators of reported speech mark it.
ADDRESSING_LEMMAS = frozenset("tell ask urge warn remind advise caution inform assure instruct press".split())
# Words opening what an addressing verb says after its addressee.
ADDRESSED_OPENERS = frozenset("that whether if how what why who when where which".split())
MAX_ADDRESSEE = 15


def _past_whom(tokens: Tokens, i: int, hi: int) -> int:
    """Past whom an addressing verb speaks to, up to what it says: "told the AP on Friday
    that ...", "asked Smith whether ...", 'told the crowd, "..."'.  The words between are
    a noun phrase with tails (no verb, no infinitive); else ``i``."""
    words, low = tokens.words, tokens.lower
    if i >= hi or not (low[i] in DETERMINERS or low[i] in ADDRESSEES or low[i] == "by" or _addressee(tokens, i)) \
            or low[i] in ADDRESSED_OPENERS:
        return i
    verbs, common, aux = lexicon.clause_verbs()
    for k in range(i + 1, min(hi - 1, i + MAX_ADDRESSEE)):
        w = low[k]
        if w in ADDRESSED_OPENERS:
            nxt = low[k + 1]
            if words[k - 1] == "," or nxt in verbs or nxt in common or nxt in aux \
                    or (nxt[-2:] == "ed" and words[k + 1].islower()):
                return i  # an aside or a relative clause about the addressee ("asked agencies that dealt ...")
            return k
        if w == ":":
            return k + 1
        if words[k] in QUOTES and words[k - 1] == ",":
            return k
        if w in verbs or w in common or w in aux or w in (";", ".", "to") or words[k] in QUOTES:
            return i
    return i


# Words after an addressee that go on with it, no clause opening ("told him to", "told
# reporters about", "told Berg's staff").
ADDRESSEE_TAILS = frozenset("to about of in at on for that ’s 's".split())


def _past_addressee(tokens: Tokens, i: int, hi: int) -> int:
    """Past whom a "told" speaks to when a clause follows without "that" ("told reporters the
    mayor insisted", "told Ana Lopes the port was shut"): a listed addressee or a name of up to
    three words, then no word that goes on with it."""
    words, low = tokens.words, tokens.lower
    j = i
    if j < hi and low[j] in ADDRESSEES and low[j] != "her":  # ("told her story")
        j += 1
    elif j < hi and low[j] in ARTICLES:
        return _past_described_addressee(tokens, i, hi)
    else:
        while j < hi and j - i < 3 and words[j][:1].isupper() and _wordlike(words[j]) \
                and low[j] not in lexicon.words("function_words.txt"):
            j += 1
    if j == i or j + 1 >= hi or not _wordlike(words[j]) or low[j] in ADDRESSEE_TAILS \
            or not (low[j] in DETERMINERS or low[j] in SUBJECT_PRONOUNS or words[j][:1].isupper()):
        return i
    return j


MAX_NAMED_ADDRESSEE = 5  # "the Senate Armed Services Committee"


def _past_described_addressee(tokens: Tokens, i: int, hi: int) -> int:
    """Past "the council" in "told the council he would resign": an article and one or two
    lower-case words ending in a plural or a body, then a subject pronoun opening the clause;
    else ``i`` (an object that goes on is what was told: "told the story he had heard")."""
    words, low = tokens.words, tokens.lower
    if low[i] == "the" and i + 1 < hi and words[i + 1][:1].isupper():
        # "told the Associated Press the figures were wrong": a body by its name.
        j = i + 1
        while j < hi and j - i <= MAX_NAMED_ADDRESSEE and words[j][:1].isupper() and _wordlike(words[j]):
            j += 1
        named = j + 1 < hi and (low[j] in DETERMINERS or low[j] in SUBJECT_PRONOUNS) and _wordlike(words[j + 1])
        return j if named else i
    for j in (i + 2, i + 3):
        if j + 1 >= hi or not all(words[k].isalpha() and words[k].islower() for k in range(i + 1, j)):
            return i
        if low[j] in SUBJECT_PRONOUNS and low[j] not in ("it", "you") and _wordlike(words[j + 1]) \
                and _addressee(tokens, j - 1):
            return j
    return i


OBJECT_PRONOUNS = frozenset("him her them it me us you what this these those".split())


def noun_phrase_start(word: str) -> bool:
    """Whether a word after "to" opens a noun phrase or gerund (so "to" is a preposition),
    not an infinitive's verb."""
    low = word.lower()
    return (word[:1].isupper() or word[:1].isdigit() or low in DETERMINERS or low in OBJECT_PRONOUNS
            or (low.endswith("ing") and len(low) > 5))


def trim_end(tokens: Tokens, lo: int, hi: int) -> int:
    """Drop trailing sentence punctuation and commas (closing quotes stay)."""
    words = tokens.words
    while hi > lo and words[hi - 1] in ".,;:!?—–-":
        hi -= 1
    return hi


def balance_quotes(tokens: Tokens, lo: int, hi: int):
    """Keep a closing quote when the content opened one, drop a lone one."""
    words = tokens.words
    while lo < hi and words[lo] in QUOTES and words[lo] not in QUOTES_OPEN and words[lo] != '"':
        lo += 1
    return lo, hi


def source_kind(tokens: Tokens, start: int, end: int) -> str:
    """person / organisation / document / media / anonymous / vague for a source phrase."""
    low, words = tokens.lower, tokens.words
    heads = lexicon.table("source_heads.tsv")
    pronouns = lexicon.table("pronouns.tsv")
    titles = lexicon.words("titles.txt")
    pronoun = low[start].split("’")[0].split("'")[0]  # "It’s" is "it" ("he’d", "they’re")
    if end - start == 1 and pronoun in pronouns:
        gender = pronouns[pronoun]
        if gender in ("m", "f", "s"):
            return "person"
        return "organisation" if pronoun == "it" else "vague"
    # Head: last word before "of"/"on"/"from"/"who" (the "Chief" of "Chief of Staff", the
    # "Commission" of "Commission on Harbour Safety").
    head_end = end
    for k in range(start + 1, end):  # not the first word: "At least one commentator"
        if low[k] in ("of", "on", "from", "at", "for", "in", "with", "who", "including") or acquainted(low, k) or (
                low[k] in PEOPLE_PREPOSITIONS and _people_noun(tokens, k - 1)) or (
                low[k][-2:] == "ed" and participle_after_head(tokens, k)) or (
                low[k] in IRREGULAR_PARTICIPLES and k + 1 < end and low[k + 1] == "by"):
            head_end = k
            break
    head_tokens = [k for k in range(start, head_end) if _wordlike(words[k])]
    if not head_tokens:
        return "vague"
    head = low[head_tokens[-1]]
    first = low[start]
    stops = lexicon.words("source_stops.txt")
    capitalized = [k for k in head_tokens if words[k][:1].isupper() and low[k] not in DETERMINERS
                   and low[k] not in stops and low[k] not in PAIRED and low[k] not in NUMBER_LEAD]
    kind = heads.get(head)
    if kind is not None and len(head) <= 3 and not words[head_tokens[-1]].isupper():
        kind = None  # "UN" the organisation, not "Un" of "Kim Jong Un"
    if kind is None and head.endswith(("’s", "'s")):
        kind = heads.get(head[:-2])
    if kind is None and _plural_body(head):
        kind = heads.get(_singular(head))  # "studies", "unions": the kind of one
    if head.split("’")[0].split("'")[0] in WEEKDAYS:
        return "vague"  # "Following Monday’s": a date, no one
    named = [k for k in head_tokens if low[k] not in ARTICLES]
    places = lexicon.words("place_words.txt")
    if named and all(words[k][:1].isupper() for k in named) and low[named[-1]] in places and all(
            low[k] in places or low[k] in COMPASS for k in named[:-1]):
        return "organisation"  # "China", "North Korea": a country speaks through its government
    if _group_plural(head) and kind is None:
        # "Republicans", "Senate Democrats", "many Americans": members of a party or a
        # people, described as a group (as "officials" are), no one person.
        return "vague" if first == head or first in VAGUE_QUANTIFIERS or first in ("the", "most") else "anonymous"
    if kind in ("media", "document", "organisation") and (kind != "organisation" or head != "house"
                                                          or len(head_tokens) > 1):
        # "Putin's administration", "the Kremlin", "a Pew poll", "The Times".
        return _unnamed_body(tokens, start, head_tokens, kind, end) or kind
    possessor = max((k for k in head_tokens[:-1] if low[k].endswith(("’s", "'s"))), default=None)
    if possessor is not None and kind is None and words[head_tokens[-1]][:1].islower() and not any(
            low[k] in titles for k in head_tokens if k > possessor):
        return "anonymous"  # "Mr. Berg's closest allies": described through a person, not the person
    if capitalized and capitalized[-1] == head_tokens[-1]:
        # "the newspaper Kystposten", "the ministry's Ana Ruiz" -> the descriptor decides.
        for n, k in enumerate(head_tokens[:-1]):
            described = heads.get(low[k])
            if described in ("media", "organisation") and not words[k][:1].isupper() and low[k] not in titles \
                    and not any(low[m] in titles for m in head_tokens[n + 1:]):
                # (not for a body's title: "board chair Ana Ruiz", "union leader Tom Berg")
                # ("radio host Ann Lee", "the journalist Tom Berg": a person who works in media)
                return "person" if low[k] in JOURNALISTS else described
    if first not in ARTICLES and head_end == end and any(low[k] in titles for k in head_tokens) \
            and all(low[k] in ROLE_MODIFIERS or (low[k] in titles and low[k] not in HONORIFICS
                                                 and "." not in words[k + 1:k + 2]) for k in head_tokens):
        return "anonymous"  # "Retired General Reveals ...": a role in a headline's capitals, no name
    if any(low[k] in titles for k in head_tokens) or (head.endswith(("’s", "'s")) and head[:-2] in titles):
        # (a title's possessive too: "The mayor's claim", whose holder is the mayor)
        if first in ANON_DETERMINERS and (not capitalized or words[head_tokens[-1]][:1].islower()):
            return "anonymous"  # "a spokeswoman (for Ann Lee)", "a Treasury spokesman": a role, no name
        return "person"
    if kind == "anonymous":
        if head in ("sources", "people", "officials", "experts", "analysts") and first not in ANON_DETERMINERS \
                and first not in ("the",) and len(head_tokens) == 1 and not (head_end < end and (
                    acquainted(low, head_end) or low[head_end] in ("who", "that"))):
            return "vague"  # ("People close to the mayor", "Officials who asked not to be named": described)
        return "anonymous"
    if kind == "vague":
        return "vague"
    if capitalized and _plural_list_opening(tokens, start, head_end, head_tokens, capitalized):
        return "vague"  # "Teachers, nurses, and firefighters said": bare plurals, as "Teachers said"
    if capitalized and _capitalised_modifier_only(tokens, head_tokens, capitalized):
        # "Twelve percent", "Partial results": a sentence's capital on a word before a
        # common head names nobody.
        return "vague"
    if capitalized and len(head_tokens) == 1 and _sentence_case(tokens, head_tokens[0]) \
            and ((head.endswith(ABSTRACT_ENDINGS) and len(head) > 6) or re.fullmatch(r"[dri]-[a-z.]+", head)):
        return "vague"  # "Frustration", "Don't", a party tag "D-Mo": a capital, no name
    if capitalized and len(head_tokens) == 1 and _sentence_case(tokens, head_tokens[0]) \
            and head.endswith(("ers", "ors", "ists", "men")) and len(head) > 6 and not named_elsewhere(tokens, head_tokens[0]):
        return "vague"  # "Forecasters said", "Fishermen said": people by what they do, as "officials" (not "Sanders")
    if capitalized:
        if any(words[k] == "&" and words[k - 1][:1].isupper() for k in range(head_tokens[0] + 1, head_tokens[-1])):
            return "organisation"  # "Johnson & Johnson", "Simon & Schuster": a firm's name
        if len(capitalized) == len([k for k in head_tokens if low[k] not in ARTICLES]) and all(
                words[k].isupper() and 1 < len(words[k]) <= 4 for k in capitalized):
            return "organisation"  # NATO, FBI, "the IMF" (a transcript's "PENCE:" is a person)
        if any(heads.get(low[k]) == "media" and low[k] not in JOURNALISTS
               and all(words[m][:1].isupper() for m in head_tokens if m > k) for k in capitalized[:-1]):
            # "the Daily Courier", "Daily Ledger": an outlet's masthead, no one's name (not
            # "Radio host Ana Lopes", a person described by a lower-case word)
            return "media"
        return "person"
    if first in VAGUE_QUANTIFIERS or head.endswith("s"):
        return "vague"
    return "anonymous"


# Past participles not in "-ed" ("was told", "documents seen by Reuters", "a letter written
# by the mayor").
IRREGULAR_PARTICIPLES = frozenset("""told said thought written known found seen shown felt sought spoken
heard given taken drawn made sent held kept brought led won""".split())


def participle_after_head(tokens: Tokens, k: int) -> bool:
    """Whether token ``k`` is a participle after the head of its phrase ("a Pew poll published
    on Monday", "deckhands interviewed by the Gazette"): the head is the noun before it, not
    what follows (an adjective before its noun stays: "senior elected officials")."""
    word, before = tokens.lower[k], tokens.lower[k - 1]
    return word.endswith("ed") and len(word) > 4 and tokens.words[k][:1].islower() \
        and (tokens.words[k - 1][:1].islower() or _sentence_case(tokens, k - 1)) \
        and (_bare_plural(before) or before.endswith("men") or before in lexicon.table("source_heads.tsv")
             or before in lexicon.words("titles.txt"))


def runs_to_verb(tokens: Tokens, end: int, verb_at: int) -> bool:
    """Whether a subject ending at ``end`` goes on to its verb at ``verb_at`` over prepositional
    phrases, after a participle too ("Some delegates at the convention", "Fishermen interviewed
    by the Gazette")."""
    return prepositions_before_verb(tokens, end, verb_at) or (
        end + 1 < verb_at and participle_after_head(tokens, end) and prepositions_before_verb(tokens, end + 1, verb_at))


# Media heads that name people who work in media: before a name, the name is a person's.
JOURNALISTS = frozenset("""reporter reporters correspondent journalist journalists columnist editor editors
anchor host economist commentator""".split())
# Mass or plural heads of an unnamed group of bodies ("media", "outlets", "groups").
MASS_HEADS = frozenset(("media", "press"))
# Common words before a body's head that name none of them, capitalised or not (a headline's
# or a sentence's capital: "State media", "Local Media").
BODY_MODIFIERS = frozenset("""state local national federal regional foreign international official
independent public private mainstream online social news""".split())
DEFINITE = frozenset("the this that its their his her our".split())


# Plurals that name members of a party or a persuasion (capitalised or not).
GROUP_PLURALS = frozenset("""republicans democrats conservatives liberals progressives independents libertarians
evangelicals moderates socialists populists""".split())


def _plural_body(word: str) -> bool:
    """"media", "newspapers", "agencies": a mass noun or the plural of a body head in the
    lexicon; "Reuters", "Axios", "Times" end in "s" and are names (no "reuter" is listed)."""
    if word in MASS_HEADS:
        return True
    if word == "data" or (word.endswith("s") and lexicon.table("source_heads.tsv").get(word) == "document"):
        return True  # a plural document head listed as such: "figures", "numbers", "records"
    if not word.endswith("s") or word.endswith("ss"):
        return False
    return _singular(word) in lexicon.table("source_heads.tsv")


def _singular(word: str) -> str:
    """"studies" -> "study", "unions" -> "union" (a plural's "-s" off)."""
    return word[:-3] + "y" if word.endswith("ies") else word[:-1]


def _group_plural(word: str) -> bool:
    """"republicans", "americans", "russians": party members or a country's people."""
    return word in GROUP_PLURALS or (word.endswith("ans") and _demonym(word[:-1]))


def named_elsewhere(tokens: Tokens, k: int) -> bool:
    """Whether the word at ``k`` is capitalised somewhere else in the text where no sentence
    starts: a name ("Mr. Sanders", "said Sanders"), not a common noun at a sentence's start."""
    word, words = tokens.words[k], tokens.words
    return any(w == word and m != k and not _sentence_case(tokens, m) for m, w in enumerate(words))


# Word endings no name has, for a lone capitalised word that opens its sentence.
ABSTRACT_ENDINGS = ("tion", "tions", "ties", "ness", "ments", "n't", "n’t")  # (not "-ly": Kelly; "-ment": Clement)
COMPASS = frozenset("north south east west northern southern eastern western central new".split())


def _sentence_case(tokens: Tokens, k: int) -> bool:
    """Whether token ``k`` opens its sentence or line, so its capital says nothing (a line
    start, or a gap of two characters or more before it: the blank line after a headline with
    no full stop)."""
    return k == 0 or (not _wordlike(tokens.words[k - 1]) and tokens.words[k - 1] not in (",", "&", "-", "’s", "'s")) \
        or tokens.starts[k] - tokens.ends[k - 1] >= 2 or k in tokens.line_starts


opens_line_or_sentence = _sentence_case


def _demonym(word: str) -> bool:
    """"Russian", "Chinese", "British", "Israeli": an adjective of a country, not a name."""
    return word.endswith(("an", "ese", "ish", "i", "ch")) and len(word) > 4


def _unnamed_body(tokens: Tokens, start: int, head_tokens, kind: str, end: int):
    """The kind of an organisation, outlet or document phrase that names none: "anonymous"
    for one described ("a local television station", "State media", "two unions", "a new
    poll") and "vague" for a bare or loosely quantified group ("the media", "some
    environmental groups", "documents"); None when a capitalised word names it ("Reuters",
    "the Times", "Tulsa police", "a Pew poll", "a report by the Velmora Port Authority") or a
    definite singular phrase points back to one ("the newspaper": speakers.py takes the
    nearest outlet; "the report").  A capital at the sentence's start, and for outlets a
    country's adjective ("Iranian state television"), names nothing."""
    words, low = tokens.words, tokens.lower
    if kind == "document":
        if _names_a_document(tokens, start, end):
            return None
        if low[start] in DEFINITE and not _plural_body(low[head_tokens[-1]]):
            # "the report" points back: to one the article only described ("a new poll ...
            # the poll found"), or to one it named or whose author it gives ("the ministry's
            # statement"), as "the newspaper" to the outlet.
            return "anonymous" if _document_described_before(tokens, head_tokens[-1]) else None
    head = head_tokens[-1]
    if any(words[k][:1].isupper() and not (k == start and _sentence_case(tokens, k)) and low[k] not in DETERMINERS
           and low[k] not in BODY_MODIFIERS and not (kind == "media" and _demonym(low[k])) for k in head_tokens):
        return None
    first = low[start]
    if words[head].isupper() and len(words[head]) > 1:
        return None  # "CBS", "DHS": an acronym names one even where it opens the sentence
    if not _plural_body(low[head]):
        if first in ANON_DETERMINERS or first == "another":
            return "anonymous"  # "a local television station", "one union"
        if first in DEFINITE or head == start or low[start].endswith(("’s", "'s")):
            return None  # "the agency", "Police", "the city's paper": a body the article knows
        return "anonymous" if kind == "media" else None  # "state television"; ("federal court")
    if head == start or first in VAGUE_QUANTIFIERS or first == "most" or (first == "the" and head == start + 1):
        return "vague"  # "media", "the media", "some groups", "other unions"
    return "anonymous"  # "State media", "two countries", "human rights groups"


def _names_a_document(tokens: Tokens, start: int, end: int) -> bool:
    """Whether a capitalised word (no date, no sentence's first word) names a document or who
    wrote it, anywhere in its phrase ("the Mueller report", "a poll by the Velmora Herald")."""
    words, low = tokens.words, tokens.lower
    return any(words[k][:1].isupper() and not (k == start and _sentence_case(tokens, k))
               and low[k] not in DETERMINERS and low[k] not in WEEKDAYS and low[k] not in MONTHS
               for k in range(start, end))


def _document_described_before(tokens: Tokens, head: int) -> bool:
    """Whether the nearest earlier mention of the document word at ``head`` ("poll")
    introduced one that no name identifies ("a new poll"; not "a Pew poll", "the Mueller
    report")."""
    words, low = tokens.words, tokens.lower
    word = low[head]
    for k in range(head - 1, 0, -1):
        if low[k] != word:
            continue
        m = k - 1
        while m > 0 and k - m < 4 and _wordlike(words[m]) and low[m] not in DETERMINERS and not words[m][:1].isupper():
            m -= 1  # back over "new", "2019", "internal"
        # (Not the object of a verb: "The ministry issued a statement. The statement said"
        # is the ministry's.)
        verb = low[m - 1] if m > 0 else ""
        return low[m] in ("a", "an", "one", "another") and not (
            verb.endswith("ed") or verb in lexicon.verb_forms() or verb in IRREGULAR_PAST)
    return False


IRREGULAR_PAST = frozenset("sent wrote written put out took made gave drew ran".split())


OPENERS = frozenset("in at on amid as after before while during despite with since following under over "
                    "for from when although though if however meanwhile".split())


def _participle_opener(tokens: Tokens, i: int, before: int) -> bool:
    """"Reached by phone, Lee said" / "Asked about it, Lee said": a participle clause
    that opens the sentence and ends at a comma before the subject."""
    low = tokens.lower[i]
    if not (low.endswith("ed") or low.endswith("ing")) or len(low) < 5 \
            or low in lexicon.table("first_names.tsv"):
        return False
    return any(tokens.words[k] == "," for k in range(i + 1, min(before, i + 10)))


# Words that open a sentence as an adverbial of their own before a comma ("There, the
# chief said", "Earlier, ...") or open a phrase that ends at one ("Outside the hall, ...").
OPENING_ADVERBS = frozenset("""there here now later earlier still instead finally first overall separately
again today yesterday recently previously ultimately elsewhere afterward afterwards""".split())
OPENING_PREPOSITIONS = frozenset("""outside inside like unlike through throughout across among beyond near
around upon within without because once until unless given against between toward towards along behind
besides by to""".split())
_OPENING_FIRST = OPENING_ADVERBS | OPENING_PREPOSITIONS | TIME_PHRASE_OPENERS | MONTHS | OPENERS | LEADING_CONNECTIVES
_ADVERB_ENDINGS = ("ally", "ily", "ously", "edly", "ingly", "ately", "ntly", "arly")
MAX_OPENER = 25
# Words that open a verb's object ("shook her head", "met the fishers").
_OBJECT_OPENERS = frozenset("the a an his her their its our my your him them me us".split())


def _opening_adverbial(tokens: Tokens, i: int, before: int) -> bool:
    """Whether token ``i`` opens an adverbial that ends at a comma before the subject: an
    adverb right before the comma ("There,", "Quietly,"), a time phrase ("Last month,", "This
    week,") or a phrase opened by a preposition ("Outside the hall,", "Like Ana Ruiz,")."""
    low, words = tokens.lower, tokens.words
    comma = next((k for k in range(i + 1, min(before, i + 10)) if words[k] == ","), None)
    if comma is None:
        return False
    if comma == i + 1 and (low[i] in OPENING_ADVERBS or (low[i].endswith(_ADVERB_ENDINGS) and len(low[i]) > 6)):
        return True  # (endings no name has: "Kelly, the chief, said")
    return low[i] in OPENING_PREPOSITIONS or time_phrase_start(tokens, comma - 1, i) == i


def may_open_sentence(word: str) -> bool:
    """Whether a lower-case word may open a phrase that subject_past_openers skips: a cheap
    test before that walk."""
    return word in _OPENING_FIRST or word.endswith(("ly", "ed", "ing"))


def subject_past_openers(tokens: Tokens, lo: int, before: int):
    """The main clause's subject past every opening phrase ("Last month, when I asked her,
    she said"; "There, the chief said"; "Asked on Monday whether ..., Ana Ruiz said"), where
    main_subject stops at the first: (start, end) or None."""
    low, words = tokens.lower, tokens.words
    i = after_dateline(tokens, lo, before)
    for step in range(3):
        while i < before and low[i] in LEADING_CONNECTIVES:
            i += 1
        if not (i < before and (low[i] in OPENERS or _opening_adverbial(tokens, i, before) or (
                step == 0 and _participle_first(tokens, i, before)))):
            break
        comma = next((k for k in range(i + 1, min(before, i + MAX_OPENER)) if words[k] == ","), None)
        if comma is None:
            break
        i = comma + 1
    if i >= before or not _wordlike(words[i]) or low[i] in RELATIVES or low[i] in ("and", "or"):
        return None  # ("Standing beside Ana Ruiz, who ...,": the comma was the name's)
    end = np_right(tokens, i, before)
    # A verb the lexicons miss ends the phrase ("the harbour chief shook her head and said",
    # "the lawyers looked through the files and found"): a lower-case word after a noun, ending
    # in "-ed" or followed by a determiner or pronoun.
    for k in range(i + 1, end):
        if words[k][:1].islower() and low[k - 1] not in DETERMINERS and low[k - 1] not in NP_PREPOSITIONS \
                and low[k - 1] != "of" and _wordlike(words[k - 1]) and k + 1 < before and (
                    (low[k].endswith("ed") and len(low[k]) > 4) or low[k + 1] in _OBJECT_OPENERS):
            end = k
            break
    return (i, end) if end > i else None


def _participle_first(tokens: Tokens, i: int, before: int) -> bool:
    """Whether token ``i`` is a participle opening its sentence ("Asked whether ...", "Speaking
    to reporters"), not a name ending so ("Murshed Zaheed"): a lower-case or time word after it."""
    low = tokens.lower[i]
    if not (low.endswith("ed") or low.endswith("ing")) or len(low) < 5 or low in lexicon.table("first_names.tsv") \
            or i + 1 >= before:
        return False
    nxt = tokens.lower[i + 1]
    return tokens.words[i + 1][:1].islower() or nxt in WEEKDAYS or nxt in MONTHS


_DATELINE_DASHES = frozenset(("-", "—", "–", "―"))
MAX_DATELINE = 12


def after_dateline(tokens: Tokens, lo: int, before: int) -> int:
    """The first token after a dateline opening a sentence ("LISBON (AP) — ...", "PORTO, Maine,
    May 3 - ..."): a capitalised place, then no lower-case word up to a dash; else ``lo``."""
    words = tokens.words
    first = words[lo] if lo < before else ""
    if not (len(first) > 1 and first.isalpha() and first.isupper()):
        return lo
    for k in range(lo + 1, min(before, lo + MAX_DATELINE)):
        if words[k] in _DATELINE_DASHES:
            while k < before and words[k] in _DATELINE_DASHES:
                k += 1
            return k
        if words[k][:1].islower():
            break
    return lo


def main_subject(tokens: Tokens, lo: int, before: int):
    """The subject of the main clause of a sentence (source of "..., adding").

    Skips an opening phrase ("In a meeting with officials, Putin ...") and
    takes the noun phrase that follows.
    """
    low, words = tokens.lower, tokens.words
    i = after_dateline(tokens, lo, before)
    while i < before and low[i] in LEADING_CONNECTIVES:
        i += 1
    if i < before and (low[i] in OPENERS or _participle_opener(tokens, i, before)):
        while i < before and words[i] != ",":
            i += 1
        i += 1
    if i >= before or not _wordlike(words[i]):
        return None
    end = np_right(tokens, i, before)
    return (i, end, None) if end > i else None


# What a source span takes in beside the words that name the source, as news
# attribution corpora mark it: an appositive or relative clause ("Ana Ruiz, the
# port director, said" / "said Ana Ruiz, who runs the port") and a party tag
# ("Sen. Ana Ruiz (D-Maine)").  The name alone still identifies the source.
# Words that open an aside, not a description of the source ("Ruiz, for her
# part, said", "said Ruiz, in a statement").
ASIDE_OPENERS = frozenset("""for in at on by like unlike however too also though although meanwhile
speaking according after before during since when while with without via about as from into than
and but or nor so yet that he she they it we i you him them us this these those then there""".split())
MAX_PARENTHETICAL = 12


def _after_parenthetical(tokens: Tokens, end: int, hi: int) -> int:
    """Past a bracketed tag right after a name ("(D-Maine)"), else ``end``."""
    words = tokens.words
    if end < hi and words[end] == "(":
        for k in range(end + 1, min(hi, end + MAX_PARENTHETICAL)):
            if words[k] == ")":
                return k + 1
            if words[k] in QUOTES or words[k] == "(":
                break
    return end


def opens_description(tokens: Tokens, k: int, hi: int) -> bool:
    """Whether token ``k`` (after a comma) can open a description of the source before it."""
    if k >= hi or not _wordlike(tokens.words[k]):
        return False
    low = tokens.lower[k]
    if low in ("then", "now") and k + 1 < hi and _role_next(tokens, k + 1):
        return True  # "Tom Berg, then chief pilot at the port,", "now a harbour pilot": a past or present role
    if low in ("including", "like") or (low == "along" and k + 1 < hi and tokens.lower[k + 1] == "with"):
        return True  # "Several unions, including the dockers, said": who else is meant
    if low in ASIDE_OPENERS or low in lexicon.words("aux.txt") or low in lexicon.words("passive_aux.txt"):
        return False
    # A participle ("speaking to ...", "adding that") or a verb is a clause of its own, but not
    # one before a title ("managing director of the port").
    if low.endswith("ing") and low not in lexicon.table("source_heads.tsv") and len(low) > 5 \
            and not (k + 1 < hi and (tokens.lower[k + 1] in lexicon.words("titles.txt")
                                     or tokens.lower[k + 1] in lexicon.table("source_heads.tsv"))):
        return False
    return not (low in lexicon.verb_forms() or low in lexicon.words("common_verbs.txt")) or low in (
        lexicon.table("source_heads.tsv"))


def _lone_past_verb(tokens: Tokens, k: int, hi: int) -> bool:
    """Whether token ``k`` after a comma is a past verb the lexicons miss, not a description:
    a lower-case "-ed" word that no source head is, before the end or a preposition or article."""
    low = tokens.lower[k]
    return tokens.words[k][:1].islower() and low.endswith("ed") and len(low) > 4 \
        and low not in lexicon.table("source_heads.tsv") and (
            k + 1 >= hi or not _wordlike(tokens.words[k + 1]) or tokens.lower[k + 1] in ARTICLES
            or tokens.lower[k + 1] in NP_PREPOSITIONS)


def _role_next(tokens: Tokens, k: int) -> bool:
    """Whether token ``k`` opens a role: an article or possessive, a number (an age), a title
    or a source head, or a role modifier ("a harbour pilot", "Velmora's chief", "38", "chief
    pilot", "senior adviser")."""
    low, words = tokens.lower, tokens.words
    w = low[k]
    return w in ARTICLES or w in POSSESSIVE_DETERMINERS or possessive(w) or words[k].isdigit() \
        or w in lexicon.words("titles.txt") or w in lexicon.table("source_heads.tsv") or w in ROLE_MODIFIERS


def _closed_description(tokens: Tokens, end: int, cue_lo: int, cue_starts) -> int:
    """Where the description after a source's comma (token ``end``) closes when the clause's
    verb follows it and the cue comes later ("Ana Ruiz, the harbour chief, met the fishers
    and said"): its last closing comma, before a lower-case word that is no coordinator; else
    ``end`` (no description). Not a relative clause ("Ana Ruiz, who ...,"): PolNeAR shows
    those as often without it as with it."""
    words, low = tokens.words, tokens.lower
    if low[end + 1] in RELATIVES or low[end + 1] in SUBJECT_RELATIVES:
        return end
    for k in range(end + 2, min(cue_lo - 1, end + MAX_APPOSITIVE)):
        w = words[k]
        if w in QUOTES or w in ";:!?()—–" or k in cue_starts:
            return end
        if w == "," and (low[k + 1] in ARTICLES or not words[k + 1][:1].islower()):
            continue  # another description ("Ana Ruiz, 52, a fisher in Vigo, Spain,")
        if w == ",":
            return k if words[k + 1][:1].islower() and low[k + 1] not in COORDINATORS and low[k + 1] != "but" else end
    return end


def source_extent(tokens: Tokens, src, cue_lo: int, cue_hi: int, lo: int, hi: int, cue_starts=frozenset()):
    """The token range a source span shows: the source phrase ``src`` with a bracketed
    tag and, before the cue ("Name, description, said") or after it ("said Name,
    description."), the description set off by commas."""
    start, end = src
    words = tokens.words
    if end - start > 1 and end <= cue_lo and tokens.lower[end - 1] in RELATIVES and tokens.lower[end - 2] != "of":
        return end - 1, end  # "a lawyer who ... said": the relative pronoun is the clause's subject
    end = _after_parenthetical(tokens, end, hi)
    if end < cue_lo and words[end] == "-" and _spaced(tokens, end):
        # "Ana Lopes -- the harbour chief -- said": the aside to its closing dash.
        j = skip_left(tokens, cue_lo - 1, lo)
        return (start, j + 1) if j > end and words[j] == "-" else (start, end)
    if end >= hi or words[end] != "," or not opens_description(tokens, end + 1, hi):
        return start, end
    if start >= cue_hi and _lone_past_verb(tokens, end + 1, hi):
        return start, end  # "criticized by the fishers union, resigned": the main clause's verb
    if end <= cue_lo:
        # The description runs to the comma before the cue and its auxiliaries.
        j = skip_left(tokens, cue_lo - 1, lo)
        title = None
        if j > end + 3 and words[j] in QUOTES and words[j - 1] == ",":
            # A title closing the description ('Tom Berg, the host of "Harbour Talk," said'):
            # its opening mark a few words back.
            title = next((k for k in range(j - 2, max(end + 1, j - 7), -1) if words[k] in QUOTES), None)
            if title is not None:
                j -= 1
        if j <= end + 1 or words[j] != "," or j - end > MAX_APPOSITIVE \
                or any((words[k] in QUOTES and k != title) or words[k] in ";:!?" or k in cue_starts for k in range(end + 1, j)):
            return start, _closed_description(tokens, end, cue_lo, cue_starts)
        return start, j + (2 if title is not None else 0)
    if start < cue_hi:
        return start, end
    # After the cue: to the end of the sentence, or a comma that opens a clause or a
    # quotation ("said Ruiz, the port director, adding that ...").
    k = end + 1
    last = end
    before_relative = None  # where the description ends before a relative clause opens
    while k < hi and k - end <= MAX_APPOSITIVE:
        w = words[k]
        if w in QUOTES or w in ";:—–" or k in cue_starts or (w == "." and k + 1 < hi and (
                words[k + 1] in QUOTES or words[k + 1] == "'")):
            break  # a quotation after the full stop: the sentence was not split there
        if w == "," and not opens_description(tokens, k + 1, hi) and tokens.lower[k + 1:k + 2] != ["who"]:
            break
        if before_relative is None and k > end + 1 and tokens.lower[k] in SUBJECT_RELATIVES:
            before_relative = k - 1 if words[k - 1] == "," else k
        if _wordlike(w) or w in ").-’'":
            last = k + 1
        k += 1
    if k in cue_starts or (k - end > MAX_APPOSITIVE):
        # "said Ana Ruiz, the port's director, who added that ...": the relative clause
        # speaks on its own (or runs on too long); the description stops before it.
        if before_relative is not None and before_relative > end + 1:
            return start, before_relative
        return start, end
    if last == hi and words[last - 1] == ".":
        last -= 1  # the sentence's full stop
    return start, max(end, last)


def _plural_list_opening(tokens: Tokens, start: int, end: int, head_tokens, capitalized) -> bool:
    """Whether a source phrase is a serial-comma list of bare plurals whose only capital is the
    sentence's on its first word ("Teachers, nurses, and firefighters"): common nouns, no name
    (a word capitalised elsewhere mid-sentence is one: "Sanders, Lopes and other senators")."""
    words, low = tokens.words, tokens.lower
    first, head = head_tokens[0], head_tokens[-1]
    if not (capitalized == [first] and first == start and head != first and _sentence_case(tokens, first)
            and any(low[k] in COORDINATORS for k in head_tokens) and _bare_plural(low[head])):
        return False
    if "," not in words[start:end]:
        # "Local fishermen and their families": a sentence's capital on a modifier of the
        # first plural, lower-case words after it.
        k = next(k for k in head_tokens if low[k] in COORDINATORS)
        return k - 1 > first and all(words[m][:1].islower() for m in range(first + 1, end))
    # The first item's last word before its comma: "Teachers," / "Shipping companies,".
    comma = words.index(",", start, end)
    return _bare_plural(low[comma - 1]) and not named_elsewhere(tokens, first)


def _bare_plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith(("ss", "us", "is", "’s", "'s")) and len(word) > 3


def _capitalised_modifier_only(tokens: Tokens, head_tokens, capitalized) -> bool:
    """Whether a source phrase is a sentence's capital on a modifier before a plural or
    "percent" head, lower-case words between ("Twelve percent", "Partial results", "Democratic
    leaders"), where a name would end the phrase ("Tom Berg") and a description follow a comma
    ("Tom Berg, a fisher").  Words that may be verbs or pronouns leave it alone: those phrases
    ran on past a name ("Berg drew", "Lopes tried his")."""
    words, low = tokens.words, tokens.lower
    first, head = head_tokens[0], head_tokens[-1]
    if capitalized != [first] or head == first or "." in words[first] or low[first] in PRONOUNS:
        return False
    if not (low[head] in ("percent", "%") or (low[head].endswith("s") and not low[head].endswith(("ss", "’s", "'s")))):
        return False
    forms, aux, common = lexicon.verb_forms(), lexicon.words("aux.txt"), lexicon.words("common_verbs.txt")
    return all(words[k][:1].islower() and low[k] not in COORDINATORS and low[k] not in DETERMINERS
               and low[k] not in PRONOUNS and low[k] not in forms and low[k] not in aux and low[k] not in common
               for k in range(first + 1, head + 1))


# Prepositions whose phrase stays with a subject right before its verb ("delegates at the
# convention said", "a survey by the council found").
SUBJECT_PREPOSITIONS = frozenset("in at by from of for on across outside inside within near among".split())


def written_as_name(tokens: Tokens, start: int, end: int) -> bool:
    """Whether a phrase is written as a name: its last word capitalised, no article opening it,
    not the tail of a longer name ("the Commission on Presidential Debates") and, a lone word
    opening its sentence, capitalised elsewhere too (not "Meanwhile")."""
    words, low = tokens.words, tokens.lower
    if start > 1 and low[start - 1] in SUBJECT_PREPOSITIONS and words[start - 2][:1].isupper():
        return False  # the tail of a longer name ("the Commission on Presidential Debates")
    if not words[end - 1][:1].isupper() or low[start] in ("a", "an"):
        return False  # ("the harbour ad", "a radio interview Ortiz" stay out)
    return end - start > 1 or not _sentence_case(tokens, start) or named_elsewhere(tokens, start)


def prepositions_before_verb(tokens: Tokens, end: int, verb_at: int) -> bool:
    """Whether the words from ``end`` to a verb at ``verb_at`` are prepositional phrases that go
    on with the subject before them: a short run opened by a preposition, no verb, clause word,
    pronoun or comma ("at the convention in Velmora")."""
    low, words = tokens.lower, tokens.words
    if verb_at - end > 8 or low[end] not in SUBJECT_PREPOSITIONS or low[verb_at - 1] in SUBJECT_PREPOSITIONS:
        return False  # (a phrase ends on its noun: "released in May found" is no "released in")
    if low[end - 1] in RELATIVES or low[end - 1] in PRONOUNS:
        return False  # "who in 2010 said": the pronoun alone, past a time phrase
    stops = lexicon.words("source_stops.txt")
    forms = lexicon.verb_forms()
    common = lexicon.words("common_verbs.txt")
    for k in range(end, verb_at):
        w = low[k]
        if not _wordlike(words[k]) and words[k] not in (".", "-", "&"):
            return False
        if w in forms or w in common or (w in stops and w not in SUBJECT_PREPOSITIONS) or w in RELATIVES \
                or (w.endswith("ly") and len(w) > 4) or w in PHRASE_ENDING_ADVERBS or w in PRONOUNS:
            return False
    return True
