"""The trained scorers (weights in ``models/extractor.json``) as the extractor uses them.

``datasette provenance train DIR --out PATH`` writes the file from any brat
corpus (see ``datasette_provenance/training.py``).  When the file is missing
the hand-written rules decide alone.
"""
from __future__ import annotations

import functools
import json
import os
from bisect import bisect_right
from itertools import compress

from . import lexicon, spans
from .extractor import ASPECT_FORMS, ASPECT_PAIRS, SPEECH_FORMS, Analysis, cue_kind
from .learn import (SOURCE_LEFT, SOURCE_RIGHT, cue_context, none_features, placed_features, source_features,
                    word_features)
from .tokens import QUOTES

MODEL_PATH = os.path.join(os.path.dirname(__file__), "models", "extractor.json")
# Words kept in the model's rate table, and the rate that makes a word outside
# the verb lexicon worth scoring at all (below it almost nothing is a cue, and
# skipping them halves the work; 0.05 rather than 0.1 gained 0.002 cue F1 in 5-fold
# cross-validation on PolNeAR train for ~40% more candidates).
MIN_RATE = 0.02
CANDIDATE_RATE = 0.05
# How far below the threshold (in margin units) a candidate that a rule names as a sure
# construction is still accepted: a speaker right before a reporting verb ("Ana Ruiz
# grumbled", extractor.speaker_verb).  Train fixed-fold CV cue F1 .78756 -> .78857 at 6
# (4: .7883, 8: .7883), source .7717 -> .7728: 70 more right for 122 more predicted.
NEAR_MARGIN = 6.0


def near_units(near, an, i) -> float:
    """How many margin units below the threshold ``near`` accepts candidate ``i``: a bool
    (True: NEAR_MARGIN) or a number of units."""
    got = near(an, i)
    return NEAR_MARGIN if got is True else float(got or 0)


def clears_bar(margin: float, unit: float, near, an, i) -> bool:
    """Whether candidate ``i``, scoring ``margin`` over the threshold (``unit``: score units
    per margin unit), is a cue: above the threshold, or as far below it as ``near`` allows
    (never past NEAR_MARGIN), or only that far above it when ``near`` gives a negative bar.
    The one bar for Model.cue_candidates and the training command's threshold search."""
    return margin > -NEAR_MARGIN * unit and margin > (0 if near is None else -near_units(near, an, i) * unit)


# The punctuation that introduces attributed words ("Poll: ...", "... — Ana Ruiz").
PUNCTUATION_CUES = frozenset({":", "―", "—", "–"})


def candidate_forms(rates) -> frozenset:
    """Lower-case tokens worth scoring as cues: frequent cue words plus the lexicons.

    A token that does not start with a letter is no cue word whatever its rate: numbers
    ("43", "5th") and brackets sit inside a corpus's multi-word cues by accident, and as
    candidates of their own they made the headline "Harbour report 43" a verb cue "43"."""
    forms = {w for w, r in rates.items() if r >= CANDIDATE_RATE and w[:1].isalpha()}
    forms |= set(lexicon.verb_forms()) | lexicon.words("adverb_cues.txt")
    # Auxiliaries, negations and adverbs of time ("didn't say", "publicly said") and
    # possessives ("NBC's ... reporter said") sit inside a corpus's cues but head none:
    # _take_auxiliaries joins the first kind to the cue after them, and as candidates
    # of their own they were positives only by riding along with the verb they precede.
    forms -= lexicon.words("function_words.txt") | lexicon.words("aux.txt")
    forms = {w for w in forms if not w.endswith(("'s", "’s"))}
    forms |= {"according"} | PUNCTUATION_CUES
    return frozenset(forms)


def candidates(an: Analysis, forms: frozenset):
    """(token, sentence lo, sentence hi) of every candidate cue token."""
    low = an.tokens.lower
    sent_los = an.sent_los
    out = []
    # (compress/map test every token in C; the loop sees the ~12% that are candidates)
    for i in compress(range(len(low)), map(forms.__contains__, low)):
        k = bisect_right(sent_los, i) - 1
        if k >= 0:
            lo, hi = an.sent_tokens[k]
            if i < hi:
                out.append((i, lo, hi))
    return out


@functools.lru_cache(maxsize=None)
def _NOT_HEADS() -> frozenset:
    """Function words that never head a source (pronouns and "who" still can)."""
    keep = set(lexicon.table("pronouns.tsv")) | {"who", "which", "that", "this", "these", "those", "some", "all"}
    return frozenset((lexicon.words("function_words.txt") | lexicon.words("aux.txt")) - keep)


# Prepositions whose object is no subject: a word after one ("in 2001", "at one point",
# "through the streets") never heads the source of a cue to its right.
# ("after", "before", "since", "until" and "with" also open clauses: "after he said", "with
# many saying".)
_PREPOSITIONS = frozenset("""in at on from by during through into under over against between
among across amid without within toward towards upon via like unlike despite including per
for of about near outside inside around beyond behind beside alongside throughout""".split())
# Pronouns, possessives and relatives head a subject wherever they stand ("in their criticism").
_ALWAYS_HEADS = frozenset("he she they it we i you who whom whose which that his her their its our my your".split())
# Adverbs that open or link clauses ("Shortly after ...", "yet refuses", "perhaps recognizing").
_ADVERBS = frozenset("""instead yet perhaps together meanwhile shortly recently later earlier now then still
also even already again soon once just indeed likewise therefore thus moreover furthermore however
nonetheless nevertheless why how""".split())


def _no_subject(tokens, j: int, lo: int, cue_lo: int) -> bool:
    """Whether token ``j`` left of a cue cannot head its source: an adverb, or a word
    of a noun phrase that is a preposition's object - unless a participle cue follows
    it ("spent on ads attacking ...": the ads attack)."""
    low = tokens.lower[j]
    if j == cue_lo - 1 and tokens.lower[cue_lo].endswith("ing"):
        return False
    if low in _ADVERBS or (low.endswith("ly") and len(low) > 4 and not tokens.words[j][:1].isupper()
                           and low not in lexicon.words("ly_nouns.txt") and not (j > lo and tokens.lower[j - 1] in spans.DETERMINERS)):
        return True
    if low in spans.FLOATING and j == spans.skip_left(tokens, cue_lo - 1, lo) and spans.floating_after_subject(tokens, j, lo):
        return True  # "Berg and Lopes both said": the subject is before it
    if low in spans.TIME_ENDS and spans.lone_time_phrase(tokens, j, lo):
        return True  # "Ana Lopes, who last year said": the year says nothing
    if j < spans.after_dateline(tokens, lo, cue_lo):
        return True  # "LISBON (AP) — Ana Ruiz toured ...": where the story was filed
    if low in _ALWAYS_HEADS or (j + 1 < len(tokens.words) and tokens.lower[j + 1] in ("'s", "’s")):
        return False
    a = spans.np_left(tokens, j, lo)
    return a - 1 >= lo and tokens.lower[a - 1] in _PREPOSITIONS


def _quoted_before(an: Analysis, j: int, cue_lo: int) -> bool:
    """Whether token ``j`` lies in a quotation that closes before the cue: the quoted words
    ('"... He continues ...," it wrote') are what the cue reports, not who speaks."""
    quote = an.quote_at(an.tokens.starts[j])
    return bool(quote and quote[1] <= an.tokens.starts[cue_lo])


# What may follow the speaker of an inverted reporting verb ("..., said Ana Ruiz, its director",
# "..., says an analyst in Lisbon", "..., said a fisher who asked not to be named").
_AFTER_INVERTED = frozenset((".", ",", ";", ")", "(", "—", "–", "who", "whose", "for", "of", "in", "at", "on"))
# Reporting verbs that put their speaker after them with no object between ("..., says X"):
# verbs that take an object first ("told", "called", "praised") are not inverted so.
_INVERTING = frozenset("""say says said add adds added ask asks asked write writes wrote predict predicts
predicted report reports reported observe observes observed note notes noted argue argues argued warn warns
warned insist insists insisted concede concedes conceded continue continues continued recall recalls recalled
quip quips quipped joke jokes joked""".split())


# Verbs whose object feels what the subject stirred ("The ruling angered the fishers").
_STIRRING = frozenset("""anger angers angered angering thrill thrills thrilled rattle rattles rattled alarm alarms
alarming alarmed enrage enrages enraged infuriate infuriates infuriated outrage outrages outraged incense incensed
dismay dismays dismayed""".split())


def _inverted(tokens, cue, lo: int, hi: int, after) -> bool:
    """Whether a reporting verb after a comma has its speaker right after it, the clause before
    it being what was said ("The port will close, said Ana Ruiz."): a phrase that is no object
    pronoun nor a time ("said Sunday"), followed by the sentence's end or the speaker's
    description - not by a verb ("..., said the port will close")."""
    low, words = tokens.lower, tokens.words
    if cue.kind != "verb" or cue.hi - cue.lo != 1 or cue.lo - 1 <= lo or words[cue.lo - 1] != "," \
            or low[cue.lo] not in _INVERTING or after[0] != cue.hi:
        return False
    first, last = low[after[0]], low[after[1] - 1]
    if first in spans.OBJECT_PRONOUNS or first in spans.RELATIVES or first in spans.PRONOUNS or first in _PREPOSITIONS \
            or first in ("after", "before", "since", "until", "with") or first.endswith("ing") \
            or last in spans.TIME_ENDS or not words[after[0]][:1].isalnum():
        return False
    return after[1] >= hi or low[after[1]] in _AFTER_INVERTED or words[after[1]] in QUOTES


_COPULAS = frozenset("is are was were be been being am 's ’s 're ’re".split())


def _coordinated_object(tokens, got, cue_lo: int, lo: int) -> bool:
    """Whether a verb cue right after "and"/"but" got as source a phrase that follows a verb
    of the clause, its object ("met the fishers and said")."""
    low = tokens.lower
    j = spans.skip_left(tokens, cue_lo - 1, lo)
    if j < lo or low[j] not in ("and", "but") or got[0] - 1 < lo or low[got[0]] in spans.RELATIVES:
        return False
    if _lexical_verb(tokens, got[0], past_forms=True):
        return True  # the phrase opens with the first verb ("rushed everyone inside and said")
    return _lexical_verb(tokens, got[0] - 1)


# Words that open a clause inside a predicate ("as they watched", "what he said", "when she").
_EMBEDDING = frozenset("as when while what that since because if after before until whom once".split())


def _embedded_pronoun(tokens, cue, got, main, lo: int) -> bool:
    """Whether the ranked source ``got`` of an "-ing" cue after a comma is a lone subject
    pronoun of a clause inside the first predicate, past the sentence's subject ``main``:
    after a word opening such a clause ("Ana Ruiz toured the quay as they watched, pointing")
    or after a noun it describes ("wears a coat in videos he calls ..., pointing")."""
    low, words = tokens.lower, tokens.words
    if got[1] - got[0] != 1 or low[got[0]] not in ("he", "she", "they", "we", "i"):
        return False
    j = spans.skip_left(tokens, cue.lo - 1, lo)
    if not low[cue.lo].endswith("ing") or words[j] != "," or main[1] >= got[0] or main[0] == got[0]:
        return False
    prev = got[0] - 1
    if low[prev] in _EMBEDDING:
        return True
    return words[prev][:1].islower() and words[prev].isalpha() and low[prev] not in spans.DETERMINERS \
        and low[prev] not in _PREPOSITIONS and low[prev] not in _BEFORE_SUBJECT and low[prev] not in ("and", "but", "or") \
        and not _lexical_verb(tokens, prev, past_forms=True)


def _participle_clause_subject(an: Analysis, cue, got, lo: int):
    """For an "-ing" cue after a comma whose ranked source ``got`` follows a lower-case verb
    of the clause (and maybe a particle: "tripped up the mayor"), the subject right before
    that verb ("the port director"); else None."""
    tokens = an.tokens
    low = tokens.lower
    comma = spans.skip_left(tokens, cue.lo - 1, lo)
    if not low[cue.lo].endswith("ing") or tokens.words[comma] != ",":
        return None
    if got is None:
        # The ranker took none: the clause's verb is the first one of the stretch before the
        # comma ("At the meeting the port director tripped up the mayor ..., calling").
        start = next((j + 1 for j in range(comma - 1, lo - 1, -1) if not tokens.words[j][:1].isalnum()), lo)
        k = next((j for j in range(start + 1, comma) if _lexical_verb(tokens, j, past_forms=True)
                  and low[j - 1] not in spans.DETERMINERS and low[j - 1] not in _PREPOSITIONS), None)
        if k is None:
            return None
    else:
        k = got[0] - 1
        if low[k] in _PARTICLES and k - 1 > lo:
            k -= 1
    if low[k] in spans.RELATIVES or not _lexical_verb(tokens, k, past_forms=True):
        return None
    subject = an.left_source(k, lo)
    if subject and subject[1] == k and subject[0] < k:
        return subject[0], subject[1]
    return None


# Prepositions after the head of a subject phrase ("most in both harbours", "a judge in Porto",
# "the pitch on the website", "several of them").
_HEAD_PREPOSITIONS = frozenset("in on of by at for from among".split())
# Words that may come before a subject phrase opening its clause.
_BEFORE_SUBJECT = frozenset("""and but or yet so that when while as because if although though after before
since until where whereas whether""".split())


def _head_before_preposition(tokens, cue, rule_left, lo: int):
    """The subject phrase of a verb cue whose rule subject ``rule_left`` is the object of a
    preposition after the phrase's head ("Most in both harbours supported", "A column in the
    Velmora Herald attacked", "Several of them indicated"): from the head's phrase, opening its
    clause, to the verb; else None."""
    low, words = tokens.lower, tokens.words
    verb_at = spans.skip_left(tokens, cue.lo - 1, lo) + 1
    if rule_left[1] != verb_at or rule_left[0] - 2 < lo \
            or any(low[k] in _NAMING or low[k] == "known" for k in range(cue.lo, cue.hi)):
        return None  # ("many of them known as ..."): a name given, no view
    start = _past_head_prepositions(tokens, rule_left[0], lo)
    if start == rule_left[0] or not _opens_clause(tokens, start, lo):
        return None
    return start, verb_at


def _past_head_prepositions(tokens, start: int, lo: int) -> int:
    """Where a phrase starting at ``start`` starts when it is the object of a preposition after
    a head ("the fishers" of "most in both harbours", "them" of "several of them"): the head's
    phrase start, over at most two prepositions; ``start`` when there is none or the phrase
    would open with a preposition ("in a later interview") or run over a coordinator ("a
    delegate and in a statement")."""
    low, words = tokens.lower, tokens.words
    first = start
    for _ in range(2):
        p = start - 1
        if p - 1 < lo or low[p] not in _HEAD_PREPOSITIONS:
            break
        h = p - 1
        if not words[h][:1].isalnum() or low[h] in _PREPOSITIONS or low[h] in _COPULAS or low[h] in spans.RELATIVES \
                or low[h] in _PARTICLES or low[h] in lexicon.words("aux.txt") or _lexical_verb(tokens, h, past_forms=True):
            break  # ("flew out of the airport")
        start = spans.np_left(tokens, h, lo)
    if low[start] in _PREPOSITIONS or any(low[k] in spans.COORDINATORS or low[k] == "but" for k in range(start, first)):
        return first
    return start


def _opens_clause(tokens, start: int, lo: int) -> bool:
    """Whether a subject phrase at ``start`` opens its clause: the sentence's first word, or
    after punctuation or a conjunction."""
    return start == lo or not tokens.words[start - 1][:1].isalnum() or tokens.lower[start - 1] in _BEFORE_SUBJECT


# Conjunctions that open a clause with its own subject before the cue's verb ("after a fisher
# told", "while Ana Ruiz, the harbour chief, spoke"); "as" only after a comma or opening the
# sentence ("Or, as Ana Ruiz put it"), not as a preposition ("described himself as a fisher").
_SUBORDINATORS = frozenset("after when while although though because since until before whereas as".split())
_NO_CLAUSE_SUBJECTS = frozenset(("it", "there", "this", "that"))


def _subordinate_clause_subject(tokens, cue, since: int, lo: int):
    """The subject of a clause that a conjunction opens right before a verb cue, when the ranker
    took a phrase before that conjunction (at or after token ``since``): "The mayor left after a
    fisher in Porto, a union man, told him ...", "Ruiz stays home, but her neighbour Tom Berg,
    83, knows ...", "although most oppose it". The phrase runs from the conjunction to the verb,
    a noun phrase (prepositional phrases on) or a subject and its description set off by
    commas; no verb, quotation mark, colon or semicolon between. Else None."""
    low, words = tokens.lower, tokens.words
    verb_at = spans.skip_left(tokens, cue.lo - 1, lo) + 1
    forms, common, aux = lexicon.verb_forms(), lexicon.words("common_verbs.txt"), lexicon.words("aux.txt")
    for k in range(verb_at - 2, max(since, lo) - 1, -1):
        w = low[k]
        if (w in _SUBORDINATORS and (w != "as" or k == lo or not words[k - 1][:1].isalnum())) \
                or (w in ("but", "and") and k > lo and words[k - 1] == ","):
            return _clause_subject(tokens, k + 1, verb_at, coordinated=w in ("but", "and"))
        if words[k][:1].islower() and (w in forms or w in common or w in aux or w in _COPULAS
                                       or (w.endswith("ed") and len(w) > 4)) \
                and not (w.endswith("ed") and spans.participle_after_head(tokens, k)) or w in QUOTES or w in (";", ":"):
            return None  # (a participle after its head is the subject's: "a study commissioned by")
    return None


def _clause_subject(tokens, start: int, verb_at: int, coordinated: bool):
    """The subject phrase ``start``..``verb_at`` of _subordinate_clause_subject, or None."""
    low, words = tokens.lower, tokens.words
    if not (low[start] in spans.DETERMINERS or low[start] in spans.PART_WORDS or words[start][:1].isupper()
            or low[start] in spans.SUBJECT_PRONOUNS) or low[start] in _NO_CLAUSE_SUBJECTS \
            or (coordinated and low[start] in spans.PART_WORDS):
        return None  # (", and most recently defended": an adverb)
    if words[verb_at - 1] == ",":
        # "after a fisher in Porto, a union man, told": a subject and its description; one
        # comma alone closes an aside ("Ana Ruiz, speaking right after the vote, said").
        first = next((j for j in range(start + 1, verb_at - 1) if words[j] == ","), None)
        if first is None or not (spans.opens_description(tokens, first + 1, verb_at) or words[first + 1][:1].isupper()):
            return None
        return start, verb_at - 1
    end = spans.np_right(tokens, start, verb_at)
    if end != verb_at and not spans.runs_to_verb(tokens, end, verb_at):
        return None
    return start, verb_at


# Words that open an aside between a subject and its verb: a relative clause, a prepositional
# phrase, a part of the subject ("Ruiz, who ...,", "Ruiz, in a letter to ...,", "The unions,
# many of them small,"); a lower-case participle too ("Ruiz, representing the fishers,").
_ASIDE_OPENERS = frozenset("""who which whose in like unlike for with without despite after before during as
many most some all both each one two three several including""".split())


def _subject_before_aside(tokens, cue, got, lo: int):
    """The subject before an aside set off by commas that the verb cue follows, when the ranked
    source ``got`` lies inside the aside ("While Ana Ruiz, like the mayor, backed ...", "when
    Ana Ruiz, in a letter to Tom Berg, accused ..."): the phrase before the aside's comma, opening
    its clause, with no verb in it; else None."""
    low, words = tokens.lower, tokens.words
    verb_at = spans.skip_left(tokens, cue.lo - 1, lo) + 1
    close = verb_at - 1
    if got is None:
        got = (close, close)  # the ranker took none: the aside is whatever the commas set off
    if close <= got[0] - (got[0] == got[1]) or words[close] != "," or got[1] > close:
        return None
    opening = next((k for k in range(got[0] - 1, lo, -1) if words[k] == ","), None)
    if opening is None or opening - 1 < lo or not words[opening - 1][:1].isalnum():
        return None
    after = low[opening + 1]
    if after in spans.RELATIVES and got[0] == opening + 2:
        return None  # "the airport, which Ana Ruiz has likened to": the relative is the object
    if not (after in _ASIDE_OPENERS or (after.endswith("ing") and words[opening + 1][:1].islower())):
        return None
    start = _past_head_prepositions(tokens, spans.np_left(tokens, opening - 1, lo), lo)
    if low[start] in _PREPOSITIONS or any(_lexical_verb(tokens, k, past_forms=True) for k in range(start, opening)) \
            or not _opens_clause(tokens, start, lo):
        return None
    return start, opening


# Nouns of a view that a group after "among"/"from" holds ("strong support among the fishers",
# "drew support from most unions", "a tacit recognition among the crews").
_HELD_NOUNS = frozenset("""support backing recognition agreement sentiment skepticism scepticism enthusiasm
opposition resistance criticism praise condemnation""".split())


def _holders_after(tokens, cue, hi: int):
    """The group after "among"/"from" that holds the view the cue's noun names, the noun last in
    the cue or before the preposition it ends on ("has strong support among the fishers": "the
    fishers"); not after a verb heading the cue, whose subject speaks; else None."""
    low = tokens.lower
    if low[cue.lo] not in _HELD_NOUNS and _lexical_verb(tokens, cue.lo, past_forms=True):
        return None  # ("rejected criticism from the mayor": who rejects it speaks)
    for k in range(cue.lo, min(cue.hi, hi - 2)):
        if low[k] in _HELD_NOUNS and low[k + 1] in ("among", "from") and k + 1 >= cue.hi - 1:
            after = spans.right_source(tokens, k + 2, hi)
            if after and after[0] == k + 2:
                return after
    return None


_SEEMING = frozenset("seem seems seemed appear appears appeared".split())
_ING_ADJECTIVES = frozenset("willing unwilling interesting missing lacking amazing surprising losing winning".split())


def _seeming_report(tokens, cue, rule_left, lo, hi) -> bool:
    """Whether "seem"/"appear" heads a cue with a reporting verb after "to" ("Tom Berg seemed to
    mock the plan", "The emails appear to show that ...", "seems to have conceded") and the rule's
    subject ``rule_left`` stands right before it: a raising verb, its subject is the reporting
    verb's. Not a subject "it", "there", "what" nor a relative pronoun."""
    low = tokens.lower
    # ("does not seem to": the raising verb after its auxiliary and negation)
    at = next((j for j in range(cue.lo, min(cue.hi, cue.lo + 3)) if low[j] in _SEEMING), None)
    if at is None or any(low[j] not in lexicon.words("aux.txt") and low[j] not in ("not", "never") and low[j] not in _NEGATED_AUXILIARIES
                         for j in range(cue.lo, at)):
        return False
    k = at + 1
    forms = lexicon.verb_forms()
    while k < hi and (low[k] in ("to", "be", "have") or (low[k].endswith("ly") and low[k] not in forms)):
        k += 1  # (adverbs, not "imply" or "reply")
    if k >= hi:
        return False
    if low[k - 1] == "be" and low[k].endswith("ing") and tokens.words[k][:1].islower():
        # "seems to be relishing the fight": what one is doing shows a stance ("seems to be
        # willing" is a state, no act).
        return low[k] not in _ING_ADJECTIVES and _seeming_subject(tokens, cue, rule_left, lo)
    if low[k - 1] not in ("to", "have") or low[k] not in forms:
        return False
    return _seeming_subject(tokens, cue, rule_left, lo)


def _seeming_subject(tokens, cue, rule_left, lo) -> bool:
    """Whether the rule's subject of a "seem"/"appear" cue stands right before its verb group
    and can speak: not "it", "there", "what" nor a relative pronoun."""
    low = tokens.lower
    return rule_left[1] == spans.skip_left(tokens, cue.lo - 1, lo) + 1 and tokens.words[rule_left[0]][:1].isalnum() \
        and low[rule_left[0]] not in _EXPLETIVES and low[rule_left[0]] not in spans.RELATIVES


def _subject_before_verb(tokens, cue, rule_left, lo: int, hi: int):
    """The rule's subject ``rule_left`` of a reporting verb when it stands right before the verb
    group as its subject ("Most fishers support a ban", "you can say for the rest", "About
    three-quarters support"), else None: not a relative, a preposition's or a verb's object, an
    adverb ("well known to"), nor a modifier of a noun the cue word heads ("a forceful promise");
    not for a verb of stirring ("angered the crews"), an "-ing" form or a passive's "by"."""
    low, words = tokens.lower, tokens.words
    a, b = rule_left[0], rule_left[1]
    w = low[cue.lo]
    if b != spans.skip_left(tokens, cue.lo - 1, lo) + 1 or not words[a][:1].isalnum() or low[a] in spans.RELATIVES \
            or w not in lexicon.verb_forms() or w in _STIRRING or w.endswith("ing") or "by" in low[cue.lo:min(cue.hi + 1, hi)]:
        return None
    if spans.np_right(tokens, a, hi) > cue.lo:
        return None
    last = low[b - 1]
    if last in _ADVERBS or last == "well" or (last.endswith("ly") and len(last) > 4):
        return None
    if a > lo and low[a - 1] == "about" and (low[a][:1].isdigit() or low[a].split("-")[0] in spans.NUMBER_WORDS):
        return a - 1, b  # "About three-quarters support": a number, no preposition's object
    if a > lo and (low[a - 1] in _PREPOSITIONS or _lexical_verb(tokens, a - 1, past_forms=True)):
        return None
    return a, b


def _lexical_verb(tokens, k: int, past_forms: bool = False) -> bool:
    """Whether token ``k`` is a lower-case verb that is no auxiliary or copula: a lexicon
    verb, and with ``past_forms`` any longer "-ed" word (a verb the lexicons miss)."""
    w = tokens.lower[k]
    return tokens.words[k][:1].islower() and w not in lexicon.words("aux.txt") and w not in _COPULAS and (
        w in lexicon.verb_forms() or w in lexicon.words("common_verbs.txt")
        or (past_forms and w.endswith("ed") and len(w) > 4))


# "Ana Ruiz has some advice for", "Lee took a firm stance against", "Berg is a vocal critic of":
# a noun cue after a determiner and its modifiers is the object of a verb of having, giving or
# being; who has, gives or is it holds the view.  Nouns of what one gets from others ("has the
# support of", "had his greatest backing among") are no such views.
_NOUN_DETERMINERS = frozenset("""a an some several no his her their its my our your one two three many
much less more another such any every""".split())
_HOLDING_VERBS = frozenset("""has have had having is are was were be been being made make makes making
took taken take takes taking gave given give gives giving delivered delivers deliver offered offers offer
issued issues issue voiced voices voice expressed expresses express renewed renews renew escalated
escalates escalate sharpened sharpens sharpen""".split())
_POSSESSIVE_DETERMINERS = frozenset("his her their its my our your".split())
_EXPLETIVES = frozenset(("there", "it", "this", "that", "what", "here"))
_RECEIVED_NOUNS = frozenset("""support backing endorsement endorsements approval votes vote help
attention""".split())


def _noun_object_holder(an: Analysis, cue, got, lo: int):
    """The subject of the verb whose object phrase ``got`` (a determiner and modifiers) the
    noun cue heads ("Ana Ruiz has some advice for"), else None."""
    low = an.tokens.lower
    start, end = got[0], got[1]
    verb = start - 1
    if end != cue.lo or verb < lo or low[start] not in _NOUN_DETERMINERS or low[verb] not in _HOLDING_VERBS \
            or any(low[k] in _RECEIVED_NOUNS for k in range(cue.lo, min(cue.hi + 1, len(low)))) or low[cue.lo].endswith("ed") \
            or any(not an.tokens.words[k][:1].isalnum() for k in range(start, end)):
        return None
    if low[start] in _POSSESSIVE_DETERMINERS and low[verb] in _COPULAS:
        return None  # "The lesson was his stern warning": whose is not the subject's
    holder = an.left_source(verb, lo)
    if holder is None or holder[1] > verb or low[holder[0]] in spans.RELATIVES \
            or low[holder[0]].replace("’", "'").split("'")[0] in _EXPLETIVES:  # ("there's always been")
        return None
    return holder


def _closed_relative(tokens, got, cue_lo: int, lo: int) -> bool:
    """Whether a verb cue right after "and"/"but" got as source a "who" after a comma whose
    clause a comma closed before the conjunction ("Ana Ruiz, who runs the port, is no fan of
    it but praised")."""
    low, words = tokens.lower, tokens.words
    j = spans.skip_left(tokens, cue_lo - 1, lo)
    if j < lo or low[j] not in ("and", "but") or got[1] - got[0] != 1 or low[got[0]] != "who" \
            or got[0] - 1 < lo or words[got[0] - 1] != ",":
        return False
    # The closing comma before the main clause's verb, lower-case ("... Kasich, is"), not one
    # of a tag inside the clause ("backed Sen. Ana Ruiz, D-Maine, and").
    return any(words[k] == "," and words[k + 1][:1].islower() for k in range(got[1] + 1, j - 1))


def _phrase_around_object(tokens, cue, rule_left, main, lo):
    """The subject phrase of a reporting verb the ranker left without a source when the word
    before the verb is a preposition's object inside it ("A 2009 study by the Velmora Institute
    found", "A judge in Ohio issued", "disclosures filed on Sunday night revealed"): from the
    sentence subject's start up to the verb, with no comma or verb between; else None."""
    low, words = tokens.lower, tokens.words
    if not (rule_left and main and cue.kind == "verb") or rule_left[0] - 1 <= main[0] \
            or low[rule_left[0] - 1] not in _PREPOSITIONS or lexicon.verb_forms().get(low[cue.lo]) in ("seem", "appear"):
        return None
    verb_at = spans.skip_left(tokens, cue.lo - 1, lo) + 1
    if rule_left[1] != verb_at or low[cue.lo] not in lexicon.verb_forms():
        return None
    common, forms = lexicon.words("common_verbs.txt"), lexicon.verb_forms()
    for k in range(main[0], verb_at):
        if not words[k][:1].isalnum() and words[k] not in (".", "-", "&", "’s", "'s") or low[k] in spans.RELATIVES \
                or (k > main[0] and (low[k] in forms or low[k] in common) and words[k][:1].islower()
                    and low[k - 1] not in spans.DETERMINERS) \
                or (k > main[0] and words[k][:1].islower() and low[k].endswith("ed") and low[k + 1] not in _PREPOSITIONS
                    and low[k - 1] not in spans.DETERMINERS):
            return None  # (a verb the lexicons miss: "the bloodshed posed concrete questions")
    return (main[0], verb_at)


_PARTICLES = frozenset("up off out down back away".split())
_NAMING = frozenset("named called dubbed titled labeled labelled nicknamed".split())
_NEGATED_AUXILIARIES = frozenset("""doesn't don't didn't can't won't wouldn't hasn't haven't hadn't isn't aren't wasn't
weren't doesn’t don’t didn’t can’t won’t wouldn’t hasn’t haven’t hadn’t isn’t aren’t wasn’t weren’t""".split())
# Subjects of a relative clause without its pronoun ("the kind of plan many fishers fear"),
# and the words after which such a word is no new subject ("and many", "of some", "how few").
_CONTACT_SUBJECTS = frozenset("he she they we i many some several few".split())
_CONTACT_PRONOUNS = frozenset("he she they we i you".split())
_NOT_BEFORE_CONTACT = frozenset("""and or but nor of the a an how so too very that who whom which what
as than is are was were be been being in on at for with from to by about into""".split())


def _contact_clause_subject(tokens, got):
    """The subject of a relative clause with no pronoun that the cue's verb ends ("the kind of
    judge many fishers fear", "the last job he wanted", "leaving many to wonder"): a subject
    pronoun or a quantifier right after a lower-case word inside the phrase; else None.
    Not across a comma, a bracket or a relative pronoun."""
    low, words = tokens.lower, tokens.words
    if _CONTACT_SUBJECTS.isdisjoint(low[got[0] + 1:got[1]]) \
            or any(not words[k][:1].isalnum() or low[k] in spans.RELATIVES or low[k] == "whose" for k in range(got[0], got[1])):
        return None
    for k in range(got[0] + 1, got[1]):
        prev = low[k - 1]
        if low[k] in _CONTACT_SUBJECTS and words[k - 1][:1].islower() and words[k - 1][:1].isalpha() \
                and prev not in _NOT_BEFORE_CONTACT and not prev.endswith(("ly", "’s", "'s")):
            return k
    return None


def _contact_clause_name(tokens, got, lo: int):
    """The named subject of a relative clause with no pronoun, inside a noun phrase that is no
    clause's subject ("It is a plan Ana Ruiz said would fail", "not the kind of port the Velmora
    Council wanted"): from a capitalised word right after a lower-case noun of the phrase to the
    phrase's end; else None. The phrase opens with an article and follows a word of its own
    clause (a verb, a preposition), so it is not the subject;
    the word before the name is no role ("the former mayor Ana Ruiz")."""
    low, words = tokens.lower, tokens.words
    start = got[0]
    before = low[start - 1] if start - 1 >= lo else ""
    if low[start] not in spans.ARTICLES or not words[start - 1][:1].isalnum() or before in _BEFORE_SUBJECT \
            or before in _ADVERBS or before.endswith("ly") or (start - 1 == lo and not before.endswith(("’s", "'s"))):
        return None  # ("Yesterday the state Harbour Board said": the clause's own subject)
    for k in range(start + 1, got[1]):
        w, prev = words[k], low[k - 1]
        if not w[:1].isalnum() or low[k] in spans.RELATIVES:
            return None
        if w[:1].isupper() and words[k - 1][:1].islower() and words[k - 1][:1].isalpha() and k - 1 > start \
                and prev not in _NOT_BEFORE_CONTACT and prev not in spans.ROLE_MODIFIERS \
                and not prev.endswith(("ly", "’s", "'s")) and not spans._people_noun(tokens, k - 1):
            return k
    return None


def _contact_pronoun(w: str) -> bool:
    """A subject pronoun, alone or with its auxiliary ("we", "I've", "they’d")."""
    head, _, rest = w.replace("’", "'").partition("'")
    return head in _CONTACT_PRONOUNS and rest in ("", "ve", "d", "ll", "re", "m")


def _phrase_of_contact_pronoun(tokens, cue, got, lo: int):
    """The whole subject phrase of a verb cue when the ranker's phrase ends in, or the ranker
    took, the pronoun subject of a relative clause without its pronoun ("Several fishers I have
    spoken with this week said ...", "Many fishers we met on Monday said": not "I", "we met"):
    a lower-case noun before the pronoun, in a phrase opening its clause, and a verb of the
    pronoun's own after it, with no punctuation, relative or conjunction up to the cue's verb.
    From the noun's phrase to the verb; else None."""
    low, words = tokens.lower, tokens.words
    verb_at = spans.skip_left(tokens, cue.lo - 1, lo) + 1
    k = next((j for j in range(got[0], got[1]) if _contact_pronoun(low[j])), None)
    if k is None or k - 1 < lo or k + 1 >= verb_at or got[1] > verb_at:
        return None
    prev = low[k - 1]
    if not words[k - 1][:1].islower() or not words[k - 1][:1].isalpha() or prev in _NOT_BEFORE_CONTACT \
            or prev in lexicon.words("function_words.txt") or prev.endswith("ly") or _lexical_verb(tokens, k - 1, past_forms=True):
        return None
    if any(not words[j][:1].isalnum() or low[j] in spans.RELATIVES or low[j] in _BEFORE_SUBJECT
           for j in range(k + 1, verb_at)) or not any(_lexical_verb(tokens, j, past_forms=True) for j in range(k + 1, verb_at)):
        return None
    start = min(got[0], spans.np_left(tokens, k - 1, lo))
    if start >= k or not _opens_clause(tokens, start, lo):
        return None
    return start, verb_at


# A dummy subject with its verb in one token ("There's", "it's") or alone ("There"). (Not
# _EXPLETIVES, the words that cannot speak: "it", "this", "what" ...)
_DUMMY_SUBJECTS = frozenset("there there's there’s it's it’s here's here’s".split())


# Words that link clauses and never name a speaker, whatever the ranker makes of them.
_CONNECTIVES = frozenset(("yet", "whenever", "instead", "however", "whether", "although", "though",
                          "because", "unless", "whereas", "meanwhile", "moreover", "nevertheless"))


# Verbs whose subject undergoes the view of the noun after them ("faced criticism").
_UNDERGO_FORMS = frozenset(("face", "faces", "faced", "facing", "fielded", "fielding"))


def _facing_subject(tokens, cue, got, lo: int) -> bool:
    """Whether the phrase ``got`` is the subject of "face"/"field" right before the noun cue,
    up to two lower-case modifiers between ("she faces renewed doubts about"), the phrase
    ending at the verb ("Ana Ruiz faced", "Ana Ruiz"), not past it. Not for a verb cue after
    a preposition ("faced doubts after saying")."""
    if tokens.lower[cue.lo].endswith("ing"):
        return False
    k = cue.lo - 1
    while k >= lo and cue.lo - k <= 3 and tokens.words[k] not in _UNDERGO_FORMS:
        if not tokens.words[k].isalpha() or not tokens.words[k].islower() or tokens.lower[k] in _PREPOSITIONS:
            return False
        k -= 1
    return k >= lo and tokens.words[k] in _UNDERGO_FORMS and got[1] <= k + 1


def _lone_connective(tokens, got, lo: int, hi: int) -> bool:
    """Whether the phrase ``got`` is one connective opening a clause: first in its sentence or
    after a comma, with no comma after it (not "not yet", nor "Instead, the mayor ..." where
    the ranker's head grows into the clause's subject)."""
    k = got[0]
    return got[1] - k == 1 and tokens.lower[k] in _CONNECTIVES and (k == lo or tokens.words[k - 1] == ",") \
        and not (k + 1 < hi and tokens.words[k + 1] == ",")


def _expletive_phrase(tokens, got) -> bool:
    """Whether the phrase ``got`` opens with a dummy subject ("There was no", "It's easy") and
    has no capitalised word after it that could be a speaker ("There's still time for Ana Ruiz"
    names her) nor a relative that is the cue's subject ("There's nothing that suggests")."""
    if tokens.lower[got[0]] not in _DUMMY_SUBJECTS:
        return False
    if tokens.lower[got[0]] in ("it's", "it’s") and got[1] - got[0] == 1:
        return False  # "It's said to ...": cannot tell a dummy from the pronoun alone
    return not any(tokens.words[k][:1].isupper() or tokens.lower[k] in ("that", "which", "who")
                   for k in range(got[0] + 1, got[1]))


# Prepositions that open no source phrase ("by" opens a passive's agent, "from" a view's
# holder, "about" a number: "about half of the fishers said"; "at least one fisher" is no
# preposition's phrase either).
_NO_SOURCE_OPENERS = frozenset("of to at on with for in into over against".split())
_EXTRAPOSING_BE = frozenset("is was will would be been has had".split())


def _extraposed_it(tokens, cue, got) -> bool:
    """Whether the phrase ``got`` is a lone "it" that an infinitive cue is extraposed from:
    "it" + a form of "be" + one or two lower-case words + the cue's "to" ("It is important to
    note", "it was hard to predict")."""
    low, words = tokens.lower, tokens.words
    if got[1] - got[0] != 1 or low[got[0]] != "it":
        return False
    k = got[1]
    start = k
    while k < cue.lo and low[k] in _EXTRAPOSING_BE:
        k += 1
    if k == start or low[getattr(cue, "shown_lo", cue.lo)] != "to":
        return False
    between = range(k, getattr(cue, "shown_lo", cue.lo))
    return 1 <= len(between) <= 2 and all(words[j].isalpha() and words[j].islower() and low[j] not in spans.DETERMINERS
                                           and not low[j].endswith("ed") and low[j] not in lexicon.verb_forms()
                                           for j in between)  # a passive ("It was written to show")


def _ends_in_determiner(tokens, cue, got) -> bool:
    """Whether the phrase ``got`` runs up to the noun cue and ends in its article, or in
    "most"/"more" after an article or a possessive: the ranker cut the cue's own noun phrase
    short ("Ana Ruiz undermines the | assumption", "The most | telling promise"), and what is
    left is no one who holds the view."""
    low = tokens.lower
    if got[1] != cue.lo:
        return False
    last = low[got[1] - 1]
    if last in spans.ARTICLES:
        return True
    if last not in ("most", "more") or got[1] - 2 < got[0]:
        return False
    before = low[got[1] - 2]
    return before in spans.ARTICLES or before in _POSSESSIVE_DETERMINERS or spans.possessive(before)


_QUANTIFIERS = frozenset("some no any little much few many several more less".split())
# Words before a quantified noun that make it an object or a complement, not a subject.
_BEFORE_OBJECT = _COPULAS | frozenset("""has have had having get gets got getting there's there’s""".split())


def _own_quantifier(tokens, cue, got, lo: int) -> bool:
    """Whether the phrase ``got`` is the noun cue's own quantifier and modifiers, lower-case,
    right before it after a verb or a preposition ("There is some | evidence that ...", "have
    been no serious | calls to ...", "Among many | references to ..."): not a subject ("but
    some fear that ...")."""
    low, words = tokens.lower, tokens.words
    if got[1] != cue.lo:
        return False
    k = got[0]
    if low[k] in _PREPOSITIONS and k + 1 < got[1]:
        k += 1
    elif k - 1 < lo or not (low[k - 1] in _BEFORE_OBJECT or low[k - 1] in _PREPOSITIONS):
        return False
    return low[k] in _QUANTIFIERS and got[1] - k <= 2 and all(
        words[j].isalpha() and words[j].islower() and low[j] not in spans.RELATIVES and low[j] not in _ALWAYS_HEADS
        for j in range(got[0], got[1]))


# "-ing" words that are nouns, no verb of a predicate ("a meeting", "nothing").
_ING_NOUNS = frozenset("""something nothing anything everything thing things morning evening meeting meetings
building buildings king spring string ceiling wedding hearing hearings briefing ruling rulings finding findings
funding spending polling warning warnings training feeling feelings offering offerings opening beginning ending
during according including regarding concerning pending rating ratings earnings savings reading painting""".split())


# Frequent verb forms the lexicons miss that are seldom nouns ("they will hold banners").
_PREDICATE_VERBS = frozenset("""hold holds held ran runs tries tried puts drew drawn deserve deserves spend spends spent
leads brought brings bring keep keeps kept seek seeks sought sends sent meets met finds found pays paid
wins won loses lost buys bought sells sold builds built began begun begins chose chosen""".split())


def _ing_verb(w: str) -> bool:
    """Whether lower-case ``w`` is an "-ing" form that may be a verb ("alienating", "taking")."""
    return w.endswith("ing") and len(w) > 5 and w not in _ING_NOUNS and w not in _ING_ADJECTIVES


def _subject_of_predicate(an: Analysis, got, lo: int):
    """The subject before a ranked "source" phrase that opens with a lower-case verb or an
    adverb, the predicate of its clause ("The unions took turns urging", "Ana Ruiz is by all
    accounts enjoying", "The crews passed laws restricting"): no source starts with a verb.
    The rule's subject ending right before the phrase (auxiliaries and adverbs skipped);
    else None."""
    tokens = an.tokens
    low, words = tokens.lower, tokens.words
    k = got[0]
    if k - 1 < lo or not words[k][:1].islower() or low[k] in spans.RELATIVES or low[k] in spans.DETERMINERS:
        return None
    if any(not words[j][:1].islower() or low[j] in spans.RELATIVES or low[j] in _CONTACT_SUBJECTS for j in range(k, got[1])) \
            or (got[1] < len(low) and (low[got[1]] in spans.RELATIVES or low[got[1]] in _CONTACT_SUBJECTS)):
        return None  # ("The report cheered Democrats hoping", "caused many to wonder": they speak)
    if not (_lexical_verb(tokens, k, past_forms=True) or _ing_verb(low[k]) or low[k] in _PREDICATE_VERBS
            or low[k] in _ADVERBS or (low[k].endswith("ly") and len(low[k]) > 4 and low[k] not in lexicon.words("ly_nouns.txt"))):
        return None
    subject = an.left_source(k, lo)
    if not subject or subject[1] != spans.skip_left(tokens, k - 1, lo) + 1 or subject[0] >= k \
            or not words[subject[0]][:1].isalnum() or low[subject[0]] in _DUMMY_SUBJECTS:
        return None
    return subject[:2]


# Adverbs that stand between a subject and its verb ("Ana Ruiz only explained", "The chief
# later sued", "The council long ago showed") and forms of "be" or "remain" after a subject
# ("I am glad", "they remain hopeful").
_SUBJECT_TAIL_ADVERBS = frozenset("""only later first finally long also still already never often always
soon""".split())
_SUBJECT_TAIL_VERBS = frozenset("am is are was were remain remains remained".split())
_CLITIC_PRONOUNS = frozenset(p + c for p in spans.SUBJECT_PRONOUNS for c in ("'s", "’s", "'re", "’re", "'m", "’m",
                                                                               "'ve", "’ve"))


def _past_subject(tokens, cue, got):
    """Where a source phrase left of its cue runs on past its subject into the predicate: a
    lower-case adverb of time or focus or a form of "be"/"remain" right after a word of the
    subject ("Ana Ruiz only", "I am" right before the cue), or anything after a pronoun with its clitic ("She's a
    union member"). The token the phrase ends before; else None."""
    low, words = tokens.lower, tokens.words
    for k in range(got[0] + 1, got[1]):
        prev = low[k - 1]
        if prev in _CLITIC_PRONOUNS and k - 1 == got[0]:
            if got[1] == cue.lo and low[cue.lo].endswith("ing"):
                return None  # ("He's a man saying ...": the participle describes the man)
            return k
        if not words[k][:1].islower() or not words[k - 1][:1].isalnum():
            continue
        if prev in spans.DETERMINERS or spans.possessive(prev) or prev in _PREPOSITIONS or prev in spans.COORDINATORS \
                or prev in spans.POSSESSIVE_DETERMINERS or prev in spans.ROLE_MODIFIERS or prev in _DUMMY_SUBJECTS:
            continue  # ("the only fisher", "His long shot plan", "the former first mate", "There's still")
        if prev.endswith("ing"):
            continue  # ("offering only short answers": the object's)
        if low[k] in _SUBJECT_TAIL_ADVERBS or (low[k] in _SUBJECT_TAIL_VERBS and k + 1 == got[1]):
            return k  # ("I am glad journalists are ...": the words after "am" speak for "are")
    return None


_NEGATIONS = frozenset(("not", "never", "n't", "n’t"))
_QUESTION_WORDS = frozenset(("what", "how", "why"))
# Raising and expecting verbs: "she seems to", "he is expected to" name no one who holds a view.
_RAISING = _SEEMING | frozenset("expect expects expected".split())


def _pronoun_before_verb(tokens, cue, lo: int):
    """A personal subject pronoun right before an active verb cue, over its auxiliaries,
    adverbs and negation ("you can see", "You don't think", "we would want"), as a span;
    else None. Not for "it", nor for a raising verb ("she seems to")."""
    low = tokens.lower
    if any(low[j] in _RAISING for j in range(cue.lo, cue.hi)):
        return None
    k = spans.skip_left(tokens, cue.lo - 1, lo)
    while k >= lo and low[k] in _NEGATIONS:
        k = spans.skip_left(tokens, k - 1, lo)
    if k < lo or low[k] not in spans.SUBJECT_PRONOUNS or low[k] == "it":
        return None
    if k - 1 >= lo and (low[k - 1] in lexicon.words("aux.txt") or low[k - 1] in _QUESTION_WORDS):
        return None  # a question ("What do you think of ...?", "Would you say ...?") asks, says nothing
    return (k, k + 1)


def _role_after_name(tokens, got, hi: int):
    """The phrase ``got`` right of its cue run on when it is a capitalised modifier of a
    lower-case role that a name follows ("said Velmora pollster Ana Ruiz", "said Berg
    campaign spokesman Tom Hale"): up to three lower-case words that are no preposition,
    verb or stop word, then capitalised words up to punctuation or the end."""
    words, low = tokens.words, tokens.lower
    if any(not words[k][:1].isupper() for k in range(got[0], got[1])):
        return got
    stops, forms = lexicon.words("source_stops.txt"), lexicon.verb_forms()
    k = got[1]
    while k < hi and k - got[1] < 3 and words[k][:1].islower() and words[k].replace("-", "").isalpha() \
            and low[k] not in stops and low[k] not in forms and low[k] not in _PREPOSITIONS \
            and low[k] not in spans.PREPOSITIONS and low[k] not in spans.TIME_ENDS:
        k += 1
    if k == got[1] or k >= hi or not words[k][:1].isupper():
        return got
    end = k
    while end < hi and words[end][:1].isupper():
        end += 1
    if end < hi and words[end] not in (",", ".", ";", "(") and words[end] not in QUOTES:
        return got
    return (got[0], end)


# Nouns of a person's relation to another ("his opponent", "her father") that may stand
# before a name as its role.
_RELATION_NOUNS = frozenset("""opponent opponents rival rivals wife husband father mother son daughter brother
sister friend friends manager adviser advisor ally allies partner colleague predecessor successor boss deputy
chief""".split())


def _role_before_name(tokens, cue, got, lo: int):
    """The phrase ``got`` (a capitalised name left of its cue) run back over a role set off
    before it by a comma ("His Democratic opponent, | Rep. Ana Ruiz, would support"): the role
    phrase opens the sentence (or follows "and"/"but") and is headed by a word for a person's
    role or relation; the name is closed by a comma or runs up to the verb group."""
    words, low = tokens.words, tokens.lower
    s = got[0]
    if s - 2 < lo or words[s - 1] != "," or not words[s][:1].isupper():
        return got
    head = s - 2
    if not (words[head][:1].islower() or head == lo) or not (
            low[head] in _RELATION_NOUNS or low[head] in lexicon.words("titles.txt")
            or lexicon.table("source_heads.tsv").get(low[head]) in ("anonymous", "vague")):
        return got
    start = spans.np_left(tokens, head, lo)
    if start > head or (start > lo and low[start - 1] not in ("and", "but")) \
            or any(not words[j][:1].isalnum() and words[j] not in ("’s", "'s", "-") for j in range(start, head)):
        return got  # (the role phrase opens the sentence: "Horrified at the prospect, Ana Ruiz" does not)
    if any(low[j] in _PREPOSITIONS and low[j] != "of" or (low[j].endswith("ed") and len(low[j]) > 4)
           for j in range(start, head)):
        return got  # ("Angered at the prospect of ... president, Ana Ruiz": an opening clause)
    if start == head and low[head].endswith("s"):
        return got  # ("Fishers, Ana Ruiz said": a bare plural is an address or a list)
    verb_at = spans.skip_left(tokens, cue.lo - 1, lo) + 1
    if not (got[1] == verb_at or (got[1] < len(words) and words[got[1]] == ",")):
        return got
    return (start,) + tuple(got[1:])


# Words that bound a number or a quantity before it ("at least", "as many as", "more than"),
# read backwards from the number.
_BOUNDS = (("least", "at"), ("most", "at"), ("as", "many", "as"), ("as", "few", "as"), ("as", "much", "as"),
           ("than", "more"), ("than", "fewer"), ("than", "less"), ("to", "up"), ("nearly",), ("almost",),
           ("roughly",), ("only",), ("about",))


def _with_bound(tokens, got, lo: int):
    """The phrase ``got`` run back over a bound before its number or quantifier ("at least |
    300 fishers", "as many as | 40 percent", "Not | everyone") when the bound opens its clause,
    no verb's object ("Polls show as many as ..." is left to the reported clause); else ``got``."""
    low, words = tokens.lower, tokens.words
    start = got[0]
    first = low[start]
    k = None
    if first in ("everyone", "everybody", "all") and start - 1 >= lo and low[start - 1] == "not":
        k = start - 1
    elif words[start][:1].isdigit() or first in spans.PART_WORDS or first in ("a", "an", "half"):
        for bound in _BOUNDS:
            if bound[0] == "than" and first in spans.PART_WORDS:
                continue  # ("expected more than most fishers did": a comparison)
            if start - len(bound) >= lo and tuple(low[start - len(bound):start]) == tuple(reversed(bound)):
                k = start - len(bound)
                break
    if k is None or (k - 1 >= lo and (_verbish(tokens, k - 1) or _lexical_verb(tokens, k - 1, past_forms=True))):
        return got
    return (k,) + tuple(got[1:])


def _whole_number(tokens, cue, got, lo: int):
    """The phrase ``got`` left of its cue with a number it cuts made whole: the groups of
    thousands before a comma written without spaces ("34,000 people"), a percent sign after
    the number and an "of" phrase running up to the verb ("85% of the fishers said")."""
    words, starts, ends = tokens.words, tokens.starts, tokens.ends
    a, b = got[0], got[1]
    while a - 2 >= lo and words[a - 1] == "," and words[a].isdigit() and len(words[a]) == 3 \
            and words[a - 2].isdigit() and ends[a - 2] == starts[a - 1] and ends[a - 1] == starts[a]:
        a -= 2
    if b < cue.lo and words[b] == "%" and words[b - 1][-1:].isdigit() and ends[b - 1] == starts[b]:
        b += 1
        verb_at = spans.skip_left(tokens, cue.lo - 1, lo) + 1
        if b < verb_at and tokens.lower[b] == "of" and verb_at - b <= 6 \
                and all(words[k][:1].isalnum() for k in range(b + 1, verb_at)):
            b = verb_at  # ("85% of the fishers said")
    if (a, b) == tuple(got[:2]):
        return got
    return (a, b) + tuple(got[2:])


_WHOLES = frozenset(("those", "them", "these", "us"))
# Words that name a part or a share of a group before "of".
_PART_HEADS = spans.PART_WORDS | frozenset("percent per cent majority minority share third quarter none any".split())


def _part_of_those(tokens, got, lo: int):
    """The phrase ``got`` run back over the part that a group it opens with ("those", "them")
    is the whole of: "Some of those surveyed", "Thirty percent of them", "even some of those
    hardliners" (the part and what comes before it in its phrase)."""
    low = tokens.lower
    k = got[0]
    if low[k] not in _WHOLES or k - 2 < lo or low[k - 1] != "of" or not tokens.words[k - 2][:1].isalnum():
        return got
    part = k - 2
    if low[part] not in _PART_HEADS and not low[part].isdigit() and not low[part].endswith("%"):
        return got
    start = spans.np_left(tokens, part, lo)
    while start < part and low[start] in spans.PHRASE_OPENING_ADVERBS:
        start += 1  # ("but even some of those": "even" is no part of who)
    return (start,) + tuple(got[1:])


# "-ing" words that modify a noun at the start of a subject ("leading fishers", "the acting
# harbour master").
_ING_MODIFIERS = spans.ROLE_MODIFIERS | frozenset("""leading sitting ruling governing founding remaining existing
growing rising upcoming ongoing working voting visiting""".split())


# Nouns that a clause with no relative pronoun follows and that name no speaker ("the reason
# the fishers say", "the place the council wants").
_CLAUSE_NOUNS = frozenset(("reason", "reasons", "place", "way"))


def _after_reason(tokens, got):
    """The phrase ``got`` cut to the subject of the clause after its head noun "reason",
    "place" or "way" when no "why", "that" or preposition opens the clause ("the reason |
    the fishers"); else ``got``."""
    words, low = tokens.words, tokens.lower
    for k in range(got[0], min(got[0] + 3, got[1] - 1)):
        if low[k] in _CLAUSE_NOUNS and words[k][:1].islower():
            nxt = low[k + 1]
            if words[k + 1][:1].isalnum() and nxt not in ("why", "that", "which", "to", "is", "was", "of") \
                    and nxt not in _PREPOSITIONS and nxt not in spans.PREPOSITIONS:
                return (k + 1, got[1])
            return got
    return got


def _with_second_conjunct(tokens, cue, got, lo: int, hi: int):
    """The phrase ``got`` run on over "and" and a second noun phrase when that phrase ends
    where the first would have: before a verb or the cue's verb group left of the cue ("Ana
    Ruiz and her aides have vowed"), at punctuation, a relative or the sentence's end right of
    it ("by the fishers and the dockers."); see ``spans.coordinated_end``."""
    left = got[1] <= cue.lo
    end = spans.coordinated_end(tokens, got[1], cue.lo if left else hi)
    if end is None:
        return got
    if left:
        verb_at = spans.skip_left(tokens, cue.lo - 1, lo) + 1
        ok = end == verb_at or (end < cue.lo and _verbish(tokens, end))
    else:
        ok = spans.phrase_closes(tokens, end, hi)
    return (got[0], end) + tuple(got[2:]) if ok else got


# Words after which a clause's subject may start.
_CLAUSE_STARTS = frozenset(list(",;:—–") + """that but and when while as because if though although so however
whether since""".split())


def _with_first_conjunct(tokens, cue, got, lo: int):
    """The phrase ``got`` left of its cue run back over "and" and the noun phrase before it
    when that phrase opens its clause (at the sentence's start, after a comma or a
    conjunction: "..., the fishers and the dockers say"), where the ranker took the second
    of two coordinated subjects."""
    words, low = tokens.words, tokens.lower
    k = got[0] - 1
    if k - 1 < lo or low[k] != "and" or not words[k - 1][:1].isalnum():
        return got
    start = spans.np_left(tokens, k - 1, lo)
    if start >= k or k - start > 6 or any(_verbish(tokens, j) or _lexical_verb(tokens, j, past_forms=True)
                                          for j in range(start, k)):
        return got  # ("as the debate progressed and Ana Ruiz ...": a clause of its own)
    if start > lo and low[start - 1] not in _CLAUSE_STARTS:
        return got
    return (start,) + tuple(got[1:])


def _verbish(tokens, k: int) -> bool:
    """Whether lower-case token ``k`` is a verb form or an auxiliary."""
    w = tokens.lower[k]
    return tokens.words[k][:1].islower() and (w in lexicon.verb_forms() or w in lexicon.words("common_verbs.txt")
                                               or w in lexicon.words("aux.txt") or w in _COPULAS)


def _after_clause_joint(tokens, got):
    """The phrase ``got`` cut to what follows its one comma when "and" or "but" comes right
    after it ("as unfair, and | a third"), a comma and a conjunction that join clauses; not
    in a list of three or more, which has other commas ("Ana Ruiz, Tom Berg, and Eva Lind")."""
    words, low = tokens.words, tokens.lower
    commas = [k for k in range(got[0], got[1]) if words[k] == ","]
    if len(commas) != 1:
        return got
    k = commas[0]
    if k + 2 < got[1] and low[k + 1] in ("and", "but") and k > got[0]:
        return (k + 2, got[1])
    return got


def _controlled_object(tokens, cue, got):
    """The phrase ``got`` right before an infinitive or "-ing" cue cut to the object of a verb
    inside it ("That prompted | the council to warn", "included | Ana Ruiz vowing"): the
    object is the subject of the cue's verb. The verb is a lower-case lexical verb or "-ed"
    word followed by a determiner, possessive or capitalised word; else ``got``."""
    words, low = tokens.words, tokens.lower
    shown = getattr(cue, "shown_lo", cue.lo)
    if not (low[shown] == "to" or (low[cue.lo].endswith("ing") and words[cue.lo][:1].islower())):
        return got
    for k in range(got[0], got[1] - 1):
        nxt = k + 1
        if words[k][:1].islower() and _lexical_verb(tokens, k, past_forms=True) \
                and (low[nxt] in spans.DETERMINERS or words[nxt][:1].isupper() or spans.possessive(low[nxt])):
            return (nxt, got[1])
    return got


def _predicate_phrase(tokens, cue, got, lo: int) -> bool:
    """Whether the phrase ``got`` left of its cue opens with a lower-case "-ing" verb form and
    is no subject of the cue's verb: words of a clause lie between it and the verb group
    ("trashing the mayor as unfit and accusing him", "carrying signs saying"), where
    "fundraising documents show" runs up to it. Not with a relative in the phrase, which may
    be the cue's subject ("uniting fishers who decried")."""
    words, low = tokens.words, tokens.lower
    w = words[got[0]]
    if not (w.isalpha() and w.islower() and _ing_verb(w)) or w in _ING_MODIFIERS:
        return False
    after = words[got[1]] if got[1] < cue.lo else ""
    if after.islower() and after.endswith(("ing", "ed")):
        return False  # ("an ad featuring fishers telling their stories": they tell them)
    if any(low[k] in spans.RELATIVES for k in range(got[0], min(got[1] + 1, cue.lo))):
        return False
    verb_at = spans.skip_left(tokens, cue.lo - 1, lo) + 1
    return any(words[k][:1].isalnum() for k in range(got[1], verb_at))


def _press_title(tokens, k: int) -> bool:
    """Whether token ``k`` is a lower-case "press" before a title or a body's or a document's
    head ("press secretary", "press officer", "press release"): a noun, not the verb."""
    if tokens.words[k] != "press" or k + 1 >= len(tokens.words):
        return False
    head = tokens.lower[k + 1]
    return head in lexicon.table("source_heads.tsv") or head in lexicon.words("titles.txt")


def _over_press(tokens, got, lo: int, hi: int):
    """The phrase ``got`` run on over a "press" before its title that stopped it: left
    ("White House | press secretary Ana Ruiz") or right ("said White House | press
    secretary Ana Ruiz")."""
    if got[0] - 1 >= lo and _press_title(tokens, got[0] - 1):
        return (spans.np_left(tokens, got[0] - 1, lo),) + tuple(got[1:])
    if got[1] + 1 < hi and got[1] - 1 >= got[0] and _press_title(tokens, got[1]):
        end = spans.np_right(tokens, got[1] + 1, hi)
        if end > got[1] + 1:
            return (got[0], end) + tuple(got[2:])
    return got


def _verb_inside(tokens, got):
    """Where a source phrase left of its cue runs on over its clause's verb, a lower-case "-ed"
    word after a noun, followed by its object ("the harbour chief tripped up the mayor", "Both
    unions stiffened their demands"), or a negated auxiliary ("the port authority doesn't"):
    the token the phrase ends before; else None.  Not past a comma or a relative pronoun."""
    low, words = tokens.lower, tokens.words
    inner = " ".join(low[got[0] + 1:got[1]]) + " "
    if ("ed " not in inner and "n't " not in inner and "n’t " not in inner
            and not any(low[k] in _PERSONAL_OBJECTS for k in range(got[0] + 2, got[1]))) \
            or any(not words[k][:1].isalnum() or low[k] in spans.RELATIVES for k in range(got[0] + 1, got[1])) \
            or low[got[1] - 1].endswith(("’s", "'s")):
        return None  # (a possessive last: the holder of a noun cue, "joined Ana Ruiz's call for")
    for k in range(got[0] + 1, got[1]):
        w, l = words[k], low[k]
        if not w[:1].islower():
            continue
        prev = low[k - 1]
        if not words[k - 1][:1].isalpha() or prev in spans.DETERMINERS or prev in _COPULAS \
                or prev in lexicon.words("aux.txt") or prev.endswith("ly") or prev in _PREPOSITIONS:
            continue
        if l in _NEGATED_AUXILIARIES:
            return k
        if k + 1 < got[1] and low[k + 1] in _PERSONAL_OBJECTS and w.isalpha() and l not in _NOT_VERBS_BEFORE_OBJECT \
                and not l.endswith("ly"):
            return k  # "the harbour chief shook his head": an irregular verb, whose own the phrase after is
        if l.endswith("ed") and len(l) > 4 and k + 1 < got[1]:
            nxt, nw = low[k + 1], words[k + 1]
            if l in _NAMING or nxt in spans.TIME_PHRASE_OPENERS or nxt in spans.MONTHS:
                continue  # "a poll released Friday", "a fisher named Ana Ruiz"
            if nxt in spans.DETERMINERS or nxt in spans.OBJECT_PRONOUNS or nxt in _PARTICLES \
                    or nxt in ("himself", "herself", "themselves", "itself") or (nw[:1].isupper() and nxt not in ("i",)):
                return k
    return None


# Personal pronouns that open a verb's object, not a noun phrase's word ("shook his head").
_PERSONAL_OBJECTS = spans.POSSESSIVE_DETERMINERS | {"her", "him", "them", "me", "us"}
# Lower-case words other than verbs that may come before one of them inside a phrase.
_NOT_VERBS_BEFORE_OBJECT = _PREPOSITIONS | spans.COORDINATORS | frozenset(
    """but than as of to like with without about for all both each whom whose who which that""".split())


_ASIDE_MARKS = frozenset(("—", "–", "-", "--", ","))


def _inside_aside(tokens, main, got, cue_lo, lo) -> bool:
    """Whether token range ``got`` lies in an aside set off by dashes or commas between the
    subject phrase ``main`` and the verb at ``cue_lo`` (its auxiliaries and adverbs skipped)."""
    words, low = tokens.words, tokens.lower
    close = spans.skip_left(tokens, cue_lo - 1, lo)
    while close > got[1] and (low[close] == "to" or low[close] in lexicon.words("aux.txt")):
        close = spans.skip_left(tokens, close - 1, lo)  # ("— has to show")
    if close < got[1] or words[close] not in _ASIDE_MARKS or words[main[1]] not in _ASIDE_MARKS:
        return False
    return words[main[1]] == words[close] and not any(words[k] in _ASIDE_MARKS for k in range(main[1] + 1, got[0]))


def _described_subject(tokens, cue, main, lo) -> bool:
    """Whether a verb cue right after a comma closes a description set off after the sentence's
    subject ("Ana Ruiz, the harbour chief, told ..."; "Tom Berg, a fisher who ..., said the
    quay ..."): the subject phrase ends at a comma that opens a description."""
    words, low = tokens.words, tokens.lower
    end, before = main[1], cue.lo - 1
    if end + 2 >= before or words[end] != "," or cue.kind != "verb" or cue.lo - end > spans.MAX_APPOSITIVE \
            or low[cue.lo].endswith("ing") or low[cue.lo] in _STIRRING:
        return False
    if words[before] in QUOTES:
        # ('Tom Berg, the host of "Harbour Talk," said'), not a quotation closed before the
        # verb ('"...," writes Tom Berg'): a title is a few words.
        if not any(words[k] in QUOTES for k in range(max(end + 1, before - 6), before - 1)):
            return False
        before -= 1
    if words[before] != "," or spans.may_open_sentence(low[main[0]]) \
            or (main[1] - main[0] == 1 and low[main[0]].endswith("ly")):
        return False  # ("Unfortunately, ..., explained")
    return spans.opens_description(tokens, end + 1, cue.lo)


def source_window(an: Analysis, cue_lo: int, cue_hi: int):
    """Tokens that may head the source of a cue, and the rule's own guess."""
    sent_los = an.sent_los
    k = max(0, bisect_right(sent_los, cue_lo) - 1)
    lo, hi = an.sent_tokens[k] if an.sent_tokens else (0, len(an.tokens.words))
    words, low = an.tokens.words, an.tokens.lower
    skip = _NOT_HEADS()
    window = [j for j in range(max(lo, cue_lo - SOURCE_LEFT), cue_lo)
              if words[j][:1].isalnum() and low[j] not in skip]
    window += [j for j in range(cue_hi, min(hi, cue_hi + SOURCE_RIGHT))
               if words[j][:1].isalnum() and low[j] not in skip]
    rule = an.left_source(cue_lo, lo)
    if rule is None:
        prev = words[cue_lo - 1] if cue_lo > lo else ""
        if prev in QUOTES or prev == "," or cue_lo == lo or an.tokens.lower[cue_lo] == "according":
            rule = spans.right_source(an.tokens, cue_hi + (1 if an.tokens.lower[cue_lo] == "according" else 0), hi)
    main = an.main_subject(lo, cue_lo)
    if main and window and main[1] - 1 < window[0] and words[main[1] - 1][:1].isalnum():
        # The sentence's subject, however far back: ", acknowledging ..." / ", saying ..."
        # after a long clause are most often its words.
        window.insert(0, main[1] - 1)
    return window, (rule[:2] if rule else None), (main[:2] if main else None), lo, hi


def shared_floats(weights: dict) -> dict:
    """The same weights, equal values sharing one float object (~200 distinct values).

    Scoring looks up ~8M features per pass over PolNeAR train, and much of that time is
    cache misses; the JSON decoder makes one float per weight, spread between the keys.
    Shared, they stay in cache: ~8% fewer simulated last-level misses of the extractor."""
    floats: dict = {}
    return {feature: floats.setdefault(weight, weight) for feature, weight in weights.items()}


class Model:
    def __init__(self, data: dict):
        self.rates = data["rates"]
        self.cue = shared_floats(data["cue"])
        self.source = shared_floats(data["source"])
        self.threshold = data.get("threshold", 0.0)
        # Score units per unit of the extractor's margin rules (prune.HOP_MARGIN,
        # extractor.HEADLINE_MARGIN ...), which were set on a plain perceptron's scale: a
        # margin-trained model spreads its scores wider (see learn.CUE_MARGIN), so its
        # margins are divided by this before the rules compare them. Older files: 1.
        self.margin_unit = data.get("margin_unit", 1.0)
        self.forms = candidate_forms(self.rates)
        # Weight of each candidate word's own features (learn.word_features), filled as
        # words come: at most one entry per form in self.forms.
        self._word_weights: dict = {}

    def _score(self, weights, feats):
        # map() over dict.get keeps the per-feature loop in C; filter() drops the features
        # the model does not know (None) before sum(), which adds the rest in the same order.
        return sum(filter(None, map(weights.get, feats)), 0.0)

    def word_weight(self, w: str) -> float:
        got = self._word_weights.get(w)
        if got is None:
            got = self._word_weights[w] = self._score(self.cue, word_features(w, self.rates))
        return got

    def cue_score(self, an: Analysis, i: int, lo: int, hi: int) -> float:
        """The cue score of candidate token ``i`` in sentence lo..hi: the weights of
        learn.cue_features, added in another order (no score lies within rounding of the
        threshold or NO_SOURCE_MARGIN: weights are multiples of 0.1, the threshold is not)."""
        return self.word_weight(an.tokens.lower[i]) + self._score(self.cue, placed_features(an, i, self.rates, lo, hi))

    def cue_candidates(self, an: Analysis, skip=frozenset(), near=None):
        """(token, kind, width) of every candidate scoring above the threshold; tokens in
        ``skip`` (decided by rules whatever the score) are not scored at all.  ``near``
        (``near(an, i)`` -> bool or margin units): a construction accepted down to NEAR_MARGIN
        (True) or that many units below the threshold, or only that many above it when
        negative (extractor.near_bar: "Ana Ruiz grumbled")."""
        low = an.tokens.lower
        out = []
        margins = an.cue_margins = {}
        for i, lo, hi in candidates(an, self.forms):
            if i in skip:
                continue
            margin = self.cue_score(an, i, lo, hi) - self.threshold
            if clears_bar(margin, self.margin_unit, near, an, i):
                margins[i] = margin / self.margin_unit
                width = 2 if low[i] == "according" and i + 1 < hi and low[i + 1] == "to" else 1
                out.append((i, cue_kind(an, i), width))
        return out

    def score_candidate(self, an: Analysis, i: int) -> float:
        """The cue score of candidate token ``i`` (its sentence looked up)."""
        k = max(0, bisect_right(an.sent_los, i) - 1)
        lo, hi = an.sent_tokens[k]
        return self.cue_score(an, i, lo, hi)

    def pick_source(self, an: Analysis, cue, lo: int, hi: int, rule_left):
        """Token-ranked source head, grown into a phrase; None for no source (with
        ``cue.src_dropped`` set when the ranker's phrase was cut off wrongly: someone holds
        the view, the cue's words just do not say who)."""
        got = self._pick_source(an, cue, lo, hi, rule_left)
        if got and _expletive_phrase(an.tokens, got):
            # "There's reason to believe ...", "It's easy to criticize ...": the phrase opens with
            # a dummy subject and names no one who holds the view.
            return None
        if got and _extraposed_it(an.tokens, cue, got):
            # "It is important to note that ...": "it" stands in for the infinitive; who notes
            # goes unnamed, yet someone does (so the cue is not doubted for lack of a source).
            cue.src_dropped = True
            return None
        if got and an.tokens.words[got[0]] in _NO_SOURCE_OPENERS and not (
                got[0] + 1 < len(an.tokens.words) and an.tokens.lower[got[0] + 1] in ("least", "most")):
            # "made a formal endorsement of the plan", "also wrote to the council": a phrase
            # that opens with its preposition is the cue's object or addressee, not who speaks.
            cue.src_dropped = True
            return None
        if got and got[1] <= cue.lo and _predicate_phrase(an.tokens, cue, got, lo):
            # "..., trashing the mayor as unfit and accusing him of ...": a phrase that opens
            # with a verb's "-ing" form is a predicate; its subject, which the rules before did
            # not find, speaks.
            cue.src_dropped = True
            return None
        if got and _lone_connective(an.tokens, got, lo, hi):
            # "Yet determining how much it costs ...", "Whenever asked about it, ...": a word
            # linking clauses names no one.
            return None
        if got and _facing_subject(an.tokens, cue, got, lo):
            # "Ana Ruiz faced sharp criticism over the quay": she is its target; who criticises
            # goes unnamed.
            return None
        if got and _own_quantifier(an.tokens, cue, got, lo):
            # "There is some evidence that ...": the ranker took the noun cue's own quantifier.
            cue.src_dropped = True
            return None
        if got and got[1] <= cue.lo:
            cut = _past_subject(an.tokens, cue, got)
            if cut:
                # "Ana Ruiz only explained ...", "I am glad ...", "She's a union member but
                # concedes ...": the phrase ran on past its subject into the predicate.
                got = (got[0], cut) + tuple(got[2:])
        if got:
            # "White House press secretary Ana Ruiz said": "press" is the office's word, not a
            # verb the phrase stops at.
            got = _over_press(an.tokens, got, lo, hi)
        if got and got[1] < cue.lo and an.tokens.words[got[1]] in ("here", "there") \
                and got[1] + 1 == spans.skip_left(an.tokens, cue.lo - 1, lo) + 1 and got[1] > got[0]:
            # "Fishers here say ...": the place word after the subject is part of who speaks.
            got = (got[0], got[1] + 1) + tuple(got[2:])
        if got:
            # "Ana Ruiz and her aides have vowed ...", "was criticised by the fishers and the
            # dockers": the phrase stopped at the first of two coordinated heads.
            got = _with_second_conjunct(an.tokens, cue, got, lo, hi)
        if got and got[1] <= cue.lo:
            # "..., the fishers and the dockers say": the ranker took the second subject.
            got = _with_first_conjunct(an.tokens, cue, got, lo)
        if got and got[1] <= cue.lo:
            # "That is the reason the fishers say ...": the clause after "reason" has its own
            # subject, who speaks.
            got = _after_reason(an.tokens, got)
        if got and got[1] <= cue.lo:
            # "Most fishers see the ban as unfair, and a third say ...": the phrase ran back
            # over the comma and "and" that join two clauses.
            got = _after_clause_joint(an.tokens, got)
        if got and got[1] == cue.lo and got[1] - got[0] > 1:
            # "The storm prompted the council to warn ...", "a speech that included Ana Ruiz
            # vowing to ...": the object of the verb before an infinitive or "-ing" cue speaks.
            got = _controlled_object(an.tokens, cue, got)
        if got and got[1] == cue.lo and got[1] - got[0] > 1 and an.tokens.lower[got[1] - 1] in _POSSESSIVE_DETERMINERS \
                and an.tokens.words[got[0]][:1].islower() and an.tokens.lower[got[0]] not in spans.SUBJECT_PRONOUNS:
            # "rallied young people with his calls to ...": the possessive before the noun cue
            # holds the view; the words before it are the clause's predicate.
            got = (got[1] - 1, got[1])
        if got and got[1] <= cue.lo:
            # "His Democratic opponent, Rep. Ana Ruiz, would support ...": the role set before
            # the name is part of the source, as after it.
            got = _role_before_name(an.tokens, cue, got, lo)
        if got and got[1] <= cue.lo:
            # "at least 300 fishers say", "as many as 40 percent of them said": the bound is part
            # of the number that speaks.
            got = _with_bound(an.tokens, got, lo)
        if got and got[1] <= cue.lo:
            # "34,000 people supported", "42% say": the whole number, with its sign.
            got = _whole_number(an.tokens, cue, got, lo)
        if got and got[0] >= cue.hi:
            # "said Velmora pollster Ana Ruiz": the name before the role is its modifier; the
            # person named after the role speaks.
            got = _role_after_name(an.tokens, got, hi)
        if got:
            # "Some of those surveyed say": the part speaks, with its whole.
            got = _part_of_those(an.tokens, got, lo)
        if got and _ends_in_determiner(an.tokens, cue, got):
            # "The most telling promise Ana Ruiz made": the ranker stopped at the cue's own
            # article. Someone holds the view, so the cue is not doubted for lack of a source.
            cue.src_dropped = True
            return None
        return got

    def _pick_source(self, an: Analysis, cue, lo: int, hi: int, rule_left):
        low = an.tokens.lower
        if low[cue.lo] in _RECEIVED_NOUNS and cue.lo > lo and low[cue.lo - 1] == "the":
            # "won the endorsement of the fishers' union": who gives it holds the view.
            of = next((k for k in (cue.lo + 1, cue.hi, getattr(cue, "shown_hi", cue.hi)) if k < hi and low[k] == "of"), None)
            after = spans.right_source(an.tokens, of + 1, hi) if of is not None else None
            if after and after[0] == of + 1:
                return after
        held = _holders_after(an.tokens, cue, hi)
        if held:
            # "The mayor has strong support among the fishers": the fishers hold the view, not
            # the mayor who has it (nor "from the fishers" with its preposition).
            return held
        window, rule_src, main, _, _ = source_window(an, cue.lo, cue.hi)
        got = self._ranked_source(an, cue, lo, hi, rule_left, window, rule_src, main)
        if got is None or got[0] < cue.lo:
            # "Noting that ..., Ana Lopes said": an opening participle clause is its subject's.
            # The same for a cue inside such a clause when the ranker took its participle
            # ("Having announced that ..., Ana Lopes").
            opening = spans.opening_clause_subject(an.tokens, cue.lo, lo, hi, within=got[0] if got else None)
            if opening:
                return opening
        if got and main and got[1] - got[0] == 1 and main[1] <= got[0] and got[1] < cue.lo \
                and an.tokens.lower[got[0]] in spans.SUBJECT_PRONOUNS and _inside_aside(an.tokens, main, got, cue.lo, lo):
            # "Ana Ruiz -- as she often does -- said": the pronoun's clause is an aside; the verb
            # is the subject's.
            return main
        if got and main and got[0] >= cue.hi and _described_subject(an.tokens, cue, main, lo):
            # "Ana Ruiz, the harbour chief, told the fishers": the phrase after the verb is its
            # object; the subject is the name the description sets off.
            return main
        if got and main and got[:2] == main[:2] and got[1] <= cue.lo and spans.may_open_sentence(an.tokens.lower[got[0]]):
            # The ranker took the sentence's first phrase, which opens it before a comma ("There,
            # the chief said", "Asked about it on Monday, when ..., Ana Ruiz said"): the
            # subject is past the opening phrases.
            past = spans.subject_past_openers(an.tokens, lo, cue.lo)
            if past and past[0] > main[0]:
                return past
        if got and main and main[1] == got[0] - 1 and _closed_relative(an.tokens, got, cue.lo, lo):
            # "Ana Ruiz, who runs the port, is no fan of the plan but praised ...": the relative
            # clause closed at its comma; the coordinated verb is the antecedent's.
            return main
        if got and main and main[1] <= got[0] and got[1] <= cue.lo and _coordinated_object(an.tokens, got, cue.lo, lo):
            # "Ana Ruiz met the fishers on Monday and said ...": the phrase the ranker took is
            # the object of the first verb; the coordinated verbs share the clause's subject.
            past = spans.subject_past_openers(an.tokens, lo, cue.lo) if spans.may_open_sentence(an.tokens.lower[main[0]]) else None
            return past if past and past[0] > main[0] else main
        if got is None and rule_left and cue.kind == "verb" and _seeming_report(an.tokens, cue, rule_left, lo, hi):
            # "Tom Berg seemed to mock the plan": the ranker, trained on "seem" mostly without a
            # reporting verb after it ("The port seems calm"), finds none; Tom Berg mocks it.
            return rule_left[:2]
        if cue.kind == "verb" and (got is None or got[1] <= cue.lo):
            # "Ana Ruiz, in a letter to Tom Berg, accused him of ...": the ranker took a phrase
            # of the aside, or none; the verb is the subject's before it.
            subject = _subject_before_aside(an.tokens, cue, got, lo)
            if subject:
                return subject
        if got and cue.kind == "verb" and (got[1] <= cue.lo or (
                got[0] > cue.hi and (an.tokens.words[cue.hi] in QUOTES or an.tokens.words[cue.hi] in (",", ":")))):
            # "The mayor left after a fisher in Porto, a union man, told him ...": the verb is the
            # subordinate clause's, not the main clause's subject's; nor is a phrase after a verb
            # with no object its source ("As Ana Ruiz, the harbour chief, noted, everyone ...").
            clause = _subordinate_clause_subject(an.tokens, cue, got[1] if got[1] <= cue.lo else lo, lo)
            if clause:
                return clause
        if rule_left and cue.kind == "verb":
            # "Most in both harbours supported the plan": the rule's subject is the object of
            # the preposition after the phrase's head, which the ranker cannot take ("most")
            # and so took none or the verb's object ("the plan").
            head = _head_before_preposition(an.tokens, cue, rule_left, lo)
            if head and (got is None or got[0] >= cue.hi or got[1] <= head[0] or (got[0] == head[0] and got[1] < head[1])):
                return head
        if got and rule_left and cue.kind == "verb" and got[0] >= cue.hi:
            # "Most fishers support a ban on trawling": the ranker took the verb's object; the
            # subject right before the verb speaks (inverted verbs were decided before).
            subject = _subject_before_verb(an.tokens, cue, rule_left, lo, hi)
            if subject:
                return subject
        if got and main and got[1] <= cue.lo and _embedded_pronoun(an.tokens, cue, got, main, lo):
            # "Ana Ruiz toured the quay as they watched, pointing to the cracks": the pronoun is
            # the subject of a clause inside the first predicate; the participle is the
            # sentence subject's.
            past = spans.subject_past_openers(an.tokens, lo, cue.lo) if spans.may_open_sentence(an.tokens.lower[main[0]]) else None
            return past if past and past[0] > main[0] else main
        if got and cue.kind == "verb" and got[1] <= cue.lo:
            # "Tom Berg said the council was slow and had not explained the costs": the verb after
            # "and" goes on with the reported clause, whose subject is the council.
            subject = _reported_clause_conjunct(an.tokens, cue, got, lo)
            if subject:
                return subject
        if got is None or (got[1] <= cue.lo and got[0] - 1 > lo):
            # "the port director tripped up the mayor ..., calling": a participle after a comma
            # speaks for its clause's subject, not for the object of the clause's verb.
            subject = _participle_clause_subject(an, cue, got, lo)
            if subject:
                return subject
        if got is None and cue.kind == "verb":
            # "you can see for yourself that ...": a personal pronoun right before the verb is
            # its subject, whatever the ranker thought of a generic "you".
            pronoun = _pronoun_before_verb(an.tokens, cue, lo)
            if pronoun:
                return pronoun
        if got and got[0] < cue.lo:
            holder = _noun_object_holder(an, cue, got, lo)
            if holder:
                return holder
        if got and got[1] <= cue.lo and spans.possessive_after_verb(an.tokens, got[1] - 1, lo):
            # "has since sharpened his criticism of": whose is the clause subject's, no phrase
            # running left over the verb ("sharpened his").
            return main if main and main[1] < got[1] else (got[1] - 1, got[1])
        if got and cue.kind == "verb" and (got[1] <= cue.lo or (main and main[1] <= cue.lo and got[0] >= cue.hi)):
            # "Several fishers I have spoken with said": "I" is the subject of the clause that
            # describes the fishers; the fishers speak. With "I've", the ranker may take the
            # reported clause's subject after the verb instead.
            phrase = _phrase_of_contact_pronoun(an.tokens, cue, got if got[1] <= cue.lo else main, lo)
            if phrase:
                return phrase
        if got and got[1] <= cue.lo:
            # "The unions took turns urging ...": the ranker's phrase is the clause's predicate.
            subject = _subject_of_predicate(an, got, lo)
            if subject:
                return subject
        if got and got[1] <= cue.lo and got[1] - got[0] > 1:
            # "the kind of plan many fishers fear": the ranker's phrase runs back over the noun
            # the clause describes; its subject speaks.
            k = _contact_clause_subject(an.tokens, got)
            if k is not None:
                return (k, got[1])
            if cue.kind == "verb":
                # "It is a plan Ana Ruiz said would fail": a name heads the clause's subject.
                k = _contact_clause_name(an.tokens, got, lo)
                if k is not None:
                    return (k, got[1])
        if got and got[1] <= cue.lo and got[1] - got[0] > 2 and an.tokens.lower[getattr(cue, "shown_lo", cue.lo)] != "to":
            # "the harbour chief tripped up the mayor ..., calling": the phrase stops before the
            # verb the lexicons miss (not for "to" cues: "The storm prompted the council to
            # warn", the object is the source).
            cut = _verb_inside(an.tokens, got)
            if cut:
                return (got[0], cut) + tuple(got[2:])
        return got

    def _ranked_source(self, an: Analysis, cue, lo: int, hi: int, rule_left, window, rule_src, main):
        low = an.tokens.lower

        def excluded(j):
            # Words that cannot head a subject are no option here (the ranker was trained on
            # every word; 5-fold CV on PolNeAR train: source exact matches 12831 -> 12858).
            # After the cue, a word ending a time phrase ("said Sunday", "said on Monday night")
            # is when, never who.
            if j > cue.lo:
                # (nor an adverb of how it was said: '"...," Ana Ruiz said flatly')
                return (low[j] in spans.TIME_ENDS and spans.time_phrase_start(an.tokens, j, cue.lo + 1) is not None) \
                    or _manner_adverb(an.tokens, j)
            return _no_subject(an.tokens, j, lo, cue.lo) or _quoted_before(an, j, cue.lo)

        cue_word = an.tokens.lower[cue.lo]
        if cue_word in ASPECT_FORMS or cue_word in ASPECT_PAIRS.get(low[cue.lo + 1] if cue.lo + 1 < hi else "", ()):
            # "keep saying": the reporting verb after the verb of going on speaks for the group.
            cue_word = next((low[k] for k in range(cue.lo + 1, cue.hi) if low[k].endswith("ing")), cue_word)
        # Features see the cue's head word alone, as in training ("clear" of "clear:",
        # "said" of "said in a statement"); the window still skips the whole cue.
        head_hi = cue.lo + (2 if cue_word == "according" and cue.hi > cue.lo + 1 else 1)
        ctx = cue_context(an, cue.lo, head_hi, lo, hi)
        if rule_left and rule_left[1] - rule_left[0] == 3 and an.tokens.lower[rule_left[0]] in spans.PART_WORDS \
                and an.tokens.lower[rule_left[0] + 1] == "of":
            return rule_left  # "most of whom had announced": the rule's subject, whatever the ranker says
        if rule_left and rule_left[1] - rule_left[0] == 1 and an.tokens.lower[rule_left[0]] in ("who", "which") \
                and rule_left[1] < cue.lo:
            return rule_left  # "who last year said": the pronoun past the time phrase
        if low[cue.lo] in _STIRRING and cue.kind == "verb" and cue.hi < hi and not ctx[1] == "1":
            after = spans.right_source(an.tokens, cue.hi, hi)
            if after and after[0] == cue.hi and low[after[0]] not in _PREPOSITIONS and low[after[0]] not in ("that", "off", "up", "out", "with", "by", "about", "over") \
                    and an.tokens.words[after[0]][:1].isalnum():
                return after  # "The ruling angered the fishers": who is angered holds the view
        if rule_src and rule_left is None and _inverted(an.tokens, cue, lo, hi, rule_src) \
                and not _manner_adverb(an.tokens, rule_src[0]):
            return rule_src  # "The port will close, said Ana Ruiz, its director."
        best, best_score = None, self._score(self.source, none_features(cue_word, rule_src, main, ctx))
        for j in window:
            score = self._score(self.source, source_features(an, cue.lo, head_hi, j, rule_src, lo, hi, cue_word,
                                                             main, ctx))
            # (Excluded words are skipped as they come: most never outscore the best so far,
            # and the test walks a phrase left, dearer than their score. Same pick as
            # filtering the window first.)
            if score > best_score and not excluded(j):
                best, best_score = j, score
        if best is None:
            if rule_left and rule_left[0] < cue.lo and cue.kind == "verb" and an.tokens.lower[cue.lo] in lexicon.verb_forms() \
                    and spans.source_kind(an.tokens, rule_left[0], rule_left[1]) == "person" \
                    and spans.written_as_name(an.tokens, rule_left[0], rule_left[1]):
                # A person subject of a reporting verb the ranker left without a source ("Carson
                # admitted ..., but said his campaign ..."): train CV source F .7459 -> .7465.
                if _no_subject(an.tokens, rule_left[1] - 1, lo, cue.lo) \
                        and not an.tokens.lower[rule_left[1] - 1].endswith(("’s", "'s")):  # ("in Bolton's view")
                    # A preposition's object ("A poll commissioned by the Courier suggests"): the
                    # subject is the phrase around it.
                    if main and main[0] < rule_left[0] and rule_left[1] <= main[1]:
                        return main
                return rule_left
            return _phrase_around_object(an.tokens, cue, rule_left, main, lo)
        if rule_left and best < rule_left[0] and _reported_clause_subject(an.tokens, best, rule_left, cue.lo, lo):
            # "Ana Ruiz said the police chief had confirmed": the reported clause's own subject,
            # right after the outer reporting verb, speaks for its verb, not the outer speaker.
            return rule_left
        if rule_left and best < rule_left[0] and low[best] in spans.RELATIVES and rule_left[1] <= cue.lo \
                and best > lo and an.tokens.words[best - 1] != "," and "," not in an.tokens.words[best:cue.lo]:
            # "Those who attended the meeting said": the relative, with no comma, before the
            # rule's subject heads a clause of its own (or is the object: "the plan which Ruiz said").
            return rule_left
        if rule_left and (rule_left[0] <= best < rule_left[1] or (
                len(rule_left) == 3 and rule_left[2] and rule_left[2][0] <= best < rule_left[2][1])):
            return rule_left  # the head, or a word of its appositive ("Ana Ruiz, who ran ...,")
        if rule_src and rule_src[0] <= best < rule_src[1]:
            return rule_src
        if main and main[0] <= best < main[1] and best < cue.lo:
            # The sentence's subject phrase, as main_subject found it, with prepositional
            # phrases up to the verb ("A Pew poll published on Monday found").
            verb_at = spans.skip_left(an.tokens, cue.lo - 1, lo) + 1
            if main[1] < verb_at and spans.runs_to_verb(an.tokens, main[1], verb_at):
                return main[0], verb_at
            return main
        if best < cue.lo:
            best = spans.name_before_tag(an.tokens, best, lo)  # "(D-Maine)": the name before it
            # The ranked head may be an inner word of its phrase ("Sen" of "Sen. Ann Lee"):
            # the phrase runs on to its end, short of the cue's auxiliaries.
            verb_at = spans.skip_left(an.tokens, cue.lo - 1, lo) + 1
            end = spans.np_right(an.tokens, best, verb_at)
            if best < end < verb_at and spans.runs_to_verb(an.tokens, end, verb_at):
                end = verb_at  # "Some delegates at the convention said" (train CV exact source +10)
            words = an.tokens.words
            if best + 1 < end < len(words) and words[end] == "," and end + 1 == cue.lo and cue_word.endswith("ing") \
                    and words[end - 1][:1].islower() and low[end - 1].endswith("ed") and len(low[end - 1]) > 4 \
                    and low[end - 2] not in spans.DETERMINERS and words[end - 2][:1].isalnum():
                end -= 1  # "dozens of fishers congregated, chanting": a verb the lexicons miss, no noun
            return (spans.np_left(an.tokens, best, lo), max(best + 1, end))
        after = spans.right_source(an.tokens, cue.hi, hi)
        if after and after[0] <= best < after[1]:
            return after  # the whole phrase after the cue ("said Jon Ralston"), not from its head on
        return (best, max(best + 1, spans.np_right(an.tokens, best, hi)))


_SAYING_FORMS = SPEECH_FORMS - {"saying", "telling"}  # finite forms: a clause they report follows


def _reported_clause_conjunct(tokens, cue, got, lo: int):
    """The subject of a clause that "said"/"told" reports between the ranked source ``got`` and
    a verb cue right after "and" ("said the council was slow and had not explained": "the
    council"), when a finite verb follows that subject; else None."""
    low, words = tokens.lower, tokens.words
    j = spans.skip_left(tokens, cue.lo - 1, lo)
    if low[j] != "and" or (j > lo and words[j - 1] == ",") or j + 1 >= cue.lo:
        return None  # (an auxiliary must open the verb group: "and demanded" goes on with "said")
    k = next((k for k in range(got[1], j) if low[k] in _SAYING_FORMS), None)
    if k is None:
        return None
    start = k + 1 + (low[k + 1] == "that")
    if low[k] in ("told", "tells") and start < j:
        start = spans.np_right(tokens, start, j)  # past whom ("told reporters the council was")
    end = spans.np_right(tokens, start, j) if start < j else start
    if end <= start or end >= j or low[start] in spans.SUBJECT_PRONOUNS or not words[start][:1].isalnum() \
            or not (low[end] in _COPULAS or low[end] in lexicon.words("aux.txt") or _lexical_verb(tokens, end, True)):
        return None
    if any(not words[m][:1].isalnum() and words[m] not in ('"', "“", "”") for m in range(start, j)):
        return None
    return start, end


def _manner_adverb(tokens, j: int) -> bool:
    """Whether token ``j`` is a lower-case "-ly" adverb ("flatly", "quietly"), no noun ("ally")."""
    low = tokens.lower[j]
    return low.endswith("ly") and len(low) > 4 and tokens.words[j][:1].islower() \
        and low not in lexicon.words("ly_nouns.txt")


def _reported_clause_subject(tokens, best: int, rule_left, cue_lo: int, lo: int) -> bool:
    """Whether the rule's subject ``rule_left`` of the cue at ``cue_lo`` opens a clause
    reported by a verb between it and ``best`` ("Ana Ruiz said [that] the police chief
    had confirmed"): it runs up to the cue's verb group and follows a lower-case reporting
    verb, or that verb and "that", right after ``best``'s side."""
    words, low = tokens.words, tokens.lower
    if rule_left[1] != spans.skip_left(tokens, cue_lo - 1, lo) + 1:
        return False
    k = rule_left[0] - 1
    if k > best and low[k] == "that":
        k -= 1
    return k > best and words[k][:1].islower() and low[k] in lexicon.verb_forms()


@functools.lru_cache(maxsize=None)
def load_model():
    if not os.path.exists(MODEL_PATH):
        return None
    with open(MODEL_PATH, encoding="utf-8") as handle:
        return Model(json.load(handle))
